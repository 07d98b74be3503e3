"""Query budgets per public page type, and pages that stay small as the catalogue grows."""

import datetime
import gzip
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from medinfo import pagecache as page_cache
from medinfo import views
from medinfo.models import MedicationUse, UseKind

from .factories import make_article, make_drug_class, make_indication

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def grow(condition, count: int) -> None:
    for _ in range(count):
        make_article(uses=[condition, make_indication()], drug_class=condition.calm)


def queries_for(client, url, django_assert_max_num_queries) -> int:
    client.get(url)  # warms the cached clinic details (one query per cache lifetime)
    with django_assert_max_num_queries(50) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


# url, budget (queries with nothing cached)
BUDGETS = [
    ("/", 2),
    ("/medications/", 2),
    ("/medications/?letter=T", 2),
    ("/medications/diazepam/", 2),
    ("/conditions/", 2),
    ("/conditions/busy/", 3),
    ("/drug-classes/", 1),
    ("/drug-classes/calm/", 3),
    # PostgreSQL: drug classes, medicines, conditions (names come with the rows).
    # The fallback reads the text matches and the items; its names are cached.
    ("/search/?q=testamine", 3),
]


@pytest.mark.parametrize(("url", "budget"), BUDGETS)
def test_each_public_page_keeps_its_query_budget_as_content_grows(
    client, url, budget, django_assert_max_num_queries
):
    busy = make_indication(slug="busy")
    busy.calm = make_drug_class(slug="calm")
    article = make_article(slug="diazepam", title="Diazepam", uses=[busy], drug_class=busy.calm)
    grow(busy, 2)
    small = queries_for(client, url, django_assert_max_num_queries)

    grow(busy, 15)
    for _ in range(5):
        MedicationUse.objects.create(medication=article, indication=make_indication())
    large = queries_for(client, url, django_assert_max_num_queries)

    assert small == large == budget


def test_everything_the_medicine_page_shows_comes_with_its_two_queries(
    client, django_user_model, django_assert_max_num_queries
):
    reviewer = django_user_model.objects.create_user(
        "reviewer", first_name="Rita", last_name="Reviewer", is_staff=True
    )
    article = make_article(
        slug="diazepam",
        brand_names="Valium, Diastat",
        drug_class=make_drug_class(name="Benzodiazepines", slug="benzodiazepines"),
        reviewed_by=reviewer,
        last_reviewed=datetime.date(2026, 1, 5),
        key_facts="Take it as prescribed",
        boxed_warning="<p>Do not mix with opioids.</p>",
    )
    MedicationUse.objects.create(
        medication=article,
        indication=make_indication(name="Muscle spasm", slug="muscle-spasm"),
        kind=UseKind.OFF_LABEL,
        note="Relaxes the muscles.",
    )
    client.get("/medications/diazepam/")  # warms the cached clinic details
    with django_assert_max_num_queries(2):
        html = client.get("/medications/diazepam/").content.decode()
    for shown in (
        "Rita Reviewer",
        'href="/drug-classes/benzodiazepines/"',
        'href="/conditions/muscle-spasm/"',
        "Relaxes the muscles.",
        "Off-label use",
        "Valium, Diastat",
        "Do not mix with opioids.",
    ):
        assert shown in html


