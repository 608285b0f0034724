"""What an event's sources make of it: the event a source alone would give,
the lead source whose date and title an untouched event shows, the "sources
disagree" flag, corroboration (copies of one story count once) and the dates
the sources offer.

Plain functions over the models; ``timeline.grouping`` and the editing modules
call them, and they call nothing of those.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from config.database import bulk_update
from extraction.datevalue import DateValue

from . import matching
from .models import Event, EventChange, EventSource

Status = Event.Status


def describe(source: EventSource) -> str:
    article = source.article
    name = f"{article.outlet}: {article.title}" if article.outlet else article.title
    return f"“{name[:80]}”"


def event_fields(source: EventSource, *, case_id: int) -> Event:
    """An unsaved machine event as the source alone would date and title it."""
    return Event(
        case_id=case_id,
        **Event.date_fields(source.when),
        qualifier=source.qualifier or Event.Qualifier.EXACT,
        summary=title_of(source),
        actors=list(source.actors),
        origin=Event.Origin.MACHINE,
    )


def new_event_from(source: EventSource, *, case_id: int) -> Event:
    event = event_fields(source, case_id=case_id)
    event.save()
    return event


def title_of(source: EventSource) -> str:
    """The chronology line a source gives its event: the engine's title, else
    its summary, else the sentence."""
    return source.title or source.summary or source.sentence


# Keeping an event in step with its sources ----------------------------------------


def machine_only(event: Event) -> bool:
    """No person has reviewed, edited or otherwise acted on the event."""
    return machine_only_fields(event) and not event.changes.exists()


def machine_only_fields(event: Event) -> bool:
    """The event's own fields say no person acted on it (its history aside)."""
    return (
        event.origin == Event.Origin.MACHINE
        and event.status == Status.PROPOSED
        and not event.edited_by_person
    )


def lead_source(sources: list[EventSource]) -> EventSource:
    """The source whose date and title an untouched event shows: the most
    precise; among those, the date most articles give; then one that states
    its own date rather than deriving it from another event; then the headline
    (it states its happening most plainly); then a stable key, so the choice
    never depends on which article came first."""
    support: dict[str, set[int]] = defaultdict(set)
    for s in sources:
        support[s.date_value].add(s.article_id)
    return min(
        sources,
        key=lambda s: (
            -s.when.precision,
            -len(support[s.date_value]),
            # A date derived from another event ("a day after the federal
            # grounding") names its happening in passing, not as its subject.
            s.anchor == EventSource.Anchor.EVENT,
            s.sentence_start != 0,
            s.article.content_hash or str(s.article_id),
            s.sentence_start,
            s.date_value,
        ),
    )


def disagreeing_dates(values: Iterable[str]) -> bool:
    values = sorted(set(values))
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            if matching.date_relation(a, b) not in ("same", "compatible"):
                return True
    return False


def refresh_event(
    event: Event,
    sources: list[EventSource] | None = None,
    untouched: bool | None = None,
) -> Event:
    """Recompute what follows from the sources: the "sources disagree" flag and,
    for an event no person has touched, its date, text and actors (the more
    precise date wins). An event a person reviewed keeps its text and date.
    ``sources`` and ``untouched`` when the caller read them already."""
    if sources is None:
        sources = list(_with_articles(event.sources.all()))
    changed = _refreshed(event, sources, untouched)
    if changed:
        Event.objects.filter(pk=event.pk).update(**changed)
    return event


def _refreshed(
    event: Event, sources: list[EventSource], untouched: bool | None
) -> dict[str, object]:
    """``refresh_event``'s new values of the event's fields that change (set
    on ``event``, not saved)."""
    if not sources:
        return {}
    fields: dict[str, object] = {
        "sources_disagree": disagreeing_dates(s.date_value for s in sources)
    }
    if machine_only(event) if untouched is None else untouched:
        lead = lead_source(sources)
        actors: list[str] = []
        for source in [lead, *sources]:
            actors += [a for a in source.actors or [] if a not in actors]
        fields.update(
            **Event.date_fields(lead.when),
            qualifier=lead.qualifier or event.qualifier,
            summary=title_of(lead),
            actors=actors,
        )
    changed = {k: v for k, v in fields.items() if getattr(event, k) != v}
    for name, value in changed.items():
        setattr(event, name, value)
    return changed


