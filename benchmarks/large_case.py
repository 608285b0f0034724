"""Placing one article into a case of 20,000 events, next to placing it into an
empty case; and the timeline page of that case.

Builds the case in a throwaway test database (migrated from scratch, dropped at
the end). The engine runs once over the TimeBank/AQUAINT texts (TimeML markup
stripped, each document's DCT as its publication date); each document's
extraction is then stored many times as distinct articles, every copy shifted
by whole years (publication date and event dates; a dated line at the end of
the text gives each copy its own content hash), so the dates spread over
decades the way a long-running case's do. A quarter of the documents of each
year also run at a second outlet (copies of one story: several sources per
event, story groups). The rows are the worker's own (``timeline.proposals``:
one source per found event with the engine's features, each on an event of its
own), inserted in bulk and grouped by the real grouping, a year's copies at a
time (see ``build``); then one event in ten is approved and one in thirty
rejected, as an editor would.

Then one held-out ~20-event document is placed: the engine's extraction once,
then timed only what the worker does after the engine (store the sources,
group, mark the article done), in the big case and in an empty one, median of
``--runs``, each run rolled back so every run meets the same case, with the
placement's query count; before that, the timeline page of the big case.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseline SECRET_KEY=x \\
        .venv/bin/python benchmarks/large_case.py [--events 20000] [--runs 5] \\
        [--article wsj_0568.tml] [--no-page] [--keep-db=NAME]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import hashlib
import os
import pickle
import statistics
import sys
import time
from pathlib import Path

from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Its own throwaway database, clear of any test run on the same server; with
# --keep-db NAME, a database kept between runs (the case is built once).
KEEP_DB = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--keep-db=")), "")
os.environ["TEST_DB_NAME"] = KEEP_DB or f"test_caseline_large_case_{os.getpid()}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

import extraction  # noqa: E402
from articles import engine, ingestion  # noqa: E402
from articles.models import Article, content_hash  # noqa: E402
from timeline import matching, proposals, regrouping  # noqa: E402
from timeline.models import (  # noqa: E402
    Case,
    Event,
    EventChange,
    EventSource,
    Membership,
    SourceKey,
    Suggestion,
)

OUTLETS = ["Wire Service", "Daily Ledger", "Evening Post", "Business Journal"]


@dataclasses.dataclass
class Doc:
    name: str
    text: str
    published: dt.date
    events: tuple  # the engine's events
    timexes: tuple


def shifted(value: str, years: int) -> str:
    """A date value (YYYY, YYYY-MM or YYYY-MM-DD) ``years`` later."""
    if len(value) < 10:
        return f"{int(value[:4]) + years:04d}{value[4:]}"
    day = dt.date.fromisoformat(value) + relativedelta(years=years)
    return day.isoformat()


def corpus() -> list[tuple[str, str, dt.date]]:
    sys.path.insert(0, str(SHARED / "eval"))
    from timex_score import tml_to_text_and_gold

    docs = []
    for folder in ("TimeBank", "AQUAINT"):
        for path in sorted((SHARED / "data/tempeval3/tbaq" / folder).glob("*.tml")):
            text, dct, _ = tml_to_text_and_gold(path)
            docs.append((path.name, text, dt.date.fromisoformat((dct or "")[:10])))
    return docs


def extracted(cache: Path) -> list[Doc]:
    """The engine's extraction of every document, cached by the engine's code
    and model (a rerun after an engine change extracts again)."""
    code = hashlib.sha256()
    for path in sorted((ROOT / "extraction").rglob("*.py")):
        code.update(path.read_bytes())
    code.update(engine.model_name().encode())
    key = code.hexdigest()[:16]
    if cache.exists():
        stored_key, docs = pickle.loads(cache.read_bytes())
        if stored_key == key:
            return docs
    texts = corpus()
    began = time.perf_counter()
    results = extraction.extract_many(
        [(text, published) for _, text, published in texts],
        model=engine.model_name(),
    )
    docs = [
        Doc(name, text, published, r.events, r.timexes)
        for (name, text, published), r in zip(texts, results, strict=True)
    ]
    print(f"engine over {len(docs)} documents: {time.perf_counter() - began:.0f} s")
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps((key, docs)))
    return docs


def copy_of(doc: Doc, years: int, outlet: str, byline: str = "") -> Doc:
    """The document ``years`` later; a line at its end (after every source's
    offsets) makes each copy's text, hence its content hash, its own."""
    published = doc.published + relativedelta(years=years)
    text = f"{doc.text}\n\n{outlet}, {published:%B %-d, %Y}. {byline}".rstrip()
    events = tuple(
        dataclasses.replace(e, date=shifted(e.date, years)) for e in doc.events
    )
    return Doc(doc.name, text, published, events, ())


