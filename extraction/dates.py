"""Pure date resolution: a matched expression plus its context -> TimeML value.

Nothing here knows about spaCy. :func:`resolve` takes the pattern kind and the
groups from :mod:`extraction.patterns`, the publication date, the tense read
from the parse and the last date the text mentioned, and returns a
:class:`Resolution`: the TIMEX3 type and value (TempEval conventions) and,
separately, the calendar point an event would get under the newsroom rules
(week -> month, season -> year, approximate span -> year, never invent a day).
It never raises: unparseable input gives ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from dateutil.relativedelta import weekday as rd_weekday

from .lexicon import (
    EXACT_HEDGES,
    MONTH_ABBR,
    MONTH_NAMES,
    MONTHS,
    NUMBER_WORDS,
    OPEN_BOUNDS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    TIME_UNITS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAY_ABBR,
    WEEKDAY_NAMES,
    WEEKDAYS,
)

PAST, FUTURE, PRESENT = "past", "future", "present"
PAST_PERFECT = "past-perfect"  # "had been due to": the date has certainly passed


@dataclass(frozen=True)
class Point:
    """A calendar point at year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def human(self) -> str:
        if self.day is not None:
            return f"{self.day} {MONTH_ABBR[self.month]} {self.year}"
        if self.month is not None:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return str(self.year)

    @classmethod
    def of(cls, d: date) -> Point:
        return cls(d.year, d.month, d.day)


@dataclass(frozen=True)
class Offset:
    """ "N units after/before X": how to get from the dated event to X."""

    sign: int  # +1: the other event is later ("after" -> X is earlier: sign -1)
    n: float
    unit: str
    approx: bool
    bound: bool = False  # "more than", "less than": one side only, commentary


@dataclass(frozen=True)
class Context:
    published: date
    tense: str | None = None  # PAST / FUTURE / PRESENT / None (unknown)
    reference: Point | None = None  # last date the text mentioned
    prep: str | None = None  # preposition just before the expression, lower-case
    reference_value: str | None = None  # TimeML value of that date ("1989-Q3")
    # The date hangs straight off a past-tense verb ("filed ... on Nov. 11"),
    # not off a noun or a forward-looking word ("a ceremony on", "payable").
    on_past_verb: bool = False


@dataclass(frozen=True)
class Resolution:
    type: str
    value: str
    point: Point | None = None  # the event date, None when not a calendar date
    qualifier: str = "exact"
    anchor: str = "none"  # publication / absolute / event / none
    derivation: str = ""
    offset: Offset | None = None  # set for "N units after/before <event>"


# --------------------------------------------------------------------------- #
# small helpers
# --------------------------------------------------------------------------- #


def pub_text(d: date) -> str:
    return f"{WEEKDAY_ABBR[d.weekday()]} {d.day} {MONTH_ABBR[d.month]} {d.year}"


def _month_of(word: str | None) -> int | None:
    if not word:
        return None
    return MONTHS.get(word.lower().rstrip(".").strip())


def _day_of(word: str | None) -> int | None:
    if not word:
        return None
    m = re.match(r"\d+", word)
    return int(m.group(0)) if m else None


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    """(year, month) n months after month m of year y."""
    d = date(y, m, 1) + relativedelta(months=n)
    return d.year, d.month


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def week_point(d: date) -> Point | None:
    """The month holding the whole Monday-Sunday week of ``d``, else its year."""
    mon = d - timedelta(days=d.weekday())
    sun = mon + timedelta(days=6)
    if (mon.year, mon.month) == (sun.year, sun.month):
        return Point(mon.year, mon.month)
    if mon.year == sun.year:
        return Point(mon.year)
    return None


def _tense_word(ctx: Context) -> str:
    return {
        PAST: "past tense",
        FUTURE: "future",
        PRESENT: "present tense",
        PAST_PERFECT: "past perfect",
    }.get(ctx.tense or "", "tense unclear, read as past")


def direction(ctx: Context, present_is_future: bool = True) -> str:
    """Past or future for an expression that needs one (weekday, yearless date).

    Present tense with a month or a date ("takes office in January", "his case
    returns to court on Feb. 8") is a scheduled, future event in news copy; with
    a weekday it is usually a report of the last few days ("says Wednesday"),
    so weekdays pass ``present_is_future=False``.
    """
    if ctx.prep in ("since", "as of"):
        return PAST
    if ctx.tense == FUTURE or (present_is_future and ctx.tense == PRESENT):
        return FUTURE
    return PAST


def parse_number(word: str | None) -> float | None:
    """'two' -> 2, '18' -> 18, 'twenty-one' -> 21, 'several' -> None (vague)."""
    if not word:
        return None
    w = word.lower().strip()
    half = re.search(r"\s+(?:1/2|and\s+a\s+half)$", w)
    if half:
        base = parse_number(w[: half.start()])
        return None if base is None else base + 0.5
    w = (
        re.split(r"\s*(?:-|to|or|and)\s+|\s*-\s*", w)[0]
        if re.search(r"\d", w) is None
        else w
    )
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    m = re.match(r"(\d+(?:\.\d+)?)", w)
    if m:
        return float(m.group(1))
    if w in VAGUE_NUMBERS:
        return None
    if "-" in w:
        a, _, b = w.partition("-")
        if a in NUMBER_WORDS and b in NUMBER_WORDS:
            return NUMBER_WORDS[a] + NUMBER_WORDS[b]
    return NUMBER_WORDS.get(w)


def _unit_of(word: str) -> str:
    w = word.lower()
    for u in sorted(UNITS, key=len, reverse=True):
        if w.startswith(u):
            return u
    if w.startswith("centur"):
        return "century"
    return w


