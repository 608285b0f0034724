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
    assert (
        'attachment; filename="rust-timeline-approved-proposed-'
        in response["Content-Disposition"]
    )
    data = b"".join(response.streaming_content)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") >= 6  # RFC 4180 line ends
    rows = read_csv(data)
    assert list(rows[0]) == exports.CSV_HEADER
    expected = in_order(
        e for k, e in timeline.items() if k not in ("rejected", "deleted")
    )
    assert [r["Event ID"] for r in rows] == [str(e.code) for e in expected]
    for row, event in zip(rows, expected, strict=True):
        sources = list(
            event.sources.select_related("article").order_by(
                "article__published", "sentence_start", "id"
            )
        )
        assert row["Date"] == event.date_value
        assert row["Precision"] == event.get_precision_display()
        assert row["Qualifier"] == event.qualifier
        assert row["Title"].removeprefix("'") == event.title
        assert row["Status"] == event.status
        assert row["People and organisations"] == "; ".join(event.actors)
        assert int(row["Articles"]) == len({s.article_id for s in sources})
        primary = sources[0]  # every source here gives the event's date
        assert row["Quote"] == " ".join(primary.sentence.split())
        assert row["Expression"] == primary.expression
        assert row["How the date was found"] == primary.derivation
        assert row["Article"] == primary.article.title
        assert row["Outlet"] == primary.article.outlet
        assert row["Article URL"] == primary.article.url
        assert row["Published"] == primary.article.published.isoformat()
    by_code = {r["Event ID"]: r for r in rows}
    shooting = by_code[str(timeline["shooting"].code)]
    assert (shooting["Articles"], shooting["Outlet"]) == ("2", "Santa Fe New Mexican")
    charges = by_code[str(timeline["charges"].code)]
    assert (charges["Date"], charges["Precision"], charges["Qualifier"]) == (
        "2023-01",
        "month",
        "about",
    )
    fixture = by_code[str(timeline["fixture"].code)]
    assert (fixture["Expression"], fixture["How the date was found"]) == (
        "Wednesday",
        "'Wednesday' → 19 Oct 2022",
    )


def test_the_csv_sorts_chronologically_in_a_spreadsheet(client, case, viewer, timeline):
    """The sort key orders the rows whatever the precision (a year before its
    months, a month before its days); no cell holds a date written out in words,
    which a spreadsheet would turn into a day no source gave."""
    login(client, viewer)
    rows = read_csv(
        b"".join(client.get(url("case_export_csv", case)).streaming_content)
    )
    keys = [int(r["Sort key"]) for r in rows]
    assert keys == sorted(keys)
    assert [r["Date"] for r in sorted(rows, key=lambda r: int(r["Sort key"]))] == [
        "2021-10-21",
        "2022",
        "2022-05-03",
        "2022-10-19",
        "2023-01",
    ]
    for row in rows:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["Date"])
        for value in row.values():
            assert not re.search(r"\b(January|Jan\.|May|Oct\.)\s+\d", value) or (
                value in (row["Title"], row["Quote"], row["How the date was found"])
            )


@pytest.mark.parametrize(
    "date,precision,key",
    [
        (dt.date(2022, 1, 1), Event.Precision.YEAR, 202201011),
        (dt.date(2022, 1, 1), Event.Precision.MONTH, 202201012),
        (dt.date(2022, 1, 1), Event.Precision.DAY, 202201013),
        (dt.date(2022, 3, 1), Event.Precision.MONTH, 202203012),
        (dt.date(2022, 3, 5), Event.Precision.DAY, 202203053),
        (dt.date(1999, 12, 31), Event.Precision.DAY, 199912313),
    ],
)
def test_the_sort_key_orders_periods_before_their_parts(date, precision, key):
    assert exports.sort_key(Event(date=date, precision=precision)) == key


def test_it_writes_one_row_per_source_when_asked(client, case, viewer, timeline):
    login(client, viewer)
    response = client.get(url("case_export_csv", case, "rows=sources"))
    assert (
        "rust-timeline-sources-approved-proposed-" in (response["Content-Disposition"])
    )
    rows = read_csv(b"".join(response.streaming_content))
    shooting = [r for r in rows if r["Event ID"] == str(timeline["shooting"].code)]
    assert [r["Outlet"] for r in shooting] == [
        "Santa Fe New Mexican",
        "Albuquerque Journal",
    ]
    assert {r["Title"] for r in shooting} == {timeline["shooting"].title}
    assert len(rows) == 6  # five events, one of them with two sources
    assert client.get(url("case_export_csv", case, "rows=words")).status_code == 400


