"""The timeline taken out of Caseline: CSV rows, a TimelineJS document and a PDF.

Plain functions over a case and its filtered events; no request objects, so the
views (``export_views.py``) and the ``export_timeline`` command share them.

Which events an export holds (``select_events``):

- a ``status`` of approved, proposed or rejected exports exactly that status (the
  timeline page's status filter holds);
- ``status=all`` exports every event that is not rejected, proposed ones marked;
- without a status, the format's default: the PDF (for the editor and the lawyer)
  and TimelineJS (for publishing) hold approved events only, the CSV (a working
  copy, with a status column) every event that is not rejected.
"""

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from extraction.datevalue import DateValue

from .filters import EventFilterForm, filter_events
from .models import Case, Event, EventSource
from .replay import replay_events

CSV, PDF, TIMELINEJS, JSON = "csv", "pdf", "timelinejs", "json"
FORMATS = (CSV, PDF, TIMELINEJS, JSON)
ALL = "all"
STATUS_CHOICES = (ALL, *Event.Status.values)
DEFAULT_STATUS = {
    CSV: ALL,
    PDF: Event.Status.APPROVED,
    TIMELINEJS: Event.Status.APPROVED,
    JSON: ALL,
}
STATUS_DESCRIPTIONS = {
    ALL: "Approved and proposed events (proposed ones marked)",
    Event.Status.APPROVED: "Approved events only",
    Event.Status.PROPOSED: "Proposed events only",
    Event.Status.REJECTED: "Rejected events only",
}

# Short names of the statuses an export holds, for buttons and file names.
STATUS_LABELS = {
    ALL: "approved + proposed",
    Event.Status.APPROVED: "approved",
    Event.Status.PROPOSED: "proposed only",
    Event.Status.REJECTED: "rejected only",
}
STATUS_SLUGS = {
    ALL: "approved-proposed",
    Event.Status.APPROVED: "approved",
    Event.Status.PROPOSED: "proposed",
    Event.Status.REJECTED: "rejected",
}

# The CSV is read by journalists in a spreadsheet: plain headers, and no cell a
# spreadsheet would turn into a date: "Date" is ISO text at the event's precision
# (2021, 2021-10, 2021-10-21) and "Sort key" a number that orders the rows
# chronologically whatever the precision, a month before its days.
EVENT_COLUMNS = [
    "Date",
    "Precision",
    "Qualifier",
    "Sort key",
    "Title",
    "Status",
    "Articles",
    "Sources disagree on",
    "People and organisations",
]
SOURCE_COLUMNS = [
    "Quote",
    "Expression",
    "Date in the source",
    "How the date was found",
    "Article",
    "Outlet",
    "Article URL",
    "Published",
]
CSV_HEADER = [*EVENT_COLUMNS, *SOURCE_COLUMNS, "Event ID"]
EVENTS, SOURCES = "events", "sources"
CSV_ROWS = (EVENTS, SOURCES)
# Lists of names are joined with this:
ACTOR_SEPARATOR = "; "
CSV_CHUNK_SIZE = 2000
BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    """The export was asked for something it cannot give (a bad status)."""


# Choosing the events ----------------------------------------------------------


