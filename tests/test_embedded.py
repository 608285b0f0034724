"""The demo's embedded mode (README, "Set up"): on SQLite, with tasks run in the
web process, the migrations apply and a journalist who logs in and pastes an
article sees its events on the timeline, and a copy of it joins its story.

In a subprocess of its own: the rest of the suite runs on PostgreSQL, and
PostgreSQL-only SQL in a migration or in the code of this path (arrays, GIN
indexes, triggers) would pass there and break the demo unnoticed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Invented: a bridge closing for repairs, told by an outlet and its wire copy.
TEXT = (
    "Harbour bridge to close\n\n"
    "The council said on Tuesday that the Quayside swing bridge will close on "
    "14 March 2024 for six weeks of repairs. Engineers found corrosion in its "
    "main bearing during an inspection, {who} said."
)


def test_the_demo_runs_on_sqlite_with_tasks_in_process(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "CELERY_BROKER_URL", "TEST_DB_NAME", "DEBUG"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        SECRET_KEY="embedded-test-key",
        MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", "from tests.test_embedded import flow; flow()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("ok")


def flow() -> None:
    """Run in the subprocess: migrate an empty SQLite database, then log in,
    paste an article and its copy, and read the timeline."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article
    from timeline import candidates, matching
    from timeline.models import Case, Event, EventSource, Membership

    assert settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    assert settings.CELERY_TASK_ALWAYS_EAGER
    setup_test_environment()
    call_command("migrate", verbosity=0)

    case = Case.objects.create(title="Quayside bridge", slug="bridge")
    user = get_user_model().objects.create_user("jo", password="a long passphrase")
    Membership.objects.create(case=case, user=user, role=Membership.Role.JOURNALIST)
    client = Client()
    login = client.post("/login/", {"username": "jo", "password": "a long passphrase"})
    assert login.status_code == 302, login.status_code

    upload = f"/cases/{case.slug}/articles/upload/"
    for title, who in (
        ("Bridge to close", "a spokesperson"),
        ("Bridge (wire)", "an aide"),
    ):
        form = {"kind": "paste", "paste-title": title, "paste-published": "2024-03-05"}
        response = client.post(upload, {**form, "paste-text": TEXT.format(who=who)})
        assert response.status_code == 302, response.content[:500]

    first, copy = Article.objects.order_by("pk")
    assert (first.status, copy.status) == ("done", "done"), (first.error, copy.error)
    assert copy.story_id == first.pk  # found by a shared band of the fingerprint
    assert Article.objects.get(pk=first.pk).bands == first.bands != []
    closing = Event.objects.get(case=case, date="2024-03-14", deleted_at=None)
    assert closing.sources.count() == 2
    # The term counts the triggers keep on PostgreSQL are counted when asked.
    terms = matching.terms_of(closing.sources.first().features)
    n, counts = candidates.term_counts(case.pk, terms)
    assert n == EventSource.objects.filter(event__case=case).count()
    assert counts and max(counts.values()) >= 2, counts
    page = client.get(f"/cases/{case.slug}/").content.decode()
    assert "Quayside swing bridge" in page and "March 14, 2024" in page
    print("ok")
