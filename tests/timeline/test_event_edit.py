import datetime as dt

from django.urls import reverse

from timeline.models import Event, EventChange

Status = Event.Status


def _url(case, event):
    return reverse("timeline:event_edit", args=[case.slug, event.code])


def _data(**kw):
    data = {
        "date": "2022-10",
        "qualifier": "about",
        "summary": "Production resumes in New Mexico",
        "actors": "Rust Movie Productions, Alec Baldwin,  Alec Baldwin ",
        "version": 1,
    }
    data.update(kw)
    return data


def test_it_shows_the_form(client, journalist, case, event):
    client.force_login(journalist)
    page = client.get(_url(case, event)).text
    assert 'value="2022-10-19"' in page
    assert 'name="version" value="1"' in page


def test_the_form_shows_the_source_sentence_with_its_date_expression(
    client, journalist, case, event
):
    """Editing hides the row, so the form itself shows what the sources say."""
    client.force_login(journalist)
    for headers in ({}, {"HX-Request": "true"}):
        page = client.get(_url(case, event), headers=headers).text
        assert (
            "<p>The producers said <mark>Wednesday</mark> that filming resumes.</p>"
            in page
        )
        assert "Rust resumes · Oct. 20, 2022 · “Wednesday” → Oct. 19, 2022" in page


def test_it_returns_the_form_partial_for_htmx(client, journalist, case, event):
    client.force_login(journalist)
    response = client.get(_url(case, event), headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith(
        f'<li class="event editing" id="event-{event.code}"'
    )


def test_it_saves_an_edit(client, journalist, case, event):
    client.force_login(journalist)
    response = client.post(_url(case, event), _data())
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.date == dt.date(2022, 10, 1)
    assert event.precision == Event.Precision.MONTH
    assert event.display_date == "about October 2022"
    assert event.summary == "Production resumes in New Mexico"
    assert event.actors == ["Rust Movie Productions", "Alec Baldwin"]
    assert event.edited_by_person and not event.machine_text
    assert event.version == 2
    change = event.changes.get()
    assert change.action == EventChange.Action.EDITED and change.user == journalist
    assert change.before["date"] == "2022-10-19" and change.after["date"] == "2022-10"


def test_it_returns_to_the_filtered_page(client, journalist, case, event):
    client.force_login(journalist)
    back = f"{case.get_absolute_url()}?status=proposed"
    response = client.post(_url(case, event), _data(next=back))
    assert response.url == f"{back}#event-{event.code}"
    response = client.post(
        _url(case, event), _data(version=2, next="https://evil.example/")
    )
    assert response.url == event.get_absolute_url()


def test_it_answers_htmx_with_the_row_and_event_updated(
    client, journalist, case, event
):
    client.force_login(journalist)
    response = client.post(_url(case, event), _data(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Production resumes in New Mexico" in response.text
    assert response.text.lstrip().startswith('<li class="event')
    assert "eventUpdated" in response.headers["HX-Trigger"]


def test_it_sends_an_approved_event_back_after_a_journalists_edit(
    client, journalist, case, event
):
    Event.objects.filter(pk=event.pk).update(status=Status.APPROVED)
    client.force_login(journalist)
    assert "sends it back to an editor" in client.get(_url(case, event)).text
    client.post(_url(case, event), _data())
    event.refresh_from_db()
    assert event.status == Status.PROPOSED


def test_it_keeps_an_event_approved_after_an_editors_edit(client, editor, case, event):
    Event.objects.filter(pk=event.pk).update(status=Status.APPROVED)
    client.force_login(editor)
    client.post(_url(case, event), _data())
    event.refresh_from_db()
    assert event.status == Status.APPROVED
    assert event.summary == "Production resumes in New Mexico"


def test_it_rejects_an_invalid_date(client, journalist, case, event):
    client.force_login(journalist)
    response = client.post(_url(case, event), _data(date="2022-02-30"))
    assert response.status_code == 422
    assert "There is no such date." in response.text
    response = client.post(_url(case, event), _data(date="March 2022"))
    assert "Write the date as 2022, 2022-03 or 2022-03-05." in response.text
    event.refresh_from_db()
    assert event.version == 1


def test_it_shows_a_conflict_to_the_second_save_and_loses_nothing(
    client, journalist, editor, case, event
):
    # The editor and the journalist both loaded version 1; the editor saves first.
    client.force_login(editor)
    client.post(_url(case, event), _data(summary="Editor's summary", date="2022-10-19"))
    client.force_login(journalist)
    response = client.post(
        _url(case, event),
        _data(summary="Journalist's summary"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    page = response.text
    assert "Someone else changed this event while you were editing it" in page
    # The other's change, before and after...
    assert "edna" in page and "Editor&#x27;s summary" in page
    assert "The producers said filming resumes" in page
    # ...and this person's input kept in the form, now at the current version.
    assert "Journalist&#x27;s summary</textarea>" in page
    assert 'name="version" value="2"' in page
    event.refresh_from_db()
    assert event.summary == "Editor's summary"
    # Saving again, having seen the other change, replaces it; history has both.
    client.post(_url(case, event), _data(summary="Journalist's summary", version=2))
    event.refresh_from_db()
    assert event.summary == "Journalist's summary" and event.version == 3
    assert [c.after["summary"] for c in event.changes.order_by("version")] == [
        "Editor's summary",
        "Journalist's summary",
    ]


def test_it_gives_viewers_403_and_outsiders_404(client, viewer, outsider, case, event):
    client.force_login(viewer)
    assert client.get(_url(case, event)).status_code == 403
    assert client.post(_url(case, event), _data()).status_code == 403
    client.force_login(outsider)
    assert client.post(_url(case, event), _data()).status_code == 404
    event.refresh_from_db()
    assert event.version == 1


def test_it_puts_the_row_back_on_cancel(client, journalist, case, event):
    client.force_login(journalist)
    response = client.get(
        reverse("timeline:event_detail", args=[case.slug, event.code]),
        headers={"HX-Request": "true", "HX-Target": f"event-{event.code}"},
    )
    assert response.text.lstrip().startswith('<li class="event status-proposed')
