"""JSON-LD, canonical links and meta descriptions: what search engines read."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from medinfo.models import ClinicSettings, MedicationUse, PrescriptionStatus

from .factories import make_article, make_drug_class, make_indication

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> list[dict]:
    return [json.loads(block) for block in JSON_LD.findall(html)]


def test_a_medicine_page_describes_a_medical_web_page_about_a_drug(client, demo):
    html = client.get("/medications/diazepam/").content.decode()
    [data] = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["url"] == "http://testserver/medications/diazepam/"
    assert data["audience"] == {"@type": "Patient"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["lastReviewed"])
    drug = data["about"]
    assert drug["@type"] == "Drug"
    assert drug["nonProprietaryName"] == "diazepam"
    assert drug["proprietaryName"] == ["Valium", "Diastat"]
    assert drug["drugClass"] == {
        "@type": "DrugClass",
        "name": "Benzodiazepines",
        "url": "http://testserver/drug-classes/benzodiazepines/",
    }
    assert drug["prescriptionStatus"] == "https://schema.org/PrescriptionOnly"
    assert drug["legalStatus"]["@type"] == "DrugLegalStatus"
    assert "US Schedule IV" in drug["legalStatus"]["name"]
    assert {i["name"] for i in drug["indication"]} >= {"Seizures", "Anxiety disorders"}


def test_an_over_the_counter_medicine_says_so():
    article = make_article(slug="otc", prescription_status=PrescriptionStatus.OTC)
    from django.test import Client

    [data] = json_ld(Client().get(article.get_absolute_url()).content.decode())
    assert data["about"]["prescriptionStatus"] == "https://schema.org/OTC"
    assert "not a controlled substance" in data["about"]["legalStatus"]["name"]
    assert "proprietaryName" not in data["about"]
    assert "lastReviewed" not in data


def test_a_condition_page_describes_a_medical_condition_with_its_drugs(client, demo):
    [data] = json_ld(client.get("/conditions/seizures/").content.decode())
    assert data["@type"] == "MedicalCondition"
    assert data["name"] == "Seizures"
    assert "epilepsy" in data["alternateName"]
    assert [d["nonProprietaryName"] for d in data["drug"]] == ["diazepam", "lorazepam"]
    assert data["drug"][0]["url"] == "http://testserver/medications/diazepam/"


def test_json_ld_cannot_be_broken_out_of_by_staff_text(client):
    nasty = "</script><script>alert(1)</script> & <!--"
    condition = make_indication(slug="nasty", summary=nasty)
    make_article(slug="nasty-med", summary=nasty, brand_names="A</script>B", uses=[condition])
    for url in ["/medications/nasty-med/", "/conditions/nasty/"]:
        html = client.get(url).content.decode()
        head = html.split("</head>", 1)[0]
        assert "<script>alert" not in head
        assert head.count("</script>") == 1
        [data] = json_ld(html)
        assert data["description"] == nasty


def test_the_publisher_is_the_clinic_when_its_details_are_set(client, demo):
    from medinfo.models import ClinicSettings

    ClinicSettings(name="Riverside Clinic", phone="555-010-4477").save()
    [data] = json_ld(client.get("/medications/diazepam/").content.decode())
    assert data["publisher"] == {
        "@type": "MedicalClinic",
        "name": "Riverside Clinic",
        "telephone": "555-010-4477",
    }


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/", "http://testserver/"),
        ("/?utm_source=x", "http://testserver/"),
        ("/medications/", "http://testserver/medications/"),
        ("/medications/diazepam/", "http://testserver/medications/diazepam/"),
        ("/conditions/", "http://testserver/conditions/"),
        ("/conditions/seizures/", "http://testserver/conditions/seizures/"),
        ("/drug-classes/benzodiazepines/", "http://testserver/drug-classes/benzodiazepines/"),
    ],
)
def test_public_pages_have_an_absolute_canonical_link(client, demo, url, canonical):
    html = client.get(url).content.decode()
    assert html.count('rel="canonical"') == 1
    assert f'<link rel="canonical" href="{canonical}">' in html


def test_the_canonical_link_uses_the_scheme_and_host_of_the_request(client, demo, settings):
    settings.ALLOWED_HOSTS = ["medicines.example.org"]
    html = client.get(
        "/medications/diazepam/", HTTP_HOST="medicines.example.org", secure=True
    ).content.decode()
    assert (
        '<link rel="canonical" href="https://medicines.example.org/medications/diazepam/">' in html
    )


def test_a_missing_page_has_no_canonical_link(client):
    html = client.get("/medications/nothing-here/").content.decode()
    assert 'rel="canonical"' not in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/medications/",
        "/medications/diazepam/",
        "/conditions/",
        "/conditions/seizures/",
        "/drug-classes/",
        "/drug-classes/benzodiazepines/",
        "/search/?q=valium",
    ],
)
def test_every_public_page_has_a_meta_description(client, demo, url):
    html = client.get(url).content.decode()
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert match
    assert 40 <= len(match.group(1)) <= 160


def test_a_medicine_description_is_its_summary(client):
    make_article(slug="m", summary="Helps with a very particular thing. " * 3)
    html = client.get("/medications/m/").content.decode()
    assert '<meta name="description" content="Helps with a very particular thing.' in html


# -- sitemap and robots --------------------------------------------------------


def test_the_sitemap_lists_published_pages_with_last_modified(client):
    from medinfo.models import Status

    drug_class = make_drug_class(slug="calmatives")
    empty_class = make_drug_class(slug="nothing-published")
    condition = make_indication(slug="seizures")
    article = make_article(slug="diazepam", drug_class=drug_class, uses=[condition])
    make_article(slug="secret", status=Status.DRAFT, drug_class=empty_class)
    make_indication(slug="hidden", status=Status.DRAFT)

    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = re.findall(r"<loc>(.*?)</loc>", xml)
    assert set(locations) == {
        "http://testserver/",
        "http://testserver/medications/",
        "http://testserver/conditions/",
        "http://testserver/drug-classes/",
        "http://testserver/medications/diazepam/",
        "http://testserver/conditions/seizures/",
        "http://testserver/drug-classes/calmatives/",
    }
    entry = xml.split("<loc>http://testserver/medications/diazepam/</loc>", 1)[1]
    lastmod = re.search(r"<lastmod>(.*?)</lastmod>", entry).group(1)
    # The sitemap dates are in the clinic's time zone, as every date on the site.
    assert lastmod == timezone.localtime(article.updated_at).date().isoformat()


def test_the_sitemap_drops_a_page_once_it_is_unpublished(client):
    from medinfo.models import Status

    article = make_article(slug="gone")
    assert "/medications/gone/" in client.get("/sitemap.xml").content.decode()
    article.status = Status.DRAFT
    article.save()
    assert "/medications/gone/" not in client.get("/sitemap.xml").content.decode()


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()


def test_review_dates_are_in_the_json_ld_and_on_the_page(client):
    condition = make_indication()
    article = make_article(slug="reviewed", last_reviewed=datetime.date(2026, 11, 2))
    MedicationUse.objects.create(medication=article, indication=condition)
    html = client.get("/medications/reviewed/").content.decode()
    assert json_ld(html)[0]["lastReviewed"] == "2026-11-02"
    assert '<time datetime="2026-11-02">2 November 2026</time>' in html


def test_a_medicine_page_reads_the_clinic_details_once_for_header_footer_and_json_ld(
    client, demo, monkeypatch
):
    ClinicSettings(name="Riverside Clinic", phone="555-010-4477").save()
    loads = []
    original = ClinicSettings.load

    def counted(cls):
        loads.append(cls)
        return original()

    monkeypatch.setattr(ClinicSettings, "load", classmethod(counted))
    html = client.get("/medications/diazepam/").content.decode()

    [data] = json_ld(html)
    assert data["publisher"]["name"] == "Riverside Clinic"
    assert html.count("Riverside Clinic") >= 2  # the header or footer shows the same details
    assert len(loads) == 1
