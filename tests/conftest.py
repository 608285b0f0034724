import datetime as dt
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article
from tests.worker import RedisServer, broker
from timeline.models import Case, Event, EventSource, Membership

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session", autouse=True)
def private_task_queue():
    """Each test run sends its tasks to a queue of its own, so that messages left
    by an earlier run (or a worker killed on purpose) never reach this run's workers."""
    import os
    import time

    from config.celery import app

    name = f"caseline-test-{os.getpid()}-{int(time.time())}"
    # The app reads Django's CELERY_-prefixed names, so change it under that name.
    app.conf.CELERY_TASK_DEFAULT_QUEUE = name
    assert app.conf.task_default_queue == name
    yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def case(db) -> Case:
    return Case.objects.create(title="The Rust shooting", slug="rust")


def _member(case: Case, username: str, role: str | None):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    if role:
        Membership.objects.create(case=case, user=user, role=role)
    return user


@pytest.fixture
def editor(case):
    return _member(case, "edna", Membership.Role.EDITOR)


@pytest.fixture
def journalist(case):
    return _member(case, "jo", Membership.Role.JOURNALIST)


@pytest.fixture
def viewer(case):
    return _member(case, "vic", Membership.Role.VIEWER)


@pytest.fixture
def outsider(case):
    return _member(case, "otto", None)


@pytest.fixture
def article(case, journalist) -> Article:
    text = "Rust resumes\n\nThe producers said Wednesday that filming resumes."
    return Article.objects.create(
        case=case,
        title="Rust resumes",
        text=text,
        published=dt.date(2022, 10, 20),
        status=Article.Status.DONE,
        content_hash="x" * 64,
        uploaded_by=journalist,
    )


@pytest.fixture
def event(case, article) -> Event:
    event = Event.objects.create(
        case=case,
        date=dt.date(2022, 10, 19),
        precision=Event.Precision.DAY,
        summary="The producers said filming resumes",
        origin=Event.Origin.MACHINE,
    )
    start = article.text.index("The producers")
    EventSource.objects.create(
        event=event,
        article=article,
        sentence=article.text[start:],
        sentence_start=start,
        sentence_end=len(article.text),
        expression="Wednesday",
        expression_start=article.text.index("Wednesday"),
        expression_end=article.text.index("Wednesday") + len("Wednesday"),
        date_value="2022-10-19",
        anchor="publication",
        derivation="'Wednesday' → 19 Oct 2022",
    )
    return event


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    """A Redis of the test's own, as this process's broker; the test may stop it."""
    server = RedisServer().start()
    with broker(server.url):
        yield server
    server.stop()
