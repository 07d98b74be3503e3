"""Page cache keys (medinfo/pagecache/keys.py): only the query parameters a page reads."""

import pytest
from django.core.cache import caches

from medinfo import pagecache

from .factories import make_article, make_indication

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def stored_pages() -> list[str]:
    """Keys of pages in the (local-memory) test cache."""
    return [key for key in caches["default"]._cache if pagecache.PAGE_KEY_PREFIX in key]


def test_junk_query_strings_add_no_cache_keys_and_no_renders_after_the_first(
    client, django_assert_num_queries
):
    make_article(slug="diazepam", title="Diazepam", uses=[make_indication()])
    first = client.get("/medications/diazepam/?utm_source=0")
    assert first.status_code == 200 and len(stored_pages()) == 1

    with django_assert_num_queries(0):  # nothing rendered: a render reads the database
        for n in range(1, 200):
            response = client.get(
                f"/medications/diazepam/?utm_source={n}&fbclid=x{n}&page=&ref=%FF{n}"
            )
            assert response.status_code == 200
            assert response.content == first.content

    assert len(stored_pages()) == 1
    assert client.get("/medications/diazepam/").content == first.content


@pytest.mark.parametrize(
    ("same", "url"),
    [
        ("/medications/?letter=b", "/medications/?letter=B"),
        ("/medications/?letter=B&page=2", "/medications/?page=02&letter=b&utm_source=x"),
        ("/conditions/", "/conditions/?page=abc"),
        ("/search/?q=valium", "/search/?q=valium&q=valium&page=3"),
    ],
)
def test_the_parameters_a_page_reads_are_normalised_into_one_key(
    client, django_assert_num_queries, same, url
):
    make_article(title="Benzotest", uses=[make_indication()])
    client.get(same)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    assert len(stored_pages()) == 1


def test_a_parameter_the_page_reads_still_makes_a_page_of_its_own(client):
    make_article(title="Valiumtest", slug="valiumtest", uses=[make_indication()])
    found = client.get("/search/?q=valiumtest").content
    nothing = client.get("/search/?q=zzzzzz").content
    assert found != nothing
    assert len(stored_pages()) == 2
