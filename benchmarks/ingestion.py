"""Ingestion benchmark: upload-to-timeline latency and worker throughput.

Runs against the configured PostgreSQL and Redis with real Celery workers, in
throwaway cases that it deletes afterwards:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseline \\
    REDIS_URL=redis://127.0.0.1:6379/0 SECRET_KEY=x python benchmarks/ingestion.py

1. Seconds from upload (the upload view's POST) to the seed article's events
   being on the timeline page, median of 5.
2. 200 news articles (TimeBank + AQUAINT texts, each with its own date) through
   2 worker processes, in articles per minute, next to the date engine alone in
   one process (extract_many) on the same texts; and the engine alone in two
   processes at once, the machine's ceiling for two workers.
"""

import html
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CELERY_QUEUE", f"caseline-bench-{os.getpid()}")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article  # noqa: E402
from timeline.models import Case, Event, Membership  # noqa: E402

FINISHED = ("done", "failed", "needs_date")


def start_worker(concurrency: int) -> subprocess.Popen:
    log_path = ROOT / "var" / f"bench-worker-{concurrency}.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            os.environ["CELERY_QUEUE"],
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while "ready." not in log_path.read_text():
        if time.monotonic() > deadline or proc.poll() is not None:
            raise SystemExit(f"the worker did not start; see {log_path}")
        time.sleep(0.2)
    # The pool processes load the spaCy pipeline as they start; let them finish.
    time.sleep(5)
    return proc


def seed_latency(client: Client, user) -> list[float]:
    seed = (SHARED / "data/seed/articles/rust-restart-california.txt").read_bytes()
    times = []
    for run in range(5):
        case = Case.objects.create(
            title=f"bench latency {run}", slug=f"bench-lat-{os.getpid()}-{run}"
        )
        Membership.objects.create(case=case, user=user, role="journalist")
        t0 = time.perf_counter()
        client.post(
            reverse("articles:article_upload", args=[case.slug]),
            {
                "kind": "files",
                "upload-published": "2022-10-20",
                "upload-files": [SimpleUploadedFile("seed.txt", seed)],
            },
        )
        while not Article.objects.filter(case=case, status__in=FINISHED).exists():
            time.sleep(0.05)
        page = client.get(case.get_absolute_url()).text
        summary = (
            Event.objects.filter(case=case).values_list("summary", flat=True).first()
        )
        assert summary and summary[:30] in html.unescape(page), "events not shown"
        times.append(time.perf_counter() - t0)
        delete_when_settled(case)
    return times


def delete_when_settled(case: Case) -> None:
    """Delete a throwaway case once the worker has settled it: deleting it
    while the settling writes would make the two deadlock."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not Case.objects.filter(pk=case.pk, needs_settling=True).exists():
            break
        time.sleep(0.05)
    time.sleep(0.5)  # the settling task's last writes, after the flag
    case.delete()


def news_texts(n: int) -> list[tuple[str, str]]:
    sys.path.insert(0, str(SHARED / "eval"))
    from timex_score import tml_to_text_and_gold

    docs = []
    for folder in ("TimeBank", "AQUAINT"):
        for path in sorted((SHARED / "data/tempeval3/tbaq" / folder).glob("*.tml")):
            text, dct, _ = tml_to_text_and_gold(path)
            docs.append((text, (dct or "2000-01-01")[:10]))
    return docs[:n]


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone (a connection closed)
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def busy_pids(worker: subprocess.Popen) -> dict[str, list[int]]:
    """The worker's processes and every server process of this database (the
    workers keep their connections): the CPU an import uses, all told."""
    from django.db import connection

    children = subprocess.run(
        ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
    ).stdout.split()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        )
        backends = [pid for (pid,) in cur.fetchall()]
    return {
        "worker": [worker.pid],
        "pool": list(map(int, children)),
        "database": backends,
        "benchmark": [os.getpid()],
    }


def throughput(user, docs, worker: subprocess.Popen) -> float:
    import datetime as dt

    from articles import ingestion

    case = Case.objects.create(title="bench throughput", slug=f"bench-tp-{os.getpid()}")
    pids = busy_pids(worker)
    cpu0 = {name: cpu_seconds(group) for name, group in pids.items()}
    t0 = time.perf_counter()
    ids = []
    for i, (text, published) in enumerate(docs):
        article, _ = ingestion.add_text_article(
            case,
            title=f"doc {i}",
            text=text,
            published=dt.date.fromisoformat(published),
        )
        ids.append(article.pk)
    # Polled finely only near the end, so the end is seen within 20 ms without
    # the benchmark's own queries taking a worker's CPU meanwhile.
    waiting = Article.objects.filter(pk__in=ids).exclude(status__in=FINISHED)
    while left := waiting.count():
        time.sleep(0.2 if left > 20 else 0.02)
    elapsed = time.perf_counter() - t0
    # Processes that came and went during the run are not counted.
    cpu = {name: cpu_seconds(group) - cpu0[name] for name, group in pids.items()}
    done = Article.objects.filter(pk__in=ids, status="done").count()
    events = Event.objects.filter(case=case).count()
    print(f"  {done}/{len(ids)} done, {events} events, {elapsed:.1f} s")
    print(
        f"  CPU: {sum(cpu.values()):.1f} s in all; "
        + ", ".join(f"{name} {took:.1f} s" for name, took in cpu.items())
    )
    delete_when_settled(case)
    return len(ids) / elapsed * 60


BATCH_LINE = re.compile(
    r"(\d+) articles read and parsed in [\d.]+ s \(([\d.]+) s CPU\), "
    r"stored and placed in [\d.]+ s \(([\d.]+) s CPU\)"
)


def worker_split(log_text: str) -> str:
    """CPU seconds the workers spent parsing and storing, from their log
    (one line per batch), and the batches' sizes."""
    rows = [tuple(map(float, m.groups())) for m in BATCH_LINE.finditer(log_text)]
    rows = [r for r in rows if r[0] > 0][-1000:]
    sizes = [int(r[0]) for r in rows]
    return (
        f"{len(rows)} batches ({', '.join(map(str, sizes))} articles): "
        f"read and parsed {sum(r[1] for r in rows):.1f} s CPU, "
        f"stored and placed {sum(r[2] for r in rows):.1f} s CPU"
    )


