"""Server time of the timeline page for cases of 50, 500 and 5,000 events.

Creates a throwaway test database (migrated from scratch, dropped at the end), fills
one case per size with events that each have a source sentence, and times the
view through Django's test client (middleware, view, queries and template, no
network). Reports the median of several requests and the query count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseline SECRET_KEY=x \\
        .venv/bin/python benchmarks/timeline_page.py [--sizes 50,500,5000] [--runs 7]
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Its own throwaway database, clear of any test run on the same server.
os.environ["TEST_DB_NAME"] = f"test_caseline_timeline_page_{os.getpid()}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from articles.models import Article  # noqa: E402
from timeline import views  # noqa: E402
from timeline.models import Case, Event, EventSource, Membership  # noqa: E402

SENTENCE = (
    "A year after the on-set shooting, the producers said Wednesday that filming "
    "of Rust would resume in Montana with the same cast."
)


def make_case(n: int, user) -> Case:
    case = Case.objects.create(title=f"Bench {n}", slug=f"bench-{n}")
    Membership.objects.create(case=case, user=user, role=Membership.Role.EDITOR)
    articles = [
        Article.objects.create(
            case=case,
            title=f"Article {i}",
            outlet="Bench Times",
            text=SENTENCE * 40,
            published=dt.date(2022, 10, 20),
            status=Article.Status.DONE,
            content_hash=f"{n:08d}{i:056d}",
        )
        for i in range(max(1, n // 10))
    ]
    start = dt.date(2010, 1, 1)
    span = 15 * 365
    statuses = list(Event.Status)
    events = Event.objects.bulk_create(
        Event(
            case=case,
            date=start + dt.timedelta(days=(i * span) // n),
            precision=(3, 3, 3, 2, 1)[i % 5],
            summary=f"Event {i}: the producers say filming resumes",
            actors=["Alec Baldwin", "Rust Movie Productions"],
            status=statuses[i % 3],
            origin=Event.Origin.MACHINE,
        )
        for i in range(n)
    )
    a = SENTENCE.index("Wednesday")
    EventSource.objects.bulk_create(
        EventSource(
            event=event,
            article=articles[i % len(articles)],
            sentence=SENTENCE,
            sentence_start=0,
            sentence_end=len(SENTENCE),
            expression="Wednesday",
            expression_start=a,
            expression_end=a + len("Wednesday"),
            date_value=event.date_value,
            anchor="publication",
            derivation="'Wednesday' → 19 Oct 2022: the day before the news",
        )
        for i, event in enumerate(events)
    )
    return case


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int, int]:
    """Median wall-clock ms, median CPU ms of this process (the view and its
    template, without PostgreSQL's side: steadier on a shared machine), the
    query count and the response's size."""
    client.get(url)  # warm templates and connections
    times, cpu = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        assert response.status_code == 200, response.status_code
    return (
        statistics.median(times) * 1000,
        statistics.median(cpu) * 1000,
        len(queries),
        len(response.content),
    )


def page_rows(
    client: Client,
    case: Case,
    runs: int,
    label: str = "",
    word: str = "producers",
    everything: bool = True,
) -> None:
    """Print the page's timings for one case: first and last page, a filtered
    view and, for a big case with ``everything``, every event on one page (as
    without pagination)."""
    n = Event.objects.filter(case=case, deleted_at__isnull=True).count()
    label = label or str(n)
    url = case.get_absolute_url()
    rows = [("first page", url)]
    if n > views.PAGE_SIZE:
        rows.append(("last page", f"{url}?page=999"))
    rows.append((f"filtered (q={word})", f"{url}?q={word}&status=approved"))
    for name, target in rows:
        ms, cpu, queries, size = measure(client, target, runs)
        print(
            f"{label:>10} {name:>22} {ms:>8.1f} {cpu:>8.1f} {queries:>8} "
            f"{size / 1024:>7.0f}"
        )
    if everything and n >= 5000:
        page_size = views.PAGE_SIZE
        views.PAGE_SIZE = n
        try:
            ms, cpu, queries, size = measure(client, url, max(1, runs // 3))
        finally:
            views.PAGE_SIZE = page_size
        print(
            f"{label:>10} {'all on one page':>22} {ms:>8.1f} {cpu:>8.1f} {queries:>8} "
            f"{size / 1024:>7.0f}"
        )


def header(runs: int) -> None:
    print(f"timeline page, median of {runs} requests (page size {views.PAGE_SIZE})")
    print(
        f"{'events':>10} {'view':>22} {'ms':>8} {'cpu ms':>8} {'queries':>8} {'KB':>7}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,5000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = get_user_model().objects.create_user("bench", password="x")
        client = Client()
        client.force_login(user)
        header(args.runs)
        for n in sizes:
            page_rows(client, make_case(n, user), args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
