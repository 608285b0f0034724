"""One event per happening: build each dev case through the real pipeline, in
forward and reverse order, export its JSON and score it with
``../shared/eval/case_score.py``.

    SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseline \\
    REDIS_URL=redis://127.0.0.1:6379/0 python benchmarks/case_grouping.py [--inline]

Each case gets its articles imported one at a time with ``import_articles
--wait`` (each with its own publication date) into a throwaway database,
processed by a real Celery worker (``--inline``: in this process, faster while
developing). Prints the case_score line per case and order, whether both
orders gave the same grouping, and the title fragment rate. The case is
settled (grouped from scratch) once no article is in progress, so this scores
the settled timeline; ``--unsettled`` scores it as placed article by article.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CASES = ("ftx", "theranos", "boeing")
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["TEST_DB_NAME"] = f"test_caseline_grouping_{os.getpid()}"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inline", action="store_true", help="no worker: in-process")
    parser.add_argument(
        "--batch",
        action="store_true",
        help="also queue each case's articles all at once to 2 worker processes "
        "and check the grouping is the one of one-at-a-time imports",
    )
    parser.add_argument("--case", action="append", choices=CASES)
    parser.add_argument("--order", choices=("forward", "reverse", "both"))
    parser.add_argument("--verbose", action="store_true", help="case_score's report")
    parser.add_argument("--keep", help="write the JSON exports into this folder")
    parser.add_argument(
        "--unsettled",
        action="store_true",
        help="score the grouping as placed article by article, before the case "
        "is settled (a queued stand-in article keeps the case busy)",
    )
    return parser.parse_args()


ARGS = parse_args()
if ARGS.inline:
    os.environ["REDIS_URL"] = ""
    os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from timeline.models import Case  # noqa: E402


def published_of(name: str) -> str:
    gold = SHARED / "data/dev/gold" / name.replace(".txt", ".json")
    return json.loads(gold.read_text())["published"]


STAND_IN = "stand-in keeping the case busy"


def build(slug: str, names: list[str], wait_each: bool = True) -> dict:
    from articles.models import Article

    Case.objects.filter(slug=slug).delete()
    case = Case.objects.create(title=slug, slug=slug)
    if ARGS.unsettled:
        Article.objects.create(case=case, title=STAND_IN, status=Article.Status.QUEUED)
    for name in names:
        path = SHARED / "data/dev/articles" / name
        call_command(
            "import_articles",
            str(path),
            case=slug,
            published=published_of(name),
            wait=wait_each,
            stdout=open(os.devnull, "w"),
        )
    wait_for_case(slug)
    Article.objects.filter(case=case, title=STAND_IN).delete()
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    call_command("export_timeline", case=slug, format="json", output=out, stderr=None)
    return json.loads(Path(out).read_text())


def wait_for_case(slug: str, timeout: float = 300) -> None:
    """Until every article is processed and, unless --unsettled, the worker
    that finished the last one has settled the case (the export must not
    catch the timeline between the two)."""
    from articles.models import Article

    deadline = time.monotonic() + timeout
    pending = Article.objects.filter(
        case__slug=slug, status__in=[Article.Status.QUEUED, Article.Status.PROCESSING]
    ).exclude(title=STAND_IN)
    unsettled = Case.objects.filter(slug=slug, needs_settling=True)
    while time.monotonic() < deadline and (
        pending.exists() or (not ARGS.unsettled and unsettled.exists())
    ):
        time.sleep(0.2)


def grouping(document: dict) -> set[frozenset]:
    """The partition of sources into events, independent of ids and order."""
    return {
        frozenset((s["article"], s["sentence"], s["date"]) for s in e["sources"])
        for e in document["events"]
    }


def score(document: dict, case: str, verbose: bool) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({**document, "case": case}, f)
    cmd = [sys.executable, str(SHARED / "eval/case_score.py"), f.name]
    if not verbose:
        cmd.append("--quiet")
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def fragment_rate(documents: list[dict]) -> tuple[int, int]:
    """Titles that do not read as a chronology line (extraction.titles' check,
    on a parse of the title itself)."""
    import extraction
    from extraction.titles import fragment_reasons

    nlp = extraction.load_nlp()
    titles = [e["title"] for d in documents for e in d["events"]]
    bad = [t for t in titles if fragment_reasons(t, list(nlp(t)))]
    if ARGS.verbose:
        for title in bad:
            print(f"  fragment: {title}")
    return len(bad), len(titles)


def start_worker():
    if ARGS.inline:
        return None
    from tests.worker import Worker

    return Worker(concurrency=2 if ARGS.batch else 1).start()


def main() -> None:
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    worker = start_worker()
    documents = []
    try:
        for case in ARGS.case or CASES:
            names = json.loads(
                (SHARED / f"data/cases/{case}/articles.json").read_text()
            )
            orders = {"forward": names["dev"], "reverse": names["dev"][::-1]}
            if ARGS.order in orders:
                orders = {ARGS.order: orders[ARGS.order]}
            groups = []
            for order, files in orders.items():
                started = time.monotonic()
                document = build(f"{case}-{order}", files)
                took = time.monotonic() - started
                documents.append(document)
                groups.append(grouping(document))
                if ARGS.keep:
                    Path(ARGS.keep).mkdir(exist_ok=True)
                    Path(ARGS.keep, f"{case}-{order}.json").write_text(
                        json.dumps(document, indent=1, ensure_ascii=False)
                    )
                line = score(document, case, ARGS.verbose).rstrip()
                print(f"{case:<9} {order:<8} {took:5.1f}s  {line}")
            if len(groups) == 2:
                same = "identical" if groups[0] == groups[1] else "DIFFERENT"
                print(f"{case:<9} grouping in both orders: {same}")
            if ARGS.batch and not ARGS.inline:
                together = grouping(build(f"{case}-batch", names["dev"], False))
                same = "identical" if together == groups[0] else "DIFFERENT"
                print(f"{case:<9} all queued at once to 2 workers: {same}")
    finally:
        if worker is not None:
            worker.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    bad, total = fragment_rate(documents)
    if total:
        print(f"title fragments {bad}/{total} = {100 * bad / total:.1f}%")


if __name__ == "__main__":
    main()