def engine_alone(docs) -> float:
    import extraction
    from articles import engine

    engine.warm_up()
    t0, cpu = time.perf_counter(), time.process_time()
    for _ in extraction.extract_many(docs, model=engine.model_name()):
        pass
    print(f"  engine alone: {time.process_time() - cpu:.1f} s CPU")
    return len(docs) / (time.perf_counter() - t0) * 60


def engine_in_two(docs) -> float:
    """The engine alone in 2 processes at once, forked after loading as the
    worker's pool is, each on every other text: what two cores of this machine
    give when nothing but the engine runs, the most 2 workers could reach. (On
    a virtual machine whose two cores share one physical core the engine runs
    slower in each process when both run.)"""
    import multiprocessing

    import extraction
    from articles import engine

    engine.warm_up()

    def run(part) -> None:
        for _ in extraction.extract_many(part, model=engine.model_name()):
            pass

    fork = multiprocessing.get_context("fork")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    workers = [fork.Process(target=run, args=(docs[i::2],)) for i in range(2)]
    for proc in workers:
        proc.start()
    for proc in workers:
        proc.join()
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    print(f"  engine alone in 2 processes at once: {cpu:.1f} s CPU")
    return len(docs) / elapsed * 60


def tidy() -> None:
    """Vacuum and analyze the database first, as autovacuum keeps a server's
    (it may be off on a development machine): each run creates and deletes
    cases, and a table full of dead rows and without statistics would be
    measured, not the workers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main() -> None:
    assert not settings.CELERY_TASK_ALWAYS_EAGER, (
        "set REDIS_URL: this needs real workers"
    )
    (ROOT / "var").mkdir(exist_ok=True)
    tidy()
    user, _ = get_user_model().objects.get_or_create(username="bench-journalist")
    client = Client()
    client.force_login(user)
    worker = start_worker(2)
    try:
        lat = seed_latency(client, user)
        docs = news_texts(200)
        mark = (ROOT / "var" / "bench-worker-2.log").read_text()
        tp = throughput(user, docs, worker)
        split = worker_split(
            (ROOT / "var" / "bench-worker-2.log").read_text()[len(mark) :]
        )
    finally:
        worker.terminate()
        worker.wait(30)
    # Two processes first: forked after the one-process run, they would start
    # with its caches warm on these very texts (the workers start without).
    both = engine_in_two(docs)
    alone = engine_alone(docs)
    print()
    print("| measure | value |")
    print("|---|---|")
    print(
        f"| seed article, upload → events on the timeline, median of 5 | {statistics.median(lat):.2f} s (runs: {', '.join(f'{t:.2f}' for t in lat)}) |"
    )
    print(f"| 200 news articles through 2 worker processes | {tp:.0f} articles/min |")
    print(
        f"| date engine alone, 1 process, same 200 articles | {alone:.0f} articles/min |"
    )
    print(f"| ratio | {tp / alone:.2f}× |")
    print(
        f"| date engine alone in 2 processes at once (nothing else running) | "
        f"{both:.0f} articles/min = {both / alone:.2f}× one: the most 2 workers "
        f"could reach here; the workers reached {tp / both:.0%} of it |"
    )
    print(f"| the 200 in the workers | {split} |")


if __name__ == "__main__":
    main()
