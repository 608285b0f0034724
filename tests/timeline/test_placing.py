"""Placing an article reads only what its dates and words reach
(timeline.candidates, timeline.regrouping.region); the case is settled (grouped
from scratch) once no article is in progress. Real engine, real PostgreSQL."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db.models import Count

from articles import ingestion
from articles.models import Article
from extraction.datevalue import DateValue
from tests.timeline.test_grouping import add, event_with, new_article
from timeline import candidates, matching, regrouping, sourcing
from timeline.grouping import _years
from timeline.models import Case, Event, EventSource, SourceKey, TermCount
from timeline.reach import ARTICLE_REACH

pytestmark = pytest.mark.django_db

# Pure parts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, inside, outside",
    [
        ("2021-10-21", ["2021-10-18", "2021-10-24", "2021-10", "2021"], ["2021-10-25"]),
        ("2021-10-30", ["2021-11-02", "2021-10"], ["2021-11-03", "2022"]),
        ("2021-10", ["2021-10-01", "2021-10-31", "2021"], ["2021-11", "2021-09-30"]),
        ("2021", ["2021-01", "2021-12-31"], ["2022", "2020-12-31"]),
    ],
)
def test_a_date_window_holds_every_date_that_can_relate(value, inside, outside):
    reach = candidates.Reach([candidates.date_window(value)])
    assert all(reach.covers(v) for v in inside)
    assert not any(reach.covers(v) for v in outside)


def test_keys_say_what_a_source_tells_centrally_and_what_it_mentions():
    features = {"act": ["charge"], "names": ["baldwin"], "core": ["charge"]}
    assert candidates.keys_of(features) == {"w:charge", "w:baldwin", "c:charge"}
    # Its candidates tell one of its terms centrally, or mention its core
    # (which their core is among).
    assert set(candidates.wanted_keys(features)) == {
        "c:baldwin",
        "w:charge",
        "t:charge",
    }


def test_a_source_is_found_for_a_term_under_one_key_only():
    """The candidate query adds up the weights of the terms found, each once."""
    wanted = {"act": ["charge", "shooting"], "names": ["baldwin"], "core": ["charge"]}
    stored = [
        {"act": ["charge"], "names": ["baldwin"], "core": ["charge"]},
        {"act": ["charge", "shooting"], "names": [], "core": ["shooting"]},
        # A core outside the terms (not what the engine gives) is a term too.
        {"act": [], "names": ["hutchins"], "core": ["charge", "shooting"]},
    ]
    keys = set(candidates.wanted_keys(wanted))
    terms, core = matching.index_terms(wanted)
    for features in stored:
        found = [k[2:] for k in candidates.keys_of(features) if k in keys]
        their_terms, their_core = matching.index_terms(features)
        # Its core among their terms, or their core among its terms.
        shared = (core & their_terms) | (terms & their_core)
        assert sorted(found) == sorted(shared)


@pytest.mark.parametrize(
    "value, years",
    [
        ("2021-06-15", {2021}),
        ("2021-12-30", {2021, 2022}),
        ("2022-01-02", {2021, 2022}),
        ("2021-12", {2021}),
    ],
)
def test_dates_that_relate_share_a_year_or_nearly(value, years):
    assert _years(value) == years


def _weight(term: str) -> float:
    """Invented weights: common words weigh little, names a lot."""
    return {"said": 0.1, "court": 0.5, "ruling": 1.0}.get(term, 5.0)


@pytest.mark.parametrize(
    "matches, kept",
    [
        # The rarest shared terms first, however many common ones others share.
        (
            [(0, 1, "c:said", "2022"), (0, 1, "w:court", "2022")]
            + [(0, 2, "c:okafor", "2022-03-04")]
            + [(0, n, "c:said", "2022-05") for n in range(3, 12)],
            {1, 2},
        ),
        # A term counts once, however many of its keys a source shares.
        (
            [(0, 1, "c:ruling", "2022"), (0, 1, "w:ruling", "2022")]
            + [(0, 2, "c:ruling", "2022"), (0, 2, "w:court", "2022")]
            + [(0, 3, "c:court", "2022")],
            {1, 2},
        ),
        # A date that cannot relate is no candidate, however rare its terms
        # (the index's window lets the next month in around a month's end).
        ([(1, 7, "c:okafor", "2022-04"), (1, 8, "c:said", "2022-03")], {8}),
        # Each unit keeps its own best; on a tie the oldest sources.
        (
            [(0, n, "c:said", "2022") for n in range(20, 30)]
            + [(1, n, "c:okafor", "2022-03") for n in range(40, 50)],
            {20, 21, 40, 41},
        ),
    ],
)
def test_the_best_candidates_share_the_rarest_terms(matches, kept, monkeypatch):
    monkeypatch.setattr(candidates, "PER_SOURCE", 2)
    units = [({}, "2022"), ({}, "2022-03-31")]
    assert candidates.best(units, matches, _weight) == kept


# In the database -------------------------------------------------------------------


def test_candidates_are_found_by_key_and_date(case):
    add(
        case,
        "Charge",
        "Prosecutors charged Alec Baldwin on Oct. 5, 2022.",
        "2022-10-06",
    )
    add(case, "Fire", "A fire destroyed a barn in Ohio on Oct. 5, 2022.", "2022-10-06")
    add(case, "Later", "Prosecutors charged Alec Baldwin on May 5, 2023.", "2023-05-06")
    charge = EventSource.objects.get(sentence__contains="Baldwin on Oct. 5")
    found = candidates.candidate_ids(
        case.pk, [(charge.features, "2022-10-06")], besides=[charge.pk]
    )
    sentences = {s.sentence for s in EventSource.objects.filter(pk__in=found)}
    assert sentences == set()  # nothing else of the same happening yet
    found = candidates.candidate_ids(case.pk, [(charge.features, "2022-10")])
    sentences = {s.sentence for s in EventSource.objects.filter(pk__in=found)}
    assert any("Baldwin on Oct. 5" in s for s in sentences)
    assert not any("barn" in s or "May 5" in s for s in sentences)


def test_placing_an_article_reads_only_its_region(case):
    add(
        case,
        "Charge",
        "Prosecutors charged Alec Baldwin on Oct. 5, 2022.",
        "2022-10-06",
    )
    for year in range(2000, 2010):
        add(
            case,
            f"Fire {year}",
            f"A fire destroyed a barn in Ohio on June 3, {year}.",
            f"{year}-06-04",
        )
    add(
        case,
        "Charged",
        "Alec Baldwin was charged by prosecutors on Oct. 5, 2022.",
        "2022-10-07",
    )
    new = EventSource.objects.get(article__title="Charged")
    found, seeds, placed, _ = regrouping.region(case.pk, [new.pk])
    assert {s.article.title for s in found.values()} == {"Charge", "Charged"}
    assert seeds == {new.pk} and not placed
    assert new.event_id == event_with(case, "Prosecutors charged").pk


def test_keys_are_stored_with_the_sources_and_go_with_them(case):
    article = add(
        case,
        "Charge",
        "Prosecutors charged Alec Baldwin on Oct. 5, 2022.",
        "2022-10-06",
    )
    source = EventSource.objects.get(article=article)
    stored = set(SourceKey.objects.filter(source=source).values_list("key", flat=True))
    assert stored == candidates.keys_of(source.features)
    assert set(
        SourceKey.objects.filter(source=source).values_list("date_value", flat=True)
    ) == {"2022-10-05"}
    ingestion.store_events(article, [])
    assert not SourceKey.objects.filter(case=case).exists()


def test_term_counts_are_the_cases(case):
    add(case, "One", "Prosecutors charged Alec Baldwin on Oct. 5, 2022.", "2022-10-06")
    add(case, "Two", "Alec Baldwin was charged on Oct. 5, 2022.", "2022-10-07")
    n, counts = candidates.term_counts(case.pk, ["baldwin", "nothing"])
    assert n == EventSource.objects.filter(event__case=case).count() == 2
    assert counts == {"baldwin": 2}


def _counted(case) -> dict[str, int]:
    """The case's term counts as stored, and as its keys say they should be."""
    stored = dict(
        TermCount.objects.filter(case=case, n__gt=0, key__startswith="w:").values_list(
            "key", "n"
        )
    )
    keys = SourceKey.objects.filter(case=case, key__startswith="w:")
    recount = dict(keys.values("key").annotate(n=Count("id")).values_list("key", "n"))
    assert stored == recount
    return stored


