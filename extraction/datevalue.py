"""One calendar date at year, month or day precision: "2022", "2022-10",
"2022-10-05".

The engine dates events with it, and the timeline stores it as that ISO text
(``EventSource.date_value``) or as its first day and precision (``Event.date``,
``Event.precision``). Plain Python, no Django, so every app can use it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from functools import lru_cache

from .lexicon import MONTH_ABBR, MONTH_NAMES


class Precision(IntEnum):
    """How much of the date is known; a month sorts before its days."""

    YEAR = 1
    MONTH = 2
    DAY = 3

    @property
    def word(self) -> str:
        """'year', 'month' or 'day'."""
        return self.name.lower()


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# AP style abbreviates months longer than five letters when a day follows.
AP_MONTHS = (
    "",
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)


@dataclass(frozen=True, slots=True)
class DateValue:
    """A year, a month of a year, or a day; invalid dates raise ValueError."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        # date() checks the year range, the month and the day in that month
        date(
            self.year,
            1 if self.month is None else self.month,
            1 if self.day is None else self.day,
        )

    @classmethod
    def parse(cls, text: str) -> DateValue:
        """'2022', '2022-10' or '2022-10-05'; ValueError for anything else."""
        return _parse(text)

    @staticmethod
    def looks_like(text: str) -> bool:
        """Written as YYYY, YYYY-MM or YYYY-MM-DD, whether or not the date exists."""
        return _ISO.fullmatch(text) is not None

    @classmethod
    def of(cls, d: date, precision: int = Precision.DAY) -> DateValue:
        """The day ``d``, or the month or year holding it."""
        if precision >= Precision.DAY:
            return cls(d.year, d.month, d.day)
        if precision == Precision.MONTH:
            return cls(d.year, d.month)
        return cls(d.year)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    __str__ = iso

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def period(self) -> tuple[date, date]:
        """First and last day of the period the value names."""
        return self.first_day(), self.last_day()

    def truncated(self, precision: int) -> DateValue:
        """The same date at no more than ``precision`` (a day's month, year)."""
        if precision >= self.precision:
            return self
        return DateValue.of(self.first_day(), precision)

    def contains(self, other: DateValue) -> bool:
        """October 2022 contains Oct. 5, 2022 and itself; a day only itself."""
        if other.precision < self.precision:
            return False
        return other.truncated(self.precision) == self

    def overlaps(self, other: DateValue) -> bool:
        """One of the two contains the other (periods nest, so that is all)."""
        return self.contains(other) or other.contains(self)

    def sort_key(self) -> tuple[date, int]:
        # The timeline's order: by first day, a month before its days.
        return self.first_day(), int(self.precision)

    def __lt__(self, other: DateValue) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: DateValue) -> bool:
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: DateValue) -> bool:
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: DateValue) -> bool:
        return self.sort_key() >= other.sort_key()

    def human(self) -> str:
        """Short form for the engine's derivation lines: '5 Oct 2022'."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return f"{self.day} {MONTH_ABBR[self.month]} {self.year}"

    def display(self) -> str:
        """Newsroom style: 'Oct. 19, 2022', 'March 2022', '2021'."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTH_NAMES[self.month]} {self.year}"
        return f"{AP_MONTHS[self.month]} {self.day}, {self.year}"


@lru_cache(maxsize=1 << 16)
def _parse(text: str) -> DateValue:
    # Cached: the grouping parses the same few values for millions of pairs.
    m = _ISO.fullmatch(text.strip()) if isinstance(text, str) else None
    if m is None:
        raise ValueError(f"not a date value (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year, month, day = (int(g) if g else None for g in m.groups())
    return DateValue(year, month, day)