def test_an_as_of_export_holds_only_the_sources_known_then(
    client, case, viewer, timeline, tmp_path
):
    """The shooting has a source from Oct. 22, 2021 and one from Oct. 20, 2022:
    on Dec. 1, 2021 only the first was known."""
    login(client, viewer)
    query = "as_of=2021-12-01&status=all"
    response = client.get(url("case_export_csv", case, query))
    assert "-as-of-2021-12-01-" in response["Content-Disposition"]
    rows = read_csv(b"".join(response.streaming_content))
    assert [r["Event ID"] for r in rows] == [
        str(timeline[k].code) for k in ("shooting", "formula")
    ]
    assert (rows[0]["Articles"], rows[0]["Outlet"]) == ("1", "Santa Fe New Mexican")
    document = json.loads(
        client.get(url("case_export_timelinejs", case, query)).content
    )
    assert "Also reported by" not in document["events"][0]["text"]["text"]
    out = tmp_path / "rust.csv"
    call_command(
        "export_timeline",
        case="rust",
        format="csv",
        as_of="2021-12-01",
        output=str(out),
    )
    assert [r["Articles"] for r in read_csv(out.read_bytes())] == ["1", "1"]


def test_each_export_variant_has_a_file_name_of_its_own(client, case, viewer, timeline):
    login(client, viewer)
    names = set()
    for name, query in [
        ("case_export_csv", ""),
        ("case_export_csv", "bom=1"),
        ("case_export_csv", "rows=sources"),
        ("case_export_csv", "status=approved"),
        ("case_export_pdf", ""),
        ("case_export_pdf", "status=all"),
        ("case_export_timelinejs", ""),
        ("case_export_json", ""),
    ]:
        names.add(client.get(url(name, case, query))["Content-Disposition"])
    assert len(names) == 8


def test_every_export_button_says_which_statuses_it_holds(
    client, case, viewer, timeline
):
    login(client, viewer)
    page = client.get(case.get_absolute_url()).text
    for label in [
        "CSV (approved + proposed)",
        "CSV for Excel (approved + proposed)",
        "CSV, one row per source (approved + proposed)",
        "PDF (approved)",
        "PDF (approved + proposed)",
        "TimelineJS (approved)",
    ]:
        assert f">{label}</a>" in page
    page = client.get(case.get_absolute_url() + "?status=proposed").text
    assert ">PDF (proposed only)</a>" in page
    assert ">TimelineJS (proposed only)</a>" in page
    assert "(approved" not in page.split('aria-label="Export"')[1].split("</nav>")[0]


@pytest.mark.parametrize(
    "sentence,shown",
    [
        ('"Rust," the film, resumed filming.', "‘Rust,’ the film, resumed filming."),
        ("“All of it,” he said.", "‘All of it,’ he said."),
        ("“We will appeal.”", "We will appeal."),
        ("'Done,' she said.", "'Done,' she said."),
        ("Plain words\n across lines.", "Plain words across lines."),
        ('He said "yes" and "no".', "He said ‘yes’ and ‘no’."),
    ],
)
def test_quotes_are_shown_without_doubled_quotation_marks(sentence, shown):
    assert exports.plain_quote(sentence) == shown


@pytest.mark.parametrize(
    "names,sentence,persons",
    [
        (
            ["Hutchins", "Halyna Hutchins", "Alec Baldwin"],
            "Halyna Hutchins was shot; Alec Baldwin held the gun.",
            ["Halyna Hutchins", "Alec Baldwin"],
        ),
        (
            ["Maria Lopez", "Tucson"],
            "A jury in Tucson heard Maria Lopez on Monday.",
            ["Maria Lopez"],
        ),
        (
            ["Carl Berg", "Pine Hollow"],
            "Carl Berg was arrested at a farm south of Pine Hollow.",
            ["Carl Berg"],
        ),
        (
            ["the Western Line", "OSHA", "Harris County Sheriff's Office", "Ann Wu"],
            "Ann Wu told the Harris County Sheriff's Office and OSHA.",
            ["Ann Wu"],
        ),
        (["’s Instagram", "Lee"], "Lee posted to the actor’s Instagram.", ["Lee"]),
    ],
)
def test_the_pdf_lists_persons_only(names, sentence, persons):
    assert exports.people(names, [sentence]) == persons


def test_it_neutralises_cells_a_spreadsheet_would_run(client, case, editor, timeline):
    login(client, editor)
    response = client.get(url("case_export_csv", case))
    rows = read_csv(b"".join(response.streaming_content))
    formula = next(r for r in rows if r["Event ID"] == str(timeline["formula"].code))
    assert formula["Title"].startswith("'=HYPERLINK")
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
    assert data.startswith(b"\xef\xbb\xbfDate,Precision,")
    assert "rust-timeline-excel-approved-proposed-" in (response["Content-Disposition"])
    assert "Gutiérrez-Reed".encode() in data


