"""Event titles: one table row per rule, on sentences written for these tests.

Each row runs the whole engine (parse, timex tagger, event builder, titles) on
a short article and reads the title of the event the given expression dates.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from spacy.language import Language

from extraction import Event, extract
from extraction.pipeline import DEFAULT_MODEL, _from_doc, load_nlp, run_many
from extraction.titles import (
    MAX_WORDS,
    chronology_title,
    fragment_reasons,
    title_pieces,
)

PUBLISHED = "2022-10-20"

# (rule, article, expression of the event, expected title)
TITLE_CASES = [
    (
        "a pronoun subject becomes the surname the article used",
        "Maria Lopez opened the bakery in 2015. She was arrested on Tuesday in Denver.",
        "on Tuesday",
        "Lopez arrested in Denver",
    ),
    (
        "an object pronoun becomes the person named before, not the subject",
        "Prosecutors say Daniel Reyes hid the money. "
        "A judge sentenced him on Monday to five years in prison.",
        "on Monday",
        "A judge sentenced Reyes to five years in prison",
    ),
    (
        "a possessive that means the clause's own subject stays",
        "The senator, who was first elected in 2004, announced her retirement on Monday.",
        "on Monday",
        "The senator announced her retirement",
    ),
    (
        "a relative clause's date titles its antecedent, not 'which ...'",
        "The inquiry, which began in March, has cost the state $4 million.",
        "in March",
        "The inquiry began",
    ),
    (
        "a leading date and preposition go",
        "On Friday, the city council approved the new budget.",
        "On Friday",
        "The city council approved the new budget",
    ),
    (
        "an attribution goes; the reported event stays",
        "Police said the suspect was detained on Sunday near the border.",
        "on Sunday",
        "The suspect detained near the border",
    ),
    (
        "an attribution after the event goes too",
        "The company has filed for bankruptcy, its lawyers told a court in Delaware "
        "on Monday.",
        "on Monday",
        "The company filed for bankruptcy",
    ),
    (
        "a passive drops its auxiliary",
        "The mayor was charged with bribery on Wednesday.",
        "on Wednesday",
        "The mayor charged with bribery",
    ),
    (
        "a future takes the headline 'to'",
        "The trial will begin on June 3.",
        "on June 3",
        "The trial to begin",
    ),
    (
        "a reported future names the speaker's organisation",
        "Acme Corp. said on Tuesday that it would close its plant in Flint.",
        "on Tuesday",
        "Acme Corp. to close its plant in Flint",
    ),
    (
        "a 'when' clause on the date is the happening",
        "The dispute started in May, when the landlord raised the rent.",
        "in May",
        "The landlord raised the rent",
    ),
    (
        "a cleft gives its inner clause",
        "It was on March 3 that the regulator fined the bank.",
        "on March 3",
        "The regulator fined the bank",
    ),
    (
        "a dateline goes",
        "PORTLAND, Maine — A fishing boat sank off the coast on Saturday, "
        "the Coast Guard said.",
        "on Saturday",
        "A fishing boat sank off the coast",
    ),
    (
        "a date on a fronted participle titles the main clause",
        "In a ruling issued on Friday, Judge Ana Ruiz dismissed the lawsuit "
        "against the city.",
        "on Friday",
        "Judge Ana Ruiz dismissed the lawsuit against the city",
    ),
    (
        "a possessive pronoun becomes the person's name",
        "Daniel Reyes asked to stay out of prison. His request was rejected on Monday.",
        "on Monday",
        "Reyes's request rejected",
    ),
    (
        "a date on an infinitive that defines a noun titles the noun's clause",
        "Daniel Reyes asked to stay out of prison. An appeals court rejected his "
        "request to remain free on Monday.",
        "on Monday",
        "An appeals court rejected Reyes's request to remain free",
    ),
    (
        "a subject pronoun continues the previous sentence's subject",
        "Kim Park, the chef, met Lee Chen on Monday. He resigned on Tuesday.",
        "on Tuesday",
        "Kim Park resigned",
    ),
    (
        "an attribution at the end ('..., the owner said') goes",
        "The factory will shut down for good, the owner said on Friday.",
        "on Friday",
        "The factory to shut down for good",
    ),
    (
        "a particle stays with its verb when its date goes",
        "Talks between the two unions broke off on Thursday.",
        "on Thursday",
        "Talks between the two unions broke off",
    ),
    (
        "a date after a preposition-like verb dates the noun it names",
        "The ministers met in Geneva, following the March 2019 ceasefire between "
        "the two countries.",
        "March 2019",
        "The ceasefire between the two countries",
    ),
    (
        "a modal keeps the whole verb group",
        "The bridge might be closed on Monday.",
        "on Monday",
        "The bridge might be closed",
    ),
    (
        "a copula before 'set to' goes",
        "The trial is set to open on June 3.",
        "on June 3",
        "The trial set to open",
    ),
    (
        "an existential 'there' stays as the subject",
        "There was a fire at the warehouse on Sunday.",
        "on Sunday",
        "There was a fire at the warehouse",
    ),
    (
        "a long organisation name becomes the acronym the article uses",
        "The National Transportation Safety Board and the Federal Aviation "
        "Administration opened a joint investigation into the runway collision on "
        "Friday. The NTSB said the inquiry could take a year.",
        "on Friday",
        "The NTSB and the Federal Aviation Administration opened a joint investigation",
    ),
    (
        "a hyphenated word with a number in it stays whole",
        "The hospital's chief executive resigned last week after the "
        "44-year-old nurse's death.",
        "last week",
        "The hospital's chief executive resigned after the 44-year-old nurse's death",
    ),
    (
        "a date in an infinitive of purpose titles the act it serves",
        "The airline signed an agreement to buy 40 new jets on Tuesday.",
        "on Tuesday",
        "The airline signed an agreement to buy 40 new jets",
    ),
    (
        "a two-word title takes the person's full name",
        "Maria Alvarez opened a bakery in 2010. Alvarez died on Sunday.",
        "on Sunday",
        "Maria Alvarez died",
    ),
    (
        "a speech verb with an object tells an act, not a report",
        "The officer was arrested on May 29; in June, prosecutors added a charge "
        "of manslaughter.",
        "in June",
        "Prosecutors added a charge of manslaughter",
    ),
    (
        "with a placeholder 'it', the infinitive is the happening",
        "It took the jury two days on Friday to reach a verdict in the fraud case.",
        "on Friday",
        "It took the jury to reach a verdict in the fraud case",
    ),
    (
        "what a relative date is measured from is not part of the title",
        "The jury convicted Maria Lopez of fraud on March 2. Two months after the "
        "verdict, the judge sentenced her to ten years in prison.",
        "Two months after",
        "The judge sentenced Lopez to ten years in prison",
    ),
    (
        "an adverb on a participle used as an adjective stays",
        "A remotely operated vehicle found the wreck on Thursday.",
        "on Thursday",
        "A remotely operated vehicle found the wreck",
    ),
    (
        "a word with a prefix stays whole",
        "The council will re-examine the zoning plan on Tuesday.",
        "on Tuesday",
        "The council to re-examine the zoning plan",
    ),
    (
        "a long subject loses its prepositional phrases before the object goes",
        "The board of the regional transit authority, meeting in an emergency "
        "session at its downtown headquarters, voted on Thursday to suspend the "
        "chief financial officer of the agency and three of his deputies pending "
        "an outside audit.",
        "on Thursday",
        "The board voted to suspend the chief financial officer",
    ),
]


def _event(text: str, expression: str) -> Event:
    result = extract(text, date.fromisoformat(PUBLISHED))
    found = [e for e in result.events if e.expression == expression]
    assert found, [(e.expression, e.title) for e in result.events]
    return found[0]


@pytest.mark.parametrize(
    "rule,text,expression,expected", TITLE_CASES, ids=[c[0] for c in TITLE_CASES]
)
def test_title_rule(rule, text, expression, expected):
    assert _event(text, expression).title == expected


def test_headline_becomes_sentence_case_keeping_proper_nouns():
    text = (
        "Storm Knocks Out Power to Thousands in Ohio on Monday\n\n"
        "A storm knocked out power to thousands of homes across Ohio on Monday, "
        "the utility said."
    )
    result = extract(text, date.fromisoformat(PUBLISHED))
    headline = [e for e in result.events if e.sentence_start == 0]
    assert [e.title for e in headline] == [
        "Storm knocks out power to thousands in Ohio"
    ]


LONG = (
    "The commission, after months of hearings in three counties and a review of "
    "thousands of pages of records from the state's largest utilities, fined "
    "the Northern Valley Power and Light Company $12 million on Tuesday for "
    "failing to trim trees near its high-voltage lines before the fire season."
)


def test_length_cap_cuts_between_words_and_not_on_a_function_word():
    event = _event(LONG, "on Tuesday")
    words = event.title.split()
    assert 3 <= len(words) <= MAX_WORDS
    # every word of the title is a whole word of the sentence
    sentence_words = set(re.findall(r"[\w$'’-]+", event.sentence))
    assert all(w.strip(",") in sentence_words for w in words), event.title
    assert words[-1].lower() not in {"the", "a", "of", "to", "for", "and", "its"}
    assert not event.title.endswith((".", ",", ";", ":"))


def test_title_is_sentence_case_without_trailing_punctuation():
    event = _event(
        "the council voted on Wednesday to close the library.", "on Wednesday"
    )
    assert event.title[0].isupper()
    assert not event.title.endswith(".")


# (title as a reader sees it, words the check expects, reason expected or None)
FRAGMENT_CASES = [
    ("FTX files for bankruptcy in Delaware", None),
    ("filed for bankruptcy", "no subject"),
    ("which opened last week", "starts with a relative pronoun or preposition"),
    ("the victim's widower", "no verb or event noun"),
    ("A judge on Monday", "no verb or event noun"),
    ("Boeing settles", "fewer than 3 words"),
    ("On Friday the council voted", "starts with a relative pronoun or preposition"),
    ("The verdict in the Holmes trial", None),
]


@pytest.mark.parametrize("title,reason", FRAGMENT_CASES)
def test_fragment_check(title, reason):
    doc = load_nlp()(title)
    reasons = fragment_reasons(title, list(doc))
    if reason is None:
        assert reasons == []
    else:
        assert reason in reasons


SEEN_BY_COUNTER: list[int] = []
COUNTER = "test_titles_count_docs"
if COUNTER not in Language.factories:

    @Language.component(COUNTER)
    def count_docs(doc):
        SEEN_BY_COUNTER.append(len(doc))
        return doc


def test_titles_come_from_the_pipelines_own_parse():
    """One parse per document: a counting component at the head of a fresh
    pipeline sees each document once, and the titles are there afterwards."""
    nlp = load_nlp.__wrapped__(DEFAULT_MODEL)
    nlp.add_pipe(COUNTER, first=True)
    SEEN_BY_COUNTER.clear()
    texts = [
        (
            "Maria Lopez opened the bakery in 2015. She was arrested on Tuesday.",
            PUBLISHED,
        ),
        ("The mayor was charged with bribery on Wednesday.", PUBLISHED),
    ]
    results = list(run_many(texts, nlp=nlp))
    assert len(SEEN_BY_COUNTER) == 2
    titles = [e.title for r in results for e in r.events]
    assert titles == [
        "Maria Lopez opened the bakery",
        "Maria Lopez arrested",
        "The mayor charged with bribery",
    ]


def test_title_uses_doc_offsets_before_the_chunk_shift():
    nlp = load_nlp()
    doc = nlp.make_doc("The mayor was charged with bribery on Wednesday.")
    doc._.caseline_published = date.fromisoformat(PUBLISHED)
    doc = nlp(doc)
    shifted = _from_doc(doc, offset=1000).events[0]
    assert shifted.sentence_start == 1000
    assert shifted.title == "The mayor charged with bribery"
    assert chronology_title(doc, doc._.caseline_events[0]) == shifted.title


def test_title_pieces_are_tokens_of_the_same_doc():
    nlp = load_nlp()
    doc = nlp.make_doc("On Friday, the city council approved the new budget.")
    doc._.caseline_published = date.fromisoformat(PUBLISHED)
    doc = nlp(doc)
    event = doc._.caseline_events[0]
    title, tokens = title_pieces(doc, event)
    assert title == "The city council approved the new budget"
    assert all(t.doc is doc for t in tokens)
    assert fragment_reasons(title, tokens) == []
