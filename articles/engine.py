"""The one place Caseline's Django side reaches the date engine."""

import datetime as dt

from django.conf import settings

import extraction


def model_name() -> str:
    return settings.SPACY_MODEL or extraction.DEFAULT_MODEL


def warm_up() -> None:
    """Load the spaCy pipeline now (once per process) rather than in the first task."""
    extraction.load_nlp(model_name())


def extract(text: str, published: dt.date) -> "extraction.Extraction":
    return extraction.extract(text, published, model=model_name())
