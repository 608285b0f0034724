"""The bad and tricky uploads of issue 12, each in a small file made here."""

import datetime as dt
import io
import struct
import zipfile

import pytest

from articles.datelines import find_dateline
from articles.foreign import extract_numeric_dates
from articles.readers import Unreadable, read_upload, refusal
from tests.articles import corpus, samples

RECEIVED = dt.date(2026, 1, 15)
STORY = (
    "The jury in Santa Fe heard the armorer's lawyer on Monday, and the judge "
    "said the trial would resume in March after a short break."
)


def pdf(user_password: str = "", owner_password: str = "", created: str = "") -> bytes:
    return corpus.pdf(
        user_password, owner_password, created, story=STORY, title="Trial resumes"
    )


def test_an_aes_pdf_with_only_an_owner_password_imports_normally():
    read = read_upload(
        pdf(owner_password="owner", created="D:20221020090000Z"), "a.pdf", RECEIVED
    )
    assert "The jury in Santa Fe" in read.text
    assert read.published == dt.date(2022, 10, 20)


@pytest.mark.parametrize("algorithm_user", ["secret"])
def test_an_aes_pdf_with_a_user_password_is_refused(algorithm_user):
    with pytest.raises(Unreadable, match="This PDF is password-protected"):
        read_upload(pdf(user_password=algorithm_user, owner_password="o"), "b.pdf")


WESTERN = (
    "Lawyer Ana Muñoz met Åse Sørlie and Françoise Lefèvre on Monday. “It’s "
    "over,” she said… The fee was €300, and the court’s clerk agreed."
)


@pytest.mark.parametrize(
    "data",
    [
        WESTERN.encode("cp1252"),
        WESTERN.encode("utf-8"),
        b"\xef\xbb\xbf" + WESTERN.encode("utf-8"),
        WESTERN.encode("utf-16"),  # with its BOM
        WESTERN.encode("utf-16-le"),  # without one
        WESTERN.encode("utf-16-be"),
    ],
    ids=["cp1252", "utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be"],
)
def test_text_is_decoded_whatever_its_encoding(data):
    assert read_upload(data, "names.txt").text == WESTERN


def test_a_code_page_with_strong_evidence_still_wins():
    russian = "Суд в Санта-Фе продолжит слушания в марте, сообщили адвокаты. " * 3
    assert read_upload(russian.encode("cp1251"), "ru.txt").text == russian


def test_nul_bytes_in_valid_text_are_removed_keeping_both_halves():
    data = (
        b"The jury met on Monday in Santa Fe.\x00\x00 The judge said the trial goes on."
    )
    read = read_upload(data, "nul.txt")
    assert (
        read.text
        == "The jury met on Monday in Santa Fe. The judge said the trial goes on."
    )
    assert read.warnings and "NUL" in read.warnings[0]


def test_real_binary_data_is_still_refused():
    with pytest.raises(Unreadable, match="binary data"):
        read_upload(samples.BINARY, "renamed.txt")


def test_markdown_markup_never_reaches_the_text():
    data = (
        b"---\ntitle: Trial resumes\nauthor: Dana Reporter\ndate: 2022-10-20\n---\n"
        b"# The trial resumes\n\nThe **judge** said in a [filing](https://x.example/f) "
        b"that the _jury_ would return.\n\n"
        b"* On March 3, 2022 the defence asked for a delay\n"
        b"* The court agreed!\n\n![A courtroom](img.png)\n"
    )
    read = read_upload(data, "story.md")
    assert (read.title, read.author) == ("Trial resumes", "Dana Reporter")
    assert read.published == dt.date(2022, 10, 20)
    assert read.text == (
        "The trial resumes\n\nThe judge said in a filing that the jury would "
        "return.\n\nOn March 3, 2022 the defence asked for a delay.\n\nThe court "
        "agreed!\n\nA courtroom"
    )


def test_an_app_shell_with_no_article_fails():
    shell = (
        b"<!doctype html><html><head><title>News</title>"
        b'<meta property="og:title" content="Big story"></head><body>'
        b"<noscript>You need to enable JavaScript to run this app.</noscript>"
        b'<div id="root"></div><script src="/main.js"></script></body></html>'
    )
    with pytest.raises(Unreadable, match="No article text found"):
        read_upload(shell, "app.html")


def page(head: str, headline: str, body_extra: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>Site | Story</title>{head}</head><body>"
        f"<article><h1>{headline}</h1>{body_extra}<p>{STORY}</p><p>{STORY} "
        "The court clerk confirmed the schedule to reporters.</p></article>"
        "</body></html>"
    ).encode()