def _fmt_n(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def duration_value(n: float | None, unit: str) -> str:
    """TimeML duration: P2Y, PT3H, P1DE, PXY for vague counts."""
    if n is not None and not float(n).is_integer() and (n * 2).is_integer():
        # TimeML writes halves in the next smaller unit: P2Y6M, PT5H30M, PT1M30S
        smaller = {
            "year": ("Y", "6M", ""),
            "month": ("M", "15D", ""),
            "day": ("D", "12H", "T"),
            "hour": ("H", "30M", ""),
            "minute": ("M", "30S", ""),
        }
        if unit in smaller:
            letter, extra, t_mid = smaller[unit]
            whole = int(n)
            pre = "PT" if unit in TIME_UNITS else "P"
            head = f"{whole}{letter}" if whole else ""
            return f"{pre}{head}{t_mid}{extra}"
    num = "X" if n is None else _fmt_n(n)
    if unit == "decade":
        return f"P{num}DE" if n is None else f"P{_fmt_n(n * 10)}Y"
    if unit == "century":
        return f"P{num}CE" if n is None else f"P{_fmt_n(n * 100)}Y"
    if unit == "weekend":
        return f"P{num}WE"
    if unit == "fortnight":
        return "PXW" if n is None else f"P{_fmt_n(n * 2)}W"
    if unit == "night":
        return f"P{num}D"
    letter = UNITS.get(unit, "X")
    return f"PT{num}{letter}" if unit in TIME_UNITS else f"P{num}{letter}"


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


# --------------------------------------------------------------------------- #
# dateparser, only on short spans we already found
# --------------------------------------------------------------------------- #

_DP_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "RELATIVE_BASE": datetime(2000, 1, 1),  # a leap year, so "Feb. 29" parses
    "DATE_ORDER": "MDY",
    "PARSERS": ["absolute-time"],
}


@lru_cache(maxsize=4096)
def parse_absolute(text: str, date_order: str = "MDY") -> date | None:
    """Parse an absolute date span with dateparser (cached); None if invalid."""
    if not text or len(text) > 60:
        return None
    settings = dict(_DP_SETTINGS, DATE_ORDER=date_order)
    try:
        dt = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on junk
        return None
    return dt.date() if dt else None


def _clean_for_parser(text: str) -> str:
    t = re.sub(r"(?i)\b(early|late|mid|earlier|later)[\s-]+", "", text)
    t = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", t)
    t = re.sub(r"\bSept\b\.?", "Sep", t, flags=re.IGNORECASE)
    return t.strip()


# --------------------------------------------------------------------------- #
# choosing a year for yearless months and days
# --------------------------------------------------------------------------- #


def month_year(month: int, ctx: Context, rel: str | None = None) -> tuple[int, str]:
    """Year for a month written without one, and why."""
    pub = ctx.published
    rel = (rel or "").lower()
    if rel in ("that", "the same") and ctx.reference is not None:
        return (
            ctx.reference.year,
            f"the year of the date just before ({ctx.reference.human()})",
        )
    if rel == "last" or rel == "this past":
        y = pub.year if month < pub.month else pub.year - 1
        return y, f"the last {MONTH_NAMES[month]} before publication on {pub_text(pub)}"
    if rel in ("next", "this coming"):
        y = pub.year if month > pub.month else pub.year + 1
        return y, f"the next {MONTH_NAMES[month]} after publication on {pub_text(pub)}"
    if rel == "this":
        return pub.year, f"this year, publication on {pub_text(pub)}"
    past_y = pub.year if month <= pub.month else pub.year - 1
    future_y = pub.year if month >= pub.month else pub.year + 1
    if ctx.tense is None and ctx.prep not in ("since",):
        # no verb to go by: the past, unless the coming one is much nearer
        back = (pub.year - past_y) * 12 + pub.month - month
        ahead = (future_y - pub.year) * 12 + month - pub.month
        future = 2 * ahead < back
        tense = "no tense to go by, the nearer one"
    else:
        future = direction(ctx) == FUTURE
        tense = _tense_word(ctx)
    if future:
        return future_y, (
            f"the first {MONTH_NAMES[month]} after publication on {pub_text(pub)}; {tense}"
        )
    return past_y, (
        f"the latest {MONTH_NAMES[month]} before publication on {pub_text(pub)}; {tense}"
    )


_WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


def year_of_weekday(text: str, month: int, day: int, pub: date) -> int | None:
    """'Saturday, April 25': the year next to publication where the day is a
    Saturday, when exactly one of the neighbouring years fits."""
    lower = text.lower()
    named = [
        i
        for i, name in enumerate(_WEEKDAYS)
        if name in lower or name[:3] + "." in lower
    ]
    if len(named) != 1:
        return None
    fits = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            if date(y, month, day).weekday() == named[0]:
                fits.append(y)
        except ValueError:
            continue
    return fits[0] if len(fits) == 1 else None


# Prepositions that set a deadline, which a past-tense verb can push ahead.
DEADLINE_PREPS = ("to", "until", "till", "through", "by")


def month_day_year(month: int, day: int, ctx: Context) -> tuple[int, str]:
    """Year for a month-day written without one ("Oct. 5").

    The tense decides, except that a plain past tense next to a day a few weeks
    ahead and most of a year behind is read as the coming one when the day does
    not hang straight off that past verb ("payable Dec. 7", "extended the offer
    to Nov. 20", "invited to a ceremony on March 12"); a reported event ("filed
    for bankruptcy on Nov. 11") stays in the past. With no verb at all the
    nearer day wins.
    """
    pub = ctx.published
    past_y = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
    future_y = pub.year if (month, day) > (pub.month, pub.day) else pub.year + 1
    try:
        back = (pub - date(past_y, month, day)).days
        ahead = (date(future_y, month, day) - pub).days
    except ValueError:  # Feb. 29
        back, ahead = 400, 400
    tense = ctx.tense
    if ctx.prep == "since" or tense == PAST_PERFECT:
        future = False
    elif tense in (FUTURE, PRESENT):
        # ...unless the day passed just before publication ("must leave by Jan. 14")
        future = not (back <= 30 and ahead >= 300)
    elif tense == PAST:
        # "filed on Nov. 11" reports a day gone by; "payable Dec. 7",
        # "extended to Nov. 20" name one to come.
        future = (
            not (ctx.on_past_verb and ctx.prep not in DEADLINE_PREPS)
            and ahead <= 60
            and back >= 300
        )
    else:
        future = 2 * ahead < back
    if future:
        return future_y, (
            f"the first such day after publication on {pub_text(pub)}; "
            f"{_tense_word(ctx)}"
        )
    return past_y, (
        f"the latest such day before publication on {pub_text(pub)}; {_tense_word(ctx)}"
    )


# --------------------------------------------------------------------------- #
# resolvers, one per pattern kind
# --------------------------------------------------------------------------- #


def _q(text: str) -> str:
    return f"'{text.strip()}'"


