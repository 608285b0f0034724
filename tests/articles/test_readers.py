"""Reading every accepted format, and a clear message for every bad input."""

import datetime as dt

import pytest

from articles.readers import Unreadable, detect_language, read_upload
from tests.articles import samples


def test_it_reads_plain_text_with_its_first_line_as_title():
    read = read_upload(samples.SEED_LIKE.encode(), "a.txt")
    assert read.title == "Rust restarts in California"
    assert "filming will resume in January" in read.text
    assert read.published is None


def test_it_reads_markdown_front_matter_as_metadata():
    data = b"---\ntitle: Rust restarts\ndate: 2022-10-20\n---\n# Rust\n\nFilming resumed Monday.\n"
    read = read_upload(data, "a.md")
    assert read.title == "Rust restarts"
    assert read.published == dt.date(2022, 10, 20)
    assert read.published_from == "front matter"
    assert "date:" not in read.text


def test_it_detects_the_encoding_of_non_utf8_text():
    text = "Café owners in Medellín said Wednesday that the año had been hard. " * 3
    read = read_upload(text.encode("cp1252"), "latin.txt")
    assert "Café owners in Medellín" in read.text


def test_it_reads_html_main_text_and_metadata_without_boilerplate():
    read = read_upload(samples.HTML_ARTICLE.encode(), "page.html")
    assert read.text.startswith("Rust restarts in California")
    assert "In March, Baldwin's lawyers" in read.text
    assert "Sports" not in read.text and "newsletter" not in read.text
    assert read.published == dt.date(2022, 10, 20)
    assert read.published_from == "the page's metadata"
    assert read.author == "Dana Reporter"
    assert read.outlet == "Example News"
    assert read.url == "https://news.example/rust-restarts"


def test_it_reads_what_it_can_of_broken_html():
    read = read_upload(samples.BROKEN_HTML.encode(), "broken.html")
    assert "filming will resume in January" in read.text


def test_it_reads_pdf_text_and_metadata():
    data = samples.pdf_with_text(
        [
            "Rust restarts in California.",
            "The producers said Wednesday that",
            "filming resumes.",
        ]
    )
    read = read_upload(data, "a.pdf")
    assert "The producers said Wednesday that filming resumes." in read.text
    assert read.title == "Rust restarts"
    assert read.published == dt.date(2022, 10, 20)


def test_it_reads_docx():
    data = samples.docx_bytes(
        ["Rust restarts", "The producers said Wednesday that filming resumes."],
        title="Rust restarts",
    )
    read = read_upload(data, "a.docx")
    assert read.title == "Rust restarts"
    assert (
        read.text
        == "Rust restarts\n\nThe producers said Wednesday that filming resumes."
    )


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"", "empty.txt", "The file is empty."),
        (b"  \n\n ", "blank.txt", "The file is empty."),
        (samples.BINARY, "renamed.txt", "binary data, not text"),
        (samples.PNG, "photo.png", "This file is a PNG image, not an article"),
        (samples.PNG, "photo.txt", "This file is a PNG image"),
        (samples.pdf_without_text(), "scan.pdf", "no text layer"),
        (samples.encrypted_pdf(), "locked.pdf", "This PDF is password-protected"),
        (b"%PDF-1.4 garbage", "bad.pdf", "This PDF"),
        (b"hello", "fake.pdf", "named .pdf but is not a PDF"),
        (b"PK\x03\x04rest", "fake.docx", "Word"),
        (b"some text", "sheet.xlsx", "cannot read .xlsx files"),
        (
            b"<html><body><script>x()</script></body></html>",
            "e.html",
            "No article text",
        ),
    ],
)
def test_bad_input_gets_a_clear_message(data, name, message):
    with pytest.raises(Unreadable, match=message):
        read_upload(data, name)


@pytest.mark.parametrize(
    "text,expected",
    [
        (samples.SEED_LIKE * 2, "en"),
        (samples.FRENCH, "fr"),
        (
            "Die Dreharbeiten werden im Januar in Kalifornien fortgesetzt, sagte die Produktion am Mittwoch, und der Anwalt ist nicht da.",
            "de",
        ),
        (
            "Съёмки фильма возобновятся в январе в Калифорнии, сообщили продюсеры в среду.",
            "other",
        ),
        ("Short.", ""),
    ],
)
def test_it_flags_text_that_is_not_english(text, expected):
    assert detect_language(text) == expected
