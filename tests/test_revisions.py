"""Revisions: every admin save is kept with its uses; compare, restore and recover."""

import pytest
from django.utils import timezone
from reversion.models import Version

from medinfo.models import EventKind, MedicationArticle, MedicationUse, Status, WorkflowEvent

from .adminforms import article_data, change_url, errors, form_from_response
from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/medinfo/medicationarticle/"


def versions(article):
    return list(Version.objects.get_for_object(article).order_by("pk"))


@pytest.fixture
def edited_twice(staff_client):
    """An article saved twice in the admin: v1 with two uses, v2 with new words and one use."""
    anxiety = make_indication(name="Anxiety")
    seizures = make_indication(name="Seizures")
    article = make_article(
        status=Status.DRAFT,
        summary="First summary.",
        how_it_works="<p>Calms the brain.</p>",
        uses=[anxiety, seizures],
    )
    first = staff_client.post(change_url(article), article_data(article, summary="Version one."))
    assert first.status_code == 302, errors(first)
    article.refresh_from_db()
    data = article_data(article, summary="Version two.", how_it_works="<p>Slows signals.</p>")
    data["uses-1-DELETE"] = "on"
    second = staff_client.post(change_url(article), data)
    assert second.status_code == 302, errors(second)
    article.refresh_from_db()
    assert article.uses.count() == 1
    return article


def test_every_admin_save_stores_a_revision_with_its_uses(edited_twice):
    v1, v2 = versions(edited_twice)
    assert v1.field_dict["summary"] == "Version one."
    assert v2.field_dict["summary"] == "Version two."
    assert v1.revision.version_set.filter(content_type__model="medicationuse").count() == 2
    assert v2.revision.version_set.filter(content_type__model="medicationuse").count() == 1


def test_history_lists_revisions_and_compares_two_side_by_side(staff_client, edited_twice):
    v1, v2 = versions(edited_twice)
    history = staff_client.get(f"{change_url(edited_twice)[:-7]}history/").content.decode()
    assert f'value="{v1.pk}"' in history and f'value="{v2.pk}"' in history
    assert "Compare the two revisions" in history

    response = staff_client.get(
        f"{change_url(edited_twice)[:-7]}history/compare/", {"a": v2.pk, "b": v1.pk}
    )

    html = response.content.decode()
    assert response.status_code == 200
    # Changed words are marked; older on the left, newer on the right.
    assert "<td>Version <del>one.</del></td><td>Version <ins>two.</ins></td>" in html
    assert "<del>Calms the brain.</del>" in html and "<ins>Slows signals.</ins>" in html
    assert "<del>Seizures (FDA-labelled):</del>" in html  # the removed use
    assert "&lt;p&gt;" not in html and "<p>Calms" not in html  # words, not markup


@pytest.mark.parametrize("params", [{}, {"a": "x", "b": "1"}, {"a": "999999", "b": "999998"}])
def test_comparing_without_two_valid_revisions_explains_instead_of_failing(
    staff_client, edited_twice, params
):
    response = staff_client.get(
        f"{change_url(edited_twice)[:-7]}history/compare/", params, follow=True
    )
    assert response.status_code == 200
    assert "Choose two" in response.content.decode()


def test_restoring_an_old_revision_brings_back_its_words_and_uses_as_a_draft(
    staff_client, edited_twice
):
    v1, _ = versions(edited_twice)
    url = f"{change_url(edited_twice)[:-7]}history/{v1.pk}/"
    shown = staff_client.get(url)
    assert shown.status_code == 200
    assert (
        MedicationArticle.objects.get(pk=edited_twice.pk).summary == "Version two."
    )  # GET only looks

    response = staff_client.post(url, form_from_response(shown))

    assert response.status_code == 302, errors(response)
    edited_twice.refresh_from_db()
    assert edited_twice.summary == "Version one."
    assert edited_twice.how_it_works == "<p>Calms the brain.</p>"
    assert sorted(edited_twice.uses.values_list("indication__name", flat=True)) == [
        "Anxiety",
        "Seizures",
    ]
    assert edited_twice.status == Status.DRAFT
    assert edited_twice.changed_by == staff_client.user
    assert WorkflowEvent.objects.filter(object_id=edited_twice.pk, kind=EventKind.RESTORED).exists()


