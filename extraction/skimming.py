"""Reading a very long text by its dated sentences.

A text longer than SKIM_CHARS (a report, a transcript, a book: no news article
is that long) spends nearly all its time in the parse, and most of its
sentences hold no date. Each piece of such a text is parsed with the sentences
that hold no date candidate blanked out: replaced by as many spaces, so every
offset stays the text's own and the sentences kept read as written. Only a
sentence with a candidate can give a timex, and an event is a sentence with a
timex, so what is lost is context: names met only in blanked sentences.

The candidates found while choosing go to the tagger on the Doc
(``caseline_candidates``), so the patterns run once per piece.
"""

from __future__ import annotations

from .patterns import Candidate, find_candidates
from .sentences import split_sentences

SKIM_CHARS = 200_000


def skimmed(piece: str) -> tuple[str, list[Candidate]]:
    """``piece`` with its undated sentences blanked, and its candidates."""
    found = find_candidates(piece)
    parts: list[str] = []
    pos = 0
    i = 0
    for start, end in split_sentences(piece):
        while i < len(found) and found[i].end <= start:
            i += 1
        if i < len(found) and found[i].start < end:
            continue  # a candidate in this sentence: kept as written
        parts.append(piece[pos:start])
        parts.append(" " * (end - start))
        pos = end
    parts.append(piece[pos:])
    return "".join(parts), found
