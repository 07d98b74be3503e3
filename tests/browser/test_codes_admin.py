"""Staff type a condition's codes in the admin, in Chromium: a taken code is refused by name."""

from __future__ import annotations

import re

from tests.helpers import PASSWORD


def test_staff_add_codes_to_a_condition_and_a_taken_code_is_explained(
    open_page, site, django_user_model
):
    from medinfo.models import ContentCode, Indication

    django_user_model.objects.create_superuser("lead", "lead@example.org", PASSWORD)
    page, _ = open_page("/admin/login/?next=/admin/medinfo/indication/add/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Name").fill("Migraine")
    page.get_by_label("Summary").fill("Migraine is a headache that keeps coming back.")
    codes = page.get_by_label("ICD-10-CM codes")
    codes.fill("g43, F41")  # F41 belongs to the demo's anxiety page
    page.get_by_role("button", name="Save draft", exact=True).click()

    error = page.locator(".errorlist").filter(has_text="F41")
    assert "F41 is already on “Anxiety disorders”" in error.inner_text()
    assert codes.input_value() == "g43, F41"  # what was typed is kept to correct

    codes.fill("G43")
    page.get_by_role("button", name="Save draft", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/medinfo/indication/\d+/change/$"))

    migraine = Indication.objects.get(name="Migraine")
    assert migraine.icd10cm_codes == "G43"
    assert list(ContentCode.objects.filter(indication=migraine).values_list("code", flat=True)) == [
        "G43"
    ]
