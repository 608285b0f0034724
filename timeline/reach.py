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
    """One article's items under one key, ready for lookups from within the
    article: the headline's apart, the others in the order of their
    sentences."""

    def __init__(self, items: list) -> None:
        self.headlines = [i for i in items if i.unit.headline]
        self.body = sorted(
            (i for i in items if not i.unit.headline),
            key=lambda i: i.unit.sentence_start,
        )
        self.starts = [i.unit.sentence_start for i in self.body]

    def around(self, start: int) -> list:
        lo = bisect_left(self.starts, start - ARTICLE_REACH)
        hi = bisect_right(self.starts, start + ARTICLE_REACH)
        return self.headlines + self.body[lo:hi]


class ReachIndex:
    """Items by key; a lookup for an item gives the items under that key it
    can meet: all of other articles', and of its own article those within
    reach (all of them when it is the headline)."""

    def __init__(self) -> None:
        # Key -> article -> its items under the key. Plain lists: a grouping
        # files each of thousands of items under dozens of keys.
        self._items: dict[Hashable, dict[int, list]] = defaultdict(dict)
        # An article's items under a key in sentence order, made when one of
        # its items first looks there.
        self._shelves: dict[tuple, _Shelf] = {}

    def add(self, key: Hashable, item: _Placed) -> None:
        article = item.unit.article
        items = self._items[key]
        if article in items:
            items[article].append(item)
        else:
            items[article] = [item]
        if self._shelves:  # filed while planning: a shelf made before is stale
            self._shelves.pop((key, article), None)

    def near(self, key: Hashable, item: _Placed) -> Iterator:
        unit = item.unit
        for article, items in self._items.get(key, {}).items():
            if article != unit.article or unit.headline:
                yield from items
            else:
                yield from self._shelf(key, article, items).around(unit.sentence_start)

    def _shelf(self, key: Hashable, article: int, items: list) -> _Shelf:
        shelf = self._shelves.get((key, article))
        if shelf is None:
            shelf = self._shelves[(key, article)] = _Shelf(items)
        return shelf