def select_events(
    case: Case, params: Mapping | None, fmt: str
) -> tuple[QuerySet[Event], EventFilterForm, str]:
    """The case's events for an export in ``fmt`` narrowed by the timeline's filters
    in ``params``, in timeline order, with the status rule applied (see the module
    docstring). Returns the events, the filter form and the status in force."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}")
    params = dict(_items(params))
    status = params.pop("status", "") or DEFAULT_STATUS[fmt]
    if status not in STATUS_CHOICES:
        raise ExportError(
            f"Unknown status {status!r}: use one of {', '.join(STATUS_CHOICES)}"
        )
    # The status is applied here, never by the form, so that an invalid filter
    # elsewhere in the query string cannot widen an export to rejected events.
    events, form = filter_events(case, params)
    if status == ALL:
        events = events.exclude(status=Event.Status.REJECTED)
    else:
        events = events.filter(status=status)
    return events.order_by("date", "precision", "id"), form, status


def _items(params: Mapping | None) -> Iterator[tuple[str, str]]:
    """Single values from a QueryDict or a plain dict, skipping empty ones."""
    if not params:
        return
    for key in params:
        value = params.get(key)
        if value not in (None, ""):
            yield key, str(value)


def with_sources(events: QuerySet[Event]) -> QuerySet[Event]:
    """Prefetch each event's sources and their articles' citation fields only (an
    article's text can be long and is never exported)."""
    sources = (
        EventSource.objects.select_related("article")
        .only(
            "event",
            "sentence",
            "sentence_start",
            "date_value",
            "expression",
            "derivation",
            "article__title",
            "article__outlet",
            "article__url",
            "article__published",
        )
        .order_by("article__published", "sentence_start", "id")
    )
    return events.prefetch_related(Prefetch("sources", queryset=sources))


def replay_date(form: EventFilterForm) -> dt.date | None:
    """The "as known on" day of the export's filters, if one is set and valid."""
    if form.is_valid():
        return form.cleaned_data.get("as_of")
    return None


def export_rows(
    events: QuerySet[Event],
    as_of: dt.date | None = None,
    chunk_size: int = CSV_CHUNK_SIZE,
) -> Iterator[Event]:
    """The events with their sources, read in chunks; for an "as known on"
    export, each as the sources published by then supported it, with only those
    sources (``timeline.replay``)."""
    if as_of is not None:
        return iter(replay_events(events, as_of))
    return with_sources(events).iterator(chunk_size=chunk_size)


def filter_description(form: EventFilterForm, status: str) -> list[str]:
    """Human lines naming the statuses and filters an export was made with."""
    lines = [STATUS_DESCRIPTIONS[status]]
    labels = {name: (field.label or name) for name, field in form.fields.items()}
    labels["article"] = "Article"
    for name, value in form.active().items():
        if name == "status":
            continue
        if value is True:
            lines.append(labels[name].capitalize())
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        lines.append(f"{labels[name].capitalize()}: {value}")
    return lines


# CSV -------------------------------------------------------------------------


def neutralise(value: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def one_line(text: str) -> str:
    return " ".join(text.split())


# Quotation marks a sentence may open and close with.
OPENING_QUOTES = "\"“‘'«"
CLOSING_QUOTES = "\"”’'»"


def plain_quote(sentence: str) -> str:
    """A sentence to show as a quotation: on one line, and without the quotation
    marks that enclose the whole of it, which the layout already adds. Inner
    quotes stay, made single as in a quote within a quote ("Rust," he said →
    ‘Rust,’ he said)."""
    text = one_line(sentence)
    if (
        len(text) > 1
        and text[0] in OPENING_QUOTES
        and text[-1] in CLOSING_QUOTES
        and not any(c in OPENING_QUOTES + CLOSING_QUOTES for c in text[1:-1])
    ):
        text = text[1:-1]
    return re.sub(r'"([^"]*)"', "‘\\1’", text.replace("“", "‘").replace("”", "’"))


def sort_key(event: Event) -> int:
    """YYYYMMDDP: the first day of the event's period and its precision, so that
    a year sorts before its months and a month before its days."""
    return int(event.date.strftime("%Y%m%d")) * 10 + int(event.precision)


def articles_of(sources: list[EventSource]) -> list:
    """The distinct articles of the sources, in the sources' order."""
    seen: dict[int, object] = {}
    for source in sources:
        seen.setdefault(source.article_id, source.article)
    return list(seen.values())


def primary_source(event: Event, sources: list[EventSource]) -> EventSource | None:
    """The source that best stands for the event: the earliest-published one that
    gives the event's own date, else the earliest one."""
    for source in sources:
        if source.date_value == event.date_value:
            return source
    return sources[0] if sources else None


def _event_cells(event: Event, sources: list[EventSource]) -> list[str]:
    return [
        event.date_value,
        event.get_precision_display(),
        event.qualifier,
        str(sort_key(event)),
        one_line(event.title),
        event.status,
        str(len(articles_of(sources))),
        disagreement(event, sources),
        ACTOR_SEPARATOR.join(str(a) for a in event.actors or []),
    ]


def _source_cells(source: EventSource | None) -> list[str]:
    if source is None:
        return [""] * len(SOURCE_COLUMNS)
    article = source.article
    return [
        one_line(source.sentence),
        one_line(source.expression),
        source.date_value,
        one_line(source.derivation),
        one_line(article.title),
        one_line(article.outlet),
        article.link,
        article.published.isoformat() if article.published else "",
    ]


def csv_records(event: Event, rows: str = EVENTS) -> list[list[str]]:
    """The event as CSV rows in ``CSV_HEADER`` order: one row with its primary
    source, or (``rows="sources"``) one row per source."""
    sources = list(event.sources.all())
    cells = _event_cells(event, sources)
    picked = [primary_source(event, sources)] if rows == EVENTS else sources or [None]
    return [
        [neutralise(c) for c in [*cells, *_source_cells(s), str(event.code)]]
        for s in picked
    ]


def disagreement(event: Event, sources: list[EventSource]) -> str:
    """Empty when the sources agree; else each date they give with how many
    sources give it: "2021-10-21 (2); 2021-10-22 (1)"."""
    if not event.sources_disagree:
        return ""
    counts: dict[str, int] = defaultdict(int)
    for source in sources:
        counts[source.date_value] += 1
    return "; ".join(f"{value} ({n})" for value, n in sorted(counts.items()))


class _Line:
    """A file-like object whose write() hands back what it was given."""

    def write(self, value: str) -> str:
        return value


def csv_lines(
    events: QuerySet[Event],
    *,
    bom: bool = False,
    rows: str = EVENTS,
    as_of: dt.date | None = None,
    chunk_size: int = CSV_CHUNK_SIZE,
) -> Iterator[str]:
    """The CSV (RFC 4180: CRLF line ends, quoted where needed) one line at a time,
    reading the events in chunks so that a large case never sits in memory."""
    if rows not in CSV_ROWS:
        raise ExportError(f"Unknown rows {rows!r}: use events or sources")
    writer = csv.writer(_Line(), lineterminator="\r\n")
    header = writer.writerow(CSV_HEADER)
    yield (BOM + header) if bom else header
    for event in export_rows(events, as_of, chunk_size):
        for record in csv_records(event, rows):
            yield writer.writerow(record)


def csv_chunks(lines: Iterable[str], size: int = 64 * 1024) -> Iterator[bytes]:
    """Group lines into UTF-8 blocks of about ``size`` bytes for streaming."""
    buffer: list[str] = []
    length = 0
    for line in lines:
        buffer.append(line)
        length += len(line)
        if length >= size:
            yield "".join(buffer).encode("utf-8")
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


# TimelineJS ------------------------------------------------------------------


def timelinejs_date(event: Event) -> dict[str, int | str]:
    """Knight Lab's date object, with the parts filled only to the precision."""
    when = event.when
    date: dict[str, int | str] = {"year": when.year}
    if when.month is not None:
        date["month"] = when.month
    if when.day is not None:
        date["day"] = when.day
    date["display_date"] = event.display_date
    return date


def citation(article, *, link: bool = True) -> str:
    """Outlet and title kept apart: "<em>Outlet</em>, <a>Title</a>, Oct. 22, 2021"."""
    title = escape(one_line(article.title) or "Untitled article")
    if link and article.link:
        title = format_html('<a href="{}" target="_blank">{}</a>', article.link, title)
    parts = []
    if article.outlet:
        parts.append(format_html("<em>{}</em>", one_line(article.outlet)))
    parts.append(title)
    if article.published:
        parts.append(escape(DateValue.of(article.published).display()))
    # Every part is escaped or built by format_html above.
    return mark_safe(", ".join(parts))  # noqa: S308


def timelinejs_text(event: Event) -> str:
    """The slide's text: the primary source's quote with its article, then the
    other articles that report the event, and notes on status and dates."""
    sources = list(event.sources.all())
    parts = []
    if event.status != Event.Status.APPROVED:
        parts.append(
            format_html(
                "<p><strong>{}</strong> (not approved by an editor)</p>",
                event.get_status_display(),
            )
        )
    primary = primary_source(event, sources)
    if primary is not None:
        parts.append(
            format_html(
                '<p class="quote">“{}”</p><p class="cite">— {}</p>',
                plain_quote(primary.sentence),
                citation(primary.article),
            )
        )
    others = [a for a in articles_of(sources) if primary and a != primary.article]
    if others:
        items = format_html_join("", "<li>{}</li>", ((citation(a),) for a in others))
        parts.append(format_html("<p>Also reported by:</p><ul>{}</ul>", items))
    if event.sources_disagree:
        parts.append(
            format_html(
                "<p><strong>Sources disagree</strong> on the date: {}</p>",
                disagreement(event, sources),
            )
        )
    return "".join(parts)


def timelinejs_slide(event: Event) -> dict:
    """One slide. No ``group``: TimelineJS gives each group a row of the time bar,
    and Caseline has no grouping an editor chose."""
    return {
        "unique_id": f"event-{event.code}",
        "start_date": timelinejs_date(event),
        "display_date": event.display_date,
        "text": {
            "headline": escape(one_line(event.title)),
            "text": timelinejs_text(event),
        },
        # Our text already carries its links; TimelineJS must not add more.
        "autolink": False,
    }


def timelinejs_document(
    case: Case, events: QuerySet[Event], *, as_of: dt.date | None = None
) -> dict:
    """The whole timeline in TimelineJS's JSON format."""
    title = {"text": {"headline": escape(case.title)}}
    if case.description:
        title["text"]["text"] = format_html("<p>{}</p>", case.description)
    return {
        "title": title,
        "events": [timelinejs_slide(e) for e in export_rows(events, as_of)],
        "scale": "human",
    }


# PDF -------------------------------------------------------------------------

STATUS_COLOURS = {
    Event.Status.APPROVED: "#1d6b33",
    Event.Status.PROPOSED: "#c98a1b",
    Event.Status.REJECTED: "#9b1c1c",
}
MONTH_INITIALS = "JFMAMJJASOND"


def month_counts(
    events: QuerySet[Event],
) -> tuple[dict[tuple[int, int], dict[str, int]], int]:
    """Events per (year, month) and status, counted in the database, and how many
    events are dated only to a year (they belong to no month, so the strip leaves
    them out, as the timeline page's strip does)."""
    rows = (
        events.order_by()
        .annotate(y=ExtractYear("date"), m=ExtractMonth("date"))
        .values("y", "m", "precision", "status")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    year_only = 0
    for row in rows:
        if row["precision"] == Event.Precision.YEAR:
            year_only += row["n"]
            continue
        month = counts[(row["y"], row["m"])]
        month[row["status"]] = month.get(row["status"], 0) + row["n"]
    return dict(counts), year_only


def overview_svg(
    counts: Mapping[tuple[int, int], Mapping[str, int]],
    *,
    width: float = 680,
    height: float = 96,
) -> str:
    """A strip of one stacked bar per month from the first event to the last,
    coloured by status, with the years marked below. Self-contained SVG."""
    if not counts:
        return ""
    first, last = min(counts), max(counts)
    months = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    top, axis = 6.0, 18.0
    plot = height - top - axis
    step = width / months
    bar = max(step * 0.8, 0.6)
    peak = max(sum(c.values()) for c in counts.values())
    shapes = []
    order = [Event.Status.APPROVED, Event.Status.PROPOSED, Event.Status.REJECTED]
    for i in range(months):
        year, month = divmod(first[0] * 12 + first[1] - 1 + i, 12)
        month += 1
        x = i * step + (step - bar) / 2
        y = top + plot
        for status in order:
            n = counts.get((year, month), {}).get(status, 0)
            if not n:
                continue
            h = max(plot * n / peak, 1.5)  # a lone event stays visible
            y -= h
            shapes.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{bar:.2f}" height="{h:.2f}" '
                f'fill="{STATUS_COLOURS[status]}"><title>{year}-{month:02d}: '
                f"{n} {status}</title></rect>"
            )
        if month == 1 or i == 0:
            tick_x = i * step
            shapes.append(
                f'<line x1="{tick_x:.2f}" y1="{top + plot:.2f}" x2="{tick_x:.2f}" '
                f'y2="{top + plot + 5:.2f}" stroke="#4f5661" stroke-width="0.6"/>'
            )
            if months <= 12 * 40 or year % 5 == 0:
                shapes.append(
                    f'<text x="{tick_x + 2:.2f}" y="{height - 3:.2f}" '
                    f'font-size="8" fill="#4f5661">{year}</text>'
                )
    baseline = (
        f'<line x1="0" y1="{top + plot:.2f}" x2="{width:.2f}" y2="{top + plot:.2f}" '
        'stroke="#4f5661" stroke-width="0.6"/>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="overview" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" font-family="DejaVu Sans">'
        f"<title>Events per month, {first[0]}-{first[1]:02d} to "
        f"{last[0]}-{last[1]:02d}, tallest bar {peak}</title>"
        f"{''.join(shapes)}{baseline}</svg>"
    )


# Words that make a name an organisation's or a place's, not a person's.
NOT_A_PERSON_WORDS = {
    "agency", "association", "board", "bureau", "college", "commission",
    "committee", "company", "corp", "corporation", "council", "county", "court",
    "department", "foundation", "group", "inc", "institute", "llc", "ltd",
    "ministry", "news", "office", "party", "police", "productions", "ranch",
    "school", "studio", "studios", "times", "union", "university",
}  # fmt: skip
# A name after one of these is a place ("a jury in Santa Fe", "at Bonanza Creek").
PLACE_PREPOSITIONS = (
    r"(?:in|at|near|outside|inside|across|throughout|(?:north|south|east|west) of)"
)


def people(names: Iterable[str], sentences: Iterable[str]) -> list[str]:
    """The persons among an event's named people and organisations, for the PDF.

    Extraction keeps person and organisation names together and a small model
    takes some places for them, so a name is left out when it cannot be a
    person's: it starts in lower case ("the Western Rust"), is an acronym
    ("IATSE"), holds an organisation's word ("County Sheriff's Office"), follows
    a place preposition in a source ("in Santa Fe"), or is a part of a fuller
    name of the same list ("Hutchins" beside "Halyna Hutchins")."""
    text = " ".join(sentences)
    kept = []
    for name in dict.fromkeys(one_line(str(n)) for n in names):
        words = name.replace("’", "'").split()
        if not words or not words[0][:1].isupper() or name.isupper():
            continue
        if {w.lower().strip(".,'s") for w in words} & NOT_A_PERSON_WORDS:
            continue
        place = rf"\b{PLACE_PREPOSITIONS}\s+(?:the\s+)?{re.escape(name)}\b"
        if re.search(place, text):
            continue
        kept.append(name)
    return [
        name
        for name in kept
        if not any(
            other != name and set(name.split()) < set(other.split()) for other in kept
        )
    ]


def pdf_notes(sources: list[EventSource], first: int) -> list[dict]:
    """One note per article (numbered from ``first``) with its distinct quotes:
    an article that supports the event with two sentences is cited once."""
    notes: dict[int, dict] = {}
    for source in sources:
        note = notes.setdefault(
            source.article_id,
            {"number": first + len(notes), "article": source.article, "quotes": []},
        )
        quote = plain_quote(source.sentence)
        if quote not in note["quotes"]:
            note["quotes"].append(quote)
    return list(notes.values())


def pdf_entries(events: QuerySet[Event], as_of: dt.date | None = None) -> list[dict]:
    """The events with their source notes numbered through the document."""
    entries = []
    number = 1
    for event in export_rows(events, as_of):
        sources = list(event.sources.all())
        notes = pdf_notes(sources, number)
        number += len(notes)
        entries.append(
            {
                "event": event,
                "title": one_line(event.title),
                "notes": notes,
                "people": people(event.actors or [], (s.sentence for s in sources)),
                "disagreement": disagreement(event, sources),
            }
        )
    return entries


def pdf_context(
    case: Case,
    events: QuerySet[Event],
    form: EventFilterForm,
    status: str,
    *,
    exported_by: str,
    exported_at: dt.datetime | None = None,
) -> dict:
    counts, year_only = month_counts(events)
    entries = pdf_entries(events, replay_date(form))
    return {
        "case": case,
        "entries": entries,
        "event_count": len(entries),
        "filters": filter_description(form, status),
        "exported_by": exported_by,
        "exported_at": timezone.localtime(exported_at or timezone.now()),
        "overview": overview_svg(counts),
        "year_only": year_only,
        "status_colours": STATUS_COLOURS,
        "show_status": status != Event.Status.APPROVED,
    }


def render_case_pdf(
    case: Case,
    events: QuerySet[Event],
    form: EventFilterForm,
    status: str,
    *,
    exported_by: str,
    exported_at: dt.datetime | None = None,
) -> bytes:
    """The print-ready PDF of the events (WeasyPrint, DejaVu fonts)."""
    from weasyprint import HTML  # heavy import, only when a PDF is made

    html = render_to_string(
        "timeline/case_export_pdf.html",
        pdf_context(
            case, events, form, status, exported_by=exported_by, exported_at=exported_at
        ),
    )
    return HTML(string=html).write_pdf()


def export_filename(
    case: Case,
    fmt: str,
    when: dt.date | None = None,
    *,
    status: str = "",
    variant: str = "",
    as_of: dt.date | None = None,
) -> str:
    """rust-timeline[-timelinejs|-full][-sources][-excel][-approved][-as-of-DAY]
    -2024-05-01.csv: each variant, selection of statuses and replay downloads
    under a name of its own."""
    when = when or timezone.localdate()
    extension = {CSV: "csv", PDF: "pdf", TIMELINEJS: "json", JSON: "json"}[fmt]
    parts = [f"{case.slug}-timeline"]
    parts.append({TIMELINEJS: "-timelinejs", JSON: "-full"}.get(fmt, ""))
    parts.append(f"-{variant}" if variant else "")
    parts.append(f"-{STATUS_SLUGS[status]}" if status else "")
    parts.append(f"-as-of-{as_of.isoformat()}" if as_of else "")
    return f"{''.join(parts)}-{when.isoformat()}.{extension}"
