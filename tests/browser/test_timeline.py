"""The timeline workspace in headless Chromium: editing in place, review, roles,
conflicts, the overview strip, and the same edit with JavaScript off."""

import datetime as dt

import pytest
from django.core.management import call_command

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from timeline.models import Event, EventSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = Event.Status


def add_event(case, article, date, summary, status=Status.PROPOSED, precision=3):
    event = Event.objects.create(
        case=case,
        date=date,
        precision=precision,
        summary=summary,
        status=status,
        origin=Event.Origin.MACHINE,
    )
    EventSource.objects.create(
        event=event,
        article=article,
        sentence=article.text[14:],
        sentence_start=14,
        sentence_end=len(article.text),
        expression="Wednesday",
        expression_start=33,
        expression_end=42,
        date_value=event.date_value,
        derivation="'Wednesday' → 19 Oct 2022: the day before publication",
    )
    return event


def open_timeline(page, url: str) -> None:
    page.goto(url)
    # Clicks must reach htmx, not the plain links underneath, on a slow machine.
    page.wait_for_function("() => window.htmx && document.readyState === 'complete'")


def row(page, event):
    return page.locator(f"#event-{event.code}")


def use_row(page, event):
    """Click the row, as an editor does, to get its actions."""
    target = row(page, event)
    target.locator(".summary").click()
    target.locator(".actions").wait_for()
    return target


def open_edit_form(page, event):
    """Click Edit and wait until htmx has swapped in *and settled* the form.

    htmx moves the focus to the form's autofocus field as it settles; Playwright
    types into whatever has the focus, so a field filled before that moment
    loses its text to the date field."""
    page.evaluate(
        """() => {
            window.__settled = false;
            document.body.addEventListener("htmx:afterSettle", () => {
                window.__settled = true;
            }, {once: true});
        }"""
    )
    use_row(page, event).get_by_role("link", name="Edit").click()
    form = row(page, event).get_by_role("form")
    form.get_by_label("Date").wait_for()
    page.wait_for_function(
        """() => window.__settled
            && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')
            && document.activeElement && document.activeElement.name === 'date'"""
    )
    return form


def test_it_lets_a_journalist_edit_an_event_in_place(
    live_server, browser, case, journalist, event
):
    page = browser.new_page()
    log_in(page, live_server.url, journalist.username, PASSWORD)
    open_timeline(page, live_server.url + case.get_absolute_url())
    form = open_edit_form(page, event)
    form.get_by_label("Summary").fill("Producers say filming will resume in Montana")
    form.get_by_label("Date").fill("2022-10")
    form.get_by_role("button", name="Save").click()
    summary = row(page, event).locator(".summary")
    summary.get_by_text("Producers say filming will resume in Montana").wait_for()
    assert row(page, event).locator("time").inner_text() == "October 2022"
    # Edited in place: the page did not navigate, and the machine mark is gone.
    assert page.url == live_server.url + case.get_absolute_url()
    assert row(page, event).locator(".machine-tag").count() == 0
    event.refresh_from_db()
    assert event.summary == "Producers say filming will resume in Montana"
    assert event.edited_by_person and event.version == 2


def test_it_lets_an_editor_approve_a_selection_in_bulk(
    live_server, browser, case, editor, article, event
):
    second = add_event(case, article, dt.date(2023, 1, 19), "Charges announced")
    third = add_event(case, article, dt.date(2023, 4, 20), "Charge dropped")
    page = browser.new_page()
    log_in(page, live_server.url, editor.username, PASSWORD)
    open_timeline(page, live_server.url + case.get_absolute_url())
    row(page, event).get_by_role("checkbox").check()
    row(page, second).get_by_role("checkbox").check()
    page.locator("#bulk-form").get_by_role("button", name="Approve").click()
    page.locator("#messages").get_by_text("2 events approved.").wait_for()
    # The list refreshed itself through the eventsApproved trigger.
    row(page, event).locator(".status").get_by_text("Approved").wait_for()
    assert row(page, second).locator(".status").inner_text() == "Approved"
    assert row(page, third).locator(".status").inner_text() == "Proposed"
    # One event on its own: the row's button answers with the row.
    use_row(page, third).get_by_role("button", name="Reject").click()
    row(page, third).locator(".status").get_by_text("Rejected").wait_for()
    statuses = dict(Event.objects.values_list("pk", "status"))
    assert statuses == {
        event.pk: Status.APPROVED,
        second.pk: Status.APPROVED,
        third.pk: Status.REJECTED,
    }


