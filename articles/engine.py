"""The one place Caseline's Django side reaches the date engine."""

import datetime as dt

from django.conf import settings

import extraction


def warm_up() -> None:
    """Load the spaCy pipeline now (once per process) rather than in the first task."""
    extraction.load_nlp(model_name())


def model_name() -> str:
    return settings.SPACY_MODEL or extraction.DEFAULT_MODEL


def extract(text: str, published: dt.date) -> "extraction.Extraction":
    return extraction.extract(text, published, nlp=extraction.load_nlp(model_name()))
