"""Which sources of one article can still tell the same happening (timeline.reach)."""

from dataclasses import dataclass

from timeline.reach import ARTICLE_REACH, ReachIndex, within_reach


@dataclass(frozen=True)
class Unit:
    article: int
    sentence_start: int
    headline: bool = False


@dataclass(frozen=True)
class Item:
    unit: Unit


def test_sentences_of_one_article_meet_only_within_reach():
    assert within_reach(Unit(1, 0), Unit(1, ARTICLE_REACH))
    assert not within_reach(Unit(1, 0), Unit(1, ARTICLE_REACH + 1))
    assert within_reach(Unit(1, 0, headline=True), Unit(1, 10 * ARTICLE_REACH))
    assert within_reach(Unit(1, 0), Unit(2, 10 * ARTICLE_REACH))


def test_the_index_finds_what_is_within_reach_and_nothing_else():
    index = ReachIndex()
    items = [Item(Unit(1, k * ARTICLE_REACH // 2)) for k in range(10)]
    headline = Item(Unit(1, 0, headline=True))
    elsewhere = Item(Unit(2, 9 * ARTICLE_REACH))
    for item in [*items, headline, elsewhere]:
        index.add("key", item)
    index.add("other key", Item(Unit(1, 2 * ARTICLE_REACH)))
    probe = items[4]
    # Same article: the neighbours within reach and the headline; another
    # article's item wherever it is; nothing filed under another key.
    assert set(index.near("key", probe)) == {*items[2:7], headline, elsewhere}
    assert set(index.near("key", headline)) == {*items, headline, elsewhere}
    everything = [*items, headline, elsewhere]
    for a in everything:
        found = set(index.near("key", a))
        assert found == {b for b in everything if within_reach(a.unit, b.unit)}
    assert list(index.near("missing", probe)) == []


def _shelved(items: list, probe) -> list:
    """What a lookup from within the article gives, in the order it gives it:
    the headlines as they came, then the others by sentence."""
    mine = [i for i in items if i.unit.article == probe.unit.article]
    if probe.unit.headline:
        return mine
    heads = [i for i in mine if i.unit.headline]
    body = sorted(
        (i for i in mine if not i.unit.headline), key=lambda i: i.unit.sentence_start
    )
    return heads + [i for i in body if within_reach(probe.unit, i.unit)]


def test_an_article_within_reach_gives_its_items_as_a_shelf_would():
    """A short article (all within reach), added in sentence order or not, a
    long one, with and without a headline: the same items in the same order."""
    starts = {
        "short, in order": [0, 120, 900, 900, 4000],
        "short, out of order": [4000, 0, 900, 120],
        "long, in order": [0, 5000, ARTICLE_REACH, 3 * ARTICLE_REACH],
        "long, out of order": [3 * ARTICLE_REACH, 0, ARTICLE_REACH + 1, 10],
    }
    for name, places in starts.items():
        for with_headline in (False, True):
            index = ReachIndex()
            items = [
                Item(Unit(7, s, headline=with_headline and s == 0)) for s in places
            ]
            for item in items:
                index.add("key", item)
                index.add("other", item)
            for probe in [*items, Item(Unit(7, 2 * ARTICLE_REACH))]:
                got = list(index.near("key", probe))
                assert got == _shelved(items, probe), (name, with_headline, probe)
