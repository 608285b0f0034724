"""Proposing events from an article's extraction: the timeline app's side of
ingestion. The articles app hands over what the engine found; this module
stores it as sources and lets the grouping (``timeline.grouping``) place them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from config.database import bulk_insert

from . import candidates, corroboration, regrouping, sourcing
from .models import Case, EventSource


def discard_unreviewed(article) -> set[int]:
    """Remove the article's sources on events no person has touched. Returns
    the events that lost a source (for refreshing once the case is regrouped)."""
    mine = EventSource.objects.filter(article=article)
    pinned = regrouping.pinned_events(
        article.case_id, mine.values_list("event_id", flat=True)
    )
    untouched = mine.exclude(event_id__in=pinned)
    event_ids = set(untouched.values_list("event_id", flat=True))
    untouched.delete()
    return event_ids


def propose(article, events: Sequence, features: Sequence[dict]) -> int:
    """Replace the article's untouched proposals with ``events`` (the engine's,
    with their matching ``features``) and regroup the case. A sentence that
    already supports a reviewed event at the same date is not proposed again.
    Returns the number of sources stored. (A worker stores a batch of
    articles with ``store_many`` and places them with ``place``; called
    outside a transaction, the placing is planned while other workers place
    theirs.)"""
    stored = store_many([(article, events, features)])
    place(stored)
    return len(stored.new)


@dataclass
class Stored:
    """What ``store_many`` stored: the case, the new sources, and the events
    that lost the articles' old sources."""

    case_id: int
    new: list[EventSource]
    changed: set[int]


def store_many(found: Sequence[tuple]) -> Stored:
    """Replace the articles' untouched proposals by their new sources, each
    on an event of its own until placed."""
    case_id = found[0][0].case_id
    assert all(a.case_id == case_id for a, *_ in found), "one case at a time"
    with transaction.atomic():
        # Copies of one story are found under the case lock: two copies
        # stored at once must see each other.
        Case.lock(case_id)
        articles = [a for a, *_ in found]
        before = set(
            EventSource.objects.filter(article__in=articles).values_list(
                "article_id", flat=True
            )
        )
        changed: set[int] = set()
        new: list[EventSource] = []
        sourcing.assign_stories(articles)
        for article, events, features in found:
            if article.pk in before:  # processed before: its proposals are replaced
                changed |= discard_unreviewed(article)
            new += _new_sources(article, events, features, article.pk in before)
        _store(case_id, new)
    return Stored(case_id, new, changed)


def place(stored: Stored) -> None:
    """Place the stored sources, and regroup what the articles' old sources
    were grouped with."""
    around = [s.pk for s in stored.new] + list(
        EventSource.objects.filter(event_id__in=stored.changed).values_list(
            "pk", flat=True
        )
    )
    regrouping.place(stored.case_id, stored.changed, around)


def _new_sources(
    article, events: Sequence, features: Sequence[dict], before: bool
) -> list:
    """The article's sources to store: not those a reviewed event keeps
    (when it was ``before`` processed)."""
    kept = set()
    if before:
        kept = set(
            EventSource.objects.filter(article=article).values_list(
                "sentence_start", "date_value"
            )
        )
    new = []
    for found, feats in zip(events, features, strict=True):
        if (found.sentence_start, found.date) in kept:
            continue
        kept.add((found.sentence_start, found.date))
        new.append(_source(article, found, feats, events))
    return new


def _source(article, found, feats: dict, events: Sequence) -> EventSource:
    feats = dict(feats)
    anchor_index = getattr(found, "anchor_index", None)
    if anchor_index is not None and 0 <= anchor_index < len(events):
        anchor = events[anchor_index]
        # Which source of the article the date was derived from, by place.
        feats["anchor"] = [anchor.sentence_start, anchor.date]
    return EventSource(
        article=article,
        sentence=found.sentence,
        sentence_start=found.sentence_start,
        sentence_end=found.sentence_end,
        expression=(found.expression or "")[:200],
        expression_start=found.expression_start,
        expression_end=found.expression_end,
        date_value=found.date,
        anchor=getattr(found, "anchor", "") or "",
        derivation=found.derivation or "",
        summary=found.summary or "",
        title=(getattr(found, "title", "") or "")[:300],
        qualifier=found.qualifier or "",
        actors=list(found.actors),
        features=feats,
        offset=(getattr(found, "offset", None) or "")[:16],
    )


def _store(case_id: int, sources: list[EventSource]) -> None:
    """Save new sources, each on an event of its own until the grouping places
    them."""
    events = [corroboration.event_fields(s, case_id=case_id) for s in sources]
    bulk_insert(events)
    for source, event in zip(sources, events, strict=True):
        source.event = event
    bulk_insert(sources)
    candidates.store_keys(case_id, sources)
