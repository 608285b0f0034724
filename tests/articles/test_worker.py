"""The ingestion pipeline on a real Celery worker, real Redis and real PostgreSQL."""

import datetime as dt
import http.server
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import ingestion
from articles.models import Article
from articles.tasks import extract_article_events
from tests.articles import samples
from tests.worker import Worker, purge_queue, wait_for
from timeline.models import Event, EventSource

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FINISHED = (Article.Status.DONE, Article.Status.FAILED, Article.Status.NEEDS_DATE)


@pytest.fixture
def worker():
    purge_queue()
    # The test site is on 127.0.0.1, which URL import refuses by default.
    w = Worker(
        concurrency=2, URL_FETCH_TIMEOUT="2", URL_FETCH_ALLOW_PRIVATE="True"
    ).start()
    yield w
    w.stop()


def wait_finished(*articles: Article, timeout: float = 60) -> list[Article]:
    ids = [a.pk for a in articles]

    def done() -> bool:
        return Article.objects.filter(pk__in=ids, status__in=FINISHED).count() == len(
            ids
        )

    wait_for(done, timeout, f"articles {ids} to finish")
    return [Article.objects.get(pk=pk) for pk in ids]


def test_uploaded_files_become_events_on_the_timeline(client, worker, case, journalist):
    client.force_login(journalist)
    response = client.post(
        reverse("articles:article_upload", args=[case.slug]),
        {
            "kind": "files",
            "upload-published": "2022-10-20",
            "upload-files": [
                SimpleUploadedFile("seed.txt", samples.SEED_LIKE.encode()),
                SimpleUploadedFile("broken.txt", samples.BINARY),
            ],
        },
    )
    assert response.status_code == 302
    good, bad = wait_finished(*case.articles.order_by("original_name"))[::-1]
    assert good.original_name == "seed.txt" and good.status == Article.Status.DONE
    assert bad.status == Article.Status.FAILED
    assert "binary data" in bad.error
    page = client.get(case.get_absolute_url()).text
    assert "Oct. 19, 2022" in page  # 'Wednesday' before Thu 20 Oct 2022
    assert "January 2023" in page  # future 'in January'
    assert "March 2022" in page  # past 'In March'
    listing = client.get(reverse("articles:article_list", args=[case.slug])).text
    assert "binary data, not text" in listing


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path == "/article":
            body = samples.HTML_ARTICLE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/slow":
            time.sleep(5)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/image":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(samples.PNG)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_bad_input_corpus_fails_each_with_its_reason(
    worker, case, journalist, site, settings
):
    settings.MAX_UPLOAD_MB = 1
    files = {
        "empty.txt": b"",
        "renamed.txt": samples.BINARY,
        "photo.png": samples.PNG,
        "locked.pdf": samples.encrypted_pdf(),
        "scan.pdf": samples.pdf_without_text(),
        "huge.txt": b"word " * 300_000,
    }
    articles = {
        name: ingestion.add_file_article(
            case, name=name, data=data, published=dt.date(2022, 10, 20)
        )[0]
        for name, data in files.items()
    }
    for path in ("missing", "slow", "image"):
        articles[path] = ingestion.add_url_article(
            case, url=f"{site}/{path}", published=dt.date(2022, 10, 20)
        )[0]
    good = {
        "latin1.txt": ingestion.add_file_article(
            case,
            name="latin1.txt",
            data=(
                "Café news\n\nThe café in Medellín said Wednesday it would "
                "reopen in January, its owner said."
            ).encode("cp1252"),
            published=dt.date(2022, 10, 20),
        )[0],
        "broken.html": ingestion.add_file_article(
            case,
            name="broken.html",
            data=samples.BROKEN_HTML.encode(),
            published=dt.date(2022, 10, 20),
        )[0],
        "url": ingestion.add_url_article(case, url=f"{site}/article")[0],
        # Not English: imported with a warning, never mis-dated (articles.foreign).
        "french.txt": ingestion.add_file_article(
            case,
            name="french.txt",
            data=(samples.FRENCH + " Le procès s'est ouvert le 03.11.2022.").encode(),
            published=dt.date(2022, 12, 1),
        )[0],
    }
    wait_finished(*articles.values(), *good.values())
    expected = {
        "empty.txt": "The file is empty.",
        "renamed.txt": "binary data, not text",
        "photo.png": "PNG image, not an article",
        "locked.pdf": "This PDF is password-protected",
        "scan.pdf": "no text layer",
        "huge.txt": "the limit is 1 MB",
        "missing": "answered 404",
        "slow": "did not answer within 2 seconds",
        "image": "image/png, not an article",
    }
    for name, message in expected.items():
        article = Article.objects.get(pk=articles[name].pk)
        assert article.status == Article.Status.FAILED, name
        assert message in article.error, (name, article.error)
    for name, article in good.items():
        article.refresh_from_db()
        assert article.status == Article.Status.DONE, (name, article.error)
        assert EventSource.objects.filter(article=article).exists(), name
    # The URL import took its publication date and outlet from the page.
    assert good["url"].published == dt.date(2022, 10, 20)
    assert good["url"].published_source == "the page's metadata"
    assert good["url"].outlet == "Example News"
    assert "Medellín" in good["latin1.txt"].text
    french = good["french.txt"]
    assert french.language == "fr"
    assert any("seems to be in French" in w for w in french.warnings)
    assert set(french.event_sources.values_list("date_value", flat=True)) == {
        "2022-11-03"
    }


