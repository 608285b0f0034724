"""Pairwise merge precision and recall on the dev set.

Imports all articles of each dev case (FTX, Theranos, Boeing) into one Caseline
case of a throwaway database (created, migrated and dropped here) through the
ingestion pipeline (in-process), then compares which
extracted sources ended up on the same event with the hand-labelled happenings in
benchmarks/data/dev_happenings.json:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseline SECRET_KEY=x \\
        python benchmarks/merging.py [--verbose]

A source stands for a gold event when it comes from the same article, its
sentence contains the gold evidence and its date equals the gold date. Pairs are
counted over those sources, within a case.
"""

import argparse
import datetime as dt
import itertools
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "dev"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["REDIS_URL"] = ""  # process inline, in this process
# Its own throwaway database, clear of any test run on the same server.
os.environ["TEST_DB_NAME"] = f"test_caseline_merging_{os.getpid()}"
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from articles import ingestion  # noqa: E402
from timeline.models import Case, EventSource  # noqa: E402

DATA = ROOT / "benchmarks" / "data"


def load_set(name: str) -> tuple[list[dict], Path, dict[str, dt.date]]:
    """Labels, the folder of articles and each article's publication date."""
    if name == "dev":
        labels = json.loads((ROOT / "benchmarks/data/dev_happenings.json").read_text())
        published = {
            row["article"]: dt.date.fromisoformat(
                json.loads(
                    (DEV / "gold" / row["article"].replace(".txt", ".json")).read_text()
                )["published"]
            )
            for row in labels
        }
        return labels, DEV / "articles", published
    labels = json.loads((DATA / name / "happenings.json").read_text())
    manifest = json.loads((DATA / name / "manifest.json").read_text())
    published = {m["file"]: dt.date.fromisoformat(m["published"]) for m in manifest}
    return labels, DATA / name / "articles", published


def run_case(
    name: str,
    labels: list[dict],
    folder: Path,
    published: dict[str, dt.date],
    verbose: bool,
) -> tuple[int, int, int]:
    articles = sorted({row["article"] for row in labels})
    case = Case.objects.create(
        title=f"merge bench {name}", slug=f"merge-bench-{name}-{os.getpid()}"
    )
    try:
        by_file = {}
        for filename in articles:
            text = (folder / filename).read_text(encoding="utf-8")
            with transaction.atomic():
                article, _ = ingestion.add_text_article(
                    case, title=filename, text=text, published=published[filename]
                )
            ingestion.process_article(article.pk)
            by_file[filename] = (article, text)
        # gold event -> the event its source landed on
        landed: dict[int, int] = {}
        for i, row in enumerate(labels):
            article, text = by_file[row["article"]]
            start = text.index(row["evidence"])
            end = start + len(row["evidence"])
            source = (
                EventSource.objects.filter(
                    article=article,
                    sentence_start__lte=start,
                    sentence_end__gte=end,
                    date_value=row["date"],
                )
                .order_by("id")
                .first()
            )
            if source is not None:
                landed[i] = source.event_id
        tp = fp = fn = 0
        for i, j in itertools.combinations(sorted(landed), 2):
            same_gold = labels[i]["happening"] == labels[j]["happening"]
            same_sys = landed[i] == landed[j]
            tp += same_gold and same_sys
            fp += same_sys and not same_gold
            fn += same_gold and not same_sys
            if verbose and same_gold != same_sys:
                kind = "MISSED MERGE" if same_gold else "WRONG MERGE "
                print(
                    f"  {kind} {labels[i]['article'][:2]}:{labels[i]['evidence'][:45]!r}"
                    f" ~ {labels[j]['article'][:2]}:{labels[j]['evidence'][:45]!r}"
                )
        print(
            f"{name:<9} gold events found {len(landed):>3}/{len(labels):<3} "
            f"pairs tp={tp} fp={fp} fn={fn}"
        )
        return tp, fp, fn
    finally:
        case.delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--set",
        choices=("dev", "dev2", "heldout"),
        default="dev",
        help="the dev cases (../shared/data/dev), or benchmarks/data/dev2 or heldout",
    )
    args = parser.parse_args()
    labels, folder, published = load_set(args.set)
    groups = defaultdict(list)
    for row in labels:
        groups[row["case"]].append(row)
    totals = [0, 0, 0]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        for name, rows in groups.items():
            found = run_case(name, rows, folder, published, args.verbose)
            for k, v in enumerate(found):
                totals[k] += v
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    tp, fp, fn = totals
    precision = 100 * tp / (tp + fp) if tp + fp else 0.0
    recall = 100 * tp / (tp + fn) if tp + fn else 0.0
    print(
        f"\npairwise merge precision {precision:.1f}  recall {recall:.1f}  "
        f"(tp={tp} fp={fp} fn={fn})"
    )


if __name__ == "__main__":
    main()