def with_articles(sources):
    """Sources with their articles, never the article's text and the other
    large fields (a long article would be copied once per source)."""
    return sources.select_related("article").defer(
        "features",
        "article__text",
        "article__timexes",
        "article__fingerprint",
        "article__bands",
    )


def _with_articles(sources):
    return with_articles(sources).order_by("id")


# What ``refresh_event`` reads of an event and of its sources.
EVENT_FIELDS = (
    "origin",
    "status",
    "edited_by_person",
    "sources_disagree",
    "date",
    "precision",
    "qualifier",
    "summary",
    "actors",
)
SOURCE_FIELDS = (
    "event_id",
    "article_id",
    "date_value",
    "anchor",
    "sentence_start",
    "qualifier",
    "title",
    "summary",
    "sentence",
    "actors",
)


def refresh_events(
    event_ids: Iterable[int],
    known: Iterable[EventSource] = (),
    whole: Iterable[int] = (),
) -> None:
    """``refresh_event`` for many events, reading their sources and history in
    one query each and saving those that changed in one. ``known``: sources
    the caller has (with SOURCE_FIELDS and their articles' content hashes:
    instances, or the grouping's ``source_rows.SourceRow``), all those of the
    events ``whole``; the other events' are read."""
    ids = set(event_ids)
    if not ids:
        return
    changed = set(
        EventChange.objects.filter(event_id__in=ids).values_list("event_id", flat=True)
    )
    whole = ids & set(whole)
    known = [s for s in known if s.event_id in whole]
    if ids - whole:
        known += _sources_of(ids - whole)
    sources: dict[int, list[EventSource]] = defaultdict(list)
    for source in sorted(known, key=lambda s: s.pk):
        if source.event_id in ids:
            sources[source.event_id].append(source)
    saved, fields = [], set()
    for event in Event.objects.filter(pk__in=ids).only(*EVENT_FIELDS):
        untouched = event.pk not in changed and machine_only_fields(event)
        found = _refreshed(event, sources[event.pk], untouched)
        if found:
            saved.append(event)
            fields |= found.keys()
    bulk_update(saved, sorted(fields))


def _sources_of(event_ids: set[int]) -> list[EventSource]:
    """The events' sources, in id order, with what ``lead_source`` reads of
    their articles. The articles are read by id on their own: joined to the
    sources, the database may read every article to find the few."""
    sources = list(
        EventSource.objects.filter(event_id__in=event_ids)
        .only(*SOURCE_FIELDS)
        .order_by("id")
    )
    article = EventSource._meta.get_field("article").related_model
    articles = article.objects.only("content_hash", "story").in_bulk(
        {s.article_id for s in sources}
    )
    for source in sources:
        source.article = articles[source.article_id]
    return sources


# Corroboration and copies of one story -------------------------------------------


@dataclass
class StoryGroup:
    """The sources of one event that come from copies of one story."""

    sources: list[EventSource]

    @property
    def is_copies(self) -> bool:
        return len({s.article_id for s in self.sources}) > 1

    @property
    def articles(self) -> int:
        return len({s.article_id for s in self.sources})


def story_groups(sources: Iterable[EventSource]) -> list[StoryGroup]:
    """Sources grouped by story, in the order given: each group counts once."""
    groups: dict[int, list[EventSource]] = {}
    for source in sources:
        groups.setdefault(source.article.story_key, []).append(source)
    return [StoryGroup(items) for items in groups.values()]


def independent_count(sources: Iterable[EventSource]) -> int:
    return len({s.article.story_key for s in sources})


@dataclass
class DateOption:
    """One of the dates the sources of an event give, with those sources."""

    date_value: str
    sources: list[EventSource]
    current: bool

    @property
    def display(self) -> str:
        return DateValue.parse(self.date_value).display()


def date_options(event: Event) -> list[DateOption]:
    """The distinct dates an event's sources give, most supported first."""
    by_value: dict[str, list[EventSource]] = defaultdict(list)
    for source in event.sources.all():
        by_value[source.date_value].append(source)
    options = [
        DateOption(value, items, value == event.date_value)
        for value, items in by_value.items()
    ]
    return sorted(options, key=lambda o: (-len(o.sources), o.date_value))