def test_it_applies_the_timeline_filters_to_the_csv(client, case, viewer, timeline):
    login(client, viewer)
    response = client.get(url("case_export_csv", case, "outlet=santa+fe"))
    rows = read_csv(b"".join(response.streaming_content))
    assert [r["Event ID"] for r in rows] == [
        str(timeline["shooting"].code),
        str(timeline["formula"].code),
    ]
    response = client.get(url("case_export_csv", case, "status=rejected"))
    rows = read_csv(b"".join(response.streaming_content))
    assert [r["Status"] for r in rows] == ["rejected"]


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
    assert "group" not in shooting  # each group is a row of TimelineJS's time bar
    assert shooting["text"]["headline"] == (
        "Halyna Hutchins is shot dead on the set of Rust"
    )
    text = shooting["text"]["text"]
    # The primary source's quote, then its article: outlet and title apart.
    assert text.startswith(
        '<p class="quote">“Halyna Hutchins is shot dead on the set of Rust — as '
        "Santa Fe New Mexican put it 0.”</p>"
        '<p class="cite">— <em>Santa Fe New Mexican</em>, '
        '<a href="https://www.santafenewmexican.com/news/local_news/'
        'rust-shooting-affidavit" target="_blank">Baldwin fired '
        "&quot;prop gun&quot;, sheriff says</a>, Oct. 22, 2021</p>"
    )
    assert (
        "<p>Also reported by:</p><ul><li><em>Albuquerque Journal</em>, "
        '<a href="https://www.abqjournal.com/rust-resumes" target="_blank">'
        "Rust resumes</a>, Oct. 20, 2022</li></ul>"
    ) in text
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
            position = nospace.index(squash(f"{number}. {article.outlet},"), position)
            position = nospace.index(squash(article.title), position)
            position = nospace.index(squash(article.url), position)
            quote = exports.plain_quote(source.sentence)
            position = nospace.index(squash(f"“{quote}”"), position)
    assert number == 4
    assert "“" + "“" not in text and "””" not in text
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


def test_the_pdf_cites_each_article_once_per_event(case, timeline, article):
    shooting = timeline["shooting"]
    sentence = "Later that day the sheriff said the gun had been fired."
    EventSource.objects.create(
        event=shooting,
        article=article,
        sentence=sentence,
        sentence_start=500,
        sentence_end=500 + len(sentence),
        date_value=shooting.date_value,
    )
    events, form, status = exports.select_events(case, {}, exports.PDF)
    entry = next(e for e in exports.pdf_entries(events) if e["event"] == shooting)
    assert [n["number"] for n in entry["notes"]] == [1, 2]
    assert [n["article"].outlet for n in entry["notes"]] == [
        "Santa Fe New Mexican",
        "Albuquerque Journal",
    ]
    assert len(entry["notes"][1]["quotes"]) == 2
    assert entry["people"] == ["Alec Baldwin", "Halyna Hutchins"]
    data = exports.render_case_pdf(case, events, form, status, exported_by="x")
    text = flat(pdf_text(data)[0])
    assert text.count("Albuquerque Journal, Rust resumes") == 2  # shooting, charges


def test_a_long_first_event_starts_on_page_one(case, timeline, article):
    """An event with many sources breaks across pages instead of leaving the
    first page blank under the title block."""
    shooting = timeline["shooting"]
    for i in range(40):
        other = Article.objects.create(
            case=case,
            title=f"Report number {i} on the shooting",
            outlet=f"Outlet {i}",
            published=dt.date(2021, 10, 23),
            status=Article.Status.DONE,
            content_hash=f"{i:064d}",
        )
        sentence = f"The cinematographer was shot on the set, report {i} said."
        EventSource.objects.create(
            event=shooting,
            article=other,
            sentence=sentence,
            sentence_start=0,
            sentence_end=len(sentence),
            date_value=shooting.date_value,
        )
    events, form, status = exports.select_events(case, {}, exports.PDF)
    data = exports.render_case_pdf(case, events, form, status, exported_by="x")
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    first = flat(pages[0].extract_text())
    assert "Halyna Hutchins is shot dead on the set of Rust" in first
    assert "Report number 0 on the shooting" in first
    assert "Report number 39 on the shooting" not in first


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
    assert {r["Status"] for r in read_csv(out.read_bytes())} == {"approved"}

    call_command(
        "export_timeline", case="rust", format="csv", rows="sources", output=str(out)
    )
    assert len(read_csv(out.read_bytes())) == 6

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
    assert [r["Event ID"] for r in rows] == [str(timeline["shooting"].code)]


def test_the_command_writes_to_standard_output(case, timeline, capsysbinary):
    call_command("export_timeline", case="rust", format="csv", bom=True)
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbfDate,")
    assert len(read_csv(data.removeprefix(b"\xef\xbb\xbf"))) == 5


def test_the_command_refuses_an_unknown_case_or_bad_filters(case, timeline):
    with pytest.raises(CommandError, match="No case"):
        call_command("export_timeline", case="nope", format="csv")
    with pytest.raises(CommandError, match="Invalid filters"):
        call_command("export_timeline", case="rust", format="csv", date_from="soon")
