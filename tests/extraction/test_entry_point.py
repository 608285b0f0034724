"""The components load through the spacy_factories entry points, on a blank pipeline."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

ENTRY_POINTS = {
    "caseline_timex": "extraction.components:make_timex_tagger",
    "caseline_events": "extraction.components:make_event_builder",
}


def test_entry_points_are_declared():
    found = {e.name: e.value for e in entry_points(group="spacy_factories")}
    if not set(ENTRY_POINTS) <= set(found):
        pytest.skip(
            "package not installed (pip install -e .): entry points not registered"
        )
    for name, value in ENTRY_POINTS.items():
        assert found[name] == value


def test_it_adds_the_pipes_without_importing_the_package():
    found = {e.name for e in entry_points(group="spacy_factories")}
    if not set(ENTRY_POINTS) <= found:
        pytest.skip(
            "package not installed (pip install -e .): entry points not registered"
        )
    code = """
import json, sys
from datetime import date
import spacy
assert "extraction" not in sys.modules
nlp = spacy.blank("en")
nlp.add_pipe("caseline_timex")
nlp.add_pipe("caseline_events")
doc = nlp.make_doc("The mayor resigned on Oct. 5, 2021, and left the next day.")
doc._.caseline_published = date(2022, 10, 20)
doc = nlp(doc)
print(json.dumps({"spans": [(s.text, s.label_) for s in doc.spans["caseline_timex"]],
                  "events": [e.date for e in doc._.caseline_events]}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout)
    assert result["spans"] == [["Oct. 5, 2021", "DATE"], ["the next day", "DATE"]]
    assert result["events"] == ["2021-10-05", "2021-10-06"]
