"""The role matrix: every route of the URLconf, for every kind of user.

The matrix is checked against the URL patterns themselves, so a new route without
a row here fails ``test_every_route_is_in_the_matrix``."""

from typing import NamedTuple

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from articles.models import Article
from tests.conftest import PASSWORD
from timeline.models import Event, Membership, Suggestion

ROLES = ["editor", "journalist", "viewer", "outsider"]

# Expected status per role. Outsiders get 404 so that they cannot learn whether a
# case exists; a member whose role may not act gets 403.
READ = {"editor": 200, "journalist": 200, "viewer": 200, "outsider": 404}
EDIT_GET = {"editor": 200, "journalist": 200, "viewer": 403, "outsider": 404}
EDIT_POST = {"editor": 302, "journalist": 302, "viewer": 403, "outsider": 404}
REVIEW_GET = {"editor": 200, "journalist": 403, "viewer": 403, "outsider": 404}
REVIEW_POST = {"editor": 302, "journalist": 403, "viewer": 403, "outsider": 404}
EVERYONE = {"editor": 200, "journalist": 200, "viewer": 200, "outsider": 200}
# Creating a case takes a permission that no role in a case gives.
PERMISSION = {"editor": 403, "journalist": 403, "viewer": 403, "outsider": 403}


class Row(NamedTuple):
    name: str
    method: str
    target: str  # what the URL is built from, see _args
    expected: dict[str, int]
    data: dict[str, str] | None = None


MATRIX = [
    Row("timeline:case_list", "get", "none", EVERYONE),
    Row("cases:case_create", "get", "none", PERMISSION),
    Row("cases:case_create", "post", "none", PERMISSION, {"title": "A new case"}),
    Row("cases:case_members", "get", "case", READ),
    Row(
        "cases:member_add",
        "post",
        "case",
        REVIEW_POST,
        {"user": "newcomer", "role": "viewer"},
    ),
    Row("cases:member_role", "post", "member", REVIEW_POST, {"role": "viewer"}),
    Row("cases:member_remove", "post", "member", REVIEW_POST),
    Row("cases:case_archive", "post", "case", REVIEW_POST),
    Row("cases:case_restore", "post", "case", REVIEW_POST),
    Row("timeline:case_detail", "get", "case", READ),
    Row("timeline:case_live", "get", "case", READ),
    Row("timeline:event_create", "get", "case", EDIT_GET),
    Row(
        "timeline:event_create",
        "post",
        "case",
        EDIT_POST,
        {"date": "2022-10", "qualifier": "exact", "summary": "Filming stops"},
    ),
    Row("timeline:events_deleted", "get", "case", READ),
    Row("timeline:events_merge", "get", "case", EDIT_GET, {"event": "@both"}),
    Row("timeline:events_approve", "post", "case", REVIEW_POST, {"event": "@event"}),
    Row("timeline:events_reject", "post", "case", REVIEW_POST, {"event": "@event"}),
    Row("timeline:events_reopen", "post", "case", REVIEW_POST, {"event": "@event"}),
    Row("timeline:event_detail", "get", "event", READ),
    Row("timeline:event_history", "get", "event", READ),
    Row("timeline:event_sources", "get", "event", READ),
    Row("timeline:event_edit", "get", "event", EDIT_GET),
    Row("timeline:event_approve", "post", "event", REVIEW_POST),
    Row("timeline:event_reject", "post", "event", REVIEW_POST),
    Row("timeline:event_reopen", "post", "event", REVIEW_POST),
    Row("timeline:event_delete", "post", "event", EDIT_POST),
    Row("timeline:event_restore", "post", "deleted_event", EDIT_POST),
    Row("timeline:event_revert", "post", "event", REVIEW_POST, {"change": "@change"}),
    Row("timeline:event_pick_date", "post", "event", EDIT_POST, {"source": "@source"}),
    Row("timeline:source_move", "get", "source", EDIT_GET),
    Row("timeline:source_detach", "post", "source", EDIT_POST),
    Row("timeline:suggestion_merge", "post", "suggestion", EDIT_POST),
    Row("timeline:suggestion_apart", "post", "suggestion", EDIT_POST),
    Row("exports:case_export_csv", "get", "case", READ),
    Row("exports:case_export_pdf", "get", "case", READ),
    Row("exports:case_export_timelinejs", "get", "case", READ),
    Row("exports:case_export_json", "get", "case", READ),
    Row("articles:article_list", "get", "case", READ),
    Row("articles:article_detail", "get", "article", READ),
    Row("articles:article_original", "get", "article", READ),
    Row("articles:article_upload", "get", "case", EDIT_GET),
    Row(
        "articles:article_upload",
        "post",
        "case",
        EDIT_POST,
        {
            "kind": "paste",
            "paste-title": "Filming stops",
            "paste-text": "Filming stopped on Monday.",
        },
    ),
    Row("articles:article_reprocess", "post", "article", EDIT_POST),
    Row("articles:article_delete", "get", "article", EDIT_GET),
    Row("articles:article_delete", "post", "article", EDIT_POST),
    Row("articles:article_trash", "get", "case", READ),
    Row("articles:article_restore", "post", "trashed_article", EDIT_POST),
    Row("articles:article_purge", "get", "trashed_article", EDIT_GET),
    Row("articles:article_purge", "post", "trashed_article", EDIT_POST),
]

