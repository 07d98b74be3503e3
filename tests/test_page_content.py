"""Safety first on the page, both-way links, the home page and printing."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_boxed_warning_and_get_help_now_come_before_the_detail(client, demo):
    html = client.get("/medications/diazepam/").content.decode()
    boxed = html.index('class="callout callout-boxed"')
    get_help = html.index('class="callout callout-emergency callout-get-help"')
    detail = html.index('id="how-it-works"')
    assert boxed < get_help < detail
    assert 'aria-labelledby="boxed-warning-heading"' in html
    help_box = html[get_help : html.index("</section>", get_help)]
    assert "Get help now: call 911 if" in help_box
    assert "very slow or shallow" in help_box.lower()
    assert "cannot be woken up" in help_box.lower()


def test_a_medicine_and_its_conditions_link_both_ways(client, demo):
    medicine = client.get("/medications/diazepam/").content.decode()
    related = medicine.split('<h2 id="uses">Related conditions</h2>', 1)[1].split("</section>")[0]
    assert 'href="/conditions/seizures/"' in related
    condition = client.get("/conditions/seizures/").content.decode()
    used_for = condition.split('<h2 id="medicines">Medicines used for this</h2>', 1)[1]
    used_for = used_for.split("</section>")[0]
    assert 'href="/medications/diazepam/"' in used_for


def test_the_home_page_offers_search_letters_and_common_conditions(client, demo):
    html = client.get("/").content.decode()
    assert 'id="home-search-q"' in html
    assert 'href="/medications/#letter-D"' in html
    assert 'href="/medications/#letter-B"' not in html
    assert '<span class="letter-empty">B' in html
    common = html.split("Common conditions</h2>", 1)[1]
    assert 'href="/conditions/seizures/"' in common
    assert 'href="/conditions/"' in common


def test_every_page_prints_its_own_address(client, demo):
    html = client.get("/medications/diazepam/?from=leaflet").content.decode()
    assert (
        '<p class="print-only">Printed from http://testserver/medications/diazepam/?from=leaflet</p>'
        in html
    )


def test_the_print_stylesheet_drops_navigation_and_keeps_warnings_and_dates():
    css = (Path(settings.BASE_DIR) / "static/css/print.css").read_text()
    hidden = css.split("display: none", 1)[0].rsplit("}", 1)[-1]
    for selector in [".site-header nav", ".search-form", ".toc", ".site-footer nav"]:
        assert selector in hidden
    for selector in [".callout", ".review-dates", ".print-only"]:
        assert selector not in hidden
    assert ".print-only { display: block" in css
    site_css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    assert ".print-only { display: none; }" in site_css


def test_the_home_page_lists_the_most_common_conditions_first(client):
    from medinfo.views import COMMON_CONDITIONS

    from .factories import make_article, make_indication

    rare = make_indication(name="Aardvark fever", slug="rare")
    common = make_indication(name="Zzz syndrome", slug="common")
    make_article(uses=[common, rare])
    make_article(uses=[common])
    for i in range(COMMON_CONDITIONS):
        make_indication(name=f"Unused {i}", slug=f"unused-{i}")
    html = client.get("/").content.decode().split("Common conditions</h2>", 1)[1]
    assert html.index('href="/conditions/common/"') < html.index('href="/conditions/rare/"')
    assert html.count('href="/conditions/unused-') == COMMON_CONDITIONS - 2
