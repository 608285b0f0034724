"""Reading uploaded files into article text and metadata.

Every failure raises Unreadable with a sentence a journalist can act on; nothing
here touches the database.
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import charset_normalizer


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
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
ACCEPTED = ".txt, .md, .html, .htm, .pdf, .docx"

IMAGE_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a bitmap image"),
]


def extension(filename: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]+$", filename or "")
    return match.group(0).lower() if match else ""


def read_upload(data: bytes, filename: str) -> ReadArticle:
    """Text and metadata of an uploaded file, judged by its content, not its name."""
    if not data.strip():
        raise Unreadable("The file is empty.")
    image = sniff_image(data)
    if image:
        raise Unreadable(
            f"This file is {image}, not an article. Caseline reads text, HTML, "
            "PDF and Word files; an image needs OCR first."
        )
    ext = extension(filename)
    if data.startswith(b"%PDF"):
        return read_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        if ext == ".docx" or is_docx(data):
            return read_docx(data)
        raise Unreadable("This is a ZIP archive, not an article. Upload its files.")
    if ext == ".pdf":
        raise Unreadable("This file is named .pdf but is not a PDF document.")
    if ext == ".docx":
        raise Unreadable("This file is named .docx but is not a Word document.")
    if ext == ".doc":
        raise Unreadable("Old Word (.doc) files are not supported; save it as .docx.")
    text = decode_text(data)
    if ext in HTML_EXTENSIONS or looks_like_html(text):
        return read_html(text)
    if ext and ext not in TEXT_EXTENSIONS:
        raise Unreadable(f"Caseline cannot read {ext} files; it reads {ACCEPTED}.")
    return read_plain_text(text)


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


def decode_text(data: bytes) -> str:
    """Decode text in whatever encoding it came in; refuse binary data."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable(
            "This file holds binary data, not text, although its name says text."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise Unreadable(
                "This file holds binary data, not text, although its name says text."
            ) from None
        text = str(best)
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(10, len(text[:20000]) // 100):
        raise Unreadable(
            "This file holds binary data, not text, although its name says text."
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return (
        head.startswith(("<!doctype html", "<html")) or "<body" in text[:5000].lower()
    )


FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def read_plain_text(text: str) -> ReadArticle:
    meta: dict[str, str] = {}
    front = FRONT_MATTER.match(text)
    if front:
        # Markdown front matter ("title:", "date:") is metadata, not article text.
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip("'\"")
        text = text[front.end() :]
    if not text.strip():
        raise Unreadable("The file is empty.")
    first_line = next(line for line in text.splitlines() if line.strip())
    title = meta.get("title") or first_line.strip().lstrip("#").strip()
    published = parse_iso_date(meta.get("date") or meta.get("published") or "")
    return ReadArticle(
        text=text.strip("\n"),
        title=title[:500],
        author=meta.get("author", ""),
        outlet=meta.get("outlet", meta.get("publisher", "")),
        url=meta.get("url", ""),
        published=published,
        published_from="front matter" if published else "",
    )


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
    if not body:
        raise Unreadable("No article text was found in this HTML page.")
    title = (getattr(doc, "title", "") or "").strip() if doc is not None else ""
    if title and not body.startswith(title):
        # The headline is part of the story the engine reads.
        body = f"{title}\n\n{body}"
    published = parse_iso_date(getattr(doc, "date", "") or "") if doc else None
    return ReadArticle(
        text=body,
        title=(title or body.splitlines()[0])[:500],
        author=(getattr(doc, "author", "") or "") if doc else "",
        outlet=(getattr(doc, "sitename", "") or "") if doc else "",
        url=(getattr(doc, "url", "") or "") if doc else "",
        published=published,
        published_from="the page's metadata" if published else "",
    )


def fallback_html_text(html: str) -> str:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception:
        return ""
    for bad in tree.xpath("//script|//style|//nav|//header|//footer"):
        bad.drop_tree()
    blocks = [
        " ".join(el.text_content().split())
        for el in tree.xpath("//h1|//h2|//h3|//p|//li")
    ]
    return "\n\n".join(b for b in blocks if b)


def read_pdf(data: bytes) -> ReadArticle:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable(
                "This PDF is protected by a password; upload an unlocked copy."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata or {}
    except Unreadable:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise Unreadable(f"This PDF is damaged and cannot be read ({exc}).") from None
    except Exception as exc:
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise Unreadable(
                "This PDF is protected by a password; upload an unlocked copy."
            ) from None
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
    return ReadArticle(
        text=text,
        title=(title or text.splitlines()[0])[:500],
        author=(getattr(meta, "author", None) or "").strip(),
        published=published,
        published_from="the PDF's creation date" if published else "",
    )


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


def read_docx(data: bytes) -> ReadArticle:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
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
    return ReadArticle(
        text="\n\n".join(paragraphs),
        title=(props.title or paragraphs[0])[:500],
        author=props.author or "",
        published=published,
        published_from="the Word file's creation date" if published else "",
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
    if scores["en"] >= 0.08 or scores["en"] >= scores[best] * 0.8:
        return "en"
    return best if scores[best] >= 0.08 else "other"


def language_problem(text: str) -> str:
    """A message when the text is not English, else ''."""
    lang = detect_language(text)
    if lang in ("", "en"):
        return ""
    name = LANGUAGE_NAMES.get(lang)
    what = f"in {name}" if name else "not in English"
    return (
        f"This article seems to be {what}. Caseline's date engine reads English "
        "only, so it was not processed rather than mis-dated."
    )
