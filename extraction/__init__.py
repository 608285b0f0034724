"""Caseline's date engine: temporal expressions and dated events from news text.

Django-free on purpose (a test enforces it). Public API::

    from extraction import extract, extract_many
    result = extract(text, published=date(2022, 10, 20))
    result.events, result.timexes, result.to_dict()
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime

from .pipeline import DEFAULT_MODEL, load_nlp, run_many, warm
from .types import Event, Extraction, Timex

__all__ = [
    "DEFAULT_MODEL",
    "Event",
    "Extraction",
    "Timex",
    "extract",
    "extract_many",
    "load_nlp",
    "warm",
]


def extract(
    text: str, published: date | datetime | str, *, model: str = DEFAULT_MODEL
) -> Extraction:
    """Timexes and dated events of one article published on ``published``."""
    empty = Extraction()
    for result in run_many([(text, published)], nlp=load_nlp(model)):
        return result
    return empty


def extract_many(
    items: Iterable[tuple[str, date | datetime | str]],
    *,
    model: str = DEFAULT_MODEL,
    batch_size: int = 16,
) -> Iterator[Extraction]:
    """Like :func:`extract` over many (text, published) pairs, batched with nlp.pipe."""
    return run_many(items, nlp=load_nlp(model), batch_size=batch_size)
