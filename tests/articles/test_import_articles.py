import io
import json

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
    assert lines[0].startswith("rejected") and "PNG image" in lines[0]
    assert lines[1].startswith("done") and "good.txt" in lines[1]
    assert lines[2].startswith("duplicate")
    assert lines[3].startswith("needs_date") and "--published" in lines[3]
    assert Article.objects.filter(case=case).count() == 2


GERMAN = (
    "Prozess in Santa Fe\n\nDer Prozess gegen den Waffenmeister wurde am "
    "03.11.2022 in Santa Fe eröffnet, sagte die Staatsanwaltschaft. Die "
    "Verteidigung hat nicht gesagt, ob sie in Berufung gehen wird, und die "
    "Familie des Opfers ist mit dem Urteil nicht zufrieden.\n"
)
MARKDOWN = (
    "---\ntitle: Hearing set\ndate: 2022-03-01\n---\n"
    "# Hearing set\n\nThe **judge** said in a [court filing](https://x.example/f) "
    "that the hearing would go ahead.\n\n"
    "- On February 14, 2022 the *defence* asked for a delay\n"
    "- The court refused\n"
)
DATELINE = (
    "Crew members sue\nPosted: Thursday, October 20, 2022\n\n"
    "Two crew members said Wednesday that they had filed a lawsuit.\n"
)


def test_json_lines_report_every_file_in_input_order(case, tmp_path):
    files = {
        "a-markdown.md": MARKDOWN.encode(),
        "b-empty.txt": b"",
        "c-german.txt": GERMAN.encode(),
        "d-notes.rtf": b"{\\rtf1\\ansi Some notes}",
        "e-dateline.txt": DATELINE.encode(),
        "f-nodate.txt": b"Mayor resigns\n\nThe mayor resigned Monday, aides said.\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    purge_queue()
    worker = Worker().start()
    try:
        out = io.StringIO()
        call_command(
            "import_articles",
            "--case",
            case.slug,
            "--json",
            "--published",
            "2022-10-24",
            *(str(tmp_path / name) for name in files),
            stdout=out,
        )
    finally:
        worker.stop()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["file"] for line in lines] == [str(tmp_path / n) for n in files]
    md, empty, german, rtf, dateline, nodate = lines
    assert set(md) == {
        "file",
        "status",
        "reason",
        "warnings",
        "published",
        "published_source",
        "title",
        "text",
        "events",
    }
    # Markdown: markup stripped, the list item a sentence of its own, its own
    # date kept although --published was given.
    assert md["status"] == "done", md
    assert (md["title"], md["published"]) == ("Hearing set", "2022-03-01")
    assert md["published_source"] == "front matter"
    assert "**" not in md["text"] and "](" not in md["text"]
    assert "in a court filing that" in md["text"]
    feb = [e for e in md["events"] if e["date"] == "2022-02-14"]
    assert (
        feb
        and feb[0]["sentence"] == "On February 14, 2022 the defence asked for a delay."
    )
    assert (empty["status"], empty["reason"]) == ("rejected", "The file is empty.")
    assert rtf["status"] == "rejected" and ".docx" in rtf["reason"]
    # Not English: imported, warned, dated only where certain (day first).
    assert german["status"] == "done", german
    assert any("German" in w for w in german["warnings"])
    assert [e["date"] for e in german["events"]] == ["2022-11-03"]
    assert german["events"][0]["expression"] == "03.11.2022"
    assert dateline["published"] == "2022-10-20"
    assert dateline["published_source"] == "dateline in the text"
    assert "2022-10-19" in [e["date"] for e in dateline["events"]]
    assert (nodate["published"], nodate["published_source"]) == (
        "2022-10-24",
        "given at import",
    )
    assert Article.objects.filter(case=case).count() == 4
