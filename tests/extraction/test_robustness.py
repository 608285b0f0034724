"""The engine never raises, whatever the text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction import extract

PUB = date(2022, 10, 20)
TRAPS = [
    "Feb. 30",
    "2022-13-45",
    "the 1990s",
    "$136,793",
    "Feb. 29, 2023",
    "99/99/9999",
    "0/0/00",
    "Oct. 0",
    "the 0s",
    "9999 years ago",
    "a billion years ago",
    "1,000,000,000 days later",
    "the next day",
    "at the time",
    "Nov. 31 of last year",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_it_never_raises_on_random_unicode(text):
    result = extract(text, PUB)
    for t in result.timexes:
        assert 0 <= t.start < t.end <= len(text)
    for e in result.events:
        assert text[e.sentence_start : e.sentence_end] == e.sentence


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(TRAPS + [" ", ". ", "\n", "In ", "since ", "on "]), max_size=20
    )
)
def test_it_never_raises_on_date_like_junk(parts):
    extract("".join(parts), PUB)


@pytest.mark.parametrize("text", TRAPS)
def test_traps_never_raise(text):
    extract(f"The company said {text} was the day.", PUB)


def test_empty_text_gives_nothing():
    result = extract("", PUB)
    assert result.events == () and result.timexes == ()


def test_a_one_megabyte_article():
    para = (
        "The council voted on Oct. 5 to close the pool, a year after it opened. "
        "Officials said $136,793 was spent in the 1990s.\n\n"
    )
    text = para * (1_000_000 // len(para) + 1)
    result = extract(text, PUB)
    assert len(text) >= 1_000_000
    assert result.events
    assert all(
        text[e.sentence_start : e.sentence_end] == e.sentence for e in result.events
    )
    assert all(text[t.start : t.end] == t.text for t in result.timexes)


def test_a_long_article_in_two_processes_is_read_as_in_one(monkeypatch):
    """Past PARALLEL_CHARS a forked helper parses every other batch of pieces:
    the same batches, so the same result, in the same order (small pieces
    here, to keep the test quick)."""
    from extraction import pipeline

    para = (
        "Mayor Ana Ruiz said on Tuesday that the bridge, closed in March 2021, "
        "would reopen next month. She had promised it a year ago.\n\n"
    )
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 1000)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 2000)
    text = para * 40  # 6 pieces in 3 batches: 2 for this process, 1 for the helper
    monkeypatch.setattr(pipeline, "PARALLEL_CHARS", 10**9)
    alone = extract(text, PUB)
    monkeypatch.setattr(pipeline, "PARALLEL_CHARS", 1000)
    shared = extract(text, PUB)
    assert len(pipeline.chunks(text)) == 6
    assert shared == alone and len(shared.events) >= 40
    assert [e.features for e in shared.events] == [e.features for e in alone.events]


def test_after_x_reads_the_rest_of_the_article_only_when_nothing_earlier_names_x(
    monkeypatch,
):
    """ "a year after it opened" in every paragraph: X is named in the paragraph
    before, so the rest of the article is not searched for it (that search per
    paragraph made a long report quadratic); the first paragraph searches."""
    from extraction.components import relations

    calls = []
    real = relations._clause_mention

    def counted(doc, keys, statements):
        calls.append(len(statements))
        return real(doc, keys, statements)

    monkeypatch.setattr(relations, "_clause_mention", counted)
    para = "The board voted on May 3 to close the pool, a year after it opened.\n\n"
    result = extract(para * 30, PUB)
    assert len(result.events) >= 30
    assert len(calls) <= 2
