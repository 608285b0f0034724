"""Grouping a case's sources into events: one event per real-world happening.

The grouping is a function of the case, not of the order its articles came in:
after each article the case's sources are grouped again from scratch
(``regroup``), every choice made on sorted, content-based keys, so the same
articles give the same events whatever the order or the number of workers.

What a person decided is a hard constraint. The sources of an event a person
acted on (approved, rejected, edited, merged, moved a source to or from,
detached, deleted, made) stay where they are; a machine source may join such
an event but never changes it. Two events a person said are "not the same"
never share a group again.

How the machine groups (``plan``), precise before vague:

1. Day-precise sources are joined pairwise, best pair first (``matching.compare``
   says whether two sources report one happening), while no pair across the
   two groups is plainly another happening (``matching.vetoes``), no two dates
   of one sentence meet, and no date derived from another event meets that
   event (unless the text restates it: "P0D").
2. A month, then a year, joins the one more precise group it names; when two
   groups fit about equally it joins neither and both are suggested instead. A
   vague mention is never the link between two precise groups.
3. What is left of each precision is grouped among itself as in 1.

Pairs that come close but are not joined become suggestions ("Possibly the
same happening"), stored per event pair for the editor.

This module plans on plain values; ``timeline.regrouping`` reads the sources
of a case (or of the region an article reaches) and writes the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from extraction.datevalue import DateValue, Precision

from . import matching
from .reach import ReachIndex

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR
# A vague mention that fits a second group almost as well as the best is a
# guess: suggest, don't join.
AMBIGUOUS = 0.85
# A pair of groups whose best cross pair scores this share of the bar it had
# to pass is suggested as possibly the same happening.
SUGGEST = 0.6
# The reason given with a vague mention that fits two happenings equally.
VAGUE_MENTION = "vague mention"


@dataclass(frozen=True)
class Item:
    """One source as the grouping sees it."""

    pk: int
    key: tuple  # stable across imports: (article's content key, start, date)
    unit: matching.Unit
    event: int | None  # the event it stays on (a person's), else None
    anchor: tuple | None = None  # key of the source its date was derived from
    restates: bool = False  # derived at offset P0D: the same happening again
    # It stays on ``event`` because that event is not being regrouped now
    # (placing one article), not because a person put it there.
    held: bool = False
    # Free, but placed before with what is held: only what is free now (the
    # article being placed) can take it elsewhere.
    placed: bool = False

    @property
    def precision(self) -> int:
        return DateValue.parse(self.unit.date_value).precision


@dataclass
class Group:
    items: list[Item]
    event: int | None = None  # an event that stays as it is (gaining sources)
    held: bool = False  # ... only because it is not being regrouped now
    notes: dict[int, tuple] = field(default_factory=dict)  # item pk -> (verdict, other)

    @property
    def precision(self) -> int:
        return max(i.precision for i in self.items)

    @property
    def key(self) -> tuple:
        return min(i.key for i in self.items)


@dataclass(frozen=True)
class Hint:
    a: tuple  # the keys of one item of each group
    b: tuple
    score: float
    reason: str


@dataclass
class Plan:
    groups: list[Group]
    suggestions: list[Hint]


class Grouper:
    """Plans the groups of one case's items (see the module docstring)."""

    def __init__(
        self,
        items: Iterable[Item],
        apart: Iterable[tuple] = (),
        weights: matching.Weights | None = None,
    ) -> None:
        """``weights``: the case's term weights, when ``items`` are only part
        of it (by default they are worked out over ``items``)."""
        self.items = sorted(items, key=lambda i: i.key)
        self.weights = weights or matching.Weights(
            matching.terms_of(i.unit.features) for i in self.items
        )
        # Pairs of keys a person said are not the same happening.
        self.apart = {frozenset(p) for p in apart}
        self.verdicts: dict[int, matching.Verdict | None] = {}
        self.near: dict[int, tuple[tuple, tuple, float]] = {}
        # Each item's neighbours, looked up once: a vague item that joins no
        # group is looked up again to be grouped with its own precision.
        self._neighbours: dict[int, list[Item]] = {}
        # By (term, year): dates that relate share a year, or nearly. Only
        # what is within reach of an item is found (``timeline.reach``).
        self.by_term = ReachIndex()
        self.by_core = ReachIndex()
        self.by_place = ReachIndex()
        self._index()

    def _index(self) -> None:
        """File the items in the indexes ``neighbours`` looks up, under the
        keys it looks up: only a free item's neighbours are asked for, and
        placing an article frees a few dozen items among hundreds held."""
        filed = []
        wanted_terms: set[tuple] = set()  # keys looked up in by_term
        wanted_core: set[tuple] = set()  # ... and in by_core
        for item in self.items:
            terms, core = matching.index_terms(item.unit.features)
            filed.append((item, terms, core))
            if item.event is None:
                years = _years(item.unit.date_value)
                wanted_terms.update((t, y) for t in core for y in years)
                wanted_core.update((t, y) for t in terms for y in years)
        for item, terms, core in filed:
            year = DateValue.parse(item.unit.date_value).year
            for key in {(term, year) for term in terms} & wanted_terms:
                self.by_term.add(key, item)
            for key in {(term, year) for term in core} & wanted_core:
                self.by_core.add(key, item)
            self.by_place.add((item.unit.article, item.unit.date_value), item)

    # Pairs ---------------------------------------------------------------------

    def verdict(self, a: Item, b: Item) -> matching.Verdict | None:
        """Whether two items report one happening: the better of both readings;
        None for a pair a person kept apart."""
        if frozenset((a.key, b.key)) in self.apart:
            return None
        return self.reading(a, b)

    def reading(self, a: Item, b: Item) -> matching.Verdict | None:
        """The machine's verdict on a pair, whatever a person said of it."""
        # One int per pair: a long article compares millions of them.
        pair = (a.pk << 32) | b.pk if a.pk < b.pk else (b.pk << 32) | a.pk
        if pair in self.verdicts:
            return self.verdicts[pair]
        found = None
        if not self._kept_apart(a, b):
            readings = [matching.compare(a.unit, b.unit, self.weights)]
            if a.unit.features.get("ref") and b.unit.features.get("ref"):
                # The one pair read differently the other way round: each
                # names a happening by a noun ("the decision"), and the
                # first that names the other's wins.
                readings.append(matching.compare(b.unit, a.unit, self.weights))
            found = max(
                (v for v in readings if v is not None), key=matching.rank, default=None
            )
            if found is not None and found.vague and not self._one_thing(a, b):
                found = None
            if found is None:
                close = matching.closeness(a.unit, b.unit, self.weights)
                if close >= SUGGEST:
                    self.near[pair] = (a.key, b.key, close)
        self.verdicts[pair] = found
        return found

    def _one_thing(self, a: Item, b: Item) -> bool:
        """ "Thursday's decision" means the one thing its article reported on
        Thursday: true when the article has no other source of that day that
        names no happening itself."""
        ref, other = (a, b) if a.unit.features.get("ref") else (b, a)
        day = self.by_place.near((ref.unit.article, ref.unit.date_value), ref)
        return not any(
            o.key not in (ref.key, other.key) and not o.unit.features.get("ref")
            for o in day
        )

    def _kept_apart(self, a: Item, b: Item) -> bool:
        same_article = a.unit.article == b.unit.article
        if same_article and a.unit.sentence_start == b.unit.sentence_start:
            return True  # two dates of one sentence
        for x, y in ((a, b), (b, a)):
            if x.anchor == y.key and not x.restates:
                return True  # "a year after the shooting" is not the shooting
        return False

    def compatible(self, g: Group, h: Group, person: bool = True) -> bool:
        """Whether two groups may become one: not two people's events, and no
        pair across them that is plainly another happening (or, with
        ``person``, that a person kept apart)."""
        if g.event is not None and h.event is not None:
            return False
        for a in g.items:
            for b in h.items:
                if person and frozenset((a.key, b.key)) in self.apart:
                    return False
                if self._kept_apart(a, b):
                    return False
                if matching.vetoes(a.unit, b.unit):
                    return False
                if self._two_acts(a, b):
                    return False
        return True

    def _all_tell_one(self, g: Group, h: Group) -> bool:
        """Whether two machine groups of vague mentions (a month, a year) tell
        one happening: at least half of the pairs across them do. Such
        mentions have no day to hold them together, and joined link by link
        they chain one company's year-ago earnings to another's into one
        event. A person's event may still gain a machine source, as at any
        precision."""
        if g.event is not None or h.event is not None:
            return True
        pairs = [(a, b) for a in g.items for b in h.items]
        one = sum(self.reading(a, b) is not None for a, b in pairs)
        return 2 * one >= len(pairs)

    def _two_acts(self, a: Item, b: Item) -> bool:
        """One article tells two things on one day in two sentences (neither
        its headline) that are not one happening: a group holds one of them."""
        ua, ub = a.unit, b.unit
        if ua.article != ub.article or ua.headline or ub.headline:
            return False
        if a.precision != DAY or ua.date_value != ub.date_value:
            return False
        return self.verdict(a, b) is None

    def neighbours(self, item: Item) -> list[Item]:
        """The items that could be the same happening as ``item``: dates that
        relate, and a term that one of them tells centrally and the other
        mentions, or the same date in the same article ("Thursday's
        decision"). Looked up in indexes, so placing a source does not
        compare it with the whole case."""
        found = self._neighbours.get(item.pk)
        if found is None:
            found = self._neighbours[item.pk] = self._looked_up(item)
        return found

    def _looked_up(self, item: Item) -> list[Item]:
        terms, core = matching.index_terms(item.unit.features)
        years = _years(item.unit.date_value)
        found = {
            o.key: o
            for t in core
            for y in years
            for o in self.by_term.near((t, y), item)
        }
        found.update(
            (o.key, o)
            for t in terms
            for y in years
            for o in self.by_core.near((t, y), item)
        )
        same_day = self.by_place.near((item.unit.article, item.unit.date_value), item)
        found.update((o.key, o) for o in same_day)
        found.pop(item.key, None)
        value = item.unit.date_value
        return [
            o
            for o in found.values()
            if matching.date_relation(value, o.unit.date_value)
            and not (item.placed and (o.held or o.placed))
        ]

    # Planning ------------------------------------------------------------------

    def plan(self) -> Plan:
        groups = self._pinned()
        free = [i for i in self.items if i.event is None]
        suggestions: list[Hint] = []
        for precision in (DAY, MONTH, YEAR):
            tier = [i for i in free if i.precision == precision]
            loose = self._attach(tier, groups, precision, suggestions)
            groups += self._join(loose, groups, precision)
        suggestions += [
            Hint(a, b, score, "close wording") for a, b, score in self.near.values()
        ]
        groups.sort(key=lambda g: g.key)
        return Plan(groups, _between_groups(suggestions, groups))

    def _pinned(self) -> list[Group]:
        by_event: dict[int, list[Item]] = defaultdict(list)
        for item in self.items:
            if item.event is not None:
                by_event[item.event].append(item)
        return [
            Group(items, event=event, held=all(i.held for i in items))
            for event, items in sorted(by_event.items())
        ]

    def _attach(
        self,
        tier: list[Item],
        groups: list[Group],
        precision: int,
        suggestions: list[Hint],
    ) -> list[Item]:
        """Join each vague item to the one more precise group it names; return
        the items that join none."""
        loose = []
        owner = {i.key: g for g in groups if g.precision > precision for i in g.items}
        for item in tier:
            ranked = self._fits(item, owner)
            if not ranked:
                loose.append(item)
                continue
            group, verdict, other = ranked[0]
            ambiguous = len(ranked) > 1 and _close_call(verdict, ranked[1][1])
            if ambiguous or not self.compatible(Group([item]), group):
                # Two happenings fit about equally (or the best was ruled out
                # by a person): suggest what is left, don't guess.
                loose.append(item)
                suggestions += [
                    Hint(item.key, f[2].key, f[1].score, VAGUE_MENTION)
                    for f in ranked[:2]
                    if frozenset((item.key, f[2].key)) not in self.apart
                ]
                continue
            group.items.append(item)
            group.notes[item.pk] = (verdict, other)
        return loose

    def _fits(self, item: Item, owner: dict) -> list[tuple]:
        """(group, verdict, item) of each more precise group the vague item
        names, the best first; a person's "not the same" does not count here,
        so ruling out one of two fits does not make the other a sure one."""
        fits: dict[int, tuple] = {}
        for other in self.neighbours(item):
            group = owner.get(other.key)
            verdict = self.reading(item, other) if group is not None else None
            if verdict is None:
                continue
            best = fits.get(id(group))
            if best is None or _order(verdict, other) < _order(*best[1:]):
                fits[id(group)] = (group, verdict, other)
        single = Group([item])
        return sorted(
            (f for f in fits.values() if self.compatible(single, f[0], person=False)),
            key=lambda f: _order(f[1], f[2]),
        )

    def _join(self, loose: list[Item], groups: list[Group], precision: int):
        """Agglomerate the loose items with each other and with the groups of
        their precision, best pair first. Returns the new groups."""
        # A person's event of any precision may gain a machine source.
        owner = {
            i.key: g
            for g in groups
            if g.precision == precision or (g.event is not None and not g.held)
            for i in g.items
        }
        singles = {item.key: Group([item]) for item in loose}
        owner.update(singles)
        edges = []
        for item in loose:
            for other in self.neighbours(item):
                if other.key not in owner or (
                    other.key in singles and other.key < item.key
                ):
                    continue
                verdict = self.verdict(item, other)
                if verdict is not None:
                    edges.append((_order(verdict, item, other), item, other, verdict))
        edges.sort(key=lambda e: e[0])
        for _, item, other, verdict in edges:
            g, h = owner[item.key], owner[other.key]
            if g is h or not self.compatible(g, h):
                continue
            if precision != DAY and not self._all_tell_one(g, h):
                continue
            keep, gone = _keeper(g, h)
            joined = item if item in gone.items else other
            keep.items += gone.items
            keep.notes.update(gone.notes)
            keep.notes[joined.pk] = (verdict, other if joined is item else item)
            for moved in gone.items:
                owner[moved.key] = keep
        new = {id(g): g for g in owner.values() if g.event is None}
        existing = {id(g) for g in groups}
        return [g for k, g in new.items() if k not in existing]


