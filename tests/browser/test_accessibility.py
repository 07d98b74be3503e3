"""WCAG 2.2 AA in a real browser: axe-core on every public page type, keyboard, reflow, search."""

from __future__ import annotations

import pytest

from .helpers import DESKTOP, NARROWEST, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Every kind of public page, with the status it should answer.
PAGES = {
    "home": ("/", 200),
    "a-to-z": ("/medications/", 200),
    "medicine": ("/medications/diazepam/", 200),
    "conditions": ("/conditions/", 200),
    "condition": ("/conditions/seizures/", 200),
    "drug-classes": ("/drug-classes/", 200),
    "drug-class": ("/drug-classes/benzodiazepines/", 200),
    "brand-choice": ("/medications/calmex/", 200),
    "search-empty": ("/search/", 200),
    "search-results": ("/search/?q=anxiety", 200),
    "search-near-miss": ("/search/?q=valum", 200),
    "search-no-results": ("/search/?q=dhiasepamm", 200),
    "not-found": ("/medications/no-such-medicine/", 404),
    "api-docs": ("/api/v1/docs/", 200),
}

FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)


def run_axe(page) -> dict:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['html'][:160]}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(open_page, axe_rule_counts, name, width):
    path, status = PAGES[name]
    page, response = open_page(path, width)
    assert response.status == status
    results = run_axe(page)
    axe_rule_counts[f"{name} @ {width}px"] = {
        "path": path,
        "rules checked": sum(
            len(results[kind]) for kind in ("passes", "violations", "incomplete", "inapplicable")
        ),
        "passes": len(results["passes"]),
        "violations": len(results["violations"]),
        "incomplete": [item["id"] for item in results["incomplete"]],
        "inapplicable": len(results["inapplicable"]),
        "axe": results["testEngine"]["version"],
    }
    assert results["violations"] == [], describe(results["violations"])
    assert len(results["passes"]) >= 20  # axe really ran the rules


