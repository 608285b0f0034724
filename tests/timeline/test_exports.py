"""Exports of a case's timeline: CSV, PDF and TimelineJS JSON, over the web and
from the command line."""

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.conftest import PASSWORD
from timeline import exports
from timeline.models import Event, EventSource

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parent / "schemas" / "timelinejs.schema.json"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "exports"


def add_event(case, date, precision, summary, status, articles=(), **fields):
    event = Event.objects.create(
        case=case,
        date=date,
        precision=precision,
        summary=summary,
        status=status,
        origin=Event.Origin.PERSON,
        **fields,
    )
    for i, article in enumerate(articles):
        sentence = f"{summary.lstrip('=+-@')} — as {article.outlet or 'the article'} put it {i}."
        EventSource.objects.create(
            event=event,
            article=article,
            sentence=sentence,
            sentence_start=10 * i,
            sentence_end=10 * i + len(sentence),
            date_value=event.date_value,
        )
    return event


@pytest.fixture
def timeline(case, article, event):
    """A small case: approved, proposed, rejected and deleted events at every
    precision, with sources from two outlets."""
    article.outlet = "Albuquerque Journal"
    article.url = "https://www.abqjournal.com/rust-resumes"
    article.save()
    second = Article.objects.create(
        case=case,
        title='Baldwin fired "prop gun", sheriff says',
        outlet="Santa Fe New Mexican",
        url="https://www.santafenewmexican.com/news/local_news/rust-shooting-affidavit",
        published=dt.date(2021, 10, 22),
        status=Article.Status.DONE,
        content_hash="y" * 64,
    )
    case.description = "A cinematographer was shot on the set of Rust."
    case.save()
    approved = Event.Status.APPROVED
    events = {
        "shooting": add_event(
            case,
            dt.date(2021, 10, 21),
            Event.Precision.DAY,
            "Halyna Hutchins is shot dead on the set of Rust",
            approved,
            [second, article],
            actors=["Alec Baldwin", "Halyna Hutchins"],
        ),
        "charges": add_event(
            case,
            dt.date(2023, 1, 1),
            Event.Precision.MONTH,
            "Prosecutors announce involuntary-manslaughter charges",
            approved,
            [article],
            qualifier=Event.Qualifier.ABOUT,
            actors=["Mary Carmack-Altwies"],
        ),
        "formula": add_event(
            case,
            dt.date(2022, 1, 1),
            Event.Precision.YEAR,
            '=HYPERLINK("http://evil.example") Gutiérrez-Reed\'s lawyer speaks',
            approved,
            [second],
            qualifier=Event.Qualifier.BEFORE,
        ),
        "proposed": add_event(
            case,
            dt.date(2022, 5, 3),
            Event.Precision.DAY,
            "Filming is said to resume in California",
            Event.Status.PROPOSED,
            [article],
        ),
        "rejected": add_event(
            case,
            dt.date(2022, 6, 1),
            Event.Precision.DAY,
            "A duplicate that an editor rejected",
            Event.Status.REJECTED,
            [article],
        ),
        "deleted": add_event(
            case,
            dt.date(2022, 7, 1),
            Event.Precision.DAY,
            "A deleted event",
            approved,
            [article],
            deleted_at=timezone.now(),
        ),
        "fixture": event,  # 2022-10-19, proposed, one source from `article`
    }
    return events


def in_order(events):
    return sorted(events, key=lambda e: (e.date, e.precision, e.id))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def url(name, case, query=""):
    return reverse(f"exports:{name}", args=[case.slug]) + (f"?{query}" if query else "")


