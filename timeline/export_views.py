"""Downloads of a case's timeline as CSV, PDF, TimelineJS JSON and the full JSON.
Every member of the case may export it; the timeline page's filters (its query
string) apply."""

import json

from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from . import export_json, exports
from .access import get_membership


def _attachment(
    response: HttpResponse,
    case,
    fmt: str,
    *,
    status: str = "",
    variant: str = "",
    form=None,
) -> HttpResponse:
    as_of = exports.replay_date(form) if form is not None else None
    filename = exports.export_filename(
        case, fmt, status=status, variant=variant, as_of=as_of
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def case_export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_membership(request, slug).case
    try:
        events, form, status = exports.select_events(case, request.GET, exports.CSV)
        rows = request.GET.get("rows") or exports.EVENTS
        if rows not in exports.CSV_ROWS:
            raise exports.ExportError(f"Unknown rows {rows!r}: use events or sources")
    except exports.ExportError as e:
        return HttpResponseBadRequest(str(e))
    bom = request.GET.get("bom") in ("1", "true", "on")
    response = StreamingHttpResponse(
        exports.csv_chunks(
            exports.csv_lines(
                events, bom=bom, rows=rows, as_of=exports.replay_date(form)
            )
        ),
        content_type="text/csv; charset=utf-8",
    )
    variant = "-".join(
        v for v, on in (("sources", rows == exports.SOURCES), ("excel", bom)) if on
    )
    return _attachment(
        response, case, exports.CSV, status=status, variant=variant, form=form
    )


@require_GET
@login_required
def case_export_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_membership(request, slug).case
    try:
        events, form, status = exports.select_events(case, request.GET, exports.PDF)
    except exports.ExportError as e:
        return HttpResponseBadRequest(str(e))
    user = request.user
    pdf = exports.render_case_pdf(
        case,
        events,
        form,
        status,
        exported_by=user.get_full_name() or user.get_username(),
    )
    return _attachment(
        HttpResponse(pdf, content_type="application/pdf"),
        case,
        exports.PDF,
        status=status,
        form=form,
    )


@require_GET
@login_required
def case_export_timelinejs(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_membership(request, slug).case
    try:
        events, form, status = exports.select_events(
            case, request.GET, exports.TIMELINEJS
        )
    except exports.ExportError as e:
        return HttpResponseBadRequest(str(e))
    document = exports.timelinejs_document(
        case, events, as_of=exports.replay_date(form)
    )
    return _json_attachment(document, case, exports.TIMELINEJS, status, form)


@require_GET
@login_required
def case_export_json(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_membership(request, slug).case
    try:
        events, form, status = exports.select_events(case, request.GET, exports.JSON)
    except exports.ExportError as e:
        return HttpResponseBadRequest(str(e))
    document = export_json.case_document(case, events)
    return _json_attachment(document, case, exports.JSON, status, form)


def _json_attachment(document: dict, case, fmt: str, status: str, form) -> HttpResponse:
    return _attachment(
        HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        ),
        case,
        fmt,
        status=status,
        form=form,
    )
