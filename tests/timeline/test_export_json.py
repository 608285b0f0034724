"""The full JSON export: its shape (what case_score and newsroom tools read), its
filters, and who may download it."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from tests.conftest import PASSWORD
from timeline.models import Event, EventSource

pytestmark = pytest.mark.django_db

EVENT_KEYS = {
    "id",
    "date",
    "precision",
    "qualifier",
    "title",
    "status",
    "articles",
    "independent",
    "sources_disagree",
    "sources",
}
SOURCE_KEYS = {
    "article",
    "article_title",
    "published",
    "sentence",
    "expression",
    "date",
    "derivation",
}


@pytest.fixture
def second(case, journalist):
    return Article.objects.create(
        case=case,
        title="Jury chosen",
        original_name="02-jury.txt",
        text="x",
        published=dt.date(2024, 7, 10),
        status=Article.Status.DONE,
        content_hash="y" * 64,
        uploaded_by=journalist,
    )


def _rejected(case, article):
    rejected = Event.objects.create(
        case=case,
        date=dt.date(2024, 7, 1),
        precision=Event.Precision.MONTH,
        summary="Junk",
        status=Event.Status.REJECTED,
        origin=Event.Origin.MACHINE,
    )
    EventSource.objects.create(
        event=rejected,
        article=article,
        sentence="In July, junk.",
        sentence_start=0,
        sentence_end=14,
        date_value="2024-07",
    )
    return rejected


def test_it_exports_every_event_with_its_sources(case, event, article, second):
    EventSource.objects.create(
        event=event,
        article=second,
        sentence="Producers said on Oct. 19 that filming resumes.",
        sentence_start=0,
        sentence_end=47,
        expression="Oct. 19",
        date_value="2022-10-19",
        derivation="written in full",
    )
    _rejected(case, second)
    out = json.loads(_command(case))
    assert out["case"] == "rust" and out["title"] == case.title
    assert out["articles"] == ["02-jury.txt", "Rust resumes"]
    [row] = out["events"]  # the rejected one is left out by default
    assert set(row) == EVENT_KEYS
    assert row["date"] == "2022-10-19" and row["precision"] == "day"
    assert row["title"] == "The producers said filming resumes"
    assert (row["articles"], row["independent"]) == (2, 2)
    assert [set(s) for s in row["sources"]] == [SOURCE_KEYS, SOURCE_KEYS]
    names = {s["article"] for s in row["sources"]}
    # the uploaded file's name, else (pasted text) the title
    assert names == {"02-jury.txt", "Rust resumes"}
    first = next(s for s in row["sources"] if s["article"] == "Rust resumes")
    assert first["expression"] == "Wednesday" and first["published"] == "2022-10-20"


def test_status_filter_applies(case, event, article):
    _rejected(case, article)
    out = json.loads(_command(case, status="rejected"))
    assert [e["title"] for e in out["events"]] == ["Junk"]


def test_members_download_it_outsiders_do_not(client, case, event, viewer, outsider):
    url = reverse("exports:case_export_json", args=[case.slug])
    client.login(username="vic", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "-full-" in response["Content-Disposition"]
    assert json.loads(response.content)["events"][0]["id"] == str(event.code)
    client.login(username="otto", password=PASSWORD)
    assert client.get(url).status_code == 404


def _command(case, **options) -> str:
    import io

    out = io.StringIO()
    call_command(
        "export_timeline", case=case.slug, format="json", stdout=out, **options
    )
    return out.getvalue()