def article_row(case: Case, doc: Doc, title: str, outlet: str) -> Article:
    now = timezone.now()
    return Article(
        case=case,
        title=title,
        outlet=outlet,
        text=doc.text,
        content_hash=content_hash(doc.text),
        published=doc.published,
        published_source="given at import",
        status=Article.Status.DONE,
        language="en",
        processed_at=now,
        timexes=[
            {"start": t.start, "end": t.end, "type": t.type, "value": t.value}
            for t in doc.timexes
        ],
    )


def store_copies(case: Case, docs: list[Doc], years: int) -> int:
    """Store every document ``years`` later (and a quarter of them again at a
    second outlet, as copies of their story) as the worker would: the
    articles, and one source per found event, each on an event of its own.
    Returns the number of sources."""
    fingerprints = {d.name: matching.fingerprint(d.text) for d in docs}
    outlet = OUTLETS[years % 2]
    batch: list[tuple[Article, Doc]] = []
    for i, doc in enumerate(docs):
        first = copy_of(doc, years, outlet)
        title = f"{doc.name} ({first.published:%Y})"
        batch.append((article_row(case, first, title, outlet), first))
        if i % 4 == 0:
            other = OUTLETS[2 + years % 2]
            second = copy_of(doc, years, other, f"Reporting for the {other}.")
            row = article_row(case, second, f"{title}, {other}", other)
            row.story_title = title  # the story's first article
            batch.append((row, second))
    saved = Article.objects.bulk_create([a for a, _ in batch])
    by_title = {a.title: a for a in saved}
    for article, (_, doc) in zip(saved, batch, strict=True):
        article.fingerprint = fingerprints[doc.name]
        article.bands = matching.bands(article.fingerprint)
        story = getattr(article, "story_title", None)
        article.story_id = by_title[story].pk if story else None
    Article.objects.bulk_update(
        saved, ["fingerprint", "bands", "story"], batch_size=500
    )
    sources = []
    for article, (_, doc) in zip(saved, batch, strict=True):
        features = ingestion.matching_features(doc.events)
        sources += [
            proposals._source(article, found, feats, doc.events)
            for found, feats in zip(doc.events, features, strict=True)
        ]
    proposals._store(case.pk, sources)
    return len(sources)


def build(case: Case, docs: list[Doc], target: int) -> None:
    """Year-shifted copies of the documents until the case has ``target``
    events. Each year's copies are grouped (one full regrouping) in a case of
    their own and then moved into the big one (with their index keys): one
    full regrouping of the whole case took half an hour at 27,000 sources
    before the regional grouping (a shared machine). Years are taken around
    the documents' own
    (0, -1, +1, -2, ...), so no copy is dated far in the future."""
    began = time.perf_counter()
    sources = shifts = 0
    while Event.objects.filter(case=case).count() < target:
        years = (shifts + 1) // 2 * (1 if shifts % 2 else -1)
        part = Case.objects.create(title=f"part {years}", slug=f"part-{shifts}")
        sources += store_copies(part, docs, years)
        with transaction.atomic():
            regrouping.regroup(part.pk)
        for model in (Article, Event, Suggestion, SourceKey):
            model.objects.filter(case=part).update(case=case)
        part.delete()
        shifts += 1
    print(
        f"stored {sources} sources in {shifts} years' copies, each grouped: "
        f"{time.perf_counter() - began:.0f} s"
    )
    review(case)


def review(case: Case) -> None:
    """One event in ten approved and one in thirty rejected, with their history
    rows, as an editor's review leaves them."""
    user = get_user_model().objects.get(username="bench")
    changes = []
    for event in Event.objects.filter(case=case).order_by("id"):
        status = (
            Event.Status.APPROVED
            if event.pk % 10 == 0
            else Event.Status.REJECTED
            if event.pk % 30 == 7
            else None
        )
        if status is None:
            continue
        before = event.snapshot()
        event.status = status
        event.version += 1
        changes.append(
            EventChange(
                event=event,
                user=user,
                action=status.value,
                version=event.version,
                before=before,
                after=event.snapshot(),
            )
        )
    Event.objects.bulk_update(
        [c.event for c in changes], ["status", "version"], batch_size=500
    )
    EventChange.objects.bulk_create(changes, batch_size=500)


