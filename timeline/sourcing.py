"""Events and their sources: keeping each event's date, title, corroboration
and "sources disagree" flag in step with its sources, grouping copies of one
story, and the person's side of it: detaching a source, picking one of the
dates.

``timeline.matching`` decides whether two sources tell the same happening and
``timeline.grouping`` groups a case's sources into events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Cast

from config.database import bulk_update, on_postgres

from . import corroboration, editing, matching
from .changes import record_change, status_after_edit
from .models import (
    Case,
    Event,
    EventChange,
    EventSource,
    Membership,
)

Status = Event.Status


# Placing sources -------------------------------------------------------------------


# Corroboration and copies of one story -------------------------------------------


def assign_stories(articles: Sequence) -> None:
    """Fingerprint the articles (of one case) and put each that is a
    near-identical copy of one already in the case (wire copy run by several
    outlets, a light rewrite) in that article's story; in order, so that a
    copy finds an earlier one of the same batch.

    A story's copies are near-identical to its first article: comparing with
    the first of each story is enough, however often a wire story ran; and
    only with those sharing a band of the signature (on PostgreSQL one index
    lookup for the whole batch, not a scan of the case's articles; SQLite,
    the demo's, reads the case's firsts and keeps those here)."""
    from articles.models import Article

    if not articles:
        return
    signatures = [matching.fingerprint(a.text) for a in articles]
    bands = [matching.bands(sig) for sig in signatures]
    wanted = {b for found in bands for b in found}
    rows = Article.objects.filter(
        case_id=articles[0].case_id, story__isnull=True
    ).exclude(pk__in=[a.pk for a in articles])
    if on_postgres():
        # One array literal: as a list, each band would be a parameter.
        literal = "{" + ",".join(map(str, sorted(wanted))) + "}"
        rows = rows.filter(
            bands__overlap=Cast(Value(literal), output_field=Article.bands.field)
        )
    firsts = [
        row
        for row in rows.values_list("created_at", "pk", "fingerprint", "bands")
        if not wanted.isdisjoint(row[3])
    ]
    texts = _Texts()
    for article, signature, mine in zip(articles, signatures, bands, strict=True):
        article.fingerprint, article.bands = signature, mine
        article.story_id = _story_of(article, sorted(firsts), texts)
        if article.story_id is None:  # a first for the batch's later articles
            firsts.append((article.created_at, article.pk, signature, mine))
            texts.known[article.pk] = article.text
    bulk_update(articles, ["fingerprint", "bands", "story"])


class _Texts:
    """Articles' texts, read from the database once each, when needed."""

    def __init__(self) -> None:
        self.known: dict[int, str] = {}

    def shingles(self, pk: int) -> set[int]:
        from articles.models import Article

        if pk not in self.known:
            self.known[pk] = Article.objects.values_list("text", flat=True).get(pk=pk)
        return matching.shingles(self.known[pk])


def _story_of(article, firsts: list[tuple], texts: _Texts) -> int | None:
    """The first article of the story ``article`` copies, if any: of those
    sharing a band with it, the closest by text (the earliest on a tie)."""
    best, best_score, mine = None, 0.0, None
    shared = set(article.bands)
    for _created, pk, other, their_bands in firsts:
        if shared.isdisjoint(their_bands):
            continue
        if (
            matching.resemblance(article.fingerprint, other)
            < matching.COPY_JACCARD - 0.15
        ):
            continue
        # The signature is an estimate: confirm on the texts.
        if mine is None:
            mine = matching.shingles(article.text)
        theirs = texts.shingles(pk)
        score = len(mine & theirs) / len(mine | theirs) if mine or theirs else 0.0
        if score >= matching.COPY_JACCARD and score > best_score:
            best, best_score = pk, score
    return best


def regroup_copies_of(article) -> None:
    """Before ``article`` is deleted: its copies form a story of their own."""
    copies = list(article.copies.order_by("created_at", "id"))
    if not copies:
        return
    first, rest = copies[0], copies[1:]
    type(article).objects.filter(pk=first.pk).update(story=None)
    type(article).objects.filter(pk__in=[c.pk for c in rest]).update(story=first)


# A person's side ------------------------------------------------------------------


def detach_source(source: EventSource, membership: Membership) -> Event:
    """Undo a match: the source becomes an event of its own (proposed, dated as
    the source dates it); the event it leaves records the change."""
    if not membership.can_edit:
        raise PermissionDenied
    origin = source.event
    if origin.sources.count() < 2:
        raise ValueError("The event has no other source to keep.")
    user = membership.user
    where = f"{source.article.title} ¶ at {source.sentence_start}"
    with transaction.atomic():
        Case.lock(origin.case_id)
        untouched = corroboration.machine_only(origin)
        event = Event.objects.create(
            case=origin.case,
            **Event.date_fields(source.when),
            qualifier=source.qualifier or Event.Qualifier.EXACT,
            summary=corroboration.title_of(source),
            actors=list(source.actors),
            origin=Event.Origin.MACHINE,
            # A person placed it: re-processing must keep it apart.
            edited_by_person=True,
        )
        source.event = event
        source.match_note = ""
        source.save(update_fields=["event", "match_note"])
        EventChange.objects.create(
            event=event,
            user=user,
            action=EventChange.Action.SOURCE_DETACHED,
            version=event.version,
            before={},
            after=event.snapshot(),
            note=f"detached from {origin.display_date} “{origin.summary[:60]}”: {where}",
        )
        fields: dict[str, object] = {}
        if untouched:
            # The event was the machine's: show what the remaining sources say.
            lead = corroboration.lead_source(list(origin.sources.all()))
            fields.update(Event.date_fields(lead.when))
            fields["summary"] = corroboration.title_of(lead)
        record_change(
            origin,
            user=user,
            action=EventChange.Action.SOURCE_DETACHED,
            loaded_version=origin.version,
            note=f"detached a source into its own event: {where}",
            status=status_after_edit(origin, membership),
            edited_by_person=True,
            **fields,
        )
        corroboration.refresh_event(origin)
        corroboration.refresh_event(event)
    return event


def pick_date(
    event: Event, source: EventSource, membership: Membership, *, loaded_version: int
) -> Event:
    """The person settles a disagreement: the event takes this source's date.
    An ordinary edit (history, review rules); the flag stays, because the
    sources still disagree."""
    return editing.edit_event(
        event,
        membership,
        loaded_version=loaded_version,
        **Event.date_fields(source.when),
        qualifier=event.qualifier,
        summary=event.summary,
        actors=list(event.actors),
    )


def events_losing(article) -> list[int]:
    return list(
        EventSource.objects.filter(article=article)
        .values_list("event_id", flat=True)
        .distinct()
    )


def after_sources_removed(event_ids: Iterable[int], *, note: str, user=None) -> None:
    """Events that lost sources: one left with none and untouched by any person
    goes; a person's event stays (its history says why it lost its source); the
    others are refreshed from what remains."""
    for event in Event.objects.filter(pk__in=set(event_ids)):
        if event.sources.exists():
            corroboration.refresh_event(event)
            continue
        if corroboration.machine_only(event):
            event.delete()
            continue
        record_change(
            event,
            user=user,
            action=EventChange.Action.SOURCE_REMOVED,
            loaded_version=event.version,
            note=note,
            sources_disagree=False,
        )
