from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models

from medinfo.demo import content
from medinfo.models import (
    ARTICLE_RICH_TEXT_FIELDS,
    ControlledSchedule,
    DrugClass,
    Indication,
    MedicationArticle,
    MedicationUse,
    Status,
    UseKind,
)
from medinfo.richtext import sanitize_html

pytestmark = pytest.mark.django_db

ARTICLE_TEXT_FIELDS = [
    field.name
    for field in MedicationArticle._meta.get_fields()
    if isinstance(field, models.TextField)
]


def load() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def uses_of(slug: str) -> list[tuple[str, str]]:
    return [
        (use.indication.slug, use.kind)
        for use in MedicationUse.objects.filter(medication__slug=slug).select_related("indication")
    ]


def updated_times() -> dict[str, datetime.datetime]:
    stamps = {}
    for model in (DrugClass, Indication, MedicationArticle):
        for obj in model.objects.all():
            stamps[f"{model.__name__}:{obj.slug}"] = obj.updated_at
    return stamps


def test_loading_creates_two_medicines_six_conditions_and_nine_uses():
    output = load()

    assert set(MedicationArticle.objects.values_list("slug", flat=True)) == {
        "diazepam",
        "lorazepam",
    }
    assert Indication.objects.count() == 6
    assert MedicationUse.objects.count() == 9
    assert DrugClass.objects.get().slug == "benzodiazepines"
    assert "Demo content: 1 drug class, 2 medicines, 6 conditions, 9 uses" in output
    assert "18 created" in output


def test_diazepam_lists_its_uses_in_order_with_insomnia_and_digestive_off_label():
    load()

    assert uses_of("diazepam") == [
        ("anxiety-disorders", UseKind.LABELLED),
        ("muscle-spasms", UseKind.LABELLED),
        ("seizures", UseKind.LABELLED),
        ("alcohol-withdrawal", UseKind.LABELLED),
        ("insomnia", UseKind.OFF_LABEL),
        ("stress-related-digestive-disorders", UseKind.OFF_LABEL),
    ]


def test_lorazepam_for_alcohol_withdrawal_is_off_label():
    load()

    assert uses_of("lorazepam") == [
        ("anxiety-disorders", UseKind.LABELLED),
        ("seizures", UseKind.LABELLED),
        ("alcohol-withdrawal", UseKind.OFF_LABEL),
    ]


def test_every_use_has_a_note_and_off_label_notes_say_so():
    load()

    for use in MedicationUse.objects.all():
        assert use.note.strip()
        if use.is_off_label:
            assert "off-label" in use.note.lower()


def test_running_twice_creates_no_duplicates_and_changes_nothing():
    load()
    before = updated_times()
    published = dict(MedicationArticle.objects.values_list("slug", "published_at"))

    output = load()

    assert MedicationArticle.objects.count() == 2
    assert Indication.objects.count() == 6
    assert MedicationUse.objects.count() == 9
    assert DrugClass.objects.count() == 1
    assert updated_times() == before
    assert dict(MedicationArticle.objects.values_list("slug", "published_at")) == published
    assert "(0 created, 0 updated, 0 removed, 18 unchanged)" in output


def test_running_again_restores_an_edited_demo_field_and_keeps_published_at():
    load()
    diazepam = MedicationArticle.objects.get(slug="diazepam")
    first_published = diazepam.published_at
    MedicationArticle.objects.filter(pk=diazepam.pk).update(summary="Edited.")

    output = load()

    diazepam.refresh_from_db()
    assert diazepam.summary == content.ARTICLES[0]["summary"]
    assert diazepam.published_at == first_published
    assert "(0 created, 1 updated, 0 removed, 17 unchanged)" in output


def test_running_again_removes_uses_of_demo_medicines_that_are_not_in_the_demo_data():
    load()
    extra = Indication.objects.create(name="Headache", slug="headache", summary="Head pain.")
    MedicationUse.objects.create(
        medication=MedicationArticle.objects.get(slug="diazepam"), indication=extra
    )

    output = load()

    assert not MedicationUse.objects.filter(indication=extra).exists()
    assert Indication.objects.filter(slug="headache").exists()
    assert "1 removed" in output


def test_all_demo_content_is_published_and_visible():
    load()

    assert MedicationArticle.objects.published().count() == 2
    assert Indication.objects.published().count() == 6
    for article in MedicationArticle.objects.all():
        assert article.status == Status.PUBLISHED
        assert article.publication_problems() == {}


def test_diazepam_is_schedule_iv_with_an_opioid_boxed_warning_and_a_taper():
    load()

    diazepam = MedicationArticle.objects.get(slug="diazepam")
    assert diazepam.controlled_schedule == ControlledSchedule.SCHEDULE_IV
    assert diazepam.drug_class.slug == "benzodiazepines"
    assert diazepam.brand_name_list == ["Valium", "Diastat"]
    assert "opioid" in diazepam.boxed_warning.lower()
    assert "taper" in diazepam.dependence_and_stopping.lower()
    assert "2 to 4 weeks" in diazepam.dependence_and_stopping
    assert diazepam.next_review_due == datetime.date(2029, 11, 2)


def test_diazepam_names_911_and_poison_control():
    load()

    diazepam = MedicationArticle.objects.get(slug="diazepam")
    page_text = "\n".join(getattr(diazepam, name) for name in ARTICLE_TEXT_FIELDS)
    assert "911" in page_text
    assert "1-800-222-1222" in page_text
    assert any("breathing" in sign for sign in diazepam.get_help_list)


@pytest.mark.parametrize("field", ARTICLE_TEXT_FIELDS)
def test_every_diazepam_text_field_is_filled(field):
    load()

    assert getattr(MedicationArticle.objects.get(slug="diazepam"), field).strip()


@pytest.mark.parametrize(
    "field",
    ["summary", "boxed_warning", "get_help_now", "serious_warnings", "dependence_and_stopping"],
)
def test_every_lorazepam_safety_field_is_filled(field):
    load()

    assert getattr(MedicationArticle.objects.get(slug="lorazepam"), field).strip()


def test_demo_long_form_text_is_stored_as_sanitised_html_and_the_rest_as_plain_text():
    load()

    for article in MedicationArticle.objects.all():
        for name in ARTICLE_TEXT_FIELDS:
            value = getattr(article, name)
            if name in ARTICLE_RICH_TEXT_FIELDS:
                assert value == "" or value.startswith(("<p>", "<ul>")), (article.slug, name)
                assert value == sanitize_html(value)
            else:
                assert "<" not in value, (article.slug, name)
        for line in article.key_fact_list + article.get_help_list:
            assert not line.startswith("- ")
    diazepam = MedicationArticle.objects.get(slug="diazepam")
    assert "<ul><li>" in diazepam.boxed_warning
    for indication in Indication.objects.all():
        assert indication.synonym_list
        assert "<" not in indication.summary
        for name in ("body", "when_to_get_help"):
            assert getattr(indication, name).startswith("<p>")


def test_loading_again_refreshes_live_pages_and_leaves_pending_copies_alone():
    load()
    diazepam = MedicationArticle.objects.get(slug="diazepam")
    copy = MedicationArticle.objects.create(
        draft_of=diazepam,
        title="Diazepam (Valium)",
        slug="diazepam",
        generic_name="diazepam",
        summary="Pending rewrite.",
    )

    output = load()

    assert "0 created" in output
    copy.refresh_from_db()
    assert copy.summary == "Pending rewrite."
    assert MedicationArticle.objects.published().get(slug="diazepam").pk == diazepam.pk
