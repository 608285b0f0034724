"""The engine's layout holds: every pattern kind has its resolver in the
table, and no function of the engine is over 60 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import extraction
from extraction.dates import RESOLVERS
from extraction.patterns import PATTERNS

# Kinds the tagger dates itself (from other expressions of the text).
RESOLVED_BY_THE_TAGGER = {"ordinal_day_of_event"}
MAX_LINES = 60


def test_every_pattern_kind_has_a_resolver():
    kinds = {kind for kind, _ in PATTERNS}
    assert kinds - set(RESOLVERS) == RESOLVED_BY_THE_TAGGER


def test_no_function_of_the_engine_is_over_60_lines():
    # ruff's C901 holds the complexity; this holds the length it does not see
    root = Path(extraction.__file__).parent
    long = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_LINES:
                    long.append(f"{path.relative_to(root)}:{node.name} ({lines} lines)")
    assert not long