def test_a_task_run_twice_stores_one_set_of_events(worker, case):
    article, _ = ingestion.add_text_article(
        case, title="t", text=samples.SEED_LIKE, published=dt.date(2022, 10, 20)
    )
    for _ in range(3):
        extract_article_events.delay(article_id=article.pk)
    wait_finished(article)
    time.sleep(2)  # let the duplicates run
    first = sorted(EventSource.objects.values_list("sentence_start", "date_value"))
    assert first and len(first) == len(set(first))
    ingestion.process_article(article.pk)  # once more, inline: nothing to do
    assert (
        sorted(EventSource.objects.values_list("sentence_start", "date_value")) == first
    )


def test_a_worker_killed_mid_article_finishes_it_once_after_restart(case):
    purge_queue()
    # The killed task's message comes back only after the visibility timeout
    # (330 s); the sweeper must see the silent heartbeat and resend it sooner.
    env = {
        "ARTICLE_HEARTBEAT_SECONDS": "1",
        "ARTICLE_HEARTBEAT_TIMEOUT": "5",
        "ARTICLE_SWEEP_SECONDS": "2",
    }
    text = (
        samples.SEED_LIKE
        + "\n".join(
            f"On Oct. {d}, 2021, the producers of film {d} said the crew met in March."
            for d in range(1, 29)
        )
        * 12
    )
    first = Worker(beat=True, **env).start()
    try:
        article, _ = ingestion.add_text_article(
            case, title="big", text=text, published=dt.date(2022, 10, 20)
        )
        wait_for(
            lambda: (
                Article.objects.get(pk=article.pk).status == Article.Status.PROCESSING
            ),
            30,
            "processing to start",
        )
        time.sleep(0.3)
        first.kill()
    finally:
        first.stop()
    article.refresh_from_db()
    assert article.status == Article.Status.PROCESSING  # killed in the middle
    assert not EventSource.objects.filter(article=article).exists()
    killed_at = time.monotonic()
    second = Worker(beat=True, **env).start()
    try:
        (article,) = wait_finished(article, timeout=90)
    finally:
        second.stop()
    assert time.monotonic() - killed_at < 120
    assert article.status == Article.Status.DONE
    assert article.attempts == 2
    keys = list(EventSource.objects.values_list("sentence_start", "date_value"))
    assert keys and len(keys) == len(set(keys))  # no sentence stored twice
    # Repeated happenings merge into one event each; none is left without sources.
    assert not Event.objects.filter(case=case, sources__isnull=True).exists()