def _qualifier(mod: str | None, prep: str | None) -> str:
    if prep in ("by", "before", "until", "till", "no later than"):
        return "before"
    if prep in ("after",):
        return "after"
    return "exact"


def _r_full_date(g: dict, text: str, ctx: Context) -> Resolution | None:
    mon, day = _month_of(g.get("mon")), _day_of(g.get("d"))
    if mon is None or day is None:
        return None
    year = g.get("y")
    rely = (g.get("rely") or "").lower()
    if year:
        parsed = parse_absolute(_clean_for_parser(f"{g['mon']} {day}, {year}"))
        return _absolute_day(parsed, text, ctx, "date written in full")
    parsed = parse_absolute(_clean_for_parser(f"{g['mon']} {day}"))
    if parsed is None:
        return None
    mon, day = parsed.month, parsed.day
    rel = (g.get("rel") or "").lower()
    if rely:
        y = ctx.published.year + {"last": -1, "this": 0, "next": 1}[rely]
        why = f"'{rely} year' from publication on {pub_text(ctx.published)}"
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
    try:
        p = Point(y, mon, date(y, mon, day).day)
    except ValueError:  # Feb. 29 in a common year
        return None
    return Resolution(
        "DATE",
        p.iso(),
        p,
        _qualifier(None, ctx.prep),
        "publication",
        f"{_q(text)} → {p.human()}: {why}",
    )


def _r_numeric(g: dict, text: str, ctx: Context) -> Resolution | None:
    a, b, y = int(g["a"]), int(g["b"]), g["y"]
    if len(y) == 2:
        yy = int(y)
        y = str(1900 + yy if yy >= 50 else 2000 + yy)
    if a > 12 and b <= 12:
        parsed = parse_absolute(f"{a}/{b}/{y}", "DMY")
    else:
        parsed = parse_absolute(f"{a}/{b}/{y}", "MDY")
    return _absolute_day(parsed, text, ctx, "numeric date read month first")


def _absolute_day(
    parsed: date | None, text: str, ctx: Context, how: str
) -> Resolution | None:
    """A day the text writes in full: no anchoring, only reading."""
    if parsed is None:
        return None
    p = Point.of(parsed)
    return Resolution(
        "DATE",
        p.iso(),
        p,
        _qualifier(None, ctx.prep),
        "absolute",
        f"{_q(text)} → {p.human()}: {how}",
    )


def _r_iso(g: dict, text: str, ctx: Context) -> Resolution | None:
    parsed = parse_absolute(f"{g['y']}-{g['m']}-{g['d']}", "YMD")
    return _absolute_day(parsed, text, ctx, "ISO date")


def _r_iso_month(g: dict, text: str, ctx: Context) -> Resolution | None:
    p = Point(int(g["y"]), int(g["m"]))
    return Resolution(
        "DATE", p.iso(), p, "exact", "absolute", f"{_q(text)} → {p.human()}"
    )


def _r_month(g: dict, text: str, ctx: Context) -> Resolution | None:
    mon = _month_of(g.get("mon"))
    if mon is None:
        return None
    rel = (g.get("rel") or "").lower() or None
    rely = (g.get("rely") or "").lower()
    anchor = "publication"
    if g.get("y"):
        y, why, anchor = int(g["y"]), "month and year written", "absolute"
    elif rely:
        y = ctx.published.year + {"last": -1, "this": 0, "next": 1}[rely]
        why = f"'{rely} year' from publication on {pub_text(ctx.published)}"
    else:
        y, why = month_year(mon, ctx, rel)
        if rel in ("that", "the same") and ctx.reference is not None:
            anchor = "event"
    p = Point(y, mon)
    return Resolution(
        "DATE",
        p.iso(),
        p,
        _qualifier(g.get("mod"), ctx.prep),
        anchor,
        f"{_q(text)} → {p.human()}: {why}",
    )


def _r_year(g: dict, text: str, ctx: Context) -> Resolution | None:
    y = int(g["y"])
    mod = " ".join((g.get("mod") or "").lower().split())
    half = {
        "the first half of": "H1",
        "the second half of": "H2",
        "the last half of": "H2",
    }
    if mod in half:
        return Resolution(
            "DATE",
            f"{y}-{half[mod]}",
            Point(y),
            "exact",
            "absolute",
            f"{_q(text)} → {y}: a half-year gives the year",
        )
    for season, code in SEASONS.items():
        if mod == f"the {season} of":
            p = Point(y)
            return Resolution(
                "DATE",
                f"{y}-{code}",
                p,
                "exact",
                "absolute",
                f"{_q(text)} → {y}: a season gives the year",
            )
    p = Point(y)
    return Resolution(
        "DATE",
        str(y),
        p,
        _qualifier(mod, ctx.prep),
        "absolute",
        f"{_q(text)} → {y}: year written",
    )


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
        f"{_q(text)} → the {dec}s: a decade is not a timeline date",
    )


_UNITS_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def spelled_number(words: str) -> int | None:
    """'ninety-six' -> 96, 'fourteen' -> 14; None for anything else."""
    parts = words.replace("-", " ").split()
    if len(parts) == 1 and parts[0] in _UNITS_WORDS:
        return _UNITS_WORDS[parts[0]]
    if parts and parts[0] in _TENS_WORDS:
        rest = parts[1:]
        if not rest:
            return _TENS_WORDS[parts[0]]
        if (
            len(rest) == 1
            and rest[0] in _UNITS_WORDS
            and 0 < _UNITS_WORDS[rest[0]] < 10
        ):
            return _TENS_WORDS[parts[0]] + _UNITS_WORDS[rest[0]]
    return None


def _r_spelled_year(g: dict, text: str, ctx: Context) -> Resolution | None:
    """'nineteen ninety-six' -> 1996, 'the year two thousand' -> 2000."""
    w = " ".join(g["w"].lower().replace("the year ", "").split())
    if w.startswith("two thousand"):
        rest = w[len("two thousand") :].replace(" and ", " ").strip()
        y = 2000 + (spelled_number(rest) or 0 if rest else 0)
    else:
        century, _, rest = w.partition(" ") if " " in w else w.partition("-")
        head = 1900 if century == "nineteen" else 2000
        if rest == "hundred":
            y = head
        else:
            n = spelled_number(rest)
            if n is None:
                return None
            y = head + n
    return Resolution(
        "DATE",
        str(y),
        Point(y),
        "exact",
        "absolute",
        f"{_q(text)} → {y}: year written in words",
    )


