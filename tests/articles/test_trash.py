"""Deleting an article moves it to the case's trash: restore brings back its
sentences and untouched events; only the trash deletes for good; an event a
person approved never loses its sources without a word."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from articles import ingestion
from articles.models import Article
from tests.articles import samples
from timeline.models import Event, EventSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def processed(case):
    article, _ = ingestion.add_text_article(
        case,
        title="Rust restarts",
        text=samples.SEED_LIKE,
        published=dt.date(2022, 10, 20),
    )
    ingestion.process_article(article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    events = list(Event.objects.filter(case=case).order_by("date"))
    assert len(events) >= 3
    approved = events[0]
    approved.status = Event.Status.APPROVED
    approved.save()
    return article, approved, {e.summary for e in events}


def untouched_summaries(case) -> set[str]:
    return set(
        Event.objects.filter(case=case, status=Event.Status.PROPOSED).values_list(
            "summary", flat=True
        )
    )


def test_the_trash_keeps_approved_sources_and_restore_brings_the_rest_back(
    client, case, journalist, processed
):
    article, approved, summaries = processed
    sources_before = set(
        EventSource.objects.filter(article=article).values_list(
            "sentence_start", "date_value"
        )
    )
    client.force_login(journalist)
    response = client.post(
        reverse("articles:article_delete", args=[case.slug, article.pk]), follow=True
    )
    assert "to the trash" in response.text
    article.refresh_from_db()
    assert article.trashed_at is not None and article.trashed_by == journalist
    # The untouched events went; the approved one keeps its sentence.
    assert untouched_summaries(case) == set()
    approved.refresh_from_db()
    assert approved.sources.get().article == article
    listing = client.get(reverse("articles:article_list", args=[case.slug])).text
    assert f'id="article-{article.pk}"' not in listing and "Trash (1)" in listing
    trash = client.get(reverse("articles:article_trash", args=[case.slug])).text
    assert f'id="article-{article.pk}"' in trash
    # A queued copy of its task does nothing while it is in the trash.
    ingestion.process_article(article.pk)
    assert untouched_summaries(case) == set()

    response = client.post(
        reverse("articles:article_restore", args=[case.slug, article.pk])
    )
    assert response.status_code == 302
    ingestion.process_article(article.pk)  # what the worker does next
    article.refresh_from_db()
    assert article.trashed_at is None and article.status == Article.Status.DONE
    assert untouched_summaries(case) | {approved.summary} == summaries
    after = list(
        EventSource.objects.filter(article=article).values_list(
            "sentence_start", "date_value"
        )
    )
    assert set(after) == sources_before and len(after) == len(set(after))
    assert approved.sources.count() == 1


def test_only_the_trash_deletes_for_good_and_names_what_is_left_sourceless(
    client, case, journalist, processed
):
    article, approved, _ = processed
    client.force_login(journalist)
    purge = reverse("articles:article_purge", args=[case.slug, article.pk])
    assert client.get(purge).status_code == 404
    assert client.post(purge).status_code == 404
    assert Article.objects.filter(pk=article.pk).exists()
    client.post(reverse("articles:article_delete", args=[case.slug, article.pk]))
    page = " ".join(client.get(purge).text.split())
    assert "1 event a person made, edited or reviewed has no other source" in page
    assert escape(approved.summary[:60]) in page
    assert client.post(purge).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    approved.refresh_from_db()
    assert approved.status == Event.Status.APPROVED
    assert "was deleted" in approved.changes.get().note


def test_a_trashed_article_is_not_reprocessed_and_says_where_it_is(
    client, case, journalist, processed
):
    article, _, _ = processed
    client.force_login(journalist)
    client.post(reverse("articles:article_delete", args=[case.slug, article.pk]))
    reprocess = reverse("articles:article_reprocess", args=[case.slug, article.pk])
    assert client.post(reprocess).status_code == 404
    page = client.get(article.get_absolute_url()).text
    assert "in the case's trash" in page and "Restore it" in page
    response = client.post(
        reverse("articles:article_upload", args=[case.slug]),
        {
            "kind": "paste",
            "paste-title": "again",
            "paste-text": samples.SEED_LIKE,
            "paste-published": "2022-10-20",
        },
        follow=True,
    )
    assert "is in this case&#x27;s trash; restore it from there" in response.text


def test_a_trashed_sentence_is_marked_and_the_filter_leaves_its_article_out(
    client, case, journalist, processed
):
    """An event a person reviewed keeps the trashed article's sentence, marked
    as in the trash; the timeline's article filter no longer offers it."""
    article, approved, _ = processed
    client.force_login(journalist)
    event_page = reverse("timeline:event_detail", args=[case.slug, approved.code])
    timeline = client.get(case.get_absolute_url()).text
    assert f'<option value="{article.pk}">' in timeline
    assert "in the trash" not in client.get(event_page).text
    client.post(reverse("articles:article_delete", args=[case.slug, article.pk]))
    page = client.get(event_page).text
    assert '<span class="flag flag-trash">in the trash</span>' in page
    timeline = client.get(case.get_absolute_url()).text
    assert f'<option value="{article.pk}"' not in timeline
    client.post(reverse("articles:article_restore", args=[case.slug, article.pk]))
    assert "in the trash" not in client.get(event_page).text
