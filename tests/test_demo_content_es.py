"""Spanish demo content (medinfo/demo/content_es.py): complete, safe, Spanish, easy to read."""

from __future__ import annotations

import re

import pytest
import textstat

from medinfo.demo import content, content_es
from medinfo.readability import prepare
from tests.spanish_queries import SPANISH_QUERIES

# Fields of the English data that are codes, choices, dates or links, not text to translate.
NOT_TRANSLATED = {
    "rxnorm_codes",
    "icd10cm_codes",
    "snomed_codes",
    "drug_class",
    "prescription_status",
    "controlled_schedule",
    "status",
    "last_reviewed",
    "next_review_due",
    "uses",
}
ONE_ITEM_PER_LINE = ("key_facts", "get_help_now", "sources")
# Same idea as medinfo/readability.py: medicine names are read as names, not vocabulary.
DRUG_NAMES = ["diazepam", "lorazepam", "Valium", "Diastat", "Ativan"]
# Measured with textstat 0.7.8 (set_lang("es")) on this content: lowest single field 58.3
# (diazepam interactions, a list of medicine names), lowest whole page 76.8 (see the report).
FIELD_FLOOR = 55.0
PAGE_FLOOR = 72.0
ENGLISH_WORDS = {
    "the",
    "and",
    "you",
    "your",
    "with",
    "this",
    "that",
    "for",
    "are",
    "can",
    "take",
    "when",
    "should",
}

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def translatable(entry: dict) -> list[str]:
    return [
        name
        for name, value in entry.items()
        if name not in NOT_TRANSLATED and isinstance(value, str)
    ]


def pairs():
    """(label, English entry, Spanish entry) for every page in the demo data."""
    for group, english, spanish, key in (
        ("class", content.DRUG_CLASSES, content_es.DRUG_CLASSES_ES, "slug"),
        ("condition", content.INDICATIONS, content_es.INDICATIONS_ES, "slug"),
        ("medicine", content.ARTICLES, content_es.ARTICLES_ES, "slug"),
    ):
        for entry in english:
            yield f"{group} {entry[key]}", entry, spanish.get(entry[key])


PAIRS = list(pairs())
IDS = [label for label, _, _ in PAIRS]


def long_fields(english: dict, spanish: dict) -> list[str]:
    return [name for name in translatable(english) if len(english[name].split()) >= 15]


@pytest.fixture
def spanish_textstat():
    textstat.set_lang("es")
    yield textstat
    textstat.set_lang("en_US")


@pytest.mark.parametrize(("label", "english", "spanish"), PAIRS, ids=IDS)
def test_every_english_page_has_a_spanish_entry_with_every_text_field(label, english, spanish):
    assert spanish is not None, f"{label} has no Spanish entry"
    assert SLUG.match(spanish["slug"]), spanish["slug"]
    missing = [name for name in translatable(english) if not spanish.get(name, "").strip()]
    assert not missing, f"{label} lacks Spanish {missing}"


def test_no_spanish_entry_without_an_english_page_and_slugs_are_unique():
    for english, spanish in (
        (content.DRUG_CLASSES, content_es.DRUG_CLASSES_ES),
        (content.INDICATIONS, content_es.INDICATIONS_ES),
        (content.ARTICLES, content_es.ARTICLES_ES),
    ):
        assert set(spanish) == {entry["slug"] for entry in english}
        slugs = [entry["slug"] for entry in spanish.values()]
        assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("article", content.ARTICLES, ids=lambda a: a["slug"])
def test_every_use_has_a_spanish_note_and_off_label_notes_say_so(article):
    notes = content_es.ARTICLES_ES[article["slug"]]["uses"]
    assert set(notes) == {use["indication"] for use in article["uses"]}
    for use in article["uses"]:
        note = notes[use["indication"]]
        assert len(note.split()) >= 10, note
        if use["kind"] == "off_label":
            assert note.startswith("Uso no aprobado:"), note
        else:
            assert "no aprobado" not in note, note


def test_there_are_nine_spanish_use_notes():
    assert sum(len(article["uses"]) for article in content_es.ARTICLES_ES.values()) == 9


@pytest.mark.parametrize(("label", "english", "spanish"), PAIRS, ids=IDS)
def test_emergency_numbers_in_english_are_kept_in_spanish(label, english, spanish):
    for name in translatable(english):
        for number in ("911", "988", "1-800-222-1222"):
            if number in english[name]:
                assert number in spanish[name], f"{label} {name} lost {number}"