def test_term_counts_follow_the_keys_as_sources_come_go_and_move(case):
    one = add(
        case, "One", "Prosecutors charged Alec Baldwin on Oct. 5, 2022.", "2022-10-06"
    )
    two = add(case, "Two", "Alec Baldwin was charged on Oct. 5, 2022.", "2022-10-07")
    assert _counted(case)["w:baldwin"] == 2
    ingestion.store_events(one, [])  # its sources go, and their keys
    assert _counted(case)["w:baldwin"] == 1
    other = Case.objects.create(title="Other", slug="other")
    SourceKey.objects.filter(case=case).update(case=other)
    assert _counted(other)["w:baldwin"] == 1 and _counted(case) == {}
    SourceKey.objects.filter(case=other).update(case=case)
    two.delete()
    assert _counted(case) == {}


def _sources_counted(case) -> int:
    """The case's number of sources as stored (and checked against a count)."""
    stored = TermCount.objects.filter(case=case, key=candidates.SOURCES)
    n = stored.values_list("n", flat=True).first() or 0
    assert n == EventSource.objects.filter(event__case=case).count()
    return n


def test_the_number_of_sources_follows_them_as_they_come_go_and_move(case):
    one = add(
        case, "One", "Prosecutors charged Alec Baldwin on Oct. 5, 2022.", "2022-10-06"
    )
    add(case, "Two", "Alec Baldwin was charged on Oct. 5, 2022.", "2022-10-07")
    assert _sources_counted(case) == 2
    assert candidates.term_counts(case.pk, [])[0] == 2
    other = Case.objects.create(title="Other", slug="other")
    stray = Event.objects.create(
        case=other, **Event.date_fields(DateValue.parse("2022"))
    )
    moved = EventSource.objects.filter(article=one)
    moved.update(event=stray)  # a source moved to another case's event
    assert (_sources_counted(case), _sources_counted(other)) == (1, 1)
    Event.objects.filter(pk=stray.pk).update(case=case)  # the event moved back
    assert (_sources_counted(case), _sources_counted(other)) == (2, 0)
    EventSource.objects.filter(article=one).delete()
    assert _sources_counted(case) == 1
    Event.objects.filter(case=case).delete()  # with their sources
    assert _sources_counted(case) == 0
    assert candidates.term_counts(case.pk, [])[0] == 0


