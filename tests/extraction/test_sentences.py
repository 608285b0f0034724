"""Sentence units: lines first, then a rule splitter that respects abbreviations."""

from __future__ import annotations

import pytest

from extraction.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "units"),
    [
        (
            "Headline here\nBy A. Writer\n\nFirst. Second.",
            ["Headline here", "By A. Writer", "First.", "Second."],
        ),
        (
            "It closed Nov. 8 in the U.S. and reopened.",
            ["It closed Nov. 8 in the U.S. and reopened."],
        ),
        (
            "It ended at 8 p.m. on Friday. Then it rained.",
            ["It ended at 8 p.m. on Friday.", "Then it rained."],
        ),
        ('He said: "It is over." She left.', ['He said: "It is over."', "She left."]),
        ("Mr. Smith met Dr. Jones.", ["Mr. Smith met Dr. Jones."]),
        ("", []),
    ],
)
def test_it_splits(text, units):
    assert [text[s:e] for s, e in split_sentences(text)] == units


def test_a_long_paragraph_is_split_in_linear_time():
    # the word before each dot is read backwards from the dot: a long
    # paragraph of many sentences no longer costs the square of its length
    import time

    line = "The firm said it grew. " * 4000
    t0 = time.process_time()
    assert len(split_sentences(line)) == 4000
    assert time.process_time() - t0 < 2.0