def _r_century(g: dict, text: str, ctx: Context) -> Resolution | None:
    n = int(g["n"])
    return Resolution(
        "DATE",
        f"{n - 1:02d}",
        None,
        "exact",
        "absolute",
        f"{_q(text)}: a century is not a timeline date",
    )


def _r_decade_word(g: dict, text: str, ctx: Context) -> Resolution | None:
    word = g["w"].lower().split()[-1]
    tens = _TENS_WORDS.get(word.replace("ies", "y"))
    if tens is None:
        return None
    return Resolution(
        "DATE",
        f"19{tens // 10}",
        None,
        "exact",
        "absolute",
        f"{_q(text)} → the 19{tens}s: a decade is not a timeline date",
    )


_SEASON_END = {"SP": 5, "SU": 8, "FA": 11, "WI": 2}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _r_season(g: dict, text: str, ctx: Context) -> Resolution | None:
    code = SEASONS[g["s"].lower()]
    rel = (g.get("rel") or "").lower()
    pub = ctx.published
    if g.get("y"):
        y, why, anchor = int(g["y"]), "season and year written", "absolute"
    elif rel in ("this",):
        y, why, anchor = pub.year, "this year's", "publication"
    elif rel in ("that",) and ctx.reference is not None:
        y, why, anchor = ctx.reference.year, "the year of the date before", "event"
    elif rel in ("last", "this past") or (
        rel in ("the", "early", "late", "mid", "the early", "the late", "")
        and direction(ctx) == PAST
    ):
        # the most recent season that has ended before publication
        y = pub.year if pub.month > _SEASON_END[code] and code != "WI" else pub.year - 1
        if code == "WI":
            y = pub.year if pub.month > 2 else pub.year - 1
        why, anchor = (
            f"the last {g['s'].lower()} before publication on {pub_text(pub)}",
            "publication",
        )
    else:
        y = pub.year if pub.month < _SEASON_START[code] else pub.year + 1
        why, anchor = (
            f"the next {g['s'].lower()} after publication on {pub_text(pub)}",
            "publication",
        )
    p = Point(y)
    return Resolution(
        "DATE",
        f"{y}-{code}",
        p,
        "exact",
        anchor,
        f"{_q(text)} → {y}: {why}; a season gives the year",
    )


def _weekday_date(wd: int, rel: str, ctx: Context) -> tuple[date, str]:
    pub = ctx.published
    delta = (wd - pub.weekday()) % 7
    if rel in ("next", "this coming", "the following"):
        d = pub + timedelta(days=delta or 7)
        return d, f"the next {WEEKDAY_NAMES[wd]} after publication on {pub_text(pub)}"
    if rel in ("last", "this past", "the previous"):
        d = pub - timedelta(days=(7 - delta) % 7 or 7)
        return d, f"the last {WEEKDAY_NAMES[wd]} before publication on {pub_text(pub)}"
    # A weekday equal to the publication day's is that day (wire copy dated
    # the evening of the events it reports).
    if delta == 0:
        return pub, f"the publication day, {pub_text(pub)}"
    if direction(ctx, present_is_future=False) == FUTURE:
        return pub + timedelta(days=delta), (
            f"the {WEEKDAY_NAMES[wd]} after publication on {pub_text(pub)}; {_tense_word(ctx)}"
        )
    return pub - timedelta(days=7 - delta), (
        f"the {WEEKDAY_NAMES[wd]} before publication on {pub_text(pub)}; {_tense_word(ctx)}"
    )


def _r_weekday(g: dict, text: str, ctx: Context) -> Resolution | None:
    wd = WEEKDAYS[g["wd"].lower()]
    rel = (g.get("rel") or "").lower()
    if (
        rel in ("the previous", "the following")
        and ctx.reference is not None
        and ctx.reference.day is not None
    ):
        ref = ctx.reference.first_day()
        if rel == "the previous":
            d = ref - timedelta(days=(ref.weekday() - wd) % 7 or 7)
        else:
            d = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        why = f"{rel} {WEEKDAY_NAMES[wd]} from {ctx.reference.human()}"
    elif rel == "that" and ctx.reference is not None and ctx.reference.day is not None:
        ref = ctx.reference.first_day()
        d = ref + timedelta(days=(wd - ref.weekday()) % 7)
        why = f"the {WEEKDAY_NAMES[wd]} of the week just mentioned"
    else:
        d, why = _weekday_date(wd, rel, ctx)
    p = Point.of(d)
    part = (g.get("part") or "").lower()
    if part:
        return Resolution(
            "TIME",
            f"{p.iso()}T{PARTS_OF_DAY[part]}",
            p,
            "exact",
            "publication",
            f"{_q(text)} → {p.human()}: {why}",
        )
    return Resolution(
        "DATE",
        p.iso(),
        p,
        _qualifier(None, ctx.prep),
        "publication",
        f"{_q(text)} → {p.human()}: {why}",
    )


