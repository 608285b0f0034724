"""Which sources of one article can still tell the same happening.

A news article stays on its story from start to end; a report or transcript of
megabytes moves on. Two sentences of one article are compared only within
ARTICLE_REACH characters of each other (more than a whole news article), or
when one of them is the headline. ``ReachIndex`` holds items under lookup keys
so that a lookup returns only what is within reach: on a long article the
grouping then costs what its stretches cost, not the square of its length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterator
from typing import Protocol

# Characters apart within which two sentences of one article are compared.
ARTICLE_REACH = 20_000


class _Unit(Protocol):
    article: int
    sentence_start: int
    headline: bool


class _Placed(Protocol):
    unit: _Unit


def within_reach(a: _Unit, b: _Unit) -> bool:
    """Whether two sources can tell one happening as far as their places go."""
    if a.article != b.article or a.headline or b.headline:
        return True
    return abs(a.sentence_start - b.sentence_start) <= ARTICLE_REACH


class _Shelf:
    """One article's items under one key: the headline's apart, the others in
    the order of their sentences."""

    def __init__(self) -> None:
        self.headlines: list = []
        self.body: list = []
        self.starts: list[int] = []
        self.ordered = True

    def add(self, item: _Placed) -> None:
        if item.unit.headline:
            self.headlines.append(item)
            return
        self.body.append(item)
        self.ordered = False

    def everything(self) -> list:
        return self.headlines + self.body

    def around(self, start: int) -> list:
        if not self.ordered:
            self.body.sort(key=lambda i: i.unit.sentence_start)
            self.starts = [i.unit.sentence_start for i in self.body]
            self.ordered = True
        lo = bisect_left(self.starts, start - ARTICLE_REACH)
        hi = bisect_right(self.starts, start + ARTICLE_REACH)
        return self.headlines + self.body[lo:hi]


class ReachIndex:
    """Items by key; a lookup for an item gives the items under that key it
    can meet: all of other articles', and of its own article those within
    reach (all of them when it is the headline)."""

    def __init__(self) -> None:
        self._shelves: dict[Hashable, dict[int, _Shelf]] = defaultdict(dict)

    def add(self, key: Hashable, item: _Placed) -> None:
        shelves = self._shelves[key]
        article = item.unit.article
        if article not in shelves:
            shelves[article] = _Shelf()
        shelves[article].add(item)

    def near(self, key: Hashable, item: _Placed) -> Iterator:
        unit = item.unit
        for article, shelf in self._shelves.get(key, {}).items():
            if article != unit.article or unit.headline:
                yield from shelf.everything()
            else:
                yield from shelf.around(unit.sentence_start)
