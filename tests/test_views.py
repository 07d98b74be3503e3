import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from medinfo.models import Indication, MedicationArticle, MedicationUse, Status, UseKind

from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


@pytest.mark.parametrize(
    "url", ["/", "/medications/", "/conditions/", "/search/", "/search/?q=test"]
)
def test_public_list_pages_render_with_landmarks_and_one_h1(client, url):
    make_article(uses=[make_indication()])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'nav aria-label="Main"' in html
    assert "<footer" in html
    assert "<script" not in html


def test_medicine_page_shows_facts_uses_and_review_dates(client):
    seizures = make_indication(name="Seizures", slug="seizures")
    insomnia = make_indication(name="Insomnia", slug="insomnia")
    article = make_article(
        title="Diazepam (Valium)",
        slug="diazepam",
        generic_name="diazepam",
        brand_names="Valium, Diastat",
        controlled_schedule="IV",
        boxed_warning="Can cause dependence.",
        serious_warnings="Do not mix with opioids.",
        how_it_works="It calms nerve activity.",
        last_reviewed=datetime.date(2026, 11, 2),
        next_review_due=datetime.date(2029, 11, 2),
    )
    MedicationUse.objects.create(medication=article, indication=seizures, note="Add-on help.")
    MedicationUse.objects.create(
        medication=article, indication=insomnia, kind=UseKind.OFF_LABEL, order=5
    )

    response = client.get("/medications/diazepam/")
    html = response.content.decode()

    assert response.status_code == 200
    assert h1_count(html) == 1
    assert "Valium, Diastat" in html
    assert "US Schedule IV" in html
    assert 'href="/conditions/seizures/"' in html
    assert "Add-on help." in html
    assert html.count("Off-label use</span>") == 1
    assert "Reviewed by our clinical team on" in html and "2 November 2026" in html
    assert "next review due" in html and "2 November 2029" in html
    # Safety comes before the detail.
    assert html.index("Can cause dependence.") < html.index("It calms nerve activity.")
    assert html.index("Do not mix with opioids.") < html.index("It calms nerve activity.")
    assert html.index("next review due") > html.index("It calms nerve activity.")


def test_condition_page_lists_its_medicines_with_notes_and_off_label_marker(client):
    condition = make_indication(name="Insomnia", slug="insomnia", synonyms="sleeplessness")
    article = make_article(title="Diazepam", slug="diazepam")
    MedicationUse.objects.create(
        medication=article, indication=condition, kind=UseKind.OFF_LABEL, note="Short term."
    )
    make_article(title="Hidden draft", status=Status.DRAFT, uses=[condition])

    html = client.get("/conditions/insomnia/").content.decode()

    assert 'href="/medications/diazepam/"' in html
    assert "Short term." in html
    assert "Off-label use</span>" in html
    assert "sleeplessness" in html
    assert "Hidden draft" not in html


def test_a_draft_article_is_not_found_by_anonymous_visitors(client):
    make_article(slug="secret", status=Status.DRAFT, uses=[make_indication()])
    response = client.get("/medications/secret/")
    assert response.status_code == 404
    assert "could not find that page" in response.content.decode()


def test_draft_content_never_appears_in_lists_or_search(client):
    make_article(title="Draftazepam", slug="draftazepam", status=Status.DRAFT)
    make_indication(name="Draft condition", slug="draft-condition", status=Status.DRAFT)
    for url in ["/", "/medications/", "/conditions/", "/search/?q=Draft"]:
        html = client.get(url).content.decode()
        assert "Draftazepam" not in html
        assert "Draft condition" not in html
    assert client.get("/conditions/draft-condition/").status_code == 404


def test_a_to_z_groups_medicines_by_first_letter(client):
    make_article(title="Diazepam", slug="diazepam")
    make_article(title="Lorazepam", slug="lorazepam")
    make_article(title="Dantrolene", slug="dantrolene")
    html = client.get("/medications/").content.decode()
    assert 'id="letter-D"' in html and 'id="letter-L"' in html
    assert 'id="letter-A"' not in html
    d_section = html[html.index('id="letter-D"') : html.index('id="letter-L"')]
    assert "Dantrolene" in d_section and "Diazepam" in d_section
    assert 'href="/medications/#letter-L"' in html
    assert 'href="/medications/#letter-Q"' not in html