@pytest.mark.parametrize("slug", ["diazepam", "lorazepam"])
def test_medicine_safety_points_are_all_there(slug):
    page = content_es.ARTICLES_ES[slug]
    everything = " ".join(value for value in page.values() if isinstance(value, str))
    assert "Lista IV" in page["key_facts"]
    for point in ("opioides", "adicción", "dependiente", "abstinencia", "convulsiones", "muerte"):
        assert point in page["boxed_warning"], point
    assert "de repente" in page["dependence_and_stopping"]
    assert "reducción gradual" in page["dependence_and_stopping"]
    assert "No hay un solo plan" in page["dependence_and_stopping"]
    assert "911" in page["how_to_take"] and "1-800-222-1222" in page["how_to_take"]
    assert "intérpretes" in page["how_to_take"]
    assert "alcohol" in page["serious_warnings"] and "maneje" in everything
    english = next(a for a in content.ARTICLES if a["slug"] == slug)
    for name in ONE_ITEM_PER_LINE:
        assert len(page[name].splitlines()) == len(english[name].splitlines()), name


def test_crisis_line_says_how_to_reach_it_in_spanish():
    help_text = content_es.INDICATIONS_ES["anxiety-disorders"]["when_to_get_help"]
    assert "988" in help_text and "marque 2" in help_text
    assert "911" in help_text


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        ("anxiety-disorders", ["ansiedad", "ataques de pánico"]),
        ("muscle-spasms", ["calambres", "espasmos", "rigidez"]),
        ("seizures", ["epilepsia", "ataques"]),
        ("alcohol-withdrawal", ["delirium tremens", "desintoxicación"]),
        ("insomnia", ["problemas para dormir"]),
        ("stress-related-digestive-disorders", ["estómago nervioso", "colon irritable"]),
    ],
)
def test_conditions_list_the_words_patients_use(slug, words):
    synonyms = [s.strip() for s in content_es.INDICATIONS_ES[slug]["synonyms"].split(",")]
    assert all(s for s in synonyms), synonyms
    for word in words:
        assert word in synonyms, word


@pytest.mark.parametrize(("label", "english", "spanish"), PAIRS, ids=IDS)
def test_no_english_left_in_long_fields(label, english, spanish):
    for name in long_fields(english, spanish):
        words = set(re.findall(r"[a-záéíóúñü]+", spanish[name].lower()))
        leftover = words & ENGLISH_WORDS
        assert not leftover, f"{label} {name} has English words {sorted(leftover)}"


@pytest.mark.parametrize(("label", "english", "spanish"), PAIRS, ids=IDS)
def test_spanish_reading_ease_is_at_or_above_the_measured_floor(
    label, english, spanish, spanish_textstat
):
    fields = long_fields(english, spanish)
    assert fields
    for name in fields:
        text = prepare([spanish[name]], DRUG_NAMES)
        ease = spanish_textstat.fernandez_huerta(text)
        assert ease >= FIELD_FLOOR, f"{label} {name}: Fernández-Huerta {ease:.1f}"
    page = prepare([spanish[name] for name in fields], DRUG_NAMES)
    assert spanish_textstat.fernandez_huerta(page) >= PAGE_FLOOR


def test_the_reading_check_can_tell_hard_spanish_from_easy(spanish_textstat):
    hard = (
        "La administración concomitante de benzodiacepinas y analgésicos opioides incrementa "
        "considerablemente la probabilidad de depresión respiratoria potencialmente mortal."
    )
    assert spanish_textstat.fernandez_huerta(prepare([hard], DRUG_NAMES)) < FIELD_FLOOR


def test_spanish_search_queries_point_at_spanish_pages_that_exist():
    slugs = {
        "article": {entry["slug"] for entry in content_es.ARTICLES_ES.values()},
        "indication": {entry["slug"] for entry in content_es.INDICATIONS_ES.values()},
        "drug_class": {entry["slug"] for entry in content_es.DRUG_CLASSES_ES.values()},
    }
    assert len(SPANISH_QUERIES) >= 20
    for query, kind, slug in SPANISH_QUERIES:
        assert slug in slugs[kind], (query, kind, slug)
    queries = [query for query, _, _ in SPANISH_QUERIES]
    assert len(queries) == len(set(queries))
    assert "diacepam" in queries and "lorazepan" in queries and "diazepán" in queries