def test_a_to_z_query_budget_holds_in_letter_mode(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(views, "AZ_SINGLE_PAGE_LIMIT", 3)
    for _ in range(6):
        make_article()
    small = queries_for(client, "/medications/?letter=T", django_assert_max_num_queries)
    for _ in range(20):
        make_article()
    assert queries_for(client, "/medications/?letter=T", django_assert_max_num_queries) == small
    # Letters in use, count, one page of medicines.
    assert small == 3


# --- large catalogues -------------------------------------------------------------


@pytest.fixture
def big_catalogue(monkeypatch):
    monkeypatch.setattr(views, "AZ_SINGLE_PAGE_LIMIT", 4)
    monkeypatch.setattr(views, "AZ_PAGE_SIZE", 3)
    for title in ["Alprazolam", "Amitriptyline", "Diazepam", "Dantrolene", "Donepezil",
                  "Doxepin", "Lorazepam", "5-HTP sample"]:  # fmt: skip
        make_article(title=title, slug=title.lower().replace(" ", "-"))


def test_a_big_a_to_z_shows_one_letter_at_a_time(client, big_catalogue):
    html = client.get("/medications/?letter=d").content.decode()
    assert "Medicines A to Z: D" in html
    assert "Dantrolene" in html and "Diazepam" in html and "Donepezil" in html
    assert "Alprazolam" not in html and "Lorazepam" not in html
    assert 'href="/medications/?letter=L"' in html
    assert 'href="/medications/?letter=Q"' not in html
    # Four D medicines, three a page.
    assert 'href="?letter=D&amp;page=2"' in html
    page_two = client.get("/medications/?letter=D&page=2").content.decode()
    assert "Doxepin" in page_two and "Diazepam" not in page_two


def test_a_big_a_to_z_starts_at_the_first_letter_and_survives_odd_input(client, big_catalogue):
    first = client.get("/medications/").content.decode()
    assert "Alprazolam" in first and "Diazepam" not in first
    for query in ["?letter=%00", "?letter=ZZ", "?letter=Q", "?page=abc", "?letter=D&page=999"]:
        response = client.get("/medications/" + query)
        assert response.status_code == 200, query
    assert "5-HTP sample" in client.get("/medications/?letter=%23").content.decode()


def test_home_links_letter_pages_for_a_big_catalogue(client, big_catalogue):
    html = client.get("/").content.decode()
    assert 'href="/medications/?letter=D"' in html
    assert 'href="/medications/?letter=B"' not in html


def test_a_condition_with_many_medicines_is_paginated(client, monkeypatch):
    monkeypatch.setattr(views, "CONDITION_PAGE_SIZE", 5)
    condition = make_indication(slug="busy")
    for n in range(12):
        make_article(title=f"Medicine {n:02d}", uses=[condition])
    first = client.get("/conditions/busy/").content.decode()
    assert "Medicine 04" in first and "Medicine 05" not in first
    assert "Page 1 of 3" in first
    last = client.get("/conditions/busy/?page=3").content.decode()
    assert "Medicine 11" in last and "Medicine 09" not in last
    assert client.get("/conditions/busy/?page=nonsense").status_code == 200


def test_long_condition_lists_are_paginated(client, monkeypatch):
    monkeypatch.setattr(views, "CONDITIONS_PER_PAGE", 4)
    for n in range(6):
        make_indication(name=f"Condition {n:02d}")
    first = client.get("/conditions/").content.decode()
    assert "Condition 03" in first and "Condition 04" not in first
    assert "Condition 05" in client.get("/conditions/?page=2").content.decode()


def test_a_big_drug_class_is_paginated(client, monkeypatch):
    monkeypatch.setattr(views, "DRUG_CLASS_PAGE_SIZE", 3)
    family = make_drug_class(slug="family")
    for n in range(5):
        make_article(title=f"Member {n}", drug_class=family)
    first = client.get("/drug-classes/family/").content.decode()
    assert "Member 2" in first and "Member 3" not in first
    assert "Member 4" in client.get("/drug-classes/family/?page=2").content.decode()


def test_medicine_page_html_and_css_are_under_30_kb_compressed(client):
    call_command("load_demo_content", stdout=io.StringIO())
    html = client.get("/medications/diazepam/").content
    css = (ROOT / "static/css/site.css").read_bytes()
    compressed = len(gzip.compress(html)) + len(gzip.compress(css))
    assert compressed <= 30 * 1024
    # Structured data only: nothing for a browser to run.
    scripts = re.findall(rb"<script[^>]*>", html)
    assert scripts and all(b'type="application/ld+json"' in tag for tag in scripts)


def test_the_home_page_counts_uses_per_condition_once_per_content_change(
    client, django_assert_max_num_queries
):
    rare = make_indication(name="Aaa rare")
    common = make_indication(name="Zzz common")
    make_article(uses=[rare, common])
    make_article(uses=[common])
    client.get("/")
    with django_assert_max_num_queries(2) as captured:
        html = client.get("/").content.decode()
    assert not any('"medinfo_medicationuse"' in q["sql"] for q in captured.captured_queries)
    assert html.index("Zzz common") < html.index("Aaa rare")

    for _ in range(2):
        make_article(uses=[rare])
    page_cache.invalidate_all()  # what committing those saves does
    html = client.get("/").content.decode()
    assert html.index("Aaa rare") < html.index("Zzz common")
