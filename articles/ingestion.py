"""Turning uploads into articles and articles into proposed events.

The domain side of the upload views, the import command and the Celery task.
"""

import datetime as dt
import logging
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

import extraction
from config.database import bulk_update
from extraction.features import of_sentences
from timeline import proposals, regrouping, sourcing
from timeline.models import Case, Event, EventSource
from timeline.tasks import settle_case

from . import engine
from .fetch import fetch_url, too_large
from .models import Article, content_hash, file_hash, web_url
from .queueing import heartbeat, heartbeat_is_fresh, start
from .readers import (
    ReadArticle,
    Unreadable,
    detect_language,
    language_warning,
    read_upload,
)

log = logging.getLogger(__name__)

# A run whose task was redelivered this often (its worker died each time) is
# given up on.
MAX_ATTEMPTS = 4
# A task takes, with its article, up to this many queued articles of its case
# (``claim_more``) of at most this much text together.
BATCH_ARTICLES = 16
BATCH_TEXT = 100_000
# Below this many a batch takes all that wait: a few more articles cost one
# worker less than a second placing.
BATCH_SHARE_MIN = 3

GIVEN_AT_IMPORT = "given at import"


def add_text_article(
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
) -> tuple[Article, bool]:
    """Store pasted or imported text and queue it. Returns (article, created);
    the same text already in the case is returned as it is, not processed again."""
    digest = content_hash(text)
    existing = Article.objects.filter(case=case, content_hash=digest).first()
    if existing is not None:
        return existing, False
    article = Article.objects.create(
        case=case,
        title=title.strip()[:500] or first_line(text),
        text=text,
        content_hash=digest,
        published=published,
        published_source=published_source if published else "",
        outlet=outlet[:200],
        url=web_url(url)[:2000],
        author=author[:300],
        uploaded_by=uploaded_by,
        status=Article.Status.QUEUED,
    )
    if not text.strip():
        mark_failed(article.pk, "The article has no text.")
    elif published is None:
        wait_for_date(article)
    else:
        start(article)
    return article, True


def add_file_article(
    case,
    *,
    name: str,
    data: bytes,
    published: dt.date | None = None,
    published_source: str = "",
    published_fallback: dt.date | None = None,
    uploaded_by=None,
) -> tuple[Article, bool]:
    """Store an uploaded file and queue it; a worker reads it.

    ``published`` overrides the file's own date; ``published_fallback`` serves
    only a file that has none ("given at import"). Files over the size cap are
    recorded as failed (without their content) so the journalist sees which one
    and why. Returns (article, created)."""
    cap = settings.MAX_UPLOAD_MB * 1024 * 1024
    name = name.rsplit("/", 1)[-1][:255] or "upload"
    if len(data) > cap:
        article = Article.objects.create(
            case=case,
            title=name,
            original_name=name,
            uploaded_by=uploaded_by,
            status=Article.Status.FAILED,
            error=too_large(len(data), cap),
        )
        return article, True
    digest = file_hash(data)
    existing = Article.objects.filter(case=case, file_hash=digest).first()
    if existing is not None:
        return existing, False
    article = Article(
        case=case,
        title=name,
        original_name=name,
        file_hash=digest,
        published=published,
        published_source=published_source if published else "",
        published_fallback=published_fallback,
        uploaded_by=uploaded_by,
        status=Article.Status.QUEUED,
    )
    article.original_file.save(name, ContentFile(data), save=False)
    article.save()
    start(article)
    return article, True


def add_url_article(
    case,
    *,
    url: str,
    published: dt.date | None = None,
    published_source: str = "",
    uploaded_by=None,
) -> tuple[Article, bool]:
    existing = Article.objects.filter(case=case, url=url).first()
    if existing is not None:
        return existing, False
    article = Article.objects.create(
        case=case,
        title=url[:500],
        url=url,
        published=published,
        published_source=published_source if published else "",
        uploaded_by=uploaded_by,
        status=Article.Status.QUEUED,
    )
    start(article)
    return article, True


def set_published(article: Article, published: dt.date, source: str) -> None:
    """Correct the publication date and re-anchor the article's unreviewed events."""
    article.published = published
    article.published_source = source
    article.save(update_fields=["published", "published_source"])
    if article.text or article.needs_reading:
        start(article)


