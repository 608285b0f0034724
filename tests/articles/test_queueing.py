"""Runs and attempts, the heartbeat, the sweeper, and failures retrying cannot fix.

On the real PostgreSQL and real Redis servers (a private one where the test
stops or empties it); the articles are processed inline, the worker side is in
tests/articles/test_faults.py.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import ingestion, queueing
from articles.models import Article
from tests.articles import samples
from timeline.models import Event


def event_dates(case) -> set[dt.date]:
    return set(Event.objects.filter(case=case).values_list("date", flat=True))


@pytest.mark.django_db
def test_each_persons_action_starts_a_new_run_and_re_anchors_the_events(case):
    article, _ = ingestion.add_text_article(
        case, title="t", text=samples.SEED_LIKE, published=dt.date(2022, 10, 20)
    )
    ingestion.process_article(article.pk)
    # Six corrections of the date, more than the attempts one run may use.
    for published, wednesday in [
        (dt.date(2022, 11, 20), dt.date(2022, 11, 16)),
        (dt.date(2022, 10, 20), dt.date(2022, 10, 19)),
        (dt.date(2022, 11, 20), dt.date(2022, 11, 16)),
        (dt.date(2022, 10, 20), dt.date(2022, 10, 19)),
        (dt.date(2022, 11, 20), dt.date(2022, 11, 16)),
        (dt.date(2023, 3, 3), dt.date(2023, 3, 1)),
    ]:
        ingestion.set_published(article, published, "entered by a test")
        ingestion.process_article(article.pk)
        article.refresh_from_db()
        assert article.status == Article.Status.DONE, article.error
        assert article.attempts == 1
        assert wednesday in event_dates(case)
    assert dt.date(2022, 10, 19) not in event_dates(case)  # the old anchoring went


@pytest.mark.django_db
def test_the_sweepers_resends_keep_counting_attempts_within_a_run(case):
    article, _ = ingestion.add_text_article(
        case, title="t", text=samples.SEED_LIKE, published=dt.date(2022, 10, 20)
    )
    long_ago = timezone.now() - dt.timedelta(hours=1)
    for attempt in range(1, ingestion.MAX_ATTEMPTS + 1):
        assert ingestion.claim(article.pk) is not None
        # The worker dies: no heartbeat since, so the sweeper resends it.
        Article.objects.filter(pk=article.pk).update(heartbeat_at=long_ago)
        assert article.pk in [a.pk for a in queueing.stuck_articles()]
        queueing.start(article, new_run=False)
        assert Article.objects.get(pk=article.pk).attempts == attempt
    assert ingestion.claim(article.pk) is None
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "stopped 4 times" in article.error
    # Retry is a person's action: a new run.
    queueing.start(article)
    assert ingestion.claim(article.pk) is not None


@pytest.mark.django_db
def test_a_live_task_is_left_alone_and_a_silent_one_taken_over(case, settings):
    article, _ = ingestion.add_text_article(
        case, title="t", text=samples.SEED_LIKE, published=dt.date(2022, 10, 20)
    )
    assert ingestion.claim(article.pk) is not None
    assert ingestion.claim(article.pk) is None  # a duplicate of the live task
    assert queueing.stuck_articles() == []
    stale = timezone.now() - dt.timedelta(
        seconds=settings.ARTICLE_HEARTBEAT_TIMEOUT + 1
    )
    Article.objects.filter(pk=article.pk).update(heartbeat_at=stale)
    assert [a.pk for a in queueing.stuck_articles()] == [article.pk]
    taken = ingestion.claim(article.pk)
    assert taken is not None and taken.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_queued_articles_are_resent_only_when_their_message_is_gone(
    case, private_redis, settings
):
    settings.ARTICLE_REQUEUE_AFTER = 0
    articles = [
        ingestion.add_text_article(
            case,
            title=f"t{n}",
            text=f"{samples.SEED_LIKE} Story {n}.",
            published=dt.date(2022, 10, 20),
        )[0]
        for n in range(3)
    ]
    assert queueing.ids_in_broker() == {a.pk for a in articles}
    assert queueing.sweep() == []  # a backlog, not a loss
    # A restart without persistence loses the messages.
    private_redis.stop()
    private_redis.start()
    assert queueing.ids_in_broker() == set()
    resent = queueing.sweep()
    assert sorted(resent) == sorted(a.pk for a in articles)
    assert queueing.ids_in_broker() == {a.pk for a in articles}
    for article in articles:
        article.refresh_from_db()
        assert article.status == Article.Status.QUEUED and article.attempts == 0


@pytest.mark.django_db(transaction=True)
def test_an_upload_while_the_broker_is_down_is_saved_and_says_so(
    client, journalist, case, private_redis
):
    private_redis.stop()
    client.force_login(journalist)
    started = timezone.now()
    response = client.post(
        reverse("articles:article_upload", args=[case.slug]),
        {
            "kind": "paste",
            "paste-title": "Rust restarts",
            "paste-text": samples.SEED_LIKE,
            "paste-published": "2022-10-20",
        },
        follow=True,
    )
    assert (timezone.now() - started).total_seconds() < 15
    assert response.status_code == 200
    assert "it will start by itself when the queue is back" in response.text
    article = case.articles.get()
    assert article.status == Article.Status.QUEUED and article.queued_at
    # Correcting the date (a new run) while the queue is still down.
    response = client.post(
        article.get_absolute_url(), {"published": "2022-10-21"}, follow=True
    )
    assert "it will start by itself when the queue is back" in response.text
    article.refresh_from_db()
    assert article.published == dt.date(2022, 10, 21)
    assert article.status == Article.Status.QUEUED


@pytest.mark.django_db
def test_a_refused_private_address_says_what_to_do_instead_of_retry(
    client, journalist, case, settings
):
    settings.URL_FETCH_ALLOW_PRIVATE = False
    article, _ = ingestion.add_url_article(
        case, url="http://127.0.0.1:9/story", published=dt.date(2022, 10, 20)
    )
    ingestion.process_article(article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "private or local address" in article.error
    assert "upload the file instead" in article.remedy
    client.force_login(journalist)
    listing = client.get(reverse("articles:article_list", args=[case.slug])).text
    row = listing[listing.index(f'id="article-{article.pk}"') :]
    row = row[: row.index("</tr>")]
    assert ">Retry<" not in row and "upload the file instead" in row
    assert "upload the file instead" in client.get(article.get_absolute_url()).text
    # A forged Retry is refused the same way.
    response = client.post(
        reverse("articles:article_reprocess", args=[case.slug, article.pk]),
        follow=True,
    )
    assert "upload the file instead" in response.text
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    # Any other failure keeps its Retry button.
    Article.objects.filter(pk=article.pk).update(remedy="")
    listing = client.get(reverse("articles:article_list", args=[case.slug])).text
    assert ">Retry<" in listing


@pytest.mark.django_db
def test_a_task_failing_after_its_article_is_done_leaves_it_done(case):
    from articles.tasks import extract_article_events

    article, _ = ingestion.add_text_article(
        case, title="t", text=samples.SEED_LIKE, published=dt.date(2022, 10, 20)
    )
    ingestion.process_article(article.pk)
    # e.g. settling a very large case ran out of the task's time afterwards
    extract_article_events.on_failure(
        TimeoutError(), "task-id", (), {"article_id": article.pk}, None
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and not article.error
    # An article still in progress is failed with the reason.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PROCESSING)
    extract_article_events.on_failure(
        TimeoutError(), "task-id", (), {"article_id": article.pk}, None
    )
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "TimeoutError" in article.error
