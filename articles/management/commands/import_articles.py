"""Bulk import: queue files through the same pipeline as the upload page.

python manage.py import_articles --case SLUG [--published YYYY-MM-DD] [--wait]
                                 [--json] PATH...

With --json (which implies --wait) it prints one JSON object per file per line,
in input order: {"file", "status", "reason", "warnings", "published",
"published_source", "title", "text", "events": [{"date", "sentence",
"expression"}]}; status is "rejected" (refused before queuing), "failed",
"done" or "needs_date" ("queued"/"processing" only when --timeout ran out).
"""

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import ingestion
from articles.models import Article
from articles.readers import refusal
from timeline.models import Case

FINISHED = {Article.Status.DONE, Article.Status.FAILED, Article.Status.NEEDS_DATE}
NEEDS_DATE = "needs its publication date (--published)"


@dataclass
class Imported:
    path: Path
    article: Article | None = None
    created: bool = False
    refused: str = ""


class Command(BaseCommand):
    help = "Import article files into a case and queue them for extraction."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--case", required=True, help="the case's slug")
        parser.add_argument(
            "--published",
            type=dt.date.fromisoformat,
            help="publication date for files whose metadata has none (YYYY-MM-DD)",
        )
        parser.add_argument(
            "--wait", action="store_true", help="block until every file is processed"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print one JSON object per file per line, in input order "
            "(implies --wait)",
        )
        parser.add_argument("--timeout", type=float, default=600)

    def handle(
        self, *args, paths, case, published, wait, as_json, timeout, **options
    ) -> None:
        try:
            target = Case.objects.get(slug=case)
        except Case.DoesNotExist:
            raise CommandError(f"No case with the slug {case!r}.") from None
        files = expand(paths)
        if not files:
            raise CommandError("No files found.")
        imported = [import_file(target, path, published) for path in files]
        if not as_json:
            for item in imported:
                if item.refused:
                    self.stdout.write(f"rejected   {item.path}  — {item.refused}")
                elif not item.created:
                    self.stdout.write(
                        f"duplicate  {item.path}: already in the case as "
                        f"#{item.article.pk}"
                    )
        if not (wait or as_json):
            queued = sum(item.created for item in imported)
            self.stdout.write(f"Queued {queued} article(s).")
            return
        wait_for([i.article.pk for i in imported if i.article is not None], timeout)
        for item in imported:
            if as_json:
                self.stdout.write(json.dumps(report(item), ensure_ascii=False))
            elif item.created:
                self.stdout.write(summary_line(item))


def import_file(case: Case, path: Path, published: dt.date | None) -> Imported:
    data = path.read_bytes()
    reason = refusal(data, path.name)
    if reason:
        return Imported(path, refused=reason)
    with transaction.atomic():
        article, created = ingestion.add_file_article(
            case, name=path.name, data=data, published_fallback=published
        )
    return Imported(path, article, created)


def wait_for(ids: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = Article.objects.filter(pk__in=ids).exclude(status__in=FINISHED)
        if not pending.exists():
            return
        time.sleep(0.25)


def summary_line(item: Imported) -> str:
    article = item.article
    article.refresh_from_db()
    n = article.event_sources.count()
    line = f"{article.status:<10} {n:>3} events  {item.path}"
    if article.error:
        line += f"  — {article.error}"
    elif article.status == Article.Status.NEEDS_DATE:
        line += f"  — {NEEDS_DATE}"
    return line


def report(item: Imported) -> dict:
    """The file's JSON line."""
    line = {
        "file": str(item.path),
        "status": "rejected",
        "reason": item.refused,
        "warnings": [],
        "published": None,
        "published_source": "",
        "title": "",
        "text": "",
        "events": [],
    }
    if item.article is None:
        return line
    article = Article.objects.get(pk=item.article.pk)
    warnings = list(article.warnings)
    if not item.created:
        warnings.insert(
            0, f"Already in the case as #{article.pk}; it was not processed again."
        )
    reason = article.error
    if article.status == Article.Status.NEEDS_DATE:
        reason = f"The article {NEEDS_DATE}."
    elif article.status not in FINISHED:
        reason = "Still waiting for a worker when --timeout ran out."
    sources = article.event_sources.order_by("sentence_start", "date_value")
    return {
        **line,
        "status": article.status,
        "reason": reason,
        "warnings": warnings,
        "published": article.published.isoformat() if article.published else None,
        "published_source": article.published_source,
        "title": article.title,
        "text": article.text,
        "events": [
            {"date": s.date_value, "sentence": s.sentence, "expression": s.expression}
            for s in sources
        ],
    }


def expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"No such file: {raw}")
    return files
