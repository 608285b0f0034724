"""The pure resolver, without spaCy: table tests for dates.resolve and helpers."""

from __future__ import annotations

from datetime import date

import pytest

from extraction.dates import (
    FUTURE,
    PAST,
    Context,
    DateValue,
    holiday_date,
    resolve,
    shift,
    week_point,
)
from extraction.patterns import find_candidates

PUB = date(2022, 10, 20)  # a Thursday


def _value(
    text: str, tense: str | None = None, reference: DateValue | None = None
) -> str | None:
    (c,) = find_candidates(text)
    r = resolve(c.kind, c.groups, c.text, Context(PUB, tense, reference))
    return None if r is None else r.value


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("Oct. 5", PAST, "2022-10-05"),
        ("Oct. 25", FUTURE, "2022-10-25"),
        ("Dec. 29", PAST, "2021-12-29"),
        ("Dec. 29", None, "2022-12-29"),  # no verb: the nearer one
        ("Wednesday", PAST, "2022-10-19"),
        ("Wednesday", FUTURE, "2022-10-26"),
        ("Thursday", PAST, "2022-10-20"),
        ("last Thursday", PAST, "2022-10-13"),
        ("March", PAST, "2022-03"),
        ("March", FUTURE, "2023-03"),
        ("last week", None, "2022-W41"),
        ("next week", None, "2022-W43"),
        ("the 1990s", None, "199"),
        ("the '90s", None, "199"),
        ("mid-2021", None, "2021"),
        ("a year ago", None, "2021"),
        ("three months ago", None, "2022-07"),
        ("five days ago", None, "2022-10-15"),
        ("Christmas", PAST, "2021-12-25"),
        ("Thanksgiving", FUTURE, "2022-11-24"),
    ],
)
def test_it_resolves(text, tense, value):
    assert _value(text, tense) == value


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("the next day", DateValue(2022, 11, 8), "2022-11-09"),
        ("the same day", DateValue(2018, 6, 15), "2018-06-15"),
        ("two days later", DateValue(2022, 11, 2), "2022-11-04"),
        ("a year earlier", DateValue(2020, 5), "2019"),
        ("that June", DateValue(2018, 3), "2018-06"),
        ("the day before", DateValue(2022, 3, 1), "2022-02-28"),
    ],
)
def test_it_resolves_from_the_previous_date(text, reference, value):
    assert _value(text, PAST, reference) == value


@pytest.mark.parametrize(
    "text", ["Feb. 30", "Feb. 30, 2021", "2022-13-45", "13/45/2021", "Feb. 29, 2023"]
)
def test_impossible_dates_resolve_to_nothing(text):
    for c in find_candidates(text):
        r = resolve(c.kind, c.groups, c.text, Context(PUB, PAST))
        assert r is None or r.point is None or r.value != "2022-02-30"


@pytest.mark.parametrize(
    ("day", "point"),
    [
        (date(2022, 1, 12), DateValue(2022, 1)),  # Mon 10 - Sun 16 January
        (
            date(2022, 3, 1),
            DateValue(2022),
        ),  # Mon 28 Feb - Sun 6 March straddles two months
    ],
)
def test_a_week_gives_its_month_or_its_year(day, point):
    assert week_point(day) == point


def test_spans_leave_out_prepositions():
    assert [
        c.text
        for c in find_candidates("It happened in early October and since May 2020.")
    ] == ["early October", "May 2020"]


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [
        ("Easter", 2024, date(2024, 3, 31)),
        ("Easter", 2000, date(2000, 4, 23)),
        ("Thanksgiving", 2024, date(2024, 11, 28)),
        ("Memorial Day", 2024, date(2024, 5, 27)),
        ("Labor Day", 2023, date(2023, 9, 4)),
    ],
)
def test_holidays_follow_the_calendar(name, year, day):
    assert holiday_date(name, year) == day


@pytest.mark.parametrize(
    ("start", "n", "unit", "sign", "day"),
    [
        (date(2024, 1, 31), 1, "month", 1, date(2024, 2, 29)),  # the month's last day
        (date(2024, 2, 29), 1, "year", 1, date(2025, 2, 28)),
        (date(2023, 6, 9), 1.5, "year", -1, date(2021, 12, 9)),  # 18 months
        (date(2023, 11, 15), 1, "quarter", 1, date(2024, 2, 15)),
    ],
)
def test_shifting_by_months_and_years(start, n, unit, sign, day):
    assert shift(start, n, unit, sign)[0] == day
