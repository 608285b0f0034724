"""TimeML extents, one line per convention: (published, text, the TIMEX3 texts)."""

from __future__ import annotations

import pytest

# fmt: off
SPANS = [
    # a determiner stays out before a year and an adjectival duration
    ("1998-02-13", "Sales fell in the 1996 season.", ["1996"]),
    ("1998-02-13", "He served the eight-year term.", ["eight-year"]),
    # "over" and "in" stay out of "the past N units"; "the past" stays in
    ("1998-02-13", "Prices rose over the last three months.", ["the last three months"]),
    ("1998-02-13", "Prices rose in the past three months.", ["the past three months"]),
    # hedges that leave the count as it is stay out
    ("1998-02-13", "The meeting lasted about five hours.", ["five hours"]),
    ("1998-02-13", "The meeting lasted only five hours.", ["five hours"]),
    # hyphenated quarters and possessive determiners stay out; "the third quarter" keeps "the"
    ("1998-02-13", "The bank posted a third-quarter loss.", ["third-quarter"]),
    ("1998-02-13", "The bank posted a loss in the third quarter.", ["the third quarter"]),
    ("1998-02-13", "The bank posted a loss in its fourth quarter.", ["fourth quarter"]),
    # a possessive "today's" is "today"; "right now" is "now"
    ("1998-02-13", "Today's vote was close.", ["Today"]),
    ("1998-02-13", "The vote is close right now.", ["now"]),
]
# fmt: on


@pytest.mark.parametrize(("published", "text", "spans"), SPANS)
def test_timeml_extents(run, published, text, spans):
    assert [t.text for t in run(text, published).timexes] == spans
