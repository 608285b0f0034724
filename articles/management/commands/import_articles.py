"""Bulk import: queue files through the same pipeline as the upload page.

python manage.py import_articles --case SLUG [--published YYYY-MM-DD] [--wait] PATH...
"""

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import ingestion
from articles.models import Article
from timeline.models import Case

FINISHED = {Article.Status.DONE, Article.Status.FAILED, Article.Status.NEEDS_DATE}


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
        parser.add_argument("--timeout", type=float, default=600)

    def handle(self, *args, paths, case, published, wait, timeout, **options) -> None:
        try:
            target = Case.objects.get(slug=case)
        except Case.DoesNotExist:
            raise CommandError(f"No case with the slug {case!r}.") from None
        files = expand(paths)
        if not files:
            raise CommandError("No files found.")
        articles: list[tuple[Path, Article, bool]] = []
        for path in files:
            with transaction.atomic():
                article, created = ingestion.add_file_article(
                    target,
                    name=path.name,
                    data=path.read_bytes(),
                    published_fallback=published,
                )
            articles.append((path, article, created))
            if not created:
                self.stdout.write(
                    f"duplicate  {path}: already in the case as #{article.pk}"
                )
        if not wait:
            self.stdout.write(f"Queued {sum(c for _, _, c in articles)} article(s).")
            return
        ids = [a.pk for _, a, created in articles if created]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = Article.objects.filter(pk__in=ids).exclude(status__in=FINISHED)
            if not pending.exists():
                break
            time.sleep(0.25)
        for path, article, created in articles:
            if not created:
                continue
            article.refresh_from_db()
            n = article.event_sources.count()
            line = f"{article.status:<10} {n:>3} events  {path}"
            if article.error:
                line += f"  — {article.error}"
            elif article.status == Article.Status.NEEDS_DATE:
                line += "  — needs its publication date (--published)"
            self.stdout.write(line)


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
