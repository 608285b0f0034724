"""Conventions of real published news, one line per case.

(publication date, text, the event dates expected in order; [] = no event).
Every sentence is our own, written for the rule it exercises. ``BODY`` puts a
sentence below the top of a story (headline, subhead, lede), where an undated
"N after X" is no longer the news of the day.
"""

from __future__ import annotations

import pytest

BODY = (
    "Council weighs the cost of its new library plan\n\n"
    "The council argued at length about the budget and its cost.\n\n"
    "Members disagreed over how much the new library should cost.\n\n"
)

# One case a line: the tables read as tables.
# fmt: off
ELAPSED_TIME = [
    # a clause dated already: the elapsed time is commentary, never a second event
    ("2023-06-09", "The plant reopened on Friday, more than two years after the explosion.", ["2023-06-09"]),
    ("2023-06-09", "The mill shut on Tuesday, less than a week before the strike.", ["2023-06-06"]),
    ("2023-06-09", "The blast was on March 3, 2021. The plant reopened on Friday, over two years after the blast.", ["2021-03-03", "2023-06-09"]),
    # "for" makes it a length of time, not a relation
    ("2023-06-09", "The committee met for less than two hours before the vote.", []),
    ("2023-06-09", "The committee met for less than two hours before the vote on Tuesday.", ["2023-06-06"]),
    # the small model's misparse ("restarted" an acl of "refinery") still dates one clause
    ("2024-06-14", "The refinery restarted on Thursday, more than three years after the fire.", ["2024-06-13"]),
    # "N after X" is X + N from X's date in the text, and X keeps its written date
    ("2023-06-09", "The blast was on March 3, 2021. The plant reopened three months after the blast.", ["2021-03-03", "2021-06", "2021-03-03"]),
    ("2023-06-09", "The tower fell on Aug. 4, 2022. Nearly a year after the fall, the city rebuilt it.", ["2022-08-04", "2023", "2022-08-04"]),
    # X named by another word of the same action still keeps its written date
    ("2024-06-14", "The dam collapsed on May 3, 2022. Nearly a year after the failure, residents returned.", ["2022-05-03", "2023", "2022-05-03"]),
    ("2024-06-14", "The tank exploded on March 3, 2021. Two years after the blast, the plant reopened.", ["2021-03-03", "2023-03", "2021-03-03"]),
    ("2023-06-09", "The tower fell on Aug. 4, 2022. On Monday, two months after the fall, the city cleared it.", ["2022-08-04", "2023-06-05", "2022-08-04"]),
    # an exact count from a date of the same clause still dates X
    ("2024-12-06", "The permit had been due to expire on Jan. 7, two days after a fire broke out.", ["2024-01-07", "2024-01-05"]),
    # never counted back from the publication date below the top of a story
    ("2023-06-09", BODY + "Three weeks after the regulator declined to comment, the firm closed.", []),
    ("2023-06-09", BODY + "The firm closed a year after the founder left.", []),
    ("2023-06-09", BODY + "The charges come three months after she settled with regulators.", []),
    # X dated further down: X + N from X's written date, the headline's too
    ("2023-06-09", "Plant reopens a week after storm\n\nThe storm hit the coast on May 26.", ["2023-06", "2023-05-26", "2023-05-26"]),
    ("2023-06-09", BODY + "The firm closed a year after the merger. The merger was completed in March 2019.", ["2020-03", "2019-03", "2019-03"]),
    # "a year to the day after X" is a count, not "the day after"
    ("2023-06-09", BODY + "The mayor resigned on Monday, a year to the day after she took office.", ["2023-06-05", "2022-06"]),
    # ... and so does a date written for X further down
    ("2023-06-09", BODY + "The plant reopened on Friday, two years after the blast. The tank exploded on March 3, 2021.", ["2023-06-09", "2021-03-03", "2021-03-03"]),
    # a date inside X's own clause dates X, never the event after it
    ("2023-02-03", BODY + "The firm hired him a year after he left the agency in March 2019.", ["2020-03", "2019-03"]),
    ("2023-02-03", "On Monday, the firm hired him a year after he left the agency in 2019.", ["2023-01-30", "2019"]),
    # a count that may cross X's period gives the precision both ends agree on (rule 3)
    ("2023-02-03", BODY + "The firm hired him six months after he left the agency in 2019.", ["2019"]),
    ("2023-02-03", BODY + "He quit in March 2019. The firm hired him two weeks after he quit.", ["2019-03", "2019", "2019-03"]),
    # ... but not from a date of another clause ("said on Tuesday")
    ("2023-06-09", BODY + "The firm closed a year after the merger. The merger cost $5 million, the firm said on Tuesday.", ["2023-06-06"]),
    # a title-case headline names X too ("Federal Grounding")
    ("2023-06-09", "Boeing Halts Deliveries A Day After Federal Grounding\n\nThe FAA grounded the jets on Wednesday.", ["2023-06-08", "2023-06-07", "2023-06-07"]),
    # a headline's news dated by the lede: X counted back from the lede's date
    ("2023-07-03", "A month after the fire, the council votes to rebuild\n\nThe council voted on Friday to rebuild the hall.", ["2023-06", "2023-05", "2023-06-30"]),
    # only a headline or lede dated nowhere is the news of the day (rule 8 of the dev set)
    ("2019-03-14", "Maker halts deliveries a day after federal ban\n\nThe maker said so.", ["2019-03-14", "2019-03-13"]),
    ("2023-06-09", "More than two years after the blast, the plant reopens\n\nThe plant said so.", []),
    # never borrow the date of another clause ("said on Monday")
    ("2023-06-09", BODY + "On Monday, the firm said it had closed three weeks after the regulator declined to comment.", ["2023-06-05"]),
]