def read_csv(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# Selection -------------------------------------------------------------------


def test_it_exports_approved_only_by_default_for_pdf_and_timelinejs(case, timeline):
    for fmt in (exports.PDF, exports.TIMELINEJS):
        events, _, status = exports.select_events(case, {}, fmt)
        assert status == "approved"
        assert set(events) == {
            timeline["shooting"],
            timeline["charges"],
            timeline["formula"],
        }


def test_it_exports_every_event_but_rejected_by_default_for_csv(case, timeline):
    events, _, status = exports.select_events(case, {}, exports.CSV)
    assert status == "all"
    expected = [e for k, e in timeline.items() if k not in ("rejected", "deleted")]
    assert list(events) == in_order(expected)


def test_it_lets_the_status_filter_hold(case, timeline):
    events, _, _ = exports.select_events(case, {"status": "rejected"}, exports.PDF)
    assert list(events) == [timeline["rejected"]]


def test_it_keeps_the_status_rule_when_another_filter_is_invalid(case, timeline):
    events, form, _ = exports.select_events(
        case, {"date_from": "not a date"}, exports.PDF
    )
    assert form.errors
    assert {e.status for e in events} == {"approved"}


def test_it_refuses_an_unknown_status(case, timeline):
    with pytest.raises(exports.ExportError):
        exports.select_events(case, {"status": "published"}, exports.CSV)


# CSV -------------------------------------------------------------------------


def test_it_streams_a_csv_that_parses_back_to_the_events(
    client, case, viewer, timeline
):
    login(client, viewer)
    response = client.get(url("case_export_csv", case))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="rust-timeline-' in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") >= 6  # RFC 4180 line ends
    rows = read_csv(data)
    expected = in_order(
        e for k, e in timeline.items() if k not in ("rejected", "deleted")
    )
    assert [r["event_id"] for r in rows] == [str(e.code) for e in expected]
    for row, event in zip(rows, expected, strict=True):
        sources = list(
            event.sources.select_related("article").order_by(
                "article__published", "sentence_start", "id"
            )
        )
        assert row["date"] == event.date_value
        assert row["display_date"] == event.display_date
        assert row["precision"] == event.get_precision_display()
        assert row["qualifier"] == event.qualifier
        assert row["summary"].removeprefix("'") == event.summary
        assert row["status"] == event.status
        assert row["actors"] == "; ".join(event.actors)
        assert int(row["source_count"]) == len(sources)
        assert row["source_outlets"].split("\n") == [s.article.outlet for s in sources]
        assert row["source_titles"].split("\n") == [s.article.title for s in sources]
        assert row["source_published"].split("\n") == [
            s.article.published.isoformat() for s in sources
        ]
        assert row["source_urls"].split("\n") == [s.article.url for s in sources]
        assert row["source_quotes"].split("\n") == [
            " ".join(s.sentence.split()) for s in sources
        ]
    by_code = {r["event_id"]: r for r in rows}
    shooting = by_code[str(timeline["shooting"].code)]
    assert shooting["display_date"] == "Oct. 21, 2021"
    assert shooting["source_outlets"] == "Santa Fe New Mexican\nAlbuquerque Journal"
    charges = by_code[str(timeline["charges"].code)]
    assert (charges["date"], charges["display_date"]) == (
        "2023-01",
        "about January 2023",
    )
    assert charges["precision"] == "month"


def test_it_neutralises_cells_a_spreadsheet_would_run(client, case, editor, timeline):
    login(client, editor)
    response = client.get(url("case_export_csv", case))
    rows = read_csv(b"".join(response.streaming_content))
    formula = next(r for r in rows if r["event_id"] == str(timeline["formula"].code))
    assert formula["summary"].startswith("'=HYPERLINK")
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    assert exports.neutralise("+1") == "'+1"
    assert exports.neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert exports.neutralise("-2") == "'-2"
    assert exports.neutralise("2021-10-21") == "2021-10-21"


def test_it_adds_a_byte_order_mark_when_asked(client, case, viewer, timeline):
    login(client, viewer)
    response = client.get(url("case_export_csv", case, "bom=1"))
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbfdate,display_date,")
    assert "Gutiérrez-Reed".encode() in data


def test_it_applies_the_timeline_filters_to_the_csv(client, case, viewer, timeline):
    login(client, viewer)
    response = client.get(url("case_export_csv", case, "outlet=santa+fe"))
    rows = read_csv(b"".join(response.streaming_content))
    assert [r["event_id"] for r in rows] == [
        str(timeline["shooting"].code),
        str(timeline["formula"].code),
    ]
    response = client.get(url("case_export_csv", case, "status=rejected"))
    rows = read_csv(b"".join(response.streaming_content))
    assert [r["status"] for r in rows] == ["rejected"]


def test_it_reads_the_events_in_chunks(case, timeline, django_assert_max_num_queries):
    events, _, _ = exports.select_events(case, {}, exports.CSV)
    # One query for the events, one per chunk for the sources (with articles).
    with django_assert_max_num_queries(2 + 5):
        lines = list(exports.csv_lines(events, chunk_size=2))
    assert len(lines) == 1 + events.count()


# TimelineJS ------------------------------------------------------------------


