"""The editorial workflow through the admin, as each role: editor, reviewer, superuser."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from medinfo.models import (
    REVIEW_INTERVAL,
    MedicationArticle,
    Status,
)

from .adminforms import article_data, change_url, errors, indication_data
from .factories import make_article, make_indication
from .helpers import login, transitions

pytestmark = pytest.mark.django_db


def in_review(author, **overrides):
    values = {"status": Status.IN_REVIEW, "changed_by": author}
    values.update(overrides)
    return make_article(uses=[make_indication()], **values)


def test_groups_are_created_with_the_right_permissions():
    editors = Group.objects.get(name="Editors")
    reviewers = Group.objects.get(name="Clinical reviewers")
    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    reviewer_perms = set(reviewers.permissions.values_list("codename", flat=True))

    assert {"add_medicationarticle", "change_medicationarticle", "change_indication"} <= (
        editor_perms
    )
    assert "publish_medicationarticle" not in editor_perms
    assert "publish_indication" not in editor_perms
    assert "delete_medicationarticle" not in editor_perms
    assert {"publish_medicationarticle", "publish_indication"} <= reviewer_perms
    assert editor_perms <= reviewer_perms


def test_an_editor_creates_a_draft_and_submits_it_for_review(editor_client, editor):
    article = make_article(status=Status.DRAFT, uses=[make_indication()])

    response = editor_client.post(
        change_url(article),
        article_data(article, action="submit", workflow_comment="Ready for a check."),
    )

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert transitions(article) == [("draft", "in_review", "eddie", "Ready for a check.")]


def test_an_editor_posting_a_publish_is_refused_with_a_clear_message(editor_client, reviewer):
    article = in_review(reviewer)

    response = editor_client.post(change_url(article), article_data(article, action="publish"))

    assert response.status_code == 200
    assert "Only clinical reviewers can approve and publish" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert transitions(article) == []


def test_an_editor_cannot_unpublish_or_archive_a_live_page(editor_client):
    article = make_article(uses=[make_indication()])
    for action in ("unpublish", "archive"):
        response = editor_client.post(change_url(article), article_data(article, action=action))
        assert response.status_code == 200
        assert "Only clinical reviewers can" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_a_reviewer_approves_someone_elses_change_and_it_is_recorded(reviewer_client, editor):
    article = in_review(editor)

    response = reviewer_client.post(
        change_url(article), article_data(article, action="publish", workflow_comment="OK.")
    )

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.is_published
    assert article.approved_by.username == "rita"
    assert article.reviewed_by.username == "rita"
    assert article.last_reviewed == timezone.localdate()
    assert article.next_review_due == timezone.localdate() + REVIEW_INTERVAL
    assert article.changed_by == editor  # approving is not authoring
    assert transitions(article) == [("in_review", "published", "rita", "OK.")]


def test_the_author_of_a_change_cannot_approve_it_even_as_reviewer(reviewer_client, reviewer):
    article = in_review(reviewer)

    response = reviewer_client.post(change_url(article), article_data(article, action="publish"))

    assert response.status_code == 200
    assert "four-eyes rule" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_a_superuser_cannot_approve_their_own_change(staff_client):
    article = in_review(staff_client.user)

    response = staff_client.post(change_url(article), article_data(article, action="publish"))

    assert response.status_code == 200
    assert "four-eyes rule" in response.content.decode()
    assert MedicationArticle.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_a_reviewer_cannot_edit_and_approve_in_the_same_save(reviewer_client, editor):
    article = in_review(editor)

    response = reviewer_client.post(
        change_url(article),
        article_data(article, action="publish", summary="Quietly changed by the approver."),
    )

    assert response.status_code == 200
    assert "four-eyes rule" in response.content.decode()
    article.refresh_from_db()
    assert article.summary != "Quietly changed by the approver."
    assert article.status == Status.IN_REVIEW


def test_a_reviewer_cannot_change_uses_and_approve_in_the_same_save(reviewer_client, editor):
    article = in_review(editor)
    data = article_data(article, action="publish")
    data["uses-0-note"] = "Changed while approving."

    response = reviewer_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "four-eyes rule" in response.content.decode()
    assert article.uses.get().note != "Changed while approving."


def test_an_editor_becomes_the_author_and_another_reviewer_must_approve(
    client, reviewer, second_reviewer
):
    article = make_article(status=Status.DRAFT, uses=[make_indication()])
    login(client, reviewer)
    client.post(change_url(article), article_data(article, summary="New words.", action="submit"))
    article.refresh_from_db()
    assert article.changed_by == reviewer

    refused = client.post(change_url(article), article_data(article, action="publish"))
    login(client, second_reviewer)
    accepted = client.post(change_url(article), article_data(article, action="publish"))

    assert refused.status_code == 200
    assert accepted.status_code == 302, errors(accepted)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.approved_by == second_reviewer


def test_nobody_publishes_a_draft_without_review_not_even_a_superuser(staff_client):
    article = make_article(status=Status.DRAFT, uses=[make_indication()])

    response = staff_client.post(change_url(article), article_data(article, action="publish"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "is not possible on a page that is draft" in html
    assert "Submit it for review" in html


def test_sending_back_needs_a_comment_which_is_recorded(reviewer_client, editor):
    article = in_review(editor)

    silent = reviewer_client.post(change_url(article), article_data(article, action="send_back"))
    assert silent.status_code == 200
    assert "Say what needs changing" in silent.content.decode()

    response = reviewer_client.post(
        change_url(article),
        article_data(article, action="send_back", workflow_comment="Simplify the dosing section."),
    )
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert transitions(article) == [("in_review", "draft", "rita", "Simplify the dosing section.")]


def test_an_author_may_withdraw_their_own_page_from_review(editor_client, editor):
    article = in_review(editor)
    response = editor_client.post(change_url(article), article_data(article, action="save"))
    assert response.status_code == 302, errors(response)


def test_a_reviewer_archives_a_live_page_and_it_disappears(reviewer_client, client):
    article = make_article(slug="old-news", uses=[make_indication()])

    response = reviewer_client.post(change_url(article), article_data(article, action="archive"))

    assert response.status_code == 302, errors(response)
    client.logout()
    assert client.get("/medications/old-news/").status_code == 404


def test_conditions_follow_the_same_workflow(editor_client, reviewer, second_reviewer, client):
    condition = make_indication(status=Status.DRAFT, slug="gout", name="Gout")
    response = editor_client.post(
        change_url(condition), indication_data(condition, action="publish")
    )
    assert response.status_code == 200

    response = editor_client.post(
        change_url(condition), indication_data(condition, action="submit")
    )
    assert response.status_code == 302, errors(response)
    condition.refresh_from_db()
    login(client, second_reviewer)
    response = client.post(change_url(condition), indication_data(condition, action="publish"))
    assert response.status_code == 302, errors(response)
    condition.refresh_from_db()
    assert condition.status == Status.PUBLISHED
    assert condition.approved_by == second_reviewer


@pytest.mark.parametrize(
    ("changes", "section"),
    [
        ({"controlled_schedule": "IV", "dependence_and_stopping": ""}, "Dependence and stopping"),
        ({"boxed_warning": "<p>Risky.</p>", "serious_warnings": ""}, "Serious warnings"),
    ],
)
def test_safety_gate_blocks_approval_and_says_why(reviewer_client, editor, changes, section):
    values = {"serious_warnings": "<p>Take care.</p>", "dependence_and_stopping": "<p>Taper.</p>"}
    values.update(changes)
    article = in_review(editor, **values)

    page = reviewer_client.get(change_url(article)).content.decode()
    response = reviewer_client.post(change_url(article), article_data(article, action="publish"))

    assert "Cannot be approved yet" in page and section in page
    assert response.status_code == 200
    assert "cannot be approved until" in response.content.decode()
    assert section in response.content.decode()
    assert MedicationArticle.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_safety_gate_lets_a_complete_controlled_medicine_through(reviewer_client, editor):
    article = in_review(
        editor,
        controlled_schedule="IV",
        serious_warnings="<p>Breathing problems with opioids.</p>",
        dependence_and_stopping="<p>Taper slowly.</p>",
    )
    response = reviewer_client.post(change_url(article), article_data(article, action="publish"))
    assert response.status_code == 302, errors(response)


def test_a_published_article_with_go_live_in_the_future_is_not_shown_yet(client):
    later = timezone.now() + datetime.timedelta(hours=2)
    make_article(slug="soon", go_live_at=later, uses=[make_indication()])
    make_article(
        slug="gone",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
        uses=[make_indication()],
    )

    assert client.get("/medications/soon/").status_code == 404
    assert client.get("/medications/gone/").status_code == 404
    assert not MedicationArticle.objects.published().filter(slug__in=["soon", "gone"]).exists()


def test_scheduling_is_decided_at_request_time(client):
    start = timezone.now() + datetime.timedelta(hours=1)
    article = make_article(
        slug="timed",
        go_live_at=start,
        expires_at=start + datetime.timedelta(days=1),
        uses=[make_indication()],
    )
    assert not article.is_published
    MedicationArticle.objects.filter(pk=article.pk).update(
        go_live_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get("/medications/timed/").status_code == 200


def test_expiry_before_go_live_is_refused(reviewer_client, editor):
    article = in_review(editor)
    data = article_data(article)
    data.update(
        {
            "go_live_at_0": "2030-01-02",
            "go_live_at_1": "09:00:00",
            "expires_at_0": "2030-01-01",
            "expires_at_1": "09:00:00",
        }
    )
    response = reviewer_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "The expiry must be after the go-live time." in response.content.decode()


def test_a_change_form_without_its_loaded_version_is_refused(editor_client):
    article = make_article(status=Status.DRAFT, uses=[make_indication()])
    data = article_data(article, summary="Changed.")
    del data["loaded_version"]

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 200
    assert "did not say which version" in response.content.decode()


def test_anonymous_visitors_cannot_reach_any_workflow_action(client):
    live = make_article(slug="live", uses=[make_indication()])
    base = change_url(live)[:-7]
    for method, url in [
        ("post", f"{base}edit-draft/"),
        ("post", change_url(live)),
        ("get", f"{base}history/"),
        ("get", f"{base}history/compare/?a=1&b=2"),
        ("get", "/admin/medinfo/workflowevent/"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    assert not MedicationArticle.objects.filter(draft_of=live).exists()


def test_a_superuser_outside_clinical_reviewers_publishes_without_signing_the_review(
    staff_client, editor
):
    article = in_review(editor)
    response = staff_client.post(change_url(article), article_data(article, action="publish"))
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.approved_by == staff_client.user
    assert article.reviewed_by is None and article.last_reviewed is None


@pytest.mark.django_db(transaction=True)
def test_workflow_groups_come_back_after_a_flush():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)

    reviewers = Group.objects.get(name="Clinical reviewers")
    assert reviewers.permissions.filter(codename="publish_medicationarticle").exists()
    editors = Group.objects.get(name="Editors")
    assert not editors.permissions.filter(codename="publish_medicationarticle").exists()