def test_search_finds_medicines_by_brand_and_conditions_by_synonym(client):
    condition = make_indication(name="Seizures", slug="seizures", synonyms="epilepsy, fits")
    make_article(title="Diazepam", slug="diazepam", brand_names="Valium", uses=[condition])
    html = client.get("/search/", {"q": "valium"}).content.decode()
    assert 'href="/medications/diazepam/"' in html
    html = client.get("/search/", {"q": "fits"}).content.decode()
    assert 'href="/conditions/seizures/"' in html
    assert "Condition</span>" in html


@pytest.mark.parametrize("q", ["\x00", "a" * 5000, "%00", "' OR 1=1 --", "{{ 7*7 }}", "<script>"])
def test_search_survives_odd_input(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_unknown_urls_get_the_friendly_404(client):
    response = client.get("/medications/no-such-medicine/")
    assert response.status_code == 404
    assert "Browse medicines A to Z" in response.content.decode()


def test_server_errors_get_the_friendly_500_page(client):
    from django.views.defaults import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_medicine_page_query_count_does_not_grow_with_uses(client, django_assert_num_queries):
    article = make_article(slug="many")
    for i in range(3):
        MedicationUse.objects.create(medication=article, indication=make_indication(), order=i)
    client.get("/medications/many/")  # warms the cached clinic details
    with django_assert_num_queries(2):
        client.get("/medications/many/")
    for i in range(10):
        MedicationUse.objects.create(medication=article, indication=make_indication(), order=i)
    with django_assert_num_queries(2):
        client.get("/medications/many/")


def test_condition_page_query_count_does_not_grow_with_medicines(client, django_assert_num_queries):
    condition = make_indication(slug="busy")
    make_article(uses=[condition])
    client.get("/conditions/busy/")  # warms the cached clinic details
    # The condition, the number of its medicines (for pages), one page of them.
    with django_assert_num_queries(3):
        client.get("/conditions/busy/")
    for _ in range(10):
        make_article(uses=[condition])
    with django_assert_num_queries(3):
        client.get("/conditions/busy/")


def test_list_pages_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(10):
        make_article(uses=[make_indication()])
    client.get("/")  # warms the cached clinic details
    for url in ["/", "/medications/", "/conditions/"]:
        with django_assert_max_num_queries(2):
            client.get(url)


def test_medicine_page_hides_uses_for_unpublished_conditions(client):
    hidden = make_indication(name="Unfinished", slug="unfinished", status=Status.DRAFT)
    make_article(slug="diazepam", uses=[hidden, make_indication(name="Shown")])
    html = client.get("/medications/diazepam/").content.decode()
    assert "Unfinished" not in html
    assert "Shown" in html


@override_settings(DEBUG=False)
def test_home_links_only_letters_with_medicines(client):
    make_article(title="Zolpidem", slug="zolpidem")
    html = client.get(reverse("medinfo:home")).content.decode()
    assert 'href="/medications/#letter-Z"' in html
    assert 'href="/medications/#letter-B"' not in html


def test_medicine_page_reads_the_article_afresh_on_every_request(client, settings):
    settings.PAGE_CACHE = False
    article = make_article(slug="fresh", title="Before", uses=[make_indication(name="Anxiety")])
    assert "Before" in client.get("/medications/fresh/").content.decode()
    # A change that sends no signal (so nothing could invalidate a cached copy).
    MedicationArticle.objects.filter(pk=article.pk).update(title="After")
    Indication.objects.filter(name="Anxiety").update(name="Worry")
    html = client.get("/medications/fresh/").content.decode()
    assert "After" in html and "Worry" in html
    assert "Before" not in html and "Anxiety" not in html


@override_settings(SITE_NAME="Riverside Medicines Guide")
def test_every_page_and_error_page_names_the_site_from_its_setting(client):
    from django.views.defaults import bad_request, permission_denied

    from clinic.views import server_error, service_unavailable

    request = client.get("/").wsgi_request
    pages = {
        "home": client.get("/"),
        "404": client.get("/no-such-page/"),
        "400": bad_request(request, Exception()),
        "403": permission_denied(request, Exception()),
        "500": server_error(request),
        "503": service_unavailable(),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert "| Riverside Medicines Guide</title>" in html, name
        assert "Clinic Medicines Information" not in html, name
        # The error pages cannot read the clinic's details: they show the default line.
        if name not in ("home", "404"):
            assert "In an emergency call 911." in html, name
            assert '<a href="tel:18002221222">1-800-222-1222</a>' in html, name
