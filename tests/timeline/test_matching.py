"""timeline.matching: the pure side of "is this the same happening?"."""

import pytest

import extraction
from timeline import matching
from timeline.matching import Unit, Weights, compare, date_relation


@pytest.fixture(scope="module")
def nlp():
    return extraction.load_nlp(extraction.DEFAULT_MODEL)


def unit(nlp, sentence, date, *, article=1, start=0, summary="", actors=()):
    doc = nlp(sentence)
    return Unit(
        article=article,
        sentence_start=start,
        date_value=date,
        features=matching.features(doc, summary or sentence, actors),
        event=article * 1000 + start,
    )


def test_it_relates_dates_by_containment_and_closeness():
    assert date_relation("2021-10-21", "2021-10-21") == "same"
    assert date_relation("2021-10", "2021-10-21") == "compatible"
    assert date_relation("2021", "2021-10") == "compatible"
    assert date_relation("2021-10-21", "2021-10-22") == "conflict"
    assert date_relation("2021-10-21", "2021-10-30") is None
    assert date_relation("2021-09", "2021-10-21") is None


def test_it_folds_the_words_news_uses_for_one_action(nlp):
    doc = nlp("A jury found Holmes guilty of fraud.")
    assert "convict" in matching.features(doc, "", ())["act"]
    doc = nlp("Her conviction on four counts came in January.")
    assert "convict" in matching.features(doc, "", ())["act"]


def test_it_matches_two_articles_retelling_one_happening(nlp):
    weights = Weights()
    a = unit(
        nlp,
        "Alec Baldwin fired a prop gun on the set of Rust on Thursday, killing "
        "the cinematographer Halyna Hutchins.",
        "2021-10-21",
        article=1,
    )
    b = unit(
        nlp,
        "Halyna Hutchins was killed in October 2021 when Baldwin fired a prop gun "
        "on the Rust set in New Mexico.",
        "2021-10",
        article=2,
    )
    for u in (a, b):
        weights.add(matching.terms_of(u.features))
    verdict = compare(b, a, weights)
    assert verdict is not None
    assert verdict.relation == "compatible"
    assert "kill" in verdict.actions or "fire" in verdict.actions
    note = matching.explain(verdict, b.date_value, a.date_value, "“AP: Shooting”")
    assert note.startswith("Matched with “AP: Shooting”: compatible dates")


def test_it_keeps_different_happenings_on_one_day_apart(nlp):
    weights = Weights()
    charged = unit(
        nlp,
        "Prosecutors charged Alec Baldwin with involuntary manslaughter on Jan. 31.",
        "2023-01-31",
        article=1,
    )
    sentenced = unit(
        nlp,
        "The armorer Hannah Gutierrez-Reed was sentenced to 18 months on Jan. 31.",
        "2023-01-31",
        article=2,
    )
    for u in (charged, sentenced):
        weights.add(matching.terms_of(u.features))
    assert compare(sentenced, charged, weights) is None


def test_it_never_matches_two_dates_of_one_sentence(nlp):
    weights = Weights()
    sentence = "Holmes settled with the SEC in March, three months before the charges."
    a = unit(nlp, sentence, "2018-03", article=1, start=10)
    b = unit(nlp, sentence, "2018-03", article=1, start=10)
    weights.add(matching.terms_of(a.features))
    assert compare(a, b, weights) is None


def test_it_fingerprints_copies_of_one_story_alike():
    wire = (
        "SANTA FE, N.M. (AP) — Alec Baldwin fired a prop gun on a movie set "
        "Thursday, killing the cinematographer Halyna Hutchins and wounding the "
        "director Joel Souza, authorities said. The shooting happened at the "
        "Bonanza Creek Ranch during filming of the western Rust."
    )
    copy = wire.replace("authorities said", "the sheriff's office said")
    other = (
        "The producers of Rust said on Friday that filming would not resume this "
        "year and that the crew had been sent home after the shooting."
    )
    assert (
        matching.resemblance(matching.fingerprint(wire), matching.fingerprint(copy))
        > 0.6
    )
    assert (
        matching.resemblance(matching.fingerprint(wire), matching.fingerprint(other))
        < 0.2
    )
