"""Spanish search queries with the page a patient expects at the top (test data for search tests).

Each entry is (query, kind, expected slug): kind is "article", "indication" or
"drug_class", and the slug is the Spanish page's slug from medinfo/demo/content_es.py.
The list covers accents and no accents, common misspellings, brand names, the
words patients use for each condition (synonyms) and the drug class.
tests/test_demo_content_es.py checks every expected slug exists in the Spanish demo data.
"""

from __future__ import annotations

SPANISH_QUERIES: list[tuple[str, str, str]] = [
    # Medicines: generic name, misspellings (c for z, n for m, accent), brand names.
    ("diazepam", "article", "diazepam"),
    ("diacepam", "article", "diazepam"),
    ("diazepán", "article", "diazepam"),
    ("Valium", "article", "diazepam"),
    ("lorazepam", "article", "lorazepam"),
    ("lorazepan", "article", "lorazepam"),
    ("loracepam", "article", "lorazepam"),
    ("ativan", "article", "lorazepam"),
    # Seizures: the page is "Convulsiones"; patients also say epilepsia, ataques.
    ("convulsiones", "indication", "convulsiones"),
    ("convulsion", "indication", "convulsiones"),
    ("epilepsia", "indication", "convulsiones"),
    ("crisis convulsivas", "indication", "convulsiones"),
    # Muscle spasms.
    ("espasmos musculares", "indication", "espasmos-musculares"),
    ("calambres", "indication", "espasmos-musculares"),
    ("rigidez muscular", "indication", "espasmos-musculares"),
    # Anxiety, with and without accents.
    ("ansiedad", "indication", "trastornos-de-ansiedad"),
    ("ataques de pánico", "indication", "trastornos-de-ansiedad"),
    ("ataques de panico", "indication", "trastornos-de-ansiedad"),
    # Alcohol withdrawal.
    ("abstinencia de alcohol", "indication", "abstinencia-de-alcohol"),
    ("delirium tremens", "indication", "abstinencia-de-alcohol"),
    ("desintoxicacion alcohol", "indication", "abstinencia-de-alcohol"),
    # Insomnia, including a misspelling.
    ("insomnio", "indication", "insomnio"),
    ("insomio", "indication", "insomnio"),
    ("problemas para dormir", "indication", "insomnio"),
    # Stress-related digestive disorders.
    ("estómago nervioso", "indication", "trastornos-digestivos-por-estres"),
    ("estomago nervioso", "indication", "trastornos-digestivos-por-estres"),
    ("colon irritable", "indication", "trastornos-digestivos-por-estres"),
    # The drug class, with the Spanish spelling and the English-style z.
    ("benzodiacepinas", "drug_class", "benzodiacepinas"),
    ("benzodiazepinas", "drug_class", "benzodiacepinas"),
]
