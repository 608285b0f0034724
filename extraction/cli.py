"""Command line: ``python -m extraction.cli PATH --published YYYY-MM-DD --format json``.

``--manifest FILE.jsonl`` (lines ``{"path": ..., "published": ...}``) runs many
files in one process and prints one JSON object per line, in order. The Django
command ``extract_events`` calls :func:`main` with the same arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .pipeline import DEFAULT_MODEL, as_date, load_nlp, run_many


def _read(path: str) -> str:
    # Universal newlines, as the scorers read the files.
    return Path(path).read_text(encoding="utf-8", errors="replace")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="extract_events",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", nargs="?", help="article text file (UTF-8)")
    p.add_argument(
        "--published", help="publication date YYYY-MM-DD (a time part is ignored)"
    )
    p.add_argument("--format", default="json", choices=["json"], help="output format")
    p.add_argument("--manifest", help='JSONL file of {"path", "published"} lines')
    p.add_argument("--model", default=DEFAULT_MODEL, help="spaCy model to load")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.manifest and not args.path:
        print("error: give PATH or --manifest", file=sys.stderr)
        return 2
    try:
        nlp = load_nlp(args.model)
    except OSError as exc:
        print(f"error: cannot load model {args.model!r}: {exc}", file=sys.stderr)
        return 2
    if args.manifest:
        rows = [
            json.loads(line)
            for line in Path(args.manifest).read_text().splitlines()
            if line.strip()
        ]

        def items() -> Iterator[tuple[str, object]]:
            for row in rows:
                yield _read(row["path"]), as_date(row.get("published"))

        out = sys.stdout
        for result in run_many(items(), nlp=nlp):
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        return 0
    if not args.published:
        print("error: --published is required with PATH", file=sys.stderr)
        return 2
    try:
        published = as_date(args.published)
    except ValueError:
        print(f"error: bad --published {args.published!r}", file=sys.stderr)
        return 2
    text = _read(args.path)
    for result in run_many([(text, published)], nlp=nlp):
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
