"""Cases and their members in the app and on the command line."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import PASSWORD
from timeline import cases
from timeline.models import Case, Membership

pytestmark = pytest.mark.django_db


def make_user(username, **fields):
    return get_user_model().objects.create_user(username, password=PASSWORD, **fields)


def role_of(case, user):
    return Membership.objects.get(case=case, user=user).role


@pytest.mark.parametrize(
    "title,existing,slug",
    [
        ("The Rust shooting", [], "the-rust-shooting"),
        ("  Café   Müller trial ", [], "cafe-muller-trial"),
        ("Rust", ["rust"], "rust-2"),
        ("Rust", ["rust", "rust-2"], "rust-3"),
        ("New", [], "new-2"),  # /cases/new/ is the form
        ("¿¡!", [], "case"),
        ("x" * 200, [], "x" * 76),
    ],
)
def test_a_case_slug_comes_from_its_title_and_is_unique(title, existing, slug):
    creator = make_user("creator")
    for taken in existing:
        Case.objects.create(title=taken, slug=taken)
    case = cases.create_case(title, "", creator)
    assert case.slug == slug
    assert role_of(case, creator) == "editor"


def test_staff_create_a_case_in_the_app(client):
    staff = make_user("sam", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("timeline:case_list")).text.count("New case") == 1
    response = client.post(
        reverse("cases:case_create"),
        {"title": "Harbour fire", "description": "The warehouse fire of 2024."},
    )
    case = Case.objects.get(title="Harbour fire")
    assert response.url == reverse("cases:case_members", args=[case.slug])
    assert case.description == "The warehouse fire of 2024."
    assert role_of(case, staff) == "editor"


def test_the_add_case_permission_lets_a_non_staff_user_create_cases(client):
    user = make_user("perm")
    client.force_login(user)
    assert client.get(reverse("cases:case_create")).status_code == 403
    assert "New case" not in client.get(reverse("timeline:case_list")).text
    user.user_permissions.add(Permission.objects.get(codename="add_case"))
    user = get_user_model().objects.get(pk=user.pk)  # permissions are cached
    client.force_login(user)
    assert client.get(reverse("cases:case_create")).status_code == 200


def test_a_case_without_a_title_is_refused_with_a_message(client):
    client.force_login(make_user("sam", is_staff=True))
    response = client.post(reverse("cases:case_create"), {"title": "   "})
    assert response.status_code == 422
    assert "This field is required" in response.text
    assert not Case.objects.exists()


def test_an_editor_adds_members_by_username_or_email(client, case, editor):
    make_user("nadia", email="Nadia@Example.org")
    make_user("pete")
    client.force_login(editor)
    url = reverse("cases:member_add", args=[case.slug])
    client.post(url, {"user": "nadia@example.org", "role": "journalist"})
    client.post(url, {"user": "PETE", "role": "viewer"})
    roles = dict(case.memberships.values_list("user__username", "role"))
    assert roles == {"edna": "editor", "nadia": "journalist", "pete": "viewer"}


@pytest.mark.parametrize(
    "who,message",
    [
        ("nobody", "No user “nobody”"),
        ("", "This field is required"),
        ("edna", "already a member"),
        ("shared@example.org", "Several users have the address"),
    ],
)
def test_adding_a_member_explains_what_went_wrong(client, case, editor, who, message):
    make_user("a1", email="shared@example.org")
    make_user("a2", email="shared@example.org")
    client.force_login(editor)
    response = client.post(
        reverse("cases:member_add", args=[case.slug]), {"user": who, "role": "viewer"}
    )
    assert response.status_code == 422
    assert message in response.text
    assert case.memberships.count() == 1


def test_an_editor_changes_a_role_and_removes_a_member(client, case, editor, viewer):
    client.force_login(editor)
    member = Membership.objects.get(case=case, user=viewer)
    client.post(
        reverse("cases:member_role", args=[case.slug, member.pk]), {"role": "editor"}
    )
    assert role_of(case, viewer) == "editor"
    client.post(reverse("cases:member_remove", args=[case.slug, member.pk]))
    assert not case.memberships.filter(user=viewer).exists()


def test_the_last_editor_can_be_neither_demoted_nor_removed(client, case, editor):
    client.force_login(editor)
    mine = Membership.objects.get(case=case, user=editor)
    response = client.post(
        reverse("cases:member_role", args=[case.slug, mine.pk]),
        {"role": "viewer"},
        follow=True,
    )
    assert "only editor" in response.text
    response = client.post(
        reverse("cases:member_remove", args=[case.slug, mine.pk]), follow=True
    )
    assert "only editor" in response.text
    assert role_of(case, editor) == "editor"


def test_with_two_editors_one_may_step_down(case, editor):
    second = make_user("eve")
    cases.add_member(case, "eve", "editor")
    cases.change_role(Membership.objects.get(case=case, user=editor), "viewer")
    assert role_of(case, editor) == "viewer"
    with pytest.raises(cases.CaseError):
        cases.remove_member(Membership.objects.get(case=case, user=second))


def test_an_unknown_role_is_refused(case, editor):
    make_user("pete")
    with pytest.raises(cases.CaseError, match="Unknown role"):
        cases.add_member(case, "pete", "owner")


def test_a_member_of_another_case_cannot_be_changed_through_this_one(
    client, case, editor
):
    other = cases.create_case("Another case", "", make_user("owner"))
    theirs = other.memberships.get()
    client.force_login(editor)
    url = reverse("cases:member_role", args=[case.slug, theirs.pk])
    assert client.post(url, {"role": "viewer"}).status_code == 404
    assert theirs.__class__.objects.get(pk=theirs.pk).role == "editor"


def test_archiving_hides_a_case_and_restoring_brings_it_back(
    client, case, editor, journalist, event
):
    client.force_login(editor)
    client.post(reverse("cases:case_archive", args=[case.slug]))
    case.refresh_from_db()
    assert case.archived_at is not None
    assert case.events.count() == 1  # nothing is deleted
    listing = client.get(reverse("timeline:case_list")).text
    assert "Archived cases" in listing and "Restore" in listing
    client.force_login(journalist)
    assert case.title not in client.get(reverse("timeline:case_list")).text
    # Members still reach it by its address, with a note that it is archived.
    assert "This case is archived" in client.get(case.get_absolute_url()).text
    client.force_login(editor)
    client.post(reverse("cases:case_restore", args=[case.slug]))
    client.force_login(journalist)
    assert case.title in client.get(reverse("timeline:case_list")).text


def test_an_editor_who_removes_themselves_returns_to_the_case_list(
    client, case, editor
):
    make_user("eve")
    cases.add_member(case, "eve", "editor")
    client.force_login(editor)
    mine = Membership.objects.get(case=case, user=editor)
    response = client.post(reverse("cases:member_remove", args=[case.slug, mine.pk]))
    assert response.url == reverse("timeline:case_list")


def test_create_case_and_add_member_commands():
    make_user("edna", email="edna@example.org")
    make_user("jo")
    out = io.StringIO()
    call_command(
        "create_case",
        "Harbour fire",
        "--editor",
        "edna@example.org",
        "--description",
        "The warehouse fire.",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert out.getvalue().strip() == "harbour-fire"
    case = Case.objects.get(slug="harbour-fire")
    call_command(
        "add_member",
        "--case",
        "harbour-fire",
        "--user",
        "jo",
        "--role",
        "viewer",
        stdout=io.StringIO(),
    )
    assert role_of(case, get_user_model().objects.get(username="jo")) == "viewer"
    out = io.StringIO()
    call_command(
        "add_member",
        "--case",
        "harbour-fire",
        "--user",
        "jo",
        "--role",
        "journalist",
        stdout=out,
    )
    assert "Changed the role of jo" in out.getvalue()
    assert case.memberships.get(user__username="jo").role == "journalist"


@pytest.mark.parametrize(
    "args,message",
    [
        (["create_case", "X", "--editor", "ghost"], "No user “ghost”"),
        (
            ["add_member", "--case", "nope", "--user", "jo", "--role", "viewer"],
            "No case",
        ),
        (
            ["add_member", "--case", "fire", "--user", "ghost", "--role", "viewer"],
            "No user",
        ),
        (
            ["add_member", "--case", "fire", "--user", "edna", "--role", "viewer"],
            "only editor",
        ),
    ],
)
def test_the_commands_explain_what_went_wrong(args, message):
    edna = make_user("edna")
    make_user("jo")
    cases.create_case("Fire", "", edna)
    with pytest.raises(CommandError, match=message):
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())


def test_the_admin_archives_cases_and_never_deletes_them(admin_client, case, event):
    url = reverse("admin:timeline_case_changelist")
    page = admin_client.get(url).text
    assert "Archive the selected cases" in page
    assert "delete_selected" not in page
    admin_client.post(url, {"action": "archive", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.archived_at is not None
    delete = reverse("admin:timeline_case_delete", args=[case.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists() and case.events.count() == 1
