"""Workflow e-mail through a real SMTP server: who is told what, never about their own doing."""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email

from medinfo.models import NotificationSettings, Status

from .adminforms import article_data, change_url, errors
from .factories import make_article, make_indication
from .helpers import login, make_user
from .mailserver import SMTPServer, free_port, hanging_server, mail_settings

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


@pytest.fixture
def deliver(tmp_path):
    """Run `manage.py send_queued_mail` as cron would (with its own lock file)."""

    def run() -> None:
        call_command("send_queued_mail", lockfile=str(tmp_path / "mail"), stdout=io.StringIO())

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the app does once a transaction commits (the test's own never does)."""

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


@pytest.fixture
def team(django_user_model):
    team = {
        "edna": make_user(django_user_model, "edna", "Editors", last_name="Editor"),
        "rita": make_user(django_user_model, "rita", "Clinical reviewers", last_name="Reviewer"),
        "sam": make_user(django_user_model, "sam", "Clinical reviewers", last_name="Second"),
        # Made before the address rule: nothing can be sent to them, and nothing breaks.
        "noemail": make_user(django_user_model, "noemail", "Clinical reviewers"),
    }
    django_user_model.objects.filter(username="noemail").update(email="")
    return team


def _submit(client, committed, article):
    response = committed(client, change_url(article), article_data(article, "submit"))
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    return response


def test_a_submission_mails_every_other_clinical_reviewer(client, team, smtp, deliver, committed):
    article = make_article(title="Diazepam (Valium)", status=Status.DRAFT, uses=[make_indication()])
    login(client, team["edna"])

    _submit(client, committed, article)
    assert smtp.inbox.messages == []  # queued, not sent inside the save
    deliver()

    assert smtp.inbox.recipients() == ["rita@example.org", "sam@example.org"]
    message = smtp.inbox.to("rita@example.org")[0]
    assert message["Subject"] == "Diazepam (Valium): waiting for your approval"
    assert message["From"] == "Clinic medicines <medicines@example.org>"
    body = message.get_content()
    assert "Edna Editor submitted the medication article" in body
    assert f"{SITE}/admin/medinfo/medicationarticle/{article.pk}/change/" in body
    assert f"{SITE}/admin/medinfo/notificationsettings/" in body
    # Never the page's content.
    assert article.summary not in body


def test_a_reviewer_who_submits_is_not_mailed_about_it(client, team, smtp, deliver, committed):
    article = make_article(status=Status.DRAFT, uses=[make_indication()])
    login(client, team["rita"])
    _submit(client, committed, article)
    deliver()
    assert smtp.inbox.recipients() == ["sam@example.org"]


def test_sending_back_mails_the_author_with_the_comment(client, team, smtp, deliver, committed):
    article = make_article(
        title="Diazepam (Valium)", status=Status.IN_REVIEW, changed_by=team["edna"]
    )
    login(client, team["rita"])
    response = committed(
        client,
        change_url(article),
        article_data(article, "send_back", workflow_comment="Say 'drowsy' not 'somnolent'."),
    )
    assert response.status_code == 302, errors(response)
    deliver()

    assert smtp.inbox.recipients() == ["edna@example.org"]
    message = smtp.inbox.messages[0]
    assert message["Subject"] == "Diazepam (Valium): sent back to you by Rita Reviewer"
    assert "What needs changing: \"Say 'drowsy' not 'somnolent'.\"" in message.get_content()
    assert f"{SITE}/admin/medinfo/medicationarticle/{article.pk}/change/" in (message.get_content())


def test_approval_mails_the_author_and_nobody_else(client, team, smtp, deliver, committed):
    article = make_article(
        title="Diazepam (Valium)",
        status=Status.IN_REVIEW,
        changed_by=team["edna"],
        uses=[make_indication()],
    )
    login(client, team["rita"])
    response = committed(client, change_url(article), article_data(article, "publish"))
    assert response.status_code == 302, errors(response)
    deliver()

    assert smtp.inbox.recipients() == ["edna@example.org"]
    assert smtp.inbox.messages[0]["Subject"] == "Diazepam (Valium): approved and published"
    assert "Rita Reviewer approved your changes" in smtp.inbox.messages[0].get_content()


def test_pending_changes_to_a_page_you_reviewed_reach_you(
    client, team, smtp, deliver, committed, django_user_model
):
    # Rita reviewed the live page last; she has left the reviewers and is an editor now.
    former = team["rita"]
    former.groups.clear()
    live = make_article(title="Lorazepam (Ativan)", reviewed_by=former, uses=[make_indication()])
    login(client, team["edna"])
    client.post(f"{change_url(live)[:-7]}edit-draft/")
    copy = type(live).objects.get(draft_of=live)

    _submit(client, committed, copy)
    deliver()

    assert smtp.inbox.recipients() == ["rita@example.org", "sam@example.org"]
    to_rita = smtp.inbox.to("rita@example.org")[0]
    assert to_rita["Subject"] == (
        "Lorazepam (Ativan): changes waiting for approval to a page you reviewed"
    )
    # The link opens the pending changes, where they are compared and approved.
    assert f"{SITE}/admin/medinfo/medicationarticle/{copy.pk}/change/" in to_rita.get_content()
    to_sam = smtp.inbox.to("sam@example.org")[0]
    assert to_sam["Subject"] == "Lorazepam (Ativan): waiting for your approval"
    assert "submitted changes to the live medication article" in to_sam.get_content()


def test_a_switched_off_message_is_not_sent(client, team, smtp, deliver, committed):
    NotificationSettings.objects.create(user=team["sam"], review_requests=False)
    article = make_article(status=Status.DRAFT, uses=[make_indication()])
    login(client, team["edna"])
    _submit(client, committed, article)
    deliver()
    assert smtp.inbox.recipients() == ["rita@example.org"]


def test_a_save_that_rolls_back_mails_nobody(client, team, smtp, deliver, committed):
    article = make_article(status=Status.DRAFT, uses=[make_indication()])
    login(client, team["edna"])
    # A stale form (someone saved after it was opened) is refused: no event, no e-mail.
    response = committed(
        client,
        change_url(article),
        article_data(article, "submit", loaded_version=str(article.edit_version - 1)),
    )
    assert response.status_code == 200
    deliver()
    assert smtp.inbox.messages == [] and not Email.objects.exists()


def test_with_the_mail_server_down_a_save_succeeds_and_mail_goes_out_later(
    client, team, deliver, committed
):
    article = make_article(status=Status.DRAFT, uses=[make_indication()])
    login(client, team["edna"])
    with hanging_server() as port, mail_settings(port):
        started = time.monotonic()
        _submit(client, committed, article)
        # Bounded wait: the mail server's 5 s timeout is never part of a save.
        assert time.monotonic() - started < 4
    assert article.status == Status.IN_REVIEW

    server = SMTPServer(free_port())
    with mail_settings(server.port):
        deliver()  # nobody listening: kept for a retry, not lost
        assert set(Email.objects.values_list("status", flat=True)) == {STATUS.requeued}
        server.start()
        deliver()  # the retry is not due yet
        assert server.inbox.messages == []
        # Five minutes later (the retry interval), the next run delivers.
        Email.objects.update(scheduled_time=timezone.now() - datetime.timedelta(seconds=1))
        try:
            deliver()
        finally:
            server.stop()
    assert server.inbox.recipients() == ["rita@example.org", "sam@example.org"]
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
    deliver()  # nothing is sent twice
    assert len(server.inbox.messages) == 2


def test_a_reviewer_who_wrote_the_change_is_not_asked_to_approve_it(
    client, team, smtp, deliver, committed
):
    # Rita wrote the text; Edna submits it. Rita may not approve her own change.
    article = make_article(status=Status.DRAFT, changed_by=team["rita"], uses=[make_indication()])
    login(client, team["edna"])
    _submit(client, committed, article)
    deliver()
    assert smtp.inbox.recipients() == ["sam@example.org"]
