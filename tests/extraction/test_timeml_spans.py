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
    # "later" is a signal outside the span ("earlier" stays in: "a year earlier")
    ("1998-02-13", "The fire began on Feb. 2. Three days later the mill shut.", ["Feb. 2", "Three days"]),
    # "or so" is part of the expression it hedges
    ("1998-02-13", "Rates may fall over the next two years or so.", ["the next two years or so"]),
    ("1998-02-13", "Rates may fall in the next year or so.", ["the next year or so"]),
    ("1998-02-13", "The talks began a week or so ago.", ["a week or so ago"]),
    # "to last" is the verb, not "the last N weeks"
    ("1998-02-13", "The tour is likely to last over a week.", ["over a week"]),
    ("1998-02-13", "The trial will last four weeks.", ["four weeks"]),
    ("1998-02-13", "Prices rose over the last three weeks.", ["the last three weeks"]),
    # "in the morning": the preposition stays out
    ("1998-02-13", "Traders sold heavily in the morning.", ["the morning"]),
    # "the night of <date>" is that date's night, "the night <clause>" is named
    # by the clause: only the date is an expression
    ("1998-11-21", "He was shot on the night of Oct. 23 at home.", ["Oct. 23"]),
    ("1998-11-21", "Tapes from the night the jet went down were released.", []),
    # a month starting a name ("the annual March for Life"); "in March for" is a date
    ("1999-01-22", "Crowds joined the annual March for Life downtown.", []),
    ("1999-01-22", "He moved in March for a new job.", ["March"]),
    # "today's youth", "in today's world": these days, not the publication day
    ("1998-04-24", "The case is for today's youth what the war was for their parents.", []),
    ("1998-04-24", "It runs in many of today's personal computers.", []),
    ("1998-04-24", "The offer ran in today's editions of the paper.", ["today"]),
    # a comparative before a weekday is a signal outside the span
    ("2000-01-28", "Earlier Friday, the court ruled.", ["Friday"]),
    ("2000-01-28", "Later Thursday, he left the island.", ["Thursday"]),
    # a capitalised "Today" right after a name is part of it
    ("2000-01-28", "He told USA Today that he would run.", []),
    ("2000-01-28", "This is VOA Today.", []),
    # "the next three quarters" is a length of time; "three quarters of" a fraction
    ("2000-01-28", "Sales will slow over the next three quarters.", ["the next three quarters"]),
    ("2000-01-28", "Three quarters of the staff left.", []),
    # "high noon" is an idiom, not a clock time
    ("1999-03-12", "For the region, high noon comes today.", ["today"]),
]

