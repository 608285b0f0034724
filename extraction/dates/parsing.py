"""dateparser, only on short spans the patterns already found."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

import dateparser

_DP_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "RELATIVE_BASE": datetime(2000, 1, 1),  # a leap year, so "Feb. 29" parses
    "DATE_ORDER": "MDY",
    "PARSERS": ["absolute-time"],
}


@lru_cache(maxsize=4096)
def parse_absolute(text: str, date_order: str = "MDY") -> date | None:
    """Parse an absolute date span with dateparser (cached); None if invalid."""
    if not text or len(text) > 60:
        return None
    settings = dict(_DP_SETTINGS, DATE_ORDER=date_order)
    try:
        dt = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on junk
        return None
    return dt.date() if dt else None


def clean_for_parser(text: str) -> str:
    t = re.sub(r"(?i)\b(early|late|mid|earlier|later)[\s-]+", "", text)
    t = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", t)
    t = re.sub(r"\bSept\b\.?", "Sep", t, flags=re.IGNORECASE)
    return t.strip()
