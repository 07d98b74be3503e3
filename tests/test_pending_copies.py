"""Pending changes to live pages: edited through a copy, approved by someone else, never public."""

import pytest
from reversion.models import Version

from medinfo.models import Indication, MedicationArticle, Status

from .adminforms import article_data, change_url, errors, indication_data
from .factories import make_article, make_indication
from .helpers import login, transitions

pytestmark = pytest.mark.django_db


def test_a_live_pages_content_is_locked_in_its_own_form(reviewer_client, client):
    article = make_article(
        slug="live",
        summary="Approved words.",
        how_it_works="<p>Calms <strong>nerves</strong>.</p>",
        uses=[make_indication()],
    )

    form = reviewer_client.get(change_url(article)).content.decode()
    response = reviewer_client.post(
        change_url(article), article_data(article, action="schedule", summary="Unapproved words.")
    )

    assert 'name="summary"' not in form and 'name="how_it_works"' not in form
    assert "<p>Calms <strong>nerves</strong>.</p>" in form  # shown formatted, not as markup
    assert "Edit as a new draft" in form
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary == "Approved words."
    client.logout()
    assert "Approved words." in client.get("/medications/live/").content.decode()


def test_editing_a_live_page_goes_through_a_copy_and_patients_see_the_approved_version(
    client, editor, reviewer
):
    anxiety, seizures = make_indication(name="Anxiety"), make_indication(name="Seizures")
    live = make_article(slug="live", summary="Approved words.", uses=[anxiety])
    login(client, editor)

    opened = client.post(f"{change_url(live)[:-7]}edit-draft/")
    copy = MedicationArticle.objects.get(draft_of=live)
    assert opened["Location"] == change_url(copy)
    assert client.post(f"{change_url(live)[:-7]}edit-draft/")["Location"] == change_url(copy)
    assert copy.summary == "Approved words." and copy.status == Status.DRAFT
    assert list(copy.uses.values_list("indication__name", flat=True)) == ["Anxiety"]

    data = article_data(copy, summary="Clearer new words.", action="submit")
    data.update(
        {
            "uses-1-indication": str(seizures.pk),
            "uses-1-kind": "labelled",
            "uses-1-note": "Stops long seizures.",
            "uses-1-order": "2",
            "uses-TOTAL_FORMS": "2",
        }
    )
    response = client.post(change_url(copy), data)
    assert response.status_code == 302, errors(response)

    # Until approval, patients see the approved version; staff can preview the changes.
    preview = client.get("/medications/live/", {"preview": "draft"})
    assert "Clearer new words." in preview.content.decode()
    assert "Preview - not published" in preview.content.decode()
    assert "patients see the approved page" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    refused = client.post(change_url(copy), article_data(copy, action="publish"))
    assert refused.status_code == 200
    client.logout()
    public = client.get("/medications/live/").content.decode()
    anonymous_preview = client.get("/medications/live/", {"preview": "draft"}).content.decode()
    for html in (public, anonymous_preview):
        assert "Approved words." in html and "Clearer new words." not in html
        assert "Preview - not published" not in html

    copy.refresh_from_db()
    login(client, reviewer)
    approved = client.post(
        change_url(copy), article_data(copy, action="publish", workflow_comment="Clearer.")
    )

    assert approved.status_code == 302, errors(approved)
    assert approved["Location"] == change_url(live)
    assert not MedicationArticle.objects.filter(pk=copy.pk).exists()
    live.refresh_from_db()
    assert live.summary == "Clearer new words."
    assert live.status == Status.PUBLISHED
    assert live.changed_by == editor and live.approved_by == reviewer
    assert sorted(live.uses.values_list("indication__name", flat=True)) == [
        "Anxiety",
        "Seizures",
    ]
    assert ("in_review", "published", "rita", "Clearer.") in transitions(live)
    assert Version.objects.get_for_object(live).first().field_dict["summary"] == (
        "Clearer new words."
    )
    client.logout()
    assert "Clearer new words." in client.get("/medications/live/").content.decode()


