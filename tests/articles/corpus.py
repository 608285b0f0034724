"""Issue 12's bad and tricky uploads, made in code: the corpus that
tests/articles/test_bad_uploads.py runs through a real worker and
benchmarks/bad_uploads.py measures. Each case says its expected outcome."""

import io
import zipfile
from dataclasses import dataclass, field

from tests.articles import samples


@dataclass
class Case:
    name: str
    data: bytes
    status: str  # rejected | failed | done | needs_date
    message: str = ""  # in the reason (or in a warning when done)
    dates: list[str] = field(default_factory=list)  # event dates that must be found
    published: str | None = None
    published_source: str = ""
    title: str = ""


STORY = (
    "The jury in Santa Fe heard the armorer's lawyer on Monday, and the judge "
    "said the trial would resume on March 3, 2023 after a short break."
)


def pdf(
    user_password: str = "",
    owner_password: str = "",
    created: str = "",
    story=STORY,
    title: str = "",
) -> bytes:
    """A PDF of ``story``, optionally dated, titled and AES-encrypted."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    source = PdfReader(io.BytesIO(samples.pdf_with_text([story[:70], story[70:]])))
    for page in source.pages:
        writer.add_page(page)
    if created:
        meta = {"/CreationDate": created}
        writer.add_metadata({**meta, "/Title": title} if title else meta)
    if user_password or owner_password:
        writer.encrypt(
            user_password=user_password,
            owner_password=owner_password,
            algorithm="AES-256",
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bomb_docx(unpacked: int) -> bytes:
    """A Word file whose document.xml inflates to ``unpacked`` bytes, written
    in chunks so that making it needs no such memory."""
    base = samples.docx_bytes([STORY], title="Trial")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as copy,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename != "word/document.xml":
                copy.writestr(member.filename, data)
                continue
            head, tail = data.split(b"</w:body>")
            with copy.open(member.filename, "w", force_zip64=True) as fh:
                fh.write(head + b"<!--")
                chunk = b" " * (1 << 20)
                for _ in range(unpacked // len(chunk)):
                    fh.write(chunk)
                fh.write(b"--></w:body>" + tail)
    return out.getvalue()


def html_page(head: str, headline: str, body: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>Site | Story</title>{head}</head>"
        f"<body><nav>Home Sports</nav><article><h1>{headline}</h1>{body}"
        "</article><footer>Copyright</footer></body></html>"
    ).encode()


def cases(bomb_bytes: int = 100 * 1024 * 1024) -> list[Case]:
    western = (
        "Posted: Thursday, October 20, 2022\n\nLawyer Ana Muñoz met Åse Sørlie "
        "and Françoise Lefèvre on Wednesday. “It’s over,” she said… The fee was "
        "€300, and the court’s clerk agreed.\n"
    )
    german = (
        "Prozess in Santa Fe\n2022-12-01\n\nDer Prozess gegen "
        "den Waffenmeister wurde am 03.11.2022 in Santa Fe eröffnet, sagte die "
        "Staatsanwaltschaft. Die Verteidigung hat nicht gesagt, ob sie in Berufung "
        "gehen wird, und die Familie ist mit dem Urteil nicht zufrieden.\n"
    )
    markdown = (
        "---\ntitle: Hearing set\ndate: 2022-03-01\n---\n# Hearing set\n\n"
        "The **judge** said in a [court filing](https://x.example/f) that the "
        "hearing would go ahead.\n\n- On February 14, 2022 the *defence* asked "
        "for a delay\n- The court refused\n"
    )
    shell = (
        b"<!doctype html><html><head><title>News</title></head><body><noscript>"
        b"You need to enable JavaScript to run this app.</noscript>"
        b'<div id="root"></div><script src="/main.js"></script></body></html>'
    )
    headline = html_page(
        '<meta property="og:title" content="You will not believe this trial">'
        '<meta property="article:published_time" content="2022-10-20T09:00:00Z">',
        "Armorer's trial <script>track('h1')</script>resumes in Santa Fe",
        f"<p>{STORY}</p><p>{STORY}</p>",
    )
    return [
        Case("aes-owner-only.pdf", pdf(owner_password="o", created="D:20221020090000Z"),
             "done", dates=["2023-03-03"], published="2022-10-20"),
        Case("aes-user-password.pdf", pdf(user_password="u", owner_password="o"),
             "failed", "This PDF is password-protected"),
        Case("legacy-cp1252.txt", western.encode("cp1252"), "done",
             published="2022-10-20", published_source="dateline in the text"),
        Case("utf16.txt", western.replace("€300", "€450").encode("utf-16"), "done",
             published="2022-10-20"),
        Case("nul-byte.txt",
             western.replace("€300", "€600").replace("Wednesday.", "Wednesday.\x00")
             .encode(),
             "done", "NUL byte"),
        Case("markup.md", markdown.encode(), "done", dates=["2022-02-14"],
             published="2022-03-01", published_source="front matter",
             title="Hearing set"),
        Case("app-shell.html", shell, "failed", "No article text found"),
        Case("headline.html", headline, "done", published="2022-10-20",
             published_source="the page's metadata",
             title="Armorer's trial resumes in Santa Fe"),
        Case("notes.rtf", b"{\\rtf1\\ansi Notes}", "rejected", "cannot read .rtf"),
        Case("story.odt", b"PK\x03\x04odt", "rejected", "cannot read .odt"),
        Case("story.pages", b"PK\x03\x04pages", "rejected", "cannot read .pages"),
        Case("empty.txt", b"", "rejected", "The file is empty."),
        Case("zip-bomb.docx", zip_bomb_docx(bomb_bytes), "failed", "unpacks to"),
        Case("german.txt", german.encode(), "done", "German", dates=["2022-11-03"],
             published="2022-12-01"),
        Case("wire.txt", b"SANTA FE, March 3 (Reuters) - The jury in the 2023 trial "
             b"met on Monday, lawyers said.", "done", "gives no year",
             published="2023-03-03", published_source="dateline in the text"),
        Case("producer-default-date.pdf", pdf(created="D:20000101000000Z",
             story=STORY.replace("Monday", "Tuesday")),
             "needs_date", "cannot be the publication date"),
    ]  # fmt: skip
