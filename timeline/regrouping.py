"""The grouping of a case in the database: which sources a regrouping reads,
and writing its plan (``timeline.grouping`` plans on plain values).

After an article only its own sources are placed (``regroup`` with ``around``):
each joins the event of a source it reports the same happening as, or they form
events of their own, as the grouping rules say. It reads only the sources that
could be the same happening as one of them (candidates found through
``timeline.candidates``, the few of each that share its rarest terms), each with
the whole event it is on, which stay as they are; term weights are the case's,
counted in the database. So placing an article costs what its dates and words
reach, not what the case holds.

What placing leaves out (an article's source that bridges two events, which a
regrouping from scratch would join; pairs that today's weights judge otherwise)
waits for the settling: once no article of the case is in progress, the case is
grouped again from scratch (``settle``), which makes the timeline independent
of the order the articles came in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q

from config.database import bulk_update, on_postgres
from extraction.datevalue import DateValue, Precision

from . import candidates, corroboration, matching, source_rows
from .grouping import VAGUE_MENTION, Group, Grouper, Hint, Item, Plan
from .models import (
    Case,
    Distinction,
    Event,
    EventChange,
    EventSource,
    Membership,
    Suggestion,
)
from .source_rows import SourceRow

# Settling plans without a lock; an edit meanwhile means planning again.
SETTLE_ATTEMPTS = 3


def source_key(content_key: str, sentence_start: int, date_value: str) -> tuple:
    """A source's identity that does not depend on import order or row ids."""
    return (content_key, sentence_start, date_value)


def key_of(source: EventSource | SourceRow) -> tuple:
    article = source.article
    return source_key(
        article.content_hash or str(article.pk),
        source.sentence_start,
        source.date_value,
    )


def pinned_events(case_id: int, among: Iterable[int] | None = None) -> set[int]:
    """The case's live events a person acted on (of ``among``, when given):
    their sources stay put."""
    changed = EventChange.objects.filter(event=OuterRef("pk"))
    events = Event.objects.filter(case_id=case_id, deleted_at__isnull=True)
    if among is not None:
        events = events.filter(pk__in=list(among))
    return set(
        events.filter(
            ~Q(origin=Event.Origin.MACHINE)
            | ~Q(status=Event.Status.PROPOSED)
            | Q(edited_by_person=True)
            | Exists(changed)
        ).values_list("pk", flat=True)
    )


def fetch(sources, case_id: int | None = None) -> dict[int, SourceRow]:
    """The sources (a queryset) with what the grouping reads, by id; with
    ``case_id``, those of them that are live in the case."""
    return source_rows.read(sources, case_id)


def items_of(
    case_id: int,
    sources: dict[int, SourceRow],
    free: set[int] | None = None,
    placed: set[int] = frozenset(),
) -> list[Item]:
    """The grouping's items of ``sources``: a source on an event a person acted
    on stays there, and so, when ``free`` is given, does every source not in it
    or in ``placed`` (its event is not being regrouped)."""
    pinned = pinned_events(case_id, {s.event_id for s in sources.values()})
    items = []
    for s in sources.values():
        anchor = (s.features or {}).get("anchor")
        article_key = s.article.content_hash or str(s.article_id)
        held = (
            free is not None
            and s.pk not in free
            and s.pk not in placed
            and s.event_id not in pinned
        )
        items.append(
            Item(
                pk=s.pk,
                key=key_of(s),
                unit=_unit(s),
                event=s.event_id if s.event_id in pinned or held else None,
                anchor=source_key(article_key, *anchor) if anchor else None,
                restates=s.offset == "P0D",
                held=held,
                placed=s.pk in placed,
            )
        )
    return items


def load(case_id: int) -> tuple[list[Item], dict[int, SourceRow]]:
    """The items of the case's live sources, and the sources by id."""
    sources = fetch(candidates.live_sources(case_id))
    return items_of(case_id, sources), sources


def _unit(s: SourceRow) -> matching.Unit:
    return matching.Unit(
        article=s.article_id,
        sentence_start=s.sentence_start,
        date_value=s.date_value,
        features=s.features or {},
        derived=s.anchor == EventSource.Anchor.EVENT,
        headline=s.sentence_start == 0,
    )


def apart_keys(case_id: int) -> list[tuple]:
    """Pairs of source keys a person said are not the same happening."""
    pairs = []
    for keys_a, keys_b in Distinction.objects.filter(case_id=case_id).values_list(
        "keys", flat=True
    ):
        pairs += [(tuple(a), tuple(b)) for a in keys_a for b in keys_b]
    return pairs


# The region an article reaches ---------------------------------------------------