NAMES = [
    ("2023-06-09", "She told the Sunday Times that she would appeal.", []),
    ("2023-06-09", "He appeared on NBC's Today show to defend the plan.", []),
    ("2023-06-09", "The film Friday Night Lights was shot in Texas.", []),
    ("2023-06-09", "The documentary premiered at Sundance 2023 to strong reviews.", []),
    ("2023-06-09", "The pavilion was built for Expo 2020 in Dubai.", []),
    ("2024-06-14", "Visitors flocked to Expo 2020 in Dubai.", []),
    # a year naming the games dates nothing when the sentence dates the happening
    ("2024-06-14", "The 2024 Paris Olympics open on July 26.", ["2024-07-26"]),
    ("2024-06-14", "He won gold at the 2024 Paris Olympics.", ["2024"]),
    ("2023-06-09", 'Her interview aired on "Sunday Morning" in Denver.', []),
    # time words all capitalised inside lower-case prose are a title; a holiday is capitalised anyway
    ("2023-06-09", "He was interviewed on CBS's This Morning about the case.", []),
    ("2023-02-03", "The film The Day After Tomorrow was a hit.", []),
    ("2023-07-05", "Crowds gathered on Independence Day in Boston.", ["2023-07-04"]),
    ("2023-06-09", "This Morning, the council voted.", ["2023-06-09"]),
    # a date word that an organisation's name runs on past; "The Fourth of July" is the holiday
    ("2023-06-09", "She studied at the Autumn School of Design.", []),
    ("2023-06-09", "The Fourth of July parade was canceled.", ["2022-07-04"]),
    # a year the parse hangs on the name before it ("Euro 2024 qualifiers"); a
    # month the parse makes part of the capitalised noun after it ("March Madness")
    ("2023-06-09", "Ticket sales for the Euro 2024 qualifiers soared on Monday.", ["2023-06-05"]),
    ("2023-06-09", "Fans packed the arenas for March Madness.", []),
    ("2023-06-09", "The March Madness tournament drew record crowds.", []),
    ("2023-06-09", "In March Congress passed the bill.", ["2023-03"]),
    # a year before or after which something lies dates no event of its own
    ("2023-06-09", "The pre-2020 rules were dropped on Friday.", ["2023-06-09"]),
    # a cohort is named by its year
    ("2023-06-09", "The Class of 2024 graduated on Friday.", ["2023-06-09"]),
    # the same words as dates still count
    ("2023-06-09", "The mayor resigned today.", ["2023-06-09"]),
    ("2023-06-09", "The mayor resigned on Friday night.", ["2023-06-09"]),
    ("2023-06-09", "The mayor resigned in 2020.", ["2020"]),
]

