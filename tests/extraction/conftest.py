"""Fixtures for the date engine's tests. Nothing here needs Django."""

from __future__ import annotations

from datetime import date

import pytest

from extraction import Extraction, extract


@pytest.fixture(scope="session")
def run():
    """extract() with the publication date given as 'YYYY-MM-DD'."""

    def _run(text: str, published: str) -> Extraction:
        return extract(text, date.fromisoformat(published))

    return _run
