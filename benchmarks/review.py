"""The editor's review of the timeline page in Chromium, for cases of 60 and 200 events.

Creates a throwaway test database (migrated from scratch, dropped at the end),
fills one case per size with events like the extraction's (a sentence as text,
one to four sources with their reasons for being there, copies of one story,
some disagreeing dates), serves it with Django's live server and drives Debian's
chromium through Playwright. For each case it prints the page's height at 1440
and 390 px, the height per collapsed event, the HTML bytes per 50 events and the
time to approve 20 events with the keyboard only (j, then a, waiting for each
row to come back approved). Screenshots of the desktop and phone timeline of
the first case go to test-artifacts/benchmarks/.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseline SECRET_KEY=x \\
        .venv/bin/python benchmarks/review.py [--sizes 60,200]

Targets (issue 14): <= 100 px per collapsed event at 1440 px (<= 6,000 px for
60 events), <= 60 KB of HTML per 50 events, usable at 390 px.
"""

import argparse
import datetime as dt
import logging
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["TEST_DB_NAME"] = f"test_caseline_review_{os.getpid()}"
# Playwright's sync API runs an event loop; the ORM calls here are made outside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from articles.models import Article  # noqa: E402
from timeline.models import Case, Event, EventSource, Membership  # noqa: E402

SHOTS = ROOT / "test-artifacts" / "benchmarks"
PASSWORD = "bench-password"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]
PEOPLE = [
    "the armorer",
    "the assistant director",
    "the producers",
    "the actor",
    "prosecutors",
]
ACTIONS = [
    "told investigators that live rounds had been mixed with dummy ammunition",
    "filed a motion asking the judge to dismiss the involuntary manslaughter charge",
    "agreed to a settlement with the family and said filming would resume",
    "were questioned by sheriff's detectives about safety complaints on the set",
    "announced that the film would be completed and released the following year",
]
OUTLETS = ["Santa Fe Post", "Desert Star", "Wire Service", "Film Daily", "The Courier"]


def make_case(n: int, user) -> Case:
    case = Case.objects.create(title=f"Review bench {n}", slug=f"review-{n}")
    Membership.objects.create(case=case, user=user, role=Membership.Role.EDITOR)
    articles = []
    for i in range(max(4, n // 2)):
        story = articles[i - 1] if i % 6 == 5 else None  # every sixth a wire copy
        articles.append(
            Article.objects.create(
                case=case,
                title=f"Rust case: report number {i} on the shooting and its aftermath",
                outlet=OUTLETS[i % len(OUTLETS)],
                text="x" * 200,
                published=dt.date(2021, 10, 22) + dt.timedelta(days=7 * i),
                status=Article.Status.DONE,
                content_hash=f"{n:08d}{i:056d}",
                story=story,
            )
        )
    start = dt.date(2021, 10, 1)
    for i in range(n):
        day = start + dt.timedelta(days=(i * 1100) // n)
        precision = (3, 3, 3, 2, 1)[i % 5]
        sentence = f"On that day {PEOPLE[i % 5]} {ACTIONS[(i // 5) % 5]}, according to court records."
        event = Event.objects.create(
            case=case,
            date=day if precision == 3 else day.replace(day=1),
            precision=precision,
            summary=sentence,
            actors=["Hannah Gutierrez-Reed", "Alec Baldwin"],
            origin=Event.Origin.MACHINE,
            sources_disagree=i % 7 == 3,
        )
        for k in range(1 + i % 4):
            EventSource.objects.create(
                event=event,
                article=articles[(i + 3 * k) % len(articles)],
                sentence=sentence,
                sentence_start=40 * k,
                sentence_end=40 * k + len(sentence),
                expression="On that day",
                expression_start=40 * k,
                expression_end=40 * k + 11,
                date_value=event.date_value,
                anchor="publication",
                derivation="'On that day' → the day of the hearing named before it",
                match_note=""
                if k == 0
                else "Matched: compatible dates, the same action (filed, motion) and "
                "the same people (Gutierrez-Reed).",
            )
    return case


def measure(browser, base: str, case: Case, shots: bool) -> dict:
    url = f"{base}{case.get_absolute_url()}"
    n = case.events.count()
    result = {"events": n}
    for width in (1440, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        log_in(page, base)
        response = page.goto(url)
        page.wait_for_function(
            "() => window.htmx && document.readyState === 'complete'"
        )
        if width == 1440:
            result["html_bytes"] = len(response.body())
            rows = page.locator("#event-list li.event")
            heights = rows.evaluate_all(
                "rs => rs.map(r => r.getBoundingClientRect().height)"
            )
            result["row_max"] = max(heights)
            result["row_mean"] = sum(heights) / len(heights)
        result[f"height_{width}"] = page.evaluate(
            "document.documentElement.scrollHeight"
        )
        result[f"overflow_{width}"] = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if shots:
            name = "desktop" if width == 1440 else "phone"
            page.screenshot(path=str(SHOTS / f"review-{name}-{n}.png"), full_page=False)
        context.close()
    result["approve_20_s"] = approve_by_keyboard(browser, base, url)
    return result


def log_in(page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill("bench")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def approve_by_keyboard(browser, base: str, url: str) -> float:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    log_in(page, base)
    page.goto(url)
    page.wait_for_function("() => window.htmx && document.readyState === 'complete'")
    began = time.perf_counter()
    for _ in range(20):
        page.keyboard.press("j")
        row_id = page.evaluate("document.activeElement.id")
        page.keyboard.press("a")
        page.locator(f"#{row_id}.status-approved").wait_for()
        page.wait_for_function(f"() => document.activeElement.id === '{row_id}'")
    elapsed = time.perf_counter() - began
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="60,200")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    logging.getLogger("axes").setLevel(logging.WARNING)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    server = LiveServerThread("localhost", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    try:
        user = get_user_model().objects.create_user("bench", password=PASSWORD)
        cases = [make_case(int(n), user) for n in args.sizes.split(",")]
        base = f"http://localhost:{server.port}"
        results = []
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), args=FLAGS
            )
            for i, case in enumerate(cases):
                results.append(measure(browser, base, case, shots=i == 0))
            browser.close()
        print(
            f"{'events':>6} {'px@1440':>8} {'px@390':>8} {'row max':>8} {'row mean':>9} "
            f"{'KB/50 ev':>9} {'overflow@390':>13} {'approve 20 (s)':>15}"
        )
        for r in results:
            per50 = r["html_bytes"] / 1024 * 50 / r["events"]
            print(
                f"{r['events']:>6} {r['height_1440']:>8} {r['height_390']:>8} "
                f"{r['row_max']:>8.0f} {r['row_mean']:>9.1f} {per50:>9.1f} "
                f"{r['overflow_390']:>13} {r['approve_20_s']:>15.1f}"
            )
        print(f"screenshots: {SHOTS}")
    finally:
        server.terminate()
        # The server's request threads may still hold sessions on the database.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
