"""Reading uploaded files into article text and metadata.

Every failure raises Unreadable with a sentence a journalist can act on; nothing
here touches the database.
"""

import codecs
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import charset_normalizer

from . import htmlmeta
from .datelines import find_dateline, is_dateline_line
from .markdown import markdown_to_text


class Unreadable(Exception):
    """The file cannot be turned into article text; str(exc) says why, plainly."""


@dataclass
class ReadArticle:
    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    # Where the publication date came from, shown next to it ("HTML metadata").
    published_from: str = ""
    # Things the journalist should know about how the file was read.
    warnings: list[str] = field(default_factory=list)


TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}
MARKDOWN_EXTENSIONS = {".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
ACCEPTED_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | {".pdf", ".docx"}
ACCEPTED = ".txt, .md, .html, .htm, .pdf, .docx"

IMAGE_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a bitmap image"),
]
# Formats people try, with what to do about them.
KNOWN_FORMATS = {
    ".doc": "Old Word (.doc) files are not supported; save it as .docx.",
    ".rtf": "Rich Text (.rtf)",
    ".odt": "OpenDocument (.odt)",
    ".pages": "Apple Pages (.pages)",
    ".wpd": "WordPerfect (.wpd)",
}


def extension(filename: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]+$", filename or "")
    return match.group(0).lower() if match else ""


def refusal(data: bytes, filename: str) -> str:
    """Why the file cannot be an article, judged cheaply before it is queued;
    '' when a worker should read it."""
    if not data.strip():
        return "The file is empty."
    image = sniff_image(data)
    if image:
        return (
            f"This file is {image}, not an article. Caseline reads text, HTML, "
            "PDF and Word files; an image needs OCR first."
        )
    ext = extension(filename)
    if data.startswith(b"{\\rtf") and ext not in (".pdf", ".docx"):
        ext = ".rtf"
    known = KNOWN_FORMATS.get(ext, "")
    if known.endswith("."):
        return known
    if ext and ext not in ACCEPTED_EXTENSIONS:
        kind = f" ({known.split(' (')[0]})" if known else ""
        return (
            f"Caseline cannot read {ext} files{kind}; save it as .docx, PDF or "
            f"text. It reads {ACCEPTED}."
        )
    return ""


def read_upload(
    data: bytes, filename: str, received: dt.date | None = None
) -> ReadArticle:
    """Text and metadata of an uploaded file, judged by its content, not its name.

    ``received`` is the day the file came in: no date of its own may be later.
    """
    problem = refusal(data, filename)
    if problem:
        raise Unreadable(problem)
    received = received or dt.date.today()
    ext = extension(filename)
    if data.startswith(b"%PDF"):
        return read_pdf(data, received)
    if data.startswith(b"PK\x03\x04"):
        if ext == ".docx" or is_docx(data):
            return read_docx(data, received)
        raise Unreadable("This is a ZIP archive, not an article. Upload its files.")
    if ext == ".pdf":
        raise Unreadable("This file is named .pdf but is not a PDF document.")
    if ext == ".docx":
        raise Unreadable("This file is named .docx but is not a Word document.")
    text, warnings = decode(data)
    # A saved web page named .txt is still HTML; Markdown may hold some tags.
    if ext in HTML_EXTENSIONS or (
        ext not in MARKDOWN_EXTENSIONS and looks_like_html(text)
    ):
        read = read_html(text)
        if read.published is None:
            # A page that declares no date may still show one above the story.
            dateline = find_dateline(read.text, received)
            if dateline:
                read.published, read.published_from = (
                    dateline[0],
                    htmlmeta.VISIBLE_DATELINE,
                )
                read.warnings += [w for w in dateline[1:] if w]
        trust_date(read, received)
    else:
        read = read_plain_text(text, received, markdown=ext in MARKDOWN_EXTENSIONS)
    read.warnings[:0] = warnings
    return read


def sniff_image(data: bytes) -> str:
    for magic, name in IMAGE_MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:12] in (b"ftypheic", b"ftypavif", b"ftypmif1"):
        return "a HEIC/AVIF image"
    return ""


def is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