_DEICTIC = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _r_deictic(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = g["w"].lower()
    d = ctx.published + timedelta(days=_DEICTIC[w])
    p = Point.of(d)
    part = (g.get("part") or "").lower()
    why = f"{_q(text)} → {p.human()}: " + (
        f"publication day, {pub_text(ctx.published)}"
        if w in ("today", "tonight")
        else f"{w} from publication on {pub_text(ctx.published)}"
    )
    if w == "tonight":
        return Resolution("TIME", f"{p.iso()}TNI", p, "exact", "publication", why)
    if part:
        return Resolution(
            "TIME", f"{p.iso()}T{PARTS_OF_DAY[part]}", p, "exact", "publication", why
        )
    return Resolution("DATE", p.iso(), p, "exact", "publication", why)


def _r_part_of_day(g: dict, text: str, ctx: Context) -> Resolution | None:
    rel = (g.get("rel") or "").lower()
    part = g["part"].lower()
    pub = ctx.published
    if rel == "this" or (rel in ("the", "in the") and ctx.reference is None):
        d, anchor, why = pub, "publication", f"publication day, {pub_text(pub)}"
    elif rel == "last":
        d, anchor, why = (
            pub - timedelta(days=1 if part in ("night", "evening") else 0),
            "publication",
            f"from publication on {pub_text(pub)}",
        )
    elif rel == "tomorrow":
        d, anchor, why = (
            pub + timedelta(days=1),
            "publication",
            "the day after publication",
        )
    elif ctx.reference is not None and ctx.reference.day is not None:
        ref = ctx.reference.first_day()
        plus = (
            1
            if rel in ("the next", "the following")
            else -1
            if rel == "the previous"
            else 0
        )
        d, anchor = ref + timedelta(days=plus), "event"
        why = f"the day of the date just before ({ctx.reference.human()})"
        if plus:
            why = f"{'the day after' if plus > 0 else 'the day before'} {ctx.reference.human()}"
    elif rel in ("that", "the next", "the following", "the previous"):
        return Resolution(
            "TIME",
            f"XXXX-XX-XXT{PARTS_OF_DAY[part]}",
            None,
            "exact",
            "none",
            f"{_q(text)}: no dated day before it",
        )
    else:
        d, anchor, why = pub, "publication", f"publication day, {pub_text(pub)}"
    p = Point.of(d)
    return Resolution(
        "TIME",
        f"{p.iso()}T{PARTS_OF_DAY[part]}",
        p,
        "exact",
        anchor,
        f"{_q(text)} → {p.human()}: {why}",
    )


def _r_late_in(g: dict, text: str, ctx: Context) -> Resolution | None:
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
            f"{_q(text)} → {p.human()}: the day of the date just before",
        )
    # "earlier in the year" is the publication year; "late in the day" the last day
    base = Point.of(ctx.published) if part == "year" or ref is None else ref
    if part == "day" and base.day is not None:
        p = base
    elif part == "month" and base.month is not None:
        p = Point(base.year, base.month)
    elif part == "year":
        p = Point(base.year)
    else:
        return None
    return Resolution(
        "DATE",
        p.iso(),
        p,
        "exact",
        "event" if ref else "publication",
        f"{_q(text)} → {p.human()}: within the date just before",
    )


_REL_PUB = {
    "this": 0,
    "the current": 0,
    "last": -1,
    "the past": -1,
    "this past": -1,
    "the last": -1,
    "the latest": -1,
    "next": 1,
    "the coming": 1,
    "this coming": 1,
}
_REL_REF = {
    "the next": 1,
    "the following": 1,
    "the previous": -1,
    "the prior": -1,
    "the same": 0,
    "that": 0,
    "that same": 0,
}


def _unit_value(d: date, unit: str) -> tuple[str, Point | None]:
    """TimeML value and event point of the calendar unit containing ``d``."""
    if unit == "day":
        return d.isoformat(), Point.of(d)
    if unit == "week":
        return iso_week(d), week_point(d)
    if unit == "weekend":
        sat = d + timedelta(days=(5 - d.weekday()) % 7) if d.weekday() < 5 else d
        return f"{iso_week(sat)}-WE", Point(sat.year, sat.month)
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}", Point(d.year, d.month)
    if unit == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}", Point(d.year)
    if unit in ("year", "fiscal year"):
        return f"{d.year:04d}", Point(d.year)
    if unit == "decade":
        return f"{d.year // 10:03d}", None
    if unit == "century":
        return f"{d.year // 100:02d}", None
    if unit == "season":
        return f"{d.year:04d}", Point(d.year)
    return d.isoformat(), None


def _shift_unit(d: date, unit: str, k: int) -> date | None:
    if k == 0:
        return d
    u = {"fiscal year": "year", "season": "quarter"}.get(unit, unit)
    r = shift(d, abs(k), u, 1 if k > 0 else -1)
    return r[0] if r else None


def _r_rel_unit(g: dict, text: str, ctx: Context) -> Resolution | None:
    rel = " ".join(g["rel"].lower().split())
    unit = " ".join(g["u"].lower().split())
    mod = (g.get("mod") or "").lower()
    pub = ctx.published
    if rel in _REL_REF or (unit == "day" and rel not in ("this",)):
        k = _REL_REF.get(rel, {"next": 1, "last": -1}.get(rel, 0))
        if ctx.reference is None:
            if unit == "day":
                return None
            base, anchor, whence = pub, "publication", f"publication on {pub_text(pub)}"
        else:
            if unit == "day" and ctx.reference.day is None:
                return Resolution(
                    "DATE",
                    "XXXX-XX-XX",
                    None,
                    "exact",
                    "none",
                    f"{_q(text)}: the date before it has no day",
                )
            base, anchor = ctx.reference.first_day(), "event"
            whence = f"the date just before, {ctx.reference.human()}"
        d = _shift_unit(base, unit, k)
        if d is None:
            return None
        value, point = _unit_value(d, unit)
        if anchor == "event" and point is not None and ctx.reference is not None:
            # never more precise than the anchor ("the same month" of a year-only date)
            if ctx.reference.month is None and point.month is not None:
                point = Point(point.year)
        return Resolution(
            "DATE",
            value,
            point,
            "exact",
            anchor,
            f"{_q(text)} → {point.human() if point else value}: relative to {whence}",
        )
    k = _REL_PUB.get(rel)
    if k is None:
        return None
    if unit == "century" and k == 0:
        # "this century" is annotated as the hundred-year span it names
        return Resolution("DURATION", "P100Y", None)
    d = _shift_unit(pub, unit, k)
    if d is None:
        return None
    value, point = _unit_value(d, unit)
    qual = "exact"
    if unit in ("year", "fiscal year") and mod in (
        "earlier",
        "later",
        "early",
        "late",
        "mid",
    ):
        qual = "about"
    why = f"{_q(text)} → {point.human() if point else value}: {rel} {unit} from publication on {pub_text(pub)}"
    if unit == "week" and point is not None and point.month is not None:
        why += "; a week gives its month"
    return Resolution("DATE", value, point, qual, "publication", why)


def _r_the_weekend(g: dict, text: str, ctx: Context) -> Resolution | None:
    pub = ctx.published
    if direction(ctx) == FUTURE:
        sat = pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)
    else:
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7)
    return Resolution(
        "DATE",
        f"{iso_week(sat)}-WE",
        Point(sat.year, sat.month),
        "exact",
        "publication",
        f"{_q(text)} → the weekend of {Point.of(sat).human()}",
    )