# Routes outside any case, with their own rules and tests.
NOT_CASE_ROUTES = {"login", "logout", "favicon"}
OTHER_NAMESPACES = {"admin"}  # Django's admin: staff only, its own checks


def url_names() -> set[str]:
    """Every named route of the URLconf, namespaced ("timeline:case_detail")."""

    def walk(patterns, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in OTHER_NAMESPACES:
                    continue
                sub = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from walk(pattern.url_patterns, sub)
            else:
                assert pattern.name, f"unnamed route {pattern.pattern}"
                yield prefix + pattern.name

    return set(walk(get_resolver().url_patterns, ""))


def test_every_route_is_in_the_matrix():
    covered = {row.name for row in MATRIX} | NOT_CASE_ROUTES
    assert url_names() - covered == set(), "routes without a row in MATRIX"
    assert covered - url_names() == set(), "rows for routes that no longer exist"


@pytest.fixture
def targets(case, article, event, editor, journalist):
    """What the URLs and forms of the matrix point at."""
    deleted = Event.objects.create(
        case=case,
        date=event.date,
        precision=event.precision,
        summary="A deleted event",
        origin=Event.Origin.PERSON,
        deleted_at=timezone.now(),
    )
    event.changes.create(
        user=journalist,
        action="edited",
        version=event.version,
        before=event.snapshot() | {"summary": "An earlier summary"},
        after=event.snapshot(),
    )
    other = Event.objects.create(
        case=case,
        date=event.date,
        precision=event.precision,
        summary="Another event",
        origin=Event.Origin.PERSON,
    )
    suggestion = Suggestion.objects.create(
        case=case, event=event, other=other, score=0.7, reason="close wording"
    )
    article.original_file.save("rust-resumes.txt", ContentFile(article.text.encode()))
    article.original_name = "rust-resumes.txt"
    article.save()
    trashed = Article.objects.create(
        case=case,
        title="An article in the trash",
        text="Filming stopped on Monday.",
        published=article.published,
        status=Article.Status.DONE,
        trashed_at=timezone.now(),
    )
    return {
        "case": case,
        "article": article,
        "trashed_article": trashed,
        "other_event": other,
        "event": event,
        "deleted_event": deleted,
        "source": event.sources.get(),
        "member": Membership.objects.get(case=case, user=journalist),
        "change": event.changes.get(),
        "newcomer": _user("newcomer"),
        "suggestion": suggestion,
    }


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username, password=PASSWORD)


def _request(client, row: Row, targets):
    case = targets["case"]
    args = {
        "none": [],
        "case": [case.slug],
        "article": [case.slug, targets["article"].pk],
        "trashed_article": [case.slug, targets["trashed_article"].pk],
        "event": [case.slug, targets["event"].code],
        "deleted_event": [case.slug, targets["deleted_event"].code],
        "source": [case.slug, targets["source"].pk],
        "member": [case.slug, targets["member"].pk],
        "suggestion": [case.slug, targets["suggestion"].pk],
    }[row.target]
    data = {}
    for key, value in (row.data or {}).items():
        if value == "@event":
            value = f"{targets['event'].code}:{targets['event'].version}"
        elif value == "@both":
            value = [str(targets[k].code) for k in ("event", "other_event")]
        elif value.startswith("@"):
            value = str(targets[value[1:]].pk)
        data[key] = value
    url = reverse(row.name, args=args)
    if row.method == "post":
        return client.post(url, data)
    return client.get(url, data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda r: f"{r.name}-{r.method}")
def test_role_matrix(request, client, targets, role, row):
    client.force_login(request.getfixturevalue(role))
    response = _request(client, row, targets)
    assert response.status_code == row.expected[role], (row.name, role)


@pytest.mark.parametrize("row", MATRIX, ids=lambda r: f"{r.name}-{r.method}")
def test_anonymous_users_are_sent_to_login(client, targets, row):
    response = _request(client, row, targets)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_nonexistent_case_looks_like_a_forbidden_one(client, outsider, case):
    client.force_login(outsider)
    assert client.get(reverse("timeline:case_detail", args=["nope"])).status_code == 404
    assert client.get(case.get_absolute_url()).status_code == 404


def test_case_list_shows_only_the_users_cases(client, journalist, outsider, case):
    client.force_login(journalist)
    assert case.title in client.get(reverse("timeline:case_list")).text
    client.force_login(outsider)
    assert case.title not in client.get(reverse("timeline:case_list")).text


def test_reprocess_refuses_get(client, journalist, case, article):
    client.force_login(journalist)
    url = reverse("articles:article_reprocess", args=[case.slug, article.pk])
    assert client.get(url).status_code == 405


def test_a_forged_upload_by_a_viewer_is_refused(client, viewer, case):
    client.force_login(viewer)
    url = reverse("articles:article_upload", args=[case.slug])
    response = client.post(url, {"title": "x", "text": "Filming resumed Monday."})
    assert response.status_code == 403
    assert not case.articles.exists()


def test_login_and_logout_pages(client, journalist):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "jo", "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("timeline:case_list")).status_code == 302


def test_the_favicon_is_served_to_anyone(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


def test_staff_can_use_the_admin(admin_client, case):
    assert (
        admin_client.get(reverse("admin:timeline_case_changelist")).status_code == 200
    )
    assert (
        admin_client.get(reverse("admin:articles_article_changelist")).status_code
        == 200
    )
