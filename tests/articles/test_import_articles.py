import io

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.articles import samples
from tests.worker import Worker, purge_queue

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_it_imports_files_and_waits_for_a_real_worker(case, tmp_path):
    (tmp_path / "good.txt").write_text(samples.SEED_LIKE)
    (tmp_path / "nodate.txt").write_text("Other news\n\nThe mayor resigned Monday.\n")
    (tmp_path / "bad.png").write_bytes(samples.PNG)
    purge_queue()
    worker = Worker().start()
    try:
        out = io.StringIO()
        call_command(
            "import_articles",
            "--case",
            case.slug,
            "--wait",
            "--published",
            "2022-10-20",
            str(tmp_path / "good.txt"),
            str(tmp_path / "bad.png"),
            stdout=out,
        )
        call_command(
            "import_articles",
            "--case",
            case.slug,
            "--wait",
            str(tmp_path / "nodate.txt"),
            str(tmp_path / "good.txt"),
            stdout=out,
        )
    finally:
        worker.stop()
    lines = out.getvalue().splitlines()
    assert (
        lines[0].startswith("done") and "events" in lines[0] and "good.txt" in lines[0]
    )
    assert lines[1].startswith("failed") and "PNG image" in lines[1]
    assert lines[2].startswith("duplicate")
    assert lines[3].startswith("needs_date") and "--published" in lines[3]
    assert Article.objects.filter(case=case).count() == 3
