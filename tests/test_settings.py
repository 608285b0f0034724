import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings';"
    "from django.conf import settings as s;"
    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER,"
    " s.CELERY_BROKER_URL, s.DEBUG, s.CELERY_TASK_ACKS_LATE if hasattr(s,"
    " 'CELERY_TASK_ACKS_LATE') else '-', s.CELERY_WORKER_PREFETCH_MULTIPLIER,"
    " s.MAX_UPLOAD_MB)"
)


def probe(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DEBUG", "SECRET_KEY"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_it_runs_embedded_when_nothing_is_configured():
    out = probe().stdout.split()
    assert out[0] == "django.db.backends.sqlite3"
    assert out[1] == "True"  # tasks run in-process
    assert out[2] == "memory://"
    assert out[3] == "False"
    assert out[5] == "1"
    assert out[6] == "20"


def test_it_uses_postgres_and_redis_from_the_environment():
    out = probe(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/caseline",
        REDIS_URL="redis://127.0.0.1:6379/3",
        SECRET_KEY="s",
        MAX_UPLOAD_MB="5",
    ).stdout.split()
    assert out[0] == "django.db.backends.postgresql"
    assert out[1] == "False"
    assert out[2] == "redis://127.0.0.1:6379/3"
    assert out[6] == "5"


def test_it_rejects_a_boolean_it_cannot_read():
    result = probe(DEBUG="yes")
    assert result.returncode != 0
    assert "DEBUG must be True or False" in result.stderr


def test_it_requires_a_secret_key_in_production():
    result = probe(DATABASE_URL="postgres://postgres@127.0.0.1:5432/caseline")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_celery_is_configured_for_safe_redelivery(settings):
    from articles.tasks import extract_article_events

    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert extract_article_events.acks_late is True
    assert extract_article_events.reject_on_worker_lost is True


def test_it_refuses_the_placeholder_secret_key_unless_debugging():
    result = probe(SECRET_KEY="change-me", DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY is the placeholder 'change-me'" in result.stderr
    assert probe(SECRET_KEY="change-me", DEBUG="True").returncode == 0


PRODUCTION = {
    "DATABASE_URL": "postgres://caseline:caseline@db:5432/caseline",
    "REDIS_URL": "redis://redis:6379/0",
    "SECRET_KEY": "k3Jx9-vQ2mW7_pLr8ZtY4nB6cH1sDfGa0eUoIiKjMqNw5RyTxVbE",
    "DEBUG": "False",
    "ALLOWED_HOSTS": "caseline.example.org",
    "HTTPS": "True",
}


# Not passed on: the test run's own settings, and the flag the browser tests set
# in this process for Playwright (a deployment never has it; check --deploy
# rightly refuses it).
NOT_INHERITED = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "HTTPS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_the_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    # Without HTTPS=True the same check names what is missing.
    plain = manage("check", "--deploy", **{**PRODUCTION, "HTTPS": "False"})
    for warning in ["W004", "W008", "W012", "W016"]:
        assert warning in plain.stderr + plain.stdout


def test_docker_compose_runs_with_https_settings_and_a_required_secret_key():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "change-me" not in compose
    assert "SECRET_KEY: ${SECRET_KEY:?" in compose
    assert "HTTPS: ${HTTPS:-True}" in compose


def test_every_page_carries_the_content_security_policy(client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_a_worker_puts_what_it_loaded_out_of_the_collectors_sight():
    import gc

    from config.celery import load_nlp_in_worker

    gc.unfreeze()
    try:
        load_nlp_in_worker()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_worker_warms_the_pipeline_before_it_forks_its_pool():
    """worker_init is sent in the worker's main process, before the pool
    processes are forked: they inherit the pipeline loaded and run once.
    (The handler is called alone: the signal would also start Celery's
    Django fixups in this test process.)"""
    from celery.signals import worker_init

    from articles import engine
    from config.celery import load_nlp_before_the_pool

    assert any(ref() is load_nlp_before_the_pool for _key, ref in worker_init.receivers)
    engine._warmed.clear()
    load_nlp_before_the_pool()
    assert engine.model_name() in engine._warmed