BINARY = "This file holds binary data, not text, although its name says text."
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode_text(data: bytes) -> str:
    return decode(data)[0]


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode text in whatever encoding it came in; refuse binary data.

    Returns the text and warnings (stray NUL bytes removed). A BOM or UTF-16's
    pattern of zero bytes decides first, then UTF-8; a single-byte file is
    read as Windows-1252 when it then reads as a Western European language,
    and only otherwise as the code page charset detection prefers.
    """
    warnings: list[str] = []
    text = decode_unicode(data)
    if text is None:
        nuls = data.count(b"\x00")
        if nuls:
            data = data.replace(b"\x00", b"")
            warnings.append(
                f"The file held {nuls} NUL byte{'s' if nuls > 1 else ''} "
                "(a sign of damage); they were removed and the text on both "
                "sides kept."
            )
        text = decode_utf8(data)
        if text is None:
            text = decode_single_byte(data)
    if text is None or is_binary(text):
        raise Unreadable(BINARY)
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def decode_unicode(data: bytes) -> str | None:
    """Text with a BOM, or UTF-16 without one; None for anything else."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise Unreadable(BINARY) from None
    sample = data[:4096]
    if len(sample) >= 8:
        even = sample[0::2].count(0) / (len(sample) / 2)
        odd = sample[1::2].count(0) / (len(sample) / 2)
        # ASCII-range text in UTF-16: every other byte is zero.
        for zero_share, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if zero_share > 0.4 and min(even, odd) < 0.05:
                try:
                    return data.decode(codec)
                except UnicodeDecodeError:
                    return None
    return None


def decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_single_byte(data: bytes) -> str | None:
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None  # bytes cp1252 leaves undefined
    if western is not None and reads_as_western(western):
        return western
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best)
    return western


