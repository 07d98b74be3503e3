"""The editor's help in a real browser: content checks as you type, no edit lost to a timeout."""

from __future__ import annotations

import os

import pytest

from ..helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("EDITOR_ASSIST_SCREENSHOTS")


def sign_in(page, username: str, next_url: str = "") -> None:
    page.goto(f"/admin/login/?next={next_url}" if next_url else "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def editor_page(browser, site, django_user_model):
    make_user(django_user_model, "edna", "Editors", last_name="Editor")
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.console_errors = errors
    yield page
    page.goto("about:blank")  # leave the form before the test database is emptied
    context.close()


def draft_article():
    from medinfo.models import MedicationArticle, Status

    from ..factories import make_article, make_indication

    article = make_article(
        title="Testamine (Testrix)",
        status=Status.DRAFT,
        how_it_works="<p>It calms the brain.</p>",
        uses=[make_indication()],
    )
    return MedicationArticle.objects.get(pk=article.pk)


def test_the_panel_flags_a_heading_jump_and_click_here_as_you_type(editor_page):
    page = editor_page
    article = draft_article()
    url = f"/admin/medinfo/medicationarticle/{article.pk}/change/"
    sign_in(page, "edna", url)
    panel = page.locator("#content-checks-results")
    panel.get_by_text("No problems found.").wait_for()

    editor = page.locator(".field-how_it_works .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("## Before you start")
    page.keyboard.press("Enter")
    page.keyboard.type("#### Doses")
    page.keyboard.press("Enter")
    page.keyboard.type("For more, click here")

    jump = panel.locator("li[data-check=heading-order]")
    jump.wait_for()
    assert "jumps from h2 to h4" in jump.inner_text()
    assert panel.locator("li[data-check=vague-link]").count() == 0
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/content-checks-heading.png", full_page=True)
    # Make "click here" a link, as an editor would: select it, then the link button.
    for _ in range(len("click here")):
        page.keyboard.press("Shift+ArrowLeft")
    page.locator(".field-how_it_works .prose-menubar [title*=ink i]").first.click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input").first.fill("https://www.fda.gov/drugs")
    dialog.get_by_role("button", name="Update").or_(dialog.get_by_role("button", name="OK")).or_(
        dialog.locator("button[type=submit]")
    ).first.click()
    vague = panel.locator("li[data-check=vague-link]")
    vague.wait_for()
    assert "click here" in vague.inner_text()
    # The heading fix clears its warning: nothing is stale in the panel.
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/content-checks.png", full_page=True)
    assert page.console_errors == []


def test_an_edit_survives_the_idle_timeout_and_is_offered_back_after_signing_in(editor_page):
    from django.contrib.sessions.models import Session

    from medinfo.models import MedicationArticle

    page = editor_page
    article = draft_article()
    url = f"/admin/medinfo/medicationarticle/{article.pk}/change/"
    page.clock.install()
    sign_in(page, "edna", url)
    page.locator("#content-checks-results").get_by_text("No problems found.").wait_for()

    page.locator("#id_summary").fill("Calms you before an operation. Ask before driving.")
    editor = page.locator(".field-how_it_works .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" It works within an hour.")
    # Within a minute the form checks in: typing counts as activity for the session.
    # The content checks of what was typed answer too; both must be back before the
    # idle clock runs on (a late answer would count as fresh activity).
    with page.expect_response("**/editor/presence/"), page.expect_response("**/editor/checks/"):
        page.clock.fast_forward("01:00")
    page.wait_for_load_state("networkidle")

    # Then nothing for 56 of the 60 minutes: a warning, and the text is kept.
    page.clock.fast_forward("56:00")
    session = page.locator("#editor-session")
    session.get_by_text("You will be signed out in about").wait_for()
    page.clock.fast_forward("05:00")
    session.get_by_text("You have probably been signed out").wait_for()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/session-ended.png")

    # The server's session has ended meanwhile; the save goes to the sign-in page.
    Session.objects.all().delete()
    page.locator(".submit-row [type=submit]").first.click()
    page.wait_for_url("**/admin/login/**")
    assert MedicationArticle.objects.get(pk=article.pk).summary == "A medicine used in tests."

    page.get_by_label("Username").fill("edna")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{url}")
    offer = session.get_by_role("button", name="Restore my changes")
    offer.wait_for()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/offer-restore.png")
    assert page.locator("#id_summary").input_value() == "A medicine used in tests."
    offer.click()
    assert page.locator("#id_summary").input_value() == (
        "Calms you before an operation. Ask before driving."
    )
    assert "It works within an hour." in editor.inner_text()

    page.locator(".submit-row [type=submit]").first.click()
    page.wait_for_load_state()
    saved = MedicationArticle.objects.get(pk=article.pk)
    assert saved.summary == "Calms you before an operation. Ask before driving."
    assert "It works within an hour." in saved.how_it_works

    # Saved: nothing is offered any more.
    page.goto(url)
    page.locator("#content-checks-results").get_by_text("No problems found.").wait_for()
    assert session.get_by_role("button", name="Restore my changes").count() == 0
    assert page.console_errors == []
