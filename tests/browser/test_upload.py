import pytest

from tests.articles import samples
from tests.browser.conftest import log_in
from tests.worker import Worker, purge_queue
from timeline.models import Event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker():
    purge_queue()
    w = Worker(concurrency=2).start()
    yield w
    w.stop()


def test_journalist_uploads_a_batch_and_watches_it_finish(
    live_server, browser, worker, case, journalist, tmp_path, screenshots_dir
):
    from tests.conftest import PASSWORD

    seed = tmp_path / "rust-restarts.txt"
    seed.write_text(samples.SEED_LIKE)
    docx = tmp_path / "settlement.docx"
    docx.write_bytes(
        samples.docx_bytes(
            [
                "Rust settlement",
                "The producers announced a settlement with the family on Oct. 5, 2022.",
            ]
        )
    )
    broken = tmp_path / "scan.pdf"
    broken.write_bytes(samples.pdf_without_text())

    page = browser.new_page()
    log_in(page, live_server.url, "jo", PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.slug}/articles/upload/")
    form = page.locator("#upload-form")
    form.get_by_label("Files", exact=True).set_input_files(
        [str(seed), str(docx), str(broken)]
    )
    form.get_by_label("Publication date (optional)").fill("2022-10-20")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(f"{live_server.url}/cases/{case.slug}/articles/")
    page.evaluate("window.__loadedOnce = true")
    table = page.locator("#article-table")
    # The statuses change in place, by htmx polling, with no reload.
    table.get_by_text("Done: 2").wait_for(timeout=60_000)
    table.get_by_text("Failed: 1").wait_for(timeout=60_000)
    assert page.evaluate("window.__loadedOnce") is True
    assert table.locator("[hx-trigger]").count() == 0 and not table.get_attribute(
        "hx-trigger"
    )
    row = page.locator("tr", has_text="scan.pdf")
    assert "no text layer" in row.inner_text()
    page.screenshot(
        path=str(screenshots_dir / "articles-after-upload.png"), full_page=True
    )

    page.goto(f"{live_server.url}/cases/{case.slug}/")
    timeline = page.locator("#event-list")
    timeline.get_by_text("Oct. 19, 2022").first.wait_for()
    assert timeline.get_by_text("January 2023").count() >= 1
    assert timeline.get_by_text("Oct. 5, 2022").count() >= 1
    assert Event.objects.filter(case=case).count() >= 4