def test_it_exports_timelinejs_that_validates_against_the_schema(
    client, case, journalist, timeline
):
    login(client, journalist)
    response = client.get(url("case_export_timelinejs", case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)

    slides = {s["unique_id"]: s for s in document["events"]}
    approved = [timeline[k] for k in ("shooting", "formula", "charges")]
    assert list(slides) == [f"event-{e.code}" for e in in_order(approved)]
    shooting = slides[f"event-{timeline['shooting'].code}"]
    assert shooting["start_date"] == {
        "year": 2021,
        "month": 10,
        "day": 21,
        "display_date": "Oct. 21, 2021",
    }
    assert shooting["group"] == "Alec Baldwin"
    assert shooting["text"]["headline"] == (
        "Halyna Hutchins is shot dead on the set of Rust"
    )
    assert (
        '<a href="https://www.santafenewmexican.com/news/local_news/'
        'rust-shooting-affidavit" target="_blank">Santa Fe New Mexican Baldwin fired '
        "&quot;prop gun&quot;, sheriff says</a>, 2021-10-22"
    ) in shooting["text"]["text"]
    charges = slides[f"event-{timeline['charges'].code}"]
    assert charges["start_date"] == {
        "year": 2023,
        "month": 1,
        "display_date": "about January 2023",
    }
    assert charges["display_date"] == "about January 2023"
    formula = slides[f"event-{timeline['formula'].code}"]
    assert formula["start_date"] == {"year": 2022, "display_date": "before 2022"}
    assert "group" not in formula
    assert document["title"]["text"]["headline"] == "The Rust shooting"


def test_it_marks_unapproved_slides_in_timelinejs(case, timeline):
    events, _, _ = exports.select_events(case, {"status": "all"}, exports.TIMELINEJS)
    document = exports.timelinejs_document(case, events)
    slide = next(
        s
        for s in document["events"]
        if s["unique_id"] == f"event-{timeline['proposed'].code}"
    )
    assert (
        "<strong>Proposed</strong> (not approved by an editor)"
        in (slide["text"]["text"])
    )


def test_it_escapes_html_in_timelinejs(case, timeline):
    timeline["shooting"].summary = "<script>alert(1)</script> shot"
    timeline["shooting"].save()
    events, _, _ = exports.select_events(case, {}, exports.TIMELINEJS)
    slide = exports.timelinejs_document(case, events)["events"][0]
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt; shot"


# PDF -------------------------------------------------------------------------


def pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text, len(reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_it_renders_a_pdf_with_every_approved_event_in_order(
    client, case, viewer, timeline
):
    login(client, viewer)
    response = client.get(url("case_export_pdf", case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text, pages = pdf_text(response.content)
    words = flat(text)
    nospace = squash(text)
    # Title block.
    assert "The Rust shooting" in words
    assert "Exported by vic" in words
    assert "Approved events only" in words
    assert f"Page 1 of {pages}" in words
    # Events in order, dated at their precision, with numbered source notes;
    # compared without whitespace, as lines wrap anywhere in a URL or a quote.
    approved = in_order(timeline[k] for k in ("shooting", "formula", "charges"))
    position = 0
    number = 0
    for event in approved:
        position = nospace.index(squash(event.display_date), position)
        position = nospace.index(squash(event.summary), position)
        for source in event.sources.select_related("article").order_by(
            "article__published", "sentence_start", "id"
        ):
            article = source.article
            number += 1
            position = nospace.index(squash(f"{number}. {article.outlet}"), position)
            position = nospace.index(squash(article.title), position)
            position = nospace.index(squash(article.url), position)
            position = nospace.index(squash(source.sentence), position)
    assert number == 4
    # Not approved: not in the PDF.
    for key in ("proposed", "rejected", "deleted", "fixture"):
        assert flat(timeline[key].summary) not in words


def test_it_marks_proposed_events_when_asked_to_include_them(
    client, case, journalist, timeline
):
    login(client, journalist)
    response = client.get(url("case_export_pdf", case, "status=all"))
    words = flat(pdf_text(response.content)[0])
    assert "Approved and proposed events (proposed ones marked)" in words
    assert "PROPOSED Filming is said to resume in California" in words
    assert "PROPOSED The producers said filming resumes" in words
    assert "A duplicate that an editor rejected" not in words


def test_it_names_the_filters_in_the_pdf(client, case, viewer, timeline):
    login(client, viewer)
    response = client.get(url("case_export_pdf", case, "actor=baldwin&q=shot"))
    words = flat(pdf_text(response.content)[0])
    assert "Person or organisation: baldwin" in words
    assert "Search: shot" in words
    assert timeline["shooting"].summary in words
    assert timeline["charges"].summary not in words


def test_it_renders_the_first_page_as_an_image(case, editor, timeline):
    """Turns the first page into a PNG (poppler's pdftoppm) for a person to look at:
    test-artifacts/exports/case-export-page1.png."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("poppler-utils is not installed (apt-get install poppler-utils)")
    events, form, status = exports.select_events(case, {"status": "all"}, exports.PDF)
    data = exports.render_case_pdf(
        case, events, form, status, exported_by="Edna Editor"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "case-export.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / "case-export-page1"),
        ],
        check=True,
    )
    png = ARTIFACTS / "case-export-page1.png"
    assert png.read_bytes().startswith(b"\x89PNG")
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert "DejaVu" in fonts


def test_it_draws_the_overview_strip(case, timeline):
    events, _, _ = exports.select_events(case, {"status": "all"}, exports.PDF)
    counts, year_only = exports.month_counts(events)
    assert counts[(2021, 10)] == {"approved": 1}
    assert (2022, 1) not in counts  # "before 2022" belongs to no month
    assert year_only == 1
    assert counts[(2022, 10)] == {"proposed": 1}
    svg = exports.overview_svg(counts)
    assert svg.startswith("<svg")
    assert svg.count("<rect") == 4
    assert "#c98a1b" in svg and "#1d6b33" in svg
    assert exports.overview_svg({}) == ""


# Access ----------------------------------------------------------------------

EXPORT_VIEWS = ["case_export_csv", "case_export_pdf", "case_export_timelinejs"]


@pytest.mark.parametrize("name", EXPORT_VIEWS)
def test_it_lets_every_member_export(client, case, editor, journalist, viewer, name):
    for user in (editor, journalist, viewer):
        login(client, user)
        assert client.get(url(name, case)).status_code == 200


@pytest.mark.parametrize("name", EXPORT_VIEWS)
def test_it_hides_the_case_from_outsiders(client, case, outsider, name):
    login(client, outsider)
    assert client.get(url(name, case)).status_code == 404
    assert client.get(reverse(f"exports:{name}", args=["nope"])).status_code == 404


@pytest.mark.parametrize("name", EXPORT_VIEWS)
def test_it_sends_anonymous_users_to_log_in(client, case, name):
    response = client.get(url(name, case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", EXPORT_VIEWS)
def test_it_answers_400_to_an_unknown_status(client, case, viewer, name):
    login(client, viewer)
    assert client.get(url(name, case, "status=bogus")).status_code == 400


def test_it_refuses_post(client, case, viewer):
    login(client, viewer)
    assert client.post(url("case_export_csv", case)).status_code == 405


# Command ---------------------------------------------------------------------


def test_the_command_writes_each_format(case, timeline, tmp_path):
    out = tmp_path / "rust.csv"
    call_command("export_timeline", case="rust", format="csv", output=str(out))
    rows = read_csv(out.read_bytes())
    assert len(rows) == 5  # everything but rejected and deleted

    call_command(
        "export_timeline", case="rust", format="csv", status="approved", output=str(out)
    )
    assert {r["status"] for r in read_csv(out.read_bytes())} == {"approved"}

    out = tmp_path / "rust.json"
    call_command("export_timeline", case="rust", format="timelinejs", output=str(out))
    assert len(json.loads(out.read_text())["events"]) == 3

    out = tmp_path / "rust.pdf"
    call_command(
        "export_timeline", case="rust", format="pdf", status="all", output=str(out)
    )
    assert out.read_bytes().startswith(b"%PDF-")


def test_the_command_takes_the_timeline_filters(case, timeline, tmp_path):
    out = tmp_path / "rust.csv"
    call_command(
        "export_timeline",
        "--case=rust",
        "--format=csv",
        "--outlet=Santa Fe",
        "--from=2021-01-01",
        "--to=2021-12-31",
        f"--output={out}",
    )
    rows = read_csv(out.read_bytes())
    assert [r["event_id"] for r in rows] == [str(timeline["shooting"].code)]


def test_the_command_writes_to_standard_output(case, timeline, capsysbinary):
    call_command("export_timeline", case="rust", format="csv", bom=True)
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbfdate,")
    assert len(read_csv(data.removeprefix(b"\xef\xbb\xbf"))) == 5


def test_the_command_refuses_an_unknown_case_or_bad_filters(case, timeline):
    with pytest.raises(CommandError, match="No case"):
        call_command("export_timeline", case="nope", format="csv")
    with pytest.raises(CommandError, match="Invalid filters"):
        call_command("export_timeline", case="rust", format="csv", date_from="soon")
