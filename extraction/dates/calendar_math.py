"""Calendar arithmetic, on python-dateutil: moving a date by counted units,
the month of a week, quarters, and the holidays' days in a year."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from dateutil.relativedelta import weekday as rd_weekday

from ..lexicon import TIME_UNITS
from .model import DateValue


def shift(d: date, n: float, unit: str, sign: int) -> tuple[date, str] | None:
    """Move ``d`` by n units; returns the new date and the TimeML granularity."""
    if unit in ("year", "month") and not float(n).is_integer():
        # "a year and a half": 18 months, not two years
        months = n * (12 if unit == "year" else 1)
        unit, n = ("month", months) if float(months).is_integer() else (unit, n)
    k = int(round(n)) * sign
    if unit in ("day", "night"):
        return d + timedelta(days=k), "day"
    if unit in ("week", "weekend", "fortnight"):
        return d + timedelta(weeks=k * (2 if unit == "fortnight" else 1)), "week"
    # relativedelta keeps the day, or the month's last day if it has fewer
    if unit in ("month", "quarter"):
        return d + relativedelta(months=k * (3 if unit == "quarter" else 1)), "month"
    if unit in ("year", "decade", "century"):
        years = k * {"year": 1, "decade": 10, "century": 100}[unit]
        if not 1 <= d.year + years <= 9999:
            return None
        return d + relativedelta(years=years), "year"
    if unit in TIME_UNITS:
        return d, "day"
    return None


def shift_unit(d: date, unit: str, k: int) -> date | None:
    """``d`` moved by k calendar units of the kind "last <unit>" names."""
    if k == 0:
        return d
    u = {"fiscal year": "year", "season": "quarter"}.get(unit, unit)
    r = shift(d, abs(k), u, 1 if k > 0 else -1)
    return r[0] if r else None


def week_point(d: date) -> DateValue | None:
    """The month holding the whole Monday-Sunday week of ``d``, else its year."""
    mon = d - timedelta(days=d.weekday())
    sun = mon + timedelta(days=6)
    if (mon.year, mon.month) == (sun.year, sun.month):
        return DateValue(mon.year, mon.month)
    if mon.year == sun.year:
        return DateValue(mon.year)
    return None


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def latest_quarter(pub: date) -> tuple[int, int]:
    """(year, quarter) of the last quarter ended by ``pub``."""
    q = quarter_of(pub)
    return (pub.year, q - 1) if q > 1 else (pub.year - 1, 4)


def next_quarter(pub: date) -> tuple[int, int]:
    d = pub + relativedelta(months=3)
    return d.year, quarter_of(d)


def nth_weekday(year: int, month: int, wd: int, n: int) -> date:
    """The n-th weekday ``wd`` (0 = Monday) of the month; n = -1 the last one."""
    day = 1 if n > 0 else 31  # relativedelta stops at the month's last day
    return date(year, month, 1) + relativedelta(day=day, weekday=rd_weekday(wd)(n))


_FIXED_HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's": (1, 1),
    "new year's eve": (12, 31),
    "independence day": (7, 4),
    "july fourth": (7, 4),
    "the fourth of july": (7, 4),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
}


def holiday_date(name: str, year: int) -> date | None:
    n = name.lower().replace("’", "'")
    if n in _FIXED_HOLIDAYS:
        return date(year, *_FIXED_HOLIDAYS[n])
    if n.startswith("thanksgiving"):
        return nth_weekday(year, 11, 3, 4)
    if n == "labor day":
        return nth_weekday(year, 9, 0, 1)
    if n == "memorial day":
        return nth_weekday(year, 5, 0, -1)
    if n == "election day":
        return nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if n == "easter":
        return easter(year)
    return None
