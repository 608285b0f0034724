"""Resolvers of counted spans: "three days ago", "two years later", "a year
after the crash" (an offset from another event), "hours later", "for six
months" and vague durations."""

from __future__ import annotations

from datetime import date

from ..lexicon import EXACT_HEDGES, OPEN_BOUNDS, TIME_UNITS, UPPER_BOUNDS
from .calendar_math import shift, week_point
from .fiscal import quarter_ref
from .model import Context, DateValue, Offset, Resolution, pub_text, quoted
from .registry import resolver
from .timeml import duration_value, fmt_n, granular_value
from .words import parse_number, unit_of


def _count_point(
    d: date, unit: str, approx: bool, anchor_point: DateValue | None
) -> DateValue | None:
    """Event precision of "N units from a point": the count's own precision."""
    if approx:
        return DateValue(d.year)
    if unit in ("day", "night") or unit in TIME_UNITS:
        if anchor_point is not None and anchor_point.day is None:
            return (
                DateValue(d.year, d.month)
                if anchor_point.month is not None
                else DateValue(d.year)
            )
        return DateValue.of(d)
    if unit in ("week", "fortnight", "weekend"):
        return (
            week_point(d)
            if anchor_point is None or anchor_point.day is not None
            else DateValue(d.year, d.month)
        )
    if unit in ("month", "quarter", "year"):
        if anchor_point is not None and anchor_point.month is None:
            return DateValue(d.year)
        return DateValue(d.year, d.month)
    return DateValue(d.year)


@resolver("units_ago_or_after")
def _r_units_ago_or_after(g: dict, text: str, ctx: Context) -> Resolution | None:
    n = parse_number(g.get("n"))
    if n is not None and g.get("half"):
        n += 0.5
    unit = unit_of(g["u"])
    direction_word = g["dir"].lower()
    approx_word = " ".join((g.get("approx") or "").lower().split())
    # "a year and a half after": a fraction of a unit supports only the year
    approx = (
        bool(approx_word)
        and approx_word not in EXACT_HEDGES
        or (n is not None and not float(n).is_integer())
    )
    if n is None and unit in TIME_UNITS and direction_word in ("later", "earlier"):
        return hours_later(text, ctx)
    if n is None:  # "several years ago"; "a few days later" is a vague span
        return _vague_count(direction_word, unit, text)
    if n > 10000:
        return None
    if direction_word in ("after", "before", "since"):
        # "a year after the shooting": dates one event from another (rule 8);
        # the component decides what it is anchored to.
        off = Offset(
            -1 if direction_word in ("after", "since") else 1,
            n,
            unit,
            approx,
            approx_word in OPEN_BOUNDS,
        )
        return Resolution(
            "DURATION",
            duration_value(n, unit),
            None,
            "about" if approx else "exact",
            "event",
            f"{quoted(text)}: {fmt_n(n)} {unit}(s) {direction_word} another event",
            offset=off,
        )
    return _counted(g, n, unit, direction_word, approx, text, ctx)


def _vague_count(direction_word: str, unit: str, text: str) -> Resolution:
    if direction_word in ("ago", "from now", "hence"):
        ref = "PAST_REF" if direction_word == "ago" else "FUTURE_REF"
        return Resolution(
            "DATE", ref, None, "about", "none", f"{quoted(text)}: vague count"
        )
    return Resolution(
        "DURATION",
        duration_value(None, unit),
        None,
        "about",
        "none",
        f"{quoted(text)}: vague count",
    )


def _count_base(
    direction_word: str, ctx: Context
) -> tuple[int, date, str, DateValue | None, str]:
    """(sign, base day, anchor, anchor point, whence) of "N units ago/later"."""
    pub = ctx.published
    if direction_word in ("ago", "from now", "hence"):
        sign = -1 if direction_word == "ago" else 1
        return sign, pub, "publication", None, f"publication on {pub_text(pub)}"
    sign = -1 if direction_word in ("earlier", "previously") else 1
    if ctx.reference is not None:
        return (
            sign,
            ctx.reference.first_day(),
            "event",
            ctx.reference,
            f"the date just before, {ctx.reference.human()}",
        )
    return sign, pub, "publication", None, f"publication on {pub_text(pub)}"


