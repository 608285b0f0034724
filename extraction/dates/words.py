"""Reading the words of an expression: numbers ("twenty-one", "nineteen
ninety-six"), months, days and units."""

from __future__ import annotations

import re

from ..lexicon import MONTHS, NUMBER_WORDS, UNITS, VAGUE_NUMBERS


def month_of(word: str | None) -> int | None:
    if not word:
        return None
    return MONTHS.get(word.lower().rstrip(".").strip())


def day_of(word: str | None) -> int | None:
    if not word:
        return None
    m = re.match(r"\d+", word)
    return int(m.group(0)) if m else None


_TENS_UNITS = re.compile(
    r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]"
    r"(one|two|three|four|five|six|seven|eight|nine)\b"
)


def parse_number(word: str | None) -> float | None:
    """'two' -> 2, '18' -> 18, 'twenty-one' -> 21, 'several' -> None (vague)."""
    if not word:
        return None
    w = word.lower().strip()
    half = re.search(r"\s+(?:1/2|and\s+a\s+half)$", w)
    if half:
        base = parse_number(w[: half.start()])
        return None if base is None else base + 0.5
    compound = _TENS_UNITS.match(w)
    if compound:  # "twenty-four", "twenty four": before a range's "-" splits it
        return NUMBER_WORDS[compound[1]] + NUMBER_WORDS[compound[2]]
    w = (
        re.split(r"\s*(?:-|to|or|and)\s+|\s*-\s*", w)[0]
        if re.search(r"\d", w) is None
        else w
    )
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    m = re.match(r"(\d+(?:\.\d+)?)", w)
    if m:
        return float(m.group(1))
    if w in VAGUE_NUMBERS:
        return None
    if "-" in w:
        a, _, b = w.partition("-")
        if a in NUMBER_WORDS and b in NUMBER_WORDS:
            return NUMBER_WORDS[a] + NUMBER_WORDS[b]
    return NUMBER_WORDS.get(w)


def unit_of(word: str) -> str:
    w = word.lower()
    for u in sorted(UNITS, key=len, reverse=True):
        if w.startswith(u):
            return u
    if w.startswith("centur"):
        return "century"
    return w


UNITS_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS_WORDS = {
    word: NUMBER_WORDS[word]
    for word in "twenty thirty forty fifty sixty seventy eighty ninety".split()
}


def spelled_number(words: str) -> int | None:
    """'ninety-six' -> 96, 'fourteen' -> 14; None for anything else."""
    parts = words.replace("-", " ").split()
    if len(parts) == 1 and parts[0] in UNITS_WORDS:
        return UNITS_WORDS[parts[0]]
    if parts and parts[0] in TENS_WORDS:
        rest = parts[1:]
        if not rest:
            return TENS_WORDS[parts[0]]
        if len(rest) == 1 and rest[0] in UNITS_WORDS and 0 < UNITS_WORDS[rest[0]] < 10:
            return TENS_WORDS[parts[0]] + UNITS_WORDS[rest[0]]
    return None


def spelled_year(words: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'two thousand and one' -> 2001."""
    w = " ".join(words.lower().split())
    if w.startswith("two thousand"):
        rest = w[len("two thousand") :].replace(" and ", " ").strip()
        return 2000 + (spelled_number(rest) or 0 if rest else 0)
    century, _, rest = w.partition(" ") if " " in w else w.partition("-")
    head = 1900 if century == "nineteen" else 2000
    if rest == "hundred":
        return head
    n = spelled_number(rest)
    return None if n is None else head + n