def test_a_batch_killed_mid_way_is_finished_once_after_restart(case):
    """Articles queued together are taken by one task (a batch); when its
    worker dies, the sweeper resends every article of the batch, and each is
    done once."""
    purge_queue()
    env = {
        "ARTICLE_HEARTBEAT_SECONDS": "1",
        "ARTICLE_HEARTBEAT_TIMEOUT": "5",
        "ARTICLE_SWEEP_SECONDS": "2",
    }
    articles = [
        ingestion.add_text_article(
            case,
            title=f"report {n}",
            text="\n".join(
                f"On Oct. {d}, 2021, board {n} of film {d} said the crew met in March."
                for d in range(1, 29)
            )
            * 10,
            published=dt.date(2022, 10, 20),
        )[0]
        for n in range(3)
    ]
    first = Worker(beat=True, **env).start()
    try:
        wait_for(
            lambda: (
                Article.objects.filter(status=Article.Status.PROCESSING).count() == 3
            ),
            30,
            "one task to take all three",
        )
        first.kill()
    finally:
        first.stop()
    assert not EventSource.objects.exists()  # killed before anything was stored
    second = Worker(beat=True, **env).start()
    try:
        done = wait_finished(*articles, timeout=90)
    finally:
        second.stop()
    assert [a.status for a in done] == [Article.Status.DONE] * 3
    assert [a.attempts for a in done] == [2, 2, 2]
    keys = list(
        EventSource.objects.values_list("article_id", "sentence_start", "date_value")
    )
    assert keys and len(keys) == len(set(keys))  # no sentence stored twice


def test_reprocessing_keeps_reviewed_events_and_replaces_the_rest(worker, case):
    article, _ = ingestion.add_text_article(
        case, title="t", text=samples.SEED_LIKE, published=dt.date(2022, 10, 20)
    )
    wait_finished(article)
    events = list(Event.objects.filter(case=case).order_by("date"))
    assert len(events) >= 3
    approved, edited = events[0], events[1]
    approved.status = Event.Status.APPROVED
    approved.save()
    edited.summary = "Edited by a person"
    edited.edited_by_person = True
    edited.save()
    # Correcting the publication date re-anchors only the untouched events.
    ingestion.set_published(article, dt.date(2022, 11, 20), "entered by a test")
    wait_finished(article)
    approved.refresh_from_db()
    edited.refresh_from_db()
    assert approved.status == Event.Status.APPROVED
    assert edited.summary == "Edited by a person"
    dates = set(Event.objects.filter(case=case).values_list("date", flat=True))
    assert dt.date(2022, 11, 16) in dates  # 'Wednesday' before Sun 20 Nov 2022
    keys = list(EventSource.objects.values_list("sentence_start", "date_value"))
    assert len(keys) == len(set(keys))


def test_articles_sent_while_the_broker_was_down_or_lost_in_a_restart_finish(
    case, private_redis
):
    """Uploads while Redis is down, then a backlog lost in a Redis restart: the
    worker's sweeper (Celery beat) sends them all once the broker is back."""

    def add(n: int) -> Article:
        return ingestion.add_text_article(
            case,
            title=f"story {n}",
            text=f"{samples.SEED_LIKE}Story {n} of the case.",
            published=dt.date(2022, 10, 20),
        )[0]

    private_redis.stop()
    down = [add(n) for n in range(2)]
    assert all(a.queue_unreachable for a in down)
    private_redis.start()
    lost = [add(n) for n in range(2, 4)]
    assert not any(a.queue_unreachable for a in lost)
    private_redis.stop()  # a restart without persistence: the messages are gone
    private_redis.start()
    worker = Worker(
        beat=True,
        REDIS_URL=private_redis.url,
        ARTICLE_SWEEP_SECONDS="1",
        ARTICLE_REQUEUE_AFTER="2",
    ).start()
    try:
        finished = wait_finished(*down, *lost, timeout=90)
    finally:
        worker.stop()
    assert [a.status for a in finished] == [Article.Status.DONE] * 4
    assert [a.attempts for a in finished] == [1] * 4


def _worker_backends() -> list[int]:
    """The other sessions on the test database: the worker's connections."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cur.fetchall()]


def test_a_worker_keeps_its_database_connection_and_survives_losing_it(case):
    """Between tasks a worker process keeps its connection (a connection per
    task cost half of a task that finds its article taken by a batch); a
    connection the server dropped, as in a database restart, is replaced."""
    from django.db import connection

    purge_queue()
    w = Worker(concurrency=1).start()
    try:
        first, _ = ingestion.add_text_article(
            case, title="a", text=samples.SEED_LIKE, published=dt.date(2022, 10, 20)
        )
        wait_finished(first)
        time.sleep(1)  # the task has ended
        kept = _worker_backends()
        assert kept, "the worker closed its connection after the task"
        with connection.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s) pid", [kept])
        second, _ = ingestion.add_text_article(
            case,
            title="b",
            text="The bridge reopened on March 3, 2022, after repairs.",
            published=dt.date(2022, 10, 20),
        )
        [second] = wait_finished(second)
        assert second.status == Article.Status.DONE, second.error
    finally:
        w.stop()
