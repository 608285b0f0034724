"""The timeline page and the actions on its events.

Every action is a real form (POST, redirect back) and, when htmx sends it, answers
with the partial it changed plus an HX-Trigger event that lets the rest of the
page (the overview strip, the list after bulk actions) refresh itself. Roles are
checked by get_membership and by timeline.editing, never only in templates.
"""

import uuid
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from . import editing, regrouping, sourcing
from .access import EDIT, REVIEW, get_membership
from .cases import can_create_cases
from .filters import EventFilterForm, filter_events
from .forms import EventCreateForm, EventEditForm, EventForm, MergeForm, MoveSourceForm
from .live import latest_event_id, live_status
from .models import Case, Event, EventChange, EventSource, Membership, Suggestion
from .overview import build_overview, group_events, month_counts
from .replay import replay_events
from .rows import EventRows

# Events per page. A page renders in well under a second at this size; the overview
# strip links each month to the page it starts on.
PAGE_SIZE = 200

# Articles the source-article filter lists; a case with more has its articles
# picked from their pages ("Its events on the timeline").
ARTICLE_CHOICES = 100

PAST_TENSE = {"approve": "approved", "reject": "rejected", "reopen": "reopened"}


def timeline_events(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events with everything their rows show: one query, plus one for sources."""
    sources = (
        EventSource.objects.select_related("article", "depends_on")
        # The article's text, its found expressions and fingerprint and the
        # sources' matching features are not shown on the timeline and can be large.
        .defer(
            "article__text",
            "article__error",
            "article__timexes",
            "article__fingerprint",
            "article__bands",
            "features",
        )
        .order_by("article__published", "sentence_start", "id")
    )
    suggestions = Suggestion.objects.filter(other__deleted_at__isnull=True)
    return events.prefetch_related(
        Prefetch("sources", queryset=sources),
        Prefetch("suggestions", queryset=suggestions.select_related("other")),
    ).order_by("date", "precision", "id")


def _next_url(request: HttpRequest, default: str) -> str:
    """Where a plain form goes back to: the page it came from, filters included.

    Forms may say so in ``next``; otherwise the Referer of a page other than
    this one (rows don't each carry a ``next``, which keeps the page light)."""
    url = request.POST.get("next") or request.GET.get("next")
    if not url:
        referer = urlsplit(request.headers.get("Referer", ""))
        if referer.path and referer.path != request.path:
            url = urlunsplit(("", "", referer.path, referer.query, ""))
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def _back(request: HttpRequest, event: Event) -> str:
    """The page a plain form came from, scrolled to the event."""
    url = _next_url(request, "")
    return f"{url}#event-{event.code}" if url else event.get_absolute_url()


def _event(membership: Membership, code: uuid.UUID, *, deleted: bool = False) -> Event:
    events = Event.objects.filter(case=membership.case, deleted_at__isnull=not deleted)
    return get_object_or_404(timeline_events(events), code=code)


def _selected_events(case: Case, picked: list[editing.Selected]) -> list[Event]:
    codes = []
    for p in picked:
        try:
            codes.append(uuid.UUID(p.code))
        except ValueError:
            continue
    events = Event.objects.filter(case=case, deleted_at__isnull=True, code__in=codes)
    return list(timeline_events(events))


def _row(
    request: HttpRequest,
    membership: Membership,
    event: Event,
    trigger: str | None,
    *,
    notice: str = "",
    status: int = 200,
    partial: str = "event",
) -> HttpResponse:
    context = {
        "case": membership.case,
        "membership": membership,
        "event": event,
        "notice": notice,
    }
    response = render(
        request, f"timeline/case_detail.html#{partial}", context, status=status
    )
    if trigger:
        trigger_client_event(response, trigger, {"code": str(event.code)})
    return response


def _answer(
    request: HttpRequest,
    membership: Membership,
    event: Event,
    notice: str,
    *,
    done: str,
    url: str,
) -> HttpResponse:
    """The answer to a one-event change: htmx gets the row (with the notice when
    the change was refused), everyone else a message and a redirect."""
    if request.htmx:
        trigger = None if notice else "eventUpdated"
        return _row(request, membership, event, trigger, notice=notice)
    if notice:
        messages.error(request, notice)
    else:
        messages.success(request, done)
    return redirect(url)


def _version(request: HttpRequest, event: Event) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else event.version


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    mine = Case.objects.filter(memberships__user=request.user).order_by("title")
    context = {
        "cases": mine.filter(archived_at__isnull=True),
        # Only editors can restore an archived case, so only they are shown one.
        "archived": Case.objects.filter(
            memberships__user=request.user,
            memberships__role=Membership.Role.EDITOR,
            archived_at__isnull=False,
        ).order_by("title"),
        "can_create": can_create_cases(request.user),
    }
    return render(request, "timeline/case_list.html", context)


@login_required
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    case = membership.case
    events, filter_form = filter_events(case, request.GET)
    as_of = filter_form.cleaned_data.get("as_of") if filter_form.is_valid() else None
    # A replay's strip counts the events as they stood that day.
    rows = replay_events(events, as_of) if as_of else None
    counts = month_counts(events if rows is None else rows)
    if rows is None:
        rows = EventRows(events, sum(n for *_, n in counts))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    target = request.htmx.target if request.htmx else None
    context = {
        "case": case,
        "membership": membership,
        "filter_form": filter_form,
        "page": page,
        "overview": build_overview(counts, request.GET, PAGE_SIZE, page.number),
        "statuses": Event.Status,
        "as_of": as_of,
        "replay": bool(as_of),
    }
    if target == "overview":
        return render(request, "timeline/case_detail.html#overview", context)
    context["groups"] = group_events(page.object_list)
    if target == "event-list":
        return render(request, "timeline/case_detail.html#event-list", context)
    if not as_of:
        context["live"] = live_status(case, latest_event_id(case))
    context["articles"], context["articles_elsewhere"] = _article_choices(
        case, filter_form
    )
    return render(request, "timeline/case_detail.html", context)


def _article_choices(case: Case, filter_form: EventFilterForm) -> tuple[list, bool]:
    """The source-article filter's choices: the case's articles while they fit
    a list (one query, bounded), else only the one filtered on; the others are
    picked from their own pages. Returns (articles, whether some are left out)."""
    # The related manager reads case_id on every row: it must not be deferred.
    # The trash's articles are not on the timeline: the filter leaves them out.
    articles = (
        case.articles.filter(trashed_at__isnull=True)
        .order_by("title")
        .only("id", "case_id", "title", "outlet")
    )
    listed = list(articles[: ARTICLE_CHOICES + 1])
    if len(listed) <= ARTICLE_CHOICES:
        return listed, False
    chosen = filter_form.cleaned_data.get("article") if filter_form.is_valid() else None
    return (list(articles.filter(pk=chosen)) if chosen else []), True


@login_required
def case_live(request: HttpRequest, slug: str) -> HttpResponse:
    """The timeline's live banner: articles in progress, new events."""
    membership = get_membership(request, slug)
    since = request.GET.get("since", "")
    live = live_status(membership.case, int(since) if since.isdigit() else 0)
    context = {"case": membership.case, "membership": membership, "live": live}
    return render(request, "timeline/case_detail.html#live", context)


@login_required
def event_detail(request: HttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    membership = get_membership(request, slug)
    event = _event(membership, code)
    if request.htmx and request.htmx.target == f"event-{event.code}":
        # "Cancel" in the inline edit form puts the row back.
        return _row(request, membership, event, None)
    changes = event.changes.select_related("user")
    return render(
        request,
        "timeline/event_detail.html",
        {
            "case": membership.case,
            "membership": membership,
            "event": event,
            "changes": changes,
            "expanded": True,
        },
    )


@login_required
def event_sources(request: HttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    """The sources panel of a row, loaded when it is expanded; without htmx, the
    event's own page shows it."""
    if not request.htmx:
        return event_detail(request, slug, code)
    membership = get_membership(request, slug)
    event = _event(membership, code)
    context = {"case": membership.case, "membership": membership, "event": event}
    form = EventFilterForm({"as_of": request.GET.get("as_of", "")})
    as_of = form.cleaned_data["as_of"] if form.is_valid() else None
    if as_of:
        # The replay's panel: only the sources known on that day.
        known = replay_events(Event.objects.filter(pk=event.pk), as_of)
        if not known:
            raise Http404("No source of this event was published by then.")
        context.update(event=known[0], as_of=as_of, replay=True)
    return render(request, "timeline/case_detail.html#sources", context)


@login_required
def event_history(request: HttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    membership = get_membership(request, slug)
    event = get_object_or_404(Event, case=membership.case, code=code)
    return render(
        request,
        "timeline/event_detail.html#history",
        {
            "case": membership.case,
            "membership": membership,
            "event": event,
            "changes": event.changes.select_related("user"),
        },
    )


@login_required
def event_edit(request: HttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    event = _event(membership, code)
    conflict = None
    status = 200
    # Several rows can be in edit mode at once: keep their field ids apart.
    auto_id = f"edit-{event.code.hex[:8]}-%s"
    if request.method == "POST":
        form = EventEditForm(request.POST, auto_id=auto_id)
        if form.is_valid():
            try:
                editing.edit_event(
                    event,
                    membership,
                    loaded_version=form.cleaned_data["version"],
                    **form.event_fields(),
                )
            except editing.Conflict as exc:
                conflict = exc
                # Keep what this person typed; saving again now replaces the
                # other change knowingly, since they have seen it.
                data = request.POST.copy()
                data["version"] = str(exc.current.version)
                form = EventEditForm(data, auto_id=auto_id)
                status = 409
            else:
                if request.htmx:
                    return _row(request, membership, event, "eventUpdated")
                messages.success(request, "The event is saved.")
                return redirect(_back(request, event))
        else:
            status = 422
    else:
        form = EventEditForm(initial=EventForm.initial_for(event), auto_id=auto_id)
    template = "timeline/event_edit.html"
    if request.htmx:
        template += "#event-form"
    context = {
        "case": membership.case,
        "membership": membership,
        "event": event,
        "form": form,
        "conflict": conflict,
        "next": _next_url(request, ""),
    }
    return render(request, template, context, status=status)


@require_POST
@login_required
def event_review(
    request: HttpRequest, slug: str, code: uuid.UUID, action: str
) -> HttpResponse:
    membership = get_membership(request, slug, REVIEW)
    event = _event(membership, code)
    notice = ""
    try:
        editing.review_event(
            event, membership, action, loaded_version=_version(request, event)
        )
    except editing.Conflict as exc:
        event = _event(membership, code)
        who = ", ".join(sorted({str(c.user or "ingestion") for c in exc.changes}))
        notice = (
            f"Not {PAST_TENSE[action]}: {who or 'someone'} changed this event after "
            "you loaded the page. Check it and try again."
        )
    return _answer(
        request,
        membership,
        event,
        notice,
        done=f"The event is {PAST_TENSE[action]}.",
        url=_back(request, event),
    )


@require_POST
@login_required
def events_review(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    membership = get_membership(request, slug, REVIEW)
    case = membership.case
    picked = editing.parse_selection(request.POST.getlist("event"))
    events = _selected_events(case, picked)
    done = PAST_TENSE[action]
    if not events:
        messages.error(request, "Select the events first.")
    else:
        result = editing.review_events(events, membership, action, picked)
        n = len(result.done)
        messages.success(request, f"{n} event{'' if n == 1 else 's'} {done}.")
        if result.stale:
            messages.error(
                request,
                f"{len(result.stale)} changed after you loaded the page and "
                f"{'was' if len(result.stale) == 1 else 'were'} not {done}: "
                + "; ".join(e.display_date for e in result.stale),
            )
    if request.htmx:
        response = render(request, "base.html#messages", {"case": case})
        return trigger_client_event(response, f"events{done.capitalize()}")
    return redirect(_next_url(request, case.get_absolute_url()))


@require_POST
@login_required
def event_delete(request: HttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    event = _event(membership, code)
    try:
        editing.delete_event(event, membership, loaded_version=_version(request, event))
    except editing.Conflict:
        notice = "Not deleted: someone changed this event after you loaded the page."
        if request.htmx:
            fresh = _event(membership, code)
            return _row(request, membership, fresh, None, notice=notice, status=409)
        messages.error(request, notice)
        return redirect(_back(request, event))
    if request.htmx:
        return _row(request, membership, event, "eventDeleted", partial="event-deleted")
    messages.success(
        request, f"Deleted “{event.summary[:80]}”. Deleted events can be restored."
    )
    return redirect(_next_url(request, membership.case.get_absolute_url()))


@require_POST
@login_required
def event_restore(request: HttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    event = _event(membership, code, deleted=True)
    editing.restore_event(event, membership)
    if request.htmx:
        return _row(request, membership, event, "eventRestored")
    messages.success(request, f"Restored “{event.summary[:80]}”.")
    return redirect(_back(request, event))


@require_POST
@login_required
def event_revert(request: HttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    membership = get_membership(request, slug, REVIEW)
    event = _event(membership, code)
    change = get_object_or_404(EventChange, event=event, pk=request.POST.get("change"))
    notice = ""
    try:
        editing.revert_event(
            event, change, membership, loaded_version=_version(request, event)
        )
    except editing.Conflict:
        event = _event(membership, code)
        notice = "Not restored: the event changed after you loaded its history."
    return _answer(
        request,
        membership,
        event,
        notice,
        done=f"Restored version {change.version - 1}.",
        url=reverse("timeline:event_detail", args=[slug, event.code]) + "#history",
    )


@login_required
def event_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    case = membership.case
    initial = {
        "qualifier": Event.Qualifier.EXACT,
        "article": request.GET.get("article"),
    }
    form = EventCreateForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        span = form.cleaned_data["span"]
        event = editing.create_event(
            membership,
            **form.event_fields(),
            article=form.cleaned_data["article"] if span else None,
            sentence_start=span[0] if span else None,
            sentence_end=span[1] if span else None,
        )
        messages.success(request, "The event is added to the timeline.")
        return redirect(event.get_absolute_url())
    return render(
        request,
        "timeline/event_create.html",
        {"case": case, "membership": membership, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def events_deleted(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    events = Event.objects.filter(case=membership.case, deleted_at__isnull=False)
    return render(
        request,
        "timeline/events_deleted.html",
        {
            "case": membership.case,
            "membership": membership,
            "events": timeline_events(events).order_by("-deleted_at", "-id"),
        },
    )


@login_required
def events_merge(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    case = membership.case
    params = request.POST if request.method == "POST" else request.GET
    picked = editing.parse_selection(params.getlist("event"))
    back = _next_url(request, case.get_absolute_url())
    if request.method == "POST" and "keep" not in request.POST:
        # From the page's selection: show the merge form for it.
        query = [("event", f"{p.code}:{p.version or ''}") for p in picked]
        url = f"{reverse('timeline:events_merge', args=[slug])}?"
        url += urlencode([*query, ("next", back)])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    events = _selected_events(case, picked)
    if len(events) < 2:
        messages.error(request, "Select two or more events to merge.")
        return redirect(back)
    target = editing.default_merge_target(events)
    form = MergeForm(
        request.POST if request.method == "POST" else None,
        events=events,
        initial={"keep": str(target.code), "summary": target.summary},
    )
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["keep"]
        target = next(e for e in events if str(e.code) == keep)
        try:
            editing.merge_events(
                events,
                membership,
                picked,
                target=target,
                summary=form.cleaned_data["summary"].strip(),
            )
        except editing.Conflict:
            messages.error(
                request,
                "Some of these events changed after you selected them. "
                "Check them below and merge again.",
            )
            return redirect(
                f"{request.path}?{urlencode({'event': [str(e.code) for e in events], 'next': back}, doseq=True)}"
            )
        messages.success(request, f"Merged {len(events)} events.")
        return redirect(target.get_absolute_url())
    return render(
        request,
        "timeline/events_merge.html",
        {
            "case": case,
            "membership": membership,
            "events": events,
            "form": form,
            "target": target,
            "picked": [f"{p.code}:{p.version or ''}" for p in picked],
            "next": back,
        },
    )


@login_required
def source_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    case = membership.case
    source = get_object_or_404(
        EventSource.objects.select_related("event", "article"),
        pk=pk,
        event__case=case,
        event__deleted_at__isnull=True,
    )
    others = list(
        case.events.filter(deleted_at__isnull=True)
        .exclude(pk=source.event_id)
        .only("code", "date", "precision", "qualifier", "summary")
        .order_by("date", "precision", "id")
    )
    form = MoveSourceForm(
        request.POST or None, events=others, initial={"target": request.GET.get("to")}
    )
    if request.method == "POST" and form.is_valid():
        target = _event(membership, form.cleaned_data["target"])
        origin, target = editing.move_source(source, target, membership)
        messages.success(request, f"The sentence now supports “{target.summary[:80]}”.")
        return redirect(target.get_absolute_url())
    return render(
        request,
        "timeline/source_move.html",
        {"case": case, "membership": membership, "source": source, "form": form},
    )


@require_POST
@login_required
def source_detach(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Undo a match: the source becomes an event of its own."""
    membership = get_membership(request, slug, EDIT)
    source = get_object_or_404(
        EventSource.objects.select_related("event", "article"),
        pk=pk,
        event__case=membership.case,
        event__deleted_at__isnull=True,
    )
    try:
        event = sourcing.detach_source(source, membership)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(_back(request, source.event))
    except editing.Conflict:
        messages.error(
            request, "Not detached: someone changed this event at the same time."
        )
        return redirect(_back(request, source.event))
    messages.success(
        request,
        f"The sentence from “{source.article.title[:60]}” is now an event of its "
        f"own, dated {event.display_date}.",
    )
    url = _next_url(request, "")
    return redirect(f"{url}#event-{event.code}" if url else event.get_absolute_url())


@require_POST
@login_required
def event_pick_date(request: HttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    """Settle a disagreement: the event takes the date one of its sources gives."""
    membership = get_membership(request, slug, EDIT)
    event = _event(membership, code)
    source = get_object_or_404(EventSource, event=event, pk=request.POST.get("source"))
    notice = ""
    try:
        sourcing.pick_date(
            event, source, membership, loaded_version=_version(request, event)
        )
    except editing.Conflict:
        notice = "Not changed: someone changed this event after you loaded the page."
    event = _event(membership, code)
    return _answer(
        request,
        membership,
        event,
        notice,
        done=f"The event is now dated {event.display_date}.",
        url=_back(request, event),
    )


def _suggestion(membership: Membership, pk: int) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.select_related("event", "other"),
        pk=pk,
        case=membership.case,
        event__deleted_at__isnull=True,
        other__deleted_at__isnull=True,
    )


@require_POST
@login_required
def suggestion_merge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The editor agrees: the two suggested events become one."""
    membership = get_membership(request, slug, EDIT)
    suggestion = _suggestion(membership, pk)
    events = [suggestion.event, suggestion.other]
    target = editing.default_merge_target(events)
    try:
        merged = editing.merge_events(
            events, membership, [], target=target, summary=target.summary
        )
    except editing.Conflict:
        messages.error(request, "Not merged: someone changed one of the events.")
        return redirect(_back(request, suggestion.event))
    messages.success(
        request, f"Merged into {merged.display_date} “{merged.summary[:80]}”."
    )
    return redirect(f"{membership.case.get_absolute_url()}#event-{merged.code}")


@require_POST
@login_required
def suggestion_apart(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The editor disagrees: the two events are not the same, for good."""
    membership = get_membership(request, slug, EDIT)
    suggestion = _suggestion(membership, pk)
    regrouping.keep_apart(suggestion.event, suggestion.other, membership)
    messages.success(
        request,
        f"Kept apart from {suggestion.other.display_date} "
        f"“{suggestion.other.summary[:60]}”; they will not be suggested again.",
    )
    return redirect(_back(request, suggestion.event))
