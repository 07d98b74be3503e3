"""The admin home page's inbox, as each person sees it."""

import pytest

from medinfo.models import Status

from .adminforms import article_data, change_url, errors
from .factories import make_article, make_indication
from .helpers import login

pytestmark = pytest.mark.django_db


def _section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end)]


def test_reviewers_see_others_changes_waiting_and_not_their_own(client, editor, reviewer):
    make_article(title="Editorzepam", status=Status.IN_REVIEW, changed_by=editor)
    make_article(title="Ownzepam", status=Status.IN_REVIEW, changed_by=reviewer)

    html = login(client, reviewer).get("/admin/").content.decode()

    waiting = _section(html, "Waiting for your approval", "Sent back to you")
    assert "Editorzepam" in waiting and "by Eddie Editor" in waiting
    assert "Ownzepam" not in waiting
    assert "Ownzepam" in _section(html, "Yours, waiting for another reviewer", "Clinical review")


def test_editors_are_not_offered_approvals(client, editor, reviewer):
    make_article(title="Reviewerzepam", status=Status.IN_REVIEW, changed_by=reviewer)
    html = login(client, editor).get("/admin/").content.decode()
    waiting = _section(html, "Waiting for your approval", "Sent back to you")
    assert "Reviewerzepam" not in waiting and "Nothing waiting for you." in waiting


def test_a_page_sent_back_shows_in_its_authors_inbox_with_the_comment(client, editor, reviewer):
    article = make_article(
        title="Sentbackzepam", status=Status.DRAFT, changed_by=editor, uses=[make_indication()]
    )
    drafting = make_article(title="Draftzepam", status=Status.DRAFT, changed_by=editor)
    login(client, editor)
    response = client.post(change_url(article), article_data(article, action="submit"))
    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    login(client, reviewer)
    response = client.post(
        change_url(article),
        article_data(article, action="send_back", workflow_comment="Explain the dose simply."),
    )
    assert response.status_code == 302, errors(response)
    follow = client.get(response["Location"]).content.decode()
    assert "Sent back to Eddie Editor with your comment" in follow

    login(client, editor)
    html = client.get("/admin/").content.decode()
    sent_back = _section(html, "Sent back to you", "Your drafts")
    assert "Sentbackzepam" in sent_back and "Explain the dose simply." in sent_back
    assert "Rita Reviewer" in sent_back
    drafts = _section(html, "Your drafts", "Clinical review")
    assert str(drafting) in drafts and "Sentbackzepam" not in drafts
    # The comment stands at the top of the page's form.
    form = client.get(change_url(article)).content.decode()
    top = form[: form.index('id="workflow-heading"')]
    assert "Sent back by Rita Reviewer" in top and "Explain the dose simply." in top
