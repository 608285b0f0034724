import datetime as dt

from django.http import QueryDict

from timeline.filters import filter_events
from timeline.models import Event


def _event(case, summary, date, **kw):
    return Event.objects.create(
        case=case, summary=summary, date=date, precision=3, origin="machine", **kw
    )


def test_filters_narrow_the_events(case, event):
    other = _event(
        case,
        "Baldwin indicted by a grand jury",
        dt.date(2024, 1, 19),
        status=Event.Status.APPROVED,
        actors=["Alec Baldwin"],
    )
    assert list(filter_events(case, QueryDict("status=approved"))[0]) == [other]
    assert list(filter_events(case, QueryDict("actor=baldwin"))[0]) == [other]
    assert list(filter_events(case, QueryDict("date_from=2023-01-01"))[0]) == [other]
    assert list(filter_events(case, QueryDict("date_to=2023-01-01"))[0]) == [event]
    # Full-text search finds words in source sentences, stemmed.
    assert list(filter_events(case, QueryDict("q=producer"))[0]) == [event]
    assert list(filter_events(case, QueryDict("q=indictment jury"))[0]) == [other]
    assert set(filter_events(case, QueryDict(""))[0]) == {event, other}


def test_invalid_filters_are_ignored_and_reported(case, event):
    events, form = filter_events(case, QueryDict("date_from=not-a-date"))
    assert list(events) == [event]
    assert "date_from" in form.errors


def test_deleted_events_are_not_shown(case, event):
    event.deleted_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    event.save()
    assert not filter_events(case, {})[0].exists()
