"""The timeline page's export buttons: each says which statuses it holds and
carries the page's filters (its query string)."""

from django import template
from django.urls import reverse

from timeline import exports
from timeline.models import Event

register = template.Library()

# (label, url name, extra query, status when the page sets none, tooltip)
BUTTONS = [
    ("CSV", "case_export_csv", {}, exports.ALL, "One row per event, for a spreadsheet"),
    (
        "CSV for Excel",
        "case_export_csv",
        {"bom": "1"},
        exports.ALL,
        "The same CSV with a byte-order mark, so that Excel reads its accents",
    ),
    (
        "CSV, one row per source",
        "case_export_csv",
        {"rows": exports.SOURCES},
        exports.ALL,
        "Every sentence that supports an event, one row each",
    ),
    (
        "PDF",
        "case_export_pdf",
        {},
        Event.Status.APPROVED,
        "Print-ready, with footnotes",
    ),
    (
        "PDF",
        "case_export_pdf",
        {"status": exports.ALL},
        exports.ALL,
        "Print-ready, proposed events marked",
    ),
    (
        "TimelineJS",
        "case_export_timelinejs",
        {},
        Event.Status.APPROVED,
        "A JSON file for Knight Lab's TimelineJS",
    ),
    (
        "Full JSON",
        "case_export_json",
        {},
        exports.ALL,
        "Every event with all its sources, for newsroom tools",
    ),
]


@register.simple_tag(takes_context=True)
def export_links(context) -> list[dict[str, str]]:
    """The buttons for the page's query: label, address and tooltip."""
    request, case = context["request"], context["case"]
    page_status = request.GET.get("status", "")
    links, seen = [], set()
    for label, name, extra, status, title in BUTTONS:
        query = request.GET.copy()
        query.pop("page", None)
        if page_status:
            # The page's status filter holds for every export.
            extra = {k: v for k, v in extra.items() if k != "status"}
            status = page_status
        for key, value in extra.items():
            query[key] = value
        # With the page's status in force, "PDF" and "PDF (all)" are one button.
        if (name, tuple(extra.items())) in seen:
            continue
        seen.add((name, tuple(extra.items())))
        statuses = exports.STATUS_LABELS.get(status, status)
        url = reverse(f"exports:{name}", args=[case.slug])
        encoded = query.urlencode()
        links.append(
            {
                "label": f"{label} ({statuses})",
                "url": f"{url}?{encoded}" if encoded else url,
                "title": title,
            }
        )
    return links
