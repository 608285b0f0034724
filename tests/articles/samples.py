"""Sample files for ingestion tests, made on the fly: good ones in every format and
the bad-input corpus."""

import io

SEED_LIKE = (
    "Rust restarts in California\n\n"
    "The producers said Wednesday that filming will resume in January in "
    "California. In March, Baldwin's lawyers said his contract excused him.\n"
)


def pdf_with_text(lines: list[str]) -> bytes:
    """A minimal one-page PDF whose text layer holds ``lines``."""
    ops = ["BT", "/F1 11 Tf", "72 720 Td", "14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (Rust restarts) /CreationDate (D:20221020120000Z) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_without_text() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_with_text(["Secret text here."]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(paragraphs: list[str], title: str = "") -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HTML_ARTICLE = """<!doctype html>
<html><head><title>Rust restarts | Example News</title>
<meta property="og:title" content="Rust restarts in California">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Dana Reporter">
<meta property="article:published_time" content="2022-10-20T09:00:00Z">
<link rel="canonical" href="https://news.example/rust-restarts">
</head><body>
<nav><a href="/">Home</a> <a href="/sports">Sports</a> Subscribe now</nav>
<article><h1>Rust restarts in California</h1>
<p>The producers said Wednesday that filming will resume in January in California,
a year after the shooting on the set in New Mexico.</p>
<p>In March, Baldwin's lawyers said his contract excused him from liability, and
in April his lawyer said a state report cleared him.</p>
<p>The production company declined to say which companies are involved in the
resumed production, or when the cast would return to the set.</p>
</article>
<footer>Copyright 2022 Example News. Sign up for our newsletter.</footer>
</body></html>"""

BROKEN_HTML = (
    "<html><body><div><p>The producers said Wednesday that filming will resume "
    "in January.<p>In March the lawyers said his contract excused him.<div></b>"
    "<span>unclosed"
)

FRENCH = (
    "Le tournage du film Rust reprendra en janvier en Californie, a annoncé "
    "mercredi la production. En mars, les avocats de Baldwin ont déclaré que son "
    "contrat le dégageait de toute responsabilité dans la mort de la directrice "
    "de la photographie."
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)

BINARY = bytes(range(256)) * 20
