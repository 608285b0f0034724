import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from timeline.models import Event, EventSource


def test_it_shows_compact_rows_and_loads_the_sources_on_demand(
    client, journalist, case, event
):
    client.force_login(journalist)
    page = client.get(case.get_absolute_url()).text
    assert "Oct. 19, 2022" in page
    assert "The producers said filming resumes" in page
    # Collapsed: the count of articles, not the sentences.
    assert "1 article</a>" in page
    assert "<mark>Wednesday</mark>" not in page
    event_url = f"{case.get_absolute_url()}events/{event.code}/"
    assert f'class="sources-toggle" href="{event_url}"' in page
    panel = client.get(f"{event_url}sources/", headers={"HX-Request": "true"}).text
    assert "<html" not in panel
    assert "<mark>Wednesday</mark>" in panel
    assert "&#x27;Wednesday&#x27; → 19 Oct 2022" in panel
    assert "Why here:</span> the event was first found in this sentence." in panel
    # The outlet, title and publication date of the article, and a link to the
    # sentence on the article page.
    assert "Rust resumes</a>, Oct 20, 2022" in panel
    start = event.sources.get().sentence_start
    assert f'/articles/{event.sources.get().article_id}/#s{start}"' in panel
    # Without htmx the link leads to the event's page, which shows them too.
    assert "<mark>Wednesday</mark>" in client.get(event_url).text
    whole = client.get(f"{event_url}sources/").text
    assert "<html" in whole and "<mark>Wednesday</mark>" in whole


def test_it_counts_articles_and_copies_of_one_story_once(
    client, viewer, case, event, article
):
    copy = Article.objects.create(
        case=case,
        title="Rust resumes (wire copy)",
        text=article.text,
        published=article.published,
        content_hash="c" * 64,
        story=article,
    )
    other = Article.objects.create(
        case=case,
        title="Filming to restart",
        text=article.text,
        published=article.published,
        content_hash="d" * 64,
    )
    source = event.sources.get()
    for a in (copy, other):
        source.pk = None
        source.article = a
        source.save()
    client.force_login(viewer)
    page = client.get(case.get_absolute_url()).text
    assert "3 articles · 2 independent</a>" in page


def test_it_sorts_a_month_before_the_days_of_that_month(
    client, journalist, case, event
):
    Event.objects.create(
        case=case,
        date=event.date.replace(day=1),
        precision=Event.Precision.MONTH,
        summary="Settlement announced",
        origin=Event.Origin.PERSON,
    )
    client.force_login(journalist)
    page = client.get(case.get_absolute_url()).text
    assert page.index("October 2022") < page.index("Oct. 19, 2022")
    assert "precision-month" in page and "month only" in page


def test_it_groups_by_year_and_month_and_writes_the_qualifier(
    client, viewer, case, event
):
    Event.objects.create(
        case=case,
        date=dt.date(2021, 1, 1),
        precision=Event.Precision.YEAR,
        qualifier=Event.Qualifier.ABOUT,
        summary="Pre-production begins",
        origin=Event.Origin.MACHINE,
    )
    Event.objects.create(
        case=case,
        date=dt.date(2023, 4, 1),
        precision=Event.Precision.MONTH,
        qualifier=Event.Qualifier.BEFORE,
        summary="Charge dropped",
        origin=Event.Origin.MACHINE,
    )
    client.force_login(viewer)
    page = client.get(case.get_absolute_url()).text
    assert 'id="y2021"' in page and 'id="y2022"' in page and 'id="m2022-10"' in page
    assert "about 2021" in page
    assert "before April 2023" in page
    assert (
        page.index('id="y2021"') < page.index("about 2021") < page.index('id="y2022"')
    )


def test_it_marks_machine_text_until_a_person_edits_it(client, viewer, case, event):
    client.force_login(viewer)
    assert 'class="machine-tag"' in client.get(case.get_absolute_url()).text
    Event.objects.filter(pk=event.pk).update(edited_by_person=True)
    assert 'class="machine-tag"' not in client.get(case.get_absolute_url()).text


def test_it_shows_the_filter_form_with_the_filters_from_the_url(
    client, viewer, case, event
):
    Event.objects.create(
        case=case,
        date=dt.date(2024, 7, 12),
        precision=Event.Precision.DAY,
        summary="Judge dismisses the case",
        status=Event.Status.APPROVED,
        origin=Event.Origin.MACHINE,
    )
    client.force_login(viewer)
    page = client.get(case.get_absolute_url(), {"status": "approved"}).text
    assert "Judge dismisses the case" in page
    assert "The producers said filming resumes" not in page
    assert '<option value="approved" selected>' in page
    assert 'role="search"' in page and 'method="get"' in page
    page = client.get(case.get_absolute_url(), {"q": "producers"}).text
    assert "The producers said filming resumes" in page
    assert "Judge dismisses the case" not in page


def test_it_shows_viewers_no_editing_controls(client, viewer, case, event):
    client.force_login(viewer)
    page = client.get(case.get_absolute_url()).text
    assert "bulk-form" not in page
    assert "/edit/" not in page and "/approve/" not in page


def test_it_shows_journalists_edit_but_not_review_controls(
    client, journalist, case, event
):
    client.force_login(journalist)
    page = client.get(case.get_absolute_url()).text
    # The rows' actions come from one template the page's script fills in.
    assert 'data-action="edit"' in page
    assert 'data-action="approve"' not in page
    assert "/events/approve/" not in page
    # The event's own page has them as plain forms (for pages without scripts).
    own = client.get(f"{case.get_absolute_url()}events/{event.code}/").text
    assert f"/events/{event.code}/edit/" in own
    assert f"/events/{event.code}/approve/" not in own