@pytest.mark.parametrize("name", list(PAGES))
def test_text_reflows_at_320_px_without_sideways_scrolling(open_page, name):
    page, _ = open_page(PAGES[name][0], NARROWEST, 640)
    overflow = page.evaluate(
        """() => {
            const root = document.documentElement, limit = root.clientWidth + 1;
            return {
                scroll: root.scrollWidth,
                viewport: root.clientWidth,
                wide: [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > limit)
                    .map(el => el.outerHTML.slice(0, 100)),
            };
        }"""
    )
    assert overflow["scroll"] <= overflow["viewport"], overflow["wide"][:5]
    assert overflow["wide"] == []


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_skip_link_is_first_and_moves_focus_to_the_content(open_page, width):
    page, _ = open_page("/medications/diazepam/", width)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement, box = el.getBoundingClientRect();
            return {text: el.textContent.trim(), href: el.getAttribute('href'),
                    visible: box.top >= 0 && box.bottom <= innerHeight && box.width > 0};
        }"""
    )
    assert focused == {"text": "Skip to main content", "href": "#main", "visible": True}
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    # The next stop is inside the content, not back in the header.
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_control_is_reachable_by_keyboard_with_visible_focus(open_page, name, width):
    page, _ = open_page(PAGES[name][0], width)
    expected = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(el => el.getClientRects().length)
            .filter(el => getComputedStyle(el).visibility !== 'hidden')
            .map((el, i) => { el.dataset.kbd = String(i); return String(i); })""",
        FOCUSABLE,
    )
    assert len(expected) >= 8
    reached: list[str] = []
    invisible: list[str] = []
    for _ in range(len(expected) + 3):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const style = getComputedStyle(el);
                const outline = style.outlineStyle !== 'none'
                    && parseFloat(style.outlineWidth) >= 2;
                const shadow = style.boxShadow && style.boxShadow !== 'none';
                return {id: el.dataset.kbd || null, html: el.outerHTML.slice(0, 100),
                        focusVisible: el.matches(':focus-visible') && (outline || shadow)};
            }"""
        )
        if state is None:
            break
        if state["id"] is not None and state["id"] not in reached:
            reached.append(state["id"])
        if not state["focusVisible"]:
            invisible.append(state["html"])
    assert sorted(reached, key=int) == expected
    assert invisible == []


def test_search_works_end_to_end_from_the_home_page(open_page):
    page, _ = open_page("/", PHONE)
    page.get_by_role("search").last.get_by_label("Search medicines and conditions").fill("diazapam")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=diazapam")
    assert page.get_by_role("heading", level=1).inner_text() == "Search results for “diazapam”"
    assert "Did you mean diazepam?" in page.locator(".did-you-mean").inner_text()
    page.get_by_role("link", name="Diazepam (Valium)").click()
    page.wait_for_url("**/medications/diazepam/")
    assert page.get_by_role("heading", level=1).inner_text() == "Diazepam (Valium)"


def test_search_by_synonym_and_following_a_suggestion(open_page):
    page, _ = open_page("/search/?q=dhiasepamm", DESKTOP)
    assert "We found no medicines or conditions" in page.locator("main").inner_text()
    page.locator(".did-you-mean").get_by_role("link", name="diazepam").click()
    page.wait_for_url("**/search/?q=diazepam")
    page.locator("#header-search-q").fill("fits")
    page.locator("#header-search-q").press("Enter")
    page.wait_for_url("**/search/?q=fits")
    result = page.locator(".results li").first
    assert result.locator(".badge").inner_text() == "Condition"
    assert "Also called: fits" in result.inner_text()
    result.get_by_role("link", name="Seizures").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Seizures"


def test_a_brand_address_lands_on_the_medicine(open_page):
    page, response = open_page("/medications/valium/", PHONE)
    assert response.status == 200
    assert page.url.endswith("/medications/diazepam/")
    assert page.locator(".callout-get-help").is_visible()


# --- "Was this page helpful?" (medinfo/feedback/): pages reached by answering ------


@pytest.fixture
def feedback_pages(open_page, settings):
    """open_feedback(width) -> the "what was wrong" page, reached by answering No."""
    settings.FEEDBACK_MIN_SECONDS = 0  # a test clicks faster than a person

    def open_feedback(width: int):
        page, _ = open_page("/medications/diazepam/", width)
        page.get_by_role("button", name="No this page was not helpful").click()
        page.wait_for_url("**/feedback/details/?answer=*")
        return page

    return open_feedback


def check_axe(page, axe_rule_counts, name: str, width: int) -> None:
    results = run_axe(page)
    axe_rule_counts[f"{name} @ {width}px"] = {
        "path": page.url.split("?")[0],
        "passes": len(results["passes"]),
        "violations": len(results["violations"]),
        "incomplete": [item["id"] for item in results["incomplete"]],
        "axe": results["testEngine"]["version"],
    }
    assert results["violations"] == [], describe(results["violations"])
    assert len(results["passes"]) >= 20


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_feedback_form_its_errors_and_the_thank_you_have_no_axe_violations(
    feedback_pages, axe_rule_counts, width
):
    page = feedback_pages(width)
    check_axe(page, axe_rule_counts, "feedback-details", width)

    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    # The error summary takes focus, and its link leads to the first reason.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    check_axe(page, axe_rule_counts, "feedback-details-error", width)
    page.get_by_role("link", name="Choose what was wrong with the page.").click()
    assert page.evaluate("document.activeElement.id") == "id_reason_0"

    page.get_by_label("Something else").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/feedback/thanks/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your feedback"
    check_axe(page, axe_rule_counts, "feedback-thanks", width)


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_feedback_form_is_usable_by_keyboard_alone(feedback_pages, width):
    page = feedback_pages(width)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.id, document.activeElement.tagName,"
            " document.activeElement.matches(':focus-visible')]"
        )
        stops.append(focused)
        if focused[0] == "id_reason_0":
            page.keyboard.press("ArrowDown")  # moves to, and chooses, the second reason
        elif focused[0] == "id_comment":
            page.keyboard.type("Too long for me")
        elif focused[1] == "BUTTON":
            break
    ids = [item[0] for item in stops]
    # A radio group is one Tab stop, then the comment box, then Send; never the honeypot.
    assert ids[-3:] == ["id_reason_0", "id_comment", ""], ids
    assert "feedback-website" not in ids
    assert all(visible for _, _, visible in stops)
    page.keyboard.press("Enter")
    page.wait_for_url("**/feedback/thanks/*")
    from medinfo.models import PageFeedback

    stored = PageFeedback.objects.get()
    assert (stored.reason, stored.comment) == ("not_answered", "Too long for me")
