"""The one place Caseline's Django side reaches the date engine."""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings

import extraction

from .foreign import extract_numeric_dates


def model_name() -> str:
    return settings.SPACY_MODEL or extraction.DEFAULT_MODEL


def warm_up() -> None:
    """Load the spaCy pipeline and run it once now (once per process) rather
    than in the first task."""
    if model_name() in _warmed:
        return
    extraction.warm(extraction.load_nlp(model_name()))
    _warmed.add(model_name())


_warmed: set[str] = set()


def extract(text: str, published: dt.date) -> "extraction.Extraction":
    return extraction.extract(text, published, model=model_name())


def extract_many(
    items: list[tuple[str, dt.date]],
) -> "Iterator[extraction.Extraction]":
    """The engine on several (text, publication date) pairs, parsed together."""
    return extraction.extract_many(items, model=model_name())


def extract_in(text: str, published: dt.date, language: str) -> "extraction.Extraction":
    """The engine on English (or undetermined) text; on another language only
    the numeric dates whose reading is certain (articles.foreign), so that an
    article is never mis-dated by English rules."""
    if language in ("", "en"):
        return extract(text, published)
    return extract_numeric_dates(text, language)
