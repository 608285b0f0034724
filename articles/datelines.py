"""A publication date written at the top of a plain-text article.

Copied web pages and wire stories carry their date in their first lines: a
stamp ("Posted: Thursday, October 20, 2022", "Published 20 Oct 2022 14:02") or
a wire dateline ("LOS ANGELES, March 3 (Reuters) —"). Only such lines count: a
date in the story's first sentence is an event, not the publication date.
"""

import datetime as dt
import re

from dateutil import parser as dateparser

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = (
    r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
)
DATE = (
    rf"(?:{WEEKDAY}?{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|{WEEKDAY}?\d{{1,2}}\s+{MONTH}(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2})"
)
STAMP = r"(?:posted|published|updated|last updated|first published|date|dated)"
TIME = r"(?:\s*(?:,|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
DATELINE = re.compile(
    rf"^(?:(?P<stamp>{STAMP})\b(?:\s+on)?\s*:?\s*)?"
    # A wire dateline's place: "LOS ANGELES," or "Berlin, Germany,".
    rf"(?:[A-Z][\w .'-]{{1,40}},\s*)?"
    rf"(?P<date>{DATE}){TIME}"
    # What may follow the date on its line: nothing, an agency, a dash.
    r"\s*(?P<rest>(?:\([A-Za-z .&-]{1,30}\))?\s*(?:[—–-]{1,2}|:)?)(?P<tail>.*)$",
    re.I,
)
FIRST_LINES = 6


def find_dateline(text: str, received: dt.date) -> tuple[dt.date, str] | None:
    """(date, warning) from a dateline or stamp in the first lines, or None.

    A dateline without a year (the wire's habit) takes the latest year the
    text names that does not put it after ``received``, else ``received``'s
    year; the warning says so. A stamp saying "Updated" counts only when no
    line says when the article was first posted.
    """
    found: list[tuple[bool, dt.date, str]] = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:FIRST_LINES]:
        match = DATELINE.match(line)
        if not match or not is_dateline(match):
            continue
        written = match.group("date")
        has_year = bool(re.search(r"\d{4}", written))
        year = received.year if has_year else guess_year(text, written, received)
        try:
            day = dateparser.parse(written, default=dt.datetime(year, 1, 1)).date()
        except (ValueError, OverflowError):
            continue
        warning = (
            ""
            if has_year
            else f"The dateline “{written.strip()}” gives no year; {day.year} was "
            "assumed. Check the publication date."
        )
        updated = (match.group("stamp") or "").lower() in ("updated", "last updated")
        found.append((updated, day, warning))
    if not found:
        return None
    _, day, warning = min(found, key=lambda item: item[0])
    return day, warning


def is_dateline_line(line: str) -> bool:
    match = DATELINE.match(line.strip())
    return bool(match) and is_dateline(match) and not match.group("tail").strip()


def is_dateline(match: re.Match) -> bool:
    """A stamp, a date alone on its line, or a date followed by an agency or dash;
    not a sentence that happens to start with a date."""
    if match.group("stamp"):
        return True
    if not match.group("tail").strip():
        return True
    return bool(match.group("rest").strip())


def guess_year(text: str, written: str, received: dt.date) -> int:
    years = sorted(
        {int(y) for y in re.findall(r"\b(19[89]\d|20\d\d)\b", text)}, reverse=True
    )
    for year in [*years, received.year, received.year - 1]:
        try:
            day = dateparser.parse(written, default=dt.datetime(year, 1, 1)).date()
        except (ValueError, OverflowError):
            continue
        if day <= received:
            return year
    return received.year