def test_restoring_a_revision_of_a_live_page_makes_pending_changes_not_a_live_edit(
    editor_client,
):
    old_use, new_use = make_indication(name="Anxiety"), make_indication(name="Seizures")
    article = make_article(status=Status.DRAFT, slug="live", uses=[old_use])
    editor_client.post(change_url(article), article_data(article, summary="Old words."))
    old_version = versions(article)[-1]
    article.refresh_from_db()
    data = article_data(article, summary="Current words.")
    data["uses-0-indication"] = str(new_use.pk)
    editor_client.post(change_url(article), data)
    MedicationArticle.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    url = f"{change_url(article)[:-7]}history/{old_version.pk}/"

    shown = editor_client.get(url)
    assert "Restoring puts this revision into a copy" in shown.content.decode()
    response = editor_client.post(url, form_from_response(shown))

    copy = MedicationArticle.objects.get(draft_of=article)
    assert response.status_code == 302
    assert response["Location"] == change_url(copy)
    assert copy.summary == "Old words."
    assert list(copy.uses.values_list("indication__name", flat=True)) == ["Anxiety"]
    assert copy.status == Status.DRAFT
    assert copy.changed_by == editor_client.user
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.summary == "Current words."
    editor_client.logout()
    assert "Current words." in editor_client.get("/medications/live/").content.decode()