def weights_for(
    case_id: int,
    sources: Iterable[SourceRow],
    known: matching.Weights | None = None,
) -> matching.Weights:
    """The case's weights of the terms of ``sources`` (with those ``known``,
    counted before: only the other terms are looked up)."""
    terms = set().union(*(matching.terms_of(s.features or {}) for s in sources))
    if known is not None:
        terms -= set(known.df) | known.absent
    n, df = candidates.term_counts(case_id, terms)
    weights = matching.Weights.counted(n, df, asked=terms)
    if known is not None:
        weights.df.update(known.df)
        weights.absent |= known.absent
    return weights


def region(
    case_id: int, seeds: Iterable[int]
) -> tuple[dict[int, SourceRow], set[int], set[int], matching.Weights]:
    """The sources a regrouping around ``seeds`` reads (see the module
    docstring), the seeds among them, those placed before that are free to
    move, and the case's weights of their terms.

    Free as well as the seeds: the sources of events that are only vague mentions
    (a month, a year) among the candidates of the seeds' precise sources: the
    precise happening such a mention names may have just arrived. (One that
    fitted two happenings equally was suggested with both; it waits for the
    settling, which sees every happening it fits.)"""
    start = fetch(EventSource.objects.filter(pk__in=list(seeds)), case_id)
    weights = weights_for(case_id, start.values())
    found = _events_near(case_id, start, weights)
    precise = [s for s in start.values() if _precision(s) == Precision.DAY]
    vague = _unplaced_vague(found, precise)
    placed = {pk for pk, s in found.items() if s.event_id in vague}
    found.update(start)
    return found, set(start), placed, weights_for(case_id, found.values(), weights)


def _events_near(
    case_id: int, sources: dict, weights: matching.Weights
) -> dict[int, SourceRow]:
    """The whole events of the sources that could be the same happening as
    one of ``sources`` (the best few of each: ``candidates.ranked``)."""
    if not sources:
        return {}
    units = [(s.features or {}, s.date_value) for s in sources.values()]
    near = candidates.candidate_ids(
        case_id, units, besides=sources.keys(), weight=weights
    )
    events = EventSource.objects.filter(pk__in=near).values("event_id")
    return fetch(EventSource.objects.filter(event_id__in=events), case_id)


def _precision(source: SourceRow) -> Precision:
    return DateValue.parse(source.date_value).precision


def _unplaced_vague(found: dict, precise: list[SourceRow]) -> set[int]:
    """The events of ``found`` that are one vague mention telling centrally
    what one of the ``precise`` sources tells centrally, on a date containing
    its day (what a vague mention must share to join a precise happening), and
    that were not suggested with two happenings."""
    if not precise:
        return set()
    told = [
        (DateValue.parse(s.date_value), matching.index_terms(s.features or {})[1])
        for s in precise
    ]
    events: dict[int, list[SourceRow]] = defaultdict(list)
    for s in found.values():
        events[s.event_id].append(s)
    # A lone mention: one that was grouped with others waits for the settling.
    vague = {
        event
        for event, sources in events.items()
        if len(sources) == 1
        and _precision(sources[0]) < Precision.DAY
        and _may_name(sources[0], told)
    }
    suggested = Suggestion.objects.filter(event_id__in=vague, reason=VAGUE_MENTION)
    return vague - set(suggested.values_list("event_id", flat=True))


def _may_name(source: SourceRow, told: list[tuple[DateValue, set[str]]]) -> bool:
    date = DateValue.parse(source.date_value)
    core = matching.index_terms(source.features or {})[1]
    return any(date.contains(day) and core & terms for day, terms in told)


# Regrouping ------------------------------------------------------------------------


def regroup(
    case_id: int, changed: Iterable[int] = (), around: Iterable[int] | None = None
) -> None:
    """Group the case's sources again from scratch, or only the region around
    the sources ``around`` (see the module docstring), and write the result:
    the untouched machine events follow the plan; a person's events keep their
    sources and may gain machine ones. ``changed``: events whose sources
    changed before the call (refreshed too). Call with the case row locked."""
    write(case_id, plan_region(case_id, changed, around))


@dataclass
class Placement:
    """A plan of a region (or of the case) and what it was made from."""

    plan: Plan
    items: list[Item]
    sources: dict[int, SourceRow]
    changed: tuple[int, ...]
    whole: bool


def plan_region(
    case_id: int, changed: Iterable[int] = (), around: Iterable[int] | None = None
) -> Placement:
    """``regroup``'s plan, read and made without writing (nor a lock)."""
    if around is None:
        items, sources = load(case_id)
        weights = weights_for(case_id, sources.values())
    else:
        sources, seeds, placed, weights = region(case_id, around)
        items = items_of(case_id, sources, seeds, placed)
    plan = Grouper(items, apart_keys(case_id), weights).plan()
    return Placement(plan, items, sources, tuple(changed), around is None)


