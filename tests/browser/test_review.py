"""Keyboard review of the compact timeline in headless Chromium: moving, opening
the sources, approving, selecting and the keys' help, with no mouse."""

import datetime as dt
import re

import pytest

from articles.models import Article
from tests.browser.conftest import log_in
from tests.browser.test_timeline import add_event, open_timeline, row
from tests.conftest import PASSWORD
from timeline.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_idle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def test_an_editor_approves_five_events_with_the_keyboard_only(
    live_server, browser, case, editor, article, event
):
    events = [event] + [
        add_event(case, article, dt.date(2023, 1, d), f"Hearing number {d}")
        for d in range(2, 8)
    ]
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    log_in(page, live_server.url, editor.username, PASSWORD)
    open_timeline(page, live_server.url + case.get_absolute_url())
    # Rows in date order; the first j goes to the first row.
    ordered = sorted(events, key=lambda e: e.date)
    for target in ordered[:5]:
        page.keyboard.press("j")
        assert page.evaluate("document.activeElement.id") == f"event-{target.code}"
        page.keyboard.press("a")
        row(page, target).locator(".status").get_by_text("Approved").wait_for()
        wait_idle(page)
        # Focus came back to the same row after the swap, visibly marked.
        assert page.evaluate("document.activeElement.id") == f"event-{target.code}"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
    approved = set(
        Event.objects.filter(status=Event.Status.APPROVED).values_list("pk", flat=True)
    )
    assert approved == {e.pk for e in ordered[:5]}
    # k goes back; r rejects the current row.
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == f"event-{ordered[4].code}"


def test_it_expands_and_collapses_the_sources_by_key_and_by_click(
    live_server, browser, case, editor, event, screenshots_dir
):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    log_in(page, live_server.url, editor.username, PASSWORD)
    open_timeline(page, live_server.url + case.get_absolute_url())
    panel = row(page, event).locator(".sources-panel")
    toggle = row(page, event).locator(".sources-toggle")
    assert not panel.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    page.keyboard.press("j")
    page.keyboard.press("o")
    panel.locator("blockquote.source").wait_for()
    assert "Why here:" in panel.inner_text()
    assert panel.locator("mark").inner_text() == "Wednesday"
    assert toggle.get_attribute("aria-expanded") == "true"
    row(page, event).screenshot(path=str(screenshots_dir / "timeline-expanded.png"))
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert toggle.get_attribute("aria-expanded") == "false"
    # Enter on the row opens it again; a click on the count closes it.
    page.keyboard.press("Enter")
    panel.wait_for(state="visible")
    toggle.click()
    panel.wait_for(state="hidden")
    box = row(page, event).bounding_box()
    assert box["height"] <= 100


def test_keys_select_edit_close_and_list_the_shortcuts(
    live_server, browser, case, editor, article, event
):
    second = add_event(case, article, dt.date(2023, 1, 19), "Charges announced")
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    log_in(page, live_server.url, editor.username, PASSWORD)
    open_timeline(page, live_server.url + case.get_absolute_url())
    bar = page.locator("#bulk-form")
    page.keyboard.press("j")
    # Every control on the page has a name a screen reader can say (the row's
    # added actions included).
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll(
            'main a, main button, main input:not([type=hidden]), main select')]
            .filter((e) => !(e.getAttribute('aria-label') || e.textContent || '').trim()
                && !(e.labels && e.labels.length) && !e.getAttribute('aria-labelledby'))
            .map((e) => e.outerHTML.slice(0, 120))"""
    )
    assert unnamed == []
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    assert "2 selected" in bar.inner_text()
    assert row(page, second).get_by_role("checkbox").is_checked()
    # e opens the inline edit form; Esc closes it and focus returns to the row.
    page.keyboard.press("e")
    form = row(page, second).get_by_role("form")
    form.get_by_label("Date").wait_for()
    wait_idle(page)
    page.keyboard.press("Escape")
    row(page, second).locator(".summary").wait_for()
    wait_idle(page)
    assert row(page, second).get_by_role("form").count() == 0
    assert page.evaluate("document.activeElement.id") == f"event-{second.code}"
    # ? lists the keys; Esc closes the list.
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    help_dialog.wait_for()
    assert "merge the selected events" in help_dialog.inner_text()
    page.keyboard.press("Escape")
    help_dialog.wait_for(state="hidden")
    # m merges the selection: the merge form for both events.
    page.keyboard.press("m")
    page.wait_for_url("**/events/merge/**")
    assert page.get_by_text("Charges announced").count() >= 1


def test_the_overview_strip_is_one_tab_stop_moved_with_arrow_keys(
    live_server, browser, case, viewer, article
):
    for month in (1, 3, 5):
        add_event(case, article, dt.date(2022, month, 4), f"Hearing in month {month}")
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    log_in(page, live_server.url, viewer.username, PASSWORD)
    open_timeline(page, live_server.url + case.get_absolute_url())
    tabbable = page.locator('svg.strip a[tabindex="0"]')
    assert tabbable.count() == 1
    assert page.locator('svg.strip a[tabindex="-1"]').count() >= 2
    tabbable.focus()
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#m2022-03"
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#m2022-03'")


def test_the_timeline_as_known_on_a_day_and_its_export(
    live_server, browser, case, editor, article, event
):
    """The fixture's article came out on Oct. 20, 2022; one from 2023 adds an
    event that the replay of an earlier day must not show, nor its export."""
    later = Article.objects.create(
        case=case,
        title="Charges filed",
        text="Charges filed\n\nProsecutors filed charges on Thursday.",
        published=dt.date(2023, 1, 20),
        status=Article.Status.DONE,
        content_hash="later".ljust(64, "0"),
    )
    add_event(case, later, dt.date(2023, 1, 19), "Prosecutors filed charges")
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    log_in(page, live_server.url, editor.username, PASSWORD)
    open_timeline(page, live_server.url + case.get_absolute_url())
    assert page.get_by_text("Prosecutors filed charges").count() == 1
    page.get_by_label("As known on").fill("2022-12-31")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**as_of=2022-12-31**")
    note = page.get_by_role("note").filter(has_text="Replay:")
    assert "as known on Dec 31, 2022" in note.inner_text()
    assert page.get_by_text("Prosecutors filed charges").count() == 0
    assert row(page, event).is_visible()
    # Read-only: no review controls in a replay.
    assert page.get_by_role("button", name="Approve").count() == 0
    link = page.get_by_role("link", name=re.compile(r"^CSV \("))
    assert "as_of=2022-12-31" in link.get_attribute("href")
    with page.expect_download() as info:
        link.click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    assert str(event.code) in text  # the event known then, as the replay shows it
    # The export is the replay too: the event as its source then told it.
    assert "The producers said Wednesday that filming resumes." in text
    assert "Prosecutors" not in text
