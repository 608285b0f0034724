"""Getting every committed article to a worker, whatever happens to the broker.

An article is sent to the queue after its transaction commits. When the broker
cannot be reached, or loses its messages in a restart, or a worker dies holding
one, the row still says what is owed: the sweeper (a periodic task run by Celery
beat) resends articles that are queued with no message left in the broker and
articles whose worker stopped sending its heartbeat.
"""

import base64
import datetime as dt
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from celery import Task
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from config.celery import app as celery_app

from .models import Article

log = logging.getLogger(__name__)

EXTRACT_TASK = "articles.tasks.extract_article_events"


def start(article: Article, *, new_run: bool = True) -> None:
    """Mark the article queued and send it to a worker once the transaction commits.

    A person's action starts a new run, with its attempts counted from zero;
    the sweeper's resend (``new_run=False``) keeps counting, so an article that
    kills its worker every time is still given up on.
    """
    fields = {
        "status": Article.Status.QUEUED,
        "error": "",
        "remedy": "",
        "queued_at": timezone.now(),
        "heartbeat_at": None,
    }
    if new_run:
        fields["attempts"] = 0
    Article.objects.filter(pk=article.pk).update(**fields)
    for name, value in fields.items():
        setattr(article, name, value)
    transaction.on_commit(lambda: send(article))


def send(article: Article) -> bool:
    """Publish the article's task. The row is committed, so an unreachable
    broker loses nothing: the sweeper sends it when the broker is back."""
    try:
        extraction_task().delay(article_id=article.pk)
    except Exception:  # any broker failure; the row is the record of what is owed
        log.warning("queue unreachable; article %s waits for the sweeper", article.pk)
        article.queue_unreachable = True
        return False
    return True


@cache
def extraction_task() -> Task:
    """The extraction task, looked up by name: the task module builds on this
    one, not the other way round. Celery imports the apps' task modules first,
    so the web process finds it too; a task object, so eager mode runs it."""
    celery_app.loader.import_default_modules()
    return celery_app.tasks[EXTRACT_TASK]


def heartbeat_is_fresh(article: Article) -> bool:
    """A worker is still on the article (a redelivered copy must not take over)."""
    limit = timezone.now() - dt.timedelta(seconds=settings.ARTICLE_HEARTBEAT_TIMEOUT)
    return article.heartbeat_at is not None and article.heartbeat_at >= limit


@contextmanager
def heartbeat(*article_ids: int) -> Iterator[None]:
    """Stamp the articles every few seconds while this worker processes them.

    A thread of its own (with its own database connection), so that a long
    spaCy call does not stop the signs of life and a killed worker stops them.
    """
    stop = threading.Event()
    ids = list(article_ids)

    def beat() -> None:
        try:
            while not stop.wait(settings.ARTICLE_HEARTBEAT_SECONDS):
                try:
                    Article.objects.filter(
                        pk__in=ids, status=Article.Status.PROCESSING
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    log.warning("heartbeat of articles %s not recorded", ids)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{ids[0]}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(10)


def stuck_articles() -> list[Article]:
    """Articles owed a worker: queued for a while, or processing with no heartbeat."""
    now = timezone.now()
    queued_before = now - dt.timedelta(seconds=settings.ARTICLE_REQUEUE_AFTER)
    beat_before = now - dt.timedelta(seconds=settings.ARTICLE_HEARTBEAT_TIMEOUT)
    queued = Q(status=Article.Status.QUEUED) & (
        Q(queued_at__isnull=True) | Q(queued_at__lt=queued_before)
    )
    processing = Q(status=Article.Status.PROCESSING) & (
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=beat_before)
    )
    return list(
        Article.objects.filter(queued | processing, trashed_at__isnull=True).only(
            "pk", "status"
        )
    )


def sweep() -> list[int]:
    """Resend the articles that no live task will finish. Returns their ids."""
    stuck = stuck_articles()
    if not stuck:
        return []
    waiting = ids_in_broker()
    resent = []
    for article in stuck:
        if article.status == Article.Status.QUEUED and article.pk in waiting:
            continue  # its message is still in the queue (a backlog, not a loss)
        with transaction.atomic():
            locked = (
                Article.objects.select_for_update(skip_locked=True)
                .filter(pk=article.pk, status=article.status)
                .first()
            )
            if locked is None:
                continue  # finished, or another sweeper has it
            start(locked, new_run=False)
        resent.append(article.pk)
    if resent:
        log.warning("resent %d stuck article(s): %s", len(resent), resent)
    return resent


def ids_in_broker() -> set[int]:
    """The article ids whose tasks wait in the Redis queue or are held, unacked,
    by a worker. Empty when the broker is not Redis (every old row is resent;
    a duplicate task finds the article done and stops)."""
    from config.celery import app

    queue = app.conf.task_default_queue
    try:
        with app.connection_for_write() as conn:
            client = conn.default_channel.client
            messages = [json.loads(m) for m in client.lrange(queue, 0, -1)]
            messages += [json.loads(h)[0] for h in client.hvals("unacked")]
    except Exception:  # not Redis, or unreachable: fall back to resending
        return set()
    ids = set()
    for message in messages:
        try:
            _, kwargs, _ = json.loads(base64.b64decode(message["body"]))
            ids.add(int(kwargs["article_id"]))
        except (ValueError, KeyError, TypeError):
            continue  # another task's message
    return ids