def _years(value: str) -> set[int]:
    """The years of the dates that can relate to ``value``: its own, and the
    next or the last for a day a few days from New Year."""
    date = DateValue.parse(value)
    if date.precision < Precision.DAY:
        return {date.year}
    day = date.first_day()
    margin = dt.timedelta(days=matching.CONFLICT_DAYS)
    return {d.year for d in (day - margin, day, day + margin)}


def _close_call(best: matching.Verdict, second: matching.Verdict) -> bool:
    """Whether a vague mention fits a second happening about as well as the
    best: nearly the same score, and the best shares no name the second lacks
    ("arrested in Miami" names the arrest in Miami, not the court appearance
    where he "remains in custody")."""
    if second.score < AMBIGUOUS * best.score:
        return False
    return not set(second.names) < set(best.names)


def _keeper(g: Group, h: Group) -> tuple[Group, Group]:
    """Which of two groups being joined lives on: a person's event, else the
    one with the smaller key."""
    if g.event is not None or (h.event is None and g.key < h.key):
        return g, h
    return h, g


def _order(verdict: matching.Verdict, *items: Item) -> tuple:
    """Sort key: the best verdict first, ties to the smallest keys."""
    return (tuple(-float(x) for x in matching.rank(verdict)), *(i.key for i in items))


def _between_groups(suggestions: list[Hint], groups: list[Group]):
    """Suggestions as pairs of final groups (keys), the best reason per pair,
    dropping pairs that ended up in one group."""
    where = {item.key: g.key for g in groups for item in g.items}
    best: dict[tuple, Hint] = {}
    for s in suggestions:
        a, b = where.get(s.a), where.get(s.b)
        if a is None or b is None or a == b:
            continue
        pair = (a, b) if a < b else (b, a)
        if pair not in best or s.score > best[pair].score:
            best[pair] = Hint(pair[0], pair[1], s.score, s.reason)
    return [best[p] for p in sorted(best)]
