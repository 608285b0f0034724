"""Where the grouping is unsure it suggests: the editor sees "Possible duplicate",
opens the sources and merges the two events, or says they are not the same."""

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.timeline.test_grouping import add
from timeline.models import Distinction, Event, Suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLES = [
    (
        "Two hearings",
        "The judge held a hearing on the motion on July 8, 2024. "
        "The judge held a hearing on the jury on July 9, 2024.",
        "2024-07-10",
    ),
    ("Recap", "The judge held a hearing in July 2024.", "2024-08-01"),
]


@pytest.fixture
def suggested(case, editor):
    """A vague mention that fits two hearings: suggested on both, joined to none."""
    for article in ARTICLES:
        add(case, *article)
    vague = Event.objects.get(case=case, precision=Event.Precision.MONTH)
    assert Suggestion.objects.filter(event=vague).count() == 2
    return vague


def _open_sources(page, row):
    page.wait_for_function("() => window.htmx && document.readyState === 'complete'")
    row.locator(".sources-toggle").click()
    row.locator(".suggestion").first.wait_for()


def test_an_editor_merges_from_a_suggestion(live_server, suggested, browser):
    page = browser.new_page()
    log_in(page, live_server.url, "edna", PASSWORD)
    page.goto(f"{live_server.url}/cases/rust/")
    row = page.locator(f"#event-{suggested.code}")
    assert "Possible duplicate" in row.inner_text()
    _open_sources(page, row)
    first = row.locator(".suggestion").first
    assert "Possibly the same happening as" in first.inner_text()
    first.get_by_role("button", name="Merge").click()
    page.wait_for_load_state()
    assert "Merged into" in page.locator("body").inner_text()
    page.close()


def test_not_the_same_is_not_suggested_again(live_server, suggested, browser):
    page = browser.new_page()
    log_in(page, live_server.url, "edna", PASSWORD)
    page.goto(f"{live_server.url}/cases/rust/")
    row = page.locator(f"#event-{suggested.code}")
    _open_sources(page, row)
    row.locator(".suggestion").first.get_by_role("button", name="Not the same").click()
    page.wait_for_load_state()
    assert "will not be suggested again" in page.locator("body").inner_text()
    page.close()


def test_the_merge_and_the_distinction_are_stored(suggested, editor, client):
    client.force_login(editor)
    first, second = Suggestion.objects.filter(event=suggested).order_by("other__date")
    client.post(f"/cases/rust/suggestions/{second.pk}/apart/")
    assert Distinction.objects.count() == 1
    assert not Suggestion.objects.filter(event=suggested, other=second.other).exists()
    client.post(f"/cases/rust/suggestions/{first.pk}/merge/")
    merged = Event.objects.get(pk=first.other_id)
    assert merged.deleted_at is None
    assert merged.sources.filter(date_value="2024-07").exists()
    assert Event.objects.get(pk=suggested.pk).deleted_at is not None
