"""Resolvers of reporting periods: "the third quarter", "the year-ago period",
"the first half", "year-end"; a quarter or half-year is a TimeML value
(1990-Q3, 1990-H1) and gives the event only its year."""

from __future__ import annotations

import re

from ..lexicon import ORDINALS
from .anchoring import direction
from .calendar_math import latest_quarter, next_quarter, quarter_of, week_point
from .model import (
    FUTURE,
    PAST,
    Context,
    DateValue,
    Resolution,
    from_publication,
    quoted,
)
from .registry import resolver
from .timeml import iso_week


def quarter_ref(ctx: Context) -> tuple[int, int] | None:
    """(year, quarter) of the date just before when it is a quarter."""
    m = re.fullmatch(r"(\d{4})-Q([1-4])", ctx.reference_value or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


_Q_ORD = {k: v for k, v in ORDINALS.items() if v <= 4}


def year_ago_quarter(ctx: Context) -> tuple[int, int]:
    """(year, quarter) a "year-ago" figure belongs to: the same quarter a year
    before the one under discussion. Only a quarter reported by publication is
    compared with a year before (a forecast for "the third quarter of 1990" is
    not); a quarter already a year back ("in the year-ago quarter. The year-ago
    results ...") is that quarter itself."""
    latest = latest_quarter(ctx.published)
    qref = quarter_ref(ctx)
    if qref is None or qref > latest:
        qref = latest
    if (latest[0] * 4 + latest[1]) - (qref[0] * 4 + qref[1]) >= 4:
        return qref
    return qref[0] - 1, qref[1]


@resolver("reporting_period")
def _r_reporting_period(g: dict, text: str, ctx: Context) -> Resolution | None:
    """ "the third quarter", "the year-ago period", "the first half": a quarter
    or half-year (TimeML 1990-Q3, 1990-H1); the event keeps only the year."""
    q_word = (g.get("q") or "").lower()
    unit = g["u"].lower()
    if text.lower().rstrip().endswith("s") and (not q_word or unit == "period"):
        return None  # "quarters", "comparable periods"
    year = g.get("y") or g.get("y1")
    if g.get("ago") and not year:
        return _r_year_ago_period(q_word, unit, text, ctx)
    if unit == "period":
        return _r_period(q_word, year, text, ctx)
    if unit == "half":
        return _r_half(q_word, (g.get("det") or "").lower(), year, text, ctx)
    found = _which_quarter(q_word, (g.get("det") or "").lower(), year, ctx)
    if found is None:
        return None
    y, q = found
    why = f"quarter {q}; a quarter gives the year"
    return from_publication(DateValue(y), text, why, value=f"{y}-Q{q}")


def _r_year_ago_period(
    q_word: str, unit: str, text: str, ctx: Context
) -> Resolution | None:
    """ "the quarter a year ago", "the same period last year": the period under
    discussion, a year back."""
    y, q = year_ago_quarter(ctx)
    if unit == "half":
        h = 1 if q <= 2 else 2
        return from_publication(
            DateValue(y), text, "a half-year, a year back", value=f"{y}-H{h}"
        )
    q = _Q_ORD.get(q_word, q)
    why = "the same quarter a year earlier"
    return from_publication(DateValue(y), text, why, value=f"{y}-Q{q}")


def _r_period(
    q_word: str, year: str | None, text: str, ctx: Context
) -> Resolution | None:
    """ "the 1988 period", "the year-ago period", "the latest period"."""
    pub = ctx.published
    if year and not q_word:
        # "the 1988 period": the quarter under discussion, in that year
        qref = quarter_ref(ctx)
        if qref is None:
            return Resolution(
                "DATE",
                str(year),
                DateValue(int(year)),
                "exact",
                "absolute",
                f"{quoted(text)} → {year}",
            )
        why = f"{quoted(text)} → {year}: the quarter under discussion"
        return Resolution(
            "DATE", f"{year}-Q{qref[1]}", DateValue(int(year)), "exact", "absolute", why
        )
    if q_word in ("year-ago", "year-earlier", "comparable"):
        y, q = year_ago_quarter(ctx)
        why = "the same quarter a year earlier"
        return from_publication(DateValue(y), text, why, value=f"{y}-Q{q}")
    if q_word == "latest":
        y, q = quarter_ref(ctx) or latest_quarter(pub)
        why = "the latest reported quarter"
        return from_publication(DateValue(y), text, why, value=f"{y}-Q{q}")
    return None


def _r_half(
    q_word: str, det: str, year: str | None, text: str, ctx: Context
) -> Resolution | None:
    """ "the first half (of 1990)": a half-year gives the year."""
    if q_word not in ("first", "second", "1st", "2nd", "last"):
        return None
    h = 1 if q_word in ("first", "1st") else 2
    y = (
        int(year)
        if year
        else ctx.published.year + {"last year's": -1, "next year's": 1}.get(det, 0)
    )
    return Resolution(
        "DATE",
        f"{y}-H{h}",
        DateValue(y),
        "exact",
        "absolute" if year else "publication",
        f"{quoted(text)} → {y}: a half-year gives the year",
    )


_YEAR_OF_DET = {"last year's": -1, "next year's": 1, "this year's": 0}
# "the latest quarter", "its last quarter": the last one reported by publication
_LATEST_WORDS = {
    "latest",
    "past",
    "recent",
    "last",
    "final",
    "",
    "previous",
    "prior",
    "comparable",
    "same",
}


def _which_quarter(
    q_word: str, det: str, year: str | None, ctx: Context
) -> tuple[int, int] | None:
    """(year, quarter) of "the third quarter", "the current quarter", ..."""
    pub = ctx.published
    if q_word in _Q_ORD:
        q = _Q_ORD[q_word]
        if year:
            return int(year), q
        if det in _YEAR_OF_DET:
            return pub.year + _YEAR_OF_DET[det], q
        # the quarter of that number that has begun by publication
        return (pub.year if (q - 1) * 3 + 1 <= pub.month else pub.year - 1), q
    if not q_word and (year or det in _YEAR_OF_DET):
        # "the 1988 quarter", "last year's quarter": the quarter in question, that year
        y = int(year) if year else pub.year + _YEAR_OF_DET[det]
        return y, (quarter_ref(ctx) or latest_quarter(pub))[1]
    if q_word in ("current", "this"):
        return pub.year, quarter_of(pub)
    if q_word in ("next", "coming"):
        return next_quarter(pub)
    if q_word in ("year-ago", "year-earlier"):
        y, q = latest_quarter(pub)
        return y - 1, q
    if q_word in ("previous", "prior") and ctx.reference is None:
        return latest_quarter(pub)
    if q_word in _LATEST_WORDS:
        if not q_word and det not in ("the", "this", "its", "that"):
            return None
        return latest_quarter(pub)
    return None


_YEAR_END = ("year-end", "year end", "yearend", "year's end", "end of the year")


def _period_end(w: str, text: str, ctx: Context) -> Resolution:
    """ "by the end of the week": the publication's week or month, or in a past
    narrative the one of the date just before ("The board met on May 2. By the
    end of the week, the chairman had resigned")."""
    ref = ctx.reference
    if direction(ctx) == PAST and ref is not None and ref.month is not None:
        if w == "end of the month":
            p = DateValue(ref.year, ref.month)
            why = f"{quoted(text)} → {p.human()}: the month of the date just before"
            return Resolution("DATE", p.iso(), p, "exact", "event", why)
        if ref.day is not None:
            day = ref.first_day()
            why = f"{quoted(text)}: the week of the date just before, {ref.human()}"
            return Resolution(
                "DATE", iso_week(day), week_point(day), "exact", "event", why
            )
    pub = ctx.published
    if w == "end of the month":
        return from_publication(DateValue(pub.year, pub.month), text)
    return Resolution(
        "DATE",
        iso_week(pub),
        week_point(pub),
        "exact",
        "publication",
        f"{quoted(text)}: the publication week",
    )


@resolver("year_ago_or_period_end")
def _r_year_ago_or_period_end(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = g["w"].lower()
    unit = (g.get("u") or "").lower()
    pub = ctx.published
    if w in _YEAR_END:
        y = pub.year if direction(ctx) == FUTURE or pub.month >= 6 else pub.year - 1
        return from_publication(DateValue(y), text)
    if w in ("end of the month", "end of the week"):
        return _period_end(w, text, ctx)
    if unit in ("nine months", "six months"):
        return Resolution("DURATION", f"P{9 if unit.startswith('nine') else 6}M", None)
    if unit == "quarter" or quarter_ref(ctx) is not None:
        y, q = year_ago_quarter(ctx)
        # "the year-ago third quarter": the quarter it names, a year back
        q = ORDINALS.get((g.get("q") or "").lower(), q)
        why = "the same quarter a year earlier"
        return from_publication(DateValue(y), text, why, value=f"{y}-Q{q}")
    return from_publication(DateValue(pub.year - 1), text, "a year before publication")