def test_it_gives_journalists_no_approve_control_and_403_on_a_forged_post(
    live_server, browser, case, journalist, event
):
    page = browser.new_page()
    log_in(page, live_server.url, journalist.username, PASSWORD)
    open_timeline(page, live_server.url + case.get_absolute_url())
    assert use_row(page, event).get_by_role("link", name="Edit").is_visible()
    assert page.get_by_role("button", name="Approve").count() == 0
    forged = page.evaluate(
        """async (url) => {
            const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
            const response = await fetch(url, {
                method: "POST",
                headers: {"X-CSRFToken": token},
                body: new URLSearchParams({version: "1"}),
            });
            return response.status;
        }""",
        f"{case.get_absolute_url()}events/{event.code}/approve/",
    )
    assert forged == 403
    event.refresh_from_db()
    assert event.status == Status.PROPOSED


def test_it_shows_the_second_of_two_concurrent_edits_a_conflict(
    live_server, browser, case, journalist, editor, event, screenshots_dir
):
    pages = []
    for user in (journalist, editor):
        page = browser.new_context().new_page()
        log_in(page, live_server.url, user.username, PASSWORD)
        open_timeline(page, live_server.url + case.get_absolute_url())
        open_edit_form(page, event)
        pages.append(page)
    jo, edna = pages
    edna_form = row(edna, event)
    edna_form.get_by_label("Summary").fill("Editor: production restarts in January")
    edna_form.get_by_role("button", name="Save").click()
    row(edna, event).get_by_text("Editor: production restarts in January").wait_for()

    jo_form = row(jo, event)
    jo_form.get_by_label("Summary").fill("Journalist: filming resumes")
    jo_form.get_by_role("button", name="Save").click()
    alert = row(jo, event).get_by_role("alert")
    alert.wait_for()
    text = alert.inner_text()
    assert "Someone else changed this event while you were editing it" in text
    assert "edna" in text and "Editor: production restarts in January" in text
    row(jo, event).screenshot(path=str(screenshots_dir / "timeline-conflict.png"))
    # Nothing lost: the journalist's text is still in the form...
    assert row(jo, event).get_by_label("Summary").input_value() == (
        "Journalist: filming resumes"
    )
    event.refresh_from_db()
    assert event.summary == "Editor: production restarts in January"
    # ...and saving again, knowingly, replaces the editor's text.
    row(jo, event).get_by_role("button", name="Save").click()
    row(jo, event).locator(".summary").get_by_text("Journalist: filming").wait_for()
    event.refresh_from_db()
    assert event.summary == "Journalist: filming resumes" and event.version == 3


