"""Open a Caseline TimelineJS export in Knight Lab's TimelineJS itself (headless
Chromium) at the size of a typical embed and check that each slide's date,
headline and first source show without scrolling.

Needs the npm package (not a project dependency; nothing is fetched at run time):

    npm install --prefix var/timelinejs @knight-lab/timelinejs
    python benchmarks/timelinejs_render.py rust-timelinejs.json \
        --package var/timelinejs/node_modules/@knight-lab/timelinejs \
        --screenshots test-artifacts/timelinejs

or, with DATABASE_URL set, ``--case rust`` exports the case's approved and
proposed events first. Prints one line per slide and a summary; exits 1 when a
slide hides its date, headline or first source.
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 740, 650
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}">
<style>html, body {{ margin: 0; height: 100%; }} #timeline {{ height: 100%; }}</style>
</head><body><div id="timeline"></div>
<script src="{js}"></script>
<script>
window.timeline = new TL.Timeline("timeline", {data}, {{ hash_bookmark: false }});
</script></body></html>
"""

# In the current slide: is each part wholly inside the part of the slide that
# shows above the time bar (TimelineJS scrolls the slide when its text is too
# tall)? The first source counts as shown when its citation line is.
MEASURE = """() => {
  const slide = document.querySelectorAll('.tl-slide')[window.__index];
  const nav = document.querySelector('.tl-timenav');
  const shown = slide.getBoundingClientRect();
  const top = Math.max(shown.top, 0);
  const bottom = Math.min(shown.bottom, nav.getBoundingClientRect().top);
  const part = (sel) => {
    const el = slide.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {top: Math.round(r.top), bottom: Math.round(r.bottom),
            visible: r.height > 0 && r.top >= top && r.bottom <= bottom + 1};
  };
  return {
    date: part('.tl-headline-date'),
    headline: part('.tl-headline'),
    source: part('.cite'),
    timenav: nav ? Math.round(nav.getBoundingClientRect().height) : 0,
  };
}"""


def export_case(slug: str) -> dict:
    import os

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from timeline import exports
    from timeline.models import Case

    case = Case.objects.get(slug=slug)
    events, _, _ = exports.select_events(
        case, {"status": exports.ALL}, exports.TIMELINEJS
    )
    return exports.timelinejs_document(case, events)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", nargs="?", help="a TimelineJS export")
    parser.add_argument("--case", help="export this case's slug instead")
    parser.add_argument("--package", required=True, help="@knight-lab/timelinejs")
    parser.add_argument("--screenshots", help="folder for one PNG per slide")
    parser.add_argument("--slides", type=int, default=0, help="0: every slide")
    args = parser.parse_args()
    if args.case:
        document = export_case(args.case)
    elif args.json:
        document = json.loads(Path(args.json).read_text())
    else:
        parser.error("give a JSON file or --case")
    dist = Path(args.package).resolve() / "dist"
    shots = Path(args.screenshots) if args.screenshots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "timeline.html"
        page_file.write_text(
            PAGE.format(
                css=(dist / "css" / "timeline.css").as_uri(),
                js=(dist / "js" / "timeline.js").as_uri(),
                data=json.dumps(document),
            )
        )
        failures = render(page_file, len(document["events"]), args.slides, shots)
    return 1 if failures else 0


def render(page_file: Path, n_events: int, limit: int, shots: Path | None) -> int:
    from playwright.sync_api import sync_playwright

    count = min(limit, n_events) if limit else n_events
    failures = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(page_file.as_uri())
        page.wait_for_selector(".tl-slide")
        print(f"{'slide':>5} {'date':>5} {'headline':>8} {'source':>6} timenav px")
        for i in range(1, count + 1):  # slide 0 is the title slide
            page.evaluate(f"window.timeline.goTo({i}); window.__index = {i};")
            page.wait_for_timeout(900)  # the slide animation
            m = page.evaluate(MEASURE)
            ok = all(m[k] and m[k]["visible"] for k in ("date", "headline", "source"))
            failures += not ok
            parts = ("date", "headline", "source")
            marks = ["yes" if m[k] and m[k]["visible"] else "NO" for k in parts]
            print(f"{i:>5} {marks[0]:>5} {marks[1]:>8} {marks[2]:>6} {m['timenav']}")
            if shots:
                page.screenshot(path=str(shots / f"slide-{i:03d}.png"))
        browser.close()
    print(f"{count - failures} of {count} slides show date, headline and first source")
    return failures


if __name__ == "__main__":
    sys.exit(main())
