"""Dates of an article the date engine cannot read: one not in English.

The engine's rules are English: on another language it would miss most dates
and could read "03.11.2022" month first. Here only dates written in digits are
taken, and only where their reading is certain: ISO dates everywhere, and
day.month.year where the language writes the day first (all the Western
European languages Caseline recognises do). Nothing relative is resolved.
"""

import datetime as dt
import re

from extraction import Event, Extraction, Timex
from extraction.datevalue import DateValue

# Languages that write numeric dates day first (see readers.FUNCTION_WORDS).
DAY_FIRST = {"fr", "es", "de", "it", "pt", "nl"}
ISO = re.compile(r"(?<![\d.])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
DAY_MONTH_YEAR = re.compile(r"(?<![\d.])(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d|\.\d)")
WORD = re.compile(r"[^\W\d_]+")
# A sentence ends after a word, not after a number ("am 3. November"), and
# at a line break (a headline, a date line).
SENTENCE_END = re.compile(
    r"(?<=[^\W\d_][.!?])\s+|(?<=\d{4}[.!?])\s+|(?<=-\d\d[.!?])\s+|(?<=[.!?][\"”»])\s+|\n+"
)


def extract_numeric_dates(text: str, language: str) -> Extraction:
    """Events dated by the numeric dates of ``text``, one per (sentence, date)."""
    events: list[Event] = []
    timexes: list[Timex] = []
    for start, end in sentences(text):
        if len(WORD.findall(text[start:end])) < 3:
            continue  # a stamp or dateline ("2022-12-01"), not an event
        seen: set[str] = set()
        for found_start, found_end, day, how in numeric_dates(
            text[start:end], language
        ):
            when = DateValue.of(day)
            value = when.iso()
            expr_start, expr_end = start + found_start, start + found_end
            timexes.append(
                Timex(expr_start, expr_end, text[expr_start:expr_end], "DATE", value)
            )
            if value in seen:
                continue
            seen.add(value)
            sentence = text[start:end]
            events.append(
                Event(
                    date=value,
                    precision=when.precision.word,
                    qualifier="exact",
                    expression=text[expr_start:expr_end],
                    expression_start=expr_start,
                    expression_end=expr_end,
                    sentence=sentence,
                    sentence_start=start,
                    sentence_end=end,
                    summary=sentence[:200],
                    derivation=how,
                    anchor="absolute",
                )
            )
    return Extraction(timexes=tuple(timexes), events=tuple(events))


def numeric_dates(sentence: str, language: str) -> list[tuple[int, int, dt.date, str]]:
    """(start, end, date, how it was read) of each certain numeric date."""
    found: list[tuple[int, int, dt.date, str]] = []
    for match in ISO.finditer(sentence):
        year, month, day = map(int, match.groups())
        add(found, match, (year, month, day), "an ISO date")
    if language in DAY_FIRST:
        for match in DAY_MONTH_YEAR.finditer(sentence):
            day, _, month, year = match.groups()
            how = "a numeric date, read day first as this language writes it"
            add(found, match, (int(year), int(month), int(day)), how)
    return sorted(found)


def add(found: list, match: re.Match, ymd: tuple[int, int, int], how: str) -> None:
    if not 1900 <= ymd[0] <= 2100:
        return
    try:
        found.append((match.start(), match.end(), dt.date(*ymd), how))
    except ValueError:
        pass  # 31.02.2022 is not a date


def sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in SENTENCE_END.finditer(text):
        if text[start : gap.start()].strip():
            spans.append((start, gap.start()))
        start = gap.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans
