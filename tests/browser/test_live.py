"""Live where the user is: while a real worker reads a pasted article, the
timeline's banner says so and then offers the new events, and the article's
page turns from queued to done, all without a reload."""

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_timeline import open_timeline
from tests.conftest import PASSWORD
from tests.worker import Worker, purge_queue
from timeline.models import Event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

TEXT = (
    "The production of the western resumed filming in Montana on Wednesday, "
    "the producers said. The crew had stopped work in October 2021."
)


def test_the_banner_and_the_article_page_follow_a_worker(
    live_server, browser, case, journalist, screenshots_dir
):
    purge_queue()
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, journalist.username, PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.slug}/articles/upload/")
    paste = page.get_by_role("region", name="Paste an article")
    paste.get_by_label("Title").fill("Filming resumes")
    paste.get_by_label("Text").fill(TEXT)
    paste.get_by_label("Publication date").fill("2023-04-20")
    paste.get_by_role("button", name="Add article").click()
    page.wait_for_url(f"{live_server.url}/cases/{case.slug}/articles/")
    article_url = page.get_by_role("link", name="Filming resumes").get_attribute("href")

    # No worker yet: the article waits in the queue, and both pages say so.
    open_timeline(page, f"{live_server.url}/cases/{case.slug}/")
    banner = page.locator("#live")
    banner.get_by_text("1 article processing").wait_for()
    article_page = context.new_page()
    article_page.goto(live_server.url + article_url)
    status = article_page.get_by_role("status")
    assert "Queued" in status.inner_text()
    page.evaluate("window.__loadedOnce = true")
    article_page.evaluate("window.__loadedOnce = true")

    worker = Worker().start()
    try:
        status.get_by_text("Done").wait_for(timeout=90_000)
        show = banner.get_by_role("link", name="show")
        show.wait_for(timeout=30_000)
    finally:
        worker.stop()
    n = Event.objects.filter(case=case).count()
    assert n >= 1
    assert f"{n} new event" in banner.inner_text()
    assert "processing" not in banner.inner_text()
    # Updated in place: neither page was reloaded.
    assert page.evaluate("window.__loadedOnce") is True
    assert article_page.evaluate("window.__loadedOnce") is True
    assert article_page.locator(".article-text mark, .article-text a").count() >= 1
    page.screenshot(path=str(screenshots_dir / "timeline-live-banner.png"))
    # Idle: the banner stopped polling.
    assert banner.get_attribute("hx-trigger") != "every 2s"
    show.click()
    page.locator("#event-list li.event").first.wait_for()
    assert page.locator("#event-list li.event").count() == n
    assert page.locator("#live").get_by_role("link", name="show").count() == 0


@pytest.mark.django_db(transaction=True)
def test_show_keeps_the_filters_of_an_idle_page(
    live_server, browser, case, viewer, event
):
    """A filtered timeline with nothing in progress still hears of new events
    (on the window's focus here; also every half minute) and "show" reloads
    it with its filters."""
    page = browser.new_page()
    log_in(page, live_server.url, viewer.username, PASSWORD)
    open_timeline(page, f"{live_server.url}/cases/{case.slug}/?q=filming")
    banner = page.locator("#live")
    assert "every 30s" in banner.get_attribute("hx-trigger")
    Event.objects.create(
        case=case,
        date=event.date,
        precision=event.precision,
        summary="Filming stops again",
        origin=Event.Origin.MACHINE,
    )
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    show = page.locator("#live").get_by_role("link", name="show")
    show.wait_for(timeout=30_000)
    show.click()
    page.wait_for_url(f"{live_server.url}/cases/{case.slug}/?q=filming")
    assert page.locator("#id_q").input_value() == "filming"