def _r_the_year(g: dict, text: str, ctx: Context) -> Resolution | None:
    """'for the year' (the current one) vs 'the year ended June 30' (a period)."""
    if g.get("ended"):
        return Resolution("DURATION", "P1Y", None)
    # no event point: "the year" alone is too vague for a timeline
    return Resolution("DATE", str(ctx.published.year), None)


def _r_day_before_date(g: dict, text: str, ctx: Context) -> Resolution | None:
    inner = resolve(g["_inner"], g, g["_text"], ctx)
    if inner is None or inner.point is None or inner.point.day is None:
        return None
    sign = 1 if g["_w"].lower().endswith("after") else -1
    p = Point.of(inner.point.first_day() + timedelta(days=sign))
    return Resolution(
        "DATE",
        p.iso(),
        p,
        "exact",
        inner.anchor,
        f"{_q(text)} → {p.human()}: the day {'after' if sign > 0 else 'before'} "
        f"{inner.point.human()}",
    )


def _r_day_before(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = " ".join(g["w"].lower().split())
    pub = ctx.published
    if w == "the day before yesterday":
        p = Point.of(pub - timedelta(days=2))
        return Resolution(
            "DATE", p.iso(), p, "exact", "publication", f"{_q(text)} → {p.human()}"
        )
    if w == "the day after tomorrow":
        p = Point.of(pub + timedelta(days=2))
        return Resolution(
            "DATE", p.iso(), p, "exact", "publication", f"{_q(text)} → {p.human()}"
        )
    unit = w.split()[1]
    sign = 1 if w.endswith("after") else -1
    ref = ctx.reference
    if ref is None or (unit in ("day", "night") and ref.day is None):
        return Resolution("DATE", "XXXX-XX-XX", None)
    d = _shift_unit(ref.first_day(), "day" if unit == "night" else unit, sign)
    if d is None:
        return None
    value, point = _unit_value(d, "day" if unit == "night" else unit)
    return Resolution(
        "DATE",
        value,
        point,
        "exact",
        "event",
        f"{_q(text)} → {point.human() if point else value}: "
        f"relative to the date just before, {ref.human()}",
    )


def _count_point(
    d: date, unit: str, approx: bool, anchor_point: Point | None
) -> Point | None:
    """Event precision of "N units from a point": the count's own precision."""
    if approx:
        return Point(d.year)
    if unit in ("day", "night") or unit in TIME_UNITS:
        if anchor_point is not None and anchor_point.day is None:
            return (
                Point(d.year, d.month)
                if anchor_point.month is not None
                else Point(d.year)
            )
        return Point.of(d)
    if unit in ("week", "fortnight", "weekend"):
        return (
            week_point(d)
            if anchor_point is None or anchor_point.day is not None
            else Point(d.year, d.month)
        )
    if unit in ("month", "quarter", "year"):
        if anchor_point is not None and anchor_point.month is None:
            return Point(d.year)
        return Point(d.year, d.month)
    return Point(d.year)


def _timeml_granular(d: date, gran: str) -> str:
    if gran == "day":
        return d.isoformat()
    if gran == "week":
        return iso_week(d)
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _r_ago(g: dict, text: str, ctx: Context) -> Resolution | None:
    n = parse_number(g.get("n"))
    if n is not None and g.get("half"):
        n += 0.5
    unit = _unit_of(g["u"])
    direction_word = g["dir"].lower()
    approx_word = " ".join((g.get("approx") or "").lower().split())
    # "a year and a half after": a fraction of a unit supports only the year
    approx = (
        bool(approx_word)
        and approx_word not in EXACT_HEDGES
        or (n is not None and not float(n).is_integer())
    )
    if n is None and unit in TIME_UNITS and direction_word in ("later", "earlier"):
        return _hours_later(text, ctx)
    if n is None:  # "several years ago"; "a few days later" is a vague span
        if direction_word in ("ago", "from now", "hence"):
            ref = "PAST_REF" if direction_word == "ago" else "FUTURE_REF"
            return Resolution(
                "DATE", ref, None, "about", "none", f"{_q(text)}: vague count"
            )
        return Resolution(
            "DURATION",
            duration_value(None, unit),
            None,
            "about",
            "none",
            f"{_q(text)}: vague count",
        )
    if n > 10000:
        return None
    pub = ctx.published
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
            f"{_q(text)}: {_fmt_n(n)} {unit}(s) {direction_word} another event",
            offset=off,
        )
    if direction_word in ("ago", "from now", "hence"):
        sign = -1 if direction_word == "ago" else 1
        base, anchor, anchor_point = pub, "publication", None
        whence = f"publication on {pub_text(pub)}"
    else:
        sign = -1 if direction_word in ("earlier", "previously") else 1
        if ctx.reference is not None:
            base, anchor, anchor_point = (
                ctx.reference.first_day(),
                "event",
                ctx.reference,
            )
            whence = f"the date just before, {ctx.reference.human()}"
        else:
            base, anchor, anchor_point = pub, "publication", None
            whence = f"publication on {pub_text(pub)}"
    r = shift(base, n, unit, sign)
    if r is None:
        return None
    d, gran = r
    qref = _quarter_ref(ctx)
    if unit == "year" and qref is not None and float(n).is_integer():
        # "a year earlier" in a story about quarterly results: the same quarter
        y, q = qref
        value = f"{y + sign * int(n)}-Q{q}"
        return Resolution(
            "DATE",
            value,
            Point(y + sign * int(n)),
            "exact",
            "event",
            f"{_q(text)} → {y + sign * int(n)}: the same quarter, "
            f"{_fmt_n(n)} year(s) {'before' if sign < 0 else 'after'}",
        )
    if unit in TIME_UNITS:
        value = d.isoformat()
        # "two hours later" happened on the day of the event it counts from
        point = anchor_point if anchor == "event" and anchor_point.day else None
        point = point or (
            Point.of(pub) if anchor == "publication" and sign < 0 else None
        )
    else:
        value = _timeml_granular(d, gran)
        point = _count_point(d, unit, approx, anchor_point)
    qual = "about" if approx else "exact"
    why = (
        f"{_q(text)} → {point.human() if point else value}: {_count_words(g, n, unit)} "
        f"{'before' if sign < 0 else 'after'} {whence}"
    )
    if approx:
        why += "; approximate, so only the year"
    return Resolution("DATE", value, point, qual, anchor, why)