def claim(article_id: int) -> Article | None:
    """Move a queued article to processing; None when there is nothing to do.

    A task redelivered after its worker died (or resent by the sweeper) finds
    the article processing with no recent heartbeat and takes it over; a
    duplicate of a live or finished task stops.
    """
    # The tasks of articles another task took into its batch stop here,
    # without a transaction or waiting for that task's locks.
    seen = Article.objects.only("status", "heartbeat_at", "trashed_at")
    if not claimable(seen.filter(pk=article_id).first()):
        return None
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if not claimable(article):
            return None
        if article.attempts >= MAX_ATTEMPTS:
            article.status = Article.Status.FAILED
            article.error = (
                f"Processing stopped {article.attempts} times without finishing; "
                "the article may be too large or malformed."
            )
            article.save(update_fields=["status", "error"])
            return None
        article.status = Article.Status.PROCESSING
        article.attempts += 1
        article.heartbeat_at = timezone.now()
        article.save(update_fields=["status", "attempts", "heartbeat_at"])
    return article


def claimable(article: Article | None) -> bool:
    """Queued, or processing by a worker gone silent, and not in the trash."""
    if article is None or article.trashed_at is not None:
        return False
    if article.status == Article.Status.PROCESSING:
        return not heartbeat_is_fresh(article)
    return article.status == Article.Status.QUEUED


def process_article(article_id: int) -> None:
    """Read the article if needed, extract its events and store them, once;
    with it, other queued articles of its case (``claim_more``): an archive
    import is read, parsed and placed in batches."""
    article = claim(article_id)
    if article is None:
        return
    batch = [article, *claim_more(article)]
    clock = _Clock()
    with heartbeat(*(a.pk for a in batch)):
        try:
            found = extract_batch(batch)
        except SoftTimeLimitExceeded:
            release(batch[1:])
            mark_failed(
                article_id,
                f"Reading the article took longer than "
                f"{settings.CELERY_TASK_SOFT_TIME_LIMIT} seconds; it was stopped.",
            )
            return
        read = clock.lap()
        store_found(found)
    # What an archive import's time goes to, per batch, in the worker's log.
    log.info(
        "case %s: %d articles read and parsed in %s, stored and placed in %s",
        article.case_id,
        len(batch),
        read,
        clock.lap(),
    )
    settle_when_idle(article.case_id)


