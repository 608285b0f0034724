"""Three articles retell one happening: the timeline shows one event with three
sources, the two copies of one wire story grouped and counted once."""

import pytest

from tests.browser.conftest import log_in
from tests.worker import Worker, purge_queue
from timeline.models import Event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

WIRE = """Baldwin fires prop gun on film set, killing cinematographer

SANTA FE, N.M. (AP) — Alec Baldwin fired a prop gun on the set of the western Rust on Thursday, killing the cinematographer Halyna Hutchins and wounding the director Joel Souza, the Santa Fe County sheriff's office said.

Hutchins, 42, was flown to a hospital in Albuquerque, where she died. Souza was taken by ambulance to a medical center in Santa Fe.

The sheriff's office said no charges had been filed and that detectives were interviewing witnesses at the Bonanza Creek Ranch, where the low-budget film was being shot.
"""

COPY = WIRE.replace(
    "Baldwin fires prop gun on film set, killing cinematographer",
    "Cinematographer killed by prop gun fired by Alec Baldwin",
).replace("the low-budget film", "the independent film")

OWN = """A film set's safety under scrutiny

Crew members had complained about safety on the Rust set for days before Halyna Hutchins was killed on Thursday, when Alec Baldwin fired a prop gun during a rehearsal, according to people who worked on the western.

Several camera operators walked off the production hours before the shooting to protest their working conditions, the people said.
"""


@pytest.fixture
def worker():
    purge_queue()
    w = Worker(concurrency=2).start()
    yield w
    w.stop()


def test_three_retellings_become_one_event_with_copies_grouped(
    live_server, browser, worker, case, journalist, tmp_path, screenshots_dir
):
    from tests.conftest import PASSWORD

    files = []
    for name, text in (("wire.txt", WIRE), ("copy.txt", COPY), ("own.txt", OWN)):
        path = tmp_path / name
        path.write_text(text)
        files.append(str(path))

    page = browser.new_page()
    log_in(page, live_server.url, "jo", PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.slug}/articles/upload/")
    form = page.locator("#upload-form")
    form.get_by_label("Files", exact=True).set_input_files(files)
    form.get_by_label("Publication date (optional)").fill("2021-10-22")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(f"{live_server.url}/cases/{case.slug}/articles/")
    page.locator("#article-table").get_by_text("Done: 3").wait_for(timeout=90_000)

    page.goto(f"{live_server.url}/cases/{case.slug}/")
    events = page.locator("#event-list li.event", has_text="Oct. 21, 2021")
    assert events.count() == 1
    event = events.first
    assert "3 articles · 2 independent" in event.inner_text()
    # The sources are collapsed until the count is clicked.
    assert event.locator("blockquote.source").count() == 0
    page.wait_for_function("() => window.htmx && document.readyState === 'complete'")
    event.locator(".sources-toggle").click()
    event.locator("blockquote.source").nth(2).wait_for()
    assert event.locator("blockquote.source").count() == 3
    copies = event.get_by_role("group", name="Copies of one story")
    assert copies.count() == 1
    assert copies.locator("blockquote.source").count() == 2
    assert "Copies of one story (2 articles)" in copies.inner_text()
    assert "Why here:" in event.inner_text()
    event.screenshot(path=str(screenshots_dir / "merged-event.png"))
    assert Event.objects.filter(case=case, date="2021-10-21").count() == 1