def _hours_later(text: str, ctx: Context) -> Resolution:
    """ "Hours later", "minutes earlier": the day of the date just before, if it
    has one; the vague count itself is a duration."""
    ref = ctx.reference
    value = "PTXH" if "hour" in text.lower() else "PTXM"  # moments: minutes
    if ref is None or ref.day is None:
        return Resolution(
            "DURATION", value, None, "about", "none", f"{_q(text)}: vague count"
        )
    why = f"{_q(text)} → {ref.human()}: the same day as the date just before"
    return Resolution("DURATION", value, ref, "exact", "event", why)


def _count_words(g: dict, n: float, unit: str) -> str:
    """ "nine days", "a year": the count as written, for the derivation line."""
    words = " ".join(str(g.get("n") or _fmt_n(n)).lower().split())
    plural = unit if (n == 1 and words in ("a", "an", "one")) else unit + "s"
    return f"{words} {plural}"


def _quarter_ref(ctx: Context) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d{4})-Q([1-4])", ctx.reference_value or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def _r_hours_later(g: dict, text: str, ctx: Context) -> Resolution | None:
    return _hours_later(text, ctx)


def _r_the_unit_ago(g: dict, text: str, ctx: Context) -> Resolution | None:
    return _r_ago({"n": "1", "u": g["u"], "dir": g["dir"]}, text, ctx)


_Q_ORD = {k: v for k, v in ORDINALS.items() if v <= 4}


def _latest_quarter(pub: date) -> tuple[int, int]:
    q = (pub.month - 1) // 3 + 1
    return (pub.year, q - 1) if q > 1 else (pub.year - 1, 4)


def _r_quarter(g: dict, text: str, ctx: Context) -> Resolution | None:
    """ "the third quarter", "the year-ago period", "the first half": a quarter
    or half-year (TimeML 1990-Q3, 1990-H1); the event keeps only the year."""
    q_word = (g.get("q") or "").lower()
    unit = g["u"].lower()
    if text.lower().rstrip().endswith("s") and (not q_word or unit == "period"):
        return None  # "quarters", "comparable periods"
    year = g.get("y") or g.get("y1")
    if unit == "period":
        return _r_period(q_word, year, text, ctx)
    if unit == "half":
        return _r_half(q_word, (g.get("det") or "").lower(), year, text, ctx)
    found = _which_quarter(q_word, (g.get("det") or "").lower(), year, ctx)
    if found is None:
        return None
    y, q = found
    return Resolution(
        "DATE",
        f"{y}-Q{q}",
        Point(y),
        "exact",
        "publication",
        f"{_q(text)} → {y}: quarter {q}; a quarter gives the year",
    )


def _r_period(
    q_word: str, year: str | None, text: str, ctx: Context
) -> Resolution | None:
    """ "the 1988 period", "the year-ago period", "the latest period"."""
    pub = ctx.published
    if year and not q_word:
        # "the 1988 period": the quarter under discussion, in that year
        qref = _quarter_ref(ctx)
        if qref is None:
            return Resolution(
                "DATE",
                str(year),
                Point(int(year)),
                "exact",
                "absolute",
                f"{_q(text)} → {year}",
            )
        why = f"{_q(text)} → {year}: the quarter under discussion"
        return Resolution(
            "DATE", f"{year}-Q{qref[1]}", Point(int(year)), "exact", "absolute", why
        )
    if q_word in ("year-ago", "year-earlier", "comparable"):
        y, q = _quarter_ref(ctx) or _latest_quarter(pub)
        why = f"{_q(text)} → {y - 1}: the same quarter a year earlier"
        return Resolution(
            "DATE", f"{y - 1}-Q{q}", Point(y - 1), "exact", "publication", why
        )
    if q_word == "latest":
        y, q = _quarter_ref(ctx) or _latest_quarter(pub)
        why = f"{_q(text)} → {y}: the latest reported quarter"
        return Resolution("DATE", f"{y}-Q{q}", Point(y), "exact", "publication", why)
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
        Point(y),
        "exact",
        "absolute" if year else "publication",
        f"{_q(text)} → {y}: a half-year gives the year",
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
    if year and not q_word:
        return int(year), (_quarter_ref(ctx) or _latest_quarter(pub))[1]
    if q_word in ("current", "this"):
        return pub.year, (pub.month - 1) // 3 + 1
    if q_word in ("next", "coming"):
        y, m = add_months(pub.year, pub.month, 3)
        return y, (m - 1) // 3 + 1
    if q_word in ("year-ago", "year-earlier"):
        y, q = _latest_quarter(pub)
        return y - 1, q
    if q_word in ("previous", "prior") and ctx.reference is None:
        return _latest_quarter(pub)
    if q_word in _LATEST_WORDS:
        if not q_word and det not in ("the", "this", "its", "that"):
            return None
        return _latest_quarter(pub)
    return None


def _r_year_ago_period(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = g["w"].lower()
    unit = (g.get("u") or "").lower()
    pub = ctx.published
    if w in ("year-end", "year end", "yearend", "year's end", "end of the year"):
        y = pub.year if direction(ctx) == FUTURE or pub.month >= 6 else pub.year - 1
        return Resolution(
            "DATE", str(y), Point(y), "exact", "publication", f"{_q(text)} → {y}"
        )
    if w == "end of the month":
        p = Point(pub.year, pub.month)
        return Resolution(
            "DATE", p.iso(), p, "exact", "publication", f"{_q(text)} → {p.human()}"
        )
    if w == "end of the week":
        return Resolution(
            "DATE",
            iso_week(pub),
            week_point(pub),
            "exact",
            "publication",
            f"{_q(text)}: the publication week",
        )
    if unit in ("nine months", "six months"):
        return Resolution("DURATION", f"P{9 if unit.startswith('nine') else 6}M", None)
    qref = _quarter_ref(ctx)
    if unit == "quarter" or qref is not None:
        y, q = qref or _latest_quarter(pub)
        return Resolution(
            "DATE",
            f"{y - 1}-Q{q}",
            Point(y - 1),
            "exact",
            "publication",
            f"{_q(text)} → {y - 1}: the same quarter a year earlier",
        )
    y = pub.year - 1
    return Resolution(
        "DATE",
        str(y),
        Point(y),
        "exact",
        "publication",
        f"{_q(text)} → {y}: a year before publication",
    )


def _r_duration(g: dict, text: str, ctx: Context) -> Resolution | None:
    if g.get("old"):
        return None  # "30-year-old": an age
    unit = _unit_of(g["u"])
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
        f"{_q(text)}: a duration, not a date",
    )


