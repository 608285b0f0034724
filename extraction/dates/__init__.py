"""Pure date resolution: a matched expression plus its context -> TimeML value.

Nothing here knows about spaCy. :func:`resolve` takes the pattern kind and the
groups from :mod:`extraction.patterns`, the publication date, the tense read
from the parse and the last date the text mentioned, and returns a
:class:`Resolution`: the TIMEX3 type and value (TempEval conventions) and,
separately, the calendar point an event would get under the newsroom rules
(week -> month, season -> year, approximate span -> year, never invent a day).
It never raises: unparseable input gives ``None``.

Where things are:

- :mod:`.model` the types (``DateValue``, ``Context``, ``Resolution``, ``Offset``);
- :mod:`.anchoring` which March, which Wednesday, which "last year": every
  expression placed from the publication date or the date just before;
- :mod:`.calendar_math` moving dates by units (python-dateutil), weeks,
  quarters, holidays; :mod:`.timeml` TimeML value formatting;
- :mod:`.words` numbers, months and units in words; :mod:`.parsing` dateparser;
- :mod:`.registry` the table pattern kind -> resolver, filled by ``@resolver``
  in the resolver modules: :mod:`.written` (dates written out), :mod:`.relative`
  (weekdays, "today", "last year", seasons, holidays), :mod:`.counts` ("three
  days ago", "a year after X", durations), :mod:`.fiscal` (quarters, halves),
  :mod:`.clock` (times of day), :mod:`.vague` (sets, "now", "recently").
"""

from __future__ import annotations

# The resolver modules fill the registry when imported.
from . import clock, counts, fiscal, relative, vague, written  # noqa: F401
from .anchoring import direction, month_day_year, month_year
from .calendar_math import holiday_date, shift, week_point
from .model import (
    FUTURE,
    PAST,
    PAST_PERFECT,
    PRESENT,
    Context,
    DateValue,
    Offset,
    Resolution,
    pub_text,
)
from .registry import RESOLVERS, resolve
from .timeml import duration_value, iso_week
from .words import parse_number

__all__ = [
    "FUTURE",
    "PAST",
    "PAST_PERFECT",
    "PRESENT",
    "RESOLVERS",
    "Context",
    "Offset",
    "DateValue",
    "Resolution",
    "direction",
    "duration_value",
    "holiday_date",
    "iso_week",
    "month_day_year",
    "month_year",
    "parse_number",
    "pub_text",
    "resolve",
    "shift",
    "week_point",
]
