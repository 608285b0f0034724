"""TimeML value formatting: durations (P2Y, PT3H), ISO weeks (1998-W07), the
value of the calendar unit holding a day, sets and undated references."""

from __future__ import annotations

from datetime import date, timedelta

from ..lexicon import TIME_UNITS, UNITS
from .calendar_math import week_point
from .model import DateValue


def fmt_n(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


# TimeML writes halves in the next smaller unit: P2Y6M, PT5H30M, PT1M30S
_HALVES = {
    "year": ("Y", "6M", ""),
    "month": ("M", "15D", ""),
    "day": ("D", "12H", "T"),
    "hour": ("H", "30M", ""),
    "minute": ("M", "30S", ""),
}


def duration_value(n: float | None, unit: str) -> str:
    """TimeML duration: P2Y, PT3H, P1DE, PXY for vague counts."""
    if n is not None and not float(n).is_integer() and (n * 2).is_integer():
        if unit in _HALVES:
            letter, extra, t_mid = _HALVES[unit]
            whole = int(n)
            pre = "PT" if unit in TIME_UNITS else "P"
            head = f"{whole}{letter}" if whole else ""
            return f"{pre}{head}{t_mid}{extra}"
    num = "X" if n is None else fmt_n(n)
    if unit == "decade":
        return f"P{num}DE" if n is None else f"P{fmt_n(n * 10)}Y"
    if unit == "century":
        return f"P{num}CE" if n is None else f"P{fmt_n(n * 100)}Y"
    if unit == "weekend":
        return f"P{num}WE"
    if unit == "fortnight":
        return "PXW" if n is None else f"P{fmt_n(n * 2)}W"
    if unit == "night":
        return f"P{num}D"
    letter = UNITS.get(unit, "X")
    return f"PT{num}{letter}" if unit in TIME_UNITS else f"P{num}{letter}"


def unknown_day(within: DateValue | None) -> str:
    """A day the text does not give, written with what it shares with the
    date it falls in: "1998-10-XX" for "that same day" after "last October"."""
    if within is None:
        return "XXXX-XX-XX"
    if within.month is None:
        return f"{within.year:04d}-XX-XX"
    return f"{within.year:04d}-{within.month:02d}-XX"


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def unit_value(d: date, unit: str) -> tuple[str, DateValue | None]:
    """TimeML value and event point of the calendar unit containing ``d``."""
    if unit == "day":
        return d.isoformat(), DateValue.of(d)
    if unit == "week":
        return iso_week(d), week_point(d)
    if unit == "weekend":
        sat = d + timedelta(days=(5 - d.weekday()) % 7) if d.weekday() < 5 else d
        return f"{iso_week(sat)}-WE", DateValue(sat.year, sat.month)
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}", DateValue(d.year, d.month)
    if unit == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}", DateValue(d.year)
    if unit in ("year", "fiscal year"):
        return f"{d.year:04d}", DateValue(d.year)
    if unit == "decade":
        return f"{d.year // 10:03d}", None
    if unit == "century":
        return f"{d.year // 100:02d}", None
    if unit == "season":
        return f"{d.year:04d}", DateValue(d.year)
    return d.isoformat(), None


def granular_value(d: date, gran: str) -> str:
    """The value of ``d`` at a granularity from :func:`calendar_math.shift`."""
    if gran == "day":
        return d.isoformat()
    if gran == "week":
        return iso_week(d)
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


SET_ADVERBS = {
    "annually": "XXXX",
    "yearly": "P1Y",
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "hourly": "PT1H",
    "quarterly": "P3M",
}

# Undated references: TimeML's PRESENT_REF, PAST_REF and FUTURE_REF.
REFERENCE_VALUES = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "recently": "PAST_REF",
    "previously": "PAST_REF",
    "formerly": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "recent": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "future": "FUTURE_REF",
    "in the future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "a later date": "FUTURE_REF",
}
