"""What both components share: the Doc extensions, the tagged-timex record and token helpers."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..dates import (
    Resolution,
)
from ..doc_cache import doc_text as _text  # noqa: F401 - the components' name for it
from ..types import Timex

SPAN_KEY = "caseline_timex"


def register_extensions() -> None:
    """Register our Doc extensions once (idempotent; never overwrite others')."""
    for name, default in (
        ("caseline_published", None),
        ("caseline_timexes", None),
        ("caseline_events", None),
        ("caseline_sentences", None),
        # indices of the sentences that are stamps, bylines, captions...: set
        # once by the tagger, read by the event builder
        ("caseline_boilerplate", None),
        # the date candidates of a skimmed piece, found once (extraction.skimming)
        ("caseline_candidates", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


@dataclass(frozen=True)
class TaggedTimex:
    """A timex with what the event builder needs to know about it."""

    timex: Timex
    kind: str
    resolution: Resolution
    sentence: int  # index into doc._.caseline_sentences
    prep: str | None  # preposition written before it ("in", "since", ...)
    prep_start: int | None
    tense: str | None = None  # of the clause it dates, read from the parse
    # the governing verb's token index: tells whether two timexes date one clause
    verb: int | None = None
    dateline: bool = False  # "June 4 (Reuters) -": the publication date, no event


# --------------------------------------------------------------------------- #


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _prev_token(doc: Doc, span: Span) -> Token | None:
    i = span.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _next_token(doc: Doc, span: Span) -> Token | None:
    i = span.end
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


# Kinds that date nothing by themselves: no event of their own.
_EVENT_KINDS_NO_POINT = {"decade", "duration", "vague_duration", "recurrence"}
