"""Events and their sources: keeping each event's date, title, corroboration
and "sources disagree" flag in step with its sources, grouping copies of one
story, and the person's side of it: detaching a source, picking one of the
dates.

``timeline.matching`` decides whether two sources tell the same happening and
``timeline.grouping`` groups a case's sources into events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import editing, matching
from .models import (
    Event,
    EventChange,
    EventSource,
    Membership,
    display_date,
    parse_date_value,
)

Status = Event.Status


# Placing sources -------------------------------------------------------------------


def describe(source: EventSource) -> str:
    article = source.article
    name = f"{article.outlet}: {article.title}" if article.outlet else article.title
    return f"“{name[:80]}”"


def event_fields(source: EventSource, *, case_id: int) -> Event:
    """An unsaved machine event as the source alone would date and title it."""
    date, precision = parse_date_value(source.date_value)
    return Event(
        case_id=case_id,
        date=date,
        precision=precision,
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
    return (
        event.origin == Event.Origin.MACHINE
        and event.status == Status.PROPOSED
        and not event.edited_by_person
        and not event.changes.exists()
    )


def lead_source(sources: list[EventSource]) -> EventSource:
    """The source whose date and title an untouched event shows: the most
    precise; among those, the date most articles give; then the headline (it
    states its happening most plainly); then a stable key, so the choice never
    depends on which article came first."""
    support: dict[str, set[int]] = defaultdict(set)
    for s in sources:
        support[s.date_value].add(s.article_id)
    return min(
        sources,
        key=lambda s: (
            -len(s.date_value),
            -len(support[s.date_value]),
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


def refresh_event(event: Event) -> Event:
    """Recompute what follows from the sources: the "sources disagree" flag and,
    for an event no person has touched, its date, text and actors (the more
    precise date wins). An event a person reviewed keeps its text and date."""
    sources = list(event.sources.select_related("article").order_by("id"))
    if not sources:
        return event
    fields: dict[str, object] = {
        "sources_disagree": disagreeing_dates(s.date_value for s in sources)
    }
    if machine_only(event):
        lead = lead_source(sources)
        date, precision = parse_date_value(lead.date_value)
        actors: list[str] = []
        for source in [lead, *sources]:
            actors += [a for a in source.actors or [] if a not in actors]
        fields.update(
            date=date,
            precision=precision,
            qualifier=lead.qualifier or event.qualifier,
            summary=title_of(lead),
            actors=actors,
        )
    changed = {k: v for k, v in fields.items() if getattr(event, k) != v}
    if changed:
        Event.objects.filter(pk=event.pk).update(**changed)
        for name, value in changed.items():
            setattr(event, name, value)
    return event


def refresh_events(event_ids: Iterable[int]) -> None:
    for event in Event.objects.filter(pk__in=set(event_ids)):
        refresh_event(event)


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


def assign_story(article) -> None:
    """Fingerprint the article and, when it is a near-identical copy of one
    already in the case (wire copy run by several outlets, a light rewrite),
    put it in that article's story."""
    from articles.models import Article

    signature = matching.fingerprint(article.text)
    best, best_score = None, 0.0
    mine = None
    others = (
        Article.objects.filter(case_id=article.case_id)
        .exclude(pk=article.pk)
        .exclude(fingerprint=[])
        .order_by("created_at", "id")
        .values_list("pk", "story_id", "fingerprint")
    )
    for pk, story_id, other in others:
        if matching.resemblance(signature, other) < matching.COPY_JACCARD - 0.15:
            continue
        # The signature is an estimate: confirm on the texts.
        if mine is None:
            mine = matching.shingles(article.text)
        theirs = matching.shingles(
            Article.objects.values_list("text", flat=True).get(pk=pk)
        )
        score = len(mine & theirs) / len(mine | theirs) if mine or theirs else 0.0
        if score >= matching.COPY_JACCARD and score > best_score:
            best, best_score = (story_id or pk), score
    article.fingerprint = signature
    article.story_id = best
    Article.objects.filter(pk=article.pk).update(fingerprint=signature, story_id=best)