def reads_as_western(text: str) -> bool:
    """Text in a language written in Windows-1252: its accented letters are
    few among plain ones (Cyrillic or Greek read as 1252 is nearly all
    accented letters)."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    accented = sum(1 for ch in letters if ord(ch) > 127)
    if letters and accented > 0.25 * len(letters):
        return False
    return detect_language(text) in {*_WORD_SETS, ""}


def is_binary(text: str) -> bool:
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control > max(10, len(sample) // 100)


def looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return (
        head.startswith(("<!doctype html", "<html")) or "<body" in text[:5000].lower()
    )


FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
DATELINE_IN_TEXT = "dateline in the text"


def read_plain_text(
    text: str, received: dt.date, *, markdown: bool = False
) -> ReadArticle:
    meta: dict[str, str] = {}
    front = FRONT_MATTER.match(text)
    if front:
        # Markdown front matter ("title:", "date:") is metadata, not article text.
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip("'\"")
        text = text[front.end() :]
    heading = ""
    if markdown:
        text, heading = markdown_to_text(text)
    if not text.strip():
        raise Unreadable("The file is empty.")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # A stamp ("Posted: ...") above the headline is not the headline.
    first_line = next((ln for ln in lines if not is_dateline_line(ln)), lines[0])
    title = meta.get("title") or heading or first_line.lstrip("#").strip()
    read = ReadArticle(
        text=text.strip("\n"),
        title=title[:500],
        author=meta.get("author", ""),
        outlet=meta.get("outlet", meta.get("publisher", "")),
        url=meta.get("url", ""),
    )
    published = parse_iso_date(meta.get("date") or meta.get("published") or "")
    if published:
        read.published, read.published_from = published, "front matter"
    else:
        dateline = find_dateline(read.text, received)
        if dateline:
            read.published, read.published_from = dateline[0], DATELINE_IN_TEXT
            read.warnings += [w for w in dateline[1:] if w]
    trust_date(read, received)
    return read


def trust_date(read: ReadArticle, received: dt.date) -> None:
    """Drop a date no article can have: before 1990, after the file came in,
    or a default that software writes into files it makes."""
    day = read.published
    if day is None:
        return
    if day.year < 1990 or day > received or day in PRODUCER_DEFAULTS:
        read.warnings.append(
            f"The date in {read.published_from} ({day.isoformat()}) cannot be "
            "the publication date, so it was not used."
        )
        read.published, read.published_from = None, ""


# Dates that programs stamp on files they make: not when an article appeared.
PRODUCER_DEFAULTS = {
    dt.date(2000, 1, 1),
    dt.date(2013, 12, 23),  # python-docx's template
}
MIN_WORDS = 12


def read_html(html: str) -> ReadArticle:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # Only dates the page declares; never one guessed from its text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura gives up on some malformed markup
        doc = None
    body = (getattr(doc, "text", "") or "").strip() if doc is not None else ""
    if not body:
        body = fallback_html_text(html)
    if len(body.split()) < MIN_WORDS:
        raise Unreadable(
            "No article text found in this HTML page (it may be a web app "
            "that builds the page in the browser); save the article's text or "
            "print it to PDF, and upload that."
        )
    tree = htmlmeta.parse_tree(html)
    title = htmlmeta.headline(tree)
    if title and not body.startswith(title):
        # The headline is part of the story the engine reads; the share title
        # (og:title) is not.
        body = f"{title}\n\n{body}"
    fallback_title = (getattr(doc, "title", "") or "").strip() if doc else ""
    published = parse_iso_date(getattr(doc, "date", "") or "") if doc else None
    return ReadArticle(
        text=body,
        title=(title or fallback_title or body.splitlines()[0])[:500],
        author=(getattr(doc, "author", "") or "") if doc else "",
        outlet=(getattr(doc, "sitename", "") or "") if doc else "",
        url=(getattr(doc, "url", "") or "") if doc else "",
        published=published,
        published_from=htmlmeta.date_source(tree, published) if published else "",
    )


def fallback_html_text(html: str) -> str:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception:
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//nav|//header|//footer"):
        bad.drop_tree()
    blocks = [
        " ".join(el.text_content().split())
        for el in tree.xpath("//h1|//h2|//h3|//p|//li")
    ]
    return "\n\n".join(b for b in blocks if b)


PASSWORD_PROTECTED = (
    "This PDF is password-protected: it opens only with its password. Upload "
    "an unlocked copy."
)


def read_pdf(data: bytes, received: dt.date) -> ReadArticle:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        # A PDF with only an owner password ("no printing") opens with none.
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable(PASSWORD_PROTECTED)
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata or {}
    except Unreadable:
        raise
    except FileNotDecryptedError:
        raise Unreadable(PASSWORD_PROTECTED) from None
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise Unreadable(f"This PDF is damaged and cannot be read ({exc}).") from None
    except Exception as exc:
        raise Unreadable(f"This PDF cannot be read ({exc}).") from None
    text = unwrap_lines("\n\n".join(pages))
    if len(text.split()) < 5:
        raise Unreadable(
            "This PDF has no text layer (it looks like scanned images); "
            "run OCR on it first."
        )
    created = getattr(meta, "creation_date", None)
    published = created.date() if isinstance(created, dt.datetime) else None
    title = (getattr(meta, "title", None) or "").strip()
    read = ReadArticle(
        text=text,
        title=(title or text.splitlines()[0])[:500],
        author=(getattr(meta, "author", None) or "").strip(),
        published=published,
        published_from="the PDF's file metadata (its creation date)"
        if published
        else "",
    )
    trust_date(read, received)
    return read


def unwrap_lines(text: str) -> str:
    """Join a PDF's hard-wrapped lines back into paragraphs; a line ending a
    sentence or a short line ends its paragraph."""
    paragraphs: list[str] = []
    current: list[str] = []
    lines = [line.strip() for line in text.splitlines()]
    width = max((len(line) for line in lines), default=0)
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and current[-1].endswith("-") and line[:1].islower():
            current[-1] = current[-1][:-1] + line
        else:
            current.append(line)
        if line.endswith((".", "?", "!", '"', "”", ":")) or len(line) < 0.6 * width:
            paragraphs.append(" ".join(current).replace("- ", "-"))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


# A Word file's parts, read whole into memory: no article needs more. The
# sizes in the ZIP directory are checked first and every read is capped too,
# as a crafted file can understate them.
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
# The parts python-docx parses; images and other binary parts are never read.
DOCX_PARTS = re.compile(r"\.(xml|rels)$", re.I)


def read_docx(data: bytes, received: dt.date) -> ReadArticle:
    import docx

    try:
        document = docx.Document(io.BytesIO(text_parts_of_docx(data)))
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable(
            f"This Word file is damaged and cannot be read ({exc})."
        ) from None
    paragraphs = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    if not paragraphs:
        raise Unreadable("The Word file contains no text.")
    props = document.core_properties
    created = props.created
    published = created.date() if isinstance(created, dt.datetime) else None
    read = ReadArticle(
        text="\n\n".join(paragraphs),
        title=(props.title or paragraphs[0])[:500],
        author=props.author or "",
        published=published,
        published_from="the Word file's metadata (its creation date)"
        if published
        else "",
    )
    trust_date(read, received)
    return read


def text_parts_of_docx(data: bytes) -> bytes:
    """A copy of the Word file with only the parts that hold text and
    metadata (no images), each read with a cap; refuses a ZIP bomb."""
    out = io.BytesIO()
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
        ):
            members = [m for m in source.infolist() if DOCX_PARTS.search(m.filename)]
            check_unpacked_sizes(members)
            for other in source.infolist():
                if other not in members:
                    copy.writestr(other.filename, b"")  # images: never looked at
            total = 0
            for member in members:
                with source.open(member) as fh:
                    part = fh.read(MAX_PART_BYTES + 1)
                total += len(part)
                if len(part) > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
                    raise Unreadable(zip_bomb(total))
                copy.writestr(member.filename, part)
    except zipfile.BadZipFile as exc:
        raise Unreadable(
            f"This Word file is damaged and cannot be read ({exc})."
        ) from None
    return out.getvalue()


def check_unpacked_sizes(members: list[zipfile.ZipInfo]) -> None:
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES or any(m.file_size > MAX_PART_BYTES for m in members):
        raise Unreadable(zip_bomb(total))


def zip_bomb(size: int) -> str:
    return (
        f"This Word file unpacks to {size / 1_048_576:,.0f} MB or more of text, "
        f"more than any article (the limit is {MAX_UNPACKED_BYTES // 1_048_576} "
        "MB); it may be damaged or built to exhaust the server, so it was not read."
    )


def parse_iso_date(value: str) -> dt.date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


# Short, frequent function words; a text that has almost none of English's but
# many of another language's is not English.
FUNCTION_WORDS = {
    "en": "the of and to in a is that for was on with as by at he said it his from",
    "fr": "le la les de des et en un une du est que pour dans sur au qui il a par",
    "es": "el la los las de y en un una que es por del se con para al lo su",
    "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im",
    "it": "il la di che e un una per non con del della sono gli le si al",
    "pt": "o a os as de e em um uma que do da para com não por se dos",
    "nl": "de het een en van is dat op te in met voor niet zijn aan er",
}
LANGUAGE_NAMES = {
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}
_WORD_SETS = {lang: set(words.split()) for lang, words in FUNCTION_WORDS.items()}


def detect_language(text: str) -> str:
    """'en', another code, 'other' for a non-Latin script, or '' when too short."""
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 40:
        return ""
    latin = sum(1 for ch in letters if ch < "\u0250")
    if latin < 0.6 * len(letters):
        return "other"
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) < 12:
        return ""
    scores = {
        lang: sum(1 for w in words if w in vocab) / len(words)
        for lang, vocab in _WORD_SETS.items()
    }
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        return "other"  # none of the function words of any language known here
    if scores["en"] >= 0.08 or scores["en"] >= scores[best] * 0.8:
        return "en"
    return best if scores[best] >= 0.08 else "other"


def language_warning(language: str) -> str:
    """What the journalist is told about an article not in English."""
    name = LANGUAGE_NAMES.get(language)
    what = f"in {name}" if name else "not in English"
    numeric = "ISO dates and dates written day first (03.11.2022)"
    if language not in LANGUAGE_NAMES:
        numeric = "ISO dates (2022-11-03)"
    return (
        f"This article seems to be {what}. Caseline's date engine reads English, "
        f"so only {numeric} were taken from it; check its text for other dates."
    )
