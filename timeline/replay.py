"""'As known on': the timeline as its sources stood on a given day.

Only sources from articles published on or before that day count. An event none
of them supports is left out; every other event is shown with the date, text,
flags and counts those sources alone support, chosen the way an untouched event
is kept in step with its sources (``timeline.corroboration.lead_source``). What a
person later wrote over the machine's text is not shown: it was not known then.

The events returned are the model's instances with these fields replaced in
memory; they are for display and must never be saved.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .corroboration import disagreeing_dates, lead_source, title_of
from .models import Event, EventSource


def known_on(as_of: dt.date) -> Q:
    """Sources whose article was published on or before ``as_of``."""
    return Q(article__published__lte=as_of)


def with_known_source(events: QuerySet[Event], as_of: dt.date) -> QuerySet[Event]:
    """The events at least one source published by ``as_of`` supports."""
    known = EventSource.objects.filter(known_on(as_of), event=OuterRef("pk"))
    return events.filter(Exists(known))


def as_known(event: Event, sources: list[EventSource]) -> Event:
    """``event`` as ``sources`` (the ones known then) support it."""
    lead = lead_source(sources)
    event.date, event.precision = lead.when.first_day(), lead.when.precision
    event.qualifier = lead.qualifier or Event.Qualifier.EXACT
    event.summary = title_of(lead)
    actors: list[str] = []
    for source in [lead, *sources]:
        actors += [a for a in source.actors or [] if a not in actors]
    event.actors = actors
    event.sources_disagree = disagreeing_dates(s.date_value for s in sources)
    # Known text is the sources' own: nothing a person wrote later.
    event.edited_by_person = False
    event.n_articles = len({s.article_id for s in sources})
    event.n_independent = len({s.article.story_key for s in sources})
    return event


def replay_events(events: QuerySet[Event], as_of: dt.date) -> list[Event]:
    """The events of ``events`` known on ``as_of``, each as its sources then
    support it, in timeline order; their ``sources`` hold only those sources."""
    known = (
        EventSource.objects.filter(known_on(as_of))
        .select_related("article", "depends_on")
        .defer(
            "article__text",
            "article__error",
            "article__timexes",
            "article__fingerprint",
            "article__bands",
            "features",
        )
        .order_by("article__published", "sentence_start", "id")
    )
    rows = with_known_source(events, as_of).prefetch_related(
        Prefetch("sources", queryset=known)
    )
    replayed = [as_known(event, list(event.sources.all())) for event in rows]
    replayed.sort(key=lambda e: (e.date, e.precision, e.pk))
    return replayed