def test_the_title_is_the_headline_not_the_share_title():
    read = read_upload(
        page(
            '<meta property="og:title" content="You will not believe this trial">',
            "Armorer's trial <script>track('h1')</script>resumes<br>in Santa Fe",
        ),
        "p.html",
    )
    assert read.title == "Armorer's trial resumes in Santa Fe"
    assert "believe" not in read.text and "track(" not in read.text
    assert read.text.startswith("Armorer's trial resumes in Santa Fe")


@pytest.mark.parametrize(
    "head,extra,source",
    [
        (
            '<meta property="article:published_time" content="2022-10-20T09:00:00Z">',
            "",
            "the page's metadata",
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2022-10-20T09:00:00-06:00"}</script>',
            "",
            "the page's JSON-LD",
        ),
        (
            "",
            '<p class="byline">By Dana <time datetime="2022-10-20">Oct 20</time></p>',
            "the <time> in the byline",
        ),
        ("", "<p>Posted: Thursday, October 20, 2022</p>", "the visible dateline"),
    ],
    ids=["meta", "json-ld", "time", "visible"],
)
def test_an_html_date_says_where_it_came_from(head, extra, source):
    read = read_upload(page(head, "Trial resumes", extra), "p.html", RECEIVED)
    assert read.published == dt.date(2022, 10, 20)
    assert read.published_from == source


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("notes.rtf", b"{\\rtf1\\ansi hello}", "cannot read .rtf files"),
        ("renamed.txt.rtf", b"plain words", "It reads .txt, .md"),
        ("story.odt", b"PK\x03\x04odt", "cannot read .odt files"),
        ("story.pages", b"PK\x03\x04pages", "cannot read .pages files"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "save it as .docx"),
        ("empty.txt", b"", "The file is empty."),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest", "JPEG image"),
    ],
)
def test_unsupported_files_are_refused_before_queuing(name, data, message):
    assert message in refusal(data, name)


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.html", "a.pdf", "a.docx", "a"])
def test_accepted_types_pass_the_upload_check(name):
    assert refusal(b"some words", name) == ""


def docx_with_document(xml_tail: bytes) -> bytes:
    base = samples.docx_bytes(["The jury met on Monday."], title="Trial")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                data = data.replace(b"</w:body>", xml_tail + b"</w:body>")
            copy.writestr(member.filename, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory():
    bomb = docx_with_document(b"<!--" + b" " * (100 * 1024 * 1024) + b"-->")
    assert len(bomb) < 1024 * 1024
    with pytest.raises(Unreadable, match="unpacks to .*the limit is"):
        read_upload(bomb, "bomb.docx")


def test_a_zip_bomb_whose_directory_lies_is_stopped_by_the_capped_read():
    bomb = docx_with_document(b"<!--" + b" " * (100 * 1024 * 1024) + b"-->")
    # Rewrite every recorded uncompressed size of word/document.xml to 1 KB.
    info = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml")
    lying = bytearray(bomb)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = bomb.find(signature)
        while at != -1:
            if struct.unpack_from("<I", bomb, at + offset)[0] == info.file_size:
                struct.pack_into("<I", lying, at + offset, 1024)
            at = bomb.find(signature, at + 4)
    assert bytes(lying) != bomb
    with pytest.raises(Unreadable, match="Word file"):
        read_upload(bytes(lying), "liar.docx")


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Crew sues\nPosted: Thursday, October 20, 2022\n\nThe crew said.",
            "2022-10-20",
        ),
        ("SANTA FE, March 3 (Reuters) — The jury in the 2023 trial met.", "2023-03-03"),
        (
            "Title\nBy Dana Reporter\nPublished 20 Oct 2022 14:02 GMT\n\nText.",
            "2022-10-20",
        ),
        ("Updated: Oct 21, 2022\nFirst published: Oct 20, 2022\n\nText.", "2022-10-20"),
        ("Title\n2022-10-20\n\nText.", "2022-10-20"),
        ("Title\n\nOn March 3, 2022, the jury met in Santa Fe.", None),
        ("March 3, 2022, the jury met in Santa Fe.", None),
    ],
)
def test_a_dateline_in_the_first_lines_dates_a_plain_text_article(text, expected):
    found = find_dateline(text, RECEIVED)
    assert (found[0].isoformat() if found else None) == expected


def test_a_plain_text_dateline_is_labelled_as_such():
    read = read_upload(
        b"Crew sues\nPosted: Thursday, October 20, 2022\n\nThe crew sued.", "c.txt"
    )
    assert read.published == dt.date(2022, 10, 20)
    assert read.published_from == "dateline in the text"


def test_a_wire_dateline_without_a_year_says_its_year_was_assumed():
    read = read_upload(
        b"March 3 (Reuters) - The jury in the 2023 trial met on Monday.",
        "w.txt",
        RECEIVED,
    )
    assert read.published == dt.date(2023, 3, 3)
    assert "gives no year" in read.warnings[0]


