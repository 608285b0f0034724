"""A journalist moves an article to the trash and restores it, in Chromium, with
a real worker processing it again."""

import datetime as dt

import pytest

from articles import ingestion
from articles.models import Article
from tests.articles import samples
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.worker import Worker, purge_queue, wait_for
from timeline.models import Event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]


def proposed(case) -> set[str]:
    return set(
        Event.objects.filter(case=case, status=Event.Status.PROPOSED).values_list(
            "summary", flat=True
        )
    )


def test_a_journalist_trashes_and_restores_an_article(
    live_server, browser, case, journalist
):
    purge_queue()
    worker = Worker().start()
    try:
        article, _ = ingestion.add_text_article(
            case,
            title="Rust restarts",
            text=samples.SEED_LIKE,
            published=dt.date(2022, 10, 20),
        )
        wait_for(
            lambda: Article.objects.get(pk=article.pk).status == Article.Status.DONE,
            60,
            "the article to be processed",
        )
        before = proposed(case)
        assert before
        page = browser.new_page()
        log_in(page, live_server.url, journalist.username, PASSWORD)
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_role("link", name="Move this article to the trash…").click()
        page.get_by_role("button", name="Move to the trash").click()
        page.get_by_text("Moved “Rust restarts” to the trash").wait_for()
        assert page.locator(f"#article-{article.pk}").count() == 0
        assert proposed(case) == set()
        page.get_by_role("link", name="Trash (1)").click()
        page.get_by_role("button", name="Restore “Rust restarts”").click()
        page.get_by_text("Restored “Rust restarts”").wait_for()
        page.locator("#article-table").get_by_text("Done: 1").wait_for(timeout=60_000)
        assert proposed(case) == before
    finally:
        worker.stop()
