"""The timeline as one JSON document: the machine-readable export for newsroom
tools and for scoring (``../shared/eval/case_score.py`` reads exactly this).

    {"case": slug, "title": ..., "articles": [...],
     "events": [{"id", "date", "precision", "qualifier", "title", "status",
                 "articles", "independent", "sources_disagree",
                 "sources": [{"article", "article_title", "published", "sentence",
                              "expression", "date", "derivation"}]}]}

``article`` names the article as the journalist gave it: the uploaded file's
name, else its URL, else its title (pasted text).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from .corroboration import with_articles
from .models import Case, Event, EventSource


def article_name(article) -> str:
    return article.original_name or article.url or article.title


def _source(source: EventSource) -> dict:
    article = source.article
    return {
        "article": article_name(article),
        "article_title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "sentence": source.sentence,
        "expression": source.expression,
        "date": source.date_value,
        "derivation": source.derivation,
    }


def _event(event: Event) -> dict:
    sources = list(event.sources.all())
    return {
        "id": str(event.code),
        "date": event.date_value,
        "precision": event.get_precision_display(),
        "qualifier": event.qualifier,
        "title": event.title,
        "status": event.status,
        "articles": len({s.article_id for s in sources}),
        "independent": len({s.article.story_key for s in sources}),
        "sources_disagree": event.sources_disagree,
        "sources": [_source(s) for s in sources],
    }


def case_document(case: Case, events: QuerySet[Event]) -> dict:
    """The JSON export of ``events`` (already filtered) of ``case``."""
    sources = with_articles(EventSource.objects.all()).order_by(
        "article__published", "article_id", "sentence_start", "id"
    )
    events = events.prefetch_related(Prefetch("sources", queryset=sources))
    rows = [_event(e) for e in events]
    return {
        "case": case.slug,
        "title": case.title,
        "articles": _article_names(
            case.articles.only("case_id", "title", "url", "original_name")
        ),
        "events": rows,
    }


def _article_names(articles: Iterable) -> list[str]:
    return sorted(article_name(a) for a in articles)