def test_the_author_of_pending_changes_cannot_approve_them(reviewer_client, reviewer):
    live = make_article(slug="live", uses=[make_indication()])
    reviewer_client.post(f"{change_url(live)[:-7]}edit-draft/")
    copy = MedicationArticle.objects.get(draft_of=live)
    reviewer_client.post(change_url(copy), article_data(copy, summary="Mine.", action="submit"))
    copy.refresh_from_db()

    response = reviewer_client.post(change_url(copy), article_data(copy, action="publish"))

    assert "four-eyes rule" in response.content.decode()
    live.refresh_from_db()
    assert live.summary != "Mine."


def test_pending_changes_may_not_take_another_pages_address(editor_client):
    make_article(slug="taken")
    live = make_article(slug="live", uses=[make_indication()])
    editor_client.post(f"{change_url(live)[:-7]}edit-draft/")
    copy = MedicationArticle.objects.get(draft_of=live)

    response = editor_client.post(change_url(copy), article_data(copy, slug="taken"))

    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_a_live_condition_is_edited_through_a_copy_too(client, editor, reviewer):
    live = make_indication(slug="gout", name="Gout", summary="Old summary.")
    login(client, editor)
    client.post(f"{change_url(live)[:-7]}edit-draft/")
    copy = Indication.objects.get(draft_of=live)
    response = client.post(
        change_url(copy),
        indication_data(copy, body="<p>New body.</p>", action="submit"),
    )
    assert response.status_code == 302, errors(response)
    copy.refresh_from_db()
    client.logout()
    assert "New body." not in client.get("/conditions/gout/").content.decode()

    login(client, reviewer)
    response = client.post(change_url(copy), indication_data(copy, action="publish"))

    assert response.status_code == 302, errors(response)
    live.refresh_from_db()
    assert live.body == "<p>New body.</p>"
    assert not Indication.objects.filter(draft_of=live).exists()


def test_pending_copies_of_conditions_are_not_offered_as_uses(staff_client):
    live = make_indication(name="Gout", slug="gout")
    staff_client.post(f"{change_url(live)[:-7]}edit-draft/")
    assert Indication.objects.filter(name="Gout").count() == 2

    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "term": "gout",
            "app_label": "medinfo",
            "model_name": "medicationuse",
            "field_name": "indication",
        },
    )

    assert [item["id"] for item in response.json()["results"]] == [str(live.pk)]


def test_an_editor_discards_pending_changes_by_deleting_the_copy_not_the_page(editor_client):
    live = make_article(slug="live", uses=[make_indication()])
    editor_client.post(f"{change_url(live)[:-7]}edit-draft/")
    copy = MedicationArticle.objects.get(draft_of=live)

    archived = editor_client.post(change_url(copy), article_data(copy, action="archive"))
    page_delete = editor_client.post(f"{change_url(live)[:-7]}delete/", {"post": "yes"})
    copy_delete = editor_client.post(f"{change_url(copy)[:-7]}delete/", {"post": "yes"})

    assert "cannot be archived" in archived.content.decode()
    assert page_delete.status_code == 403
    assert copy_delete.status_code == 302
    assert not MedicationArticle.objects.filter(pk=copy.pk).exists()
    assert MedicationArticle.objects.published().filter(pk=live.pk).exists()


def test_the_list_shows_pages_with_pending_changes(editor_client):
    live = make_article(title="Livezepam", uses=[make_indication()])
    editor_client.post(f"{change_url(live)[:-7]}edit-draft/")
    html = editor_client.get("/admin/medinfo/medicationarticle/").content.decode()
    copy = MedicationArticle.objects.get(draft_of=live)
    # One row for the page, its pending change reached from it: no identical twin row.
    assert html.count(f'href="{change_url(live)}') == 1
    assert f'href="{change_url(copy)}">Draft</a>' in html
    assert "Changes to the live page" not in html


def test_a_pending_copy_is_never_public_whatever_its_status():
    live = make_article(slug="live", summary="Approved.")
    copy = make_article(slug="live", draft_of=live, summary="Pending.")  # status published
    assert copy.status == Status.PUBLISHED
    assert list(MedicationArticle.objects.published()) == [live]
    assert not copy.is_published
