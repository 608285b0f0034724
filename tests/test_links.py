"""No script in a link: only http(s) addresses are stored as an article's URL,
and every place that turns the URL into a link shows any other as plain text."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from articles import ingestion
from articles.forms import PasteForm, UrlForm
from articles.models import Article, web_url
from timeline.models import Event

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(document.domain)//",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "ftp://files.example/a.txt",
    "http:///no-host",
    "mailto:desk@example.org",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_only_web_addresses_are_urls(value):
    assert web_url(value) == ""


@pytest.mark.parametrize(
    "value",
    ["https://news.example/2022/10/story", "http://news.example/a?b=1#c"],
)
def test_web_addresses_are_kept(value):
    assert web_url(value) == value


def read_as_upload(case, name: str, data: bytes) -> Article:
    article, _ = ingestion.add_file_article(
        case, name=name, data=data, published=dt.date(2022, 10, 20)
    )
    ingestion.process_article(article.pk)
    article.refresh_from_db()
    return article


def test_front_matter_and_page_metadata_never_store_a_script_url(case):
    front = read_as_upload(
        case,
        "story.md",
        b"---\ntitle: Filming resumes\nurl: javascript:alert(document.domain)//\n"
        b"---\nThe producers said Wednesday that filming resumes.\n",
    )
    assert front.status == Article.Status.DONE, front.error
    assert front.url == ""
    page = read_as_upload(
        case,
        "page.html",
        b"<html><head><title>Filming resumes</title>"
        b'<link rel="canonical" href="javascript:alert(1)">'
        b'<meta property="og:url" content="javascript:alert(2)"></head><body>'
        b"<article><h1>Filming resumes</h1><p>The producers said Wednesday "
        b"that filming of the western resumes in January in California, "
        b"after a long pause that followed the accident on the set.</p>"
        b"</article></body></html>",
    )
    assert page.status == Article.Status.DONE, page.error
    assert "javascript" not in page.url
    pasted, _ = ingestion.add_text_article(
        case,
        title="t",
        text="The producers said Monday that filming resumes.",
        published=dt.date(2022, 10, 20),
        url="javascript:alert(3)",
    )
    assert pasted.url == ""


@pytest.mark.parametrize("form_class", [PasteForm, UrlForm])
@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://files.example/a"])
def test_the_forms_refuse_other_addresses(form_class, value):
    form = form_class(
        {"title": "t", "text": "x", "url": value, "published": "2022-10-20"}
    )
    assert not form.is_valid()
    assert "url" in form.errors


@pytest.fixture
def hostile(article, event):
    """An article stored before these checks, with a script for a URL."""
    Article.objects.filter(pk=article.pk).update(
        url="javascript:alert(document.domain)//"
    )
    Event.objects.filter(pk=event.pk).update(status=Event.Status.APPROVED)
    article.refresh_from_db()
    return article


def test_the_article_page_shows_a_script_url_as_text(client, journalist, hostile):
    client.force_login(journalist)
    page = client.get(hostile.get_absolute_url()).text
    assert "javascript:alert(document.domain)//" in page  # shown, as text
    assert 'href="javascript' not in page.lower()
    Article.objects.filter(pk=hostile.pk).update(url="https://news.example/s")
    page = client.get(hostile.get_absolute_url()).text
    assert '<a href="https://news.example/s"' in page


def export(client, name: str, case) -> bytes:
    response = client.get(reverse(f"exports:{name}", args=[case.slug]))
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def pdf_links(data: bytes) -> list[str]:
    """The targets of the PDF's link annotations."""
    links = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if "/URI" in action:
                links.append(str(action["/URI"]))
    return links


def test_no_export_makes_a_script_url_a_link(client, journalist, case, hostile):
    client.force_login(journalist)
    timelinejs = export(client, "case_export_timelinejs", case).decode()
    assert "javascript:" not in json.dumps(json.loads(timelinejs))
    pdf = export(client, "case_export_pdf", case)
    assert pdf_links(pdf) == []
    rows = list(
        csv.DictReader(io.StringIO(export(client, "case_export_csv", case).decode()))
    )
    assert rows and not any("javascript" in v.lower() for r in rows for v in r.values())
    # The same exports link a web address (so the checks above can fail).
    Article.objects.filter(pk=hostile.pk).update(url="https://news.example/s")
    assert (
        'href=\\"https://news.example/s\\"'
        in export(client, "case_export_timelinejs", case).decode()
    )
    assert pdf_links(export(client, "case_export_pdf", case)) == [
        "https://news.example/s"
    ]
    assert "https://news.example/s" in export(client, "case_export_csv", case).decode()
