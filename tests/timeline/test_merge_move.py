import datetime as dt
from urllib.parse import parse_qs, urlparse

from django.urls import reverse

from timeline.models import Event, EventSource

Status = Event.Status


def _event(case, article, date, precision, summary, start, **kw):
    event = Event.objects.create(
        case=case,
        date=date,
        precision=precision,
        summary=summary,
        origin=Event.Origin.MACHINE,
        **kw,
    )
    EventSource.objects.create(
        event=event,
        article=article,
        sentence=summary,
        sentence_start=start,
        sentence_end=start + 10,
        date_value=event.date_value,
    )
    return event


def _events(case, article):
    month = _event(
        case, article, dt.date(2021, 10, 1), 2, "Shooting on set", 0, actors=["Baldwin"]
    )
    late = _event(
        case, article, dt.date(2021, 10, 22), 3, "The shooting on the set", 20
    )
    early = _event(
        case,
        article,
        dt.date(2021, 10, 21),
        3,
        "Hutchins is shot on the Rust set",
        40,
        actors=["Halyna Hutchins", "Baldwin"],
    )
    return month, late, early


def test_it_leads_from_the_selection_to_the_merge_form(
    client, journalist, case, article
):
    month, late, early = _events(case, article)
    client.force_login(journalist)
    response = client.post(
        reverse("timeline:events_merge", args=[case.slug]),
        {"event": [f"{month.code}:1", f"{late.code}:1", f"{early.code}:1"]},
        headers={"HX-Request": "true"},
    )
    url = response.headers["HX-Redirect"]
    assert parse_qs(urlparse(url).query)["event"] == [
        f"{month.code}:1",
        f"{late.code}:1",
        f"{early.code}:1",
    ]
    page = client.get(url).text
    # The earliest of the most precise dates is preselected.
    assert f'value="{early.code}" id="keep-{early.code}" checked' in page


def test_it_merges_events_keeping_the_chosen_date(client, editor, case, article):
    month, late, early = _events(case, article)
    Event.objects.filter(pk=early.pk).update(status=Status.APPROVED)
    client.force_login(editor)
    response = client.post(
        reverse("timeline:events_merge", args=[case.slug]),
        {
            "event": [f"{month.code}:1", f"{late.code}:1", f"{early.code}:1"],
            "keep": str(early.code),
            "summary": "Halyna Hutchins is shot on the Rust set",
        },
    )
    assert response.status_code == 302
    early.refresh_from_db()
    assert early.summary == "Halyna Hutchins is shot on the Rust set"
    assert early.date_value == "2021-10-21"
    assert early.status == Status.APPROVED  # an editor's merge keeps it approved
    assert early.actors == ["Halyna Hutchins", "Baldwin"]
    assert early.sources.count() == 3
    for other in (month, late):
        other.refresh_from_db()
        assert other.deleted_at is not None and other.edited_by_person
        assert other.changes.get().note.startswith("merged into Oct. 21, 2021")
    assert early.changes.get().action == "merged"


def test_it_forbids_journalists_to_merge_away_an_approved_event(
    client, journalist, case, article
):
    month, late, early = _events(case, article)
    Event.objects.filter(pk=late.pk).update(status=Status.APPROVED)
    client.force_login(journalist)
    response = client.post(
        reverse("timeline:events_merge", args=[case.slug]),
        {
            "event": [str(late.code), str(early.code)],
            "keep": str(early.code),
            "summary": "x",
        },
    )
    assert response.status_code == 403
    assert not Event.objects.filter(deleted_at__isnull=False).exists()


def test_it_does_not_merge_a_stale_selection(client, editor, case, article):
    month, late, early = _events(case, article)
    Event.objects.filter(pk=late.pk).update(version=2)
    client.force_login(editor)
    response = client.post(
        reverse("timeline:events_merge", args=[case.slug]),
        {
            "event": [f"{late.code}:1", f"{early.code}:1"],
            "keep": str(early.code),
            "summary": "x",
        },
        follow=True,
    )
    assert "changed after you selected them" in response.text
    assert not Event.objects.filter(deleted_at__isnull=False).exists()
    assert EventSource.objects.filter(event=early).count() == 1


def test_it_needs_two_events_to_merge(client, editor, case, article):
    month, late, early = _events(case, article)
    client.force_login(editor)
    response = client.get(
        reverse("timeline:events_merge", args=[case.slug]), {"event": str(late.code)}
    )
    assert response.status_code == 302


def test_it_forbids_viewers_to_merge(client, viewer, case, article):
    month, late, early = _events(case, article)
    client.force_login(viewer)
    response = client.post(
        reverse("timeline:events_merge", args=[case.slug]),
        {"event": [str(late.code), str(early.code)]},
    )
    assert response.status_code == 403


def test_it_moves_a_source_to_another_event(client, journalist, case, article):
    month, late, early = _events(case, article)
    Event.objects.filter(pk=early.pk).update(status=Status.APPROVED)
    source = late.sources.get()
    client.force_login(journalist)
    url = reverse("timeline:source_move", args=[case.slug, source.pk])
    assert "Hutchins is shot on the Rust set" in client.get(url).text
    response = client.post(url, {"target": str(early.code)})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.event == early
    early.refresh_from_db()
    late.refresh_from_db()
    # A journalist's change to an approved event goes back to an editor.
    assert early.status == Status.PROPOSED
    assert early.edited_by_person and late.edited_by_person
    assert early.changes.get().action == "sources_moved"
    assert late.changes.get().action == "sources_moved"


def test_it_forbids_viewers_to_move_sources(client, viewer, case, article):
    month, late, early = _events(case, article)
    client.force_login(viewer)
    url = reverse("timeline:source_move", args=[case.slug, late.sources.get().pk])
    assert client.post(url, {"target": str(early.code)}).status_code == 403