BOILERPLATE = [
    ("2023-06-09", "March 3— The board voted to close the plant.", []),
    ("2023-06-09", "June 4 (Reuters) - The board voted to close the plant.", []),
    ("2023-06-09", "DENVER, June 4 (AP) — The board voted to close the plant on Monday.", ["2023-06-05"]),
    ("2023-06-09", "Posted at 7:40 PM, Feb 2, 2023", []),
    ("2024-06-14", "Posted 9:15 AM, June 14, 2024\nThe council voted on Thursday.", ["2024-06-13"]),
    ("2023-06-09", "Updated 4:02 p.m.", []),
    # a caption in the present tense dates the photo; a past-tense one reports a happening
    ("2023-06-09", "Protesters gather outside the court on Tuesday, May 9, 2023. (Photo by Jo Roe/Getty Images)", []),
    ("2023-06-09", "FILE - The plant is seen from the highway on Jan. 4, 2021.", []),
    ("2023-06-09", "The mayor speaks at City Hall on May 9, 2023.\nPhoto: Jo Roe/AP", []),
    ("2023-06-09", "The mayor was sworn in on May 9, 2023.\n(AP Photo/Jo Roe)", ["2023-05-09"]),
    # the wires' caption style without a credit: a present-tense line closing on a weekday and a full date
    ("2024-06-14", BODY + "Workers repair the levee near Fargo on Tuesday, June 11, 2024.\n\nThe vote is set for July.", ["2024-07"]),
    ("2024-06-14", BODY + "Workers repaired the levee near Fargo on Tuesday, June 11, 2024.\n\nThe vote is set for July.", ["2024-06-11", "2024-07"]),
    # the Reuters credit and "FILE PHOTO:" mark a caption too
    ("2023-02-03", BODY + "Police stand outside the bank in Denver, Colorado, U.S., February 1, 2023. REUTERS/Jo Roe", []),
    ("2023-02-03", BODY + "FILE PHOTO: The logo is seen at the headquarters in Denver, February 1, 2023. REUTERS/Jo Roe/File Photo", []),
    ("2023-02-07", BODY + "Councillors at the town hall on Monday. Illustration: Jo Roe", []),
    # a stamp after a date, and a link to another story
    ("2023-02-03", "Feb. 2, 2023 Updated 5:00 p.m. ET\nThe council voted on Thursday.", ["2023-02-02"]),
    ("2023-02-03", BODY + "Read more: How the bank collapsed in 2008", []),
    ("2023-06-09", BODY + "EDITOR'S NOTE: This story is part of a series that began in March.", []),
    # live-blog update stamps
    ("2023-06-09", "10:15 a.m. ET\nThe council voted on Thursday.", ["2023-06-08"]),
    ("2023-06-09", "Last updated: 10:15 a.m. ET, June 9, 2023\nThe council voted on Thursday.", ["2023-06-08"]),
    # notes about the story itself; a byline beginning a statement is no byline
    ("2023-02-07", "Editor's note: This story was updated on Feb. 6 to include a response.", []),
    ("2023-02-07", "This article was originally published on Feb. 3, 2023.", []),
    ("2023-02-07", "Last modified on Tue 7 Feb 2023 10.00 GMT", []),
    ("2023-02-07", "The storm hit on Monday. By the end of it, the power was back on.", ["2023-02-06"]),
    ("2023-02-07", "By Friday the council had voted.", ["2023-02-03"]),
    # a timeline line further down an article is an event, not a dateline
    ("2023-06-09", BODY + "Second reading\n\nMarch 3 — The board voted to close the plant.", ["2023-03-03"]),
]

EVENT_ANCHORED = [
    ("2023-06-09", "The board met on May 2. Two hours later, the board voted.", ["2023-05-02", "2023-05-02"]),
    ("2022-12-13", "It was published on Nov. 2. Nine days later, the firm failed.", ["2022-11-02", "2022-11-11"]),
    ("2023-06-09", "The board met on May 2. Hours later, the chairman resigned.", ["2023-05-02", "2023-05-02"]),
    ("2023-06-09", "The board met on May 2. An engineer who had resigned the day before spoke.", ["2023-05-02", "2023-05-01"]),
    ("2023-06-09", "The board met on May 2. The following week, the chairman resigned.", ["2023-05-02", "2023-05"]),
    # a fraction of a unit is approximate: the year
    ("2023-06-09", "The crash was on Jan. 5, 2022. A year and a half after the crash, the airline folded.", ["2022-01-05", "2023", "2022-01-05"]),
    # "by the end of the week/month" in a past narrative: the week of the date just before
    ("2023-06-09", BODY + "The board met on May 2. By the end of the week, the chairman had resigned.", ["2023-05-02", "2023-05"]),
    ("2023-06-09", BODY + "The board said it will decide by the end of the month.", ["2023-06"]),
    # "less than a week later" lies between the two days: the month both share
    ("2023-06-09", BODY + "The board met on May 2. Less than a week later, the chairman resigned.", ["2023-05-02", "2023-05"]),
    # "a month and a half later/ago": a fraction of a unit gives the year
    ("2023-06-09", BODY + "The board met on May 2. A month and a half later, the chairman resigned.", ["2023-05-02", "2023"]),
    ("2023-06-09", BODY + "The plant opened a year and a half ago.", ["2021"]),
    # "at the time of X" is the time X names, never the date just before
    ("2023-06-09", BODY + "The board met on May 2. At the time of the merger, he was chairman.", ["2023-05-02"]),
    ("2023-06-09", BODY + "The board met on May 2. He was chairman at the time.", ["2023-05-02", "2023-05-02"]),
    # undated anchor: no date
    ("2023-06-09", BODY + "Hours later, the chairman resigned.", []),
]

