"""A journalist downloads each export from a filtered timeline page and gets the
filtered events, not the whole case."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from pypdf import PdfReader

from articles.models import Article
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from timeline.models import Event, EventSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_event(case, article, date, summary, status, actors=()):
    event = Event.objects.create(
        case=case,
        date=date,
        precision=Event.Precision.DAY,
        summary=summary,
        status=status,
        actors=list(actors),
        origin=Event.Origin.PERSON,
    )
    EventSource.objects.create(
        event=event,
        article=article,
        sentence=f"{summary}, the paper reported.",
        sentence_start=0,
        sentence_end=len(summary) + 21,
        date_value=date.isoformat(),
    )
    return event


@pytest.fixture
def events(case, journalist):
    article = Article.objects.create(
        case=case,
        title="Armorer sentenced",
        outlet="Santa Fe New Mexican",
        url="https://example.org/armorer-sentenced",
        published=dt.date(2024, 4, 16),
        status=Article.Status.DONE,
        content_hash="a" * 64,
    )
    approved, proposed = Event.Status.APPROVED, Event.Status.PROPOSED
    return {
        "sentenced": add_event(
            case,
            article,
            dt.date(2024, 4, 15),
            "Gutierrez-Reed is sentenced to 18 months",
            approved,
            ["Hannah Gutierrez-Reed"],
        ),
        "trial": add_event(
            case,
            article,
            dt.date(2024, 7, 9),
            "Baldwin's trial opens in Santa Fe",
            approved,
            ["Alec Baldwin"],
        ),
        "appeal": add_event(
            case,
            article,
            dt.date(2024, 5, 1),
            "The armorer's lawyers file an appeal of the sentence",
            proposed,
            ["Hannah Gutierrez-Reed"],
        ),
    }


def download(page, name: str, filenames: list | None = None) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name, exact=True).click()
    if filenames is not None:
        filenames.append(info.value.suggested_filename)
    return info.value.path().read_bytes()


def test_it_downloads_each_export_with_the_page_filters(
    live_server, browser, case, journalist, events, screenshots_dir
):
    page = browser.new_page(accept_downloads=True)
    log_in(page, live_server.url, journalist.username, PASSWORD)
    # Approved events that mention the sentence: only "sentenced" matches both.
    page.goto(f"{live_server.url}/cases/{case.slug}/?status=approved&q=sentenced")
    exports = page.get_by_role("navigation", name="Export")
    assert exports.is_visible()
    page.screenshot(path=str(screenshots_dir / "export-buttons.png"))

    names = []
    csv_data = download(page, "CSV (approved)", names)
    rows = list(csv.DictReader(io.StringIO(csv_data.decode(), newline="")))
    assert [r["Event ID"] for r in rows] == [str(events["sentenced"].code)]

    data = download(page, "CSV for Excel (approved)", names)
    assert data.startswith(b"\xef\xbb\xbf")
    data = download(page, "CSV, one row per source (approved)", names)
    assert data.count(b"\r\n") == 2

    document = json.loads(download(page, "TimelineJS (approved)", names))
    assert [s["unique_id"] for s in document["events"]] == [
        f"event-{events['sentenced'].code}"
    ]

    pdf = PdfReader(io.BytesIO(download(page, "PDF (approved)", names)))
    # Each variant downloads under a name of its own.
    assert len(set(names)) == len(names) == 5, names
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert events["sentenced"].summary in text
    assert "Search: sentenced" in text
    assert events["trial"].summary not in text
    assert events["appeal"].summary not in text


def test_it_includes_proposed_events_in_the_pdf_when_asked(
    live_server, browser, case, viewer, events
):
    page = browser.new_page(accept_downloads=True)
    log_in(page, live_server.url, viewer.username, PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.slug}/?actor=Gutierrez-Reed")
    labels = page.get_by_role("navigation", name="Export").get_by_role("link")
    assert labels.all_inner_texts() == [
        "CSV (approved + proposed)",
        "CSV for Excel (approved + proposed)",
        "CSV, one row per source (approved + proposed)",
        "PDF (approved)",
        "PDF (approved + proposed)",
        "TimelineJS (approved)",
        "Full JSON (approved + proposed)",
    ]
    pdf = PdfReader(io.BytesIO(download(page, "PDF (approved + proposed)")))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert re.search(r"PROPOSED The armorer's lawyers file an appeal", text)
    assert events["sentenced"].summary in text
    assert events["trial"].summary not in text