class _Clock:
    """Wall and CPU seconds since the last lap."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> str:
        wall, cpu = time.perf_counter(), time.process_time()
        took = f"{wall - self.wall:.2f} s ({cpu - self.cpu:.2f} s CPU)"
        self.wall, self.cpu = wall, cpu
        return took


def claim_more(article: Article) -> list[Article]:
    """Queued articles of the same case, claimed by this task to be processed
    with ``article``: one parse of them all (nlp.pipe) and one placing. Those
    with their text in hand and a date, and uploaded files (read here; a file
    can be an archive import's); not web pages, whose fetching may be slow.
    At most BATCH_ARTICLES in all and BATCH_TEXT characters (a file: bytes)
    together, so a batch takes no longer than one long article may; and its
    share of what waits (``_share``). Their own tasks find them
    taken and stop; if this worker dies, the sweeper resends them."""
    if article.needs_reading and not article.original_file:
        return []
    room = BATCH_TEXT - _size(article)
    waiting = Article.objects.filter(
        case_id=article.case_id,
        status=Article.Status.QUEUED,
        # Sent (``queueing.start``), not just saved: an upload's row exists a
        # moment before start() queues it, and start() would reset a claim
        # made in that moment.
        queued_at__isnull=False,
        trashed_at__isnull=True,
        attempts__lt=MAX_ATTEMPTS,
    ).filter(
        (~Q(text="") & Q(published__isnull=False)) | (Q(text="") & ~Q(original_file=""))
    )
    share = _share(waiting.count())
    with transaction.atomic():
        queued = waiting.select_for_update(skip_locked=True).order_by(
            "queued_at", "pk"
        )[:share]
        taken = []
        for other in queued:
            size = _size(other)
            if size <= room:
                taken.append(other)
                room -= size
        now = timezone.now()
        Article.objects.filter(pk__in=[a.pk for a in taken]).update(
            status=Article.Status.PROCESSING,
            attempts=F("attempts") + 1,
            heartbeat_at=now,
        )
    # As claim() does: reading a file saves the whole row, and a stale
    # heartbeat saved with it would let the article's own task take it over.
    for other in taken:
        other.status, other.attempts = Article.Status.PROCESSING, other.attempts + 1
        other.heartbeat_at = now
    return taken


def _share(queued: int) -> int:
    """How many of ``queued`` waiting articles a batch takes: half, rounded
    up, but at least BATCH_SHARE_MIN (all of them when that few wait), so that
    at the end of an import the last articles are shared between the workers
    rather than left to one of them while the others wait."""
    half = -(-queued // 2)
    return min(BATCH_ARTICLES - 1, max(BATCH_SHARE_MIN, half))


def _size(article: Article) -> int:
    """Characters of its text, or bytes of its file still to be read."""
    if article.text or not article.original_file:
        return len(article.text)
    try:
        return article.original_file.size
    except OSError:
        return 0  # a file gone missing: reading it fails with its reason


def release(articles: list[Article]) -> None:
    """Give claimed articles back to the queue, this run's attempts counted."""
    for article in articles:
        with transaction.atomic():
            start(article, new_run=False)


def extract_batch(batch: list[Article]) -> list[tuple]:
    """(article, extraction, matching features, language) of each article
    that could be read; the others are marked failed (or wait for a date)."""
    ready = [(a, lang) for a in batch if (lang := prepared(a)) is not None]
    english = [a for a, lang in ready if lang in ("", "en")]
    parsed = dict(zip((a.pk for a in english), engine_on(english), strict=True))
    found = []
    for article, language in ready:
        try:
            extracted = (
                parsed[article.pk]
                if article.pk in parsed
                else engine.extract_in(article.text, article.published, language)
            )
            if isinstance(extracted, Exception):
                raise extracted
            # Before the case is locked, so workers compute them in parallel.
            features = matching_features(extracted.events)
        except (OperationalError, InterfaceError, SoftTimeLimitExceeded):
            raise  # transient (the task retries), or the batch's time is up
        except Exception as exc:
            log.exception("extraction failed for article %s", article.pk)
            mark_failed(
                article.pk, f"The date engine could not read this article ({exc})."
            )
            continue
        found.append((article, extracted, features, language))
    return found


def prepared(article: Article) -> str | None:
    """The article's language once its text and date are in hand; None when
    it cannot be extracted now (marked failed, or waiting for a date)."""
    try:
        if article.needs_reading:
            if not read_into(article):
                return None
        elif article.published is None:
            wait_for_date(article)
            return None
        return detect_language(article.text)
    except Unreadable as exc:
        mark_failed(article.pk, str(exc), remedy=getattr(exc, "remedy", ""))
    except (OperationalError, InterfaceError, SoftTimeLimitExceeded):
        raise
    except Exception as exc:
        log.exception("reading failed for article %s", article.pk)
        mark_failed(article.pk, f"The date engine could not read this article ({exc}).")
    return None


def engine_on(articles: list[Article]) -> list:
    """The engine on English articles together (one nlp.pipe); if that fails,
    on each alone, so that one article the engine cannot read fails alone
    (its exception in its place)."""
    items = [(a.text, a.published) for a in articles]
    try:
        return list(engine.extract_many(items))
    except (OperationalError, InterfaceError, SoftTimeLimitExceeded):
        raise
    except Exception:  # noqa: BLE001 - each article is tried alone below
        pass
    found: list = []
    for text, published in items:
        try:
            found.append(engine.extract(text, published))
        except SoftTimeLimitExceeded:
            raise
        except Exception as exc:  # noqa: BLE001 - reported on its article
            found.append(exc)
    return found


def store_found(found: list[tuple]) -> None:
    """Store the batch's events, place them (planned while other workers place
    theirs: ``regrouping.place``) and mark its articles done. An article a
    duplicate task finished first, or that went to the trash meanwhile, is
    left as it is."""
    if not found:
        return
    with transaction.atomic():
        found = _still_processing(found)
        if not found:
            return
        stored = proposals.store_many([(a, ex.events, f) for a, ex, f, _ in found])
    # Committed: the new sources are on events of their own until placed; if
    # this worker dies now, processing the article again replaces them.
    proposals.place(stored)
    with transaction.atomic():
        found = _still_processing(found)
        for article, extracted, _features, language in found:
            finish(article, extracted, language)
        bulk_update([a for a, *_ in found], FINISHED_FIELDS)


def _still_processing(found: list[tuple]) -> list[tuple]:
    """The batch's articles still processing and not trashed, locked. Their
    texts are the ones this task read; of the rest, only their warnings can
    have changed that this task writes back."""
    locked = Article.objects.select_for_update().filter(
        pk__in=[a.pk for a, *_ in found],
        status=Article.Status.PROCESSING,
        trashed_at__isnull=True,
    )
    warnings = dict(locked.order_by("pk").values_list("pk", "warnings"))
    kept = [(a, *rest) for a, *rest in found if a.pk in warnings]
    for article, *_rest in kept:
        article.warnings = warnings[article.pk]
    return kept


FINISHED_FIELDS = ["timexes", "language", "warnings", "status", "error", "processed_at"]


def finish(article: Article, extracted, language: str) -> None:
    """Set what a processed article records (saved by the caller)."""
    article.timexes = [
        {"start": t.start, "end": t.end, "type": t.type, "value": t.value}
        for t in extracted.timexes
    ]
    article.language = language or "en"
    if language not in ("", "en"):
        warning = language_warning(language)
        article.warnings = [*(w for w in article.warnings if w != warning), warning]
    article.status = Article.Status.DONE
    article.error = ""
    article.processed_at = timezone.now()


def settle_when_idle(case_id: int) -> None:
    """Each article regroups only the region it reaches; once no article of
    the case is in progress the case is grouped again from scratch, so the
    timeline does not depend on the order the articles came in. That takes
    minutes in a large case: a task of its own (``timeline.tasks``), with its
    own time limit, never two at once for one case."""
    if Article.case_is_busy(case_id):
        return
    if not Case.objects.filter(pk=case_id, needs_settling=True).exists():
        return
    try:
        settle_case.delay(case_id=case_id)
    except Exception:  # the broker is down: the sweeper settles it later
        log.warning("queue unreachable; case %s waits for the sweeper", case_id)


def settle_idle_cases() -> None:
    """Run by the sweeper: settle the cases whose settling lost to an edit."""
    for case_id in Case.objects.filter(needs_settling=True).values_list(
        "pk", flat=True
    ):
        settle_when_idle(case_id)


def read_into(article: Article) -> bool:
    """Fill the article's text and metadata from its file or URL.

    Returns False when extraction must wait (duplicate text, no publication date).
    """
    if article.original_file:
        with article.original_file.open("rb") as fh:
            read = read_upload(
                fh.read(),
                article.original_name or article.original_file.name,
                received=timezone.localdate(article.created_at),
            )
    else:
        read = fetch_url(
            article.url,
            timeout=settings.URL_FETCH_TIMEOUT,
            max_bytes=settings.MAX_UPLOAD_MB * 1024 * 1024,
            allow_private=settings.URL_FETCH_ALLOW_PRIVATE,
        )
    digest = content_hash(read.text)
    twin = (
        Article.objects.filter(case_id=article.case_id, content_hash=digest)
        .exclude(pk=article.pk)
        .first()
    )
    if twin is not None:
        raise Unreadable(
            f"The same text is already in this case as “{twin.title}”; "
            "it was not processed again."
        )
    apply_metadata(article, read)
    article.content_hash = digest
    article.save()
    if article.published is None:
        wait_for_date(article)
        return False
    return True


def wait_for_date(article: Article) -> None:
    """Every relative date hangs on the publication date: ask, don't guess."""
    article.status = Article.Status.NEEDS_DATE
    Article.objects.filter(pk=article.pk).update(status=article.status)


def apply_metadata(article: Article, read: ReadArticle) -> None:
    article.text = read.text
    placeholder_title = article.title in ("", article.original_name, article.url)
    if read.title and placeholder_title:
        article.title = read.title[:500]
    article.author = article.author or read.author[:300]
    article.outlet = article.outlet or read.outlet[:200]
    article.url = article.url or web_url(read.url)[:2000]
    article.warnings = list(read.warnings)
    if article.published is not None:
        return
    if read.published is not None:
        article.published = read.published
        article.published_source = read.published_from
    elif article.published_fallback is not None:
        article.published = article.published_fallback
        article.published_source = GIVEN_AT_IMPORT


def mark_failed(article_id: int, reason: str, remedy: str = "") -> None:
    """Fail an article in progress. One already done stays done: a task that
    fails after its article was stored (settling the case ran out of time)
    has lost nothing of the article."""
    in_progress = (Article.Status.QUEUED, Article.Status.PROCESSING)
    Article.objects.filter(pk=article_id, status__in=in_progress).update(
        status=Article.Status.FAILED,
        error=reason,
        remedy=remedy,
        processed_at=timezone.now(),
    )


def matching_features(events) -> list[dict]:
    """The events' matching features: the engine computes them from its own
    parse; events made elsewhere (by hand, in tests) get theirs from a parse
    of their sentence."""
    missing = [e for e in events if not getattr(e, "features", None)]
    parsed = iter(
        of_sentences(
            extraction.load_nlp(engine.model_name()),
            [
                (e.sentence, e.summary or "", e.actors, _expression_in(e))
                for e in missing
            ],
        )
        if missing
        else ()
    )
    return [getattr(e, "features", None) or next(parsed) for e in events]


def _expression_in(found) -> tuple[int, int] | None:
    """The date expression's offsets within its sentence."""
    if found.expression_start is None or found.expression_end is None:
        return None
    return (
        found.expression_start - found.sentence_start,
        found.expression_end - found.sentence_start,
    )


def store_events(article: Article, events, features: list[dict] | None = None) -> int:
    """Hand the extracted events to the timeline, which replaces the article's
    untouched proposals and regroups the case (``timeline.proposals``).
    ``features`` are the events' matching features when the caller has them
    already (computed here otherwise). Returns the number of sources stored."""
    if features is None:
        features = matching_features(events)
    return proposals.propose(article, events, features)


def trash_article(article: Article, membership) -> dict[str, int]:
    """Move the article to its case's trash. Its sentences leave the events no
    person has touched (an event left with none goes, to come back on restore);
    events a person made, edited or reviewed keep its sentences until it is
    purged, so trashing never leaves one without its sources."""
    if not membership.can_edit:
        raise PermissionDenied
    impact = impact_of_trashing(article)
    with transaction.atomic():
        # Wait for a worker storing this article's events; it then stops.
        Case.lock(article.case_id)
        article = Article.objects.select_for_update().get(pk=article.pk)
        article.trashed_at = timezone.now()
        article.trashed_by = membership.user
        article.save(update_fields=["trashed_at", "trashed_by"])
        proposals.propose(article, [], [])
    return impact


def restore_article(article: Article, membership) -> None:
    """Take the article out of the trash and process it again, which brings its
    sentences and untouched events back."""
    if not membership.can_edit:
        raise PermissionDenied
    Article.objects.filter(pk=article.pk).update(trashed_at=None, trashed_by=None)
    article.trashed_at = article.trashed_by = None
    if article.status not in (Article.Status.FAILED, Article.Status.NEEDS_DATE):
        start(article)


def purge_article(article: Article, membership) -> dict[str, int]:
    """Delete a trashed article for good: its remaining sentences go; events a
    person made, edited or reviewed stay (their history says the source went);
    copies of its story form a story of their own. Returns counts for the
    message."""
    if not membership.can_edit:
        raise PermissionDenied
    with transaction.atomic():
        Case.lock(article.case_id)
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.trashed_at is None:
            raise PermissionDenied("Only an article in the trash can be purged.")
        event_ids = sourcing.events_losing(article)
        sourcing.regroup_copies_of(article)
        title = article.title
        stored_file = article.original_file.name if article.original_file else ""
        n_sources = article.event_sources.count()
        article.delete()
        before = Event.objects.filter(pk__in=event_ids).count()
        sourcing.after_sources_removed(
            event_ids,
            note=f"its source article “{title[:80]}” was deleted",
            user=membership.user,
        )
        after = Event.objects.filter(pk__in=event_ids).count()
        if stored_file:
            name = stored_file
            transaction.on_commit(lambda: default_storage.delete(name))
    return {"sources": n_sources, "events_removed": before - after}


def impact_of_trashing(article: Article) -> dict[str, int]:
    """What moving the article to the trash takes off the timeline (until it is
    restored), for the confirmation page and the message."""
    pinned = regrouping.pinned_events(article.case_id)
    sources = EventSource.objects.filter(article=article)
    untouched = set(
        sources.exclude(event_id__in=pinned).values_list("event_id", flat=True)
    )
    shared = set(
        EventSource.objects.filter(event_id__in=untouched)
        .exclude(article=article)
        .values_list("event_id", flat=True)
    )
    return {
        "sources": sources.exclude(event_id__in=pinned).count(),
        "events_removed": len(untouched - shared),
        "events_kept": len(set(sources.values_list("event_id", flat=True)) & pinned),
    }


def events_left_without_sources(article: Article) -> list[Event]:
    """The events that purging the article would leave with no source at all
    (a person's events: they stay, and the purge page names them)."""
    event_ids = set(sourcing.events_losing(article))
    others = set(
        EventSource.objects.filter(event_id__in=event_ids)
        .exclude(article=article)
        .values_list("event_id", flat=True)
    )
    return list(Event.objects.filter(pk__in=event_ids - others).order_by("date"))


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:500]
    return "Untitled article"
