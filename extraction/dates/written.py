"""Resolvers of dates written out: "Oct. 5, 2022", "10/5/22", "2022-10-05",
"March", "in 2019", "the 1990s", "nineteen ninety-six", "the 20th century".

A yearless month or day gets its year from :mod:`.anchoring`.
"""

from __future__ import annotations

from datetime import date

from ..lexicon import SEASONS
from .anchoring import month_day_year, month_year, rel_year, year_of_weekday
from .calendar_math import week_point
from .model import (
    FUTURE,
    PAST,
    Context,
    DateValue,
    Resolution,
    from_publication,
    qualifier_of,
    quoted,
)
from .parsing import clean_for_parser, parse_absolute
from .registry import resolver
from .timeml import iso_week
from .words import TENS_WORDS, day_of, month_of, spelled_year


@resolver("month_day_year", "day_month_year")
def full_date(g: dict, text: str, ctx: Context) -> Resolution | None:
    mon, day = month_of(g.get("mon")), day_of(g.get("d"))
    if mon is None or day is None:
        return None
    if g.get("y"):
        parsed = parse_absolute(clean_for_parser(f"{g['mon']} {day}, {g['y']}"))
        return absolute_day(parsed, text, ctx, "date written in full")
    parsed = parse_absolute(clean_for_parser(f"{g['mon']} {day}"))
    if parsed is None:
        return None
    mon, day = parsed.month, parsed.day
    y, why = _month_day_year(g, text, mon, day, ctx)
    try:
        p = DateValue(y, mon, date(y, mon, day).day)
    except ValueError:  # Feb. 29 in a common year
        return None
    return from_publication(p, text, why, qualifier=qualifier_of(ctx.prep))


@resolver("week_of_date")
def _r_week_of_date(g: dict, text: str, ctx: Context) -> Resolution | None:
    """ "the week of March 6": the (ISO) week holding that day."""
    day = full_date(g, text, ctx)
    if day is None or day.point is None or day.point.day is None:
        return None
    d = day.point.first_day()
    why = f"{quoted(text)}: the week of {day.point.human()}"
    return Resolution("DATE", iso_week(d), week_point(d), "exact", day.anchor, why)


def _month_day_year(
    g: dict, text: str, mon: int, day: int, ctx: Context
) -> tuple[int, str]:
    """Year of a month-day written without one, and why."""
    rely = (g.get("rely") or "").lower()
    rel = (g.get("rel") or "").lower()
    if rely:
        y, why = rel_year(rely, ctx.published)
    elif rel:
        # "last Oct. 23": the latest one before publication; "next" the first after
        tense = PAST if rel in ("last", "this past") else FUTURE
        y, why = month_day_year(mon, day, Context(ctx.published, tense))
    else:
        y, why = month_day_year(mon, day, ctx)
    weekday_year = year_of_weekday(text, mon, day, ctx.published)
    if weekday_year is not None and weekday_year != y:
        y = weekday_year
        why = f"the year in which it falls on the weekday written with it ({y})"
    return y, why


@resolver("slash_date")
def _r_slash_date(g: dict, text: str, ctx: Context) -> Resolution | None:
    a, b, y = int(g["a"]), int(g["b"]), g["y"]
    if len(y) == 2:
        yy = int(y)
        y = str(1900 + yy if yy >= 50 else 2000 + yy)
    if a > 12 and b <= 12:
        parsed = parse_absolute(f"{a}/{b}/{y}", "DMY")
    else:
        parsed = parse_absolute(f"{a}/{b}/{y}", "MDY")
    return absolute_day(parsed, text, ctx, "numeric date read month first")


def absolute_day(
    parsed: date | None, text: str, ctx: Context, how: str
) -> Resolution | None:
    """A day the text writes in full: no anchoring, only reading."""
    if parsed is None:
        return None
    p = DateValue.of(parsed)
    return Resolution(
        "DATE",
        p.iso(),
        p,
        qualifier_of(ctx.prep),
        "absolute",
        f"{quoted(text)} → {p.human()}: {how}",
    )


@resolver("iso_date")
def _r_iso_date(g: dict, text: str, ctx: Context) -> Resolution | None:
    parsed = parse_absolute(f"{g['y']}-{g['m']}-{g['d']}", "YMD")
    return absolute_day(parsed, text, ctx, "ISO date")


