"""Benchmark of event titles (not a test): ``python benchmarks/titles.py``.

Titles every engine event of the seed and dev articles (with ``--merge-sets``
also benchmarks/data/dev2 and heldout; with ``--timebank N`` the first N
TempEval-3 TimeBank texts) through the real
pipeline, checks each with :func:`extraction.titles.fragment_reasons` and
prints every title with its reasons, then the fragment rate per corpus and in
all. ``--only-fragments`` prints the fragments only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT / ".." / "shared").resolve()
sys.path.insert(0, str(ROOT))


def _articles(folder: Path) -> list[tuple[str, str, str]]:
    """(name, text, published) for the articles of a seed/dev folder."""
    out = []
    for gold in sorted((folder / "gold").glob("*.json")):
        data = json.loads(gold.read_text())
        text = (folder / "articles" / data["article"]).read_text()
        out.append((data["article"], text, data["published"]))
    return out


def _manifest(folder: Path) -> list[tuple[str, str, str]]:
    """(name, text, published) for a benchmarks/data set with a manifest."""
    items = json.loads((folder / "manifest.json").read_text())
    return [
        (m["file"], (folder / "articles" / m["file"]).read_text(), m["published"])
        for m in items
    ]


def _timebank(n: int) -> list[tuple[str, str, str]]:
    path = SHARED / "eval" / "timex_score.py"
    spec = importlib.util.spec_from_file_location("timex_score", path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["timex_score"] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    files = sorted((SHARED / "data" / "tempeval3" / "tbaq" / "TimeBank").glob("*.tml"))
    out = []
    for f in files[:n]:
        text, dct, _gold = mod.tml_to_text_and_gold(f)
        if dct:
            out.append((f.name, text, dct[:10]))
    return out


def title_corpus(
    items: list[tuple[str, str, str]], show: str, verbose: bool = False
) -> tuple[int, Counter]:
    """Titles every event of ``items`` from the pipeline's own docs; prints
    them (with ``verbose``, each fragment's sentence too); returns (number of events, fragment reasons counted)."""
    from extraction.pipeline import as_date, load_nlp
    from extraction.titles import fragment_reasons, mentions, title_pieces

    nlp = load_nlp()
    total, reasons = 0, Counter()
    for name, text, published in items:
        doc = nlp.make_doc(text)
        doc._.caseline_published = as_date(published)
        doc = nlp(doc)
        names = mentions(doc)
        for event in doc._.caseline_events or []:
            title, tokens = title_pieces(doc, event, names=names)
            why = fragment_reasons(title, tokens)
            total += 1
            reasons.update(why)
            reasons["fragments"] += bool(why)
            if show == "all" or (show == "fragments" and why):
                mark = "!!" if why else "  "
                note = f"   [{'; '.join(why)}]" if why else ""
                print(f"{mark} {name[:28]:28} {event.date:10} {title}{note}")
                if verbose and why:
                    print(f"{'':42} <- {event.sentence[:300]}")
    return total, reasons


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--timebank", type=int, default=0, help="first N TimeBank texts"
    )
    parser.add_argument(
        "--merge-sets",
        action="store_true",
        help="also the articles of benchmarks/data/dev2 and benchmarks/data/heldout",
    )
    parser.add_argument("--only-fragments", action="store_true")
    parser.add_argument(
        "--verbose", action="store_true", help="print each fragment's sentence"
    )
    args = parser.parse_args(argv)
    show = "fragments" if args.only_fragments else "all"
    corpora = {
        "seed": _articles(SHARED / "data" / "seed"),
        "dev": _articles(SHARED / "data" / "dev"),
    }
    if args.merge_sets:
        for name in ("dev2", "heldout"):
            corpora[name] = _manifest(ROOT / "benchmarks" / "data" / name)
    if args.timebank:
        corpora["timebank"] = _timebank(args.timebank)
    rows = []
    for label, items in corpora.items():
        print(f"== {label} ({len(items)} texts)")
        total, reasons = title_corpus(items, show, args.verbose)
        rows.append((label, total, reasons))
    print()
    print(f"{'corpus':10} {'events':>7} {'fragments':>10} {'rate':>7}  reasons")
    all_total, all_frag = 0, 0
    for label, total, reasons in rows:
        frag = reasons.pop("fragments", 0)
        all_total, all_frag = all_total + total, all_frag + frag
        rate = 100 * frag / total if total else 0.0
        detail = ", ".join(f"{k}: {v}" for k, v in reasons.most_common())
        print(f"{label:10} {total:7} {frag:10} {rate:6.1f}%  {detail}")
    rate = 100 * all_frag / all_total if all_total else 0.0
    print(f"{'all':10} {all_total:7} {all_frag:10} {rate:6.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
