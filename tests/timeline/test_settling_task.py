"""Settling a case (grouping it again from scratch) is a Celery task of its own,
with its own time limit, queued once no article of the case is in progress;
two settlings of one case never run at once. Real worker, Redis, PostgreSQL."""

import pytest
from django.conf import settings
from django.db import connection

from articles import ingestion
from tests.timeline.test_grouping import add
from tests.worker import Worker, purge_queue, wait_for
from timeline.models import Case
from timeline.regrouping import SETTLE_LOCK
from timeline.tasks import settle_case

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def needs_settling(case) -> bool:
    return Case.objects.get(pk=case.pk).needs_settling


def settlings(worker: Worker) -> list[bool]:
    """What each settling task the worker ran returned (written or not)."""
    lines = worker.log_path.read_text().splitlines()
    return [
        line.endswith(": True")
        for line in lines
        if "timeline.tasks.settle_case[" in line and " succeeded in " in line
    ]


def test_settling_has_a_time_limit_of_its_own():
    assert settle_case.time_limit == settings.CELERY_SETTLE_TIME_LIMIT
    assert settle_case.soft_time_limit < settle_case.time_limit
    assert not settle_case.acks_late  # a long settling is never handed out twice


def two_reports_of_one_charge(case) -> None:
    add(
        case,
        "Charge",
        "Prosecutors charged Alec Baldwin on Oct. 5, 2022.",
        "2022-10-06",
    )
    add(case, "Charged", "Alec Baldwin was charged on Oct. 5, 2022.", "2022-10-07")
    assert needs_settling(case)


def test_a_worker_settles_the_idle_case_and_one_settling_at_a_time(case):
    two_reports_of_one_charge(case)
    purge_queue()
    worker = Worker().start()
    try:
        # A settling of the case is running (this test holds its lock): the
        # worker's gives way and leaves the case as it is.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [SETTLE_LOCK, case.pk])
        ingestion.settle_when_idle(case.pk)
        wait_for(lambda: settlings(worker), 60, "the settling task to give way")
        assert settlings(worker) == [False]
        assert needs_settling(case)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [SETTLE_LOCK, case.pk])
        ingestion.settle_when_idle(case.pk)
        wait_for(lambda: not needs_settling(case), 60, "the case to be settled")
        wait_for(lambda: len(settlings(worker)) == 2, 10, "the task to end")
        assert settlings(worker) == [False, True]
    finally:
        worker.stop()


def test_a_settling_gives_way_to_an_import_begun_since_and_runs_once(case):
    from articles.models import Article

    two_reports_of_one_charge(case)
    waiting = Article.objects.create(
        case=case, title="queued", text="More news.", status=Article.Status.QUEUED
    )
    assert settle_case(case_id=case.pk) is False  # its last article settles
    assert needs_settling(case)
    Article.objects.filter(pk=waiting.pk).update(status=Article.Status.DONE)
    assert settle_case(case_id=case.pk) is True
    assert not needs_settling(case)
    assert settle_case(case_id=case.pk) is False  # a second one sent: nothing to do
