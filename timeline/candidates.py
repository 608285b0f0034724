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

So placing an article reads what its dates and words reach, not the case; and
of what they reach, only the few candidates of each source that share its
rarest terms (``best``): a case of twenty thousand events has hundreds of
sources in a year that share a common word with it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Q

from config.database import on_postgres
from extraction.datevalue import DateValue, Precision

from . import matching
from .models import EventSource, SourceKey, TermCount

KEY_LENGTH = 200
# (key, date window) pairs per lookup query.
BATCH = 2000
# Candidates kept per source placed (see ``best``): few, since each brings its
# whole event; five kept the wire copy of a source in more placements into a
# case of 20,000 events than reading every candidate did (large_case.py).
PER_SOURCE = 5


def keys_of(features: dict) -> set[str]:
    """A source's index keys (see the module docstring)."""
    weighed = matching.terms_of(features)
    terms, core = matching.index_terms(features)
    keys = {f"w:{t}" for t in weighed} | {f"t:{t}" for t in terms - weighed}
    return {k[:KEY_LENGTH] for k in keys | {f"c:{t}" for t in core}}


def wanted_keys(features: dict) -> list[str]:
    """The keys of the sources that could be its candidates: its core among
    their terms, or their core among its terms. Each term under one key only:
    a source with a term in its core has it among its terms too
    (``matching.index_terms``), so for a term of its own core the source's
    terms are looked up, not its core as well, and no source is found twice
    for one term (which ``best`` would count once)."""
    terms, core = matching.index_terms(features)
    found = {f"c:{t}" for t in terms - core}
    found |= {f"{kind}:{t}" for t in core for kind in ("w", "t")}
    return sorted(k[:KEY_LENGTH] for k in found)


def store_keys(case_id: int, sources: Iterable[EventSource]) -> None:
    """Index stored sources (they have ids)."""
    rows = [
        (s.pk, case_id, key, s.date_value)
        for s in sources
        for key in sorted(keys_of(s.features or {}))
    ]
    if not on_postgres():
        SourceKey.objects.bulk_create(
            [
                SourceKey(source_id=r[0], case_id=r[1], key=r[2], date_value=r[3])
                for r in rows
            ],
            batch_size=2000,
        )
        return
    # A long article has a hundred thousand keys: COPY, not INSERTs.
    table = connection.ops.quote_name(SourceKey._meta.db_table)
    copy_sql = f"COPY {table} (source_id, case_id, key, date_value) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(row)


@lru_cache(maxsize=4096)
def date_window(value: str) -> tuple[str, str, tuple[str, ...]]:
    """The date values that can relate to ``value`` (a superset): a range of
    ISO strings (the periods it contains, and days a few days either side of a
    day; "2021" and "2021-10" sort before "2021-10-01", "2021-10-31" after all
    of October) and the periods containing it."""
    date = DateValue.parse(value)
    first, last = date.period()
    low = value
    if date.precision == Precision.DAY:
        margin = dt.timedelta(days=matching.CONFLICT_DAYS)
        low, last = (first - margin).isoformat(), last + margin
    containing = (Precision.YEAR, Precision.MONTH)
    periods = tuple(date.truncated(p).iso() for p in containing if p < date.precision)
    return low, last.isoformat(), periods


def candidate_ids(
    case_id: int,
    units: Sequence[tuple[dict, str]],
    besides: Iterable[int] = (),
    weight: Callable[[str], float] | None = None,
) -> set[int]:
    """The sources of the case, other than ``besides``, that could be the same
    happening as one of ``units`` ((features, date value) pairs); a superset
    that the caller narrows with ``matching`` (and to live events). With
    ``weight`` (a term's weight in the case), only the PER_SOURCE best of
    each unit, by the weights of the terms they share with it (``best``)."""
    besides = list(besides)
    if weight is None:
        return {match[1] for match in _matches(case_id, units, besides)}
    if on_postgres():
        return _best_in_database(case_id, units, besides, weight)
    return best(units, _matches(case_id, units, besides), weight)


