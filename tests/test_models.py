import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from medinfo.models import (
    Indication,
    MedicationArticle,
    MedicationUse,
    Status,
    split_names,
)

from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_publication_dates():
    live = make_article()
    make_article(status=Status.DRAFT)
    future = make_article()
    future.published_at = timezone.now() + datetime.timedelta(days=1)
    future.save()

    assert list(MedicationArticle.objects.published()) == [live]


def test_publishing_sets_the_published_date_once():
    article = make_article(status=Status.DRAFT)
    assert article.published_at is None
    article.status = Status.PUBLISHED
    article.save()
    first = article.published_at
    assert first is not None
    article.save()
    assert article.published_at == first


def test_next_review_must_be_after_last_review():
    article = make_article(
        last_reviewed=datetime.date(2026, 5, 1), next_review_due=datetime.date(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "next_review_due" in excinfo.value.message_dict
    assert "after the last review" in excinfo.value.message_dict["next_review_due"][0]


def test_next_review_defaults_to_three_years_after_last_review():
    article = make_article(last_reviewed=datetime.date(2026, 5, 1))
    article.full_clean()
    assert article.next_review_due == datetime.date(2029, 4, 30)


def test_published_article_needs_a_summary():
    article = make_article(summary="")
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "summary" in excinfo.value.message_dict


def test_publication_problems_name_a_missing_use():
    article = make_article()
    assert "status" in article.publication_problems()
    MedicationUse.objects.create(medication=article, indication=make_indication())
    assert article.publication_problems() == {}


def test_slugs_are_unique():
    make_article(slug="same")
    duplicate = MedicationArticle(title="Other", slug="same", generic_name="other", summary="x")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "slug" in excinfo.value.message_dict


def test_one_use_per_medication_and_condition():
    condition = make_indication()
    article = make_article(uses=[condition])
    with pytest.raises(IntegrityError), transaction.atomic():
        MedicationUse.objects.create(medication=article, indication=condition)


def test_brand_names_are_tidied_on_clean():
    article = make_article(brand_names=" Valium ,valium,\nDiastat ,, ")
    article.full_clean()
    assert article.brand_names == "Valium, Diastat"
    assert article.brand_name_list == ["Valium", "Diastat"]


def test_split_names_handles_commas_newlines_and_case_duplicates():
    assert split_names("fits, Epilepsy\nepilepsy ,  convulsions ") == [
        "fits",
        "Epilepsy",
        "convulsions",
    ]


def test_both_sides_of_a_use_are_reachable():
    condition = make_indication(name="Seizures", slug="seizures")
    article = make_article(uses=[condition])
    assert list(article.indications.all()) == [condition]
    assert list(condition.medications.all()) == [article]


def test_urls_use_slugs():
    assert make_article(slug="diazepam").get_absolute_url() == "/medications/diazepam/"
    assert make_indication(slug="seizures").get_absolute_url() == "/conditions/seizures/"


def test_review_overdue():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert make_article(next_review_due=yesterday).review_overdue
    assert not make_article(next_review_due=None).review_overdue


def test_indication_str_and_ordering():
    make_indication(name="Seizures", slug="s")
    make_indication(name="Anxiety", slug="a")
    assert [str(i) for i in Indication.objects.all()] == ["Anxiety", "Seizures"]
