"""Journey (f): a drug-class edit by an editor does not reach patients until a reviewer approves it.

As staff do it in Chromium: the editor edits the live Benzodiazepines class as a
new draft and submits it; patients keep the approved name and description, on
the class page and on every medicine page of the family; another person, a
clinical reviewer, finds it in the inbox and approves it; then patients see it.
"""

from __future__ import annotations

import pytest

from tests.helpers import PASSWORD, make_user

NEW_NAME = "Benzodiazepines (calming medicines)"
NEW_WORDS = "Calming medicines that can cause dependence if taken for many weeks."


@pytest.fixture
def staff(browser, site, django_user_model):
    """staff(username) -> a page signed in as that person, in a browser context of its own."""
    make_user(django_user_model, "edna", "Editors", last_name="Editor")
    make_user(django_user_model, "rex", "Clinical reviewers", last_name="Reviewer")
    contexts = []

    def sign_in(username: str):
        context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto("/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def patient_sees(open_page) -> tuple[str, str]:
    """(the class page's text, the diazepam page's 'type of medicine') as a patient reads them."""
    page, response = open_page("/drug-classes/benzodiazepines/")
    assert response.status == 200
    class_text = page.locator("main").inner_text()
    page.goto("/medications/diazepam/")
    medicine_type = page.locator("dt:has-text('Type of medicine') + dd").inner_text()
    page.context.close()
    return class_text, medicine_type


def test_a_drug_class_edit_reaches_patients_only_once_a_reviewer_approves_it(staff, open_page):
    old_text, old_type = patient_sees(open_page)
    assert old_type == "Benzodiazepines"

    # The editor edits the live class: a copy, edited and submitted.
    editor = staff("edna")
    editor.goto("/admin/medinfo/drugclass/")
    editor.get_by_role("link", name="Benzodiazepines", exact=True).click()
    assert editor.locator("#id_description").count() == 0  # a live page is locked
    editor.get_by_role("button", name="Edit as a new draft").click()
    editor.fill("#id_name", NEW_NAME)
    editor.fill("#id_description", NEW_WORDS)
    actions = editor.locator(".workflow-actions button")
    assert "Approve and publish" not in actions.all_inner_texts()
    editor.get_by_role("button", name="Submit for review").click()
    assert editor.locator("p.errornote, .errorlist").count() == 0
    assert "submitted" in editor.locator(".messagelist").inner_text().lower()

    # Patients still see the approved class, on its page and on the medicine page.
    text, medicine_type = patient_sees(open_page)
    assert NEW_WORDS not in text and NEW_NAME not in text
    assert medicine_type == "Benzodiazepines"

    # Another person, a clinical reviewer, approves it from the inbox.
    reviewer = staff("rex")
    waiting = reviewer.locator("#inbox-waiting")
    waiting.get_by_role("link", name=NEW_NAME).click()
    reviewer.get_by_role("button", name="Approve and publish").click()
    assert reviewer.locator("p.errornote, .errorlist").count() == 0

    text, medicine_type = patient_sees(open_page)
    assert NEW_WORDS in text and NEW_NAME in text
    assert medicine_type == NEW_NAME