def test_it_gives_editors_the_review_actions_on_the_event_page(
    client, editor, case, event
):
    client.force_login(editor)
    assert 'data-action="approve"' in client.get(case.get_absolute_url()).text
    own = client.get(f"{case.get_absolute_url()}events/{event.code}/").text
    assert f'action="/cases/{case.slug}/events/{event.code}/approve/"' in own
    assert f"/events/{event.code}/reject/" in own


def test_it_gives_outsiders_404(client, outsider, case, event):
    client.force_login(outsider)
    assert client.get(case.get_absolute_url()).status_code == 404


def _make_events(case, article, n):
    # One article per ten events, so that per-article queries would show.
    articles = [
        Article.objects.create(
            case=case,
            title=f"Article {i}",
            outlet="The Paper",
            text=article.text,
            published=article.published,
            content_hash=f"{case.events.count():08d}{i:056d}",
        )
        for i in range(n // 10)
    ] or [article]
    start = dt.date(2000, 1, 1)
    events = Event.objects.bulk_create(
        Event(
            case=case,
            date=start + dt.timedelta(days=3 * i),
            precision=(Event.Precision.DAY, Event.Precision.MONTH)[i % 2],
            summary=f"Event number {i}",
            actors=["Alec Baldwin"],
            status=list(Event.Status)[i % 3],
            origin=Event.Origin.MACHINE,
        )
        for i in range(n)
    )
    EventSource.objects.bulk_create(
        EventSource(
            event=e,
            article=articles[i % len(articles)],
            sentence="The producers said Wednesday that filming resumes.",
            sentence_start=14,
            sentence_end=64,
            expression="Wednesday",
            expression_start=33,
            expression_end=42,
            date_value=e.date_value,
            derivation="'Wednesday' → a day",
        )
        for i, e in enumerate(events)
    )


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_issues_the_same_number_of_queries_for_10_and_2000_events(
    client, editor, case, article
):
    client.force_login(editor)
    url = case.get_absolute_url()
    _make_events(case, article, 10)
    small = _count_queries(client, url)
    _make_events(case, article, 1990)
    assert _count_queries(client, url) == small
    # Filtered and later pages cost the same too.
    assert _count_queries(client, f"{url}?status=approved&page=3") == small


def test_it_links_overview_months_to_the_page_they_start_on(
    client, viewer, case, article
):
    _make_events(case, article, 600)
    client.force_login(viewer)
    page = client.get(case.get_absolute_url()).text
    assert 'href="#m2000-01"' in page
    # 600 events, 3 days apart, 200 a page: the last month is on page 3.
    last = Event.objects.order_by("-date").first()
    anchor = f"m{last.date:%Y-%m}"
    assert f'href="?page=3#{anchor}"' in page
    third = client.get(case.get_absolute_url(), {"page": 3}).text
    assert f'id="{anchor}"' in third
    assert "Events 401–600 of 600" in third


def test_it_answers_htmx_refreshes_with_their_partial(client, viewer, case, event):
    client.force_login(viewer)
    url = case.get_absolute_url()
    overview = client.get(url, headers={"HX-Request": "true", "HX-Target": "overview"})
    assert overview.text.lstrip().startswith('<section id="overview"')
    assert "<svg" in overview.text and "<html" not in overview.text
    rows = client.get(url, headers={"HX-Request": "true", "HX-Target": "event-list"})
    assert rows.text.lstrip().startswith('<section id="event-list"')
    assert "The producers said filming resumes" in rows.text


def test_a_row_answered_after_an_action_keeps_its_possible_duplicate_flag(
    client, editor, case, event
):
    from timeline.models import Suggestion

    other = Event.objects.create(
        case=case,
        date=event.date,
        precision=Event.Precision.DAY,
        summary="Producers say filming resumes",
        origin=Event.Origin.MACHINE,
    )
    Suggestion.objects.create(case=case, event=event, other=other, score=0.8)
    client.force_login(editor)
    assert "Possible duplicate" in client.get(case.get_absolute_url()).text
    row = client.post(
        f"{case.get_absolute_url()}events/{event.code}/approve/",
        {"version": event.version},
        headers={"HX-Request": "true"},
    ).text
    assert "Approved" in row and "Possible duplicate" in row


def test_the_possible_duplicate_flag_counts_only_live_other_events(
    client, editor, case, event
):
    from django.utils import timezone

    from timeline.models import Suggestion

    others = [
        Event.objects.create(
            case=case,
            date=event.date,
            precision=Event.Precision.DAY,
            summary=f"Producers say filming resumes ({n})",
            origin=Event.Origin.MACHINE,
        )
        for n in (1, 2)
    ]
    for other in others:
        Suggestion.objects.create(case=case, event=event, other=other, score=0.8)
    client.force_login(editor)

    def flagged() -> bool:
        page = client.get(case.get_absolute_url()).text
        row = page.split(f'id="event-{event.code}"')[1].split("</li>")[0]
        return "Possible duplicate" in row

    assert flagged()
    Event.objects.filter(pk=others[0].pk).update(deleted_at=timezone.now())
    assert flagged()  # the other one is still there
    Event.objects.filter(pk=others[1].pk).update(deleted_at=timezone.now())
    assert not flagged()
