"""The engine is a plain Python package: importing and running it never loads Django."""

from __future__ import annotations

import subprocess
import sys


def test_extraction_never_imports_django():
    code = """
import sys
from datetime import date
import extraction
from extraction import cli, extract
result = extract("The council voted Wednesday.", date(2022, 10, 20))
assert result.events, result
assert "django" not in sys.modules, sorted(m for m in sys.modules if m.startswith("django"))
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
