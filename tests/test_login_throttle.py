"""Login throttling: repeated wrong passwords lock out the username (from any
address) and the address (for any username), with a page saying so."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username: str, password: str, address: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def assert_locked_out(response) -> None:
    assert response.status_code == 429
    text = " ".join(response.text.split())
    assert "Too many failed log-ins" in text
    assert "from this address is locked for 15 minutes" in text


def test_a_username_is_locked_out_after_five_wrong_passwords(client, journalist):
    for _ in range(4):
        response = attempt(client, "jo", "wrong", "203.0.113.1")
        assert response.status_code == 200
        assert "didn't match" in response.text
    assert_locked_out(attempt(client, "jo", "wrong", "203.0.113.1"))
    # Now even the right password fails, from this address or another one.
    assert_locked_out(attempt(client, "jo", PASSWORD, "203.0.113.1"))
    assert_locked_out(attempt(client, "jo", PASSWORD, "198.51.100.7"))
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_out_after_five_wrong_passwords_for_any_user(
    client, journalist, editor
):
    for name in ["ann", "bob", "cy", "dee", "eve"]:
        attempt(client, name, "guess", "203.0.113.9")
    assert_locked_out(attempt(client, "edna", PASSWORD, "203.0.113.9"))
    # The same colleague from another address is not locked out.
    response = attempt(client, "edna", PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_right_password_within_the_limit_logs_in_and_resets_the_count(
    client, journalist
):
    for _ in range(4):
        attempt(client, "jo", "wrong", "203.0.113.5")
    assert attempt(client, "jo", PASSWORD, "203.0.113.5").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "jo", "wrong", "203.0.113.5").status_code == 200
    assert attempt(client, "jo", PASSWORD, "203.0.113.5").status_code == 302
