"""The web process finds the extraction task by name without having imported
the task module (a fresh interpreter, as gunicorn or runserver start)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
import sys
assert "articles.tasks" not in sys.modules
from articles.queueing import extraction_task
print(extraction_task().name)
"""


def test_a_fresh_process_finds_the_extraction_task():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "articles.tasks.extract_article_events"