def write(case_id: int, placement: Placement) -> None:
    """Write a placement (with the case row locked)."""
    p = placement
    _write_plan(case_id, p.plan, p.items, p.sources, p.changed, whole=p.whole)


def place(case_id: int, changed: Iterable[int], around: Iterable[int]) -> None:
    """Place the sources ``around`` (stored and committed, each on an event of
    its own): planned without a lock, so that two workers placing articles
    of one case plan at the same time; written under the case lock if nothing
    the plan read changed meanwhile, else planned again under the lock."""
    changed, around = tuple(changed), list(around)
    with transaction.atomic():
        # After any action of a person in the case that is being written
        # (``Case.lock``): one that comes later has a later row.
        Case.lock(case_id)
        marks = _marks()
    placement = plan_region(case_id, changed, around)
    seen = frozenset((pk, s.event_id) for pk, s in placement.sources.items())
    with transaction.atomic():
        Case.lock(case_id)
        if _acted_since(case_id, marks) or _where(case_id, placement.sources) != seen:
            placement = plan_region(case_id, changed, around)
        write(case_id, placement)
        Case.objects.filter(pk=case_id, needs_settling=False).update(
            needs_settling=True
        )


def _marks() -> tuple[int, int]:
    """The last things people did, in any case: every action on an event is
    an EventChange, every "not the same" a Distinction (the last rows of two
    tables, not a count over the case)."""
    last_change = EventChange.objects.order_by("-pk").values_list("pk", flat=True)
    last_apart = Distinction.objects.order_by("-pk").values_list("pk", flat=True)
    return (last_change.first() or 0, last_apart.first() or 0)


def _acted_since(case_id: int, marks: tuple[int, int]) -> bool:
    """Whether a person acted in the case since ``marks`` (the rows after
    them only)."""
    change, apart = marks
    return (
        EventChange.objects.filter(pk__gt=change, event__case_id=case_id).exists()
        or Distinction.objects.filter(pk__gt=apart, case_id=case_id).exists()
    )


def _where(case_id: int, region: dict[int, SourceRow]) -> frozenset:
    """The live sources now on the region's events, and where: as the region
    was read (whole events) unless someone placed a source in it, or moved,
    removed or deleted one of it, since (a source of the region now on
    another event is missing here)."""
    events = {s.event_id for s in region.values()}
    # From the events, so that the database looks their sources up by event.
    live = Event.objects.filter(pk__in=events, case_id=case_id, deleted_at=None)
    rows = live.values_list("sources__pk", "pk")
    return frozenset((pk, event) for pk, event in rows if pk is not None)


def settle(case_id: int) -> bool:
    """Group the case again from scratch if an article was placed since it last
    was (call once no article of the case is in progress). Planned without a
    lock and written only if nothing the plan read changed meanwhile (a change
    brings its own settling). Returns whether it was written."""
    for _ in range(SETTLE_ATTEMPTS):
        if not Case.objects.filter(pk=case_id, needs_settling=True).exists():
            return False
        before = _state(case_id)
        placement = plan_region(case_id)
        with transaction.atomic():
            Case.lock(case_id)
            if _state(case_id) == before:
                write(case_id, placement)
                Case.objects.filter(pk=case_id).update(needs_settling=False)
                return True
    return False


# The namespace of the advisory locks held while a case is settled.
SETTLE_LOCK = 0x5E771E


def settle_alone(case_id: int) -> bool:
    """``settle``, unless another settling of the case is running (a
    PostgreSQL advisory lock, given up when this one ends or its connection
    does): two would plan the same minutes of work and one would be thrown
    away. Returns whether it was written."""
    if not on_postgres():
        return settle(case_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [SETTLE_LOCK, case_id])
        if not cursor.fetchone()[0]:
            return False
    try:
        return settle(case_id)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [SETTLE_LOCK, case_id])


