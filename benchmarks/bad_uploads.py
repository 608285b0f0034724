"""Bad and tricky uploads (issue 12) through a real worker: outcome, message,
events and the worker's peak memory for each.

    SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseline \\
    REDIS_URL=redis://127.0.0.1:6379/0 python benchmarks/bad_uploads.py [--bomb-mib 1024]

The corpus is tests/articles/corpus.py (the zip bomb here inflates to
--bomb-mib MiB, 1 GiB by default). Each file is imported on its own with
``import_articles --json`` into a throwaway database and processed by one real
Celery worker (prefork, concurrency 1). Before each file the peak RSS of every
worker process is reset (writing 5 to /proc/PID/clear_refs); after it, the
largest VmHWM among them is the file's "peak RSS".
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["TEST_DB_NAME"] = f"test_caseline_bad_uploads_{os.getpid()}"
os.environ.setdefault("CELERY_QUEUE", f"caseline-bench-{os.getpid()}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from benchmarks.memory import peak_kib, reset_peaks, worker_pids  # noqa: E402
from tests.articles import corpus  # noqa: E402
from tests.worker import Worker  # noqa: E402
from timeline.models import Case  # noqa: E402


def run(item: corpus.Case, folder: Path, leader: int) -> tuple[dict, int, float]:
    path = folder / item.name
    path.write_bytes(item.data)
    pids = worker_pids(leader)
    reset_peaks(pids)
    started = time.monotonic()
    out = io.StringIO()
    call_command("import_articles", str(path), case="bad", json=True, stdout=out)
    took = time.monotonic() - started
    line = json.loads(out.getvalue().splitlines()[-1])
    return line, peak_kib(worker_pids(leader)), took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bomb-mib", type=int, default=1024)
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    worker = Worker(concurrency=1).start()
    try:
        Case.objects.create(title="Bad uploads", slug="bad")
        items = corpus.cases(bomb_bytes=args.bomb_mib * 1024 * 1024)
        can_reset = reset_peaks(worker_pids(worker.proc.pid))
        print(f"worker peak RSS per file{'' if can_reset else ' (running peak)'}")
        print(
            f"{'file':<27} {'size':>8} {'expected':<10} {'outcome':<10} "
            f"{'ok':<3} {'events':>6} {'RSS MiB':>7} {'secs':>5}  message"
        )
        overall = 0
        with tempfile.TemporaryDirectory() as folder:
            for item in items:
                line, peak, took = run(item, Path(folder), worker.proc.pid)
                overall = max(overall, peak)
                said = line["reason"] or "; ".join(line["warnings"])
                ok = line["status"] == item.status and item.message in " ".join(
                    [line["reason"], *line["warnings"]]
                )
                print(
                    f"{item.name:<27} {len(item.data):>8} {item.status:<10} "
                    f"{line['status']:<10} {'yes' if ok else 'NO':<3} "
                    f"{len(line['events']):>6} {peak / 1024:>7.0f} {took:>5.1f}  "
                    f"{said[:110]}"
                )
        print(f"worker peak RSS over the corpus: {overall / 1024:.0f} MiB")
    finally:
        worker.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
