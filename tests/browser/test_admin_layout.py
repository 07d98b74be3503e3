"""Staff change forms fit the window: no sideways scrolling at 1,280 px, usable at 390 px."""

from __future__ import annotations

import pytest

from tests.helpers import PASSWORD, make_user

from .helpers import DESKTOP

PHONE_STAFF = 390


@pytest.fixture
def staff_page(browser, site, django_user_model):
    """staff_page(path, width) -> a page signed in as an editor, at `path`, `width` wide."""
    make_user(django_user_model, "layout-editor", "Editors")
    contexts = []

    def open_(path: str, width: int):
        context = browser.new_context(base_url=site, viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.script_errors = []  # the admin's own JavaScript must keep working
        page.on("pageerror", lambda error: page.script_errors.append(str(error)))
        page.goto("/admin/login/")
        page.fill("#id_username", "layout-editor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        page.goto(path)
        page.wait_for_load_state("networkidle")  # the editors and select2 have laid out
        return page

    yield open_
    for context in contexts:
        context.close()


def diazepam_copy_path() -> str:
    """The pending copy of the demo diazepam page: every field and its six uses editable."""
    from medinfo.editorial.copies import start_pending_copy
    from medinfo.models import MedicationArticle

    editor = django_user(username="layout-editor")
    copy = start_pending_copy(MedicationArticle.objects.live().get(slug="diazepam"), editor)
    return f"/admin/medinfo/medicationarticle/{copy.pk}/change/"


def django_user(**lookup):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(**lookup)


FORMS = {
    "medicine pending copy": diazepam_copy_path,
    "new medicine": lambda: "/admin/medinfo/medicationarticle/add/",
    "condition": lambda: "/admin/medinfo/indication/add/",
    "drug class": lambda: "/admin/medinfo/drugclass/add/",
}


def sideways_overflow(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [DESKTOP, PHONE_STAFF])
@pytest.mark.parametrize("name", list(FORMS))
def test_the_change_form_fits_the_window_without_sideways_scrolling(staff_page, name, width):
    page = staff_page(FORMS[name](), width)

    assert page.locator("#content-main form").count() == 1
    assert sideways_overflow(page) <= 0, f"{name} at {width} px scrolls sideways"
    assert page.script_errors == []


@pytest.mark.parametrize("width", [DESKTOP, PHONE_STAFF])
def test_every_use_can_be_edited_without_leaving_the_window(staff_page, width):
    page = staff_page(diazepam_copy_path(), width)

    fields = page.locator(
        "#uses-group tr.form-row:not(.empty-form) :is(select, textarea, input:not([type=hidden]))"
    )
    assert fields.count() >= 6 * 3  # condition, labelling, note, order per use
    right_edges = fields.evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().right)"
    )
    assert right_edges and max(right_edges) <= width
    # Typing into the last use's note works where a staff member sees it.
    note = page.locator("#id_uses-5-note")
    note.fill("Typed on a narrow screen.")
    assert note.input_value() == "Typed on a narrow screen."
    box = note.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
