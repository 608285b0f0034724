import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; Django refuses ORM calls from it
# unless told the test process is single-threaded on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def browser():
    """Headless Debian Chromium driven by Playwright (no downloaded browsers)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    violations: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        new_page, new_context = browser.new_page, browser.new_context

        def on_console(msg) -> None:
            # Every browser test fails on a Content-Security-Policy violation:
            # an inline script or style the policy blocks is a bug.
            if "Content Security Policy" in msg.text:
                violations.append(msg.text)

        def watched_page(*args, **kwargs):
            page = new_page(*args, **kwargs)
            page.on("console", on_console)
            return page

        def watched_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            context.on("console", on_console)
            return context

        browser.new_page = watched_page
        browser.new_context = watched_context
        try:
            yield browser
        finally:
            browser.close()
    assert violations == [], violations


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")
