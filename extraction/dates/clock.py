"""Resolver of clock times ("3:30 p.m. Friday", "noon on Oct. 5"): a time of
day never moves the date; the day written with it gives the event's day."""

from __future__ import annotations

import re
from datetime import date

from ..lexicon import WEEKDAYS
from .anchoring import DEICTIC_DAYS, deictic_day, weekday_date
from .model import Context, DateValue, Resolution, quoted
from .registry import resolver
from .words import parse_number
from .written import full_date

_SPOKEN = re.compile(
    r"(\w+)(?:\s+o['’]clock)?(?:\s+(?:in\s+the\s+(morning|afternoon|evening)|at\s+(night)))?"
)


def _spoken_clock(clock: str) -> tuple[int, int] | None:
    """(hour, 0) of "4 in the morning", "six in the evening", "eleven at night",
    "ten o'clock" (as written: no part of the day, no afternoon)."""
    m = _SPOKEN.fullmatch(clock)
    n = parse_number(m.group(1)) if m else None
    if m is None or n is None or not 1 <= n <= 12:
        return None
    hh = int(n)
    part = m.group(2) or m.group(3)
    if part == "morning" and hh == 12:
        hh = 0
    elif part in ("afternoon", "evening") and hh < 12:
        hh += 12
    elif part == "night" and 6 <= hh < 12:
        hh += 12
    elif part == "night" and hh == 12:
        hh = 24  # "twelve at night" is midnight, as "midnight" is
    return hh, 0


def _clock(clock: str) -> tuple[int, int] | None:
    """(hour, minute) of "3:30pm", "noon", "midnight" (24:00)."""
    if re.search(r"o['’]clock|\s(?:in|at)\s", clock):
        return _spoken_clock(clock)
    clock = clock.replace(" ", "")
    if clock in ("noon", "midday"):
        return 12, 0
    if clock == "midnight":
        return 24, 0
    m = re.match(r"(\d{1,2})(?::(\d{2}))?", clock)
    if not m:
        return None
    hh, mm = int(m.group(1)), int(m.group(2) or 0)
    if "p" in clock and hh < 12:
        hh += 12
    if "a" in clock and hh == 12:
        hh = 0
    if hh > 24 or mm > 59:
        return None
    return hh, mm


def _day_with(g: dict, text: str, ctx: Context) -> DateValue | None:
    """The day written with the time: a date, "today", a weekday."""
    wd = (g.get("wd") or "").lower()
    if g.get("mon") or g.get("mon2"):
        sub = {
            "mon": g.get("mon") or g.get("mon2"),
            "d": g.get("d") or g.get("d2"),
            "y": g.get("y"),
        }
        r = full_date(sub, text, ctx)
        return r.point if r is not None else None
    if wd in DEICTIC_DAYS:
        return DateValue.of(deictic_day(wd, ctx.published))
    if wd in WEEKDAYS:
        return DateValue.of(weekday_date(WEEKDAYS[wd], "", ctx)[0])
    return None


@resolver("clock_time")
def _r_clock_time(g: dict, text: str, ctx: Context) -> Resolution | None:
    found = _clock(" ".join(g["clock"].lower().split()))
    if found is None:
        return None
    hh, mm = found
    point = _day_with(g, text, ctx)
    d: date | None = point.first_day() if point else None
    if d is None:
        base = (
            ctx.reference if ctx.reference is not None and ctx.reference.day else None
        )
        d = base.first_day() if base else ctx.published
    value = f"{d.isoformat()}T{hh:02d}:{mm:02d}"
    return Resolution(
        "TIME",
        value,
        point,
        "exact",
        "publication" if point else "none",
        f"{quoted(text)}: a time of day never moves the date"
        + (f"; {point.human()}" if point else ""),
    )