def test_the_database_ranks_candidates_as_best_does(case, monkeypatch):
    monkeypatch.setattr(candidates, "PER_SOURCE", 2)
    reports = [
        ("Charge", "Prosecutors charged Alec Baldwin on Oct. 30, 2022.", "2022-10-31"),
        (
            "Month",
            "Alec Baldwin was charged by prosecutors in October 2022.",
            "2022-11-20",
        ),
        ("Next", "Prosecutors charged Alec Baldwin in November 2022.", "2022-12-01"),
        ("Year", "Prosecutors charged Alec Baldwin in 2022.", "2023-01-10"),
        (
            "Other",
            "Prosecutors charged Mara Olsen with fraud on Nov. 1, 2022.",
            "2022-11-02",
        ),
        ("Again", "Prosecutors charged Tobias Grell on Oct. 29, 2022.", "2022-10-30"),
    ]
    for report in reports:
        add(case, *report)
    sources = list(EventSource.objects.filter(event__case=case))
    weights = regrouping.weights_for(case.pk, sources)
    for source in sources:
        units = [(source.features, source.date_value)]
        found = candidates._matches(case.pk, units, [source.pk])
        expected = candidates.best(units, found, weights)
        assert candidates._best_in_database(case.pk, units, [source.pk], weights) == (
            expected
        )
    # A day's window reaches into the next month; that month is no candidate.
    day = EventSource.objects.get(article__title="Charge")
    units = [(day.features, day.date_value)]
    found = candidates._best_in_database(case.pk, units, [day.pk], weights)
    assert "Next" not in {
        s.article.title for s in EventSource.objects.filter(pk__in=found)
    }