def test_a_deleted_article_can_be_recovered_with_its_uses(staff_client):
    article = make_article(status=Status.DRAFT, slug="gone", uses=[make_indication(name="Gout")])
    staff_client.post(change_url(article), article_data(article, summary="Kept in history."))
    pk = article.pk
    response = staff_client.post(f"/admin/medinfo/medicationarticle/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not MedicationArticle.objects.filter(pk=pk).exists()
    assert WorkflowEvent.objects.filter(object_id=pk, kind=EventKind.DELETED).exists()

    listing = staff_client.get(f"{LIST_URL}recover/").content.decode()
    version = Version.objects.get_deleted(MedicationArticle).get(object_id=str(pk))
    assert "gone" in listing.lower() or "Testamine" in listing
    shown = staff_client.get(f"{LIST_URL}recover/{version.pk}/")
    response = staff_client.post(f"{LIST_URL}recover/{version.pk}/", form_from_response(shown))

    assert response.status_code == 302, errors(response)
    recovered = MedicationArticle.objects.get(pk=pk)
    assert recovered.summary == "Kept in history."
    assert recovered.status == Status.DRAFT
    assert list(
        MedicationUse.objects.filter(medication=recovered).values_list(
            "indication__name", flat=True
        )
    ) == ["Gout"]


def _live_with_history(editor_client, reviewer_client, second_reviewer_client):
    """A live page approved twice: 'Old words.' then 'New words.' (each by an editor)."""
    article = make_article(status=Status.DRAFT, slug="live", uses=[make_indication()])
    response = editor_client.post(
        change_url(article), article_data(article, action="submit", summary="Old words.")
    )
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    response = reviewer_client.post(change_url(article), article_data(article, action="publish"))
    assert response.status_code == 302, errors(response)
    editor_client.post(f"{change_url(article)[:-7]}edit-draft/")
    copy = MedicationArticle.objects.get(draft_of=article)
    response = editor_client.post(
        change_url(copy), article_data(copy, action="submit", summary="New words.")
    )
    assert response.status_code == 302, errors(response)
    copy.refresh_from_db()
    response = second_reviewer_client.post(change_url(copy), article_data(copy, action="publish"))
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.summary == "New words."
    return article


@pytest.fixture
def three_clients(editor, reviewer, second_reviewer):
    from django.test import Client

    from .helpers import login

    return login(Client(), editor), login(Client(), reviewer), login(Client(), second_reviewer)


def test_a_pending_copy_keeps_its_own_revisions_and_the_live_revision_credits_its_author(
    three_clients, editor
):
    editor_client, reviewer_client, _ = three_clients
    article = make_article(status=Status.PUBLISHED, slug="live", uses=[make_indication()])
    editor_client.post(f"{change_url(article)[:-7]}edit-draft/")
    copy = MedicationArticle.objects.get(draft_of=article)
    editor_client.post(change_url(copy), article_data(copy, summary="Edited once."))
    copy.refresh_from_db()
    editor_client.post(change_url(copy), article_data(copy, action="submit"))

    history = editor_client.get(f"{change_url(copy)[:-7]}history/").content.decode()
    assert "No revisions have been saved" not in history
    assert len(versions(copy)) == 2

    copy.refresh_from_db()
    response = reviewer_client.post(change_url(copy), article_data(copy, action="publish"))
    assert response.status_code == 302, errors(response)
    latest = versions(article)[-1]
    assert latest.revision.user == editor  # credited to the author, not the approver
    assert "approved by Rita Reviewer" in latest.revision.get_comment()
    # The copy's own revisions went with it: nothing to "recover".
    assert not Version.objects.get_deleted(MedicationArticle).exists()


def test_compare_with_live_shows_word_changes_and_uses_from_the_approval_screen(three_clients):
    editor_client, reviewer_client, _ = three_clients
    anxiety, panic = make_indication(name="Anxiety"), make_indication(name="Panic")
    article = make_article(slug="live", summary="Take one tablet daily.", uses=[anxiety])
    editor_client.post(f"{change_url(article)[:-7]}edit-draft/")
    copy = MedicationArticle.objects.get(draft_of=article)
    data = article_data(copy, action="submit", summary="Take two tablets daily.")
    data.update(
        {
            "uses-1-indication": str(panic.pk),
            "uses-1-kind": "labelled",
            "uses-1-note": "",
            "uses-1-order": "1",
            "uses-TOTAL_FORMS": "2",
        }
    )
    assert editor_client.post(change_url(copy), data).status_code == 302

    form = reviewer_client.get(change_url(copy)).content.decode()
    compare_url = f"{change_url(copy)[:-7]}compare-live/"
    assert f'href="{compare_url}"' in form and "Compare with live" in form
    html = reviewer_client.get(compare_url).content.decode()
    assert "<del>one tablet</del>" in html and "<ins>two tablets</ins>" in html
    assert "Panic (FDA-labelled)" in html
    assert "Live page (patients see this)" in html


def test_restore_works_end_to_end_and_is_recorded_as_a_restore(three_clients, reviewer):
    editor_client, reviewer_client, second_reviewer_client = three_clients
    article = _live_with_history(editor_client, reviewer_client, second_reviewer_client)
    old = next(v for v in versions(article) if v.field_dict["summary"] == "Old words.")

    url = f"{change_url(article)[:-7]}history/{old.pk}/"
    shown = reviewer_client.get(url)
    assert "Restore this revision" in shown.content.decode()
    response = reviewer_client.post(url, {"_action": "restore"})
    copy = MedicationArticle.objects.get(draft_of=article)
    assert response["Location"] == change_url(copy)
    assert copy.summary == "Old words." and copy.changed_by == reviewer
    kinds = list(
        WorkflowEvent.objects.filter(object_id=article.pk)
        .order_by("-at", "-pk")
        .values_list("kind", "comment")[:1]
    )
    assert kinds[0][0] == EventKind.RESTORED and kinds[0][1].startswith("Restored revision of ")

    # The restorer submits; they cannot approve their own restore; another reviewer can.
    response = reviewer_client.post(change_url(copy), article_data(copy, action="submit"))
    assert response.status_code == 302, errors(response)
    copy.refresh_from_db()
    refused = reviewer_client.post(change_url(copy), article_data(copy, action="publish"))
    assert refused.status_code == 200 and "four-eyes" in refused.content.decode()
    approved = second_reviewer_client.post(change_url(copy), article_data(copy, action="publish"))
    assert approved.status_code == 302, errors(approved)
    article.refresh_from_db()
    assert article.summary == "Old words." and article.changed_by == reviewer
