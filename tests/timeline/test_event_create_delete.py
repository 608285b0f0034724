import datetime as dt

from django.urls import reverse

from timeline.models import Event

Status = Event.Status


def test_it_adds_a_journalists_event_citing_a_sentence(
    client, journalist, case, article
):
    client.force_login(journalist)
    response = client.post(
        reverse("timeline:event_create", args=[case.slug]),
        {
            "date": "2022-10-19",
            "qualifier": "exact",
            "summary": "Producers announce the restart",
            "actors": "Rust Movie Productions",
            "article": article.pk,
            # Pasted without the original line breaks.
            "quote": "The producers said   Wednesday that filming resumes.",
        },
    )
    event = Event.objects.get()
    assert response.url == event.get_absolute_url()
    assert event.origin == Event.Origin.PERSON and event.created_by == journalist
    assert event.status == Status.PROPOSED and event.edited_by_person
    source = event.sources.get()
    assert source.article == article
    assert article.text[source.sentence_start : source.sentence_end] == source.sentence
    assert source.sentence.startswith("The producers said Wednesday")
    assert event.changes.get().action == "created"


def test_it_approves_an_editors_own_event(client, editor, case):
    client.force_login(editor)
    client.post(
        reverse("timeline:event_create", args=[case.slug]),
        {"date": "2021", "qualifier": "about", "summary": "Pre-production"},
    )
    event = Event.objects.get()
    assert event.status == Status.APPROVED
    assert event.display_date == "about 2021"
    assert not event.sources.exists()


def test_it_refuses_a_quote_not_in_the_article(client, journalist, case, article):
    client.force_login(journalist)
    response = client.post(
        reverse("timeline:event_create", args=[case.slug]),
        {
            "date": "2022",
            "qualifier": "exact",
            "summary": "x",
            "article": article.pk,
            "quote": "Nobody said this.",
        },
    )
    assert response.status_code == 422
    assert "This sentence is not in the article." in response.text
    assert not Event.objects.exists()


def test_it_forbids_viewers_to_add_events(client, viewer, case):
    client.force_login(viewer)
    url = reverse("timeline:event_create", args=[case.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"date": "2021", "summary": "x"}).status_code == 403


def test_it_deletes_recoverably(client, journalist, case, event):
    client.force_login(journalist)
    url = reverse("timeline:event_delete", args=[case.slug, event.code])
    response = client.post(url, {"version": 1}, headers={"HX-Request": "true"})
    assert "eventDeleted" in response.headers["HX-Trigger"]
    assert "Undo" in response.text
    event.refresh_from_db()
    assert event.deleted_at is not None
    # Re-processing the article must not bring it back or remove it for good.
    assert event.edited_by_person
    assert "The producers said" not in client.get(case.get_absolute_url()).text
    deleted = client.get(reverse("timeline:events_deleted", args=[case.slug])).text
    assert "The producers said filming resumes" in deleted
    response = client.post(
        reverse("timeline:event_restore", args=[case.slug, event.code]),
        headers={"HX-Request": "true"},
    )
    assert "eventRestored" in response.headers["HX-Trigger"]
    event.refresh_from_db()
    assert event.deleted_at is None
    assert "The producers said" in client.get(case.get_absolute_url()).text


def test_it_forbids_journalists_to_delete_an_approved_event(
    client, journalist, case, event
):
    Event.objects.filter(pk=event.pk).update(status=Status.APPROVED)
    client.force_login(journalist)
    response = client.post(
        reverse("timeline:event_delete", args=[case.slug, event.code])
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.deleted_at is None


def test_it_lets_an_editor_delete_an_approved_event(client, editor, case, event):
    Event.objects.filter(pk=event.pk).update(status=Status.APPROVED)
    client.force_login(editor)
    client.post(reverse("timeline:event_delete", args=[case.slug, event.code]))
    event.refresh_from_db()
    assert event.deleted_at is not None


def test_it_forbids_viewers_to_delete_or_restore(client, viewer, case, event):
    client.force_login(viewer)
    assert (
        client.post(
            reverse("timeline:event_delete", args=[case.slug, event.code])
        ).status_code
        == 403
    )
    Event.objects.filter(pk=event.pk).update(deleted_at=dt.datetime.now(dt.UTC))
    assert (
        client.post(
            reverse("timeline:event_restore", args=[case.slug, event.code])
        ).status_code
        == 403
    )