def test_placing_in_a_big_case_reads_the_best_few_candidates(case, monkeypatch):
    monkeypatch.setattr(candidates, "PER_SOURCE", 2)
    add(
        case,
        "Charge",
        "Prosecutors charged Alec Baldwin on Oct. 5, 2022.",
        "2022-10-06",
    )
    for day, name in enumerate(["Mara Olsen", "Tobias Grell", "Ines Varga", "Ola Kim"]):
        add(
            case,
            f"Other {day}",
            f"Prosecutors charged {name} with fraud on Oct. {day + 10}, 2022.",
            f"2022-10-{day + 20}",
        )
    add(
        case,
        "Month",
        "Alec Baldwin was charged by prosecutors in October 2022.",
        "2022-11-02",
    )
    new = EventSource.objects.get(article__title="Month")
    found, seeds, _, _ = regrouping.region(case.pk, [new.pk])
    titles = {s.article.title for s in found.values()}
    # Baldwin's charge, sharing a name, before any of the charges of others.
    assert "Charge" in titles and len(titles - {"Month"}) <= 2
    assert new.event_id == event_with(case, "Prosecutors charged Alec").pk


def test_a_precise_source_gathers_the_vague_mention_already_there(case):
    add(
        case,
        "Month",
        "Alec Baldwin fired a prop gun on a film set in October 2021.",
        "2021-11-01",
    )
    vague = EventSource.objects.get(article__title="Month")
    add(
        case,
        "Day",
        "Alec Baldwin fired a prop gun on a film set on Oct. 21, 2021.",
        "2021-11-02",
    )
    precise = EventSource.objects.get(article__title="Day")
    vague.refresh_from_db()
    assert vague.event_id == precise.event_id
    # The event that lives on is the older one, so links to it keep working.
    assert Event.objects.filter(pk=vague.event_id).exists()


