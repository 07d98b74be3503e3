"""The daily review digest, the e-mail switches and the address rule for reviewers."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from medinfo.models import NotificationSettings, ReminderDigest

from .factories import make_article
from .helpers import login, make_user
from .mailserver import SMTPServer, free_port, mail_settings

# send_queued_mail closes the database connection after each batch (as a cron job
# should); inside a test's transaction that would end the test's connection on
# PostgreSQL, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://medicines.example.org"


@pytest.fixture
def smtp():
    server = SMTPServer(free_port())
    server.start()
    with mail_settings(server.port):
        yield server
    server.stop()


def remind_and_deliver(tmp_path) -> str:
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    call_command("send_queued_mail", lockfile=str(tmp_path / "mail"), stdout=io.StringIO())
    return out.getvalue()


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def reviewers(django_user_model):
    rita = make_user(django_user_model, "rita", "Clinical reviewers", last_name="Reviewer")
    sam = make_user(django_user_model, "sam", "Clinical reviewers", last_name="Second")
    make_user(django_user_model, "edna", "Editors")  # editors get no digest
    return rita, sam


def test_each_reviewer_gets_one_digest_of_their_pages_and_a_second_run_sends_nothing(
    reviewers, smtp, tmp_path
):
    rita, sam = reviewers
    make_article(title="Diazepam (Valium)", reviewed_by=rita, next_review_due=days(-3))
    make_article(title="Lorazepam (Ativan)", reviewed_by=rita, next_review_due=days(10))
    make_article(title="Sertraline (Zoloft)", reviewed_by=rita, next_review_due=days(31))
    make_article(title="Clonazepam (Klonopin)", reviewed_by=sam, next_review_due=days(20))
    make_article(title="Draft page", reviewed_by=rita, next_review_due=days(-3), status="draft")

    output = remind_and_deliver(tmp_path)

    assert "Queued 2 review digest(s)" in output
    assert smtp.inbox.recipients() == ["rita@example.org", "sam@example.org"]
    to_rita = smtp.inbox.to("rita@example.org")[0]
    assert to_rita["Subject"] == "Clinical review: 2 pages (1 overdue, 1 due within 30 days)"
    body = to_rita.get_content()
    assert "2 published medicine pages need a clinical review" in body
    overdue, due_soon = body.split("OVERDUE: 1")[1].split("DUE WITHIN 30 DAYS: 1")
    assert "Diazepam (Valium)" in overdue and "3 days overdue" in overdue
    assert "Lorazepam (Ativan)" in due_soon
    assert f"{SITE}/admin/medinfo/medicationarticle/" in body
    assert "Sertraline" not in body and "Clonazepam" not in body and "Draft page" not in body
    assert "Clonazepam (Klonopin)" in smtp.inbox.to("sam@example.org")[0].get_content()

    again = remind_and_deliver(tmp_path)
    assert "Queued 0 review digest(s); 2 reviewer(s) already had today's." in again
    assert len(smtp.inbox.messages) == 2
    assert ReminderDigest.objects.count() == 2


def test_a_page_overdue_for_30_days_goes_to_every_reviewer(reviewers, smtp, tmp_path):
    rita, sam = reviewers
    make_article(title="Diazepam (Valium)", reviewed_by=rita, next_review_due=days(-30))
    make_article(title="Lorazepam (Ativan)", reviewed_by=rita, next_review_due=days(-29))

    remind_and_deliver(tmp_path)

    to_sam = smtp.inbox.to("sam@example.org")[0].get_content()
    assert "OVERDUE FOR MORE THAN 30 DAYS (sent to every clinical reviewer): 1" in to_sam
    assert "Diazepam (Valium)" in to_sam and "Lorazepam" not in to_sam
    to_rita = smtp.inbox.to("rita@example.org")[0].get_content()
    assert "Diazepam (Valium)" in to_rita and "Lorazepam (Ativan)" in to_rita


def test_a_page_nobody_can_review_now_goes_to_every_reviewer(
    reviewers, smtp, tmp_path, django_user_model
):
    gone = make_user(django_user_model, "gone", "Editors")
    make_article(title="Diazepam (Valium)", reviewed_by=gone, next_review_due=days(5))
    make_article(title="Lorazepam (Ativan)", next_review_due=days(5))
    remind_and_deliver(tmp_path)
    for address in ("rita@example.org", "sam@example.org"):
        body = smtp.inbox.to(address)[0].get_content()
        assert "Diazepam (Valium): due" in body and "Lorazepam (Ativan): due" in body
        assert "(no current reviewer)" in body


def test_a_reviewer_who_switched_the_digest_off_gets_none(reviewers, smtp, tmp_path):
    rita, sam = reviewers
    NotificationSettings.objects.create(user=rita, review_reminders=False)
    make_article(reviewed_by=rita, next_review_due=days(-40))
    remind_and_deliver(tmp_path)
    assert smtp.inbox.recipients() == ["sam@example.org"]


def test_nothing_due_sends_nothing(reviewers, smtp, tmp_path):
    make_article(reviewed_by=reviewers[0], next_review_due=days(31))
    assert "Queued 0 review digest(s)" in remind_and_deliver(tmp_path)
    assert smtp.inbox.messages == []


def test_each_staff_member_switches_their_own_messages_off_and_on(client, django_user_model):
    edna = make_user(django_user_model, "edna", "Editors")
    other = make_user(django_user_model, "other", "Editors")
    login(client, edna)

    index = client.get("/admin/").content.decode()
    assert "/admin/medinfo/notificationsettings/" in index
    opened = client.get("/admin/medinfo/notificationsettings/")
    mine = NotificationSettings.objects.get(user=edna)
    assert opened["Location"] == f"/admin/medinfo/notificationsettings/{mine.pk}/change/"
    form = client.get(opened["Location"]).content.decode()
    assert "edna@example.org" in form and "My page was sent back with a comment" in form

    data = {"review_requests": "on", "published": "on", "page_changes": "on"}
    saved = client.post(opened["Location"], data)
    assert saved.status_code == 302
    mine.refresh_from_db()
    assert not mine.sent_back and not mine.review_reminders and mine.published

    client.post(opened["Location"], {**data, "sent_back": "on"})
    mine.refresh_from_db()
    assert mine.sent_back

    theirs = NotificationSettings.objects.create(user=other)
    url = f"/admin/medinfo/notificationsettings/{theirs.pk}/change/"
    assert client.get(url).status_code in (302, 403, 404)
    client.post(url, {})
    theirs.refresh_from_db()
    assert theirs.sent_back and theirs.review_requests


def test_a_clinical_reviewer_needs_an_email_address(admin_client, django_user_model):
    user = django_user_model.objects.create_user("nomail", email="", is_staff=True)
    reviewers = Group.objects.get(name="Clinical reviewers")
    data = {
        "username": "nomail",
        "email": "",
        "first_name": "No",
        "last_name": "Mail",
        "is_active": "on",
        "is_staff": "on",
        "groups": [str(reviewers.pk)],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "09:00:00",
    }
    url = f"/admin/auth/user/{user.pk}/change/"

    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "Clinical reviewers need an e-mail address" in refused.content.decode()
    assert not user.groups.exists()

    accepted = admin_client.post(url, {**data, "email": "nomail@example.org"})
    assert accepted.status_code == 302
    assert list(user.groups.all()) == [reviewers]
