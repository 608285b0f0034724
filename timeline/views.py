from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import get_membership
from .models import Case, Event, EventSource


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.filter(memberships__user=request.user).order_by("title")
    return render(request, "timeline/case_list.html", {"cases": cases})


@login_required
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    case = membership.case
    events = (
        case.events.filter(deleted_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "sources",
                queryset=EventSource.objects.select_related("article").order_by(
                    "article__published", "sentence_start"
                ),
            )
        )
        .order_by("date", "precision", "id")
    )
    return render(
        request,
        "timeline/case_detail.html",
        {
            "case": case,
            "membership": membership,
            "events": events,
            "statuses": Event.Status,
        },
    )
