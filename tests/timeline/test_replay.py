"""'As known on' replay: the timeline from the sources published by a day only."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from articles.models import Article
from timeline.models import Event, EventSource
from timeline.replay import replay_events

pytestmark = pytest.mark.django_db


def _article(case, title, published, outlet=""):
    return Article.objects.create(
        case=case,
        title=title,
        outlet=outlet,
        text=f"{title}\n\nSome text.",
        published=published,
        status=Article.Status.DONE,
        content_hash=title.ljust(64, "0")[:64],
    )


def _source(event, article, date_value, summary, **kw):
    return EventSource.objects.create(
        event=event,
        article=article,
        sentence=summary + ".",
        sentence_start=0,
        sentence_end=len(summary) + 1,
        date_value=date_value,
        summary=summary,
        **kw,
    )


@pytest.fixture
def story(case):
    """An event first reported to the month, then to the day (with another
    wording), a later article that puts it a week off, and an event only a
    later article tells."""
    early = _article(case, "Early report", dt.date(2021, 10, 25), "Post")
    later = _article(case, "Later report", dt.date(2021, 11, 5), "Star")
    much_later = _article(case, "Year review", dt.date(2022, 1, 10), "Wire")
    shooting = Event.objects.create(
        case=case,
        date=dt.date(2021, 10, 21),
        precision=Event.Precision.DAY,
        summary="An editor rewrote this title later",
        origin=Event.Origin.MACHINE,
        status=Event.Status.APPROVED,
        edited_by_person=True,
        sources_disagree=True,
    )
    _source(shooting, early, "2021-10", "A cinematographer was shot in October")
    _source(shooting, later, "2021-10-21", "The cinematographer was shot on Oct. 21")
    _source(shooting, much_later, "2021-10-28", "The shooting on Oct. 28")
    charges = Event.objects.create(
        case=case,
        date=dt.date(2022, 1, 5),
        precision=Event.Precision.DAY,
        summary="Charges considered",
        origin=Event.Origin.MACHINE,
    )
    _source(charges, much_later, "2022-01-05", "Prosecutors consider charges")
    return shooting, charges


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # Before any article: nothing was known.
        ("2021-10-24", []),
        # The first report: the month only, in its words, one article.
        ("2021-10-25", [("2021-10", "A cinematographer was shot in October", 1)]),
        # The day-precise report wins, as it does for an untouched event.
        ("2021-11-05", [("2021-10-21", "The cinematographer was shot on Oct. 21", 2)]),
        # Everything: both events; of two days one article each gives, the
        # shared rule (corroboration.lead_source) keeps the same one, not the newest.
        (
            "2022-01-10",
            [
                ("2021-10-21", "The cinematographer was shot on Oct. 21", 3),
                ("2022-01-05", "Prosecutors consider charges", 1),
            ],
        ),
    ],
)
def test_it_replays_what_the_sources_said_by_a_day(case, story, as_of, expected):
    events = replay_events(
        Event.objects.filter(case=case), dt.date.fromisoformat(as_of)
    )
    assert [(e.date_value, e.summary, e.article_count) for e in events] == expected


def test_it_flags_disagreement_only_once_the_disagreeing_source_is_out(case, story):
    shooting, _ = story
    events = Event.objects.filter(case=case)
    (before,) = replay_events(events, dt.date(2021, 11, 5))
    assert not before.sources_disagree
    after = replay_events(events, dt.date(2022, 1, 10))
    assert after[0].sources_disagree
    # The replay is for display only: nothing changed in the database.
    shooting.refresh_from_db()
    assert shooting.summary == "An editor rewrote this title later"
    assert shooting.date == dt.date(2021, 10, 21)


def test_the_page_shows_the_replay_with_a_note_and_no_actions(
    client, editor, case, story
):
    shooting, charges = story
    client.force_login(editor)
    url = case.get_absolute_url()
    page = client.get(url, {"as_of": "2021-10-25"}).text
    assert "Replay:" in page and "as known on Oct 25, 2021" in page
    assert "A cinematographer was shot in October" in page
    assert "October 2021" in page
    assert "Charges considered" not in page
    assert "/approve/" not in page and "bulk-form" not in page
    assert 'value="2021-10-25"' in page  # the date control keeps the day
    # The export links carry the day.
    assert "as_of=2021-10-25" in page
    # The sources panel of the replay holds only the sources known then.
    panel_url = reverse("timeline:event_sources", args=[case.slug, shooting.code])
    panel = client.get(
        panel_url, {"as_of": "2021-10-25"}, headers={"HX-Request": "true"}
    ).text
    assert "Early report" in panel and "Later report" not in panel
    # An event with no source by then has no panel in the replay.
    missing = client.get(
        reverse("timeline:event_sources", args=[case.slug, charges.code]),
        {"as_of": "2021-10-25"},
        headers={"HX-Request": "true"},
    )
    assert missing.status_code == 404
    # Without the day, the current timeline.
    page = client.get(url).text
    assert "Replay:" not in page and "Charges considered" in page


def test_an_export_as_known_on_a_day_leaves_out_what_came_later(
    client, editor, case, story
):
    client.force_login(editor)
    response = client.get(
        reverse("exports:case_export_csv", args=[case.slug]),
        {"as_of": "2021-11-05", "status": "all"},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    text = "\n".join(",".join(r) for r in rows)
    assert "Charges considered" not in text and "Prosecutors" not in text
    assert len(rows) == 2  # the header and the one event known then


def test_the_strip_of_a_replay_counts_the_events_as_they_stood(
    client, case, viewer, story
):
    from django.http import QueryDict

    from timeline.overview import build_overview, month_counts

    known = replay_events(Event.objects.filter(case=case), dt.date(2021, 10, 25))
    strip = build_overview(month_counts(known), QueryDict(), 200, 1)
    # One event, known only to the month then, and the January one not yet.
    assert strip.total == 1
    assert [c.anchor for c in strip.columns if c.total] == ["m2021-10"]
    client.force_login(viewer)
    page = client.get(case.get_absolute_url() + "?as_of=2021-10-25").text
    assert "2022" not in page.split('class="strip"')[1].split("</svg>")[0]


def test_the_strip_counts_months_alike_from_the_database_and_from_a_list(case):
    """The page counts in the database, a replay in Python: the same months
    (as dates), precisions, statuses and numbers."""
    from timeline.overview import month_counts

    for day, precision, status in [
        (dt.date(2021, 10, 21), Event.Precision.DAY, Event.Status.APPROVED),
        (dt.date(2021, 10, 3), Event.Precision.DAY, Event.Status.APPROVED),
        (dt.date(2021, 10, 1), Event.Precision.MONTH, Event.Status.PROPOSED),
        (dt.date(2022, 1, 1), Event.Precision.YEAR, Event.Status.PROPOSED),
    ]:
        Event.objects.create(
            case=case, date=day, precision=precision, status=status, summary="s"
        )
    events = Event.objects.filter(case=case)
    counted = month_counts(events)
    assert sorted(counted) == sorted(month_counts(list(events)))
    assert all(type(month) is dt.date for month, *_ in counted)
    assert (dt.date(2021, 10, 1), Event.Precision.DAY, "approved", 2) in counted
