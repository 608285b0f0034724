"""The first-character check in front of the timex patterns changes no match."""

from __future__ import annotations

import re

import pytest

from extraction.first_chars import with_first_char_check
from extraction.patterns import _CASE_SENSITIVE, _SPECS, PATTERNS

# Invented text with an expression of every kind, in several cases and spellings.
TEXT = """\
The board met on Oct. 5, 2022, and again on 5 October 2022 and on 10/5/22; the memo is
dated 2022-10-05 (filed 2022-10). In March, and last March, and in March of 2019 the firm
grew; EARLY LAST YEAR it shrank. By the 1990s, the mid-'80s and the twenties, in the 20th
century, in nineteen ninety-six, it was small. This summer, last Wednesday night, today,
Tomorrow morning, yesterday's vote, mid-afternoon today, late in the week, this month, the
weekend, the full year, the day before yesterday, three days ago, nearly 2 1/2 years after
the fire, the second day of the trial, hours later, the year before, the third quarter,
the year-ago period, the past three months, recent years, at 3:30 p.m. EST on Friday,
every Monday, weekly, now, recently, Christmas Eve, the Fourth of July. Earlier Friday the
\u212aelvin-sign test and the long \u017f: \u017fummer, La\u017ft year, \u212awelve.
"""


def _matches(rx: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in rx.finditer(text)]


@pytest.mark.parametrize(("kind", "spec"), _SPECS, ids=[k for k, _ in _SPECS])
def test_a_pattern_finds_the_same_matches_with_the_check(kind, spec):
    plain = re.compile(spec, 0 if kind in _CASE_SENSITIVE else re.IGNORECASE)
    checked = with_first_char_check(plain)
    assert checked.pattern != plain.pattern  # the check is there
    for text in (TEXT, TEXT.upper(), TEXT.lower()):
        assert _matches(checked, text) == _matches(plain, text)


def test_every_timex_pattern_has_the_check():
    assert all(rx.pattern.startswith("(?=") for _kind, rx in PATTERNS)


@pytest.mark.parametrize(
    ("pattern", "flags", "text", "found"),
    [
        # case folding is the engine's own, the Kelvin sign and long s included
        (r"(?:last|next)\s+year", re.IGNORECASE, "LA\u017fT year", ["LA\u017fT year"]),
        (r"\bkelvin", re.IGNORECASE, "\u212aelvin", ["\u212aelvin"]),
        (r"(?i:may)\s+day", 0, "MAY day may day", ["MAY day", "may day"]),
        (r"May\s+day", 0, "MAY day May day", ["May day"]),
        (r"(?<![0-9])[0-9]{2}-[a-z]+", 0, "x 12-ab 512-cd", ["12-ab"]),
    ],
)
def test_the_check_keeps_case_folding_and_lookarounds(pattern, flags, text, found):
    checked = with_first_char_check(re.compile(pattern, flags))
    assert checked.pattern.startswith("(?=")
    assert [m.group(0) for m in checked.finditer(text)] == found


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:a|b)?",  # can match nothing: any position
        r".x",  # any character
        r"\w+day",  # a category
        r"[^a-z]day",  # a negated class
        r"(?i)^updated",  # a global flag must stay first
    ],
)
def test_a_pattern_it_cannot_read_is_left_as_it_is(pattern):
    rx = re.compile(pattern)
    assert with_first_char_check(rx) is rx
