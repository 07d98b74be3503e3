"""The site's icon in Chromium: it loads, passes the CSP, and the console stays clean."""

from __future__ import annotations

import pytest

from .helpers import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Loads an address as an image under the page's own CSP; its width, or 0 if it fails.
DRAW = """async (href) => {
  const image = new Image();
  image.src = href;
  try { await image.decode(); } catch (error) { return 0; }
  return image.naturalWidth;
}"""


def test_the_home_page_has_an_icon_and_no_console_error(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": DESKTOP, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    try:
        page.goto("/")
        page.wait_for_load_state("networkidle")
        icons = page.eval_on_selector_all("link[rel=icon]", "links => links.map(l => l.href)")
        assert len(icons) == 2
        for href in [*icons, f"{site}/favicon.ico"]:
            assert page.evaluate(DRAW, href) >= 16, href
        assert problems == []
    finally:
        context.close()