@resolver("iso_month")
def _r_iso_month(g: dict, text: str, ctx: Context) -> Resolution | None:
    p = DateValue(int(g["y"]), int(g["m"]))
    return Resolution(
        "DATE", p.iso(), p, "exact", "absolute", f"{quoted(text)} → {p.human()}"
    )


@resolver("month_year")
def _r_month(g: dict, text: str, ctx: Context) -> Resolution | None:
    mon = month_of(g.get("mon"))
    if mon is None:
        return None
    rel = (g.get("rel") or "").lower() or None
    rely = (g.get("rely") or "").lower()
    anchor = "publication"
    if g.get("y"):
        y, why, anchor = int(g["y"]), "month and year written", "absolute"
    elif rely:
        y, why = rel_year(rely, ctx.published)
    else:
        y, why = month_year(mon, ctx, rel)
        if rel in ("that", "the same") and ctx.reference is not None:
            anchor = "event"
    p = DateValue(y, mon)
    return Resolution(
        "DATE",
        p.iso(),
        p,
        qualifier_of(ctx.prep),
        anchor,
        f"{quoted(text)} → {p.human()}: {why}",
    )


_HALF_OF = {
    "the first half of": "H1",
    "the second half of": "H2",
    "the last half of": "H2",
}


_PRE_POST = {"pre": "before", "post": "after"}


@resolver("year")
def _r_year(g: dict, text: str, ctx: Context) -> Resolution | None:
    y = int(g["y"])
    mod = " ".join((g.get("mod") or "").lower().split())
    if mod in _HALF_OF:
        return Resolution(
            "DATE",
            f"{y}-{_HALF_OF[mod]}",
            DateValue(y),
            "exact",
            "absolute",
            f"{quoted(text)} → {y}: a half-year gives the year",
        )
    if mod in _PRE_POST:
        # "post-1959 politics": TimeML's value is the year; what it dates lies
        # before or after it, so no event takes the year
        why = f"{quoted(text)}: {_PRE_POST[mod]} {y}"
        return Resolution("DATE", str(y), None, "exact", "absolute", why)
    for season, code in SEASONS.items():
        if mod == f"the {season} of":
            p = DateValue(y)
            return Resolution(
                "DATE",
                f"{y}-{code}",
                p,
                "exact",
                "absolute",
                f"{quoted(text)} → {y}: a season gives the year",
            )
    p = DateValue(y)
    return Resolution(
        "DATE",
        str(y),
        p,
        qualifier_of(ctx.prep),
        "absolute",
        f"{quoted(text)} → {y}: year written",
    )


@resolver("decade")
def _r_decade(g: dict, text: str, ctx: Context) -> Resolution | None:
    dec = g["dec"].lstrip("'’")
    if len(dec) == 2:  # '90s
        dec = ("19" if int(dec) >= 30 else "20") + dec
    return Resolution(
        "DATE",
        dec[:3],
        None,
        "exact",
        "absolute",
        f"{quoted(text)} → the {dec}s: a decade is not a timeline date",
    )


@resolver("spelled_year")
def _r_spelled_year(g: dict, text: str, ctx: Context) -> Resolution | None:
    """'nineteen ninety-six' -> 1996, 'the year two thousand' -> 2000."""
    y = spelled_year(g["w"].lower().replace("the year ", ""))
    if y is None:
        return None
    return Resolution(
        "DATE",
        str(y),
        DateValue(y),
        "exact",
        "absolute",
        f"{quoted(text)} → {y}: year written in words",
    )


@resolver("century")
def _r_century(g: dict, text: str, ctx: Context) -> Resolution | None:
    n = int(g["n"])
    return Resolution(
        "DATE",
        f"{n - 1:02d}",
        None,
        "exact",
        "absolute",
        f"{quoted(text)}: a century is not a timeline date",
    )


@resolver("decade_word")
def _r_decade_word(g: dict, text: str, ctx: Context) -> Resolution | None:
    word = g["w"].lower().split()[-1]
    tens = TENS_WORDS.get(word.replace("ies", "y"))
    if tens is None:
        return None
    return Resolution(
        "DATE",
        f"19{tens // 10}",
        None,
        "exact",
        "absolute",
        f"{quoted(text)} → the 19{tens}s: a decade is not a timeline date",
    )
