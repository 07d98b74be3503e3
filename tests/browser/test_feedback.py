"""A patient tells us a page did not help; the comment reaches staff without personal details."""

from __future__ import annotations

import pytest

from tests.helpers import PASSWORD

from .helpers import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = (
    "The dose section was confusing.\n"
    "Please call me on (555) 010-4477 or e-mail jo.bloggs@example.org about it."
)


def test_a_patient_answers_no_with_a_comment_and_staff_see_it_without_contact_details(
    open_page, browser, site, settings, django_user_model
):
    from medinfo.models import PageFeedback

    settings.FEEDBACK_MIN_SECONDS = 1
    page, _ = open_page("/medications/diazepam/", PHONE)
    question = page.get_by_role("region", name="Was this page helpful?")
    assert question.is_visible()
    assert page.locator("#feedback-website").is_hidden()  # the honeypot
    assert not page.context.cookies()  # the (cacheable) page set none
    question.get_by_role("button", name="No this page was not helpful").click()

    page.wait_for_url("**/feedback/details/?answer=*")
    assert (
        page.get_by_role("heading", level=1).inner_text().endswith("What was wrong with the page?")
    )
    assert "Do not include personal or medical details" in page.locator(".hint").inner_text()
    page.get_by_label("It was hard to understand").check()
    page.get_by_label("Tell us more (optional)").fill(COMMENT)
    page.wait_for_timeout(1100)  # the form's minimum time, as a person types
    page.get_by_role("button", name="Send").click()

    page.wait_for_url("**/feedback/thanks/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your feedback"
    assert not page.context.cookies()  # no step needed a cookie
    page.get_by_role("link", name="Back to Diazepam (Valium)").click()
    page.wait_for_url("**/medications/diazepam/")

    stored = PageFeedback.objects.get()
    assert stored.helpful is False and stored.reason == "hard_to_understand"
    assert "010-4477" not in stored.comment and "example.org" not in stored.comment
    assert stored.comment == (
        "The dose section was confusing.\nPlease call me on [removed] or e-mail [removed] about it."
    )

    # Staff open the medicine in the admin and see the comment and the share of "yes".
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    staff = browser.new_context(base_url=site, viewport={"width": DESKTOP, "height": 900})
    admin = staff.new_page()
    admin.goto("/admin/login/")
    admin.get_by_label("Username").fill("editor")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    admin.wait_for_url("**/admin/")
    admin.goto(f"/admin/medinfo/medicationarticle/{stored.medication_id}/change/")
    panel = admin.get_by_role("region", name='Patient feedback: "Was this page helpful?"')
    text = panel.inner_text()
    assert "It was hard to understand" in text
    assert "Please call me on [removed] or e-mail [removed] about it." in text
    assert "All answers kept\t1\t0%" in text
    panel.get_by_role("link", name="Mark as handled").click()
    admin.get_by_label("Handled").check()
    admin.get_by_role("button", name="Save", exact=True).click()
    admin.goto(f"/admin/medinfo/medicationarticle/{stored.medication_id}/change/")
    assert "(handled)" in admin.locator(".feedback-panel").inner_text()
    staff.close()
