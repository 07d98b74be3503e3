"""Preview, review dates, reading level, audit log and the demo reviewer."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from medinfo.models import DrugClass, EventKind, MedicationArticle, Status, WorkflowEvent
from medinfo.readability import measure, prepare

from .adminforms import article_data, change_url, errors
from .factories import make_article, make_indication
from .helpers import login, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# Preview -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED])
def test_staff_preview_an_unpublished_article_at_its_public_url(editor_client, status):
    make_article(slug="draft-pill", title="Draft pill", status=status)

    response = editor_client.get("/medications/draft-pill/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview - not published" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_a_condition_can_be_previewed_too(editor_client):
    make_indication(slug="draft-condition", status=Status.DRAFT)
    response = editor_client.get("/conditions/draft-condition/")
    assert response.status_code == 200
    assert "Preview - not published" in response.content.decode()


def test_a_scheduled_page_is_previewed_before_it_goes_live(editor_client, client):
    later = timezone.now() + datetime.timedelta(days=1)
    make_article(slug="later", go_live_at=later)
    assert "Preview - not published" in editor_client.get("/medications/later/").content.decode()
    client.logout()
    assert client.get("/medications/later/").status_code == 404


def test_anonymous_visitors_and_staff_without_change_permission_get_404(client, django_user_model):
    make_article(slug="secret", status=Status.DRAFT)
    assert client.get("/medications/secret/").status_code == 404
    login(client, make_user(django_user_model, "viewer"))
    assert client.get("/medications/secret/").status_code == 404


def test_a_published_page_has_no_preview_banner_and_may_be_cached(editor_client):
    make_article(slug="live", uses=[make_indication()])
    response = editor_client.get("/medications/live/")
    assert "Preview - not published" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


# Review governance -----------------------------------------------------------------------


def test_public_page_says_who_reviewed_it_and_when_the_next_review_is_due(client, reviewer):
    make_article(
        slug="reviewed",
        reviewed_by=reviewer,
        last_reviewed=datetime.date(2026, 11, 2),
        next_review_due=datetime.date(2029, 11, 2),
        uses=[make_indication()],
    )
    html = " ".join(client.get("/medications/reviewed/").content.decode().split())
    assert "Reviewed by Rita Reviewer on" in html
    assert "2 November 2026</time>; next review due" in html
    assert "2 November 2029" in html


def test_reviewed_by_only_offers_clinical_reviewers():
    field = MedicationArticle._meta.get_field("reviewed_by")
    assert field.get_limit_choices_to() == {"groups__name": "Clinical reviewers"}


def test_next_review_defaults_to_three_years_after_the_last(staff_client):
    article = make_article(status=Status.DRAFT, uses=[make_indication()])
    response = staff_client.post(
        change_url(article), article_data(article, last_reviewed="2026-01-15", next_review_due="")
    )
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.next_review_due == datetime.date(2029, 1, 14)  # 3 x 365 days


def test_admin_index_lists_overdue_and_due_soon_reviews_and_the_approval_queue(
    staff_client, editor
):
    make_article(title="Overduezepam", next_review_due=TODAY() - datetime.timedelta(days=3))
    make_article(title="Soonazepam", next_review_due=TODAY() + datetime.timedelta(days=10))
    make_article(title="Laterazepam", next_review_due=TODAY() + datetime.timedelta(days=90))
    make_article(title="Waitingazepam", status=Status.IN_REVIEW, changed_by=editor)

    html = staff_client.get("/admin/").content.decode()

    panel = html[html.index('id="review-panel"') :]
    overdue = panel[panel.index("Review overdue") : panel.index("Due within 30 days")]
    soon = panel[panel.index("Due within 30 days") :]
    waiting = panel[panel.index("Waiting for your approval") : panel.index("Sent back to you")]
    assert "Overduezepam" in overdue and "Soonazepam" not in overdue
    assert "Soonazepam" in soon and "Laterazepam" not in panel
    assert "Waitingazepam" in waiting and "by Eddie Editor" in waiting


def test_an_overdue_page_stays_published_but_is_flagged_in_the_list_and_form(editor_client, client):
    article = make_article(
        slug="overdue",
        next_review_due=TODAY() - datetime.timedelta(days=1),
        uses=[make_indication()],
    )
    changelist = editor_client.get("/admin/medinfo/medicationarticle/").content.decode()
    form = editor_client.get(change_url(article)).content.decode()

    assert "(review overdue)" in changelist and "review-overdue" in changelist
    assert "Clinical review overdue" in form
    client.logout()
    assert client.get("/medications/overdue/").status_code == 200


# Reading level ---------------------------------------------------------------------------


def test_drug_names_and_markup_are_left_out_of_the_reading_level():
    text = prepare(
        ["<p>Diazepam (Valium) calms you.</p><ul><li>Take DIAZEPAM with water</li></ul>"],
        ["diazepam", "Valium"],
    )
    assert text == "calms you. Take with water."


def test_reading_level_flags_hard_text_above_grade_8():
    easy = measure(
        ["<p>Take one pill a day. Drink a glass of water with it. Do not drive.</p>"], []
    )
    hard = measure(
        [
            "<p>Concomitant administration with central nervous system depressants "
            "necessitates individualised pharmacological consideration and supervision.</p>"
        ],
        [],
    )
    assert easy is not None and not easy.too_hard
    assert hard is not None and hard.too_hard and hard.grade > 8


def test_drug_names_do_not_make_a_page_look_harder():
    words = [
        "<p>Take hydroxychloroquine with food at the same time each day. "
        "Hydroxychloroquine can upset your stomach for a few days.</p>"
    ]
    assert measure(words, ["hydroxychloroquine"]).grade < measure(words, []).grade


def test_the_list_and_the_form_show_reading_level_with_a_warning(editor_client):
    hard = (
        "<p>Concomitant administration with central nervous system depressants "
        "necessitates individualised pharmacological consideration.</p>"
    )
    article = make_article(title="Hardazepam", how_it_works=hard * 3)
    assert article.reading_grade is not None and article.reading_grade > 8

    changelist = editor_client.get("/admin/medinfo/medicationarticle/").content.decode()
    form = editor_client.get(change_url(article)).content.decode()

    assert f"⚠ {article.reading_grade}" in changelist
    assert f"Flesch-Kincaid grade {article.reading_grade}" in form
    assert f"Flesch reading ease {article.reading_ease}" in form
    assert "Above grade 8" in form


# Audit log -------------------------------------------------------------------------------


def test_audit_page_lists_recent_changes_and_filters_by_person(client, editor, reviewer):
    article = make_article(status=Status.DRAFT, title="Auditazepam", uses=[make_indication()])
    login(client, editor)
    client.post(change_url(article), article_data(article, action="submit", summary="New."))
    article.refresh_from_db()
    login(client, reviewer)
    client.post(
        change_url(article), article_data(article, action="publish", workflow_comment="Fine.")
    )

    everything = client.get("/admin/medinfo/workflowevent/").content.decode()
    only_rita = client.get(
        "/admin/medinfo/workflowevent/", {"user__id__exact": reviewer.pk}
    ).content.decode()

    assert "Auditazepam" in everything
    assert "Draft → In review" in everything and "In review → Published" in everything
    assert "eddie" in everything and "Fine." in everything
    assert "In review → Published" in only_rita
    assert "Draft → In review" not in only_rita
    kinds = set(WorkflowEvent.objects.values_list("kind", flat=True))
    assert {EventKind.EDITED, EventKind.TRANSITION} <= kinds


def test_the_audit_log_cannot_be_edited_through_the_admin(staff_client):
    article = make_article()
    event = WorkflowEvent.objects.create(
        content_type_id=1, object_id=article.pk, object_repr="x", kind=EventKind.EDITED
    )
    assert staff_client.get("/admin/medinfo/workflowevent/add/").status_code == 403
    response = staff_client.post(
        f"/admin/medinfo/workflowevent/{event.pk}/change/", {"comment": "rewritten"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.comment == ""


# Demo content ------------------------------------------------------------------------------


def test_demo_content_is_published_and_approved_by_a_demo_reviewer_without_a_password():
    call_command("load_demo_content", stdout=StringIO())

    reviewer = get_user_model().objects.get(username="demo-reviewer")
    assert not reviewer.has_usable_password()
    assert reviewer.groups.filter(name="Clinical reviewers").exists()
    for article in MedicationArticle.objects.all():
        assert article.is_published
        assert article.approved_by == reviewer
        assert article.reviewed_by == reviewer
        assert article.safety_gate_problems() == {}
    assert (
        WorkflowEvent.objects.filter(
            kind=EventKind.TRANSITION, to_status=Status.PUBLISHED, user=reviewer
        ).count()
        == 9
    )  # two medicines, six conditions and their drug class
    for drug_class in DrugClass.objects.all():
        assert drug_class.is_published and drug_class.approved_by == reviewer


def test_demo_reviewer_keeps_a_password_set_later_when_loading_again():
    call_command("load_demo_content", stdout=StringIO())
    reviewer = get_user_model().objects.get(username="demo-reviewer")
    reviewer.set_password("a-long-real-password-1")
    reviewer.save()
    call_command("load_demo_content", stdout=StringIO())
    reviewer.refresh_from_db()
    assert reviewer.check_password("a-long-real-password-1")


def test_a_reviewer_records_a_clinical_review_of_an_unchanged_live_page(
    reviewer_client, reviewer, editor
):
    old_due = TODAY() - datetime.timedelta(days=5)
    theirs = make_article(title="Theirs", changed_by=editor, next_review_due=old_due)
    mine = make_article(title="Mine", changed_by=reviewer, next_review_due=old_due)

    response = reviewer_client.post(
        "/admin/medinfo/medicationarticle/",
        {"action": "mark_reviewed", "_selected_action": [theirs.pk, mine.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "Review recorded for Theirs" in html
    assert "Not recorded for Mine" in html and "four-eyes rule" in html
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.reviewed_by == reviewer and theirs.last_reviewed == TODAY()
    assert theirs.next_review_due == TODAY() + datetime.timedelta(days=3 * 365)
    assert mine.next_review_due == old_due


def test_editors_are_not_offered_the_clinical_review_action(editor_client):
    make_article()
    html = editor_client.get("/admin/medinfo/medicationarticle/").content.decode()
    assert "mark_reviewed" not in html


def test_audit_page_links_existing_pages_in_a_fixed_number_of_queries(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kept = make_article(title="Keptazepam")
    gone = make_article(title="Goneazepam")

    def add_events(count: int) -> None:
        for article in (kept, gone):
            for _ in range(count):
                WorkflowEvent.objects.create(
                    content_type=ContentType.objects.get_for_model(article),
                    object_id=article.pk,
                    object_repr=article.title,
                    kind=EventKind.EDITED,
                )

    add_events(1)
    staff_client.get("/admin/medinfo/workflowevent/")  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        staff_client.get("/admin/medinfo/workflowevent/")
    add_events(10)
    gone.delete()
    with CaptureQueriesContext(connection) as many:
        html = staff_client.get("/admin/medinfo/workflowevent/").content.decode()

    assert len(many) <= len(few) <= 14
    assert f'href="{change_url(kept)}">Keptazepam</a>' in html
    assert ">Goneazepam</a>" not in html and "Goneazepam" in html


def test_editors_read_the_audit_log_of_their_own_pages_only(client, editor, reviewer):
    from medinfo.editorial.events import record

    theirs = make_article(title="Othersazepam")
    mine = make_article(title="Minezepam")
    record(theirs, reviewer, EventKind.EDITED, comment="Reviewer's own work.")
    record(mine, editor, EventKind.EDITED, comment="My edit.")
    record(mine, reviewer, EventKind.TRANSITION, old="in_review", new="draft", comment="Fix it.")

    editor_view = login(client, editor).get("/admin/medinfo/workflowevent/").content.decode()
    assert "Minezepam" in editor_view and "Fix it." in editor_view
    assert "Othersazepam" not in editor_view and "Reviewer&#x27;s own work." not in editor_view

    reviewer_view = login(client, reviewer).get("/admin/medinfo/workflowevent/").content.decode()
    assert "Othersazepam" in reviewer_view and "Minezepam" in reviewer_view


def test_due_soon_is_one_window_for_the_page_flag_and_the_review_lists():
    today = TODAY()
    for days in (-1, 0, 29, 30, 31, None):
        due = None if days is None else today + datetime.timedelta(days=days)
        make_article(title=f"Due {days}", next_review_due=due)
    articles = MedicationArticle.objects.all()
    flagged = {article.title for article in articles if article.review_due_soon}
    assert flagged == {"Due 0", "Due 29", "Due 30"}
    assert {a.title for a in articles.review_due_soon()} == flagged
    assert {a.title for a in articles.review_overdue()} == {"Due -1"}
    assert {a.title for a in articles.review_not_due()} == {"Due 31"}
