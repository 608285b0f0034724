"""Merging on ingest: one event per happening, with its sources, how well they
corroborate it, where they disagree, dates hanging on other events, detaching a
source and deleting an article."""

import csv
import dataclasses
import datetime as dt
import io

import pytest
from django.urls import reverse

import extraction
from articles import ingestion
from articles.models import Article
from timeline import corroboration, dependencies
from timeline.filters import filter_events
from timeline.models import Event, EventChange, EventSource, Membership

pytestmark = pytest.mark.django_db

SHOOTING = (
    "Alec Baldwin fired a prop gun on the set of the film Rust, killing the "
    "cinematographer Halyna Hutchins"
)


@dataclasses.dataclass(frozen=True)
class Found:
    """What the date engine gives for one (sentence, date)."""

    date: str
    sentence: str
    sentence_start: int = 0
    summary: str = ""
    actors: tuple = ()
    qualifier: str = "exact"
    expression: str | None = "Thursday"
    expression_start: int | None = None
    expression_end: int | None = None
    derivation: str = ""
    anchor: str = "publication"
    anchor_index: int | None = None
    offset: str | None = None

    @property
    def sentence_end(self) -> int:
        return self.sentence_start + len(self.sentence)


def make_article(case, title, text, *, outlet="", published=dt.date(2021, 10, 22)):
    return Article.objects.create(
        case=case,
        title=title,
        outlet=outlet,
        text=text,
        published=published,
        status=Article.Status.DONE,
        content_hash=title.ljust(64, "x")[:64],
    )


def ingest(case, title, sentence, date, *, outlet="", text=None, **extra):
    text = text or f"{title}\n\n{sentence}"
    article = make_article(case, title, text, outlet=outlet)
    start = text.index(sentence)
    found = Found(date=date, sentence=sentence, sentence_start=start, **extra)
    ingestion.store_events(article, [found])
    return article, EventSource.objects.get(article=article, sentence_start=start)


def test_it_attaches_a_retelling_to_the_existing_event(case):
    _, first = ingest(case, "AP", f"On Thursday {SHOOTING}.", "2021-10-21")
    _, second = ingest(
        case, "Reuters", f"In October 2021 {SHOOTING} in New Mexico.", "2021-10"
    )
    assert Event.objects.filter(case=case).count() == 1
    assert second.event_id == first.event_id
    assert first.match_note == ""
    assert second.match_note.startswith("Matched with “AP”: compatible dates")
    assert "2021-10 and 2021-10-21" in second.match_note


def test_it_dates_the_event_by_its_most_precise_source(case):
    _, vague = ingest(
        case, "Reuters", f"In October 2021 {SHOOTING} in New Mexico.", "2021-10"
    )
    assert vague.event.date_value == "2021-10"
    _, precise = ingest(case, "AP", f"On Thursday {SHOOTING}.", "2021-10-21")
    event = Event.objects.get(pk=vague.event_id)
    assert precise.event_id == event.pk
    assert event.date_value == "2021-10-21"
    assert event.precision == Event.Precision.DAY
    assert event.sources.count() == 2  # the vaguer source stays as support


def test_an_approved_event_gains_a_source_but_keeps_its_text_and_date(case, editor):
    _, vague = ingest(
        case, "Reuters", f"In October 2021 {SHOOTING} in New Mexico.", "2021-10"
    )
    event = vague.event
    event.summary = "Baldwin's prop gun kills Halyna Hutchins"
    event.status = Event.Status.APPROVED
    event.edited_by_person = True
    event.save()
    before = event.snapshot(), event.version
    _, precise = ingest(case, "AP", f"On Thursday {SHOOTING}.", "2021-10-21")
    event.refresh_from_db()
    assert precise.event_id == event.pk
    assert (event.snapshot(), event.version) == before
    assert event.date_value == "2021-10"


