"""Benchmark of the exports (not a test): ``python benchmarks/exports.py``.

Needs PostgreSQL (``DATABASE_URL``, migrated). Bulk-creates two throwaway cases,
one with ``--csv-events`` events (default 100,000) and one with ``--pdf-events``
(default 1,000), each event with one or two sources, then:

* runs ``manage.py export_timeline --format csv`` on each case in a child process
  and reports its wall time and peak resident memory (``ru_maxrss`` of that child,
  from ``os.wait4``), so the small case gives the baseline of a Django process;
* runs the ``csv_lines`` generator in this process under ``tracemalloc`` and
  reports the peak of Python allocations while streaming the large case;
* runs ``export_timeline --format pdf --status all`` on the small case and
  reports time, peak memory and the number of pages.

The cases are deleted afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

STATUSES = ["approved"] * 14 + ["proposed"] * 5 + ["rejected"]
WORDS = (
    "prosecutors armorer sheriff affidavit producers set ammunition rehearsal "
    "revolver cinematographer director indictment grand jury hearing trial"
).split()


def first_day(date: dt.date, precision: int) -> dt.date:
    if precision == 1:
        return date.replace(month=1, day=1)
    if precision == 2:
        return date.replace(day=1)
    return date


def make_case(slug: str, n_events: int, batch: int = 5000):
    from articles.models import Article
    from timeline.models import Case, Event, EventSource

    case = Case.objects.create(title=f"Benchmark {slug}", slug=slug)
    articles = Article.objects.bulk_create(
        Article(
            case=case,
            title=f"Article {i} about the {WORDS[i % len(WORDS)]}",
            outlet=["Santa Fe New Mexican", "Albuquerque Journal", "AP"][i % 3],
            url=f"https://example.org/{slug}/article-{i}",
            published=dt.date(2021, 10, 22) + dt.timedelta(days=i),
            status=Article.Status.DONE,
            content_hash=hashlib.sha256(f"{slug}-{i}".encode()).hexdigest(),
            text="",
        )
        for i in range(200)
    )
    start = dt.date(2000, 1, 1)
    made = 0
    while made < n_events:
        size = min(batch, n_events - made)
        events = Event.objects.bulk_create(
            Event(
                case=case,
                # The first day of the period, as the model stores it.
                date=first_day(
                    start + dt.timedelta(days=(made + i) * 7 % 9000),
                    [3, 3, 3, 2, 1][(made + i) % 5],
                ),
                precision=[3, 3, 3, 2, 1][(made + i) % 5],
                qualifier=["exact", "exact", "about", "before", "after"][
                    (made + i) % 5
                ],
                summary=f"Event {made + i}: the {WORDS[(made + i) % len(WORDS)]} "
                "says what happened on the set of Rust, according to the filing",
                actors=["Alec Baldwin", "Hannah Gutierrez-Reed"][: (made + i) % 3],
                status=STATUSES[(made + i) % len(STATUSES)],
                origin="machine",
            )
            for i in range(size)
        )
        sources = []
        for i, event in enumerate(events):
            for k in range(1 + (i % 3 == 0)):
                sentence = (
                    f"{event.summary}, the newspaper reported, citing records "
                    f"released by the Santa Fe County sheriff's office ({k})."
                )
                sources.append(
                    EventSource(
                        event=event,
                        article=articles[(made + i + k) % len(articles)],
                        sentence=sentence,
                        sentence_start=100 * k,
                        sentence_end=100 * k + len(sentence),
                        date_value=event.date.isoformat(),
                    )
                )
        EventSource.objects.bulk_create(sources, batch_size=5000)
        made += size
    return case


def drop_case(case) -> None:
    from articles.models import Article
    from timeline.models import Event, EventSource

    EventSource.objects.filter(event__case=case).delete()
    Event.objects.filter(case=case).delete()
    Article.objects.filter(case=case).delete()
    case.delete()


def run_child(args: list[str]) -> tuple[float, float]:
    """Run manage.py with ``args``; (seconds, peak RSS in MiB) of that child."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args])
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def traced_csv(case) -> tuple[float, float, int]:
    """Stream the CSV in this process under tracemalloc."""
    from timeline import exports

    events, _, _ = exports.select_events(case, {}, exports.CSV)
    tracemalloc.start()
    started = time.perf_counter()
    size = 0
    for chunk in exports.csv_chunks(exports.csv_lines(events)):
        size += len(chunk)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv-events", type=int, default=100_000)
    parser.add_argument("--pdf-events", type=int, default=1_000)
    parser.add_argument("--keep", action="store_true", help="keep the cases")
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from pypdf import PdfReader

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a migrated PostgreSQL database")
    tag = f"{os.getpid()}-{int(time.time())}"
    started = time.perf_counter()
    big = make_case(f"bench-csv-{tag}", options.csv_events)
    small = make_case(f"bench-pdf-{tag}", options.pdf_events)
    print(
        f"created {options.csv_events:,} + {options.pdf_events:,} events "
        f"in {time.perf_counter() - started:.1f} s"
    )
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for case, n in ((small, options.pdf_events), (big, options.csv_events)):
                out = Path(tmp) / f"{case.slug}.csv"
                seconds, rss = run_child(
                    [
                        "export_timeline",
                        "--case",
                        case.slug,
                        "--format",
                        "csv",
                        "--output",
                        str(out),
                    ]
                )
                lines = out.read_bytes().count(b"\r\n") - 1
                rows.append(
                    (
                        f"CSV, {n:,}-event case (command)",
                        seconds,
                        f"{rss:.0f} MiB RSS",
                        f"{lines:,} rows, {out.stat().st_size / 2**20:.1f} MiB",
                    )
                )
            seconds, peak, size = traced_csv(big)
            rows.append(
                (
                    f"CSV, {options.csv_events:,}-event case (generator)",
                    seconds,
                    f"{peak:.1f} MiB traced peak",
                    f"{size / 2**20:.1f} MiB",
                )
            )
            out = Path(tmp) / "small.pdf"
            seconds, rss = run_child(
                [
                    "export_timeline",
                    "--case",
                    small.slug,
                    "--format",
                    "pdf",
                    "--status",
                    "all",
                    "--output",
                    str(out),
                ]
            )
            pages = len(PdfReader(out).pages)
            from timeline import exports

            shown = exports.select_events(small, {"status": "all"}, exports.PDF)[0]
            rows.append(
                (
                    f"PDF, {shown.count():,} of {options.pdf_events:,} events (all)",
                    seconds,
                    f"{rss:.0f} MiB RSS",
                    f"{pages} pages, {out.stat().st_size / 2**20:.1f} MiB",
                )
            )
    finally:
        if not options.keep:
            drop_case(big)
            drop_case(small)
    print(f"{'export':<44} {'seconds':>8}  {'memory':<22} output")
    for name, seconds, memory, output in rows:
        print(f"{name:<44} {seconds:>8.1f}  {memory:<22} {output}")


if __name__ == "__main__":
    main()