# (published, text, [(TIMEX3 text, type, value)]): the TimeML reading where it
# differs from the date an event takes
READINGS = [
    # "three days later": the duration; the event still takes Feb. 5
    ("1998-02-13", "Three days later the mill shut.", [("Three days", "DURATION", "P3D")]),
    ("1998-02-13", "A few days later the mill shut.", [("A few days", "DURATION", "PXD")]),
    # tens and units written apart or hyphenated are one number ("twenty-four" was 20)
    ("1998-01-08", "The strike lasted twenty-four hours.", [("twenty-four hours", "DURATION", "PT24H")]),
    ("1998-01-08", "Rain fell over the last twenty four hours.", [("the last twenty four hours", "DURATION", "PT24H")]),
    # a month-day days ahead is this year's even in the past perfect; copy
    # would write the year of a day nearly a year gone
    ("1989-11-02", "The offer had been set to expire Nov. 6.", [("Nov. 6", "DATE", "1989-11-06")]),
    ("1989-11-02", "He had visited the plant on Oct. 6.", [("Oct. 6", "DATE", "1989-10-06")]),
    # "the year-ago third quarter" is one expression: the quarter it names, a year back
    ("1989-10-30", "In the year-ago third quarter, it earned $2 million.", [("the year-ago third quarter", "DATE", "1988-Q3")]),
    ("1989-10-30", "The year-earlier second quarter was weak.", [("The year-earlier second quarter", "DATE", "1988-Q2")]),
    ("1989-10-30", "In the comparable year-ago quarter, it lost money.", [("the comparable year-ago quarter", "DATE", "1988-Q3")]),
    ("1989-11-01", "Sales for last year's quarter were $3 million.", [("last year's quarter", "DATE", "1988-Q3")]),
    # "mid afternoon", "midday", "the weeks ahead", "a later date"
    ("1998-03-06", "By mid afternoon, officials said the raid was over.", [("mid afternoon", "TIME", "1998-03-06TAF")]),
    ("1998-03-06", "He will appear in court at midday.", [("midday", "TIME", "1998-03-06T12:00")]),
    ("1989-11-02", "Trading halted mid-afternoon yesterday.", [("mid-afternoon yesterday", "TIME", "1989-11-01TAF")]),
    ("1998-03-06", "Funds will sell bonds in the weeks ahead.", [("the weeks ahead", "DURATION", "PXW")]),
    ("1998-03-06", "It will seek more money at a later date.", [("a later date", "DATE", "FUTURE_REF")]),
    # "PM"/"AM" in capitals without periods are clock times
    ("2024-06-14", "Doors open at 7:40 PM.", [("7:40 PM", "TIME", "2024-06-14T19:40")]),
    # "until"/"through" a day runs ahead only for a deadline; a past span stays past
    ("2023-06-09", "Sales rose through Thursday.", [("Thursday", "DATE", "2023-06-08")]),
    ("2023-06-09", "The board extended the offer through Thursday.", [("Thursday", "DATE", "2023-06-15")]),
    # a year spelled out after a month or a season (broadcast transcripts) belongs to it
    ("1998-02-27", "The strike began in March nineteen ninety-six.", [("March nineteen ninety-six", "DATE", "1996-03")]),
    ("1998-02-27", "Snow closed the pass in the spring of nineteen ninety-five.", [("the spring of nineteen ninety-five", "DATE", "1995-SP")]),
    # a verb that moves a date names a coming one only with the date it moves to
    ("1998-03-22", "The union was pushed out of the talks in February.", [("February", "DATE", "1998-02")]),
    ("1998-03-22", "The vote was pushed back to February.", [("February", "DATE", "1999-02")]),
    # an adjective complement keeps the tense of the verb it completes
    ("1989-10-26", "The strike made it hard for the mill to ship steel well into the summer.", [("the summer", "DATE", "1989-SU")]),
    # in past copy the month just ahead is the coming one, unless the past verb
    # itself happened in it or the words look back ("as recently as")
    ("1990-08-16", "The firm announced a price rise for September.", [("September", "DATE", "1990-09")]),
    ("1990-08-16", "The ministry hired him in September.", [("September", "DATE", "1989-09")]),
    ("1990-08-16", "Investors valued the firm at $3 billion as late as September.", [("September", "DATE", "1989-09")]),
    # "year-ago" is a year before the quarter reported: not twice back after a
    # year-ago quarter, not a year before a forecast quarter; before a noun that
    # is no period, the determiner stays out
    ("1989-11-01", "It earned $2 million in the year-ago quarter. The year-ago results were restated.", [("the year-ago quarter", "DATE", "1988-Q3"), ("year-ago", "DATE", "1988-Q3")]),
    ("1989-10-26", "Sales may fall in the third quarter of 1990. In the year-ago period, it earned $2 million.", [("the third quarter of 1990", "DATE", "1990-Q3"), ("the year-ago period", "DATE", "1988-Q3")]),
    # last year's fourth quarter reported in spring is not itself "a year ago"
    ("1990-05-10", "For the fourth quarter, it earned $5 million, against $3 million in the year-ago period.", [("the fourth quarter", "DATE", "1989-Q4"), ("the year-ago period", "DATE", "1988-Q4")]),
    # "effective <date>" announces the day a change takes effect; "became
    # effective <date>" reports it
    ("1989-10-26", "The bank also named a new treasurer, effective Feb. 1.", [("Feb. 1", "DATE", "1990-02-01")]),
    ("1989-10-26", "The new rule became effective Feb. 1.", [("Feb. 1", "DATE", "1989-02-01")]),
    # a word ending in a signal is no signal: "cost-effective"
    ("1989-10-26", "The process became cost-effective Feb. 1.", [("Feb. 1", "DATE", "1989-02-01")]),
    # a period with "a year ago" or "last year" after it is one expression,
    # and a year before it is not counted from it again
    # "April 24 and 25" closing a phrase names two days; "April 24 and 25 people" a count
    ("1999-02-10", "The summit will be held on April 24 and 25.", [("April 24", "DATE", "1999-04-24"), ("25", "DATE", "1999-04-25")]),
    ("1999-02-10", "The fair opened on April 24 and 25 people came.", [("April 24", "DATE", "1998-04-24")]),
    # "-long" lengths are durations without their determiner
    ("2000-04-03", "Lawyers left their third day-long meeting.", [("day-long", "DURATION", "P1D")]),
    ("2000-04-03", "The ruling ends a two-year-long fight.", [("two-year-long", "DURATION", "P2Y")]),
    ("2000-04-03", "It was a months-long search.", [("months-long", "DURATION", "PXM")]),
    # "post-1959", "pre-1990": the year, with the prefix in the extent
    ("2000-02-24", "The post-1959 politics split many families.", [("post-1959", "DATE", "1959")]),
    # "Easter week" is the week holding Easter, begun by its Monday
    ("2000-04-17", "Crowds prayed as Easter week began.", [("Easter week", "DATE", "2000-W16")]),
    # "the week of March 6" is that week
    ("2000-02-24", "The case may be settled at a hearing the week of March 6.", [("the week of March 6", "DATE", "2000-W10")]),
    ("1989-10-26", "It lost money in the third quarter. For the quarter a year ago, it earned $3 million.", [("the third quarter", "DATE", "1989-Q3"), ("the quarter a year ago", "DATE", "1988-Q3")]),
    ("1989-11-01", "Net was $2 million for the corresponding period last year.", [("the corresponding period last year", "DATE", "1988-Q3")]),
    # an hour said in words is a time of day after a preposition ("at 4 in the
    # morning", "by eleven at night"); "fell 4 in the morning session" is a count
    ("2003-05-14", "The ferry will sail at 4 in the morning on Friday.", [("4 in the morning on Friday", "TIME", "2003-05-16T04:00")]),
    ("2003-05-14", "The guests left by eleven at night.", [("eleven at night", "TIME", "2003-05-14T23:00")]),
    ("2003-05-14", "The guests stayed until twelve at night.", [("twelve at night", "TIME", "2003-05-14T24:00")]),
    ("2003-05-14", "The polls close at six in the evening.", [("six in the evening", "TIME", "2003-05-14T18:00")]),
    ("2003-05-14", "The bell rang at ten o'clock.", [("ten o'clock", "TIME", "2003-05-14T10:00")]),
    ("2003-05-14", "She called at about four in the afternoon.", [("four in the afternoon", "TIME", "2003-05-14T16:00")]),
    ("2003-05-14", "The index fell 4 in the morning session.", []),
    ("2003-05-14", "The index fell about 4 in the morning session.", []),
    # "that same day" after a month is a day of that month, its day unknown
    ("2003-05-14", "The mayor resigned last March. The council met that same day.", [("last March", "DATE", "2003-03"), ("that same day", "DATE", "2003-03-XX")]),
    ("1989-10-26", "It lost money in the third quarter. For the quarter a year ago, it earned $3 million. Assets were $9 million a year earlier.", [("the third quarter", "DATE", "1989-Q3"), ("the quarter a year ago", "DATE", "1988-Q3"), ("a year earlier", "DATE", "1988-Q3")]),
]
# fmt: on


@pytest.mark.parametrize(("published", "text", "spans"), SPANS)
def test_timeml_extents(run, published, text, spans):
    assert [t.text for t in run(text, published).timexes] == spans


@pytest.mark.parametrize(("published", "text", "readings"), READINGS)
def test_timeml_readings(run, published, text, readings):
    got = [(t.text, t.type, t.value) for t in run(text, published).timexes]
    assert got == readings
