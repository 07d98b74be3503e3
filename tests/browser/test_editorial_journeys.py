"""Staff journeys through the workflow buttons, in Chromium, as a clinic team makes them.

Typing happens with page.fill / the keyboard, so the browser sends what browsers
send (CRLF line endings) and the rich-text editor re-serialises what it loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import PASSWORD, make_user

from .helpers import DESKTOP

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


def editor_box(page, field: str):
    """The rich-text editor (ProseMirror) of a field."""
    return page.locator(f".prose-editor:has(#id_{field}) [contenteditable=true]")


def type_rich(page, field: str, *keys: str) -> None:
    """Type into a field's editor; "\\n" presses Enter (so "## " and "- " start blocks)."""
    box = editor_box(page, field)
    box.click()
    for chunk in keys:
        for n, line in enumerate(chunk.split("\n")):
            if n:
                page.keyboard.press("Enter")
            if line:
                page.keyboard.type(line)


def choose_condition(page, row: int, search: str) -> None:
    page.locator(f"#id_uses-{row}-indication + .select2").click()
    page.locator(".select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=search).first.click()


def test_a_a_new_controlled_medicine_goes_from_draft_to_patients_through_review(staff, patient):
    editor = staff("edna", "Editors", "Edna")
    reviewer = staff("rita", "Clinical reviewers", "Rita")
    second = staff("sam", "Clinical reviewers", "Sam")

    # The editor writes a controlled medicine with a boxed warning.
    editor.goto("/admin/medinfo/medicationarticle/add/")
    editor.fill("#id_title", "Clonazepam (Klonopin)")
    editor.fill("#id_generic_name", "clonazepam")
    editor.select_option("#id_controlled_schedule", "IV")
    editor.fill("#id_summary", "Clonazepam is a benzodiazepine.\nIt calms the brain and nerves.")
    type_rich(editor, "boxed_warning", "Taking it with opioid medicines can slow breathing.")
    type_rich(
        editor,
        "how_to_take",
        "## Before you start\nRead the leaflet that comes with it.\n- Take it at the same time",
        " each day\nSwallow the tablet with water",
    )
    # A new condition from the "+" next to the first use, and an existing one.
    with editor.expect_popup() as popup_info:
        editor.locator("#add_id_uses-0-indication").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.fill("#id_name", "Panic disorder")
    popup.fill("#id_summary", "Panic disorder causes sudden attacks of strong fear.")
    popup.get_by_role("button", name="Submit for review", exact=True).click()
    popup.wait_for_event("close", timeout=90_000)  # the shared CI machine can be slow
    editor.locator("#uses-group .add-row a").click()
    choose_condition(editor, 1, "Anxiety disorders")
    press(editor, "Save draft")
    assert "Saved" in message(editor), editor.locator(".errorlist").all_inner_texts()

    # The safety gate shows before submitting, next to the fields concerned.
    gate = editor.locator(".field-serious_warnings").inner_text()
    assert "Needed before approval" in gate and "controlled substance" in gate
    assert "Needed before approval" in editor.locator(".field-dependence_and_stopping").inner_text()
    shot(editor, "a-safety-gate-before-submitting")
    type_rich(editor, "serious_warnings", "Do not drink alcohol while taking it.")
    type_rich(editor, "dependence_and_stopping", "Do not stop suddenly: ask how to stop slowly.")
    press(editor, "Submit for review")
    assert "Submitted" in message(editor), editor.locator(".errorlist").all_inner_texts()

    # A reviewer finds it in the inbox, previews it and sends it back with a comment.
    reviewer.goto("/admin/")
    shot(reviewer, "a-inbox-waiting-for-your-approval")
    reviewer.locator("#inbox-waiting").get_by_role("link", name=re.compile("Clonazepam")).click()
    reviewer.wait_for_load_state()
    reviewer.get_by_role("link", name="Preview this page").click()
    reviewer.wait_for_load_state()
    assert "Preview - not published" in reviewer.content()
    assert "Before you start" in reviewer.locator("h2, h3").all_inner_texts().__str__()
    reviewer.go_back()
    reviewer.fill("#id_workflow_comment", "Please say how soon it starts to work.")
    press(reviewer, "Send back")
    assert "Sent back to Edna with your comment" in message(reviewer)

    # The editor sees the comment, fixes the page and submits again.
    editor.goto("/admin/")
    shot(editor, "a-inbox-sent-back-to-you")
    sent_back = editor.locator("#inbox-sent-back")
    assert "Please say how soon it starts to work." in sent_back.inner_text()
    sent_back.get_by_role("link", name=re.compile("Clonazepam")).click()
    editor.wait_for_load_state()
    assert "Please say how soon" in editor.locator(".workflow-sent-back").inner_text()
    shot(editor, "a-sent-back-comment-on-the-form")
    editor.fill(
        "#id_summary",
        "Clonazepam is a benzodiazepine.\nIt calms the brain and nerves.\n"
        "It starts to work within an hour.",
    )
    press(editor, "Submit for review")
    assert "Submitted" in message(editor)

    # Another reviewer approves the new condition and the medicine.
    for name in ("Panic disorder", "Clonazepam"):
        second.goto("/admin/")
        second.locator("#inbox-waiting").get_by_role("link", name=re.compile(name)).click()
        second.wait_for_load_state()
        press(second, "Approve and publish")
        assert "Approved" in message(second), second.locator(".errorlist").all_inner_texts()

    status, html = patient("/medications/clonazepam/")
    assert status == 200
    assert "within an hour" in html and "Panic disorder" in html and "Anxiety disorders" in html
