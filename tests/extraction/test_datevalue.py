"""DateValue: one date at year, month or day precision."""

from __future__ import annotations

from datetime import date

import pytest

from extraction.datevalue import DateValue, Precision


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2022", DateValue(2022), Precision.YEAR),
        ("2022-10", DateValue(2022, 10), Precision.MONTH),
        ("2022-10-05", DateValue(2022, 10, 5), Precision.DAY),
        ("0999-01-31", DateValue(999, 1, 31), Precision.DAY),
        ("2024-02-29", DateValue(2024, 2, 29), Precision.DAY),
    ],
)
def test_parse_iso_and_precision(text, value, precision):
    parsed = DateValue.parse(text)
    assert parsed == value
    assert parsed.precision == precision
    assert parsed.iso() == text == str(parsed)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "22",
        "2022-1",
        "2022-13",
        "2022-00",
        "2022-10-00",
        "2022-02-30",
        "2023-02-29",
        "0000",
        "2022-10-05T10:00",
        "2022/10/05",
        "October 2022",
        "2022-W42",
        "2022-Q3",
        "PAST_REF",
    ],
)
def test_parse_rejects_what_is_not_a_date_value(text):
    with pytest.raises(ValueError):
        DateValue.parse(text)


def test_looks_like_is_the_written_form_only():
    assert DateValue.looks_like("2022-02-30")  # the form is right, the date is not
    assert DateValue.looks_like("2022")
    assert not DateValue.looks_like("2022-2")
    assert not DateValue.looks_like(" 2022")


def test_constructor_checks_the_date():
    with pytest.raises(ValueError):
        DateValue(2022, None, 5)
    with pytest.raises(ValueError):
        DateValue(2022, 4, 31)
    with pytest.raises(ValueError):
        DateValue.parse(None)  # type: ignore[arg-type]


def test_precision_words_and_order():
    assert [p.word for p in Precision] == ["year", "month", "day"]
    assert Precision.YEAR < Precision.MONTH < Precision.DAY
    assert Precision.DAY == 3  # the integer Event.precision stores


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("2022-02", date(2022, 2, 1), date(2022, 2, 28)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2022-12", date(2022, 12, 1), date(2022, 12, 31)),
        ("2022-10-05", date(2022, 10, 5), date(2022, 10, 5)),
    ],
)
def test_period(text, first, last):
    value = DateValue.parse(text)
    assert value.period() == (first, last)
    assert value.first_day() == first and value.last_day() == last


def test_of_and_truncated():
    d = date(2022, 10, 5)
    assert DateValue.of(d) == DateValue(2022, 10, 5)
    assert DateValue.of(d, Precision.MONTH) == DateValue(2022, 10)
    assert DateValue.of(d, Precision.YEAR) == DateValue(2022)
    assert DateValue(2022, 10, 5).truncated(Precision.MONTH) == DateValue(2022, 10)
    assert DateValue(2022).truncated(Precision.DAY) == DateValue(2022)


@pytest.mark.parametrize(
    ("a", "b", "contains", "overlaps"),
    [
        ("2022", "2022", True, True),
        ("2022", "2022-10", True, True),
        ("2022", "2022-10-05", True, True),
        ("2022-10", "2022-10-05", True, True),
        ("2022-10-05", "2022-10", False, True),
        ("2022-10", "2022", False, True),
        ("2022-10-05", "2022-10-06", False, False),
        ("2022-10", "2022-11-01", False, False),
        ("2022", "2023-01", False, False),
        ("2021-12-31", "2022", False, False),
    ],
)
def test_contains_and_overlaps(a, b, contains, overlaps):
    va, vb = DateValue.parse(a), DateValue.parse(b)
    assert va.contains(vb) is contains
    assert va.overlaps(vb) is overlaps
    assert vb.overlaps(va) is overlaps


def test_ordering_is_the_timelines():
    values = [
        DateValue.parse(v)
        for v in [
            "2022-10-05",
            "2022",
            "2021-12-31",
            "2022-10",
            "2022-01",
            "2022-01-01",
        ]
    ]
    assert [v.iso() for v in sorted(values)] == [
        "2021-12-31",
        "2022",
        "2022-01",
        "2022-01-01",
        "2022-10",
        "2022-10-05",
    ]
    assert DateValue(2022) < DateValue(2022, 1) <= DateValue(2022, 1)
    assert DateValue(2022, 2) > DateValue(2022, 1, 31) >= DateValue(2022, 1, 31)


def test_values_are_hashable_and_equal_by_date():
    assert len({DateValue.parse("2022-10"), DateValue(2022, 10)}) == 1
    assert DateValue(2022, 10) != DateValue(2022, 10, 1)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2021", "2021"),
        ("2022-03", "March 2022"),
        ("2022-10-19", "Oct. 19, 2022"),
        ("2022-09-05", "Sept. 5, 2022"),
        ("2022-07-04", "July 4, 2022"),
    ],
)
def test_display_is_newsroom_style(text, shown):
    assert DateValue.parse(text).display() == shown
