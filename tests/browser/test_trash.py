"""A journalist moves an article to the trash and restores it, in Chromium, with
a real worker processing it again."""

import datetime as dt

import pytest
from django.urls import reverse

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
        reviewed = Event.objects.filter(case=case).order_by("date").first()
        reviewed.status = Event.Status.APPROVED
        reviewed.save()
        before.discard(reviewed.summary)
        page = browser.new_page()
        log_in(page, live_server.url, journalist.username, PASSWORD)
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_role("link", name="Move this article to the trash…").click()
        page.get_by_role("button", name="Move to the trash").click()
        page.get_by_text("Moved “Rust restarts” to the trash").wait_for()
        assert page.locator(f"#article-{article.pk}").count() == 0
        assert proposed(case) == set()
        # The reviewed event keeps the sentence, which says where its article is;
        # the timeline's article filter no longer offers the article.
        page.goto(
            live_server.url
            + reverse("timeline:event_detail", args=[case.slug, reviewed.code])
        )
        page.locator(".source").get_by_text("in the trash").wait_for()
        page.goto(f"{live_server.url}/cases/{case.slug}/")
        options = page.locator("#id_article option").all_text_contents()
        assert "Rust restarts" not in options and options == ["Any article"]
        page.goto(live_server.url + reverse("articles:article_list", args=[case.slug]))
        page.get_by_role("link", name="Trash (1)").click()
        page.get_by_role("button", name="Restore “Rust restarts”").click()
        page.get_by_text("Restored “Rust restarts”").wait_for()
        page.locator("#article-table").get_by_text("Done: 1").wait_for(timeout=60_000)
        assert proposed(case) == before
    finally:
        worker.stop()