def _matches(
    case_id: int, units: Sequence[tuple[dict, str]], besides: list[int]
) -> Iterator[tuple[int, int, str, str]]:
    """(unit, source, key, date) for each key a source shares with a unit at
    a date that may relate to the unit's.

    One indexed query per batch of (key, dates) wanted, close in time: the
    batch's keys within its dates, each row then checked against the dates
    its key is wanted at."""
    wanted: dict[str, list[tuple[int, tuple[str, str, tuple[str, ...]]]]] = defaultdict(
        list
    )
    for i, (features, value) in enumerate(units):
        for key in wanted_keys(features):
            wanted[key].append((i, date_window(value)))
    reach = {key: Reach(w for _, w in windows) for key, windows in wanted.items()}
    by_date = sorted({(w, key) for key, windows in wanted.items() for _, w in windows})
    for start in range(0, len(by_date), BATCH):
        batch = by_date[start : start + BATCH]
        periods = {p for w, _ in batch for p in w[2]}
        dates = Q(
            date_value__gte=min(w[0] for w, _ in batch),
            date_value__lte=max(w[1] for w, _ in batch),
        )
        rows = SourceKey.objects.filter(
            dates | Q(date_value__in=periods),
            case_id=case_id,
            key__in={key for _, key in batch},
        )
        rows = rows.exclude(source_id__in=besides).values_list(
            "source_id", "key", "date_value"
        )
        for source, key, value in rows:
            if not reach[key].covers(value):
                continue
            for i, (low, high, periods) in wanted[key]:
                if low <= value <= high or value in periods:
                    yield i, source, key, value


def best(
    units: Sequence[tuple[dict, str]],
    matches: Iterable[tuple[int, int, str, str]],
    weight: Callable[[str], float],
) -> set[int]:
    """Of the sources that share keys with the units (``matches``: unit,
    source, key, date) at a date that relates, the PER_SOURCE of each unit
    that share the most weight of terms with it (ties: the oldest source). A
    term most of the case mentions says little of which happening a source
    tells, and a source matches only where its rarer terms meet
    (``matching.compare``): the best few stand for the rest, so placing a
    source reads about as much of a case of twenty thousand events as of a
    hundred."""
    shared: dict[tuple[int, int], set[str]] = defaultdict(set)
    for i, source, key, value in matches:
        if matching.date_relation(units[i][1], value):
            shared[(i, source)].add(key[2:])
    scores: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, source), terms in shared.items():
        scores[i].append((-sum(points(weight(t)) for t in terms), source))
    return {
        source
        for found in scores.values()
        for _, source in heapq.nsmallest(PER_SOURCE, found)
    }


# Scores are sums of weights in whole millionths: a sum of floats in another
# order may differ in its last bits, and ties go to the oldest source. (In the
# database a sum of integers is also what its sort is quickest on.)
SCORE_DIGITS = 6


def points(weight: float) -> int:
    """A term's weight in whole millionths."""
    return round(weight * 10**SCORE_DIGITS)


# ``best`` in the database, which returns only the best few of each unit rather
# than every key row of the date windows: each (unit, key) wanted with its
# window and its term's weight, joined to the index (a range per key and
# window; the periods containing a day as themselves). In a day's window only
# days relate (a month inside it is the next month after a month's end). The
# wanted keys go as JSON rows: psycopg converts an array parameter value by
# value in Python, which for a long article's hundred thousand keys took longer
# than the query. (The periods stay rows of their own: as expressions, the
# planner no longer looks them up in the index.)
BEST_SQL = """
WITH matched AS (
    -- UNION ALL: a unit wants each term under one key (``wanted_keys``) and
    -- the two branches' dates never meet (a unit's window holds no period
    -- containing it), so no term of a source is found twice.
    SELECT w.unit, k.source_id, w.weight
    FROM jsonb_to_recordset(%(wanted)s::jsonb)
        AS w(unit int, key text, weight bigint, low text, high text, day bool)
    JOIN {table} k ON k.case_id = %(case)s AND k.key = w.key
        AND k.date_value BETWEEN w.low AND w.high
        AND (NOT w.day OR length(k.date_value) = 10)
    WHERE k.source_id <> ALL(%(besides)s::bigint[])
    UNION ALL
    SELECT p.unit, k.source_id, p.weight
    FROM jsonb_to_recordset(%(periods)s::jsonb)
        AS p(unit int, key text, weight bigint, period text)
    JOIN {table} k ON k.case_id = %(case)s AND k.key = p.key
        AND k.date_value = p.period
    WHERE k.source_id <> ALL(%(besides)s::bigint[])
), scored AS (
    SELECT unit, source_id, sum(weight) AS score
    FROM matched GROUP BY unit, source_id
)
SELECT source_id FROM (
    SELECT source_id, row_number() OVER (
        PARTITION BY unit ORDER BY score DESC, source_id
    ) AS place FROM scored
) ranked WHERE place <= %(limit)s
"""


