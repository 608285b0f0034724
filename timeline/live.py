"""What changed in a case since a page was loaded: articles still being read,
articles waiting for their publication date, and events that arrived. The
timeline's banner polls it while articles are in progress and stops when idle."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q

from articles.models import Article

from .models import Case

Status = Article.Status


@dataclass
class Live:
    processing: int  # queued or being read
    needs_date: int
    new_events: int  # live events created after the page was loaded
    since: int  # the newest event id the page shows

    @property
    def busy(self) -> bool:
        """Articles are still being read: keep polling."""
        return self.processing > 0


def latest_event_id(case: Case) -> int:
    return case.events.aggregate(last=Max("id"))["last"] or 0


def live_status(case: Case, since: int) -> Live:
    """The case's article work in progress and the events newer than ``since``."""
    # Only the articles in progress are read (by the case-and-status index).
    waiting = case.articles.filter(
        status__in=[Status.QUEUED, Status.PROCESSING, Status.NEEDS_DATE]
    )
    counts = waiting.aggregate(
        processing=Count("id", filter=Q(status__in=[Status.QUEUED, Status.PROCESSING])),
        needs_date=Count("id", filter=Q(status=Status.NEEDS_DATE)),
    )
    new = case.events.filter(deleted_at__isnull=True, id__gt=since).count()
    return Live(counts["processing"], counts["needs_date"], new, since)
