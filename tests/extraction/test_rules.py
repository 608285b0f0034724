"""One line per rule: (sentence, publication date, expression, expected value).

The sentences are our own, written to exercise one general rule each; the
engine runs end to end (spaCy parse for tense, our components for the rest).
"""

from __future__ import annotations

import pytest

from extraction.components import quoted_spans

# (text, published, expression as tagged, TIMEX3 type, TIMEX3 value)
TIMEX_CASES = [
    # absolute dates in newsroom styles
    (
        "The deal closed Oct. 21, 2021, in Dallas.",
        "2022-10-20",
        "Oct. 21, 2021",
        "DATE",
        "2021-10-21",
    ),
    (
        "The deal closed on 21 October 2021.",
        "2022-10-20",
        "21 October 2021",
        "DATE",
        "2021-10-21",
    ),
    (
        "The deal closed on 10/21/2021.",
        "2022-10-20",
        "10/21/2021",
        "DATE",
        "2021-10-21",
    ),
    (
        "The deal closed on 2021-10-21.",
        "2022-10-20",
        "2021-10-21",
        "DATE",
        "2021-10-21",
    ),
    (
        "The deal closed in October 2021.",
        "2022-10-20",
        "October 2021",
        "DATE",
        "2021-10",
    ),
    (
        "The plant opened in the fall of 2021.",
        "2022-10-20",
        "the fall of 2021",
        "DATE",
        "2021-FA",
    ),
    ("Sales boomed in the 1990s.", "2022-10-20", "the 1990s", "DATE", "199"),
    ("The firm was founded in 2003.", "2022-10-20", "2003", "DATE", "2003"),
    (
        "The firm was founded on Friday, Sept. 9, 2016.",
        "2022-10-20",
        "Friday, Sept. 9, 2016",
        "DATE",
        "2016-09-09",
    ),
    # the publication day and its neighbours
    ("The mayor resigned today.", "2022-10-20", "today", "DATE", "2022-10-20"),
    ("The mayor resigned yesterday.", "2022-10-20", "yesterday", "DATE", "2022-10-19"),
    ("The mayor will resign tomorrow.", "2022-10-20", "tomorrow", "DATE", "2022-10-21"),
    (
        "Police made an arrest this morning.",
        "2022-10-20",
        "this morning",
        "TIME",
        "2022-10-20TMO",
    ),
    ("Shares rose now.", "2022-10-20", "now", "DATE", "PRESENT_REF"),
    # weekdays: past before publication, future after it
    (
        "The council voted Wednesday to close the pool.",
        "2022-10-20",
        "Wednesday",
        "DATE",
        "2022-10-19",
    ),
    (
        "The council will vote Monday on the pool.",
        "2022-10-20",
        "Monday",
        "DATE",
        "2022-10-24",
    ),
    (
        "The council voted Monday evening.",
        "2022-10-20",
        "Monday evening",
        "TIME",
        "2022-10-17TEV",
    ),
    # calendar units around publication
    ("Prices fell last week.", "2022-10-20", "last week", "DATE", "2022-W41"),
    (
        "Prices fell earlier this month.",
        "2022-10-20",
        "earlier this month",
        "DATE",
        "2022-10",
    ),
    ("Prices fell last month.", "2022-10-20", "last month", "DATE", "2022-09"),
    ("Prices fell last year.", "2022-10-20", "last year", "DATE", "2021"),
    ("Prices will fall next month.", "2022-10-20", "next month", "DATE", "2022-11"),
    ("Prices will fall next year.", "2022-10-20", "next year", "DATE", "2023"),
    ("Prices will fall this summer.", "2022-03-20", "this summer", "DATE", "2022-SU"),
    ("Prices fell last fall.", "2024-03-29", "last fall", "DATE", "2023-FA"),
    # months and month-days without a year: tense decides
    (
        "In March, the lawyers said the contract excused him.",
        "2022-10-20",
        "March",
        "DATE",
        "2022-03",
    ),
    ("Filming will resume in January.", "2022-10-20", "January", "DATE", "2023-01"),
    (
        "The president-elect takes office in January.",
        "2024-12-06",
        "January",
        "DATE",
        "2025-01",
    ),
    (
        "The company filed for bankruptcy on Nov. 11.",
        "2022-12-13",
        "Nov. 11",
        "DATE",
        "2022-11-11",
    ),
    (
        "The case returns to court on Feb. 8.",
        "2022-12-13",
        "Feb. 8",
        "DATE",
        "2023-02-08",
    ),
    (
        "She had been due to surrender on April 27.",
        "2023-05-30",
        "April 27",
        "DATE",
        "2023-04-27",
    ),
    (
        "The judge set sentencing for March 28.",
        "2023-11-03",
        "March 28",
        "DATE",
        "2024-03-28",
    ),
    (
        "He was arrested last December.",
        "2023-11-03",
        "last December",
        "DATE",
        "2022-12",
    ),
    (
        "Singh pleaded guilty in February of last year.",
        "2024-03-29",
        "February of last year",
        "DATE",
        "2023-02",
    ),
    ("He has been in custody since August.", "2024-03-29", "August", "DATE", "2023-08"),
    # counts from publication
    (
        "The plant closed nearly three years ago.",
        "2022-10-20",
        "nearly three years ago",
        "DATE",
        "2019",
    ),
    (
        "The plant closed two weeks ago.",
        "2022-10-20",
        "two weeks ago",
        "DATE",
        "2022-W40",
    ),
    # anchored to the previous date in the text
    (
        "The deal was signed on Nov. 8. It collapsed the next day.",
        "2022-12-13",
        "the next day",
        "DATE",
        "2022-11-09",
    ),
    (
        # TimeML reads the length ("later" is a signal); the event still
        # takes Nov. 11 (test_real_news)
        "It was published on Nov. 2. Nine days later, the firm failed.",
        "2022-12-13",
        "Nine days",
        "DURATION",
        "P9D",
    ),
    (
        "The suit was filed in March 2018. That June she was indicted.",
        "2023-05-30",
        "That June",
        "DATE",
        "2018-06",
    ),
    # durations and sets
    (
        "He faces up to 115 years in prison.",
        "2022-12-13",
        "115 years",
        "DURATION",
        "P115Y",
    ),
    (
        "The hearing ran for roughly three hours.",
        "2022-12-13",
        "three hours",
        "DURATION",
        "PT3H",
    ),
    ("She won a two-year contract.", "2022-12-13", "two-year", "DURATION", "P2Y"),
    (
        "The column appears every Friday.",
        "2022-12-13",
        "every Friday",
        "SET",
        "XXXX-WXX-5",
    ),
    ("The plant builds 52 airplanes a month.", "2019-03-14", "a month", "SET", "P1M"),
    # spelled-out years, centuries, halves, fractions
    (
        "The plant opened in nineteen ninety-six.",
        "1998-01-20",
        "nineteen ninety-six",
        "DATE",
        "1996",
    ),
    (
        "Prices will rise by the year two thousand.",
        "1998-01-20",
        "the year two thousand",
        "DATE",
        "2000",
    ),
    (
        "It was the bloodiest war of the 20th century.",
        "1998-01-20",
        "the 20th century",
        "DATE",
        "19",
    ),
    ("The talks lasted 2 1/2 years.", "1998-01-20", "2 1/2 years", "DURATION", "P2Y6M"),
    (
        "The vote took a minute and a half.",
        "1998-01-20",
        "a minute and a half",
        "DURATION",
        "PT1M30S",
    ),
    (
        "Sales rose in the first half of 1997.",
        "1998-01-20",
        "the first half of 1997",
        "DATE",
        "1997-H1",
    ),
    (
        "Net income for the year ended June 30 fell.",
        "1998-01-20",
        "the year",
        "DURATION",
        "P1Y",
    ),
    # a day relative to a named day; a modified month-day
    (
        "They met the day after Thanksgiving.",
        "1999-12-10",
        "the day after Thanksgiving",
        "DATE",
        "1999-11-26",
    ),
    (
        "He was shot last Oct. 23 at home.",
        "1999-04-19",
        "last Oct. 23",
        "DATE",
        "1998-10-23",
    ),
    # deadlines run to a coming date even after a past verb
    (
        "The agency extended the deadline until Tuesday.",
        "2000-04-03",
        "Tuesday",
        "DATE",
        "2000-04-04",
    ),
    # fiscal quarters
    (
        "Profit rose in the third quarter.",
        "1989-11-02",
        "the third quarter",
        "DATE",
        "1989-Q3",
    ),
    (
        "Profit fell in the fourth quarter.",
        "1998-01-26",
        "the fourth quarter",
        "DATE",
        "1997-Q4",
    ),
]


