"""What the resolver takes and gives: the context of an expression and the
resolution (whose event date is a :class:`~extraction.datevalue.DateValue`),
with the tense words the context uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..datevalue import DateValue
from ..lexicon import MONTH_ABBR, WEEKDAY_ABBR

PAST, FUTURE, PRESENT = "past", "future", "present"
PAST_PERFECT = "past-perfect"  # "had been due to": the date has certainly passed


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
    reference: DateValue | None = None  # last date the text mentioned
    prep: str | None = None  # preposition just before the expression, lower-case
    reference_value: str | None = None  # TimeML value of that date ("1989-Q3")
    # The date hangs straight off a past-tense verb ("filed ... on Nov. 11"),
    # not off a noun or a forward-looking word ("a ceremony on", "payable").
    on_past_verb: bool = False


@dataclass(frozen=True)
class Resolution:
    type: str
    value: str
    point: DateValue | None = None  # the event date, None when not a calendar date
    qualifier: str = "exact"
    anchor: str = "none"  # publication / absolute / event / none
    derivation: str = ""
    offset: Offset | None = None  # set for "N units after/before <event>"


def from_publication(
    point: DateValue,
    text: str,
    why: str = "",
    *,
    qualifier: str = "exact",
    value: str | None = None,
    timex_type: str = "DATE",
) -> Resolution:
    """A date read from the publication date ("Wednesday", "Christmas", "the
    latest quarter"): anchored on the publication, derived as
    "'text' → <the date>: why". ``value`` is TimeML's where it is not the
    date's own ISO form ("2022-Q3", "2022-10-19TEV")."""
    derivation = f"{quoted(text)} → {point.human()}" + (f": {why}" if why else "")
    return Resolution(
        timex_type,
        point.iso() if value is None else value,
        point,
        qualifier,
        "publication",
        derivation,
    )


def pub_text(d: date) -> str:
    """The publication date as the derivations write it: 'Thu 20 Oct 2022'."""
    return f"{WEEKDAY_ABBR[d.weekday()]} {d.day} {MONTH_ABBR[d.month]} {d.year}"


def quoted(text: str) -> str:
    return f"'{text.strip()}'"


def qualifier_of(prep: str | None) -> str:
    """'by March' is a bound before the date, 'after March' one after it."""
    if prep in ("by", "before", "until", "till", "no later than"):
        return "before"
    if prep in ("after",):
        return "after"
    return "exact"
