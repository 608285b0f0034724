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
from collections.abc import Hashable, Iterable, Iterator
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


class _Extent:
    """Where one article's items lie. When all of them are within reach of a
    sentence and came in a shelf's order (headlines, then by sentence: a
    grouping adds them by key), its items under a key are what a shelf would
    give, as they are: a news article needs no shelf."""

    def __init__(self) -> None:
        self.first = self.last = -1
        self.in_order = True
        self._last_seen: tuple = (False, -1)
        self._unit: _Unit | None = None

    def add(self, unit: _Unit) -> None:
        if unit is self._unit:
            return  # the same item under another key
        self._unit = unit
        place = (not unit.headline, unit.sentence_start)
        if place < self._last_seen:
            self.in_order = False
        self._last_seen = place
        start = unit.sentence_start
        if unit.headline:
            return
        if self.first < 0 or start < self.first:
            self.first = start
        if start > self.last:
            self.last = start

    def within(self, start: int) -> bool:
        return self.in_order and (
            self.first < 0
            or (
                start - self.first <= ARTICLE_REACH
                and self.last - start <= ARTICLE_REACH
            )
        )


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
        # Per article: the first and last start of its sentences (not its
        # headline's) and whether its items came as a shelf holds them.
        self._extent: dict[int, _Extent] = {}

    def add(self, key: Hashable, item: _Placed) -> None:
        unit = item.unit
        article = unit.article
        items = self._items[key]
        if article in items:
            items[article].append(item)
        else:
            items[article] = [item]
        extent = self._extent.get(article)
        if extent is None:
            extent = self._extent[article] = _Extent()
        extent.add(unit)
        if self._shelves:  # filed while planning: a shelf made before is stale
            self._shelves.pop((key, article), None)

    def near(self, key: Hashable, item: _Placed) -> Iterable:
        by_article = self._items.get(key)
        # Most keys a grouping looks up hold nothing: no generator for them.
        return self._near(key, by_article, item.unit) if by_article else ()

    def _near(self, key: Hashable, by_article: dict, unit: _Unit) -> Iterator:
        for article, items in by_article.items():
            if (
                article != unit.article
                or unit.headline
                or self._extent[article].within(unit.sentence_start)
            ):
                yield from items
            else:
                yield from self._shelf(key, article, items).around(unit.sentence_start)

    def _shelf(self, key: Hashable, article: int, items: list) -> _Shelf:
        shelf = self._shelves.get((key, article))
        if shelf is None:
            shelf = self._shelves[(key, article)] = _Shelf(items)
        return shelf
