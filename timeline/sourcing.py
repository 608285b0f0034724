"""Events and their sources: attaching a newly extracted sentence to the event it
retells (or starting a new one), keeping each event's date, corroboration and
"sources disagree" flag in step with its sources, grouping copies of one story,
and the person's side of it: detaching a source, picking one of the dates.

``timeline.matching`` decides whether two sources tell the same happening; this
module reads and writes the database around it.
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


# Matching on ingest -------------------------------------------------------------


class CaseMatcher:
    """Places the sources of one article among its case's events.

    Term weights are computed once from every source of the case (plus the new
    article's own); candidates are read per source with the indexed date query.
    """

    def __init__(self, article, new_features: Iterable[dict]) -> None:
        self.article = article
        self.case_id = article.case_id
        existing = (
            EventSource.objects.filter(event__case_id=self.case_id)
            .exclude(article=article)
            .values_list("features", flat=True)
        )
        self.weights = matching.Weights(
            matching.terms_of(f or {}) for f in [*existing, *new_features]
        )

    def candidates(self, date_value: str, exclude: set[int]) -> list[matching.Unit]:
        lo, hi = matching.candidate_window(date_value)
        rows = (
            EventSource.objects.filter(
                event__case_id=self.case_id,
                event__deleted_at__isnull=True,
                event__date__gte=lo,
                event__date__lte=hi,
            )
            .exclude(event_id__in=exclude)
            .values_list(
                "event_id",
                "article_id",
                "sentence_start",
                "date_value",
                "features",
                "anchor",
            )
        )
        return [
            matching.Unit(
                article=article_id,
                sentence_start=start,
                date_value=value,
                features=features or {},
                derived=anchor == EventSource.Anchor.EVENT,
                headline=start == 0,
                event=event_id,
            )
            for event_id, article_id, start, value, features, anchor in rows
            if features
        ]

    def place(self, source: EventSource, exclude: set[int] = frozenset()) -> Event:
        """Attach ``source`` to the event it retells, or make it a new event;
        save it and return its event."""
        unit = matching.Unit(
            article=source.article_id,
            sentence_start=source.sentence_start,
            date_value=source.date_value,
            features=source.features,
            derived=source.anchor == EventSource.Anchor.EVENT,
            headline=source.sentence_start == 0,
        )
        found = matching.matches(
            unit, self.candidates(source.date_value, set(exclude)), self.weights
        )
        if not found:
            event = new_event_from(source, case_id=self.case_id)
            source.event = event
            source.save()
            return event
        event_id, verdict = found[0]
        event = Event.objects.get(pk=event_id)
        other = (
            event.sources.filter(date_value__in=_dates_of(verdict, source, event))
            .select_related("article")
            .only("article__title", "article__outlet", "date_value")
            .first()
        )
        where = _describe(other) if other else "this event"
        source.event = event
        source.match_note = matching.explain(
            verdict, source.date_value, other.date_value if other else "", where
        )
        source.save()
        # The source may join two events that were kept apart until now (the
        # ship striking the bridge, and "the March collapse" of another
        # article): what it retells is one happening.
        for other_id, other_verdict in found[1:]:
            if other_verdict.refers and not other_verdict.vague:
                fold(
                    other_id,
                    into=event,
                    note=f"Joined with this event: {_describe(source)} tells of it "
                    f"and names it again as “{other_verdict.refers}”.",
                )
        refresh_event(event)
        return event


def fold(event_id: int, *, into: Event, note: str) -> bool:
    """Move the sources of an event no person has touched into ``into`` and
    delete it; not when the two hold two dates of one sentence. Sources that
    had no reason to be where they were get ``note``. Returns whether it was
    folded."""
    event = Event.objects.filter(pk=event_id, case_id=into.case_id).first()
    if event is None or event.pk == into.pk or not machine_only(event):
        return False
    here = set(into.sources.values_list("article_id", "sentence_start"))
    there = set(event.sources.values_list("article_id", "sentence_start"))
    if here & there:
        return False
    event.sources.filter(match_note="").update(match_note=note)
    event.sources.update(event=into)
    EventSource.objects.filter(depends_on=event).update(depends_on=into)
    event.delete()
    return True


def _dates_of(verdict, source, event) -> list[str]:
    values = list(event.sources.values_list("date_value", flat=True))
    related = [
        v
        for v in values
        if matching.date_relation(source.date_value, v) == verdict.relation
    ]
    return related or values


def _describe(source: EventSource) -> str:
    article = source.article
    name = f"{article.outlet}: {article.title}" if article.outlet else article.title
    return f"“{name[:80]}”"


def new_event_from(source: EventSource, *, case_id: int) -> Event:
    date, precision = parse_date_value(source.date_value)
    return Event.objects.create(
        case_id=case_id,
        date=date,
        precision=precision,
        qualifier=source.qualifier or Event.Qualifier.EXACT,
        summary=source.summary or source.sentence,
        actors=list(source.actors),
        origin=Event.Origin.MACHINE,
    )


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
    """The source whose date an untouched event shows: the most precise, and of
    those the first one ingested (a later, disagreeing day does not win)."""
    return min(sources, key=lambda s: (-len(s.date_value), s.created_at, s.pk or 0))


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
    sources = list(event.sources.order_by("created_at", "id"))
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
            summary=lead.summary or lead.sentence,
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
            summary=source.summary or source.sentence,
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
            fields["summary"] = lead.summary or lead.sentence
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