def test_sentences_far_apart_in_a_long_text_are_read_in_stretches(case):
    told = "The council approved the harbour budget on March 3, 2023"
    filler = "The committee met again. " * (ARTICLE_REACH // 25 + 10)
    add(
        case,
        "Report",
        f"{told}. The council said so. {told}, it said. {filler}{told}.",
        "2023-03-10",
    )
    sources = list(
        EventSource.objects.filter(article__title="Report").order_by("sentence_start")
    )
    assert len(sources) == 3
    near, far = sources[:2], sources[2]
    assert near[0].event_id == near[1].event_id
    assert far.event_id != near[0].event_id


@pytest.fixture
def tasks_here(settings):
    """Tasks run in this process when queued (a worker runs the settling in
    test_settling_task)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_the_case_is_settled_once_no_article_is_in_progress(case, tasks_here):
    add(
        case,
        "Charge",
        "Prosecutors charged Alec Baldwin on Oct. 5, 2022.",
        "2022-10-06",
    )
    assert Case.objects.get(pk=case.pk).needs_settling
    waiting = Article.objects.create(
        case=case,
        title="waiting",
        text="x",
        status=Article.Status.QUEUED,
        published=dt.date(2022, 10, 7),
    )
    ingestion.settle_when_idle(case.pk)
    assert Case.objects.get(pk=case.pk).needs_settling
    Article.objects.filter(pk=waiting.pk).update(status=Article.Status.DONE)
    ingestion.settle_when_idle(case.pk)
    assert not Case.objects.get(pk=case.pk).needs_settling


def test_settling_gives_what_grouping_from_scratch_gives(case):
    from tests.timeline.test_grouping import ARTICLES, _grouping

    for article in reversed(ARTICLES):
        add(case, *article)
    regrouping.settle(case.pk)
    settled = _grouping(case)
    regrouping.regroup(case.pk)
    assert _grouping(case) == settled


def test_what_a_plan_read_changes_when_a_person_acts(case, editor):
    from timeline import editing
    from timeline.models import Membership

    add(
        case,
        *("Charge", "Prosecutors charged Alec Baldwin on Oct. 5, 2022.", "2022-10-06"),
    )
    before = regrouping._state(case.pk)
    event = Event.objects.get(case=case)
    membership = Membership.objects.get(case=case, user=editor)
    editing.review_event(event, membership, "approve", loaded_version=event.version)
    assert regrouping._state(case.pk) != before


REPORT = (
    "The harbour authority closed the northern pier on Monday after a cargo "
    "crane toppled onto two parked trucks during a storm, the port's "
    "spokeswoman said. Nobody was hurt, and engineers will inspect the "
    "remaining cranes before the pier reopens to ships later this week."
)


def _article(case, title: str, text: str) -> Article:
    return Article.objects.create(case=case, title=title, text=text)


def test_copies_of_one_story_are_found_by_a_band_of_their_fingerprints(case):
    first = _article(case, "Report", REPORT)
    sourcing.assign_stories([first])
    unrelated = _article(
        case,
        "Bakery",
        "A bakery in the old town won the regional bread prize for the third "
        "year running with a rye loaf baked in a wood oven.",
    )
    sourcing.assign_stories([unrelated])
    copy = _article(case, "Copy", REPORT.replace("the port's", "a"))
    sourcing.assign_stories([copy])
    first.refresh_from_db()
    copy.refresh_from_db()
    assert first.bands == matching.bands(first.fingerprint) != []
    assert copy.story_id == first.pk
    assert Article.objects.get(pk=unrelated.pk).story_id is None
    # Found through the bands: an article whose bands are not stored is not.
    Article.objects.filter(pk=first.pk).update(bands=[])
    again = _article(case, "Again", REPORT.replace("Nobody was", "No one was"))
    sourcing.assign_stories([again])
    assert again.story_id is None


def test_copies_in_one_batch_find_each_other_and_earlier_ones(case):
    """A batch is fingerprinted in order: a copy finds the first of its story
    whether that was stored before or earlier in the same batch."""
    before = _article(case, "Report", REPORT)
    sourcing.assign_stories([before])
    other = (
        "The county library will close its east branch for six weeks from "
        "Monday while workers replace the roof, the library board said on "
        "Thursday. Books on loan may be returned at the main branch, and the "
        "mobile library will stop outside the closed branch twice a week."
    )
    batch = [
        _article(case, "Copy", REPORT.replace("the port's", "a")),
        _article(case, "Other", other),
        _article(case, "Other copy", other.replace("the library board", "its board")),
    ]
    sourcing.assign_stories(batch)
    stories = dict(Article.objects.values_list("title", "story_id"))
    assert stories == {
        "Report": None,
        "Copy": before.pk,
        "Other": None,
        "Other copy": batch[1].pk,
    }


def test_the_bands_of_articles_fingerprinted_before_are_filled_in(case):
    article = _article(case, "Report", REPORT)
    sourcing.assign_stories([article])
    Article.objects.filter(pk=article.pk).update(bands=[])
    migration = importlib.import_module("articles.migrations.0008_article_bands")
    migration.band_fingerprints(apps, None)
    article.refresh_from_db()
    assert article.bands == matching.bands(article.fingerprint) != []


def test_a_deleted_event_that_loses_a_source_is_refreshed_from_the_rest(case):
    """Placing refreshes the events it touched from the sources it read; an
    event a person deleted is not among them, yet when it loses a source (its
    article processed again) its flag follows the source it keeps."""
    first = new_article(case, "Depot fire", "The depot burned on 3 May.", "2024-05-04")
    second = new_article(case, "Depot blaze", "It burned on 5 May.", "2024-05-06")
    event = Event.objects.create(
        case=case,
        date=dt.date(2024, 5, 3),
        precision=int(DateValue.parse("2024-05-03").precision),
        summary="The depot burned",
        sources_disagree=True,
    )
    for article, value in ((first, "2024-05-03"), (second, "2024-05-05")):
        EventSource.objects.create(
            event=event,
            article=article,
            sentence=article.text.split("\n\n")[1],
            sentence_start=len(article.title) + 2,
            sentence_end=len(article.text),
            date_value=value,
        )
    Event.objects.filter(pk=event.pk).update(deleted_at=dt.datetime.now(dt.UTC))
    ingestion.store_events(first, [])  # processed again: nothing found now
    event.refresh_from_db()
    assert list(event.sources.values_list("article", flat=True)) == [second.pk]
    assert not event.sources_disagree
