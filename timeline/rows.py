"""The timeline page's rows, read a page at a time.

A case can hold tens of thousands of events: the page must cost the same for
them as for ten. The page's events are picked by the (date, precision, id)
order alone, which the case's date index serves; only those events are then
read with their counts, so no aggregate ever runs over the whole case. The
number of events comes from the overview strip's counts, not from a count of
its own.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Event, Suggestion

TIMELINE_ORDER = ("date", "precision", "id")


def row_events(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events for collapsed rows: their article counts come from one aggregate
    query; the sources themselves load when a row is expanded."""
    return events.annotate(
        n_articles=Count("sources__article", distinct=True),
        n_independent=Count(
            Coalesce("sources__article__story_id", "sources__article_id"),
            distinct=True,
        ),
        # Looked up per event: joined, the planner may read every suggestion
        # of every case to find the page's few.
        n_suggested=Coalesce(Subquery(_suggested), 0),
    ).order_by(*TIMELINE_ORDER)


# The event's suggestions whose other event is live (one row per pair).
_suggested = (
    Suggestion.objects.filter(event=OuterRef("pk"), other__deleted_at__isnull=True)
    .order_by()
    .values("event")
    .annotate(n=Count("*"))
    .values("n")
)


class EventRows:
    """The (filtered) events as a paginator's object list: ``count`` is known
    already, and a slice reads only its own events, with their counts (two
    queries: the ids in order, then their rows)."""

    def __init__(self, events: QuerySet[Event], count: int) -> None:
        self.events = events
        self.total = count

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[Event]:
        if not isinstance(index, slice):
            raise TypeError("EventRows is read a page (a slice) at a time")
        # The page's ids first: given as a list, the rows are read through the
        # primary key, where a subquery let the planner scan the whole table.
        ids = list(
            self.events.order_by(*TIMELINE_ORDER).values_list("pk", flat=True)[index]
        )
        return list(row_events(Event.objects.filter(pk__in=ids))) if ids else []
