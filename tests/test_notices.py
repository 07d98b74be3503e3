"""What a change form says before approval: unapproved conditions and classes, a new address."""

import pytest

from medinfo.editorial.copies import start_pending_copy
from medinfo.models import Status

from .adminforms import change_url
from .factories import make_article, make_drug_class, make_indication

pytestmark = pytest.mark.django_db


def test_a_medicine_using_a_draft_condition_says_the_use_will_not_show(reviewer_client):
    panic = make_indication(name="Panic disorder", status=Status.DRAFT)
    anxiety = make_indication(name="Anxiety disorders")
    article = make_article(status=Status.IN_REVIEW, uses=[panic, anxiety])

    html = reviewer_client.get(change_url(article)).content.decode()

    assert "Panic disorder is a draft: this use will not show until it is approved." in html
    assert change_url(panic) in html
    assert "Anxiety disorders is" not in html


def test_a_medicine_whose_condition_is_in_review_or_whose_class_is_a_draft_says_so(
    reviewer_client,
):
    waiting = make_indication(name="Insomnia", status=Status.IN_REVIEW)
    calmatives = make_drug_class(name="Calmatives", status=Status.DRAFT)
    article = make_article(status=Status.IN_REVIEW, uses=[waiting], drug_class=calmatives)

    html = reviewer_client.get(change_url(article)).content.decode()

    assert "Insomnia is in review: this use will not show until it is approved." in html
    assert "The drug class Calmatives is a draft" in html


def test_a_medicine_whose_uses_are_all_approved_has_no_notice(reviewer_client):
    article = make_article(status=Status.IN_REVIEW, uses=[make_indication()])
    html = reviewer_client.get(change_url(article)).content.decode()
    assert "Before this is approved" not in html


def test_a_pending_rename_warns_that_the_address_will_change(reviewer_client, editor):
    live = make_article(slug="diazepam", uses=[make_indication()])
    copy = start_pending_copy(live, editor)
    copy.slug = "diazepam-tablets"
    copy.save()

    html = reviewer_client.get(change_url(copy)).content.decode()

    assert (
        "Approving this changes the page&#x27;s address from /medications/diazepam/ to "
        "/medications/diazepam-tablets/." in html
    )
    assert "it will redirect to the new one" in html


def test_a_pending_change_that_keeps_the_address_gives_no_address_warning(reviewer_client, editor):
    copy = start_pending_copy(make_drug_class(slug="benzodiazepines"), editor)
    copy.description = "New words."
    copy.save()
    assert "Approving this changes" not in reviewer_client.get(change_url(copy)).content.decode()
