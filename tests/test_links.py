"""slug_url gives exactly what reverse() gives, whatever the slug and the script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from hypothesis import given
from hypothesis import strategies as st

from medinfo.links import page_url, slug_url

ROUTES = ["medinfo:medication_detail", "medinfo:condition_detail", "medinfo:drug_class_detail"]


@given(
    route=st.sampled_from(ROUTES),
    slug=st.from_regex(r"[-a-zA-Z0-9_]+", fullmatch=True),
)
def test_slug_url_matches_reverse(route, slug):
    assert slug_url(route, slug) == reverse(route, kwargs={"slug": slug})


@pytest.mark.parametrize("prefix", ["/", "/clinic/", "/a b/"])
def test_slug_url_follows_the_script_prefix(prefix):
    set_script_prefix(prefix)
    try:
        for route in ROUTES:
            assert slug_url(route, "diazepam") == reverse(route, kwargs={"slug": "diazepam"})
        assert slug_url(ROUTES[0], "diazepam").startswith(reverse("medinfo:home"))
    finally:
        clear_script_prefix()


@pytest.mark.parametrize("slug", ["", "with space", "a/b", "dïazepam"])
def test_a_slug_the_route_refuses_fails_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        slug_url(ROUTES[0], slug)


PAGES = [
    "medinfo:home",
    "medinfo:medication_list",
    "medinfo:condition_list",
    "medinfo:drug_class_list",
    "medinfo:search",
]


@pytest.mark.parametrize("prefix", ["/", "/clinic/"])
def test_page_url_matches_reverse_under_any_script_prefix(prefix):
    set_script_prefix(prefix)
    try:
        for page in PAGES:
            assert page_url(page) == reverse(page)
    finally:
        clear_script_prefix()


def test_header_and_footer_link_the_main_pages(client, db):
    html = client.get("/conditions/").content.decode()
    for page in PAGES:
        assert f'href="{reverse(page)}"' in html or f'action="{reverse(page)}"' in html