@pytest.mark.parametrize(
    ("text", "published", "expression", "type_", "value"), TIMEX_CASES
)
def test_it_tags_and_resolves(run, text, published, expression, type_, value):
    result = run(text, published)
    found = {t.text.strip(): (t.type, t.value) for t in result.timexes}
    matches = [
        k
        for k in found
        if expression.lower() in k.lower() or k.lower() in expression.lower()
    ]
    assert matches, f"{expression!r} not tagged in {found}"
    assert found[matches[0]] == (type_, value)


# (text, published, expected event dates in order)
EVENT_CASES = [
    # week -> month, season -> year, approximate span -> year
    ("The hearing is scheduled for next week.", "2022-01-04", ["2022-01"]),
    ("They testified last fall.", "2024-03-29", ["2023"]),
    ("Regulators grounded the jet nearly two years ago.", "2021-01-08", ["2019"]),
    ("The group grew earlier this year.", "2022-10-20", ["2022"]),
    ("The trial began in early October.", "2024-03-29", ["2023-10"]),
    # rule 8: an event dated through another one it names
    (
        "A year after the mine collapsed, the owners reopened it.",
        "2022-10-20",
        ["2022-10", "2021-10"],
    ),
    (
        "The plant halts output a day after a federal ban.",
        "2019-03-14",
        ["2019-03-14", "2019-03-13"],
    ),
    (
        "The permit had been due to expire on Jan. 7, two days after a fire broke out.",
        "2024-12-06",
        ["2024-01-07", "2024-01-05"],
    ),
    (
        "She entered prison today, nearly eight years after a newspaper first cast doubt.",
        "2023-05-30",
        ["2023-05-30", "2015"],
    ),
    (
        "The jury reached its verdict on Nov. 2. Three months after the verdict, he was sentenced.",
        "2024-03-29",
        ["2023-11-02", "2024-02", "2023-11-02"],
    ),
    # a past-tense report of a day a few weeks "ahead" is last year's day;
    # a past-tense deadline ("extended ... to") can still lie ahead
    ("The company filed for bankruptcy on Nov. 11.", "2022-10-20", ["2021-11-11"]),
    ("The board extended the offer to Nov. 20.", "2022-10-20", ["2022-11-20"]),
    ("The board declared a dividend payable Dec. 7.", "2022-10-20", ["2022-12-07"]),
    ("The committee asked him to testify on Nov. 10.", "2022-10-20", ["2022-11-10"]),
    # a weekday written with a yearless date picks the year it fits
    (
        "The paper said in an editorial on Saturday, April 25.",
        "1998-04-24",
        ["1998-04-25"],
    ),
    # relative to the previous event
    (
        "The jury convicted him on Thursday. The jurors began that afternoon.",
        "2023-11-03",
        ["2023-11-02", "2023-11-02"],
    ),
    (
        "Teams pulled out earlier this month. The union told reporters at the time it was angry.",
        "2022-10-20",
        ["2022-10", "2022-10"],
    ),
    # times of day never move a date; durations, ages and amounts are no events
    ("The verdict was read shortly before 8 p.m.", "2023-11-03", []),
    ("He faces up to 115 years in prison.", "2022-12-13", []),
    ("The 30-year-old paid $250,000 in bail.", "2022-12-13", []),
    ("The firm was based at 1701 Page Mill Road.", "2022-01-04", []),
    ("Call the newsroom at 425-555-0147.", "2019-03-14", []),
    # boilerplate
    ("Sign up for our newsletter today.", "2022-10-20", []),
    ("Updated 6:40 p.m., December 13, 2022", "2022-12-13", []),
    ("© 2018 Lab Ledger Media.", "2018-06-18", []),
    ("A version of this story appears in Wednesday's print edition.", "2022-01-04", []),
    ("", "2022-01-04", []),
]


