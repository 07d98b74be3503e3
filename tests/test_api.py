"""The read-only JSON API: published content only, its OpenAPI document, caching, budgets."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from medinfo.editorial import copies
from medinfo.models import MedicationUse, Status, UseKind

from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_openapi_document_is_valid_openapi_3_and_lists_every_endpoint(client):
    document = get_json(client, "/api/v1/openapi.json")

    validate(document)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/medications/",
        "/api/v1/medications/{slug}/",
        "/api/v1/conditions/",
        "/api/v1/conditions/{slug}/",
        "/api/v1/infobutton",
    }
    parameters = {
        p["name"]: p for p in document["paths"]["/api/v1/infobutton"]["get"]["parameters"]
    }
    assert parameters["mainSearchCriteria.v.cs"]["schema"]["enum"] == [
        "2.16.840.1.113883.6.88",
        "2.16.840.1.113883.6.90",
        "2.16.840.1.113883.6.96",
    ]
    assert parameters["mainSearchCriteria.v.c"]["required"] is True


def test_the_docs_page_is_readable_html_without_scripts(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>API for clinic systems</h1>" in html
    assert "<code>GET /api/v1/infobutton</code>" in html
    assert "<code>mainSearchCriteria.v.cs</code> (query, required)" in html
    assert "<script" not in html
    assert "unsafe-inline" not in response.get("Content-Security-Policy", "")


def test_medicines_list_and_detail_show_published_pages_with_uses_codes_and_review_dates(client):
    anxiety = make_indication(name="Anxiety", slug="anxiety", icd10cm_codes="F41")
    insomnia = make_indication(name="Insomnia", slug="insomnia")
    diazepam = make_article(
        title="Diazepam (Valium)",
        slug="diazepam",
        brand_names="Valium",
        rxnorm_codes="3322",
        last_reviewed=datetime.date(2026, 11, 2),
        next_review_due=datetime.date(2029, 11, 2),
        uses=[anxiety],
    )
    MedicationUse.objects.create(medication=diazepam, indication=insomnia, kind=UseKind.OFF_LABEL)

    listing = get_json(client, "/api/v1/medications/")
    detail = get_json(client, "/api/v1/medications/diazepam/")

    assert listing["count"] == 1
    assert listing["items"][0]["slug"] == "diazepam"
    assert detail["url"] == "http://testserver/medications/diazepam/"
    assert detail["rxnorm_codes"] == ["3322"]
    assert detail["brand_names"] == ["Valium"]
    assert detail["last_reviewed"] == "2026-11-02"
    assert detail["next_review_due"] == "2029-11-02"
    assert detail["language"] == "en"
    uses = {use["condition"]["slug"]: use for use in detail["uses"]}
    assert uses["anxiety"]["labelled"] is True
    assert uses["insomnia"]["labelled"] is False
    assert uses["insomnia"]["kind"] == "off_label"
    assert uses["anxiety"]["condition"]["url"] == "http://testserver/conditions/anxiety/"


def test_conditions_show_their_codes_and_published_medicines(client):
    seizures = make_indication(
        name="Seizures", slug="seizures", icd10cm_codes="G40, R56", snomed_codes="84757009"
    )
    make_article(title="Diazepam", slug="diazepam", uses=[seizures])
    make_article(title="Drafted", slug="drafted", status=Status.DRAFT, uses=[seizures])

    detail = get_json(client, "/api/v1/conditions/seizures/")

    assert detail["icd10cm_codes"] == ["G40", "R56"]
    assert detail["snomed_codes"] == ["84757009"]
    assert [use["medication"]["slug"] for use in detail["medications"]] == ["diazepam"]
    assert get_json(client, "/api/v1/conditions/")["items"][0]["slug"] == "seizures"


def test_drafts_pending_copies_scheduled_and_expired_pages_never_appear(client, editor):
    now = timezone.now()
    live = make_article(title="Live", slug="live", summary="The approved text.")
    copy = copies.start_pending_copy(live, editor)
    copy.summary = "UNAPPROVED pending change"
    copy.save()
    make_article(title="Draft", slug="draft", status=Status.DRAFT)
    make_article(title="In review", slug="in-review", status=Status.IN_REVIEW)
    make_article(title="Archived", slug="archived", status=Status.ARCHIVED)
    make_article(title="Later", slug="later", go_live_at=now + datetime.timedelta(days=1))
    make_article(title="Gone", slug="gone", expires_at=now - datetime.timedelta(days=1))
    make_indication(name="Hidden", slug="hidden", status=Status.DRAFT)

    listing = get_json(client, "/api/v1/medications/")

    assert [item["slug"] for item in listing["items"]] == ["live"]
    assert "UNAPPROVED" not in client.get("/api/v1/medications/live/").content.decode()
    for slug in ("draft", "in-review", "archived", "later", "gone"):
        get_json(client, f"/api/v1/medications/{slug}/", status=404)
    get_json(client, "/api/v1/conditions/hidden/", status=404)
    assert get_json(client, "/api/v1/conditions/")["count"] == 0


def test_staff_sessions_do_not_see_drafts_either(staff_client):
    make_article(title="Draft", slug="draft", status=Status.DRAFT)

    get_json(staff_client, "/api/v1/medications/draft/", status=404)
    assert get_json(staff_client, "/api/v1/medications/")["count"] == 0


def test_lists_are_paginated_100_a_page_with_links(client):
    for n in range(101):
        make_article(title=f"Medicine {n:03}", slug=f"medicine-{n:03}")

    first = get_json(client, "/api/v1/medications/")
    second = get_json(client, "/api/v1/medications/?page=2")

    assert (first["count"], first["pages"], len(first["items"])) == (101, 2, 100)
    assert first["next"] == "http://testserver/api/v1/medications/?page=2"
    assert first["previous"] is None
    assert [item["slug"] for item in second["items"]] == ["medicine-100"]
    assert second["previous"] == "http://testserver/api/v1/medications/?page=1"
    assert "last page is 2" in get_json(client, "/api/v1/medications/?page=3", 404)["detail"]


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=-1", "page=1e309", f"page={10**30}"])
def test_a_malformed_page_number_is_a_400_naming_the_parameter(client, query):
    body = get_json(client, f"/api/v1/conditions/?{query}", status=400)

    assert body["errors"][0]["parameter"] == "page"
    assert "page" in body["detail"]


def test_an_unknown_or_malformed_slug_is_404_or_400_never_500(client):
    get_json(client, "/api/v1/medications/no-such-medicine/", status=404)
    assert client.get("/api/v1/medications/" + "a" * 5000 + "/").status_code == 400


def test_api_responses_carry_etag_and_last_modified_and_answer_304(client, settings):
    settings.PAGE_CACHE = True  # as in production; Last-Modified is then the content's generation
    make_article(slug="diazepam")

    first = client.get("/api/v1/medications/diazepam/")
    again = client.get("/api/v1/medications/diazepam/", HTTP_IF_NONE_MATCH=first["ETag"])
    since = client.get(
        "/api/v1/medications/diazepam/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    assert again.status_code == 304
    assert since.status_code == 304


@pytest.mark.django_db(transaction=True)  # the cache is invalidated when a save commits
def test_api_responses_are_served_from_the_page_cache_and_an_edit_shows_at_once(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = True
    article = make_article(slug="diazepam", summary="First words.")
    client.get("/api/v1/medications/diazepam/")

    with django_assert_num_queries(0):
        cached = client.get("/api/v1/medications/diazepam/")
    assert cached.json()["summary"] == "First words."

    article.summary = "Corrected words."
    article.save()

    assert client.get("/api/v1/medications/diazepam/").json()["summary"] == "Corrected words."


def test_head_answers_like_get_and_writes_are_refused(client):
    make_article(slug="diazepam")

    assert client.head("/api/v1/medications/diazepam/").status_code == 200
    assert client.post("/api/v1/medications/diazepam/").status_code == 405
    assert client.delete("/api/v1/medications/").status_code == 405
    assert client.post("/api/v1/openapi.json").status_code == 405


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/api/v1/medications/", 2),  # count, page
        ("/api/v1/medications/diazepam/", 2),  # the medicine, its uses
        ("/api/v1/conditions/", 2),
        ("/api/v1/conditions/busy/", 2),  # the condition, its medicines
    ],
)
def test_each_endpoint_keeps_its_query_budget_as_content_grows(
    client, url, budget, django_assert_num_queries
):
    busy = make_indication(slug="busy", icd10cm_codes="F41")
    make_article(slug="diazepam", rxnorm_codes="3322", uses=[busy])

    def grow(count: int) -> None:
        for _ in range(count):
            condition = make_indication()
            make_article(uses=[busy, condition])

    for size in (1, 30):
        grow(size)
        with django_assert_num_queries(budget):
            assert client.get(url).status_code == 200
