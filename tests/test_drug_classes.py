"""Browse by drug class, linked from each medicine page."""

import pytest

from medinfo.models import Status

from .factories import make_article, make_drug_class, make_indication

pytestmark = pytest.mark.django_db


def test_a_medicine_page_links_to_its_drug_class(client):
    benzos = make_drug_class(name="Benzodiazepines", slug="benzodiazepines")
    make_article(slug="diazepam", drug_class=benzos, uses=[make_indication()])
    html = client.get("/medications/diazepam/").content.decode()
    assert '<a href="/drug-classes/benzodiazepines/">Benzodiazepines</a>' in html


def test_a_drug_class_page_lists_its_published_medicines(client):
    benzos = make_drug_class(
        name="Benzodiazepines", slug="benzodiazepines", description="Calming medicines."
    )
    make_article(title="Lorazepam (Ativan)", slug="lorazepam", drug_class=benzos)
    make_article(title="Diazepam (Valium)", slug="diazepam", drug_class=benzos)
    make_article(title="Draftazepam", slug="draft", drug_class=benzos, status=Status.DRAFT)
    make_article(title="Other family", slug="other")
    response = client.get("/drug-classes/benzodiazepines/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Benzodiazepines</h1>" in html
    assert "Calming medicines." in html
    assert html.index("Diazepam (Valium)") < html.index("Lorazepam (Ativan)")
    assert "Draftazepam" not in html
    assert "Other family" not in html


def test_a_class_with_nothing_published_has_no_page(client):
    empty = make_drug_class(slug="empty")
    make_article(slug="draft", drug_class=empty, status=Status.DRAFT)
    assert client.get("/drug-classes/empty/").status_code == 404
    assert client.get("/drug-classes/no-such-class/").status_code == 404


def test_the_drug_class_list_shows_classes_with_published_medicines(client):
    used = make_drug_class(name="Benzodiazepines", slug="benzodiazepines")
    unused = make_drug_class(name="Unpublished family", slug="unpublished")
    make_article(drug_class=used)
    make_article(drug_class=used)
    make_article(drug_class=unused, status=Status.DRAFT)
    html = client.get("/drug-classes/").content.decode()
    assert 'href="/drug-classes/benzodiazepines/"' in html
    assert "2 medicines" in html
    assert "Unpublished family" not in html


def test_the_a_to_z_offers_browsing_by_type(client):
    html = client.get("/medications/").content.decode()
    assert 'href="/drug-classes/"' in html


def test_drug_class_page_queries_do_not_grow_with_medicines(client, django_assert_num_queries):
    benzos = make_drug_class(slug="benzodiazepines")
    make_article(drug_class=benzos)
    client.get("/drug-classes/benzodiazepines/")  # warms the cached clinic details
    # The class, the number of its medicines (for pages), one page of them.
    with django_assert_num_queries(3):
        client.get("/drug-classes/benzodiazepines/")
    for _ in range(5):
        make_article(drug_class=benzos)
    with django_assert_num_queries(3):
        client.get("/drug-classes/benzodiazepines/")
