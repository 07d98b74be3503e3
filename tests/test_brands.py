"""Brand names lead to the medicine: /medications/valium/ is diazepam."""

import pytest

from medinfo.models import Status

from .factories import make_article

pytestmark = pytest.mark.django_db


def test_a_brand_name_address_redirects_permanently_to_the_medicine(client):
    make_article(slug="diazepam", brand_names="Valium, Diastat AcuDial")
    for url in ["/medications/valium/", "/medications/Valium/", "/medications/diastat-acudial/"]:
        response = client.get(url)
        assert response.status_code == 301, url
        assert response["Location"] == "/medications/diazepam/"


def test_an_article_with_that_slug_wins_over_a_brand(client):
    make_article(slug="diazepam", brand_names="Valium")
    make_article(slug="valium", title="Valium: a page of its own")
    response = client.get("/medications/valium/")
    assert response.status_code == 200
    assert "Valium: a page of its own" in response.content.decode()


def test_a_brand_shared_by_several_medicines_offers_a_choice(client):
    make_article(slug="diazepam", title="Diazepam", generic_name="diazepam", brand_names="Calmex")
    make_article(
        slug="lorazepam", title="Lorazepam", generic_name="lorazepam", brand_names="calmex"
    )
    response = client.get("/medications/calmex/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Calmex is the brand name of more than one medicine" in html
    assert 'href="/medications/diazepam/"' in html
    assert 'href="/medications/lorazepam/"' in html
    assert html.index("Diazepam") < html.index("Lorazepam")


def test_unpublished_medicines_do_not_count_for_a_brand(client):
    make_article(slug="diazepam", brand_names="Calmex")
    make_article(slug="secret", brand_names="Calmex", status=Status.DRAFT)
    make_article(slug="draft-only", brand_names="Hushed", status=Status.DRAFT)
    assert client.get("/medications/calmex/")["Location"] == "/medications/diazepam/"
    assert client.get("/medications/hushed/").status_code == 404


def test_part_of_a_brand_name_is_not_a_brand(client):
    make_article(slug="diazepam", brand_names="Valium, Diastat AcuDial")
    for url in ["/medications/val/", "/medications/diastat/", "/medications/acudial/"]:
        assert client.get(url).status_code == 404, url


def test_an_unknown_name_is_the_friendly_404(client):
    response = client.get("/medications/no-such-brand/")
    assert response.status_code == 404
    assert "could not find that page" in response.content.decode()
