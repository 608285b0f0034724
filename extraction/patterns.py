"""Regular expressions that find candidate temporal expressions in raw text.

Each pattern has a *kind* and named groups; :mod:`extraction.dates` turns a
match into a TimeML value. Matching is pure regex over the text (cheap); the
spaCy component then checks each candidate against the parse (a bare "May" that
is a modal verb, a "1701" that is a street number) and picks tense.

Spans follow TimeML: no leading preposition ("in", "on", "since" stay out), but
determiners and modifiers that are part of the expression stay in ("the next
day", "last week", "early October").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates.words import spelled_year
from .first_chars import with_first_char_check
from .lexicon import (
    MONTHS,
    MULTI_DAY_EVENTS,
    NUMBER_WORDS,
    ORDINALS,
    SEASONS,
    UNITS,
    WEEKDAYS,
)


def _alt(words) -> str:
    # Longest first so that "September" wins over "Sep".
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _cases(words) -> list[str]:
    out = []
    for w in words:
        out += [w.capitalize(), w.upper()]
    return out


_FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_ABBR_MONTHS = [m for m in MONTHS if m not in _FULL_MONTHS]
# Abbreviations need their period ("Oct."); full names need a word boundary.
MONTH = (
    r"(?:(?:"
    + _alt(_cases(_FULL_MONTHS))
    + r")\b|(?:"
    + _alt(_cases(_ABBR_MONTHS))
    + r")\.|(?:Sept|SEPT)\b)"
)
WEEKDAY = r"(?:" + _alt(_cases([w for w in WEEKDAYS if len(w) > 4])) + r")\b"
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9][0-9]{2}|20[0-9]{2})"
SHORT_YEAR = r"(?:'|’)[0-9]{2}"
SEASON = r"(?:" + _alt(list(SEASONS)) + r")"
_units = [u for u in UNITS if u != "weekend"] + ["weekend"]
UNIT = r"(?:" + _alt(_units) + r")(?:s|es)?"
_num_words = [w for w in NUMBER_WORDS if w not in ("a", "an")]
NUMWORD = r"(?:" + _alt(_num_words) + r")"
COMPOUND = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]"
    r"(?:one|two|three|four|five|six|seven|eight|nine))"
)
NUM = (
    r"(?:[0-9]+(?:\.[0-9]+)?|"
    + COMPOUND
    + "|"
    + NUMWORD
    + r"|a|an|several|a few|few|many|some|dozens of|hundreds of|a number of)"
)
# "2 1/2", "two and a half": the half is kept in the number group
NUM = NUM[:-1] + r")(?:\s+1/2|\s+and\s+a\s+half)?"
NUM_RANGE = NUM + r"(?:\s*(?:-|to|or|and)\s*" + NUM + r")?"
APPROX = (
    r"(?:nearly|almost|about|around|roughly|approximately|some|more than|over|"
    r"less than|under|just over|just under|close to|at least|up to|well over|"
    r"only|just|barely|fewer than|at most|no more than)"
)
PART = r"(?:morning|afternoon|evening|night)"
MOD = r"(?i:early|late|mid|mid-|earlier|later)"
TZ = r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|MST|MDT|GMT|UTC|ET|PT|BST|CET))"
# "4 in the morning", "eleven at night", "six o'clock": the hour said in words
_HOUR = r"(?:1[0-2]|0?[1-9]|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
SPOKEN_CLOCK = (
    _HOUR
    + r"(?:\s+o['’]clock)?\s+(?i:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b|"
    + _HOUR
    + r"\s+o['’]clock\b"
)
CLOCK = (
    r"(?:[0-9]{1,2}(?::[0-9]{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b|A\.M\.|P\.M\.)|"
    r"[0-9]{1,2}:[0-9]{2}\b(?!\s*(?:a\.m|p\.m))|noon\b|midday\b|midnight\b|"
    + SPOKEN_CLOCK
    + r")"
)
REL = (
    r"(?:this|last|next|the past|the coming|the previous|the following|the current|"
    r"the same|that|that same|the prior|the latest|the next|the last|this past|"
    r"this coming|past|coming|previous|following|current|same|the)"
)
# "a week or so ago", "the next two years or so": TimeML keeps the hedge in
OR_SO = r"(?P<orso>\s+or\s+so\b)?"
# "nineteen ninety-six", "two thousand and one" (broadcast transcripts)
SPELLED_YEAR = (
    r"(?:(?:nineteen|twenty)[\s-](?:hundred|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)|"
    r"two thousand(?: and (?:one|two|three|four|five|six|seven|eight|nine|ten)"
    r"| (?:one|two|three|four|five|six|seven|eight|nine|ten))?)"
)
CAL_UNIT = r"(?:week|month|year|quarter|weekend|decade|century|day|season)"


@dataclass(frozen=True)
class Candidate:
    """One regex hit: where, which pattern, and the named groups it captured."""

    start: int
    end: int
    kind: str
    text: str
    groups: dict[str, str | None] = field(default_factory=dict)


_SPECS: list[tuple[str, str]] = [
    (
        "iso_date",
        r"\b(?P<y>[12][0-9]{3})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3][0-9])\b(?!-)",
    ),
    ("iso_month", r"\b(?P<y>[12][0-9]{3})-(?P<m>0[1-9]|1[0-2])\b(?![-0-9])"),
    (
        "slash_date",
        r"(?<![0-9/.])(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4}|[0-9]{2})\b(?!/)",
    ),
    (
        "month_day_year",
        r"(?:(?P<wd>"
        + WEEKDAY
        + r"),?\s+)?(?:(?P<rel>(?i:last|this past|this coming|next))\s+)?(?:(?P<mod>"
        + MOD
        + r")[\s-]+)?(?P<mon>"
        + MONTH
        + r")\s*(?P<d>"
        + DAY
        + r")\b(?![0-9:,.]?[0-9])(?:(?:,\s*|\s+)(?P<y>"
        + YEAR
        + r")\b(?!,?[0-9]))?"
        + r"(?:,?\s+(?:of\s+)?(?P<rely>(?i:last|this|next))\s+year\b)?",
    ),
    (
        "day_month_year",
        r"(?:(?P<wd>"
        + WEEKDAY
        + r"),?\s+)?(?:the\s+)?(?<![0-9.,$])(?P<d>"
        + DAY
        + r")\s+(?:of\s+)?(?P<mon>"
        + MONTH
        + r")(?:,?\s+(?P<y>"
        + YEAR
        + r")\b(?!,?[0-9]))?",
    ),
    (
        "month_year",
        r"(?:(?P<mod>"
        + MOD
        + r"|(?i:the end of|the beginning of|the middle of|the start of|"
        r"the first half of|the second half of|the last half of|end-))[\s-]*)?"
        r"(?:(?P<rel>(?i:last|this|next|that|this past|this coming|the same))\s+)?(?P<mon>"
        + MONTH
        + r")(?:(?:,\s*|\s+of\s+|\s+)(?P<y>"
        + YEAR
        + r")\b(?!,?[0-9])|(?:,?\s+(?:of\s+)?(?P<rely>(?i:last|this|next))\s+year\b)"
        + r"|\s+(?:of\s+)?(?P<sy>"
        + SPELLED_YEAR
        + r")\b)?",
    ),
    (
        "year",
        r"(?:(?P<mod>(?i:early|late|mid|the end of|the beginning of|the middle of|the start of|"
        r"the first half of|the second half of|the last half of|end-|the spring of|"
        r"the summer of|the fall of|the autumn of|the winter of|calendar|fiscal|the|pre(?=-)|post(?=-)))"
        r"(?:\s+|-)(?:fiscal\s+)?|(?<![$#0-9.,:/-]))(?P<y>"
        + YEAR
        + r")\b(?![.,:/][0-9]|%| ?percent|-[0-9])",
    ),
    (
        "decade",
        r"(?:(?P<the>(?i:the))\s+)?(?:(?P<mod>(?i:early|late|mid))[\s-]+)?(?P<dec>1[0-9]{2}0|20[0-9]0|"
        r"(?:'|’)[0-9]0)'?s\b",
    ),
    (
        "spelled_year",
        r"\b(?P<w>(?:the year )?" + SPELLED_YEAR + r")\b",
    ),
    (
        "century",
        r"\b(?P<w>(?:the )?(?P<n>[1-9][0-9]?)(?:st|nd|rd|th)[\s-]century)\b",
    ),
    (
        "decade_word",
        r"\b(?P<w>the (?:early |late |mid-?)?(?:twenties|thirties|forties|fifties|sixties|"
        r"seventies|eighties|nineties))\b",
    ),
    (
        "season",
        r"(?:(?P<rel>this|last|next|the|this past|this coming|early|late|that|mid|the early|"
        r"the late)\s+)?(?P<s>"
        + SEASON
        + r")\b(?:(?:\s+of|,)?\s+(?P<y>"
        + YEAR
        + r")\b|\s+of\s+(?P<sy>"
        + SPELLED_YEAR
        + r")\b)?",
    ),
    (
        "weekday",
        r"(?:(?P<rel>last|next|this|this coming|this past|early|late|earlier|later|"
        r"the previous|the following|that)\s+)?(?P<wd>" + WEEKDAY + r")(?P<poss>'s|’s)?"
        r"(?:\s+(?P<part>" + PART + r"))?",
    ),
    (
        "today_yesterday_tomorrow",
        r"(?:(?P<mod>early|late|earlier|later|mid-?)\s*)?\b(?P<w>today|tonight|yesterday|tomorrow)\b"
        r"(?:'s|’s)?(?:\s+(?P<part>" + PART + r"))?",
    ),
    (
        "part_of_day",
        r"\b(?:(?P<mod>early|late|earlier|later)\s+)?(?:(?P<rel>this|that|last|the|tomorrow|the next|"
        r"the following|the previous|in the)\s+)(?P<part>morning|afternoon|evening|night)\b",
    ),
    # "by mid afternoon", "mid-morning": that part of the day in question
    ("part_of_day", r"\b(?P<mod>mid)(?:-|\s)?(?P<part>morning|afternoon)\b"),
    (
        "today_yesterday_tomorrow",
        r"\bmid(?:-|\s)?(?P<part>morning|afternoon)\s+(?P<w>today|yesterday|tomorrow)\b",
    ),
    (
        "early_or_late_in_the_unit",
        r"\b(?P<mod>late|early|later|earlier)\s+in\s+the\s+(?P<part>morning|afternoon|evening|day|week|month|year)\b",
    ),
    (
        "relative_unit",
        r"\b(?:(?P<mod>earlier|later|early|late|mid|the end of|the beginning of|the start of|"
        r"the middle of|the rest of|the remainder of|the first half of|the second half of)[\s-]+)?"
        r"(?P<rel>this|last|next|the past|the coming|the previous|the following|the current|"
        r"the same|that same|that|the prior|the latest|the next|the last|this past|this coming)\s+"
        r"(?P<u>week|month|year|quarter|weekend|decade|century|day|season|fiscal year)\b"
        + OR_SO,
    ),
    ("the_weekend", r"\b(?P<w>the weekend)\b"),
    (
        "the_year",
        r"\b(?P<w>the (?:full |fiscal |calendar )?year)\b(?![-'’]| ago| earlier| before| after"
        r"| later| [0-9])(?P<ended> end(?:ed|ing))?",
    ),
    (
        "the_unit_before_or_after",
        r"\b(?P<w>the day before yesterday|the day after tomorrow|the day before|the day after|"
        r"the night before|the week before|the week after|the month before|the year before|"
        r"the year after|the month after)\b(?!\s+(?:the|a|an|his|her|its|their)\b)",
    ),
    (
        "units_ago_or_after",
        r"\b(?:(?P<approx>"
        + APPROX
        + r")\s+)?(?P<n>"
        + NUM_RANGE
        + r")(?:\s+|-)(?P<more>more\s+)?"
        r"(?P<u>"
        + UNIT
        + r")(?P<half>\s+and\s+a\s+half(?=\s+(?:after|before|later|earlier|ago)\b))?"
        + OR_SO
        # "a year to the day after": an exact count, not "the day after"
        + r"(?:\s+to\s+the\s+day(?=\s+(?:after|before)\b))?"
        + r"\s+(?P<dir>ago|earlier|later|before|after|from now|hence|"
        r"previously|since)\b",
    ),
    (
        "ordinal_day_of_event",
        r"\b(?:the\s+)?(?:(?P<ord>"
        + _alt(ORDINALS)
        + r")\s+day|day\s+(?P<n>"
        + NUMWORD
        + r"|[0-9]{1,2}))\s+of\s+(?:the|his|her|their|its)\s+"
        r"(?:[A-Za-z-]+\s+)?(?P<x>" + _alt(MULTI_DAY_EVENTS) + r")\b",
    ),
    ("hours_later", r"\b(?P<u>hours|minutes|moments)\s+(?P<dir>later|earlier)\b"),
    (
        "one_unit_ago_or_after",
        r"\b(?P<pre>the\s+)?(?P<u>day|week|month|year|quarter|decade)\s+(?P<dir>earlier|before|later|ago)\b"
        r"(?!\s+(?:the|a|an|his|her|its|their|that|this)\b)",
    ),
    (
        "reporting_period",
        r"\b(?:(?P<det>the|its|this year's|last year's|next year's|a|their|this|that)\s+)?"
        r"(?:(?P<y1>" + YEAR + r")\s+)?(?:(?P<fis>fiscal)[\s-]+)?"
        r"(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|latest|current|year-ago|year-earlier|"
        r"past|previous|last|next|same|comparable|corresponding|final|recent|coming|prior|this)[\s-]+)?"
        r"(?:(?P<fis2>fiscal)[\s-]+)?"
        r"(?P<u>quarter|half|period)s?\b(?!-(?:century|point))(?:\s+of\s+(?P<y>"
        + YEAR
        # "the quarter a year ago", "the same period last year": one expression
        + r"))?(?:\s+(?P<ago>a\s+year\s+(?:ago|earlier)|last\s+year)\b)?",
    ),
    (
        "year_ago_or_period_end",
        r"\b(?P<det>the\s+)?(?:(?:comparable|corresponding|same)\s+)?"
        r"(?P<w>year-ago|year-earlier|year-before|year-end|year end|yearend|"
        r"year's end|end of the year|end of the month|end of the week)"
        r"(?:\s+(?:(?P<q>first|second|third|fourth)\s+(?=quarter))?(?P<u>period|quarter|"
        r"nine months|six months|month))?\b",
    ),
    (
        "duration",
        r"\b(?:(?P<pre>the past|the last|the next|the first|the previous|the coming|the following|"
        r"the final|the initial|the remaining|the|past|"
        # "likely to last over a week": the verb, not "the last N weeks"
        + "".join(
            rf"(?<!{w} )"
            for w in "to will would could may might can should must".split()
        )
        + r"last|next|first|another|an additional|"
        r"over the past|over the last|over the next|in the past|in the last|in the next)\s+)?"
        r"(?:(?P<approx>"
        + APPROX
        + r")\s+)?(?P<n>"
        + NUM_RANGE
        + r")(?P<adj>-|\s+)(?P<more>more\s+|"
        r"full\s+|straight\s+|consecutive\s+|additional\s+|long\s+|trading\s+|"
        r"business\s+|working\s+|calendar\s+|)(?P<u>"
        + UNIT
        + r")\b(?P<half>\s+and\s+a\s+half)?"
        + OR_SO
        + r"(?P<old>-old|-olds| old\b)?",
    ),
    # "a day-long meeting", "a decades-long feud": the length alone, no determiner
    (
        "unit_long",
        r"\b(?:(?P<n>[0-9]+|" + NUMWORD + r")-)?(?P<u>" + UNIT + r")-long\b",
    ),
    (
        "vague_duration",
        r"\b(?P<w>(?:recent|coming|past|next|last|few|several|many)\s+(?:years|months|weeks|days|decades|hours)|"
        r"the (?:years|months|weeks|days) ahead|"
        r"the years|years|months|decades|weeks|centuries)\b",
    ),
    (
        "week_of_date",
        r"(?i:the\s+week\s+of)\s+(?P<mon>"
        + MONTH
        + r")\s*(?P<d>"
        + DAY
        + r")\b(?![0-9:,.]?[0-9])(?:,\s*(?P<y>"
        + YEAR
        + r")\b(?!,?[0-9]))?",
    ),
    (
        "clock_time",
        r"\b(?:(?P<mod>(?i:about|around|shortly before|shortly after|just before|just after|early|late))\s+)?"
        r"(?P<clock>" + CLOCK + r")(?P<tz>" + TZ + r")?"
        r"(?:,?\s+(?:on\s+)?(?P<wd>"
        + WEEKDAY
        + r"|today|yesterday|tomorrow|tonight)(?:,?\s+(?P<mon>"
        + MONTH
        + r")\s*(?P<d>"
        + DAY
        + r"))?|,?\s+(?P<mon2>"
        + MONTH
        + r")\s*(?P<d2>"
        + DAY
        + r")\b(?:,?\s+(?P<y>"
        + YEAR
        + r")\b)?)?",
    ),
    (
        "recurrence",
        r"\b(?P<w>(?:every|each|per)\s+(?:other\s+)?(?:(?P<wd>"
        + WEEKDAY
        + r")|(?P<mon>"
        + MONTH
        + r")|(?P<u>day|week|month|year|quarter|morning|evening|night|hour|minute|decade|weekend|summer|"
        r"winter|spring|fall)\b)|daily|weekly|monthly|yearly|hourly|nightly|"
        r"biweekly|a (?:year|month|week|day|quarter)(?= [a-z]| ?[.,;])|once a (?:year|month|week|day))",
    ),
    (
        "vague_reference",
        r"\b(?P<w>right now|now|currently|nowadays|these days|at present|presently|recently|"
        r"the past|the future|the near future|the near term|the short term|the long term|"
        r"lately|at the time|a later date|current)\b",
    ),
    (
        "holiday",
        r"\b(?:(?P<rel>(?i:last|this|next))\s+)?(?P<h>Christmas Eve|Christmas Day|Christmas|New Year's Eve|"
        r"New Year's Day|New Year's|Thanksgiving Day|Thanksgiving|Independence Day|Election Day|"
        r"Labor Day|Memorial Day|Valentine's Day|Halloween|Easter|July Fourth|[Tt]he Fourth of July)\b"
        r"(?P<wk>\s+week\b)?",
    ),
]

# Month and weekday names are matched case-sensitively (so "may" the verb and
# "march" the noun are not months); their modifiers use (?i:...) so that a
# sentence-initial "Last November" still matches. Other patterns ignore case.
_CASE_SENSITIVE = {
    "month_day_year",
    "week_of_date",
    "day_month_year",
    "month_year",
    "holiday",
    "clock_time",
    "slash_date",
    "iso_date",
    "iso_month",
    "decade",
    "year",
}
# A match that starts with a letter starts a word: "last Monday" is not read
# inside "the outlast Monday meeting" (the pattern then finds "Monday"), nor
# "early 2019" in "xearly 2019"; one that starts with a digit may follow a
# letter ("FY2020").
WORD_START = r"(?:(?![^\W\d_])|(?<![^\W\d_]))"
# Each with the check of the characters its matches can start with: the same
# matches, found about twice as fast (see first_chars).
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        k,
        with_first_char_check(
            re.compile(f"{WORD_START}(?:{p})", 0 if k in _CASE_SENSITIVE else re.I)
        ),
    )
    for k, p in _SPECS
]

PRIORITY = {k: i for i, (k, _p) in enumerate(_SPECS)}


def find_candidates(text: str) -> list[Candidate]:
    """All non-overlapping candidates, preferring the longest, then the earliest."""
    found: list[Candidate] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            if m.end() <= m.start():
                continue
            groups = m.groupdict()
            if groups.get("orso") and not groups.get("approx"):
                groups["approx"] = "about"  # "a week or so": an approximate count
            if groups.get("sy"):  # "January nineteen ninety-seven"
                groups["y"] = str(spelled_year(groups["sy"]))
            found.append(Candidate(m.start(), m.end(), kind, m.group(0), groups))
    found.sort(key=lambda c: (-(c.end - c.start), c.start, PRIORITY[c.kind]))
    taken: list[Candidate] = []
    occupied = bytearray(len(text) + 1)
    for c in found:
        if any(occupied[c.start : c.end]):
            continue
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return _range_ends(text, _merge_day_before(text, taken))


_RANGE_END = re.compile(
    r"\s*(?P<to>-|–|to|through|until|and)\s*(?P<d>" + DAY + r")\b"
    r"(?![0-9:/]|\.[0-9]|,?\s*[0-9]{1,2}\b|\s*(?:%|percent|per|points?|[mb]illion|[ap]\.?m\b))"
    r"(?:,?\s+(?P<y>" + YEAR + r")\b)?"
)


# "on April 24 and 25." / "April 24 and 25 in Washington": the second day ends
# the phrase ("April 24 and 25 people" is a count)
_AND_DAY_END = re.compile(r"\s*(?:[.,;:)]|$)|\s+(?:in|at|when|with|respectively)\b")


def _and_day(text: str, start: int, end: int) -> bool:
    """Whether "<month> <day> and <day>" names two days: after "between", or
    with the second day ending the phrase."""
    if text[max(0, start - 8) : start].lower().endswith("between "):
        return True
    return _AND_DAY_END.match(text, end) is not None


def _range_ends(text: str, cands: list[Candidate]) -> list[Candidate]:
    """ "from March 4 to 9", "between March 4 and 9": the second day of the
    range is a date of its own, in the first one's month (and the year written
    after either end)."""
    out: list[Candidate] = []
    skip_until = -1
    for i, c in enumerate(cands):
        if c.start < skip_until:
            continue  # the year written after the range, taken into both ends
        m = _RANGE_END.match(text, c.end) if c.kind == "month_day_year" else None
        if m is not None and m.group("to") == "and":
            m = m if _and_day(text, c.start, m.end()) else None
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if m is None or (nxt is not None and nxt.start < m.end("d")):
            out.append(c)
            continue
        year = c.groups.get("y") or m.group("y")
        first = dict(c.groups, y=year)
        second = {"mon": c.groups.get("mon"), "d": m.group("d"), "y": year}
        out.append(Candidate(c.start, c.end, c.kind, c.text, first))
        out.append(
            Candidate(
                m.start("d"),
                m.end(),
                "month_day_year",
                text[m.start("d") : m.end()],
                second,
            )
        )
        skip_until = m.end()
    return out


def _merge_day_before(text: str, cands: list[Candidate]) -> list[Candidate]:
    """ "the day before" + a date right after it is one expression:
    "the day before Thanksgiving", "the day after last Tuesday's hearing"."""
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        n = cands[i + 1] if i + 1 < len(cands) else None
        if (
            n is not None
            and c.kind == "the_unit_before_or_after"
            and (c.groups.get("w") or "").lower() in ("the day before", "the day after")
            and n.kind
            in (
                "weekday",
                "month_day_year",
                "day_month_year",
                "today_yesterday_tomorrow",
                "holiday",
            )
            and text[c.end : n.start].isspace()
            and n.start - c.end <= 2
        ):
            groups = dict(n.groups)
            groups.update({"_inner": n.kind, "_w": c.groups["w"], "_text": n.text})
            out.append(
                Candidate(
                    c.start,
                    n.end,
                    "the_day_before_or_after_date",
                    text[c.start : n.end],
                    groups,
                )
            )
            i += 2
            continue
        out.append(c)
        i += 1
    return out
