import datetime as dt

import pytest
from django.urls import reverse

from timeline.models import Event, EventChange

Status = Event.Status


def _url(name, case, event):
    return reverse(f"timeline:{name}", args=[case.slug, event.code])


def _other(case, **kw):
    return Event.objects.create(
        case=case,
        date=dt.date(2023, 1, 19),
        precision=Event.Precision.DAY,
        summary="Charges announced",
        origin=Event.Origin.MACHINE,
        **kw,
    )


def test_it_approves_an_event(client, editor, case, event):
    client.force_login(editor)
    response = client.post(_url("event_approve", case, event), {"version": 1})
    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    event.refresh_from_db()
    assert event.status == Status.APPROVED
    assert event.version == 2
    # Ingestion must keep a reviewed event.
    assert event.edited_by_person and event.is_reviewed
    change = event.changes.get()
    assert change.action == EventChange.Action.APPROVED and change.user == editor
    assert (change.before["status"], change.after["status"]) == ("proposed", "approved")


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        (Status.PROPOSED, "reject", Status.REJECTED),
        (Status.APPROVED, "reject", Status.REJECTED),
        (Status.APPROVED, "reopen", Status.PROPOSED),
        (Status.REJECTED, "reopen", Status.PROPOSED),
        (Status.REJECTED, "approve", Status.APPROVED),
    ],
)
def test_it_moves_between_statuses(client, editor, case, event, start, action, end):
    Event.objects.filter(pk=event.pk).update(status=start)
    client.force_login(editor)
    client.post(_url(f"event_{action}", case, event), {"version": 1})
    event.refresh_from_db()
    assert event.status == end


def test_it_returns_the_row_and_triggers_an_event_for_htmx(client, editor, case, event):
    client.force_login(editor)
    response = client.post(
        _url("event_approve", case, event),
        {"version": 1},
        headers={"HX-Request": "true", "HX-Target": f"event-{event.code}"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<li class="event status-approved')
    assert "eventUpdated" in response.headers["HX-Trigger"]


def test_it_refuses_to_approve_an_event_changed_since_it_was_loaded(
    client, editor, case, event
):
    Event.objects.filter(pk=event.pk).update(version=2, summary="Changed by Jo")
    client.force_login(editor)
    response = client.post(
        _url("event_approve", case, event),
        {"version": 1},
        headers={"HX-Request": "true"},
    )
    assert "changed this event after you loaded the page" in response.text
    assert "HX-Trigger" not in response.headers
    event.refresh_from_db()
    assert event.status == Status.PROPOSED


def test_it_gives_journalists_and_viewers_403(client, journalist, viewer, case, event):
    for user in (journalist, viewer):
        client.force_login(user)
        for action in ("approve", "reject", "reopen"):
            response = client.post(_url(f"event_{action}", case, event), {"version": 1})
            assert response.status_code == 403
        response = client.post(
            reverse("timeline:events_approve", args=[case.slug]),
            {"event": [str(event.code)]},
        )
        assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == Status.PROPOSED and event.version == 1


def test_it_gives_outsiders_404(client, outsider, case, event):
    client.force_login(outsider)
    assert client.post(_url("event_approve", case, event)).status_code == 404


def test_it_requires_post(client, editor, case, event):
    client.force_login(editor)
    assert client.get(_url("event_approve", case, event)).status_code == 405
    assert (
        client.get(reverse("timeline:events_approve", args=[case.slug])).status_code
        == 405
    )


def test_it_approves_a_selection_in_bulk(client, editor, case, event):
    other = _other(case)
    untouched = _other(case)
    client.force_login(editor)
    response = client.post(
        reverse("timeline:events_approve", args=[case.slug]),
        {
            "event": [f"{event.code}:1", f"{other.code}:1"],
            "next": f"{case.get_absolute_url()}?status=proposed",
        },
    )
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}?status=proposed"
    statuses = dict(Event.objects.values_list("pk", "status"))
    assert statuses == {
        event.pk: Status.APPROVED,
        other.pk: Status.APPROVED,
        untouched.pk: Status.PROPOSED,
    }


def test_it_skips_events_changed_after_the_page_was_loaded(client, editor, case, event):
    other = _other(case)
    Event.objects.filter(pk=other.pk).update(version=3)
    client.force_login(editor)
    response = client.post(
        reverse("timeline:events_approve", args=[case.slug]),
        {"event": [f"{event.code}:1", f"{other.code}:1"]},
        headers={"HX-Request": "true", "HX-Target": "messages"},
    )
    assert "eventsApproved" in response.headers["HX-Trigger"]
    assert "1 event approved." in response.text
    assert "1 changed after you loaded the page and was not approved" in response.text
    other.refresh_from_db()
    assert other.status == Status.PROPOSED


def test_it_rejects_and_reopens_in_bulk(client, editor, case, event):
    other = _other(case, status=Status.APPROVED)
    client.force_login(editor)
    url = reverse("timeline:events_reject", args=[case.slug])
    client.post(url, {"event": [str(event.code), str(other.code)]})
    assert set(Event.objects.values_list("status", flat=True)) == {Status.REJECTED}
    url = reverse("timeline:events_reopen", args=[case.slug])
    client.post(url, {"event": [str(event.code), "not-a-uuid"]})
    event.refresh_from_db()
    assert event.status == Status.PROPOSED


def test_it_ignores_other_cases_events_in_bulk(client, editor, case, event):
    from timeline.models import Case

    elsewhere = Case.objects.create(title="Other", slug="other")
    foreign = _other(elsewhere)
    client.force_login(editor)
    client.post(
        reverse("timeline:events_approve", args=[case.slug]),
        {"event": [str(foreign.code)]},
    )
    foreign.refresh_from_db()
    assert foreign.status == Status.PROPOSED
