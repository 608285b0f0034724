"""Anchoring: which March, which Wednesday, which "last year".

The one home of how an expression without a year (or without any date) is
placed relative to the publication date or the date just before it: the tense
(:func:`direction`), months (:func:`month_year`), month-days
(:func:`month_day_year`), weekdays (:func:`weekday_date`), "today" and
"yesterday" (:data:`DEICTIC_DAYS`), "last year" / "the following week" /
"earlier this month" (:data:`REL_PUB`, :data:`REL_REF`,
:func:`publication_unit`), seasons and holidays. Quarters ("the third
quarter") are placed in :mod:`.fiscal`, with their resolvers.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..lexicon import MONTH_NAMES, WEEKDAY_NAMES
from .calendar_math import holiday_date, shift_unit
from .model import FUTURE, PAST, PAST_PERFECT, PRESENT, Context, pub_text


def tense_word(ctx: Context) -> str:
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


# Prepositions that set a deadline, which a past-tense verb can push ahead.
DEADLINE_PREPS = ("to", "until", "till", "through", "by")

# "last year", "next year" written with a month or a day ("March last year")
REL_YEAR = {"last": -1, "this": 0, "next": 1}


def rel_year(rely: str, pub: date) -> tuple[int, str]:
    """The year "last year" / "this year" / "next year" names, and why."""
    why = f"'{rely} year' from publication on {pub_text(pub)}"
    return pub.year + REL_YEAR[rely], why


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
        future = direction(ctx) == FUTURE or _next_month_in_past_copy(month, ctx)
        tense = tense_word(ctx)
    if future:
        return future_y, (
            f"the first {MONTH_NAMES[month]} after publication on {pub_text(pub)}; {tense}"
        )
    return past_y, (
        f"the latest {MONTH_NAMES[month]} before publication on {pub_text(pub)}; {tense}"
    )


# Prepositions before a month that can look ahead from a past-tense sentence
# ("as recently as January", "after the January blowout", "since May" cannot).
_AHEAD_PREPS = (
    "in",
    "for",
    "by",
    "until",
    "till",
    "to",
    "through",
    "during",
    "early",
    "late",
)


def _next_month_in_past_copy(month: int, ctx: Context) -> bool:
    """ "a cut in its supply in September", "admit them in early March" in a
    past-tense sentence of August or February: the month just ahead, after a
    preposition that can look ahead and not hanging straight off the past verb ("was hired in September" is
    last year's), is the coming one; copy would write the year of a month
    nearly a year gone. The month-day rule of :func:`month_day_year`."""
    if ctx.tense != PAST or ctx.prep not in _AHEAD_PREPS:
        return False
    if ctx.on_past_verb and ctx.prep not in DEADLINE_PREPS:
        return False
    return (month - ctx.published.month) % 12 in (1, 2)


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


def month_day_year(month: int, day: int, ctx: Context) -> tuple[int, str]:
    """Year for a month-day written without one ("Oct. 5").

    The tense decides, except that a past (or past perfect) tense next to a day a few weeks
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
    if ctx.prep == "since":
        future = False
    elif tense == PAST_PERFECT:
        # "had been set to expire Nov. 6" days ahead: a day nearly a year
        # gone would carry its year in the copy
        future = ahead <= 31 and back >= 330
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
            f"{tense_word(ctx)}"
        )
    return past_y, (
        f"the latest such day before publication on {pub_text(pub)}; {tense_word(ctx)}"
    )


def weekday_date(wd: int, rel: str, ctx: Context) -> tuple[date, str]:
    """The day a weekday names from publication ("Wednesday", "last Friday")."""
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
            f"the {WEEKDAY_NAMES[wd]} after publication on {pub_text(pub)}; {tense_word(ctx)}"
        )
    return pub - timedelta(days=7 - delta), (
        f"the {WEEKDAY_NAMES[wd]} before publication on {pub_text(pub)}; {tense_word(ctx)}"
    )


def weekday_anchored(wd: int, rel: str, ctx: Context) -> tuple[date, str]:
    """A weekday from the day just before ("the previous Wednesday", "that
    Friday") when there is one, else from publication."""
    ref = ctx.reference
    if (
        rel in ("the previous", "the following")
        and ref is not None
        and ref.day is not None
    ):
        first = ref.first_day()
        if rel == "the previous":
            d = first - timedelta(days=(first.weekday() - wd) % 7 or 7)
        else:
            d = first + timedelta(days=(wd - first.weekday()) % 7 or 7)
        return d, f"{rel} {WEEKDAY_NAMES[wd]} from {ref.human()}"
    if rel == "that" and ref is not None and ref.day is not None:
        first = ref.first_day()
        d = first + timedelta(days=(wd - first.weekday()) % 7)
        return d, f"the {WEEKDAY_NAMES[wd]} of the week just mentioned"
    return weekday_date(wd, rel, ctx)


DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def deictic_day(word: str, pub: date) -> date:
    return pub + timedelta(days=DEICTIC_DAYS[word])


# "last year", "this month", "next week": counted from publication
REL_PUB = {
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
# "the following week", "that same month": counted from the date just before
REL_REF = {
    "the next": 1,
    "the following": 1,
    "the previous": -1,
    "the prior": -1,
    "the same": 0,
    "that": 0,
    "that same": 0,
}


def publication_unit(rel: str, unit: str, pub: date) -> date | None:
    """A day in the unit "last year" / "this month" names from publication."""
    return shift_unit(pub, unit, REL_PUB[rel])


_SEASON_END = {"SP": 5, "SU": 8, "FA": 11, "WI": 2}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_year(code: str, season: str, rel: str, ctx: Context) -> tuple[int, str, str]:
    """(year, why, anchor) of a season written without a year."""
    pub = ctx.published
    if rel in ("this",):
        return pub.year, "this year's", "publication"
    if rel in ("that",) and ctx.reference is not None:
        return ctx.reference.year, "the year of the date before", "event"
    if rel in ("last", "this past") or (
        rel in ("the", "early", "late", "mid", "the early", "the late", "")
        and direction(ctx) == PAST
    ):
        # the most recent season that has ended before publication
        y = pub.year if pub.month > _SEASON_END[code] and code != "WI" else pub.year - 1
        if code == "WI":
            y = pub.year if pub.month > 2 else pub.year - 1
        why = f"the last {season} before publication on {pub_text(pub)}"
        return y, why, "publication"
    y = pub.year if pub.month < _SEASON_START[code] else pub.year + 1
    return y, f"the next {season} after publication on {pub_text(pub)}", "publication"


def nearest_holiday(
    name: str, rel: str, ctx: Context, week: bool = False
) -> date | None:
    """The holiday "last Christmas" / "Thanksgiving" names from publication;
    with ``week`` ("as Easter week began"), one whose week has begun by then
    is in the past."""
    pub = ctx.published
    this_year = holiday_date(name, pub.year)
    if this_year is None:
        return None
    begun = this_year - timedelta(days=this_year.weekday() if week else 0)
    if rel == "last" or (not rel and direction(ctx) == PAST):
        return this_year if begun <= pub else holiday_date(name, pub.year - 1)
    if rel == "this":
        return this_year
    return this_year if this_year >= pub else holiday_date(name, pub.year + 1)
