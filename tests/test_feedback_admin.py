"""What editors see of patient feedback, marking comments handled, and deleting old answers."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from medinfo.models import PageFeedback

from .factories import make_article, make_indication
from .helpers import login, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def answer(page, helpful=True, days_ago=0, **extra) -> PageFeedback:
    field = "medication" if page._meta.model_name == "medicationarticle" else "indication"
    return PageFeedback.objects.create(
        helpful=helpful,
        submitted_on=TODAY() - datetime.timedelta(days=days_ago),
        page_approved_at=extra.pop("approved_at", page.approved_at),
        **{field: page},
        **extra,
    )


@pytest.fixture
def article():
    now = timezone.now()
    return make_article(
        title="Diazepam",
        slug="diazepam",
        approved_at=now,
        last_reviewed=TODAY() - datetime.timedelta(days=30),
    )


def test_the_change_form_shows_the_share_of_yes_and_the_latest_comments(
    client, django_user_model, article
):
    old_version = article.approved_at - datetime.timedelta(days=100)
    answer(article, helpful=True)
    answer(article, helpful=True)
    answer(
        article, helpful=False, reason="hard_to_understand", comment="The dose table is [removed]"
    )
    # After the last review (30 days ago) but about the version before this one.
    answer(article, helpful=False, days_ago=10, approved_at=old_version)
    answer(article, helpful=True, days_ago=40, approved_at=old_version)  # before the review
    answer(make_article(), helpful=False, reason="other", comment="About another page")
    login(client, make_user(django_user_model, "eddie", "Editors"))

    html = client.get(f"/admin/medinfo/medicationarticle/{article.pk}/change/").content.decode()

    assert 'Patient feedback: "Was this page helpful?"' in html
    rows = re.findall(r'<th scope="row">([^<(]+?)(?: \(|<).*?<td>(\d+)</td><td>([^<]+)</td>', html)
    figures = {label: (number, share) for label, number, share in rows}
    assert figures["This approved version"] == ("3", "67%")
    assert figures["Since the last review"] == ("4", "50%")
    assert figures["All answers kept"] == ("5", "60%")
    assert "It was hard to understand" in html and "The dose table is [removed]" in html
    assert "About another page" not in html
    assert "(1 not handled yet)" in html


def test_a_pending_copy_shows_the_live_pages_feedback(client, django_user_model, article):
    answer(article, helpful=False, reason="wrong", comment="Out of date dose")
    copy = make_article(title="Diazepam", slug="diazepam", draft_of=article, status="draft")
    login(client, make_user(django_user_model, "eddie", "Editors"))
    html = client.get(f"/admin/medinfo/medicationarticle/{copy.pk}/change/").content.decode()
    assert "Out of date dose" in html


def test_condition_change_forms_show_their_feedback_too(client, django_user_model):
    condition = make_indication(name="Seizures", approved_at=timezone.now())
    answer(condition, helpful=False, reason="not_answered", comment="Nothing on febrile seizures")
    login(client, make_user(django_user_model, "eddie", "Editors"))
    html = client.get(f"/admin/medinfo/indication/{condition.pk}/change/").content.decode()
    assert "Nothing on febrile seizures" in html
    assert "<td>1</td><td>0%</td>" in html


def test_pages_are_listed_by_share_of_no(client, django_user_model):
    good, bad, middling = (
        make_article(title="Good"),
        make_article(title="Bad"),
        make_indication(name="Middling"),
    )
    for page, yes, no in ((good, 4, 0), (bad, 1, 3), (middling, 1, 1)):
        for _ in range(yes):
            answer(page, helpful=True)
        for _ in range(no):
            answer(page, helpful=False)
    answer(good, helpful=False, days_ago=200)  # outside the default 90 days
    login(client, make_user(django_user_model, "rita", "Clinical reviewers"))

    html = client.get("/admin/medinfo/pagefeedback/pages/").content.decode()
    assert html.index(">Bad<") < html.index(">Middling<") < html.index(">Good<")
    assert "<td>75%</td>" in html and "<td>0%</td>" in html
    everything = client.get("/admin/medinfo/pagefeedback/pages/?period=all").content.decode()
    assert "<td>20%</td>" in everything  # Good: 1 "no" in 5


def test_staff_mark_a_comment_handled(client, django_user_model, article):
    item = answer(article, helpful=False, reason="other", comment="Typo in heading")
    editor = make_user(django_user_model, "eddie", "Editors")
    login(client, editor)
    response = client.post(f"/admin/medinfo/pagefeedback/{item.pk}/change/", {"handled": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.handled and item.handled_by == editor and item.handled_on == TODAY()
    # The patient's words cannot be edited by staff.
    client.post(f"/admin/medinfo/pagefeedback/{item.pk}/change/", {"handled": "on", "comment": "x"})
    item.refresh_from_db()
    assert item.comment == "Typo in heading"

    html = client.get(f"/admin/medinfo/medicationarticle/{article.pk}/change/").content.decode()
    assert "(handled)" in html and "not handled yet" not in html


def test_the_bulk_action_marks_comments_handled(client, django_user_model, article):
    items = [answer(article, helpful=False, reason="other") for _ in range(3)]
    login(client, make_user(django_user_model, "eddie", "Editors"))
    client.post(
        "/admin/medinfo/pagefeedback/",
        {"action": "mark_handled", "_selected_action": [items[0].pk, items[1].pk]},
    )
    assert sorted(PageFeedback.objects.values_list("handled", flat=True)) == [False, True, True]


def test_staff_cannot_add_answers_and_others_see_nothing(client, django_user_model, article):
    answer(article, helpful=False, reason="other", comment="Private words")
    login(client, make_user(django_user_model, "eddie", "Editors"))
    assert client.get("/admin/medinfo/pagefeedback/add/").status_code == 403
    login(client, make_user(django_user_model, "nobody"))
    assert client.get("/admin/medinfo/pagefeedback/").status_code == 403
    assert client.get("/admin/medinfo/pagefeedback/pages/").status_code == 403


# --- keeping period ----------------------------------------------------------------


def test_delete_old_feedback_removes_answers_past_the_keeping_period(settings, article):
    settings.FEEDBACK_RETENTION_DAYS = 730
    kept = answer(article, days_ago=730)
    answer(article, days_ago=731)
    answer(article, days_ago=2000)
    out = io.StringIO()
    call_command("delete_old_feedback", stdout=out)
    assert list(PageFeedback.objects.all()) == [kept]
    assert "Deleted 2 answers older than 730 days." in out.getvalue()


def test_delete_old_feedback_takes_a_period_and_a_dry_run(article):
    answer(article, days_ago=40)
    out = io.StringIO()
    call_command("delete_old_feedback", "--days", "30", "--dry-run", stdout=out)
    assert "1 answers are older than 30 days (none deleted)." in out.getvalue()
    assert PageFeedback.objects.count() == 1
    call_command("delete_old_feedback", "--days", "30", stdout=out)
    assert not PageFeedback.objects.exists()
    with pytest.raises(CommandError, match="at least 1 day"):
        call_command("delete_old_feedback", "--days", "0")
