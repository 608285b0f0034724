"""One event per happening: the grouping rules, order independence, and human
decisions as hard constraints. Articles are small texts written here, run
through the real engine and ingestion (PostgreSQL)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import ingestion
from articles.models import Article, content_hash
from timeline import editing, regrouping
from timeline.models import Distinction, Event, EventSource, Membership, Suggestion

pytestmark = pytest.mark.django_db


def new_article(case, title: str, body: str, published: str) -> Article:
    """An article of the case (its headline, a blank line, its body), not
    yet processed."""
    text = f"{title}\n\n{body}"
    return Article.objects.create(
        case=case,
        title=title,
        text=text,
        published=dt.date.fromisoformat(published),
        status=Article.Status.PROCESSING,
        content_hash=content_hash(text),
    )


def add(case, title: str, body: str, published: str) -> Article:
    """An article of the case, run through the real engine and ingestion."""
    article = new_article(case, title, body, published)
    text = article.text
    extracted = ingestion.engine.extract(text, article.published)
    ingestion.store_events(article, extracted.events)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE)
    return article


def events_of(case) -> list[set[tuple[str, str]]]:
    """Each live event as the set of (article title, date) of its sources."""
    return sorted(
        (
            {(s.article.title, s.date_value) for s in e.sources.all()}
            for e in Event.objects.filter(case=case, deleted_at__isnull=True)
        ),
        key=sorted,
    )


def event_with(case, words: str, date: str | None = None) -> Event:
    sources = EventSource.objects.filter(
        event__case=case, event__deleted_at__isnull=True, sentence__contains=words
    )
    if date:
        sources = sources.filter(date_value=date)
    return sources.get().event


# Rules, one small case each --------------------------------------------------------


def test_headline_and_body_of_one_article_are_one_happening(case):
    add(
        case,
        "Baldwin charged on Thursday over fatal Rust shooting",
        "Prosecutors in New Mexico charged Alec Baldwin with involuntary "
        "manslaughter on Thursday over the shooting on the set of Rust.",
        "2023-01-20",
    )
    headline = event_with(case, "Baldwin charged on Thursday")
    body = event_with(case, "Prosecutors in New Mexico")
    assert headline == body


def test_two_acts_told_of_one_day_in_one_article_stay_apart(case):
    add(
        case,
        "Verdict in fraud trial",
        "The jurors began deliberating on Thursday morning after closing "
        "arguments ended. The judge read the guilty verdict on Thursday evening "
        "and set sentencing for March.",
        "2023-11-03",
    )
    deliberating = event_with(case, "began deliberating")
    assert deliberating != event_with(case, "guilty verdict", "2023-11-02")


def test_a_vague_mention_joins_the_precise_happening_it_names(case):
    add(
        case,
        "Director charged",
        "Prosecutors charged the armorer Hannah Gutierrez with involuntary "
        "manslaughter on Jan. 31, 2023.",
        "2023-02-01",
    )
    add(
        case,
        "Looking back",
        "The armorer Hannah Gutierrez was charged with involuntary manslaughter "
        "in January 2023.",
        "2023-06-01",
    )
    assert event_with(case, "Prosecutors charged") == event_with(case, "was charged")


def test_a_vague_mention_never_links_two_precise_happenings(case):
    add(
        case,
        "Hearing and ruling",
        "The judge held a hearing on the motion on July 8, 2024. "
        "The jury was seated on July 9, 2024.",
        "2024-07-10",
    )
    add(
        case,
        "July recap",
        "In July 2024 the judge held a hearing and the jury was seated.",
        "2024-08-01",
    )
    assert event_with(case, "held a hearing on the motion") != event_with(
        case, "jury was seated on"
    )


def test_a_date_derived_from_an_event_is_not_that_event(case):
    add(
        case,
        "Anniversary",
        "The shooting on the set killed Halyna Hutchins on Oct. 21, 2021. "
        "A year after the shooting, the producers settled the lawsuit.",
        "2022-12-01",
    )
    settled = event_with(case, "settled the", "2022-10")
    assert event_with(case, "killed Halyna") != settled
    # "the shooting" in the same sentence names the shooting again: one event.
    assert event_with(case, "killed Halyna") == event_with(
        case, "settled the", "2021-10-21"
    )


def test_everywhere_is_not_a_named_place(case):
    add(
        case,
        "Grounding",
        "The regulator grounded the jet in the United States on March 13, 2019.",
        "2019-03-14",
    )
    add(
        case,
        "Two years on",
        "Regulators grounded the jet worldwide in 2019.",
        "2021-01-10",
    )
    assert event_with(case, "United States") != event_with(case, "worldwide")


# Order and decisions ---------------------------------------------------------------

ARTICLES = [
    (
        "Baldwin charged",
        "Prosecutors charged Alec Baldwin with involuntary manslaughter on "
        "Tuesday over the shooting of Halyna Hutchins.",
        "2023-01-19",
    ),
    (
        "Charge for Baldwin",
        "Alec Baldwin was charged with involuntary manslaughter on Jan. 17, 2023, "
        "prosecutors said.",
        "2023-01-20",
    ),
    (
        "Charge dropped",
        "Prosecutors dropped the charge against Alec Baldwin on Thursday. "
        "Baldwin had been charged in January.",
        "2023-04-21",
    ),
    (
        "Trial set",
        "A judge set Baldwin's trial for July 9, 2024, after a grand jury "
        "indicted him on Jan. 19, 2024.",
        "2024-02-01",
    ),
    (
        "Indicted again",
        "A grand jury in Santa Fe indicted Alec Baldwin on Friday on a charge of "
        "involuntary manslaughter.",
        "2024-01-20",
    ),
]


def _grouping(case) -> set[frozenset]:
    return {frozenset(e) for e in events_of(case)}


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(order=st.permutations(range(len(ARTICLES))))
def test_any_order_gives_the_same_events_once_settled(case, order):
    """Each article places its own sources; once the import is over the case
    is settled (grouped from scratch), which no order changes."""
    Event.objects.filter(case=case).delete()
    Article.objects.filter(case=case).delete()
    for i in order:
        add(case, *ARTICLES[i])
    regrouping.settle(case.pk)
    found = _grouping(case)
    Event.objects.filter(case=case).delete()
    Article.objects.filter(case=case).delete()
    for article in ARTICLES:
        add(case, *article)
    regrouping.settle(case.pk)
    assert found == _grouping(case)


def test_a_merge_stays_merged_and_an_approved_event_keeps_its_text(case, editor):
    for article in ARTICLES[:3]:
        add(case, *article)
    membership = Membership.objects.get(user=editor, case=case)
    charged = event_with(case, "Prosecutors charged Alec")
    dropped = event_with(case, "dropped the charge")
    assert charged != dropped
    merged = editing.merge_events(
        [charged, dropped],
        membership,
        [],
        target=charged,
        summary="Baldwin charged, then the charge dropped",
    )
    for article in ARTICLES[3:]:
        add(case, *article)
    merged.refresh_from_db()
    assert merged.deleted_at is None
    assert merged.summary == "Baldwin charged, then the charge dropped"
    sentences = {s.sentence[:20] for s in merged.sources.all()}
    assert {"Prosecutors charged ", "Prosecutors dropped "} <= sentences


def test_a_detached_source_stays_where_the_person_put_it(case, editor):
    for article in ARTICLES[:2]:
        add(case, *article)
    from timeline import sourcing

    membership = Membership.objects.get(user=editor, case=case)
    source = EventSource.objects.get(sentence__contains="was charged with")
    assert source.event.sources.count() == 2
    alone = sourcing.detach_source(source, membership)
    for article in ARTICLES[2:]:
        add(case, *article)
    source.refresh_from_db()
    assert source.event_id == alone.pk
    origin = EventSource.objects.get(sentence__contains="Prosecutors charged Alec")
    assert origin.event_id != alone.pk


def test_not_the_same_is_remembered(case, editor):
    for article in ARTICLES[:2]:
        add(case, *article)
    membership = Membership.objects.get(user=editor, case=case)
    source = EventSource.objects.get(sentence__contains="was charged with")
    other = EventSource.objects.get(sentence__contains="Prosecutors charged")
    assert source.event_id == other.event_id
    from timeline import sourcing

    alone = sourcing.detach_source(source, membership)
    regrouping.keep_apart(alone, other.event, membership)
    assert Distinction.objects.filter(case=case).count() == 1
    # Even once the person's events are reopened as machine proposals, the
    # two never group again.
    Event.objects.filter(case=case).update(edited_by_person=False)
    Event.objects.get(pk=alone.pk).changes.all().delete()
    Event.objects.get(pk=other.event_id).changes.all().delete()
    add(case, *ARTICLES[2])
    source.refresh_from_db()
    other.refresh_from_db()
    assert source.event_id != other.event_id


def test_suggestions_pair_two_events_and_merge_keeps_one(case, editor):
    add(
        case,
        "Hearing and ruling",
        "The judge held a hearing on the motion on July 8, 2024. "
        "The judge held a hearing on the jury on July 9, 2024.",
        "2024-07-10",
    )
    add(case, "Recap", "The judge held a hearing in July 2024.", "2024-08-01")
    vague = event_with(case, "hearing in July")
    suggested = Suggestion.objects.filter(event=vague)
    assert suggested.count() == 2
    assert {s.other for s in suggested} == {
        event_with(case, "on the motion"),
        event_with(case, "on the jury"),
    }


def test_pairs_of_keys_are_stable_across_imports(case):
    add(case, *ARTICLES[0])
    keys = [regrouping.key_of(s) for s in EventSource.objects.filter(event__case=case)]
    assert all(
        k[0] == content_hash(f"{ARTICLES[0][0]}\n\n{ARTICLES[0][1]}") for k in keys
    )
    assert len(set(keys)) == len(keys)


def test_an_incident_and_the_death_in_it_are_one_happening(case):
    add(
        case,
        "Crash",
        "A small plane crashed into a field near the airport on Sunday, July 7, "
        "2024. The pilot died later that day at a hospital in the city.",
        "2024-07-08",
    )
    add(
        case,
        "Pilot named",
        "The pilot who was killed on July 7, 2024, was named on Monday.",
        "2024-07-09",
    )
    crash = event_with(case, "crashed into a field")
    assert event_with(case, "died later that day") == crash
    assert event_with(case, "who was killed", "2024-07-07") == crash
