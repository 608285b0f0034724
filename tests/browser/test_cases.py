"""An editor creates a case, adds a colleague and changes their role in the
browser; a viewer sees the members but cannot manage them."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from timeline.models import Case, Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_create_a_case_add_a_member_and_change_a_role(
    live_server, browser, screenshots_dir
):
    User = get_user_model()
    User.objects.create_user("sam", password=PASSWORD, is_staff=True)
    User.objects.create_user("nadia", email="nadia@example.org", password=PASSWORD)
    base = live_server.url
    page = browser.new_page()
    log_in(page, base, "sam", PASSWORD)
    page.get_by_role("link", name="New case").click()
    page.get_by_label("Title").fill("Harbour warehouse fire")
    page.get_by_label("Description").fill("The fire at the harbour in May 2024.")
    page.get_by_role("button", name="Create case").click()
    page.wait_for_url(f"{base}/cases/harbour-warehouse-fire/members/")
    assert page.get_by_text("Created “Harbour warehouse fire”").is_visible()

    page.get_by_label("Username or e-mail").fill("nadia@example.org")
    page.locator("#id_role").select_option("journalist")
    page.get_by_role("button", name="Add member").click()
    assert page.get_by_text("Added nadia as journalist.").is_visible()
    row = page.locator("tr", has_text="nadia")
    assert row.get_by_label("Role of nadia", exact=True).input_value() == "journalist"

    row.get_by_label("Role of nadia", exact=True).select_option("editor")
    row.get_by_role("button", name="Change the role of nadia").click()
    assert page.get_by_text("nadia is now editor.").is_visible()
    page.screenshot(path=str(screenshots_dir / "case-members.png"), full_page=True)
    # On a phone the members table fits the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(
        path=str(screenshots_dir / "case-members-phone.png"), full_page=True
    )
    page.set_viewport_size({"width": 1280, "height": 720})

    # The only other editor: sam may now step down, never the last one.
    mine = page.locator("tr", has_text="sam")
    mine.get_by_label("Role of sam", exact=True).select_option("viewer")
    mine.get_by_role("button", name="Change the role of sam").click()
    assert page.get_by_text("sam is now viewer.").is_visible()
    page.close()

    case = Case.objects.get(slug="harbour-warehouse-fire")
    assert case.description == "The fire at the harbour in May 2024."
    roles = dict(case.memberships.values_list("user__username", "role"))
    assert roles == {"sam": "viewer", "nadia": "editor"}


def test_a_viewer_sees_the_members_but_cannot_manage_them(
    live_server, browser, case, editor, viewer
):
    base = live_server.url
    page = browser.new_page()
    log_in(page, base, "vic", PASSWORD)
    page.goto(f"{base}/cases/{case.slug}/")
    page.get_by_role("link", name="Members").click()
    page.wait_for_url(f"{base}/cases/{case.slug}/members/")
    assert page.locator("table.members").get_by_text("edna").is_visible()
    assert page.get_by_text("Only an editor of this case can add members").is_visible()
    assert page.get_by_role("button", name="Add member").count() == 0
    assert page.get_by_role("combobox").count() == 0
    assert page.get_by_role("button", name="Archive case").count() == 0
    # A forged request from the viewer's session is refused by the server.
    token = page.context.cookies()
    csrf = next(c["value"] for c in token if c["name"] == "csrftoken")
    response = page.request.post(
        f"{base}/cases/{case.slug}/members/add/",
        form={"user": "vic", "role": "editor"},
        headers={"X-CSRFToken": csrf, "Referer": f"{base}/"},
    )
    assert response.status == 403
    assert "New case" not in page.goto(f"{base}/").text()
    page.close()
    assert Membership.objects.get(case=case, user=viewer).role == "viewer"
