"""Resolvers of dates relative to publication or to the date just before:
"Wednesday", "today", "this morning", "last year", "the following week",
"the day before", "this summer", "Christmas".

Which day or year they name is decided in :mod:`.anchoring`.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..lexicon import PARTS_OF_DAY, SEASONS, WEEKDAYS
from .anchoring import (
    REL_PUB,
    REL_REF,
    deictic_day,
    direction,
    nearest_holiday,
    publication_unit,
    season_year,
    tense_word,
    weekday_anchored,
)
from .calendar_math import shift_unit, week_point
from .model import (
    FUTURE,
    Context,
    DateValue,
    Resolution,
    from_publication,
    pub_text,
    qualifier_of,
    quoted,
)
from .registry import resolve, resolver
from .timeml import iso_week, unit_value, unknown_day


@resolver("season")
def _r_season(g: dict, text: str, ctx: Context) -> Resolution | None:
    code = SEASONS[g["s"].lower()]
    rel = (g.get("rel") or "").lower()
    if g.get("y"):
        y, why, anchor = int(g["y"]), "season and year written", "absolute"
    else:
        y, why, anchor = season_year(code, g["s"].lower(), rel, ctx)
    p = DateValue(y)
    return Resolution(
        "DATE",
        f"{y}-{code}",
        p,
        "exact",
        anchor,
        f"{quoted(text)} → {y}: {why}; a season gives the year",
    )


@resolver("weekday")
def _r_weekday(g: dict, text: str, ctx: Context) -> Resolution | None:
    wd = WEEKDAYS[g["wd"].lower()]
    d, why = weekday_anchored(wd, (g.get("rel") or "").lower(), ctx)
    p = DateValue.of(d)
    part = (g.get("part") or "").lower()
    if part:
        value = f"{p.iso()}T{PARTS_OF_DAY[part]}"
        return from_publication(p, text, why, value=value, timex_type="TIME")
    return from_publication(p, text, why, qualifier=qualifier_of(ctx.prep))


@resolver("today_yesterday_tomorrow")
def _r_today_yesterday_tomorrow(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = g["w"].lower()
    p = DateValue.of(deictic_day(w, ctx.published))
    part = (g.get("part") or "").lower()
    why = (
        f"publication day, {pub_text(ctx.published)}"
        if w in ("today", "tonight")
        else f"{w} from publication on {pub_text(ctx.published)}"
    )
    if w == "tonight" or part:
        value = f"{p.iso()}T{'NI' if w == 'tonight' else PARTS_OF_DAY[part]}"
        return from_publication(p, text, why, value=value, timex_type="TIME")
    return from_publication(p, text, why)


@resolver("part_of_day")
def _r_part_of_day(g: dict, text: str, ctx: Context) -> Resolution | None:
    rel = (g.get("rel") or "").lower()
    part = g["part"].lower()
    found = _part_of_day_date(rel, part, ctx)
    if found is None:
        return Resolution(
            "TIME",
            f"XXXX-XX-XXT{PARTS_OF_DAY[part]}",
            None,
            "exact",
            "none",
            f"{quoted(text)}: no dated day before it",
        )
    d, anchor, why = found
    p = DateValue.of(d)
    return Resolution(
        "TIME",
        f"{p.iso()}T{PARTS_OF_DAY[part]}",
        p,
        "exact",
        anchor,
        f"{quoted(text)} → {p.human()}: {why}",
    )


def _part_of_day_date(
    rel: str, part: str, ctx: Context
) -> tuple[date, str, str] | None:
    """(day, anchor, why) of "this morning", "the next evening"; None when it
    counts from a day the text has not given."""
    pub = ctx.published
    if rel == "this" or (rel in ("the", "in the") and ctx.reference is None):
        return pub, "publication", f"publication day, {pub_text(pub)}"
    if rel == "last":
        return (
            pub - timedelta(days=1 if part in ("night", "evening") else 0),
            "publication",
            f"from publication on {pub_text(pub)}",
        )
    if rel == "tomorrow":
        return pub + timedelta(days=1), "publication", "the day after publication"
    if ctx.reference is not None and ctx.reference.day is not None:
        ref = ctx.reference.first_day()
        plus = (
            1
            if rel in ("the next", "the following")
            else -1
            if rel == "the previous"
            else 0
        )
        why = f"the day of the date just before ({ctx.reference.human()})"
        if plus:
            why = f"{'the day after' if plus > 0 else 'the day before'} {ctx.reference.human()}"
        return ref + timedelta(days=plus), "event", why
    if rel in ("that", "the next", "the following", "the previous"):
        return None
    return pub, "publication", f"publication day, {pub_text(pub)}"


@resolver("early_or_late_in_the_unit")
def _r_early_or_late_in_the_unit(g: dict, text: str, ctx: Context) -> Resolution | None:
    part = g["part"].lower()
    ref = ctx.reference
    if part in PARTS_OF_DAY:
        if ref is None or ref.day is None:
            return Resolution("TIME", f"XXXX-XX-XXT{PARTS_OF_DAY[part]}", None)
        p = ref
        return Resolution(
            "TIME",
            f"{p.iso()}T{PARTS_OF_DAY[part]}",
            p,
            "exact",
            "event",
            f"{quoted(text)} → {p.human()}: the day of the date just before",
        )
    # "earlier in the year" is the publication year; "late in the day" the last day
    base = DateValue.of(ctx.published) if part == "year" or ref is None else ref
    if part == "day" and base.day is not None:
        p = base
    elif part == "month" and base.month is not None:
        p = DateValue(base.year, base.month)
    elif part == "year":
        p = DateValue(base.year)
    else:
        return None
    return Resolution(
        "DATE",
        p.iso(),
        p,
        "exact",
        "event" if ref else "publication",
        f"{quoted(text)} → {p.human()}: within the date just before",
    )


@resolver("relative_unit")
def _r_relative_unit(g: dict, text: str, ctx: Context) -> Resolution | None:
    rel = " ".join(g["rel"].lower().split())
    unit = " ".join(g["u"].lower().split())
    if rel in REL_REF or (unit == "day" and rel not in ("this",)):
        return _unit_from_reference(rel, unit, text, ctx)
    return _unit_from_publication(rel, unit, (g.get("mod") or "").lower(), text, ctx)


def _unit_from_reference(
    rel: str, unit: str, text: str, ctx: Context
) -> Resolution | None:
    """ "the following week", "that same month", "the next day"."""
    pub = ctx.published
    k = REL_REF.get(rel, {"next": 1, "last": -1}.get(rel, 0))
    if ctx.reference is None:
        if unit == "day":
            return None
        base, anchor, whence = pub, "publication", f"publication on {pub_text(pub)}"
    else:
        if unit == "day" and ctx.reference.day is None:
            # "that same day" after "last October" is a day of that October
            return Resolution(
                "DATE",
                unknown_day(ctx.reference if k == 0 else None),
                None,
                "exact",
                "none",
                f"{quoted(text)}: the date before it has no day",
            )
        base, anchor = ctx.reference.first_day(), "event"
        whence = f"the date just before, {ctx.reference.human()}"
    d = shift_unit(base, unit, k)
    if d is None:
        return None
    value, point = unit_value(d, unit)
    if anchor == "event" and point is not None and ctx.reference is not None:
        # never more precise than the anchor ("the same month" of a year-only date)
        if ctx.reference.month is None and point.month is not None:
            point = DateValue(point.year)
    return Resolution(
        "DATE",
        value,
        point,
        "exact",
        anchor,
        f"{quoted(text)} → {point.human() if point else value}: relative to {whence}",
    )


_ABOUT_MODS = ("earlier", "later", "early", "late", "mid")


def _unit_from_publication(
    rel: str, unit: str, mod: str, text: str, ctx: Context
) -> Resolution | None:
    """ "last year", "this month", "earlier this week", "next quarter"."""
    pub = ctx.published
    if rel not in REL_PUB:
        return None
    if unit == "century" and REL_PUB[rel] == 0:
        # "this century" is annotated as the hundred-year span it names
        return Resolution("DURATION", "P100Y", None)
    d = publication_unit(rel, unit, pub)
    if d is None:
        return None
    value, point = unit_value(d, unit)
    qual = "exact"
    if unit in ("year", "fiscal year") and mod in _ABOUT_MODS:
        qual = "about"
    why = f"{rel} {unit} from publication on {pub_text(pub)}"
    if point is None:  # "this decade": a TimeML value, no timeline date
        why = f"{quoted(text)} → {value}: {why}"
        return Resolution("DATE", value, None, qual, "publication", why)
    if unit == "week" and point.month is not None:
        why += "; a week gives its month"
    return from_publication(point, text, why, qualifier=qual, value=value)


@resolver("the_weekend")
def _r_the_weekend(g: dict, text: str, ctx: Context) -> Resolution | None:
    pub = ctx.published
    if direction(ctx) == FUTURE:
        sat = pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)
    else:
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7)
    return Resolution(
        "DATE",
        f"{iso_week(sat)}-WE",
        DateValue(sat.year, sat.month),
        "exact",
        "publication",
        f"{quoted(text)} → the weekend of {DateValue.of(sat).human()}",
    )


@resolver("the_year")
def _r_the_year(g: dict, text: str, ctx: Context) -> Resolution | None:
    """'for the year' (the current one) vs 'the year ended June 30' (a period)."""
    if g.get("ended"):
        return Resolution("DURATION", "P1Y", None)
    # no event point: "the year" alone is too vague for a timeline
    return Resolution("DATE", str(ctx.published.year), None)


@resolver("the_day_before_or_after_date")
def _r_the_day_before_or_after_date(
    g: dict, text: str, ctx: Context
) -> Resolution | None:
    inner = resolve(g["_inner"], g, g["_text"], ctx)
    if inner is None or inner.point is None or inner.point.day is None:
        return None
    sign = 1 if g["_w"].lower().endswith("after") else -1
    p = DateValue.of(inner.point.first_day() + timedelta(days=sign))
    return Resolution(
        "DATE",
        p.iso(),
        p,
        "exact",
        inner.anchor,
        f"{quoted(text)} → {p.human()}: the day {'after' if sign > 0 else 'before'} "
        f"{inner.point.human()}",
    )


@resolver("the_unit_before_or_after")
def _r_the_unit_before_or_after(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = " ".join(g["w"].lower().split())
    pub = ctx.published
    if w in ("the day before yesterday", "the day after tomorrow"):
        p = DateValue.of(pub + timedelta(days=2 if w.endswith("tomorrow") else -2))
        return from_publication(p, text)
    unit = w.split()[1]
    sign = 1 if w.endswith("after") else -1
    ref = ctx.reference
    if ref is None or (unit in ("day", "night") and ref.day is None):
        return Resolution("DATE", "XXXX-XX-XX", None)
    d = shift_unit(ref.first_day(), "day" if unit == "night" else unit, sign)
    if d is None:
        return None
    value, point = unit_value(d, "day" if unit == "night" else unit)
    return Resolution(
        "DATE",
        value,
        point,
        "exact",
        "event",
        f"{quoted(text)} → {point.human() if point else value}: "
        f"relative to the date just before, {ref.human()}",
    )


@resolver("holiday")
def _r_holiday(g: dict, text: str, ctx: Context) -> Resolution | None:
    week = bool(g.get("wk"))
    d = nearest_holiday(g["h"], (g.get("rel") or "").lower(), ctx, week)
    if d is None:
        return None
    why = (
        f"the holiday nearest publication on {pub_text(ctx.published)}; "
        f"{tense_word(ctx)}"
    )
    if week:  # "Easter week", "Christmas week": the (ISO) week holding the day
        point = week_point(d) or DateValue(d.year)
        return from_publication(point, text, why, value=iso_week(d))
    return from_publication(DateValue.of(d), text, why)
