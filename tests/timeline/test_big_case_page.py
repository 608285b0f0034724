"""The timeline page of a big case costs what a small case's does: the same
queries, a strip of bounded width, a filter form of bounded length."""

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from timeline import overview, views
from timeline.models import Event, EventChange, EventSource, Suggestion

SENTENCE = "The council said Tuesday that the bridge would close for repairs."


def _add_events(case, n: int, *, start=dt.date(2015, 3, 2), step_days=5) -> None:
    """``n`` events, each with three sources: two copies of one story and a
    third article; every other one reviewed, every third suggested as a
    possible duplicate of the one before."""
    first = case.events.count()
    articles = []
    for i in range(first, first + n):
        story = Article.objects.create(
            case=case,
            title=f"Bridge story {i}",
            outlet="The Gazette",
            text=SENTENCE,
            published=start,
            content_hash=f"a{i:063d}",
            status=Article.Status.DONE,
        )
        copy = Article.objects.create(
            case=case,
            title=f"Bridge story {i} (wire copy)",
            outlet="The Courier",
            text=SENTENCE,
            published=start,
            content_hash=f"b{i:063d}",
            story=story,
            status=Article.Status.DONE,
        )
        other = Article.objects.create(
            case=case,
            title=f"Bridge report {i}",
            outlet="The Herald",
            text=SENTENCE,
            published=start,
            content_hash=f"c{i:063d}",
            status=Article.Status.DONE,
        )
        articles.append((story, copy, other))
    events = Event.objects.bulk_create(
        Event(
            case=case,
            date=start + dt.timedelta(days=step_days * i),
            precision=Event.Precision.DAY,
            summary=f"Bridge closes, part {i}",
            actors=["City Council"],
            status=Event.Status.APPROVED if i % 2 else Event.Status.PROPOSED,
            origin=Event.Origin.MACHINE,
        )
        for i in range(first, first + n)
    )
    EventSource.objects.bulk_create(
        EventSource(
            event=event,
            article=a,
            sentence=SENTENCE,
            sentence_start=0,
            sentence_end=len(SENTENCE),
            expression="Tuesday",
            expression_start=17,
            expression_end=24,
            date_value=event.date_value,
            derivation="'Tuesday' → the day before the news",
        )
        for event, trio in zip(events, articles, strict=True)
        for a in trio
    )
    EventChange.objects.bulk_create(
        EventChange(event=e, action="approved", version=2)
        for e in events
        if e.status == Event.Status.APPROVED
    )
    for before, event in zip(events, events[1:], strict=False):
        if event.pk % 3 == 0:
            for a, b in ((before, event), (event, before)):
                Suggestion.objects.create(case=case, event=a, other=b, score=0.7)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_10_and_60_events_with_sources(
    client, editor, case, monkeypatch
):
    # A small page, so the bigger case has later pages too.
    monkeypatch.setattr(views, "PAGE_SIZE", 20)
    client.force_login(editor)
    url = case.get_absolute_url()
    _add_events(case, 10)
    small = {
        view: _queries(client, f"{url}{view}")
        for view in ("", "?status=approved", "?q=bridge")
    }
    _add_events(case, 50)
    for view, count in small.items():
        assert _queries(client, f"{url}{view}") == count, view
        assert _queries(client, f"{url}{view}{'&' if view else '?'}page=2") == count
    page = client.get(url).text
    assert "3 articles · 2 independent" in page
    assert "Possible duplicate" in page


def test_the_page_reads_only_its_own_events(case):
    """The rows' counts are read for the page's events, never aggregated over
    the whole case."""
    from timeline.rows import EventRows

    _add_events(case, 6)
    with CaptureQueriesContext(connection) as queries:
        rows = EventRows(case.events.all(), 6)[2:4]
    assert [e.summary for e in rows] == [
        "Bridge closes, part 2",
        "Bridge closes, part 3",
    ]
    assert [e.article_count for e in rows] == [3, 3]
    assert [e.independent_sources for e in rows] == [2, 2]
    ids, counted = (q["sql"] for q in queries.captured_queries)
    assert "LIMIT 2 OFFSET 2" in ids and "COUNT" not in ids
    assert "LIMIT" not in counted and "COUNT" in counted


def test_a_long_case_has_a_strip_column_per_year(client, viewer, case):
    # One event in 1950, sixty around 2015: far more months than fit.
    _add_events(case, 1, start=dt.date(1950, 6, 1))
    _add_events(case, 60)
    client.force_login(viewer)
    page = client.get(case.get_absolute_url()).text
    strip = page[page.index('<svg class="strip"') : page.index("</svg>")]
    assert "Events per year" in strip
    columns = re.findall(r'<a href="([^"]*)" aria-label="(\d{4}): ', strip)
    assert [year for _, year in columns] == ["1950", "2015"]
    assert columns[0][0] == "#y1950"
    # Every year of the span has its tick, however many events.
    assert strip.count('class="year-tick"') == 2015 - 1950 + 1
    assert strip.count('<rect class="hit"') <= overview.MAX_MONTH_COLUMNS


def test_a_short_case_keeps_a_column_per_month(client, viewer, case):
    _add_events(case, 30)
    client.force_login(viewer)
    page = client.get(case.get_absolute_url()).text
    assert "Events per month" in page
    assert 'href="#m2015-03" aria-label="March 2015: ' in page


def test_the_article_filter_lists_a_bounded_number_of_articles(
    client, viewer, case, monkeypatch
):
    monkeypatch.setattr(views, "ARTICLE_CHOICES", 5)
    _add_events(case, 1)  # three articles: listed
    client.force_login(viewer)
    url = case.get_absolute_url()
    page = client.get(url).text
    assert page.count('<option value="') - page.count('<option value="">') >= 3
    assert "Too many to list" not in page
    _add_events(case, 1)  # six: only the one filtered on
    chosen = Article.objects.get(title="Bridge report 1")
    page = client.get(url).text
    assert "Bridge story 0" not in page and "Too many to list" in page
    page = client.get(url, {"article": chosen.pk}).text
    assert f'<option value="{chosen.pk}" selected>Bridge report 1</option>' in page
    assert "Bridge story 0</option>" not in page
    assert "Bridge closes, part 1" in page and "Bridge closes, part 0" not in page


def test_an_article_page_links_to_its_events_on_the_timeline(client, viewer, case):
    _add_events(case, 1)
    article = Article.objects.get(title="Bridge report 0")
    client.force_login(viewer)
    page = client.get(
        f"{case.get_absolute_url()}articles/{article.pk}/", follow=True
    ).text
    assert f'href="{case.get_absolute_url()}?article={article.pk}">1 event on' in page
