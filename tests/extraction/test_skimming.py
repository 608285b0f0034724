"""A very long text is parsed by its dated sentences only (extraction.skimming)."""

from datetime import date

from extraction import extract, pipeline, skimming
from extraction.skimming import skimmed

PUB = date(2023, 5, 10)


def test_undated_sentences_are_blanked_in_place():
    text = (
        "Residents gathered outside the hall. The council voted on March 3 to "
        "close the pool.\nNobody spoke against it. It reopened a year later.\n"
    )
    blank, found = skimmed(text)
    assert len(blank) == len(text)
    assert [c.text for c in found] == ["March 3", "a year later"]
    kept = "The council voted on March 3 to close the pool."
    assert blank.index(kept) == text.index(kept)
    assert "Residents" not in blank and "Nobody" not in blank
    assert "It reopened a year later." in blank
    assert blank.count("\n") == text.count("\n")


def test_a_text_without_dates_is_blank():
    blank, found = skimmed("Nothing here.\nStill nothing.")
    assert found == [] and blank.strip() == ""


def test_a_skimmed_text_gives_the_events_of_the_whole_one(monkeypatch):
    para = (
        "The mayor, Ana Ruiz, spoke to reporters at length. The bridge closed on "
        "March 3, 2021, after an inspection. Engineers praised the crews. It "
        "reopened last week.\n\n"
    )
    text = para * 30
    monkeypatch.setattr(pipeline, "SKIM_CHARS", 10**9)
    whole = extract(text, PUB)
    monkeypatch.setattr(pipeline, "SKIM_CHARS", 1000)
    skim = extract(text, PUB)
    assert len(skim.events) == len(whole.events) >= 60
    assert [(e.date, e.sentence_start, e.expression) for e in skim.events] == [
        (e.date, e.sentence_start, e.expression) for e in whole.events
    ]
    # Offsets are the text's own.
    assert all(
        text[e.sentence_start : e.sentence_end] == e.sentence for e in skim.events
    )
    assert skimming.SKIM_CHARS <= pipeline.PARALLEL_CHARS