def regroup_copies_of(article) -> None:
    """Before ``article`` is deleted: its copies form a story of their own."""
    copies = list(article.copies.order_by("created_at", "id"))
    if not copies:
        return
    first, rest = copies[0], copies[1:]
    type(article).objects.filter(pk=first.pk).update(story=None)
    type(article).objects.filter(pk__in=[c.pk for c in rest]).update(story=first)


# A person's side ------------------------------------------------------------------


def detach_source(source: EventSource, membership: Membership) -> Event:
    """Undo a match: the source becomes an event of its own (proposed, dated as
    the source dates it); the event it leaves records the change."""
    if not membership.can_edit:
        raise PermissionDenied
    origin = source.event
    if origin.sources.count() < 2:
        raise ValueError("The event has no other source to keep.")
    user = membership.user
    where = f"{source.article.title} ¶ at {source.sentence_start}"
    with transaction.atomic():
        untouched = machine_only(origin)
        date, precision = parse_date_value(source.date_value)
        event = Event.objects.create(
            case=origin.case,
            date=date,
            precision=precision,
            qualifier=source.qualifier or Event.Qualifier.EXACT,
            summary=title_of(source),
            actors=list(source.actors),
            origin=Event.Origin.MACHINE,
            # A person placed it: re-processing must keep it apart.
            edited_by_person=True,
        )
        source.event = event
        source.match_note = ""
        source.save(update_fields=["event", "match_note"])
        EventChange.objects.create(
            event=event,
            user=user,
            action=EventChange.Action.SOURCE_DETACHED,
            version=event.version,
            before={},
            after=event.snapshot(),
            note=f"detached from {origin.display_date} “{origin.summary[:60]}”: {where}",
        )
        fields: dict[str, object] = {}
        if untouched:
            # The event was the machine's: show what the remaining sources say.
            lead = lead_source(list(origin.sources.all()))
            fields["date"], fields["precision"] = parse_date_value(lead.date_value)
            fields["summary"] = title_of(lead)
        editing._apply(
            origin,
            user=user,
            action=EventChange.Action.SOURCE_DETACHED,
            loaded_version=origin.version,
            note=f"detached a source into its own event: {where}",
            status=editing._status_after_edit(origin, membership),
            edited_by_person=True,
            **fields,
        )
        refresh_event(origin)
        refresh_event(event)
    return event


@dataclass
class DateOption:
    """One of the dates the sources of an event give, with those sources."""

    date_value: str
    sources: list[EventSource]
    current: bool

    @property
    def display(self) -> str:
        return display_date(*parse_date_value(self.date_value))


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


def pick_date(
    event: Event, source: EventSource, membership: Membership, *, loaded_version: int
) -> Event:
    """The person settles a disagreement: the event takes this source's date.
    An ordinary edit (history, review rules); the flag stays, because the
    sources still disagree."""
    date, precision = parse_date_value(source.date_value)
    return editing.edit_event(
        event,
        membership,
        loaded_version=loaded_version,
        date=date,
        precision=precision,
        qualifier=event.qualifier,
        summary=event.summary,
        actors=list(event.actors),
    )


def events_losing(article) -> list[int]:
    return list(
        EventSource.objects.filter(article=article)
        .values_list("event_id", flat=True)
        .distinct()
    )


def after_sources_removed(event_ids: Iterable[int], *, note: str, user=None) -> None:
    """Events that lost sources: one left with none and untouched by any person
    goes; a person's event stays (its history says why it lost its source); the
    others are refreshed from what remains."""
    for event in Event.objects.filter(pk__in=set(event_ids)):
        if event.sources.exists():
            refresh_event(event)
            continue
        if machine_only(event):
            event.delete()
            continue
        editing._apply(
            event,
            user=user,
            action=EventChange.Action.SOURCE_REMOVED,
            loaded_version=event.version,
            note=note,
            sources_disagree=False,
        )
