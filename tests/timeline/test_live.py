"""The live parts: the timeline's banner and the article page that refreshes
itself until the article is done or failed."""

import datetime as dt

import pytest
from django.urls import reverse

from articles.models import Article
from timeline.live import latest_event_id, live_status
from timeline.models import Event

pytestmark = pytest.mark.django_db
Status = Article.Status


def _article(case, n, status):
    return Article.objects.create(
        case=case,
        title=f"Article {n}",
        text=f"Text {n}",
        status=status,
        content_hash=f"{n}".rjust(64, "0"),
    )


def test_it_counts_work_in_progress_and_new_events(case, event):
    since = latest_event_id(case)
    for n, status in enumerate(
        [Status.QUEUED, Status.PROCESSING, Status.PROCESSING, Status.NEEDS_DATE]
    ):
        _article(case, n, status)
    _article(case, 9, Status.DONE)
    live = live_status(case, since)
    assert (live.processing, live.needs_date, live.new_events) == (3, 1, 0)
    assert live.busy
    for day in (1, 2):
        Event.objects.create(
            case=case,
            date=dt.date(2023, 1, day),
            precision=Event.Precision.DAY,
            summary="Later",
            origin=Event.Origin.MACHINE,
        )
    Event.objects.filter(summary="Later").first().delete()
    assert live_status(case, since).new_events == 1
    Article.objects.filter(status__in=[Status.QUEUED, Status.PROCESSING]).update(
        status=Status.DONE
    )
    assert not live_status(case, since).busy


def test_the_banner_polls_while_busy_and_stops_when_idle(client, viewer, case, event):
    client.force_login(viewer)
    article = _article(case, 1, Status.QUEUED)
    _article(case, 2, Status.NEEDS_DATE)
    page = client.get(case.get_absolute_url()).text
    assert "1 article processing · 1 needs a date" in page
    assert 'hx-trigger="every 2s"' in page
    url = reverse("timeline:case_live", args=[case.slug])
    since = event.pk
    Event.objects.create(
        case=case,
        date=dt.date(2023, 1, 1),
        precision=Event.Precision.DAY,
        summary="New",
        origin=Event.Origin.MACHINE,
    )
    Article.objects.filter(pk=article.pk).update(status=Status.DONE)
    banner = client.get(url, {"since": since}, headers={"HX-Request": "true"}).text
    assert "<html" not in banner
    assert "1 new event — " in banner and ">show</a>" in banner
    assert "processing" not in banner and "1 needs a date" in banner
    assert "every 2s" not in banner


def test_the_article_page_refreshes_until_done(client, viewer, case, article):
    client.force_login(viewer)
    Article.objects.filter(pk=article.pk).update(status=Status.PROCESSING)
    url = article.get_absolute_url()
    assert 'hx-trigger="every 2s"' in client.get(url).text
    htmx = {"HX-Request": "true", "HX-Target": "article-live"}
    response = client.get(url, headers=htmx)
    assert response.status_code == 200 and "Processing" in response.text
    Article.objects.filter(pk=article.pk).update(status=Status.DONE)
    response = client.get(url, headers=htmx)
    # 286 tells htmx to stop polling after this last refresh.
    assert response.status_code == 286
    assert "Done" in response.text and "every 2s" not in response.text


def test_the_banner_keeps_the_pages_filters_and_looks_again_when_idle(
    client, viewer, case, event
):
    client.force_login(viewer)
    page = client.get(case.get_absolute_url(), {"q": "filming", "page": "1"}).text
    # idle: a timer as well as the window's focus (a colleague may add articles)
    assert 'hx-trigger="every 30s, focus from:window"' in page
    live_url = reverse("timeline:case_live", args=[case.slug])
    assert f'hx-get="{live_url}?q=filming&amp;since={event.pk}"' in page
    Event.objects.create(
        case=case,
        date=dt.date(2023, 1, 1),
        precision=Event.Precision.DAY,
        summary="New",
        origin=Event.Origin.MACHINE,
    )
    banner = client.get(
        live_url, {"q": "filming", "since": event.pk}, headers={"HX-Request": "true"}
    ).text
    assert f'href="{case.get_absolute_url()}?q=filming" data-live-show>show' in banner
    assert f'hx-get="{live_url}?q=filming&amp;since={event.pk}"' in banner
    assert "every 30s, focus from:window" in banner
