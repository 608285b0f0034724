"""The role matrix: every case view, for every kind of user."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

ROLES = ["editor", "journalist", "viewer", "outsider"]

# (name, url kwargs builder, method, expected status per role)
READ = {"editor": 200, "journalist": 200, "viewer": 200, "outsider": 404}
EDIT_GET = {"editor": 200, "journalist": 200, "viewer": 403, "outsider": 404}
EDIT_POST = {"editor": 302, "journalist": 302, "viewer": 403, "outsider": 404}

MATRIX = [
    ("timeline:case_detail", "case", "get", READ),
    ("articles:article_list", "case", "get", READ),
    ("articles:article_detail", "article", "get", READ),
    ("articles:article_upload", "case", "get", EDIT_GET),
    ("articles:article_reprocess", "article", "post", EDIT_POST),
]


def _url(name, target, case, article):
    if target == "case":
        return reverse(name, args=[case.slug])
    return reverse(name, args=[case.slug, article.pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,target,method,expected", MATRIX)
def test_role_matrix(
    request, client, case, article, role, name, target, method, expected
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = getattr(client, method)(_url(name, target, case, article))
    assert response.status_code == expected[role], (name, role)


@pytest.mark.parametrize("name,target,method,expected", MATRIX)
def test_anonymous_users_are_sent_to_login(
    client, case, article, name, target, method, expected
):
    response = getattr(client, method)(_url(name, target, case, article))
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


def test_staff_can_use_the_admin(admin_client, case):
    assert (
        admin_client.get(reverse("admin:timeline_case_changelist")).status_code == 200
    )
    assert (
        admin_client.get(reverse("admin:articles_article_changelist")).status_code
        == 200
    )
