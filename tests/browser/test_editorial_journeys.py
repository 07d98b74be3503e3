"""Staff journeys through the workflow buttons, in Chromium, as a clinic team makes them.

Typing happens with page.fill / the keyboard, so the browser sends what browsers
send (CRLF line endings) and the rich-text editor re-serialises what it loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, make_user

from .conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/notes/shots")
NEW_SUMMARY = "Diazepam calms the nervous system. This sentence is the reviewed new wording."


def shot(page, name: str) -> None:
    """Screenshots of what staff see, for the closing note (only where the folder exists)."""
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def staff(browser, site, django_user_model):
    """staff(username, group) -> a signed-in page of that person's own browser."""
    contexts = []

    def sign_in(username: str, group: str, first_name: str = ""):
        make_user(django_user_model, username, group, first_name=first_name or username.title())
        context = browser.new_context(base_url=site, viewport={"width": DESKTOP, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto("/admin/login/?next=/admin/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/admin/")
        return page

    yield sign_in
    for context in contexts:
        context.close()


@pytest.fixture
def patient(browser, site):
    """patient(path) -> (status, html) as a new visitor sees it (browsers may keep a page 60 s)."""

    def visit(path: str):
        context = browser.new_context(base_url=site)
        try:
            page = context.new_page()
            response = page.goto(path)
            return response.status, page.content()
        finally:
            context.close()

    return visit


def article(slug: str):
    from medinfo.models import MedicationArticle

    return MedicationArticle.objects.live().get(slug=slug)


def change(obj) -> str:
    return f"/admin/medinfo/{obj._meta.model_name}/{obj.pk}/change/"


def press(page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def message(page) -> str:
    return page.locator("ul.messagelist").inner_text()


def test_b_c_a_live_page_changes_after_approval_and_a_restore_brings_the_old_text_back(
    staff, patient
):
    diazepam = article("diazepam")
    old_summary = diazepam.summary
    editor = staff("edna", "Editors", "Edna")
    reviewer = staff("rita", "Clinical reviewers", "Rita")
    second = staff("sam", "Clinical reviewers", "Sam")

    # (b) The editor changes the live page through a copy and submits it.
    editor.goto(change(diazepam))
    press(editor, "Edit as a new draft")
    editor.fill("#id_summary", NEW_SUMMARY)
    press(editor, "Submit for review")
    assert "Submitted" in message(editor)
    assert "Approve and publish" not in editor.locator(".workflow-actions").inner_text()

    assert NEW_SUMMARY not in patient("/medications/diazepam/")[1]

    # A reviewer finds it in the inbox, compares with live, approves.
    reviewer.goto("/admin/")
    waiting = reviewer.locator("#inbox-waiting")
    assert "Edna" in waiting.inner_text()
    waiting.get_by_role("link", name=re.compile("Diazepam")).click()
    reviewer.wait_for_load_state()
    shot(reviewer, "b-approval-screen")
    reviewer.get_by_role("link", name="Compare with live").first.click()
    reviewer.wait_for_load_state()
    assert "reviewed new wording" in reviewer.locator("ins").all_inner_texts().__str__()
    shot(reviewer, "b-compare-with-live")
    reviewer.go_back()
    press(reviewer, "Approve and publish")
    assert "Approved" in message(reviewer), reviewer.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()

    assert NEW_SUMMARY in patient("/medications/diazepam/")[1]

    # (c) A reviewer restores the revision before that change; another one approves.
    reviewer.goto(change(diazepam).replace("/change/", "/history/"))
    reviewer.locator("#change-history tbody tr").last.locator("th a").click()
    reviewer.wait_for_load_state()
    press(reviewer, "Restore this revision")
    assert "Restored the revision" in message(reviewer)
    press(reviewer, "Submit for review")
    assert "Approve and publish" not in reviewer.locator(".workflow-actions").inner_text()

    assert NEW_SUMMARY in patient("/medications/diazepam/")[1]

    second.goto("/admin/")
    second.locator("#inbox-waiting").get_by_role("link", name=re.compile("Diazepam")).click()
    second.wait_for_load_state()
    press(second, "Approve and publish")
    assert "Approved" in message(second), second.locator(".errornote, .errorlist").all_inner_texts()

    html = patient("/medications/diazepam/")[1]
    assert NEW_SUMMARY not in html and old_summary.split(".")[0] in html
    from medinfo.models import EventKind, WorkflowEvent

    restored = WorkflowEvent.objects.filter(object_id=diazepam.pk, kind=EventKind.RESTORED)
    assert restored.get().comment.startswith("Restored revision of ")


def test_d_two_browsers_edit_the_same_draft_and_the_second_save_loses_nothing(staff):
    import reversion

    from medinfo.models import Status

    draft = article("lorazepam")
    draft.status = Status.DRAFT
    with reversion.create_revision():  # as every admin save keeps one
        draft.save()
    first = staff("edna", "Editors", "Edna")
    second = staff("eric", "Editors", "Eric")
    first.goto(change(draft))
    second.goto(change(draft))

    first.fill("#id_summary", "Edna's clearer summary of lorazepam.")
    press(first, "Save draft")
    assert "Saved" in message(first)

    second.fill("#id_key_facts", "Eric's first fact.\nEric's second fact.")
    press(second, "Save draft")
    stale = second.locator(".workflow-stale")
    assert "Edna saved this page" in stale.inner_text()
    assert "Edna's clearer summary" in stale.locator("ins").all_inner_texts().__str__()
    assert "Eric's second fact." in second.input_value("#id_key_facts")
    shot(second, "d-stale-save")

    press(second, "Save draft")  # a plain second Save is refused again
    assert second.locator(".workflow-stale").count() == 1
    draft.refresh_from_db()
    assert "Eric" not in draft.key_facts

    press(second, "Replace their changes with mine")
    assert "Saved" in message(second)
    draft.refresh_from_db()
    assert draft.key_facts == "Eric's first fact.\nEric's second fact."


def test_e_an_editor_is_offered_no_publishing_action_and_cannot_craft_one(staff, patient):
    from medinfo.models import Status

    draft = article("lorazepam")
    type(draft).objects.filter(pk=draft.pk).update(status=Status.IN_REVIEW, changed_by=None)
    editor = staff("edna", "Editors", "Edna")
    editor.goto(change(draft))
    buttons = editor.locator(".workflow-actions button").all_inner_texts()
    for label in ("Approve and publish", "Send back", "Unpublish"):
        assert label not in buttons
    shot(editor, "e-editor-actions")

    # A crafted post: a publish button added to the form by hand.
    editor.evaluate(
        """() => {
            const button = document.createElement('button');
            button.name = '_action'; button.value = 'publish'; button.id = 'crafted';
            button.textContent = 'crafted';
            document.querySelector('#medicationarticle_form').appendChild(button);
        }"""
    )
    with editor.expect_navigation():
        editor.click("#crafted")
    assert "Only clinical reviewers can approve and publish" in editor.content()
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
    assert patient("/medications/lorazepam/")[0] == 404
