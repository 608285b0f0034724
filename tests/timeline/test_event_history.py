from django.urls import reverse

from timeline.models import Event, EventChange


def _edit(client, case, event, **kw):
    data = {
        "date": "2022-10-19",
        "qualifier": "exact",
        "summary": event.summary,
        "actors": "",
        "version": event.version,
    }
    data.update(kw)
    client.post(reverse("timeline:event_edit", args=[case.slug, event.code]), data)
    event.refresh_from_db()


def test_it_shows_who_changed_what_before_and_after(client, journalist, case, event):
    client.force_login(journalist)
    _edit(client, case, event, summary="Filming to resume in Montana")
    page = client.get(
        reverse("timeline:event_detail", args=[case.slug, event.code])
    ).text
    assert "jo</strong> edited the event" in page
    assert "<del>The producers said filming resumes</del>" in page
    assert "<ins>Filming to resume in Montana</ins>" in page
    # Journalists cannot restore earlier versions.
    assert "Restore version" not in page
    partial = client.get(
        reverse("timeline:event_history", args=[case.slug, event.code])
    ).text
    assert partial.lstrip().startswith(
        f'<div class="history-list" id="history-{event.code}"'
    )


def test_it_lets_an_editor_restore_an_earlier_version(
    client, journalist, editor, case, event
):
    client.force_login(journalist)
    _edit(client, case, event, summary="Wrong summary", date="2022")
    client.force_login(editor)
    page = client.get(
        reverse("timeline:event_detail", args=[case.slug, event.code])
    ).text
    assert "Restore version 1" in page
    change = event.changes.get()
    response = client.post(
        reverse("timeline:event_revert", args=[case.slug, event.code]),
        {"change": change.pk, "version": event.version},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.summary == "The producers said filming resumes"
    assert event.date_value == "2022-10-19"
    assert event.version == 3
    latest = event.changes.first()
    assert latest.action == EventChange.Action.REVERTED and latest.user == editor


def test_it_lets_only_editors_restore(client, journalist, case, event):
    client.force_login(journalist)
    _edit(client, case, event, summary="Wrong summary")
    response = client.post(
        reverse("timeline:event_revert", args=[case.slug, event.code]),
        {"change": event.changes.get().pk, "version": event.version},
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.summary == "Wrong summary"


def test_it_refuses_to_restore_from_a_stale_history(client, editor, case, event):
    client.force_login(editor)
    _edit(client, case, event, summary="Second")
    _edit(client, case, event, summary="Third")
    first = event.changes.order_by("version").first()
    response = client.post(
        reverse("timeline:event_revert", args=[case.slug, event.code]),
        {"change": first.pk, "version": 2},
        headers={"HX-Request": "true"},
    )
    assert "Not restored" in response.text
    event.refresh_from_db()
    assert event.summary == "Third"


def test_it_records_every_kind_of_change(client, editor, case, event):
    client.force_login(editor)
    code = event.code
    for name in ("event_approve", "event_reject", "event_reopen", "event_delete"):
        client.post(reverse(f"timeline:{name}", args=[case.slug, code]))
    client.post(reverse("timeline:event_restore", args=[case.slug, code]))
    actions = list(
        Event.objects.get(code=code)
        .changes.order_by("version")
        .values_list("action", flat=True)
    )
    assert actions == ["approved", "rejected", "reopened", "deleted", "restored"]