RANGES = [
    ("2023-06-09", "The hearings ran from March 4 to 9.", ["2023-03-04", "2023-03-09"]),
    ("2023-06-09", "The hearings ran between March 4 and 9 in Denver.", ["2023-03-04", "2023-03-09"]),
    ("2023-06-09", "The hearings ran March 4-9, 2022, in Denver.", ["2022-03-04", "2022-03-09"]),
    ("2023-06-09", "The fund lost 5 percent on March 4 and 9 percent later.", ["2023-03-04"]),
]

YEARS_AS_MODIFIERS = [
    # ... but not a second, coarser date of a happening the sentence dates to a day that year
    ("2023-06-09", BODY + "The 2023 budget was approved on Tuesday.", ["2023-06-06"]),
    ("2023-06-09", BODY + "The 2018 merger was announced on Tuesday.", ["2018", "2023-06-06"]),
    ("2023-06-09", "He said so in a 2019 interview.", ["2019"]),
    ("2023-06-09", "The 2018 merger created the largest bank in the state.", ["2018"]),
    ("2023-06-09", "Her 2016 testimony was read to the jury.", ["2016"]),
]

ORDINAL_DAYS = [
    # day N of a happening is dated only from the day the text says it began
    ("2023-06-09", "On the second day of the trial, the witness wept.", []),
    ("2023-06-09", "The trial began on May 1. On the second day of the trial, the witness wept.", ["2023-05-01", "2023-05-02"]),
    ("2023-06-09", "The trial began on May 1. On day three of the trial, the witness wept.", ["2023-05-01", "2023-05-03"]),
    ("2023-06-09", "The trial ended on May 1. On the second day of the trial, the witness wept.", ["2023-05-01"]),
]

RECURRENCES = [
    ("2023-06-09", "The council meets on the first Tuesday of each month.", []),
    ("2023-06-09", "The council meets every Tuesday.", []),
]

PUBLICATION_WEEKDAY = [
    # a Tuesday article's "Tuesday" is the publication day
    ("2023-06-06", "He was sentenced Tuesday afternoon.", ["2023-06-06"]),
    ("2023-06-06", "The jury will deliberate Tuesday.", ["2023-06-06"]),
    # a weekday a present "is" states is a schedule: the coming one
    ("2023-06-09", "Tuesday is the deadline for bids.", ["2023-06-13"]),
    ("2023-06-09", "The deadline for bids is on Tuesday.", ["2023-06-13"]),
    ("2023-06-09", "Tuesday was the deadline for bids.", ["2023-06-06"]),
]
# fmt: on

CASES = (
    ELAPSED_TIME
    + NAMES
    + BOILERPLATE
    + EVENT_ANCHORED
    + RANGES
    + YEARS_AS_MODIFIERS
    + ORDINAL_DAYS
    + RECURRENCES
    + PUBLICATION_WEEKDAY
)


@pytest.mark.parametrize(("published", "text", "dates"), CASES)
def test_real_news_conventions(run, published, text, dates):
    assert [e.date for e in run(text, published).events] == dates


# fmt: off
WORD_STARTS = [
    # a date word inside a longer word starts no date; a number may follow letters
    ("The outlast Monday meeting was cancelled.", [("2023-06-05", "Monday")]),
    ("The Colast March festival drew a crowd.", [("2023-03", "March")]),
    ("Plans for the xearly 2019 launch slipped.", [("2019", "2019")]),
    ("The company reported its FY2019 results.", [("2019", "2019")]),
]
# fmt: on


@pytest.mark.parametrize(("text", "found"), WORD_STARTS)
def test_a_date_starts_a_word(run, text, found):
    events = run(text, "2023-06-09").events
    assert [(e.date, e.expression) for e in events] == found