def _state(case_id: int) -> tuple:
    """What a plan of the case is made from: where each live source is, which
    events a person acted on, which pairs a person kept apart."""
    return (
        frozenset(candidates.live_sources(case_id).values_list("pk", "event_id")),
        frozenset(pinned_events(case_id)),
        tuple(
            Distinction.objects.filter(case_id=case_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    )


def _write_plan(
    case_id: int,
    plan: Plan,
    items: list[Item],
    sources: dict[int, SourceRow],
    changed: Iterable[int],
    whole: bool,
) -> None:
    """Put the plan's groups on events, drop the untouched events left with no
    source, refresh what changed and store the suggestions. ``whole``: the plan
    covers the case (else only the events of ``sources``)."""
    before = {pk: s.event_id for pk, s in sources.items()}
    events = _write_groups(case_id, plan.groups, sources)
    _write_dependencies(items, sources)
    touched = set(changed) | {
        e
        for pk, s in sources.items()
        for e in (before[pk], s.event_id)
        if before[pk] != s.event_id
    }
    left = [e for e in touched if e not in events.values()]
    Event.objects.filter(
        pk__in=left, sources__isnull=True, deleted_at__isnull=True
    ).exclude(pk__in=pinned_events(case_id, left)).delete()
    # The region is whole events (``_where``): it holds their sources, those
    # of the events its sources were on and went to. (An event that lost a
    # source before, ``changed``, may be another: a person's deleted event.)
    read = set(before.values()) | {s.event_id for s in sources.values()}
    corroboration.refresh_events(touched, sources.values(), read)
    _write_suggestions(case_id, plan, events, whole)


def _write_groups(case_id: int, groups: list[Group], sources: dict) -> dict[tuple, int]:
    """Put each group's sources on one event; returns the event of each group
    (by key). An untouched event keeps its id when its lead source stays."""
    claimed: set[int] = set()
    target: dict[tuple, int] = {}
    for group in groups:
        if group.event is not None:
            target[group.key] = group.event
            continue
        # The oldest event of the group lives on, so links to it keep working.
        free = sorted({sources[i.pk].event_id for i in group.items} - claimed)
        if free:
            target[group.key] = free[0]
        else:
            lead = sources[min(group.items, key=lambda i: i.key).pk]
            target[group.key] = corroboration.new_event_from(lead, case_id=case_id).pk
        claimed.add(target[group.key])
    moved = []
    for group in groups:
        event = target[group.key]
        for item in group.items:
            source = sources[item.pk]
            note = (
                _note(group, item, sources) if item.event is None else source.match_note
            )
            if source.event_id != event or source.match_note != note:
                source.event_id = event
                source.match_note = note
                moved.append(source)
    fields = ["event", "match_note"]
    bulk_update(source_rows.instances(moved, fields), fields)
    return target


def _note(group: Group, item: Item, sources: dict) -> str:
    found = group.notes.get(item.pk)
    if found is None:
        return ""
    verdict, other = found
    where = corroboration.describe(sources[other.pk])
    return matching.explain(verdict, item.unit.date_value, other.unit.date_value, where)


def _write_dependencies(items: list[Item], sources: dict) -> None:
    """A source dated from another event points at the event its anchor is on."""
    by_key = {i.key: sources[i.pk] for i in items}
    changed = []
    for item in items:
        if item.anchor is None or item.anchor not in by_key:
            continue
        source = sources[item.pk]
        anchor_event = by_key[item.anchor].event_id
        if source.depends_on_id != anchor_event:
            source.depends_on_id = anchor_event
            changed.append(source)
    bulk_update(source_rows.instances(changed, ["depends_on"]), ["depends_on"])


def _write_suggestions(
    case_id: int, plan: Plan, events: dict[tuple, int], whole: bool
) -> None:
    """Store the plan's suggestions both ways; a pair suggested before keeps its
    row (and id), so a page loaded earlier can still act on it. A plan of the
    whole case also drops the pairs it no longer suggests; placing an article
    compares only its own sources, so the pairs it did not look at stay."""
    wanted: dict[tuple[int, int], Hint] = {}
    for s in plan.suggestions:
        a, b = events.get(s.a), events.get(s.b)
        if a is not None and b is not None and a != b:
            wanted[(a, b)] = wanted[(b, a)] = s
    if whole:
        existing = Suggestion.objects.filter(case_id=case_id)
        stale = [
            pk
            for pk, a, b in existing.values_list("pk", "event_id", "other_id")
            if (a, b) not in wanted
        ]
        Suggestion.objects.filter(pk__in=stale).delete()
    Suggestion.objects.bulk_create(
        [
            Suggestion(
                case_id=case_id, event_id=a, other_id=b, score=s.score, reason=s.reason
            )
            for (a, b), s in sorted(wanted.items())
        ],
        ignore_conflicts=True,
    )


def keep_apart(event: Event, other: Event, membership: Membership) -> None:
    """A person says two events are not the same happening: remembered by
    their sources' keys, so no regrouping joins them or suggests them again."""
    if not membership.can_edit:
        raise PermissionDenied
    if event.case_id != other.case_id or event.pk == other.pk:
        raise ValueError("Pick two events of one case.")
    with transaction.atomic():
        Case.lock(event.case_id)
        keys = [
            [
                list(key_of(s))
                for s in e.sources.select_related("article").only(
                    "sentence_start", "date_value", "article__content_hash"
                )
            ]
            for e in (event, other)
        ]
        Distinction.objects.create(
            case_id=event.case_id, keys=keys, user=membership.user
        )
        Suggestion.objects.filter(
            Q(event=event, other=other) | Q(event=other, other=event)
        ).delete()
        around = EventSource.objects.filter(event__in=(event, other))
        regroup(event.case_id, around=list(around.values_list("pk", flat=True)))
