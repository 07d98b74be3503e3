"""A condition created from the medicine form's "+" is not lost: it comes back to the form,
appears in the queues, and goes for review with the medicine."""

import json

import pytest

from medinfo.models import Indication, Status

from .adminforms import change_url, errors, form_from_response
from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db

POPUP_ADD = "/admin/medinfo/indication/add/?_to_field=id&_popup=1"


def add_in_popup(client, name: str):
    form = client.get(POPUP_ADD)
    data = form_from_response(form, "save", name=name, slug=name.lower().replace(" ", "-"))
    data["_popup"] = "1"
    data["summary"] = f"{name} in plain words."
    return client.post(POPUP_ADD, data)


def test_a_condition_added_in_the_popup_is_handed_back_to_the_medicine_form(editor_client):
    response = add_in_popup(editor_client, "Panic disorder")

    assert response.status_code == 200, errors(response)
    assert response.templates[0].name == "admin/popup_response.html"
    condition = Indication.objects.get(name="Panic disorder")
    handed_back = json.loads(response.context["popup_response_data"])
    assert handed_back["value"] == str(condition.pk) and handed_back["obj"] == "Panic disorder"
    assert condition.status == Status.DRAFT and condition.changed_by == editor_client.user


def test_a_draft_condition_from_the_popup_is_in_the_editors_drafts(editor_client):
    add_in_popup(editor_client, "Panic disorder")
    html = editor_client.get("/admin/").content.decode()
    drafts = html.split('id="inbox-drafts"', 1)[1].split("</table>", 1)[0]
    assert "Panic disorder" in drafts


def test_submitting_the_medicine_submits_its_draft_conditions_too(editor_client, client, reviewer):
    add_in_popup(editor_client, "Panic disorder")
    panic = Indication.objects.get(name="Panic disorder")
    other = make_indication(name="Someone else's draft", status=Status.DRAFT)
    article = make_article(status=Status.DRAFT, uses=[panic, other, make_indication()])

    response = editor_client.post(
        change_url(article), form_from_response(editor_client.get(change_url(article)), "submit")
    )

    assert response.status_code == 302, errors(response)
    panic.refresh_from_db()
    other.refresh_from_db()
    assert panic.status == Status.IN_REVIEW  # the editor's own draft goes with the medicine
    assert other.status == Status.DRAFT  # nobody submits another person's draft for them
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Panic disorder" in m and "submitted" in m.lower() for m in messages), messages
    # The reviewer finds both waiting for approval.
    client.force_login(reviewer)
    waiting = client.get("/admin/").content.decode().split('id="inbox-waiting"', 1)[1]
    waiting = waiting.split("</table>", 1)[0]
    assert "Panic disorder" in waiting and article.title in waiting
