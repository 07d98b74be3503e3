"""Real-browser tests: Playwright drives Debian's Chromium against a live server with demo content.

Chromium comes from the system (`apt-get install chromium`, which .ci/run does when
it is missing): Playwright's own browser download is not reachable here. Locally
the tests skip when Chromium is absent; in CI (CI is set) that is a failure.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from .helpers import DESKTOP

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# fixtures make from that thread are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


def pytest_collection_modifyitems(items):
    # Every test in this folder is a browser test, marked or not: `make test-fast`
    # leaves them out with -m "not browser".
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; browser tests must run in CI (.ci/run installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (make venv installs requirements-dev.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The live server's address, with the demo content and the clinic's details loaded."""
    from medinfo.models import ClinicSettings, MedicationArticle

    call_command("load_demo_content", stdout=io.StringIO())
    ClinicSettings(
        name="Riverside Family Clinic",
        phone="(555) 010-4477",
        address="12 River Road\nSpringfield, IL 62701",
        opening_hours="Mon-Fri 8am-6pm\nSat 9am-1pm",
    ).save()
    # A made-up brand both demo medicines share, so the brand choice page has content.
    for article in MedicationArticle.objects.all():
        article.brand_names = f"{article.brand_names}, Calmex"
        article.save()
    return live_server.url


@pytest.fixture
def open_page(browser, site):
    """open_page(path, width) -> (page, response) in a fresh browser context of that width."""
    contexts = []

    def open_(path: str, width: int = DESKTOP, height: int = 900):
        context = browser.new_context(
            base_url=site,
            viewport={"width": width, "height": height},
            reduced_motion="reduce",
        )
        contexts.append(context)
        page = context.new_page()
        response = page.goto(path)
        return page, response

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_rule_counts():
    """Rules axe checked per page and width, written to test-results/axe-rules.json."""
    counts: dict[str, dict] = {}
    yield counts
    if counts:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / "axe-rules.json"
        path.write_text(json.dumps(dict(sorted(counts.items())), indent=2) + "\n")
