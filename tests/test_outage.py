"""The web app when its database is down: a friendly 503, never a bare 500.

Gunicorn, as deployed (DEBUG off), pointed at a PostgreSQL port nothing answers.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.worker import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app_without_database(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/caseline",
        "SECRET_KEY": "outage-test-key",
        "DEBUG": "False",
    }
    log = open(tmp_path / "gunicorn.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def answers() -> bool:
        try:
            requests.get(f"http://127.0.0.1:{port}/login/", timeout=10)
            return True
        except requests.RequestException:
            return False

    try:
        wait_for(answers, 60, "gunicorn to start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def test_pages_say_the_database_is_unreachable_and_nothing_is_lost(
    app_without_database,
):
    # A signed-in journalist (a session cookie) opening the case list.
    pages = [
        requests.get(
            app_without_database + "/", cookies={"sessionid": "x" * 32}, timeout=20
        )
    ]
    # Someone logging in: the form shows (it needs no database), sending it fails.
    browser = requests.Session()
    form = browser.get(app_without_database + "/login/", timeout=20)
    assert form.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    pages.append(
        browser.post(
            app_without_database + "/login/",
            data={
                "username": "jo",
                "password": "pw",
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": app_without_database + "/login/"},
            timeout=20,
        )
    )
    for response in pages:
        assert response.status_code == 503, response.text[:300]
        assert "Caseline cannot reach its database" in response.text
        assert "Nothing you saved is lost" in response.text
        assert "Try again in a minute" in response.text
        assert response.headers["Retry-After"] == "60"


def test_other_errors_stay_a_plain_500():
    from django.test import RequestFactory

    from config.errors import server_error_or_outage

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error_or_outage(RequestFactory().get("/"))
    assert response.status_code == 500
