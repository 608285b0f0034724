"""Creating cases and managing who works on them. Any member sees the members
page; only the case's editors change it (timeline.access); the rules themselves
live in timeline.cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import cases
from .access import REVIEW, get_membership
from .forms import CaseForm, MemberAddForm, RoleForm
from .models import Membership


def _members_url(slug: str) -> str:
    return reverse("cases:case_members", args=[slug])


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    if not cases.can_create_cases(request.user):
        raise PermissionDenied("Ask an administrator for the right to create cases.")
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = cases.create_case(
                form.cleaned_data["title"],
                form.cleaned_data["description"],
                request.user,
            )
        except cases.CaseError as e:
            form.add_error("title", str(e))
        else:
            messages.success(
                request, f"Created “{case.title}”. Add the colleagues who work on it."
            )
            return redirect(_members_url(case.slug))
    status = 422 if form.errors else 200
    return render(request, "timeline/case_create.html", {"form": form}, status=status)


@login_required
def case_members(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    return _members_page(request, membership, MemberAddForm())


def _members_page(
    request: HttpRequest, membership: Membership, form: MemberAddForm, status=200
) -> HttpResponse:
    case = membership.case
    members = case.memberships.select_related("user").order_by("user__username", "id")
    context = {
        "case": case,
        "membership": membership,
        "members": members,
        "form": form,
        "roles": Membership.Role.choices,
    }
    return render(request, "timeline/case_members.html", context, status=status)


@require_POST
@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, REVIEW)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            added = cases.add_member(
                membership.case, form.cleaned_data["user"], form.cleaned_data["role"]
            )
        except cases.CaseError as e:
            form.add_error("user", str(e))
        else:
            messages.success(
                request,
                f"Added {added.user.get_username()} as {added.get_role_display().lower()}.",
            )
            return redirect(_members_url(slug))
    return _members_page(request, membership, form, status=422)


def _member(membership: Membership, pk: int) -> Membership:
    return get_object_or_404(membership.case.memberships.select_related("user"), pk=pk)


@require_POST
@login_required
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, REVIEW)
    member = _member(membership, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick one of the roles.")
        return redirect(_members_url(slug))
    try:
        cases.change_role(member, form.cleaned_data["role"])
    except cases.CaseError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"{member.user.get_username()} is now {member.get_role_display().lower()}.",
        )
    return redirect(_members_url(slug))


@require_POST
@login_required
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, REVIEW)
    member = _member(membership, pk)
    themselves = member.pk == membership.pk
    try:
        cases.remove_member(member)
    except cases.CaseError as e:
        messages.error(request, str(e))
        return redirect(_members_url(slug))
    messages.success(request, f"Removed {member.user.get_username()} from the case.")
    if themselves:
        # An editor who removed themselves can no longer see the case.
        return redirect("timeline:case_list")
    return redirect(_members_url(slug))


@require_POST
@login_required
def case_archive(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_membership(request, slug, REVIEW).case
    cases.archive_case(case)
    messages.success(
        request,
        f"Archived “{case.title}”. It is hidden from the case list and keeps "
        "everything; an editor can restore it from there.",
    )
    return redirect("timeline:case_list")


@require_POST
@login_required
def case_restore(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_membership(request, slug, REVIEW).case
    cases.restore_case(case)
    messages.success(request, f"Restored “{case.title}”.")
    return redirect(case.get_absolute_url())
