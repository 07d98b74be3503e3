import pytest

from medinfo.models import MedicationArticle, MedicationUse, Status

from .factories import make_article, make_drug_class, make_indication

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/medinfo/medicationarticle/add/"


def article_form(**overrides) -> dict:
    data = {
        "title": "Diazepam (Valium)",
        "generic_name": "diazepam",
        "slug": "diazepam",
        "brand_names": "Valium",
        "drug_class": "",
        "prescription_status": "prescription",
        "controlled_schedule": "IV",
        "summary": "A calming medicine.",
        "key_facts": "",
        "boxed_warning": "",
        "get_help_now": "",
        "how_it_works": "",
        "how_to_take": "",
        "side_effects": "",
        "serious_warnings": "",
        "interactions": "",
        "pregnancy_breastfeeding": "",
        "dependence_and_stopping": "",
        "sources": "",
        "last_reviewed": "",
        "next_review_due": "",
        "status": "draft",
        "uses-TOTAL_FORMS": "0",
        "uses-INITIAL_FORMS": "0",
        "uses-MIN_NUM_FORMS": "0",
        "uses-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def with_use(data: dict, indication, kind="labelled", note="Helps.") -> dict:
    n = int(data["uses-TOTAL_FORMS"])
    data.update(
        {
            f"uses-{n}-indication": str(indication.pk),
            f"uses-{n}-kind": kind,
            f"uses-{n}-note": note,
            f"uses-{n}-order": str(n),
            "uses-TOTAL_FORMS": str(n + 1),
        }
    )
    return data


def test_staff_create_an_article_with_its_uses_inline(staff_client):
    anxiety = make_indication(name="Anxiety disorders")
    insomnia = make_indication(name="Insomnia")
    data = with_use(article_form(_action="submit"), anxiety)
    data = with_use(data, insomnia, kind="off_label", note="Short term only.")

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    article = MedicationArticle.objects.get(slug="diazepam")
    assert article.status == Status.IN_REVIEW
    assert article.uses.count() == 2
    assert article.uses.get(indication=insomnia).kind == "off_label"


def test_publishing_without_a_use_is_refused_with_a_clear_message(reviewer_client, editor):
    article = make_article(status=Status.IN_REVIEW, changed_by=editor, slug="diazepam")
    data = article_form(_action="publish", loaded_version=str(article.edit_version))
    response = reviewer_client.post(f"/admin/medinfo/medicationarticle/{article.pk}/change/", data)
    assert response.status_code == 200
    assert "needs at least one use" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_a_draft_may_be_saved_without_uses(staff_client):
    response = staff_client.post(ADD_URL, article_form())
    assert response.status_code == 302
    assert MedicationArticle.objects.get().status == Status.DRAFT


def test_review_dates_in_the_wrong_order_are_refused(staff_client):
    response = staff_client.post(
        ADD_URL, article_form(last_reviewed="2026-05-01", next_review_due="2026-01-01")
    )
    assert response.status_code == 200
    assert "must be after the last review" in response.content.decode()


def test_the_same_condition_twice_is_refused(staff_client):
    condition = make_indication()
    data = with_use(with_use(article_form(), condition), condition)
    response = staff_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not MedicationUse.objects.exists()


def test_duplicate_slug_is_refused(staff_client):
    make_article(slug="diazepam")
    response = staff_client.post(ADD_URL, article_form())
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_changelist_searches_brand_names_and_condition_synonyms(staff_client):
    seizures = make_indication(name="Seizures", synonyms="epilepsy, fits")
    make_article(title="Diazepam", brand_names="Valium", uses=[seizures])
    make_article(title="Other")
    url = "/admin/medinfo/medicationarticle/"
    for term in ["valium", "epilepsy"]:
        html = staff_client.get(url, {"q": term}).content.decode()
        assert "Diazepam" in html
        assert ">Other<" not in html


def test_changelist_filters_by_status_class_and_review_due(staff_client):
    make_article(drug_class=make_drug_class(name="Benzodiazepines"))
    url = "/admin/medinfo/medicationarticle/"
    for params in [{"status__exact": "draft"}, {"review": "overdue"}, {"review": "30days"}]:
        assert staff_client.get(url, params).status_code == 200


def test_indication_page_shows_the_medicines_that_use_it(staff_client):
    condition = make_indication(name="Seizures")
    make_article(title="Diazepam (Valium)", uses=[condition])
    html = staff_client.get(f"/admin/medinfo/indication/{condition.pk}/change/").content.decode()
    assert "Diazepam (Valium)" in html
    assert "medicines used for this condition" in html.lower()


def test_indication_autocomplete_finds_by_synonym(staff_client):
    make_indication(name="Seizures", synonyms="epilepsy")
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "term": "epilep",
            "app_label": "medinfo",
            "model_name": "medicationuse",
            "field_name": "indication",
        },
    )
    assert response.status_code == 200
    assert "Seizures" in response.content.decode()


def test_change_form_offers_view_on_site(staff_client):
    article = make_article(slug="diazepam")
    html = staff_client.get(
        f"/admin/medinfo/medicationarticle/{article.pk}/change/"
    ).content.decode()
    assert "View on site" in html


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get("/admin/medinfo/medicationarticle/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