@pytest.mark.parametrize(("text", "published", "dates"), EVENT_CASES)
def test_it_builds_events(run, text, published, dates):
    assert [e.date for e in run(text, published).events] == dates


@pytest.mark.parametrize(
    ("text", "links"),
    [
        # the derived event points at the one it is dated from, with the offset
        (
            "A year after the mine collapsed, the owners reopened it.",
            [None, (0, "-P1Y")],
        ),
        (
            "The jury reached its verdict on Nov. 2. Three months after the verdict, "
            "he was sentenced.",
            [None, (0, "+P3M"), (0, "P0D")],
        ),
    ],
)
def test_it_links_events_dated_from_other_events(run, text, links):
    events = run(text, "2024-03-29").events
    found = [
        None if e.anchor_index is None else (e.anchor_index, e.offset) for e in events
    ]
    assert found == links


def test_it_treats_lines_as_sentences(run):
    text = "Rust to restart a year after the shooting\n\nIn March, lawyers said he was not liable."
    events = run(text, "2022-10-20").events
    assert {e.sentence for e in events} == {
        "Rust to restart a year after the shooting",
        "In March, lawyers said he was not liable.",
    }


def test_events_carry_offsets_summary_actors_and_derivation(run):
    text = "Headline\n\nIn April, Baldwin lawyer Luke Nikas claimed the report cleared him."
    (event,) = run(text, "2022-10-20").events
    assert text[event.sentence_start : event.sentence_end] == event.sentence
    assert (
        text[event.expression_start : event.expression_end]
        == event.expression
        == "In April"
    )
    assert event.precision == "month" and event.qualifier == "exact"
    assert "Luke Nikas" in event.actors
    assert "April 2022" in event.derivation and "20 Oct 2022" in event.derivation
    assert "claimed" in event.summary


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        # a trailing clause of circumstance tells of another happening
        (
            "The bank began to fail last month, after a report raised doubts about it.",
            "The bank began to fail last month",
        ),
        (
            "The mayor resigned on Monday because the council had voted against him.",
            "The mayor resigned on Monday",
        ),
        # a clause that carries the date itself stays
        (
            "The strike ended after talks on Friday.",
            "The strike ended after talks on Friday.",
        ),
        # a relative clause set off by a comma is background on a noun
        (
            "The court sentenced the driver on Monday for the crash, which killed "
            "three children.",
            "The court sentenced the driver on Monday for the crash",
        ),
        (
            "The insurer settled in March with the two families, which had sued.",
            "The insurer settled in March with the two families",
        ),
        # a clause joined on with its own date is the next happening
        (
            "The bank failed on Friday, and regulators closed it on Saturday.",
            "The bank failed on Friday",
        ),
        # ... unless it hangs on the date: it is then what happened
        (
            "He stayed free until August, when a judge revoked his bail.",
            "He stayed free until August, when a judge revoked his bail.",
        ),
    ],
)
def test_it_summarises_the_clause_that_states_what_happened(run, text, summary):
    assert run(text, "2022-10-20").events[0].summary == summary


@pytest.mark.parametrize(
    ("text", "expression", "date"),
    [
        # rule 10: inside a quotation, "today" is the day it was said...
        (
            '"We filed the lawsuit today," the lawyer said on Monday.',
            "today",
            "2022-10-17",
        ),
        (
            "The lawyer said Monday: “We will appeal tomorrow.”",
            "tomorrow",
            "2022-10-18",
        ),
        (
            "“We met them on Tuesday,” the mayor said Friday.",
            "on Tuesday",
            "2022-10-11",
        ),
        # ... which is the publication day when the attribution gives no day
        ('"We are devastated today," she said.', "today", "2022-10-20"),
        # and words outside the quotation keep the publication date
        ("He said on Monday that the plant would close today.", "today", "2022-10-20"),
    ],
)
def test_a_quotation_is_read_from_the_day_it_was_said(run, text, expression, date):
    found = {e.expression: e for e in run(text, "2022-10-20").events}
    assert found[expression].date == date
    if date != "2022-10-20":
        assert "in a quotation said" in found[expression].derivation


def test_quotation_marks_pair_within_a_paragraph():
    text = 'He said "yes" and "no.\nA stray " mark.'
    spans = quoted_spans(text)
    assert [text[a:b] for a, b in spans] == ["yes"]