def _counted(
    g: dict,
    n: float,
    unit: str,
    direction_word: str,
    approx: bool,
    text: str,
    ctx: Context,
) -> Resolution | None:
    """ "three days ago", "two years later": counted from publication or from
    the date just before."""
    sign, base, anchor, anchor_point, whence = _count_base(direction_word, ctx)
    r = shift(base, n, unit, sign)
    if r is None:
        return None
    d, gran = r
    qref = quarter_ref(ctx)
    if unit == "year" and qref is not None and float(n).is_integer():
        # "a year earlier" in a story about quarterly results: the same quarter
        y, q = qref
        value = f"{y + sign * int(n)}-Q{q}"
        return Resolution(
            "DATE",
            value,
            DateValue(y + sign * int(n)),
            "exact",
            "event",
            f"{quoted(text)} → {y + sign * int(n)}: the same quarter, "
            f"{fmt_n(n)} year(s) {'before' if sign < 0 else 'after'}",
        )
    if unit in TIME_UNITS:
        value = d.isoformat()
        # "two hours later" happened on the day of the event it counts from
        point = anchor_point if anchor == "event" and anchor_point.day else None
        point = point or (
            DateValue.of(ctx.published)
            if anchor == "publication" and sign < 0
            else None
        )
    else:
        value = granular_value(d, gran)
        point = _count_point(d, unit, approx, anchor_point)
    bounded = approx and anchor == "event" and _upper_bound(g)
    if bounded and unit not in TIME_UNITS:
        point = _within(base, d, unit, anchor_point)
    qual = "about" if approx else "exact"
    why = (
        f"{quoted(text)} → {point.human() if point else value}: {_count_words(g, n, unit)} "
        f"{'before' if sign < 0 else 'after'} {whence}"
    )
    if bounded:
        why += "; at most that, so what both ends share"
    elif approx:
        why += "; approximate, so only the year"
    return Resolution("DATE", value, point, qual, anchor, why)


def _upper_bound(g: dict) -> bool:
    return " ".join((g.get("approx") or "").lower().split()) in UPPER_BOUNDS


def _within(
    base: date, d: date, unit: str, anchor_point: DateValue | None
) -> DateValue | None:
    """ "less than a week later": somewhere between the two days, so the
    precision both share (rule 3), the year at worst."""
    a = _count_point(min(base, d), unit, False, anchor_point)
    b = _count_point(max(base, d), unit, False, anchor_point)
    if a is None or b is None or a.year != b.year:
        return None
    return a if a == b else DateValue(a.year)


def hours_later(text: str, ctx: Context) -> Resolution:
    """ "Hours later", "minutes earlier": the day of the date just before, if it
    has one; the vague count itself is a duration."""
    ref = ctx.reference
    value = "PTXH" if "hour" in text.lower() else "PTXM"  # moments: minutes
    if ref is None or ref.day is None:
        return Resolution(
            "DURATION", value, None, "about", "none", f"{quoted(text)}: vague count"
        )
    why = f"{quoted(text)} → {ref.human()}: the same day as the date just before"
    return Resolution("DURATION", value, ref, "exact", "event", why)


def _count_words(g: dict, n: float, unit: str) -> str:
    """ "nine days", "a year": the count as written, for the derivation line."""
    words = " ".join(str(g.get("n") or fmt_n(n)).lower().split())
    if g.get("half"):
        return f"{words} {unit} and a half"
    plural = unit if (n == 1 and words in ("a", "an", "one")) else unit + "s"
    return f"{words} {plural}"


@resolver("hours_later")
def _r_hours_later(g: dict, text: str, ctx: Context) -> Resolution | None:
    return hours_later(text, ctx)


@resolver("one_unit_ago_or_after")
def _r_one_unit_ago_or_after(g: dict, text: str, ctx: Context) -> Resolution | None:
    return _r_units_ago_or_after({"n": "1", "u": g["u"], "dir": g["dir"]}, text, ctx)


@resolver("duration")
def _r_duration(g: dict, text: str, ctx: Context) -> Resolution | None:
    if g.get("old"):
        return None  # "30-year-old": an age
    unit = unit_of(g["u"])
    n = parse_number(g.get("n"))
    if n is not None and n > 10000:
        return None
    if n is not None and g.get("half"):
        n += 0.5
    return Resolution(
        "DURATION",
        duration_value(n, unit),
        None,
        "exact",
        "none",
        f"{quoted(text)}: a duration, not a date",
    )


@resolver("vague_duration")
def _r_vague_duration(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = " ".join(g["w"].lower().split())
    if w.startswith("recent ") and w.endswith("years"):
        return Resolution("DATE", "PAST_REF", None)

    unit = unit_of(w.removesuffix(" ahead").split()[-1])  # "the weeks ahead"
    return Resolution("DURATION", duration_value(None, unit), None)


@resolver("unit_long")
def _r_unit_long(g: dict, text: str, ctx: Context) -> Resolution | None:
    """ "day-long" is one day, "two-year-long" two years, "decades-long" some
    decades."""
    unit = unit_of(g["u"])
    n = parse_number(g["n"]) if g.get("n") else None
    if n is None and g["u"].lower() == unit:
        n = 1
    return Resolution("DURATION", duration_value(n, unit), None)