def test_sources_that_disagree_on_the_day_flag_the_event(case, editor, client):
    _, thursday = ingest(case, "AP", f"On Thursday {SHOOTING}.", "2021-10-21")
    _, friday = ingest(
        case, "Daily", f"On Friday {SHOOTING}.", "2021-10-22", outlet="Daily"
    )
    event = Event.objects.get(pk=thursday.event_id)
    assert friday.event_id == event.pk
    assert event.sources_disagree
    assert "dates a few days apart" in friday.match_note
    assert event.date_value == "2021-10-21"  # the first stays until someone picks
    events, _ = filter_events(case, {"disagree": "on"})
    assert list(events) == [event]
    assert not filter_events(case, {"disagree": ""})[0].filter(sources_disagree=False)
    # Both dates are shown with their sources, and the editor picks.
    client.force_login(editor)
    page = client.get(case.get_absolute_url()).text
    assert "Sources disagree" in page
    # The dates and the choice are in the event's sources panel.
    url = reverse("timeline:event_sources", args=[case.slug, event.code])
    panel = client.get(url, headers={"HX-Request": "true"}).text
    assert "Oct. 21, 2021" in panel and "Use Oct. 22, 2021" in panel
    response = client.post(
        reverse("timeline:event_pick_date", args=[case.slug, event.code]),
        {"source": friday.pk, "version": event.version},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.date_value == "2021-10-22"
    assert event.changes.filter(action=EventChange.Action.EDITED).exists()
    # The flag is in the CSV export.
    response = client.get(
        reverse("exports:case_export_csv", args=[case.slug]) + "?disagree=on"
    )
    csv_text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [r["Sources disagree on"] for r in rows] == [
        "2021-10-21 (1); 2021-10-22 (1)"
    ]


def test_copies_of_one_story_count_once(case, editor, client):
    wire = (
        "Baldwin shooting\n\nSANTA FE, N.M. (AP) — "
        + f"On Thursday {SHOOTING}, and wounded the director Joel Souza, the "
        "authorities said. The shooting happened at the Bonanza Creek Ranch "
        "during the filming of the western, which was being shot on a small "
        "budget in the desert south of Santa Fe."
    )
    sentence = f"On Thursday {SHOOTING}, and wounded the director Joel Souza, the "
    sentence += "authorities said."
    first, s1 = ingest(
        case, "Wire", sentence, "2021-10-21", text=wire, outlet="Santa Fe Post"
    )
    copy = wire.replace("SANTA FE, N.M. (AP) — ", "(AP) — ")
    second, s2 = ingest(
        case, "Wire copy", sentence, "2021-10-21", text=copy, outlet="Desert Star"
    )
    _, s3 = ingest(
        case, "Own report", f"In October 2021 {SHOOTING} in New Mexico.", "2021-10"
    )
    second.refresh_from_db()
    assert second.story_id == first.pk
    assert s1.event_id == s2.event_id == s3.event_id
    event = Event.objects.get(pk=s1.event_id)
    assert event.sources.count() == 3
    assert event.independent_sources == 2
    groups = corroboration.story_groups(event.sources.all())
    assert [g.is_copies for g in groups].count(True) == 1
    client.force_login(editor)
    page = client.get(case.get_absolute_url()).text
    assert "3 articles · 2 independent" in page
    url = reverse("timeline:event_sources", args=[case.slug, event.code])
    panel = client.get(url, headers={"HX-Request": "true"}).text
    assert "Copies of one story (2 articles)" in panel


def test_correcting_an_anchor_derives_the_dependent_date_again(case, editor, client):
    article = make_article(case, "Rust", "x" * 200)
    anchor = Event.objects.create(
        case=case,
        date=dt.date(2021, 10, 21),
        precision=Event.Precision.DAY,
        summary="Halyna Hutchins is shot on the Rust set",
        origin=Event.Origin.MACHINE,
        status=Event.Status.APPROVED,
    )
    dependent = Event.objects.create(
        case=case,
        date=dt.date(2021, 10, 23),
        precision=Event.Precision.DAY,
        summary="Police search the set",
        origin=Event.Origin.MACHINE,
        status=Event.Status.APPROVED,
    )
    source = EventSource.objects.create(
        event=dependent,
        article=article,
        sentence="Two days after the shooting, police searched the set.",
        sentence_start=0,
        sentence_end=50,
        expression="Two days after the shooting",
        date_value="2021-10-23",
        anchor=EventSource.Anchor.EVENT,
        depends_on=anchor,
        offset="+P2D",
    )
    client.force_login(editor)
    response = client.post(
        reverse("timeline:event_edit", args=[case.slug, anchor.code]),
        {
            "version": anchor.version,
            "date": "2021-10-22",
            "qualifier": "exact",
            "summary": anchor.summary,
            "actors": "",
        },
    )
    assert response.status_code == 302
    dependent.refresh_from_db()
    source.refresh_from_db()
    assert source.date_value == "2021-10-24"
    assert dependent.date_value == "2021-10-24"
    assert dependent.status == Event.Status.PROPOSED  # back for approval
    change = dependent.changes.get(action=EventChange.Action.REDERIVED)
    assert "Two days after the shooting" in change.note
    assert "Oct. 22, 2021" in change.note and "was Oct. 23, 2021" in change.note


def test_it_links_dates_the_engine_derived_from_another_event(case):
    text = "Rust\n\nA year after the shooting, the producers settled. The shooting."
    article = make_article(case, "Rust", text)
    settled = Found(
        date="2022-10",
        sentence="A year after the shooting, the producers settled.",
        sentence_start=6,
        anchor="event",
        anchor_index=1,
        offset="+P1Y",
    )
    shooting = Found(
        date="2021-10-21",
        sentence="On Thursday Halyna Hutchins was shot.",
        sentence_start=57,
    )
    ingestion.store_events(article, [settled, shooting])
    source = EventSource.objects.get(article=article, sentence_start=6)
    assert source.depends_on == EventSource.objects.get(sentence_start=57).event
    assert source.offset == "+P1Y"
    anchor = source.depends_on
    anchor.date = dt.date(2021, 11, 2)
    anchor.save()
    dependencies.rederive_dependents(anchor)
    source.refresh_from_db()
    assert source.date_value == "2022-11"


def test_detaching_a_source_makes_it_an_event_of_its_own(case, journalist, client):
    _, first = ingest(case, "AP", f"On Thursday {SHOOTING}.", "2021-10-21")
    _, second = ingest(
        case, "Reuters", f"In October 2021 {SHOOTING} in New Mexico.", "2021-10"
    )
    origin = first.event
    assert second.event_id == origin.pk
    client.force_login(journalist)
    response = client.post(
        reverse("timeline:source_detach", args=[case.slug, second.pk])
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.event_id != origin.pk
    assert second.match_note == ""
    detached = second.event
    assert detached.date_value == "2021-10"
    assert detached.edited_by_person  # re-processing keeps it apart
    assert detached.changes.get().action == EventChange.Action.SOURCE_DETACHED
    origin.refresh_from_db()
    assert list(origin.sources.all()) == [first]
    assert origin.changes.filter(action=EventChange.Action.SOURCE_DETACHED).exists()


def test_a_viewer_cannot_detach(case, viewer, client):
    _, first = ingest(case, "AP", f"On Thursday {SHOOTING}.", "2021-10-21")
    _, second = ingest(
        case, "Reuters", f"In October 2021 {SHOOTING} in New Mexico.", "2021-10"
    )
    client.force_login(viewer)
    url = reverse("timeline:source_detach", args=[case.slug, second.pk])
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405


def test_reprocessing_an_article_keeps_the_events_others_support(case):
    first, s1 = ingest(case, "AP", f"On Thursday {SHOOTING}.", "2021-10-21")
    _, s2 = ingest(
        case, "Reuters", f"In October 2021 {SHOOTING} in New Mexico.", "2021-10"
    )
    event = s1.event
    ingestion.store_events(first, [])  # the engine now finds nothing in it
    event.refresh_from_db()
    assert list(event.sources.all()) == [s2]
    assert event.date_value == "2021-10"  # dated by what remains


def test_deleting_an_article_removes_its_sources_and_what_only_it_supported(
    case, journalist, editor, client
):
    text = (
        f"AP\n\nOn Thursday {SHOOTING}. In March, the producers hired a new "
        "armorer. The sheriff opened an inquiry in November."
    )
    article = make_article(case, "AP", text)
    shooting = f"On Thursday {SHOOTING}."
    hired = "In March, the producers hired a new armorer."
    inquiry = "The sheriff opened an inquiry in November."
    ingestion.store_events(
        article,
        [
            Found("2021-10-21", shooting, text.index(shooting)),
            Found("2021-03", hired, text.index(hired)),
            Found("2021-11", inquiry, text.index(inquiry)),
        ],
    )
    _, other = ingest(
        case, "Reuters", f"In October 2021 {SHOOTING} in New Mexico.", "2021-10"
    )
    shared = other.event
    only_here = EventSource.objects.get(sentence=hired).event
    reviewed = EventSource.objects.get(sentence=inquiry).event
    reviewed.status = Event.Status.APPROVED
    reviewed.edited_by_person = True
    reviewed.save()
    client.force_login(journalist)
    url = reverse("articles:article_delete", args=[case.slug, article.pk])
    page = " ".join(client.get(url).text.split())
    assert "1 event only this article supports" in page
    response = client.post(url)
    assert response.status_code == 302
    # In the trash: off the untouched events; the reviewed one keeps its source.
    assert Article.objects.get(pk=article.pk).trashed_at is not None
    assert not Event.objects.filter(pk=only_here.pk).exists()
    shared.refresh_from_db()
    assert list(shared.sources.all()) == [other]
    assert shared.date_value == "2021-10"
    reviewed.refresh_from_db()
    assert reviewed.sources.get().article == article
    # Purged from the trash: a person's event stays, with the reason.
    purge = reverse("articles:article_purge", args=[case.slug, article.pk])
    page = " ".join(client.get(purge).text.split())
    assert "would be left with none" in page and reviewed.summary[:40] in page
    assert client.post(purge).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    reviewed.refresh_from_db()
    assert not reviewed.sources.exists()
    assert "was deleted" in reviewed.changes.get().note


def test_a_viewer_cannot_delete_an_article(case, viewer, client):
    article = make_article(case, "AP", "AP\n\nText.")
    client.force_login(viewer)
    url = reverse("articles:article_delete", args=[case.slug, article.pk])
    assert client.post(url).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_deleting_the_first_copy_keeps_the_others_grouped(case, journalist):
    a = make_article(case, "A", "a")
    b = make_article(case, "B", "b")
    c = make_article(case, "C", "c")
    Article.objects.filter(pk__in=[b.pk, c.pk]).update(story=a)
    membership = Membership.objects.get(user=journalist)
    ingestion.trash_article(a, membership)
    ingestion.purge_article(a, membership)
    b.refresh_from_db()
    c.refresh_from_db()
    assert b.story is None and c.story_id == b.pk
    assert corroboration.independent_count([]) == 0


def test_an_article_naming_its_own_events_again_keeps_one_event_each(case):
    text = (
        "Refinery blast\n\n"
        "A gas tank exploded at the Hillside refinery on Jan. 5, injuring nine "
        "workers. On Tuesday the county council voted to close the plant for good. "
        "Regulators cut the refinery's output after the January explosion. "
        "Union leaders called Tuesday's decision a betrayal of the workers."
    )
    published = dt.date(2024, 2, 8)
    article = make_article(case, "Refinery blast", text, published=published)
    found = extraction.extract(text, published).events
    assert {f.date for f in found} >= {"2024-01-05", "2024-01", "2024-02-06"}
    ingestion.store_events(article, found)

    def source(words):
        return EventSource.objects.get(article=article, sentence__contains=words)

    exploded, after = source("gas tank exploded"), source("January explosion")
    assert after.event_id == exploded.event_id
    assert "names it again as “January explosion”" in after.match_note
    voted, reaction = source("council voted"), source("Tuesday's decision")
    assert reaction.event_id == voted.event_id != exploded.event_id
    assert "names it again as “Tuesday's decision”" in reaction.match_note


def test_a_source_that_retells_two_events_joins_them(case):
    """A later sentence can show that two events kept apart are one happening:
    "the March collapse" of one article and the ship striking the bridge in
    another meet in that article's own account of the night."""

    def ingest_text(title, text, published):
        article = make_article(case, title, text, published=published)
        ingestion.store_events(article, extraction.extract(text, published).events)
        return article

    ingest_text(
        "Wire",
        "Ship hits bridge\n\nA container ship struck the Harbor Bridge at about "
        "1:30 a.m. on Tuesday, and rescuers searched the river for workers.",
        dt.date(2024, 3, 27),
    )
    second = ingest_text(
        "Settlement",
        "Owners settle\n\nThe owners agreed on Thursday to pay $90 million to settle "
        "a lawsuit over the March collapse of the Harbor Bridge.\n\n"
        "The Harbor Bridge collapsed shortly before 1:30 a.m. on March 26, "
        "killing six road workers.",
        dt.date(2024, 10, 25),
    )
    collapse = EventSource.objects.get(article=second, sentence__contains="collapsed")
    assert collapse.date_value == "2024-03-26"
    event = collapse.event
    dates = sorted(event.sources.values_list("date_value", flat=True))
    assert dates == ["2024-03", "2024-03-26", "2024-03-26"]
    assert Event.objects.filter(case=case, date__month=3).count() == 1
    joined = EventSource.objects.get(
        article=second, sentence__contains="March collapse", date_value="2024-03"
    )
    assert joined.match_note.startswith("Matched with “Settlement”")
    assert "the article names it again as “March collapse”" in joined.match_note
