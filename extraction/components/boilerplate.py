"""Stamps, bylines, datelines and captions: lines that carry dates but state no event."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..patterns import MONTH, WEEKDAY
from .common import _text, _tokens

# boilerplate
# --------------------------------------------------------------------------- #

_BOILER_LINE = re.compile(
    r"(?i)^\s*(?:updated|posted|filed|published|last updated|first published|modified"
    r"|last modified)\b"
    r"|©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|newsletter|\bsubscribe\b|\bsign up\b"
    r"|print edition|\bappears (?:every|each|in|on)\b|\b(?:delivered|published|issued|out) every\b"
    r"|\bissue \d|\bvolume \d|\b\d+ words\b|^\s*(?-i:By [A-Z][a-z]+ [A-Z])"
    # a note about the story itself: "This story was updated on Feb. 6 to ..."
    r"|\b(?:this|the|an earlier|a previous|the original) (?:story|article|report|version)\b"
    r"[^.\n]{0,60}?\b(?:updated|corrected|published|appeared|appears|posted)\b"
    # a stamp after a date: "Feb. 2, 2023 Updated 5:00 p.m. ET"
    r"|\b(?:updated|posted|published|modified)\b:?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*[ap]\.?m\b"
    # a link to another story: "Read more: ...", "Related: ..."
    r"|^\s*(?:read more|related|see also|also read|more on this|editor['’]?s note)\s*:"
)
_VERB_TAGS = {"VBD", "VBZ", "VBP", "VBN", "VBG", "VB", "MD"}


def boilerplate_sentences(text: str, sentences: list[tuple[int, int]]) -> set[int]:
    """Indices of sentence units that are stamps, schedules, bylines or copyright."""
    out = set()
    for i, (s, e) in enumerate(sentences):
        if _BOILER_LINE.search(text[s:e]):
            out.add(i)
    return out


_DATELINE_BEFORE = re.compile(r"(?:[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Za-z.'’ -]+)*,)?\s*")
_DATELINE_AFTER = re.compile(
    r"(?:,?\s*\d{4})?\s*(?P<agency>\([A-Za-z .&/-]{1,30}\))?\s*[—–-]"
)


def _is_dateline(text: str, start: int, end: int) -> bool:
    """ "June 4 (Reuters) -", "WASHINGTON, March 3 —": the date a wire story was
    filed, at the head of its first paragraph. Without an agency it only counts
    under at most a headline and a subhead, so that a timeline's "March 3 — ..."
    lines further down stay events."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _DATELINE_BEFORE.fullmatch(text, line_start, start):
        return False
    after = _DATELINE_AFTER.match(text, end)
    if after is None:
        return False
    prose_above = sum(len(line.split()) >= 6 for line in text[:line_start].split("\n"))
    return bool(after.group("agency")) or prose_above <= 2


_CREDIT = re.compile(
    r"\b(?:Photo|Photograph|Image|Picture|Illustration|Composite)s?\s*(?:by\b|:)|Getty Images|"
    r"AP Photo|"
    r"\bAFP\b|\b(?i:reuters)/|/(?i:reuters)\b|/AP\b|/AFP\b|Shutterstock|^\s*FILE\s*[-–—]|"
    r"\b(?i:file (?:photo|picture|image))\b|^\s*\(?[Cc]redit:",
    re.MULTILINE,
)


# A line that is one sentence closing on a weekday *and* a full date with its
# year ("..., on Tuesday, May 9, 2023."): the caption style of the wires. News
# prose names a recent day by its weekday or by its date, not by both and the year.
_CAPTION_CLOSE = re.compile(
    r",?\s+(?:on\s+)?" + WEEKDAY + r",\s+" + MONTH + r"\s*\d{1,2},\s+\d{4}\.?\s*$"
)


def _whole_line(text: str, s: int, e: int) -> bool:
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:s].strip() and not text[e:line_end].strip()


def caption_sentences(text: str, sentences: list[tuple[int, int]]) -> set[int]:
    """Indices of sentences in a photo caption: a line that carries a credit
    ("Getty Images", "AP Photo", "FILE -") or stands right above one, or a
    line in the wires' caption style."""
    out = {
        i
        for i, (s, e) in enumerate(sentences)
        if _CAPTION_CLOSE.search(text[s:e]) and _whole_line(text, s, e)
    }
    if _CREDIT.search(text) is None:
        return out  # most articles: nothing more to look for
    for i, (s, e) in enumerate(sentences):
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        line_end = len(text) if line_end < 0 else line_end
        next_end = text.find("\n", line_end + 1)
        below = text[line_end : len(text) if next_end < 0 else next_end]
        if _CREDIT.search(text[line_start:line_end]) or (
            _CREDIT.search(below) and len(below.split()) <= 8
        ):
            out.add(i)
    return out


def _is_label_line(
    doc: Doc, s: int, e: int, skip: list[tuple[int, int]], tagged: bool = True
) -> bool:
    """A date line or label ("Renton, Washington · March 14, 2019"), not a statement.

    Only when the parse finds no verb outside the dates *and* the line is
    mostly date, separators or a few words: headlines without a verb the small
    tagger recognises ("Plant halts output a day after ban") still count.
    """
    span = _tokens(doc, s, e)
    if span is None or not tagged:  # a blank pipeline has no tags to go by
        return False
    words = [t for t in span if not any(a <= t.idx < b for a, b in skip)]
    if any(t.tag_ in _VERB_TAGS for t in words):
        return False
    text = _text(doc)[s:e]
    dated = sum(b - a for a, b in skip)
    alpha_words = [t for t in words if t.is_alpha]
    return (
        "·" in text
        or "|" in text
        or dated >= 0.3 * len(text.strip())
        or len(alpha_words) <= 4
    )


# --------------------------------------------------------------------------- #
