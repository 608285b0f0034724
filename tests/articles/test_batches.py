"""A worker's task takes other queued articles of its case with it: one parse
of them all and one placing (articles.ingestion.claim_more). Real PostgreSQL,
the real engine, processed inline."""

import datetime as dt

import pytest

from articles import engine, ingestion
from articles.models import Article
from tests.articles import samples
from timeline.models import Case, Event

pytestmark = pytest.mark.django_db

PUB = dt.date(2022, 10, 20)
OTHER = (
    "The county board approved the new budget on Tuesday after a long debate.\n"
    "The board had rejected an earlier draft in March 2021."
)


def queued(case, n: int, text: str = OTHER) -> list[Article]:
    return [
        ingestion.add_text_article(
            case, title=f"report {i}", text=f"{text}\nReport {i}.", published=PUB
        )[0]
        for i in range(n)
    ]


def statuses(articles) -> list[str]:
    return [Article.objects.get(pk=a.pk).status for a in articles]


def test_a_task_takes_the_queued_articles_of_its_case_with_it(case):
    mine = queued(case, 3)
    elsewhere = queued(Case.objects.create(title="Other", slug="other"), 1)
    unread = Article.objects.create(
        case=case, title="a page", url="https://example.org/a", status="queued"
    )
    ingestion.process_article(mine[0].pk)
    assert statuses(mine) == ["done"] * 3
    assert statuses(elsewhere + [unread]) == ["queued", "queued"]
    assert Event.objects.filter(case=case).exists()
    # Their own tasks come later and find nothing to do.
    ingestion.process_article(mine[1].pk)
    assert Article.objects.get(pk=mine[1].pk).attempts == 1


def test_a_batch_is_bounded_in_articles_and_in_text(case, monkeypatch):
    monkeypatch.setattr(ingestion, "BATCH_ARTICLES", 3)
    articles = queued(case, 5)
    ingestion.process_article(articles[0].pk)
    assert statuses(articles) == ["done"] * 3 + ["queued"] * 2
    monkeypatch.setattr(ingestion, "BATCH_TEXT", 2 * len(articles[3].text) - 1)
    ingestion.process_article(articles[3].pk)
    assert statuses(articles)[3:] == ["done", "queued"]


def test_a_batch_leaves_the_other_workers_their_share(case):
    """With 9 waiting a task takes half of them (5, rounded up) with its own
    article, so that the end of an import is shared among the workers; with
    few waiting it takes them all."""
    articles = queued(case, 10)
    ingestion.process_article(articles[0].pk)
    assert statuses(articles) == ["done"] * 6 + ["queued"] * 4
    ingestion.process_article(articles[6].pk)
    assert statuses(articles) == ["done"] * 10


def test_an_article_the_engine_cannot_read_fails_alone(case, monkeypatch):
    articles = queued(case, 3)
    bad = articles[1]
    real = engine.extract

    def extract(text, published):
        if text == bad.text:
            raise ValueError("unreadable")
        return real(text, published)

    def extract_many(items):
        return [extract(text, published) for text, published in items]

    monkeypatch.setattr(engine, "extract", extract)
    monkeypatch.setattr(engine, "extract_many", extract_many)
    ingestion.process_article(articles[0].pk)
    assert statuses(articles) == ["done", "failed", "done"]
    assert "could not read" in Article.objects.get(pk=bad.pk).error


def timeline_of(case) -> list[tuple]:
    return sorted(
        (str(e.date), e.title, e.sources.count())
        for e in Event.objects.filter(case=case, deleted_at__isnull=True)
    )


def test_a_batch_is_placed_as_the_same_articles_one_by_one(case, monkeypatch):
    """Copies of one story and another report, placed together or one at a
    time, give the same timeline."""
    texts = [samples.SEED_LIKE, samples.SEED_LIKE + "\nUpdated.", OTHER]
    one_by_one = Case.objects.create(title="One by one", slug="one-by-one")
    for target in (case, one_by_one):
        for i, text in enumerate(texts):
            ingestion.add_text_article(
                target, title=f"a{i}", text=text, published=PUB, outlet=f"o{i}"
            )
    ingestion.process_article(Article.objects.filter(case=case).first().pk)
    monkeypatch.setattr(ingestion, "BATCH_ARTICLES", 1)
    for article in Article.objects.filter(case=one_by_one).order_by("pk"):
        ingestion.process_article(article.pk)
    assert timeline_of(case) == timeline_of(one_by_one)
    assert any(n == 2 for _, _, n in timeline_of(case))  # the copies' events met


def test_a_batch_out_of_time_gives_the_others_back_to_the_queue(case, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    articles = queued(case, 3)

    def out_of_time(items):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(engine, "extract_many", out_of_time)
    ingestion.process_article(articles[0].pk)
    assert statuses(articles) == ["failed", "queued", "queued"]
    assert "took longer than" in Article.objects.get(pk=articles[0].pk).error
    # Given back within the run: the attempt made is counted.
    assert [Article.objects.get(pk=a.pk).attempts for a in articles[1:]] == [1, 1]


def test_uploaded_files_are_read_and_processed_in_one_batch(case):
    files = [
        ingestion.add_file_article(
            case,
            name=f"report-{i}.txt",
            data=f"{OTHER}\nFiled report {i}.".encode(),
            published_fallback=PUB,
        )[0]
        for i in range(3)
    ]
    page = Article.objects.create(
        case=case, title="a page", url="https://example.org/b", status="queued"
    )
    ingestion.process_article(files[0].pk)
    assert statuses(files) == ["done"] * 3
    assert Article.objects.get(pk=files[2].pk).published_source == "given at import"
    assert statuses([page]) == ["queued"]  # a web page is fetched by its own task


def test_an_article_saved_but_not_yet_sent_is_left_to_its_own_task(case):
    """An upload's row is saved a moment before queueing.start queues it (and
    resets its attempts): a batch must not take it in that moment."""
    first = queued(case, 1)[0]
    saved = Article.objects.create(
        case=case, title="saved", text=OTHER, published=PUB, status="queued"
    )
    ingestion.process_article(first.pk)
    assert statuses([first, saved]) == ["done", "queued"]


def test_a_file_read_in_a_batch_keeps_its_claim(case):
    """Reading a file saves its row: the batch's claim (status, attempts,
    heartbeat) must be what is saved, or the file's own task takes it over
    and it is processed twice."""
    lead, other = (
        ingestion.add_file_article(
            case, name=f"r{i}.txt", data=f"{OTHER} {i}".encode(), published=PUB
        )[0]
        for i in range(2)
    )
    lead = ingestion.claim(lead.pk)
    (taken,) = ingestion.claim_more(lead)
    assert ingestion.prepared(taken) is not None  # read and saved
    assert not ingestion.claimable(Article.objects.get(pk=taken.pk))
    assert Article.objects.get(pk=taken.pk).attempts == 1


def test_a_lone_article_the_engine_cannot_read_says_so(case, monkeypatch):
    (article,) = queued(case, 1)

    def broken(*args):
        raise ValueError("unreadable")

    monkeypatch.setattr(engine, "extract", broken)
    monkeypatch.setattr(engine, "extract_many", broken)
    ingestion.process_article(article.pk)
    article.refresh_from_db()
    assert article.status == "failed"
    assert "could not read this article (unreadable)" in article.error
