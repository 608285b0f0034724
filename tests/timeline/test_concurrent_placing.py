"""Two workers place articles of one case at once: each plans its region
without a lock and writes under it only if nothing it read changed meanwhile
(timeline.regrouping.place). The window between the plan and the write is
opened here by running the other placement, or a person's action, in it.
Real engine, real PostgreSQL."""

import pytest

from articles import engine
from articles.ingestion import matching_features
from tests.timeline.test_grouping import events_of, new_article
from timeline import proposals, regrouping
from timeline.models import Case, Event, Membership

pytestmark = pytest.mark.django_db

REPORTS = [
    (
        "Bridge closed",
        "The county closed the Elm Street bridge on Tuesday after inspectors "
        "found cracks in two of its steel beams.",
        "2024-03-13",
    ),
    (
        "Elm Street bridge shut",
        "Inspectors found cracked steel beams, and the county closed the Elm "
        "Street bridge on March 12.",
        "2024-03-14",
    ),
]


def stored(case, title: str, body: str, published: str) -> proposals.Stored:
    """An article's sources stored, each on an event of its own, not placed."""
    article = new_article(case, title, body, published)
    found = engine.extract(article.text, article.published).events
    return proposals.store_many([(article, found, matching_features(found))])


def opened_window(monkeypatch, meanwhile) -> list[str]:
    """Run ``meanwhile`` once, just after the first plan is made."""
    real = regrouping.plan_region
    plans: list[str] = []

    def plan_region(case_id, changed=(), around=None):
        placement = real(case_id, changed, around)
        plans.append("plan")
        if len(plans) == 1:
            meanwhile()
        return placement

    monkeypatch.setattr(regrouping, "plan_region", plan_region)
    return plans


def test_a_placement_written_meanwhile_makes_the_other_plan_again(case, monkeypatch):
    first, second = (stored(case, *r) for r in REPORTS)
    plans = opened_window(monkeypatch, lambda: proposals.place(second))
    proposals.place(first)
    # first planned, second planned and wrote, first planned again and wrote
    assert plans == ["plan", "plan", "plan"]
    assert events_of(case) == [
        {("Bridge closed", "2024-03-12"), ("Elm Street bridge shut", "2024-03-12")}
    ]


def test_without_anything_meanwhile_the_plan_is_written_as_made(case, monkeypatch):
    first, second = (stored(case, *r) for r in REPORTS)
    proposals.place(first)
    plans = opened_window(monkeypatch, lambda: None)
    proposals.place(second)
    assert plans == ["plan"]
    assert len(events_of(case)) == 1


def test_a_persons_action_meanwhile_is_never_overwritten(case, editor, monkeypatch):
    first, second = (stored(case, *r) for r in REPORTS)
    proposals.place(first)
    event = Event.objects.get(case=case, deleted_at__isnull=True)
    membership = Membership.objects.get(case=case, user=editor)

    def reject():
        from timeline import editing

        editing.review_event(event, membership, "reject", loaded_version=event.version)

    plans = opened_window(monkeypatch, reject)
    proposals.place(second)
    assert plans == ["plan", "plan"]  # planned again, knowing of the rejection
    event.refresh_from_db()
    assert event.status == Event.Status.REJECTED
    assert {s.article.title for s in event.sources.all()} >= {"Bridge closed"}


def test_a_persons_action_in_another_case_meanwhile_changes_nothing(
    case, editor, monkeypatch
):
    other = Case.objects.create(title="Harbour fire", slug="harbour-fire")
    Membership.objects.create(case=other, user=editor, role="editor")
    proposals.place(stored(other, *REPORTS[0]))
    elsewhere = Event.objects.get(case=other, deleted_at__isnull=True)
    membership = Membership.objects.get(case=other, user=editor)
    first, second = (stored(case, *r) for r in REPORTS)
    proposals.place(first)

    def reject_elsewhere():
        from timeline import editing

        editing.review_event(
            elsewhere, membership, "reject", loaded_version=elsewhere.version
        )

    plans = opened_window(monkeypatch, reject_elsewhere)
    proposals.place(second)
    assert plans == ["plan"]  # the other case's rejection: nothing to plan again
    assert len(events_of(case)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_persons_action_waits_for_a_placement_being_written(case, editor):
    """A person's action takes the case lock before touching an event, as a
    worker writing a placement holds it: the two are one after the other, so a
    placement planned before the action always sees it (``regrouping.place``)."""
    import psycopg
    from django.db import OperationalError, connection

    from timeline import editing

    proposals.place(stored(case, *REPORTS[0]))
    event = Event.objects.get(case=case, deleted_at__isnull=True)
    membership = Membership.objects.get(case=case, user=editor)
    db = connection.settings_dict
    writer = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
    )
    try:
        writer.execute(
            "SELECT 1 FROM timeline_case WHERE id = %s FOR NO KEY UPDATE", [case.pk]
        )
        with connection.cursor() as cur:
            cur.execute("SET lock_timeout = '300ms'")
        with pytest.raises(OperationalError):
            editing.review_event(
                event, membership, "reject", loaded_version=event.version
            )
    finally:
        writer.rollback()
        writer.close()
        with connection.cursor() as cur:
            cur.execute("SET lock_timeout = 0")
    event.refresh_from_db()
    assert event.status != Event.Status.REJECTED
    editing.review_event(event, membership, "reject", loaded_version=event.version)
    assert Event.objects.get(pk=event.pk).status == Event.Status.REJECTED


@pytest.mark.django_db(transaction=True)
def test_an_upload_goes_in_while_a_placement_holds_the_case_lock(case):
    """The case lock (``Case.lock``) keeps placements and people's actions
    apart; an article uploaded meanwhile only refers to the case and is
    stored at once, and a second lock still waits."""
    import threading

    from django.db import OperationalError, connection, transaction

    held, release = threading.Event(), threading.Event()

    def placement() -> None:
        with transaction.atomic():
            Case.lock(case.pk)
            held.set()
            release.wait(10)
        connection.close()

    worker = threading.Thread(target=placement)
    worker.start()
    try:
        assert held.wait(10)
        with connection.cursor() as cur:
            cur.execute("SET lock_timeout = '300ms'")
        new_article(
            case, "Uploaded meanwhile", "The pier reopened on May 2.", "2024-05-03"
        )
        with pytest.raises(OperationalError), transaction.atomic():
            Case.lock(case.pk)
    finally:
        release.set()
        worker.join(10)
        with connection.cursor() as cur:
            cur.execute("SET lock_timeout = 0")
    assert case.articles.filter(title="Uploaded meanwhile").exists()