def describe(case: Case) -> str:
    events = Event.objects.filter(case=case, deleted_at__isnull=True)
    per_event = events.annotate(n=Count("sources")).values_list("n", flat=True)
    several = sum(1 for n in per_event if n > 1)
    years = events.order_by("date").values_list("date__year", flat=True)
    return (
        f"{events.count()} events ({several} with several sources, "
        f"{years.first()}–{years.last()}), "
        f"{EventSource.objects.filter(event__case=case).count()} sources, "
        f"{case.articles.count()} articles "
        f"({case.articles.filter(story__isnull=False).count()} story copies), "
        f"{Suggestion.objects.filter(case=case).count() // 2} suggestions, "
        f"{events.exclude(status=Event.Status.PROPOSED).count()} reviewed"
    )


def place(case: Case, doc: Doc, run: int) -> tuple[float, int, int]:
    """Seconds and queries of what the worker does after the engine for one
    article, rolled back afterwards. Returns (seconds, queries, sources)."""
    with transaction.atomic():
        article = Article.objects.create(
            case=case,
            title=f"Placed article, run {run}",
            outlet="Placement Times",
            text=doc.text,
            content_hash=content_hash(doc.text),
            published=doc.published,
            status=Article.Status.PROCESSING,
        )
        features = ingestion.matching_features(doc.events)
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            # What the worker does after the engine (ingestion.store_found).
            ingestion.store_found([(article, doc, features, "en")])
            seconds = time.perf_counter() - began
        n = EventSource.objects.filter(article=article).count()
        transaction.set_rollback(True)
    return seconds, len(queries), n


def time_placement(cases: list[tuple[str, Case]], doc: Doc, runs: int) -> None:
    print(
        f"\nplacing {doc.name} ({len(doc.events)} events, published "
        f"{doc.published}), after the engine, median of {runs} runs:"
    )
    print(f"{'case':>28} {'median s':>9} {'runs':>28} {'queries':>8}")
    medians = []
    for label, case in cases:
        results = [place(case, doc, run) for run in range(runs)]
        times = [r[0] for r in results]
        medians.append(statistics.median(times))
        shown = ", ".join(f"{t:.2f}" for t in times)
        print(f"{label:>28} {medians[-1]:>9.3f} {shown:>28} {results[0][1]:>8}")
    print(f"ratio large / empty: {medians[0] / medians[-1]:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--article",
        default="wsj_0568.tml",
        help="the held-out document to place (TimeBank/AQUAINT file name)",
    )
    parser.add_argument(
        "--cache", default=str(ROOT / "var" / "large_case_extraction.pickle")
    )
    parser.add_argument("--no-page", action="store_true", help="skip the page timing")
    parser.add_argument(
        "--keep-db",
        metavar="NAME",
        help="keep the database under this name and reuse its case next time "
        "(while working on the page; give it as --keep-db=NAME)",
    )
    args = parser.parse_args()

    docs = extracted(Path(args.cache))
    held = next(d for d in docs if d.name == args.article)
    rest = [d for d in docs if d.name != args.article]

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=bool(args.keep_db)
    )
    try:
        large = Case.objects.filter(slug="large").first()
        if large is None:
            user = get_user_model().objects.create_user("bench", password="x")
            large = Case.objects.create(title="Large case", slug="large")
            empty = Case.objects.create(title="Empty case", slug="empty")
            for case in (large, empty):
                Membership.objects.create(case=case, user=user, role="editor")
            build(large, rest, args.events)
        user = get_user_model().objects.get(username="bench")
        empty = Case.objects.get(slug="empty")
        print(f"large case: {describe(large)}")
        with connection.cursor() as cursor:
            # The state autovacuum keeps a case in that grew over months: the
            # bulk-built rows marked visible, so the index lookups of a
            # placement need not visit the table (its "index-only" scans).
            cursor.execute("VACUUM ANALYZE")
        if not args.no_page:
            from timeline_page import header, page_rows

            client = Client()
            client.force_login(user)
            print()
            header(args.runs)
            page_rows(
                client,
                large,
                args.runs,
                label="large case",
                word="president",
                everything=False,
            )
        # What is loaded by now is out of the collector's sight, as in a
        # worker once the engine is loaded (config/celery.py).
        gc.freeze()
        time_placement([("large case", large), ("empty case", empty)], held, args.runs)
    finally:
        connection.creation.destroy_test_db(
            old_name, verbosity=0, keepdb=bool(args.keep_db)
        )
        teardown_test_environment()


if __name__ == "__main__":
    main()
