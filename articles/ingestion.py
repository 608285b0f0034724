"""Turning an article into proposed events: the domain side of the Celery task."""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from timeline.models import Event, EventSource, parse_date_value

from . import engine
from .models import Article, content_hash

log = logging.getLogger(__name__)


class ArticleUnreadable(Exception):
    """The article cannot be processed; the message is shown to the journalist."""


def add_article(
    case,
    *,
    title: str,
    text: str,
    published: dt.date | None,
    published_source: str = "",
    outlet: str = "",
    url: str = "",
    author: str = "",
    uploaded_by=None,
    original_file=None,
) -> tuple[Article, bool]:
    """Store an article and queue it for extraction once the transaction commits.

    Returns (article, created). The same text already in the case is not stored or
    processed again; the existing article is returned with created=False.
    """
    digest = content_hash(text) if text.strip() else ""
    if digest:
        existing = Article.objects.filter(case=case, content_hash=digest).first()
        if existing is not None:
            return existing, False
    article = Article(
        case=case,
        title=title[:500] or "Untitled article",
        text=text,
        published=published,
        published_source=published_source if published else "",
        outlet=outlet[:200],
        url=url[:2000],
        author=author[:300],
        uploaded_by=uploaded_by,
        content_hash=digest,
    )
    if original_file is not None:
        article.original_file = original_file
    if not text.strip():
        article.status = Article.Status.FAILED
        article.error = "The file contains no text to read."
        article.save()
        return article, True
    article.status = Article.Status.NEEDS_DATE if published is None else Article.Status.QUEUED
    article.save()
    if published is not None:
        queue_extraction(article)
    return article, True


def queue_extraction(article: Article) -> None:
    """Mark the article queued and send it to a worker after commit."""
    from .tasks import extract_article_events

    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.QUEUED, error=""
    )
    article.status = Article.Status.QUEUED
    article.error = ""
    article_id = article.pk
    transaction.on_commit(lambda: extract_article_events.delay(article_id=article_id))


def claim(article_id: int) -> Article | None:
    """Move a queued article to processing; None when there is nothing to do.

    A redelivered task (worker killed mid-article) finds it still processing and
    takes it over; a duplicate of a finished task finds it done and stops.
    """
    with transaction.atomic():
        article = (
            Article.objects.select_for_update().filter(pk=article_id).first()
        )
        if article is None or article.status not in (
            Article.Status.QUEUED,
            Article.Status.PROCESSING,
        ):
            return None
        article.status = Article.Status.PROCESSING
        article.attempts += 1
        article.save(update_fields=["status", "attempts"])
    return article


def process_article(article_id: int) -> None:
    """Extract the article's events and store them, exactly once."""
    article = claim(article_id)
    if article is None:
        return
    try:
        extracted = engine.extract(article.text, article.published)
    except Exception as exc:
        log.exception("extraction failed for article %s", article_id)
        mark_failed(article_id, f"The date engine could not read this article ({exc}).")
        return
    with transaction.atomic():
        locked = Article.objects.select_for_update().filter(pk=article_id).first()
        if locked is None or locked.status != Article.Status.PROCESSING:
            return  # a duplicate task finished first
        store_events(locked, extracted.events)
        locked.status = Article.Status.DONE
        locked.error = ""
        locked.processed_at = timezone.now()
        locked.save(update_fields=["status", "error", "processed_at"])


def mark_failed(article_id: int, reason: str) -> None:
    Article.objects.filter(pk=article_id).update(
        status=Article.Status.FAILED, error=reason, processed_at=timezone.now()
    )


def discard_unreviewed_events(article: Article) -> None:
    """Remove this article's machine proposals that no person has touched."""
    untouched = EventSource.objects.filter(
        article=article,
        event__origin=Event.Origin.MACHINE,
        event__status=Event.Status.PROPOSED,
        event__edited_by_person=False,
    )
    event_ids = set(untouched.values_list("event_id", flat=True))
    untouched.delete()
    Event.objects.filter(pk__in=event_ids, sources__isnull=True).delete()


def store_events(article: Article, events) -> int:
    """Replace the article's untouched proposals with freshly extracted events.

    Sources already attached to reviewed events (same sentence, same date) are kept
    as they are and not proposed a second time.
    """
    discard_unreviewed_events(article)
    kept = set(
        EventSource.objects.filter(article=article).values_list(
            "sentence_start", "date_value"
        )
    )
    created = 0
    for found in events:
        if (found.sentence_start, found.date) in kept:
            continue
        kept.add((found.sentence_start, found.date))
        date, precision = parse_date_value(found.date)
        event = Event.objects.create(
            case_id=article.case_id,
            date=date,
            precision=precision,
            qualifier=found.qualifier or Event.Qualifier.EXACT,
            summary=found.summary or found.sentence,
            actors=list(found.actors),
            origin=Event.Origin.MACHINE,
        )
        EventSource.objects.create(
            event=event,
            article=article,
            sentence=found.sentence,
            sentence_start=found.sentence_start,
            sentence_end=found.sentence_end,
            expression=found.expression or "",
            expression_start=found.expression_start,
            expression_end=found.expression_end,
            date_value=found.date,
            anchor=getattr(found, "anchor", "") or "",
            derivation=found.derivation or "",
        )
        created += 1
    return created