def _r_vague_dur(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = " ".join(g["w"].lower().split())
    if w.startswith("recent ") and w.endswith("years"):
        return Resolution("DATE", "PAST_REF", None)

    unit = _unit_of(w.split()[-1])
    return Resolution("DURATION", duration_value(None, unit), None)


def _r_time(g: dict, text: str, ctx: Context) -> Resolution | None:
    clock = g["clock"].lower().replace(" ", "")
    if clock == "noon":
        hh, mm = 12, 0
    elif clock == "midnight":
        hh, mm = 24, 0
    else:
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
    point = None
    d = None
    wd = (g.get("wd") or "").lower()
    if g.get("mon") or g.get("mon2"):
        sub = {
            "mon": g.get("mon") or g.get("mon2"),
            "d": g.get("d") or g.get("d2"),
            "y": g.get("y"),
        }
        r = _r_full_date(sub, text, ctx)
        if r is not None:
            point = r.point
            d = point.first_day() if point else None
    elif wd in _DEICTIC:
        d = ctx.published + timedelta(days=_DEICTIC[wd])
        point = Point.of(d)
    elif wd in WEEKDAYS:
        d, _ = _weekday_date(WEEKDAYS[wd], "", ctx)
        point = Point.of(d)
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
        f"{_q(text)}: a time of day never moves the date"
        + (f"; {point.human()}" if point else ""),
    )


_SET_ADVERBS = {
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


def _r_set(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = " ".join(g["w"].lower().split())
    if w in _SET_ADVERBS:
        return Resolution("SET", _SET_ADVERBS[w], None)
    if g.get("wd"):
        return Resolution("SET", f"XXXX-WXX-{WEEKDAYS[g['wd'].lower()] + 1}", None)
    if g.get("mon"):
        return Resolution("SET", f"XXXX-{_month_of(g['mon']):02d}", None)
    unit = w.split()[-1]
    if unit in PARTS_OF_DAY:
        return Resolution("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}", None)
    if unit in SEASONS:
        return Resolution("SET", f"XXXX-{SEASONS[unit]}", None)
    return Resolution("SET", duration_value(1, _unit_of(unit)), None)


_REF = {
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
}


def _r_ref(g: dict, text: str, ctx: Context) -> Resolution | None:
    w = " ".join(g["w"].lower().split())
    if w == "at the time":
        ref = ctx.reference
        if ref is None:
            return Resolution("DATE", "PAST_REF", None)
        return Resolution(
            "DATE",
            ref.iso(),
            ref,
            "exact",
            "event",
            f"{_q(text)} → {ref.human()}: the moment just described",
        )
    if w not in _REF:
        return None
    return Resolution("DATE", _REF[w], None)


def _nth_weekday(year: int, month: int, wd: int, n: int) -> date:
    """The n-th weekday ``wd`` (0 = Monday) of the month; n = -1 the last one."""
    day = 1 if n > 0 else 31  # relativedelta stops at the month's last day
    return date(year, month, 1) + relativedelta(day=day, weekday=rd_weekday(wd)(n))


def holiday_date(name: str, year: int) -> date | None:
    n = name.lower().replace("’", "'")
    fixed = {
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
    if n in fixed:
        return date(year, *fixed[n])
    if n.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)
    if n == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if n == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    if n == "election day":
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if n == "easter":
        return easter(year)
    return None


def _r_holiday(g: dict, text: str, ctx: Context) -> Resolution | None:
    pub = ctx.published
    rel = (g.get("rel") or "").lower()
    this_year = holiday_date(g["h"], pub.year)
    if this_year is None:
        return None
    if rel == "last" or (not rel and direction(ctx) == PAST):
        d = this_year if this_year <= pub else holiday_date(g["h"], pub.year - 1)
    elif rel == "this":
        d = this_year
    else:
        d = this_year if this_year >= pub else holiday_date(g["h"], pub.year + 1)
    if d is None:
        return None
    p = Point.of(d)
    return Resolution(
        "DATE",
        p.iso(),
        p,
        "exact",
        "publication",
        f"{_q(text)} → {p.human()}: the holiday nearest publication on "
        f"{pub_text(pub)}; {_tense_word(ctx)}",
    )


_RESOLVERS = {
    "iso": _r_iso,
    "iso_month": _r_iso_month,
    "numeric": _r_numeric,
    "mdy": _r_full_date,
    "dmy": _r_full_date,
    "my": _r_month,
    "year": _r_year,
    "decade": _r_decade,
    "spelled_year": _r_spelled_year,
    "decade_word": _r_decade_word,
    "century": _r_century,
    "season": _r_season,
    "weekday": _r_weekday,
    "deictic": _r_deictic,
    "part_of_day": _r_part_of_day,
    "late_in": _r_late_in,
    "rel_unit": _r_rel_unit,
    "the_weekend": _r_the_weekend,
    "the_year": _r_the_year,
    "day_before_date": _r_day_before_date,
    "day_before": _r_day_before,
    "ago": _r_ago,
    "the_unit_ago": _r_the_unit_ago,
    "hours_later": _r_hours_later,
    "quarter": _r_quarter,
    "year_ago_period": _r_year_ago_period,
    "duration": _r_duration,
    "vague_dur": _r_vague_dur,
    "time": _r_time,
    "set": _r_set,
    "ref": _r_ref,
    "holiday": _r_holiday,
}


def resolve(kind: str, groups: dict, text: str, ctx: Context) -> Resolution | None:
    """Resolve one matched expression; ``None`` if it is not a usable timex.

    Never raises: arbitrary text can produce impossible dates ("Feb. 30",
    "2022-13-45") or absurd counts, and those simply resolve to nothing.
    """
    fn = _RESOLVERS.get(kind)
    if fn is None:
        return None
    try:
        return fn(groups, text, ctx)
    except (ValueError, OverflowError, KeyError, TypeError, AttributeError, IndexError):
        return None
