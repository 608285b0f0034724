"""The timeline's rows link to their event's page (timeline.templatetags.event_urls)."""

import uuid

import pytest
from django.urls import reverse, set_script_prefix

from timeline.models import Case, Event
from timeline.templatetags.event_urls import event_url


@pytest.mark.parametrize("prefix", ["/", "/newsroom/"])
def test_a_rows_link_is_the_event_pages_address(prefix):
    cases = [Case(slug="rust"), Case(slug="boeing-737")]
    events = [Event(code=uuid.uuid4()) for _ in range(3)]
    set_script_prefix(prefix)
    try:
        for case in cases:
            for event in events:
                expected = reverse(
                    "timeline:event_detail", args=[case.slug, event.code]
                )
                assert event_url(case, event) == expected
                assert expected.startswith(f"{prefix}cases/{case.slug}/events/")
    finally:
        set_script_prefix("/")
