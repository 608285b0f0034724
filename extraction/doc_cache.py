"""What spaCy rebuilds on every access of a Doc, built once per Doc.

``doc.text`` joins every token, ``doc.ents`` and ``span.ents`` walk every
token of the Doc, and a span group makes a new Span per item, each time they
are read. Read once per event on a 50,000-character piece of a long article
they made the engine quadratic; read from here they cost one pass per Doc.
The Doc must not change after its first read (ours are read once parsed).
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

# In the Doc's own user_data, as plain values (token offsets and labels,
# never Spans, which would make the Doc a reference cycle that only the
# garbage collector frees), so that a Doc and its cache go together.
_KEY = ("caseline", "cache")

Bounds = tuple[int, int, str]  # a span's start and end token and its label


def _cached(doc: Doc) -> dict:
    found = doc.user_data.get(_KEY)
    if found is None:
        found = doc.user_data[_KEY] = {}
    return found


def doc_text(doc: Doc) -> str:
    """``doc.text``."""
    cache = _cached(doc)
    if "text" not in cache:
        cache["text"] = doc.text
    return cache["text"]


def _ents(doc: Doc) -> tuple[list[Bounds], list[int]]:
    cache = _cached(doc)
    if "ents" not in cache:
        ents = [(e.start, e.end, e.label_) for e in doc.ents]
        cache["ents"] = (ents, [start for start, _end, _label in ents])
    return cache["ents"]


def _span(doc: Doc, bounds: Bounds) -> Span:
    return Span(doc, bounds[0], bounds[1], label=bounds[2])


def doc_ents(doc: Doc) -> list[Span]:
    """``doc.ents``."""
    return [_span(doc, b) for b in _ents(doc)[0]]


def span_ents(span: Span) -> list[Span]:
    """``span.ents``: the entities from the first one starting inside the span
    up to the first one that runs past its end (spaCy's own rule)."""
    ents, starts = _ents(span.doc)
    i = bisect_left(starts, span.start)
    out = []
    while i < len(ents) and ents[i][1] <= span.end:
        out.append(_span(span.doc, ents[i]))
        i += 1
    return out


def token_ent(doc: Doc, i: int) -> Span | None:
    """The entity token ``i`` is part of, if any."""
    ents, starts = _ents(doc)
    at = bisect_left(starts, i + 1) - 1
    if at >= 0 and ents[at][0] <= i < ents[at][1]:
        return _span(doc, ents[at])
    return None


def group_within(doc: Doc, key: str, start: int, end: int) -> list[Span]:
    """The spans of ``doc.spans[key]`` inside tokens [start, end)."""
    cache = _cached(doc)
    if ("group", key) not in cache:
        spans = sorted(
            ((s.start, s.end, s.label_) for s in doc.spans.get(key, [])),
            key=lambda b: b[0],
        )
        cache["group", key] = (spans, [b[0] for b in spans])
    spans, starts = cache["group", key]
    out = []
    for bounds in spans[bisect_left(starts, start) :]:
        if bounds[0] >= end:
            break
        if bounds[1] <= end:
            out.append(_span(doc, bounds))
    return out


def lemma_keys(doc: Doc, start: int, end: int, canon: dict[str, str]) -> frozenset:
    """The lowercased lemmas of the characters [start, end), with the action
    class ``canon`` gives each: what "N units after X" looks for in every other
    statement of the article, read once per statement, not once per X."""
    cache = _cached(doc).setdefault("lemma_keys", {})
    found = cache.get((start, end))
    if found is None:
        span = doc.char_span(start, end, alignment_mode="expand")
        lemmas = {tok.lemma_.lower() for tok in span} if span is not None else set()
        found = cache[start, end] = frozenset(
            lemmas | {canon[w] for w in lemmas if w in canon}
        )
    return found