def test_it_jumps_to_a_month_from_the_overview_strip(
    live_server, browser, case, viewer, article, screenshots_dir
):
    for year in (2021, 2022, 2023):
        for month in range(1, 13, 2):
            for day in (3, 17):
                add_event(
                    case,
                    article,
                    dt.date(year, month, day),
                    f"Hearing on {year}-{month:02d}-{day:02d}",
                )
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, live_server.url, viewer.username, PASSWORD)
    open_timeline(page, live_server.url + case.get_absolute_url())
    # A month in the middle: compact rows leave too little page below the last
    # months to scroll them to the top.
    target = page.locator('svg.strip a[href="#m2022-07"]')
    assert "July 2022: 2 proposed" in target.get_attribute("aria-label")
    target.click()
    page.wait_for_function("location.hash === '#m2022-07'")
    heading = page.locator("#m2022-07")
    box = heading.bounding_box()
    assert 0 <= box["y"] < 200
    page.screenshot(path=str(screenshots_dir / "timeline-jumped-to-month.png"))
    # The keyboard reaches the months too.
    page.locator('svg.strip a[href="#m2021-03"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#m2021-03'")


def test_it_edits_with_javascript_disabled(
    live_server, browser, case, journalist, event
):
    Event.objects.filter(pk=event.pk).update(status=Status.APPROVED)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, journalist.username, PASSWORD)
    page.goto(f"{live_server.url}{case.get_absolute_url()}?status=approved")
    # Without scripts the row's link leads to the event's page and its actions.
    row(page, event).locator(".sources-toggle").click()
    page.wait_for_url(f"**/events/{event.code}/")
    assert page.locator("blockquote.source").count() == 1
    row(page, event).get_by_role("link", name="Edit").click()
    page.wait_for_url(f"**/events/{event.code}/edit/**")
    assert page.get_by_text("your edit sends it back to an editor").is_visible()
    page.get_by_label("Summary").fill("Filming resumes (no script)")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/events/{event.code}/#event-{event.code}")
    assert page.get_by_text("The event is saved.").is_visible()
    event.refresh_from_db()
    assert event.summary == "Filming resumes (no script)"
    # A journalist's edit of an approved event goes back for approval.
    assert event.status == Status.PROPOSED
    # The bulk buttons are plain form buttons too: reject works without scripts.
    context.close()


def test_it_reviews_in_bulk_with_javascript_disabled(
    live_server, browser, case, editor, article, event
):
    second = add_event(case, article, dt.date(2023, 1, 19), "Charges announced")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, editor.username, PASSWORD)
    page.goto(live_server.url + case.get_absolute_url())
    row(page, event).get_by_role("checkbox").check()
    row(page, second).get_by_role("checkbox").check()
    page.locator("#bulk-form").get_by_role("button", name="Reject").click()
    page.get_by_text("2 events rejected.").wait_for()
    assert set(Event.objects.values_list("status", flat=True)) == {Status.REJECTED}
    context.close()


def test_it_takes_screenshots_of_the_timeline_page(
    live_server, browser, settings, screenshots_dir
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("load_demo", stdout=open("/dev/null", "w"))
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(desktop, live_server.url, "editor", "caseline-demo")
    desktop.goto(f"{live_server.url}/cases/rust/")
    desktop.locator("svg.strip").wait_for()
    desktop.screenshot(
        path=str(screenshots_dir / "timeline-desktop.png"), full_page=True
    )
    desktop.screenshot(path=str(screenshots_dir / "timeline-desktop-screen.png"))
    first = desktop.locator("#event-list li.event").first
    first.locator(".summary").click()
    first.get_by_role("link", name="Edit").click()
    first_form = desktop.locator("#event-list li.event.editing")
    first_form.wait_for()
    first_form.screenshot(path=str(screenshots_dir / "timeline-edit-form.png"))

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2
    ).new_page()
    log_in(phone, live_server.url, "journalist", "caseline-demo")
    phone.goto(f"{live_server.url}/cases/rust/")
    phone.locator("svg.strip").wait_for()
    phone.screenshot(path=str(screenshots_dir / "timeline-phone.png"), full_page=True)
    phone.screenshot(path=str(screenshots_dir / "timeline-phone-screen.png"))
    # Nothing wider than the screen except the scrollable strip.
    width = (
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert phone.evaluate(width) <= 0
    # Nothing sticky covers the events on a phone.
    sticky = phone.evaluate(
        """() => [...document.querySelectorAll('body *')].filter((e) =>
            ['sticky', 'fixed'].includes(getComputedStyle(e).position)).length"""
    )
    assert sticky == 0
    # The article table fits the screen too.
    phone.goto(f"{live_server.url}/cases/rust/articles/")
    phone.locator("table.articles").wait_for()
    assert phone.evaluate(width) <= 0
    assert phone.locator("table.articles").bounding_box()["width"] <= 390
    phone.screenshot(path=str(screenshots_dir / "articles-phone.png"))
