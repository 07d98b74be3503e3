"""Search: names, brands, classes, synonyms and text; forgiving of typos; published only.

The same tests run on PostgreSQL (full text + pg_trgm) and on SQLite (the fallback).
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medinfo import pagecache as page_cache
from medinfo import search
from medinfo.models import MedicationArticle, Status

from .factories import make_article, make_drug_class, make_indication

pytestmark = pytest.mark.django_db


def top_hit(query: str) -> str:
    results = search.search(query)
    assert results.hits, f"nothing found for {query!r}"
    return results.hits[0].item.get_absolute_url()


def urls(query: str) -> list[str]:
    return [hit.item.get_absolute_url() for hit in search.search(query).hits]


def test_search_uses_the_database_native_backend():
    if connection.vendor == "postgresql":
        assert search.backend_name() == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            assert cursor.fetchone() == (1,)
    else:
        assert search.backend_name() == "fallback"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("diazepam", "/medications/diazepam/"),
        ("Lorazepam", "/medications/lorazepam/"),
        ("valium", "/medications/diazepam/"),
        ("Diastat", "/medications/diazepam/"),
        ("ATIVAN", "/medications/lorazepam/"),
        ("epilepsy", "/conditions/seizures/"),
        ("fits", "/conditions/seizures/"),
        ("detox", "/conditions/alcohol-withdrawal/"),
        ("panic attacks", "/conditions/anxiety-disorders/"),
        ("trouble sleeping", "/conditions/insomnia/"),
        ("seizures", "/conditions/seizures/"),
    ],
)
def test_names_brands_and_synonyms_find_the_right_page_first(demo, query, expected):
    assert top_hit(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("diazapam", "/medications/diazepam/"),
        ("diazepan", "/medications/diazepam/"),
        ("dizepam", "/medications/diazepam/"),
        ("valum", "/medications/diazepam/"),
        ("lorazepan", "/medications/lorazepam/"),
        ("lorazapam", "/medications/lorazepam/"),
        ("ativn", "/medications/lorazepam/"),
        ("atavan", "/medications/lorazepam/"),
        ("seizers", "/conditions/seizures/"),
        ("siezures", "/conditions/seizures/"),
        ("anxeity", "/conditions/anxiety-disorders/"),
        ("insomia", "/conditions/insomnia/"),
        ("insomnai", "/conditions/insomnia/"),
        ("epilepsey", "/conditions/seizures/"),
        ("convulsons", "/conditions/seizures/"),
        ("alchohol withdrawl", "/conditions/alcohol-withdrawal/"),
    ],
)
def test_misspelt_names_still_find_the_right_page_first(demo, query, expected):
    assert top_hit(query) == expected


def test_a_misspelling_offers_the_correct_name(demo):
    results = search.search("diazapam")
    assert results.only_near_misses
    assert results.suggestions[0] == "diazepam"


def test_a_misspelt_condition_also_brings_the_medicines_for_it(demo):
    found = urls("anxeity")
    assert found[0] == "/conditions/anxiety-disorders/"
    assert {"/medications/diazepam/", "/medications/lorazepam/"} <= set(found)
    assert all(hit.fuzzy for hit in search.search("anxeity").hits)


def test_a_drug_class_finds_its_medicines_and_says_why(demo):
    results = search.search("benzodiazepines")
    found = {hit.item.get_absolute_url() for hit in results.hits if hit.kind == "medicine"}
    assert found == {"/medications/diazepam/", "/medications/lorazepam/"}
    assert results.hits[0].match_note == "Type of medicine: Benzodiazepines"


def test_a_brand_or_synonym_hit_says_which_name_matched(demo):
    assert search.search("diastat").hits[0].match_note == "Brand name: Diastat"
    assert search.search("fits").hits[0].match_note == "Also called: fits"
    assert search.search("diazepam").hits[0].match_note == ""


def test_words_in_the_text_find_a_medicine_but_names_rank_above_text():
    named = make_article(title="Quellazine", slug="quellazine", generic_name="quellazine")
    mentioned = make_article(
        title="Other medicine",
        slug="other",
        how_it_works="Unlike quellazine, it works slowly on the nerves.",
    )
    assert urls("quellazine") == [named.get_absolute_url(), mentioned.get_absolute_url()]
    assert urls("nerves") == [mentioned.get_absolute_url()]


def test_condition_text_is_searched_too():
    condition = make_indication(name="Vertigo", slug="vertigo", body="A spinning feeling.")
    assert urls("spinning") == [condition.get_absolute_url()]


def test_only_published_content_is_searched_even_with_typos():
    make_article(
        title="Draftazepam",
        slug="draftazepam",
        generic_name="draftazepam",
        brand_names="Secretium",
        status=Status.DRAFT,
    )
    make_indication(name="Hidden illness", synonyms="concealitis", status=Status.DRAFT)
    for query in ["draftazepam", "draftazepan", "secretium", "concealitis", "hidden illness"]:
        results = search.search(query)
        assert results.hits == []
        assert not any("raftazepam" in s or "ecretium" in s for s in results.suggestions)


def test_a_future_publication_date_keeps_content_out_of_search():
    import datetime

    from django.utils import timezone

    make_article(
        title="Laterazepam",
        slug="laterazepam",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert search.search("laterazepam").hits == []


def test_nonsense_finds_nothing_and_suggests_nothing(demo):
    results = search.search("qwxzv")
    assert results.hits == []
    assert results.suggestions == []


def test_full_width_and_mixed_case_letters_are_normalised(demo):
    assert top_hit("ｖａｌｉｕｍ") == "/medications/diazepam/"
    assert top_hit("  DiAzEpAm  ") == "/medications/diazepam/"


def test_clean_query_removes_control_characters_and_bounds_length():
    assert search.clean_query("dia\x00zepam") == "dia zepam"
    assert search.clean_query("a\u202eb") == "a b"
    assert len(search.clean_query("x" * 10_000)) == search.MAX_QUERY_LENGTH
    assert search.clean_query("   ") == ""


def test_tokens_drop_stopwords_repeats_and_stay_bounded():
    assert search.tokens("what is the dose of valium for valium") == ["dose", "valium"]
    assert len(search.tokens(" ".join(f"word{i}" for i in range(50)))) == search.MAX_TOKENS


def test_edit_distance_counts_a_swap_as_one_slip_and_stops_at_the_limit():
    assert search.edit_distance("anxeity", "anxiety", 2) == 1
    assert search.edit_distance("valum", "valium", 1) == 1
    assert search.edit_distance("seizers", "seizures", 2) == 2
    assert search.edit_distance("aspirin", "diazepam", 2) == 3
    assert search.edit_distance("a", "abcdefgh", 2) == 3


# -- the page --------------------------------------------------------------------


def test_results_say_medicine_or_condition_with_a_summary(client, demo):
    html = client.get("/search/", {"q": "anxiety"}).content.decode()
    assert 'class="badge badge-condition">Condition</span>' in html
    assert 'class="badge badge-medicine">Medicine</span>' in html
    assert 'href="/conditions/anxiety-disorders/"' in html
    assert "Anxiety disorders" in html and "worry" in html.lower()


def test_an_empty_query_shows_guidance(client, demo):
    response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Type the name of a medicine" in html
    assert "result" not in html.split("<main", 1)[1].lower().replace("results for", "")


def test_no_results_suggests_the_closest_names_as_links(client, demo):
    html = client.get("/search/", {"q": "dhiasepamm"}).content.decode()
    assert "We found no medicines or conditions" in html
    assert 'Did you mean <a href="/search/?q=diazepam">diazepam</a>' in html


def test_a_near_miss_shows_results_and_the_correct_spelling(client, demo):
    html = client.get("/search/", {"q": "valum"}).content.decode()
    assert 'href="/medications/diazepam/"' in html
    assert "No exact match for “valum”. Showing 1 result for the closest name." in html
    assert 'Did you mean <a href="/search/?q=Valium">Valium</a>?' in html


def test_search_pages_are_not_indexed_and_have_no_canonical(client, demo):
    html = client.get("/search/", {"q": "valium"}).content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


HOSTILE = [
    "\x00",
    "valium\x00",
    "dia\x00zepam",
    "a" * 10_000,
    "valium " * 2_000,
    "%00",
    "' OR 1=1 --",
    "'; DROP TABLE medinfo_medicationarticle; --",
    "\" \\ \\\\ '",
    "{{ 7*7 }}",
    "{% debug %}",
    "<script>alert(1)</script>",
    "diazepam & | ! :* ( ) <-> <2>",
    "!!!",
    "*",
    ".*+?^$[](){}|",
    "\u202ediazepam\u202c",
    "\u200b\u200c\u200d\ufeff",
    "💊😷" * 30,
    "e\u0301" * 60,
    "\U0010ffff\ue000",
    "ｄｉａｚｅｐａｍ",
    "مرحبا диазепам 地西泮",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_gets_a_normal_page(client, demo, query):
    response = client.get("/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in html
    main = html.split("<main", 1)[1]
    assert "<script>" not in main
    assert "\x00" not in html


def test_a_query_string_that_is_not_valid_utf8_gets_a_normal_page(client, demo):
    response = client.get("/search/?q=%ED%A0%80%FF%FE")
    assert response.status_code == 200


def test_a_repeated_q_parameter_uses_the_last_value(client, demo):
    response = client.get("/search/?q=xx&q=valium")
    assert 'href="/medications/diazepam/"' in response.content.decode()


def test_search_queries_stay_bounded_for_long_queries(client, demo, django_assert_max_num_queries):
    client.get("/")  # warms the cached clinic details
    with django_assert_max_num_queries(2 * search.MAX_TOKENS + 8):
        client.get("/search/", {"q": " ".join(f"word{i}" for i in range(200))})


def test_search_ranks_a_medicine_class_hit_below_a_name_hit():
    drug_class = make_drug_class(name="Calmatives", slug="calmatives")
    by_class = make_article(title="Other", slug="other", drug_class=drug_class)
    by_name = make_article(title="Calmative", slug="calmative", generic_name="calmative")
    assert urls("calmative") == [by_name.get_absolute_url(), by_class.get_absolute_url()]


# -- work per search -------------------------------------------------------------


def captured_sql(django_assert_max_num_queries, query: str, budget: int) -> list[str]:
    with django_assert_max_num_queries(budget) as captured:
        search.search(query)
    return [q["sql"] for q in captured.captured_queries]


def test_a_misspelt_search_needs_the_same_few_queries_however_big_the_catalogue(
    demo, django_assert_max_num_queries
):
    search.search("diazapam")  # the fallback reads its list of names once
    # Hits, "did you mean" and the corrected spelling's hits together.
    small = captured_sql(django_assert_max_num_queries, "diazapam", 9)
    for n in range(40):
        make_article(title=f"Diazapine {n}", slug=f"diazapine-{n}", generic_name=f"diazapine{n}")
        make_indication(name=f"Disorder {n}", synonyms=f"dizziness {n}")
    page_cache.invalidate_all()  # what committing those saves does
    search.search("diazapam")
    large = captured_sql(django_assert_max_num_queries, "diazapam", 9)
    assert len(small) == len(large)


def test_postgresql_matches_the_stored_document_and_trigram_operators_not_the_text(
    demo, django_assert_max_num_queries
):
    search.search("anxeity")
    sql = " ".join(captured_sql(django_assert_max_num_queries, "anxeity", 9))
    if connection.vendor == "postgresql":
        assert '"search_document" @@' in sql
        assert "%>" in sql  # pg_trgm's word-similarity operator, served by the GIN indexes
        assert "to_tsvector(" not in sql
    else:
        assert "search_document" not in sql
        assert "to_tsvector(" not in sql


def test_the_stored_search_document_leaves_out_html_markup():
    article = make_article(
        title="Markupine",
        slug="markupine",
        how_it_works='<p>It calms <strong>nerves</strong> &amp; <a href="https://x.org">more</a>.</p>',
    )
    stored = MedicationArticle.objects.values_list("search_document", flat=True).get(pk=article.pk)
    if connection.vendor == "postgresql":
        assert "'nerv'" in stored and "'markupin'" in stored
        for markup in ("strong", "href", "amp", "x.org", "'p'"):
            assert markup not in stored
        assert urls("strong") == []
        assert urls("nerves") == [article.get_absolute_url()]
    else:
        assert stored is None


def test_the_search_document_follows_bulk_updates():
    article = make_article(title="Updatine", slug="updatine", generic_name="updatine")
    MedicationArticle.objects.filter(pk=article.pk).update(summary="Soothes the quellspasm.")
    assert urls("quellspasm") == [article.get_absolute_url()]


def test_new_names_are_found_as_soon_as_content_changes():
    make_article(title="Firstamine", slug="firstamine", generic_name="firstamine")
    assert search.search("firstamin").hits  # the fallback now holds the list of names
    later = make_article(title="Zelquorin", slug="zelquorin", generic_name="zelquorin")
    page_cache.invalidate_all()  # what committing the save does
    assert urls("zelquorn") == [later.get_absolute_url()]
    assert search.search("zelquorn").suggestions == ["zelquorin"]


def test_a_full_page_of_near_misses_is_not_searched_again(monkeypatch):
    """A misspelling is retried with its correction only while the list has room."""
    for title in ("Diazepam", "Diazepan", "Diazopam", "Diazepim"):
        make_article(title=title, slug=title.lower(), generic_name=title.lower())
    page_cache.invalidate_all()
    calls = []
    real_hits = search._hits
    monkeypatch.setattr(search, "_hits", lambda *args: calls.append(args) or real_hits(*args))

    results = search.search("diazapam")
    assert results.only_near_misses and results.suggestions
    assert [args[0] for args in calls] == ["diazapam", results.suggestions[0]]

    calls.clear()
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    results = search.search("diazapam")
    assert results.count == 3 and results.only_near_misses
    assert [args[0] for args in calls] == ["diazapam"]


def test_the_planner_knows_trigram_operators_are_costly_and_uses_their_indexes():
    """With thousands of names PostgreSQL must search through the trigram indexes.

    pg_trgm's operators are costed like an integer comparison, so the planner
    reads every row instead (about five times slower at 5,000 medicines);
    migrate's post_migrate handler raises their cost.
    """
    if connection.vendor != "postgresql":
        assert search.tune_trigram_operator_costs(using="default") is False
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, procost FROM pg_proc WHERE proname = ANY(%s)",
            [[f.split("(")[0] for f in search.TRIGRAM_OPERATOR_FUNCTIONS]],
        )
        costs = dict(cursor.fetchall())
    assert costs == {f.split("(")[0]: 100 for f in search.TRIGRAM_OPERATOR_FUNCTIONS}

    with connection.cursor() as cursor:
        # Loading and reindexing are maintenance, not a page: for the rest of this
        # test's transaction the site's statement time limit does not apply.
        cursor.execute("SET LOCAL statement_timeout = 0")
    call_command("make_bench_data", medications=5000, conditions=20, stdout=io.StringIO())
    with connection.cursor() as cursor:
        # Rolled-back rows of earlier tests leave the indexes bloated, which a
        # real catalogue's indexes are not: rebuild them as a fresh load would.
        cursor.execute("REINDEX TABLE medinfo_medicationarticle")
        cursor.execute("ANALYZE medinfo_medicationarticle")
    with CaptureQueriesContext(connection) as captured:
        results = search.search("azepam")
    assert results.count == search.MAX_RESULTS
    medicine_sql = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "medinfo_medicationarticle"."') and "%>" in q["sql"]
    ]
    assert medicine_sql
    with connection.cursor() as cursor:
        for sql in medicine_sql:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "medinfo_article_names_trgm" in plan, plan
            assert "Seq Scan on medinfo_medicationarticle" not in plan, plan


def test_near_misses_are_their_own_suggestions_without_another_lookup(demo, monkeypatch):
    def no_lookup(query):
        raise AssertionError("looked up names again")

    monkeypatch.setattr(search, "suggestion_names", no_lookup)
    results = search.search("diazapam")
    assert results.only_near_misses
    assert results.suggestions[0].casefold() == "diazepam"