@pytest.mark.parametrize(
    "created",
    ["D:20000101000000Z", "D:19800101000000Z", "D:20270101000000Z"],
    ids=["producer-default", "before-1990", "after-upload"],
)
def test_implausible_file_dates_are_not_trusted(created):
    read = read_upload(pdf(created=created), "a.pdf", RECEIVED)
    assert read.published is None and read.published_from == ""
    assert "cannot be the publication date" in read.warnings[0]


def test_python_docx_template_date_is_not_a_publication_date():
    read = read_upload(samples.docx_bytes(["The jury met on Monday."]), "t.docx")
    assert read.published is None


@pytest.mark.parametrize(
    "language,text,expected",
    [
        ("de", "Der Prozess begann am 03.11.2022 in Santa Fe.", ["2022-11-03"]),
        ("fr", "Le procès a commencé le 3/11/2022.", ["2022-11-03"]),
        ("de", "Das Urteil fiel am 2023-01-15. Niemand kam.", ["2023-01-15"]),
        ("de", "Am 31.02.2022 geschah nichts.", []),
        ("other", "Суд начался 03.11.2022 и 2022-11-05.", ["2022-11-05"]),
        ("de", "Im März sagte er, dass es am 3. November war.", []),
        (
            "de",
            "Prozess in Santa Fe\n2022-12-01\n\nEr begann am 03.11.2022.",
            ["2022-11-03"],
        ),
    ],
)
def test_a_foreign_article_keeps_only_certain_numeric_dates(language, text, expected):
    events = extract_numeric_dates(text, language).events
    assert [e.date for e in events] == expected


@pytest.mark.django_db
def test_a_batch_keeps_its_good_files_and_names_each_refused_one(
    client, journalist, case
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from articles.models import Article

    client.force_login(journalist)
    url = reverse("articles:article_upload", args=[case.slug])
    response = client.post(
        url,
        {
            "kind": "files",
            "upload-files": [
                SimpleUploadedFile("good.txt", samples.SEED_LIKE.encode()),
                SimpleUploadedFile("empty.txt", b""),
                SimpleUploadedFile("notes.rtf", b"{\\rtf1 notes}"),
            ],
        },
        follow=True,
    )
    page = response.text
    assert [a.original_name for a in Article.objects.filter(case=case)] == ["good.txt"]
    assert "“empty.txt” was not uploaded: The file is empty." in page
    assert "“notes.rtf” was not uploaded: Caseline cannot read .rtf files" in page
    assert "Choose at least one file" not in page
    # Nothing good at all: the page says why, file by file, and stores nothing.
    response = client.post(
        url,
        {"kind": "files", "upload-files": [SimpleUploadedFile("e.txt", b" ")]},
    )
    assert response.status_code == 200
    assert "“e.txt” was not uploaded: The file is empty." in response.text
    assert Article.objects.filter(case=case).count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_corpus_gets_its_expected_outcomes_on_a_real_worker(case, tmp_path):
    import json

    from django.core.management import call_command

    from tests.articles import corpus
    from tests.worker import Worker, purge_queue

    expected = corpus.cases()
    for item in expected:
        (tmp_path / item.name).write_bytes(item.data)
    purge_queue()
    worker = Worker().start()
    try:
        out = io.StringIO()
        call_command(
            "import_articles",
            "--case",
            case.slug,
            "--json",
            *(str(tmp_path / item.name) for item in expected),
            stdout=out,
        )
    finally:
        worker.stop()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == len(expected)
    for item, line in zip(expected, lines, strict=True):
        assert line["file"].endswith(item.name)
        assert line["status"] == item.status, (item.name, line["reason"])
        said = " ".join([line["reason"], *line["warnings"]])
        assert item.message in said, (item.name, said)
        dates = {event["date"] for event in line["events"]}
        assert set(item.dates) <= dates, (item.name, dates)
        for event in line["events"]:
            assert "**" not in event["sentence"] and "](" not in event["sentence"]
        if item.published:
            assert line["published"] == item.published, item.name
        if item.published_source:
            assert line["published_source"] == item.published_source, item.name
        if item.title:
            assert line["title"] == item.title, item.name
        if item.status == "done":
            assert line["text"] and not line["reason"], item.name
    assert "Muñoz met Åse Sørlie and Françoise Lefèvre" in lines[2]["text"]
    assert "€300" in lines[2]["text"] and "…" in lines[2]["text"]


def test_a_web_page_saved_as_txt_is_read_as_html_and_markdown_as_markdown():
    html = page("", "Trial resumes")
    assert read_upload(html, "saved.txt").title == "Trial resumes"
    md = b"# Trial resumes\n\nThe <b>judge</b> said the jury would return on Monday."
    read = read_upload(md, "story.md")
    assert read.title == "Trial resumes" and "<b>" not in read.text
