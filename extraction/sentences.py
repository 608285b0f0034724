"""Sentence units for events: lines first, then a rule splitter inside lines.

Headlines, subtitles, bylines and paragraphs are separate units because they
are separate lines. Inside a line we split on ., ? or ! followed by space and
a capital, unless the dot ends a known abbreviation ("Oct.", "U.S.", "p.m.",
"Mr."). A rule splitter is used rather than the parser's sentences: the small
parser sometimes cuts inside quotations or after "No." and the scorer needs
the gold evidence inside one unit; the rule splitter is also deterministic.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sen",
    "rep",
    "gov",
    "gen",
    "lt",
    "col",
    "capt",
    "sgt",
    "st",
    "jr",
    "sr",
    "inc",
    "corp",
    "co",
    "ltd",
    "llc",
    "no",
    "vs",
    "v",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "mt",
    "ft",
    "ave",
    "blvd",
    "rd",
    "dept",
    "univ",
    "est",
    "approx",
    "fig",
    "ph",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "a.m",
    "p.m",
    "d.c",
    "n.y",
    "l.a",
    "calif",
    "wash",
    "mass",
    "conn",
    "fla",
    "ga",
    "ill",
    "mich",
    "minn",
    "pa",
    "tenn",
    "tex",
    "va",
    "wis",
    "ariz",
    "colo",
    "ore",
    "okla",
    "nev",
    "ky",
    "la",
    "md",
    "mo",
    "n.j",
    "n.c",
    "s.c",
    "e.g",
    "i.e",
    "cf",
    "al",
    "op",
    "hon",
    "rev",
    "messrs",
    "adm",
    "cmdr",
}
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _word_before(line: str, dot: int) -> str | None:
    """The word the dot at ``dot`` ends ("Oct", "U.S"): letters and dots from
    the first letter after the last other character. Read backwards, because a
    regex searched from the line's start ("[A-Za-z][A-Za-z.]*\\.$") was tried at
    every letter of the line for every dot: quadratic in a long paragraph."""
    start = dot
    while start > 0 and line[start - 1] in _WORD_CHARS:
        start -= 1
    while start < dot and line[start] == ".":
        start += 1
    return line[start:dot] if start < dot else None


def _is_abbreviation(line: str, dot: int) -> bool:
    word = _word_before(line, dot)
    if word is None:
        return False
    word = word.lower()
    if len(word) == 1:  # an initial: "John F. Kennedy"
        return True
    return word in ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentence units, whitespace-trimmed, in order."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = 0
        for m in _END.finditer(line):
            end = m.end()
            if (
                line[m.start()] == "."
                and m.end() - m.start() == 1
                and _is_abbreviation(line, m.start())
            ):
                continue
            _add(out, line, start, end, pos)
            start = end
        _add(out, line, start, len(line), pos)
        pos += len(line) + 1
    return out


def _add(out: list[tuple[int, int]], line: str, s: int, e: int, base: int) -> None:
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((base + s, base + e))
