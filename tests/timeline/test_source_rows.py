"""The grouping reads sources as plain rows (timeline.source_rows): they must
hold what the model instances hold, and what is written goes back as the model's
fields. Real engine, real PostgreSQL."""

import pytest
from django.utils import timezone

from articles.models import Article
from tests.timeline.test_grouping import add
from timeline import corroboration, regrouping, source_rows
from timeline.models import Case, Event, EventSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(case):
    add(
        case,
        "Ferry ran aground",
        "The ferry Marisol ran aground off Kell Point on Tuesday, the coast "
        "guard said. A day later, divers inspected the hull.",
        "2024-04-11",
    )
    Article.objects.filter(case=case).update(outlet="Harbour Courier")
    return EventSource.objects.filter(event__case=case)


def test_a_row_holds_what_the_model_instance_holds(sources):
    rows = source_rows.read(sources)
    assert len(rows) == sources.count() >= 2
    for source in sources.select_related("article"):
        row = rows[source.pk]
        for name in source_rows.COLUMNS:
            assert getattr(row, name) == getattr(source, name), name
        assert row.when == source.when
        assert row.article.pk == source.article_id
        assert (row.article.title, row.article.outlet) == (
            "Ferry ran aground",
            "Harbour Courier",
        )
        assert row.article.content_hash == source.article.content_hash
        assert regrouping.key_of(row) == regrouping.key_of(source)
        assert corroboration.describe(row) == corroboration.describe(source)


def test_rows_hold_what_refreshing_an_event_reads():
    assert set(corroboration.SOURCE_FIELDS) <= set(source_rows.COLUMNS)


def test_only_the_live_sources_of_the_case_are_read_for_it(case, sources):
    other = Case.objects.create(title="Another case", slug="other")
    first = sources.order_by("pk").first()
    Event.objects.filter(pk=first.event_id).update(deleted_at=timezone.now())
    everything = source_rows.read(EventSource.objects.all())
    assert first.pk in everything and len(everything) >= 2
    assert source_rows.read(EventSource.objects.all(), other.pk) == {}
    live = source_rows.read(EventSource.objects.all(), case.pk)
    assert set(live) == set(everything) - {first.pk}


def test_what_the_grouping_sets_on_rows_is_written_as_model_fields(sources):
    rows = source_rows.read(sources)
    first, second = sorted(rows.values(), key=lambda r: r.pk)
    first.event_id, first.match_note = second.event_id, "Matched by hand"
    fields = ["event", "match_note"]
    regrouping.bulk_update(source_rows.instances([first], fields), fields)
    saved = EventSource.objects.get(pk=first.pk)
    assert (saved.event_id, saved.match_note) == (second.event_id, "Matched by hand")
    assert saved.sentence == first.sentence  # the other fields stay as they were
