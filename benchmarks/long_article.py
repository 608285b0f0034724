"""A long plain-text article through a real worker (issues 12 and 13): its size,
seconds from queue to done, events, and the worker's peak RSS.

    SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseline \\
    REDIS_URL=redis://127.0.0.1:6379/0 python benchmarks/long_article.py [--mb 1 3]

Each article is the TimeBank and AQUAINT texts (their markup stripped), joined
by blank lines and repeated up to the size. It is imported with
``import_articles --json`` into a throwaway case of a throwaway database and
processed by one real Celery worker (prefork, concurrency 1, as many pool
processes as the date engine starts for a long text). While it runs, the peak
RSS (VmHWM) of every process of the worker's process group is sampled, so
that processes that end before the article is done are counted too.

"queue to done" runs from the article's queueing to its processing's end (the
article's own timestamps); "extract" is the date engine alone on the same text
in this process afterwards, and "the rest" the difference: storing the events
and grouping them into the case.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CASELINE_SHARED", ROOT / ".." / "shared")).resolve()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["TEST_DB_NAME"] = f"test_caseline_long_article_{os.getpid()}"
os.environ.setdefault("CELERY_QUEUE", f"caseline-bench-{os.getpid()}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

import extraction  # noqa: E402
from articles import engine  # noqa: E402
from articles.models import Article  # noqa: E402
from benchmarks.memory import peak_kib, reset_peaks, worker_pids  # noqa: E402
from tests.worker import Worker  # noqa: E402
from timeline.models import Case  # noqa: E402

PUBLISHED = "2000-01-01"


def news_text(size: int) -> str:
    """``size`` characters of TimeBank and AQUAINT text, markup stripped."""
    sys.path.insert(0, str(SHARED / "eval"))
    from timex_score import tml_to_text_and_gold

    texts = [
        tml_to_text_and_gold(path)[0]
        for folder in ("TimeBank", "AQUAINT")
        for path in sorted((SHARED / "data/tempeval3/tbaq" / folder).glob("*.tml"))
    ]
    text = "\n\n".join(texts)
    while len(text) < size:
        text += "\n\n" + text
    return text[:size]


def import_watched(path: Path, slug: str, leader: int) -> tuple[dict, int]:
    """``import_articles --json`` of one file, with the largest VmHWM any of
    the worker's processes reached meanwhile (KiB)."""
    found: dict = {}

    def run() -> None:
        out = io.StringIO()
        try:
            call_command(
                "import_articles",
                str(path),
                case=slug,
                json=True,
                published=PUBLISHED,
                timeout=900,
                stdout=out,
            )
            found.update(json.loads(out.getvalue().splitlines()[-1]))
        finally:
            connections.close_all()

    reset_peaks(worker_pids(leader))
    thread = threading.Thread(target=run)
    thread.start()
    peak = 0
    while thread.is_alive():
        peak = max(peak, peak_kib(worker_pids(leader)))
        time.sleep(0.1)
    return found, max(peak, peak_kib(worker_pids(leader)))


def in_process(text: str) -> float:
    """Seconds of the date engine alone on ``text`` in this process."""
    engine.warm_up()
    started = time.perf_counter()
    extraction.extract(text, PUBLISHED, model=engine.model_name())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 3])
    parser.add_argument(
        "--time-limit",
        help="the worker's CELERY_TASK_TIME_LIMIT in seconds (default: the setting's), "
        "to see how long an article takes on a busy machine",
    )
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    env = {"CELERY_TASK_TIME_LIMIT": args.time_limit} if args.time_limit else {}
    worker = Worker(concurrency=1, **env).start()
    print(
        f"{'size':>9} {'status':<8} {'queue→done s':>12} {'extract s':>9} "
        f"{'the rest s':>10} {'events':>6} {'worker peak RSS MiB':>19}",
        flush=True,
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            for mb in args.mb:
                size = int(mb * 1_000_000)
                text = news_text(size)
                slug = f"long-{size}"
                Case.objects.create(title=f"A {mb:g} MB article", slug=slug)
                path = Path(folder) / f"long-{size}.txt"
                path.write_text(text, encoding="utf-8")
                line, peak = import_watched(path, slug, worker.proc.pid)
                article = Article.objects.filter(case__slug=slug).get()
                took = (
                    (article.processed_at - article.queued_at).total_seconds()
                    if article.processed_at and article.queued_at
                    else float("nan")
                )
                alone = in_process(text)
                print(
                    f"{size:>9} {line['status']:<8} {took:>12.1f} {alone:>9.1f} "
                    f"{took - alone:>10.1f} {len(line['events']):>6} "
                    f"{peak / 1024:>19.0f}"
                    + (f"  {line['reason']}" if line["reason"] else ""),
                    flush=True,
                )
    finally:
        worker.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