def _best_in_database(
    case_id: int,
    units: Sequence[tuple[dict, str]],
    besides: list[int],
    weight: Callable[[str], float],
) -> set[int]:
    """``best`` of ``_matches``, found in one query (PostgreSQL)."""
    wanted: list[dict] = []
    periods: list[dict] = []
    for i, (features, value) in enumerate(units):
        low, high, containing = date_window(value)
        day = DateValue.parse(value).precision == Precision.DAY
        for key in wanted_keys(features):
            term_weight = points(weight(key[2:]))
            wanted.append(
                {"unit": i, "key": key, "weight": term_weight}
                | {"low": low, "high": high, "day": day}
            )
            periods += [
                {"unit": i, "key": key, "weight": term_weight, "period": period}
                for period in containing
            ]
    if not wanted:
        return set()
    params = {
        "wanted": json.dumps(wanted),
        "periods": json.dumps(periods),
        "case": case_id,
        "besides": besides,
        "limit": PER_SOURCE,
    }
    table = connection.ops.quote_name(SourceKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(BEST_SQL.format(table=table), params)
        return {source for (source,) in cursor.fetchall()}


class Reach:
    """The dates one key is wanted at: ranges (merged) and whole periods."""

    def __init__(self, windows: Iterable[tuple[str, str, tuple[str, ...]]]) -> None:
        self.periods: set[str] = set()
        merged: list[list[str]] = []
        for low, high, periods in sorted(windows):
            self.periods.update(periods)
            if merged and low <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        self.lows = [m[0] for m in merged]
        self.highs = [m[1] for m in merged]

    def covers(self, value: str) -> bool:
        i = bisect.bisect_right(self.lows, value) - 1
        return value in self.periods or (i >= 0 and value <= self.highs[i])


def live_sources(case_id: int):
    return EventSource.objects.filter(
        event__case_id=case_id, event__deleted_at__isnull=True
    )


# The TermCount row of the number of the case's sources (migration 0009).
SOURCES = "sources"


def term_counts(case_id: int, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
    """How many sources the case has, and in how many of them each term weighs
    (is mentioned). Every source counts, those of events a person deleted too:
    what is rare in the case's articles does not change when an event is hidden,
    and the counts stay one index lookup (``TermCount``, kept by the database:
    counting the keys themselves reads half the case's keys, and counting the
    sources reads them all)."""
    keys = {f"w:{t}"[:KEY_LENGTH]: t for t in terms}
    if on_postgres():
        rows = _counted(case_id, [*keys, SOURCES])
    else:  # SQLite has no counting triggers (migrations 0008, 0009): count now
        rows = (
            SourceKey.objects.filter(case_id=case_id, key__in=list(keys))
            .values_list("key")
            .annotate(n=Count("pk"))
        )
    rows = list(rows)
    counts = {keys[key]: n for key, n in rows if key != SOURCES}
    n = next((n for key, n in rows if key == SOURCES), None)
    if n is None:  # no source yet, or SQLite
        n = EventSource.objects.filter(event__case_id=case_id).count()
    return n, counts


def _counted(case_id: int, keys: list[str]) -> list[tuple[str, int]]:
    """The case's TermCount rows of ``keys`` (PostgreSQL). The keys go as one
    JSON parameter: a region's sources ask for thousands of terms, and as an
    IN list (or an array, which psycopg converts value by value in Python)
    they cost the worker more to send than the database takes to look up.
    Joined to the rows, not compared with an array: while a new case fills
    faster than its statistics follow (an import), the planner would read
    all its rows and compare each with every key."""
    table = connection.ops.quote_name(TermCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.key, t.n FROM jsonb_array_elements_text(%s::jsonb) AS k(key) "
            f"JOIN {table} t ON t.case_id = %s AND t.key = k.key WHERE t.n > 0",
            [json.dumps(keys), case_id],
        )
        return cursor.fetchall()
