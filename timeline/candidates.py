"""Which of a case's sources could be the same happening as a given one, found
in the database rather than by reading the case.

Two sources can be one happening only when their dates relate (equal, one
containing the other, or two days a few days apart: ``matching.date_relation``)
and a term one of them tells centrally is among the other's terms
(``matching.index_terms``). Each source is stored with one ``SourceKey`` row per
key, with its date, so both conditions are one indexed lookup:

- ``w:term`` for each term it mentions (the terms that weigh in the overlap,
  also counted for their rarity in the case),
- ``t:term`` for a term it only counts as mentioning (an incident's core stands
  for the death in it),
- ``c:term`` for each term of its core.

So placing an article reads what its dates and words reach, not the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Count, Q

from . import matching
from .models import EventSource, SourceKey

KEY_LENGTH = 200
# Items per lookup query: one query of OR-ed conditions per batch.
BATCH = 100


def keys_of(features: dict) -> set[str]:
    """A source's index keys (see the module docstring)."""
    weighed = matching.terms_of(features)
    terms, core = matching.index_terms(features)
    keys = {f"w:{t}" for t in weighed} | {f"t:{t}" for t in terms - weighed}
    return {k[:KEY_LENGTH] for k in keys | {f"c:{t}" for t in core}}


def wanted_keys(features: dict) -> list[str]:
    """The keys of the sources that could be its candidates: its core among
    their terms, or their core among its terms."""
    terms, core = matching.index_terms(features)
    found = {f"c:{t}" for t in terms}
    found |= {f"{kind}:{t}" for t in core for kind in ("w", "t")}
    return sorted(k[:KEY_LENGTH] for k in found)


def store_keys(case_id: int, sources: Iterable[EventSource]) -> None:
    """Index stored sources (they have ids)."""
    SourceKey.objects.bulk_create(
        [
            SourceKey(source=s, case_id=case_id, key=k, date_value=s.date_value)
            for s in sources
            for k in sorted(keys_of(s.features or {}))
        ],
        batch_size=2000,
    )


def related_dates(value: str) -> Q:
    """The date values that can relate to ``value`` (a superset): the periods
    containing it, those it contains, and days a few days either side of a
    day. A range of ISO strings, which the index answers: "2021" and
    "2021-10" sort before "2021-10-01", and "2021-10-31" after all of October."""
    first, last = matching.period(value)
    if len(value) == 10:
        margin = dt.timedelta(days=matching.CONFLICT_DAYS)
        low, last = (first - margin).isoformat(), last + margin
    else:
        low = value
    related = Q(date_value__gte=low, date_value__lte=last.isoformat())
    containing = [value[:n] for n in (4, 7) if n < len(value)]
    if containing:
        related |= Q(date_value__in=containing)
    return related


def candidate_ids(case_id: int, units: Sequence[tuple[dict, str]]) -> set[int]:
    """The sources of the case that could be the same happening as one of
    ``units`` ((features, date value) pairs); a superset that the caller
    narrows with ``matching`` (and to live events)."""
    lookups = []
    for features, value in units:
        keys = wanted_keys(features)
        if keys:
            lookups.append(
                SourceKey.objects.filter(
                    related_dates(value), case_id=case_id, key__in=keys
                ).values_list("source_id", flat=True)
            )
    found: set[int] = set()
    # One query per batch: a union of indexed lookups (an OR of them is
    # planned as a scan of the case).
    for start in range(0, len(lookups), BATCH):
        first, *rest = lookups[start : start + BATCH]
        found.update(first.union(*rest))
    return found


def live_sources(case_id: int):
    return EventSource.objects.filter(
        event__case_id=case_id, event__deleted_at__isnull=True
    )


def term_counts(case_id: int, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
    """How many sources the case has, and in how many of them each term weighs
    (is mentioned). Every source counts, those of events a person deleted too:
    what is rare in the case's articles does not change when an event is hidden,
    and the count stays one index lookup."""
    keys = {f"w:{t}"[:KEY_LENGTH]: t for t in terms}
    rows = (
        SourceKey.objects.filter(case_id=case_id, key__in=list(keys))
        .values("key")
        .annotate(n=Count("id"))
    )
    counts = {keys[row["key"]]: row["n"] for row in rows}
    return EventSource.objects.filter(event__case_id=case_id).count(), counts
