import pytest
from django.core.management import call_command

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_journalist_logs_in_and_opens_the_demo_case(
    live_server, browser, settings, screenshots_dir
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("load_demo", stdout=open("/dev/null", "w"))
    page = browser.new_page()
    log_in(page, live_server.url, "journalist", "caseline-demo")
    page.get_by_role("link", name="The Rust shooting").click()
    page.wait_for_url(f"{live_server.url}/cases/rust/")
    assert page.get_by_role("heading", name="The Rust shooting").is_visible()
    assert page.locator("#event-list").is_visible()
    page.screenshot(path=str(screenshots_dir / "demo-case.png"), full_page=True)
