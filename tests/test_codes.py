"""Clinical codes on pages: format checks, uniqueness, the indexed look-up table, the workflow."""

from __future__ import annotations

import pytest
import reversion
from django.core.exceptions import ValidationError
from reversion.models import Version

from medinfo import codes
from medinfo.codes import CodeSystem
from medinfo.editorial import copies
from medinfo.models import ContentCode, Indication, MedicationArticle, Status

from .factories import make_article, make_indication

RX, ICD, SCT = CodeSystem.RXNORM, CodeSystem.ICD10CM, CodeSystem.SNOMEDCT


@pytest.mark.parametrize(
    ("system", "typed", "stored"),
    [
        (RX, " 3322 ", "3322"),
        (RX, "2599543", "2599543"),
        (ICD, "f41", "F41"),
        (ICD, "F41.1", "F41.1"),
        (ICD, "g40909", "G40.909"),
        (ICD, "T36.0X1A", "T36.0X1A"),
        (ICD, "C4A", "C4A"),
        (SCT, "197480006", "197480006"),
        (SCT, "84757009", "84757009"),
    ],
)
def test_codes_in_the_right_format_are_tidied(system, typed, stored):
    assert codes.normalise(system, typed) == stored


@pytest.mark.parametrize(
    ("system", "typed"),
    [
        (RX, "03322"),
        (RX, "33a2"),
        (RX, "-3322"),
        (RX, "1" * 10),
        (ICD, "F4"),
        (ICD, "4F1"),
        (ICD, "F41..1"),
        (ICD, "F41.12345"),
        (ICD, "F41-1"),
        (SCT, "197480007"),  # wrong check digit
        (SCT, "12345"),  # too short
        (SCT, "197480106"),  # partition 01: a description id, not a concept
        (SCT, "1" * 19),
    ],
)
def test_codes_in_the_wrong_format_are_refused(system, typed):
    assert codes.normalise(system, typed) is None
    with pytest.raises(ValidationError):
        codes.parse(system, typed)


def test_a_field_of_codes_is_split_tidied_and_de_duplicated():
    assert codes.parse(ICD, "g40, R56\nG40;  r56.9") == ["G40", "R56", "R56.9"]


def test_the_error_names_every_wrong_entry_and_shows_the_right_form():
    with pytest.raises(ValidationError) as error:
        codes.parse(RX, "3322, diazepam, 12x")

    message = error.value.messages[0]
    assert "“diazepam”" in message
    assert "“12x”" in message
    assert "3322" in message  # the example
    assert "RxNorm" in message


def test_icd10cm_prefixes_run_from_most_to_least_specific():
    assert codes.icd10cm_prefixes("G40.909") == ["G40.909", "G40.90", "G40.9", "G40"]
    assert codes.icd10cm_prefixes("F41") == ["F41"]


@pytest.mark.django_db
class TestCodesOnPages:
    def test_a_bad_code_is_a_clear_error_on_its_field(self):
        article = make_article(rxnorm_codes="")
        article.rxnorm_codes = "3322, valium"

        with pytest.raises(ValidationError) as error:
            article.full_clean()

        assert "“valium”" in error.value.message_dict["rxnorm_codes"][0]

    def test_clean_stores_the_tidy_form(self):
        condition = make_indication()
        condition.icd10cm_codes = "g40 ,r56"
        condition.snomed_codes = " 84757009 "

        condition.full_clean()

        assert condition.icd10cm_codes == "G40, R56"
        assert condition.snomed_codes == "84757009"

    def test_a_code_already_on_another_page_is_refused_naming_that_page(self):
        make_article(title="Diazepam (Valium)", slug="diazepam", rxnorm_codes="3322")
        other = make_article(rxnorm_codes="")
        other.rxnorm_codes = "3322"

        with pytest.raises(ValidationError) as error:
            other.full_clean()

        message = error.value.message_dict["rxnorm_codes"][0]
        assert "3322 is already on “Diazepam (Valium)”" in message

    def test_the_same_icd_family_cannot_lead_to_two_conditions_but_a_narrower_one_can(self):
        make_indication(name="Anxiety", icd10cm_codes="F41")
        panic = make_indication(name="Panic")
        panic.icd10cm_codes = "F41"
        with pytest.raises(ValidationError):
            panic.full_clean()

        panic.icd10cm_codes = "F41.0"
        panic.full_clean()

    def test_the_database_refuses_a_duplicate_that_skipped_validation(self):
        from django.db import IntegrityError, transaction

        make_article(rxnorm_codes="3322")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_article(rxnorm_codes="3322")

    def test_the_index_follows_each_save_and_delete(self):
        article = make_article(rxnorm_codes="3322, 202479")
        assert set(article.code_index.values_list("system", "code")) == {
            (RX, "3322"),
            (RX, "202479"),
        }

        article.rxnorm_codes = "3322"
        article.save()
        assert list(article.code_index.values_list("code", flat=True)) == ["3322"]

        article.delete()
        assert not ContentCode.objects.exists()

    def test_saving_other_fields_only_leaves_the_index_alone(self, django_assert_num_queries):
        article = make_article(rxnorm_codes="3322")

        with django_assert_num_queries(1):
            article.save(update_fields=["summary"])

    def test_a_pending_copy_shares_its_live_pages_codes_until_approved(self, reviewer, editor):
        live = make_indication(name="Seizures", icd10cm_codes="G40")
        copy = copies.start_pending_copy(live, editor)

        copy.full_clean()  # the live page's own code is no clash
        copy.icd10cm_codes = "G40, R56"
        copy.full_clean()
        copy.save()
        # Patients' links still lead by the live page's codes only.
        assert set(ContentCode.objects.values_list("code", "indication")) == {("G40", live.pk)}

        copies.merge_pending_copy(copy, reviewer)

        assert set(ContentCode.objects.values_list("code", "indication")) == {
            ("G40", live.pk),
            ("R56", live.pk),
        }

    def test_a_pending_copy_may_not_take_another_pages_code(self, editor):
        make_article(title="Lorazepam", rxnorm_codes="6470")
        live = make_article(rxnorm_codes="3322")
        copy = copies.start_pending_copy(live, editor)
        copy.rxnorm_codes = "3322, 6470"

        with pytest.raises(ValidationError) as error:
            copy.full_clean()

        assert "6470 is already on “Lorazepam”" in error.value.message_dict["rxnorm_codes"][0]

    def test_codes_are_kept_in_revisions(self):
        with reversion.create_revision():
            condition = make_indication(icd10cm_codes="F41", snomed_codes="197480006")

        version = Version.objects.get_for_object(condition).get()
        old = version._object_version.object
        assert (old.icd10cm_codes, old.snomed_codes) == ("F41", "197480006")


@pytest.mark.django_db
def test_the_demo_content_carries_the_codes_clinic_systems_send():
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)

    rx = dict(MedicationArticle.objects.values_list("slug", "rxnorm_codes"))
    assert rx == {"diazepam": "3322", "lorazepam": "6470"}
    icd = dict(Indication.objects.values_list("slug", "icd10cm_codes"))
    assert icd == {
        "anxiety-disorders": "F41",
        "muscle-spasms": "M62.83",
        "seizures": "G40, R56",
        "alcohol-withdrawal": "F10.13, F10.23, F10.93",
        "insomnia": "G47.0, F51.0",
        "stress-related-digestive-disorders": "K58, K30",
    }
    assert ContentCode.objects.count() == 2 + 11 + 6
    assert all(page.status == Status.PUBLISHED for page in Indication.objects.all())
