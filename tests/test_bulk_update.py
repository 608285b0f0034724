"""``config.database.bulk_update``: one UPDATE on PostgreSQL that must save
what Django's bulk_update saves, whatever the field's type."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from config.database import bulk_insert, bulk_update
from timeline.models import Event, EventSource

pytestmark = pytest.mark.django_db


def _article(case, title: str) -> Article:
    return Article.objects.create(case=case, title=title, text=f"{title} text")


def test_each_kind_of_field_is_saved_as_given(case):
    first, second = _article(case, "Harbour fire"), _article(case, "Bridge vote")
    now = timezone.now().replace(microsecond=123456)
    first.fingerprint, first.bands = [2**61 - 2, 0, 7], [-(2**63), 5, 2**63 - 1]
    first.story, first.status = None, Article.Status.DONE
    first.warnings, first.processed_at = [{"said": 'ünïcode "quoted"'}], now
    second.fingerprint, second.bands, second.story = [], [], first
    second.warnings, second.status, second.processed_at = [], "failed", None
    fields = ["fingerprint", "bands", "story", "warnings", "status", "processed_at"]
    bulk_update([first, second], fields)
    got = {a.pk: a for a in Article.objects.filter(pk__in=[first.pk, second.pk])}
    for article in (first, second):
        for name in ["fingerprint", "bands", "story_id", "warnings", "status"]:
            assert getattr(got[article.pk], name) == getattr(article, name), name
    assert got[first.pk].processed_at == now
    assert got[second.pk].processed_at is None


def test_only_the_named_fields_and_rows_change(case):
    mine, other = _article(case, "Harbour fire"), _article(case, "Bridge vote")
    mine.title, mine.status = "Changed in memory only", Article.Status.DONE
    bulk_update([mine], ["status"])
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.title, mine.status) == ("Harbour fire", Article.Status.DONE)
    assert other.status == Article.Status.QUEUED


def test_dates_foreign_keys_and_empty_batches(case):
    article = _article(case, "Harbour fire")
    event = Event.objects.create(case=case, date=dt.date(2024, 3, 1), precision=2)
    other = Event.objects.create(case=case, date=dt.date(2024, 3, 2), precision=2)
    source = EventSource.objects.create(
        event=event,
        article=article,
        sentence="It burned.",
        sentence_start=0,
        sentence_end=10,
        date_value="2024-03-01",
    )
    event.date, event.actors, event.summary = dt.date(2023, 1, 1), ["Ana"], "Fire"
    bulk_update([event], ["date", "actors", "summary"])
    source.event, source.match_note, source.depends_on = other, "moved", event
    bulk_update([source], ["event", "match_note", "depends_on"])
    bulk_update([], ["event"])
    event.refresh_from_db()
    source.refresh_from_db()
    assert (event.date, event.actors, event.summary) == (
        dt.date(2023, 1, 1),
        ["Ana"],
        "Fire",
    )
    assert (source.event_id, source.match_note, source.depends_on_id) == (
        other.pk,
        "moved",
        event.pk,
    )


def test_bulk_insert_saves_every_field_and_sets_the_keys(case):
    article = _article(case, "Harbour fire")
    events = [
        Event(case=case, date=dt.date(2024, 3, d), precision=2, summary=f"Fire {d}")
        for d in (3, 1, 2)
    ]
    events[1].actors = ["Ana", "Бо"]
    bulk_insert(events)
    assert all(e.pk and not e._state.adding for e in events)
    stored = {e.pk: e for e in Event.objects.filter(case=case)}
    for event in events:
        again = stored[event.pk]
        assert (again.date, again.summary, again.actors, again.code) == (
            event.date,
            event.summary,
            event.actors,
            event.code,
        )
        assert again.created_at is not None and again.status == Event.Status.PROPOSED
    sources = [
        EventSource(
            event=event,
            article=article,
            sentence=f"It burned on day {i}.",
            sentence_start=10 * i,
            sentence_end=10 * i + 9,
            date_value=event.date.isoformat(),
            features={"act": ["burn"], "names": [], "anchor": [0, "2024"]},
        )
        for i, event in enumerate(events)
    ]
    bulk_insert(sources)
    for source in sources:
        again = EventSource.objects.get(pk=source.pk)
        assert (again.event_id, again.sentence_start, again.features) == (
            source.event_id,
            source.sentence_start,
            source.features,
        )
    bulk_insert([])
