"""Search for patients: forgiving of misspelt names, names first, published content only.

One entry point, `search(raw_query)`, used by the search view. It finds
medicines by generic name, brand name, drug class and words in their text, and
conditions by name, by the synonyms patients use and by words in their text.

- terms.py: what was typed, cleaned and cut to MAX_QUERY_LENGTH characters and
  MAX_TOKENS words, so the work per search stays bounded.
- names.py: the names things are found by, and how a typed word matches one
  (exactly, as a prefix, or within a few typing slips).
- postgres.py: on PostgreSQL, full-text ranking against each row's stored,
  GIN-indexed document plus pg_trgm similarity on names through trigram indexes.
- fallback.py: on other databases (the SQLite default), names matched in Python
  from a cached list and the text by substring in the database.
- suggestions.py: "did you mean", when nothing (or only a near miss) matches.
- results.py: what the search view shows (hits and suggestions).

Either way names outrank body text and every hit says whether it is a
medicine or a condition.
"""

from __future__ import annotations

from django.db import connection

from .fallback import fallback_hits
from .names import edit_distance, names_of
from .postgres import (
    TRIGRAM_OPERATOR_COST,
    TRIGRAM_OPERATOR_FUNCTIONS,
    configure_postgresql_session,
    postgres_hits,
    tune_trigram_operator_costs,
)
from .results import Hit, SearchResults
from .suggestions import suggest, suggestion_names
from .terms import MAX_QUERY_LENGTH, MAX_TOKENS, clean_query, tokens

MAX_RESULTS = 50

__all__ = [
    "MAX_QUERY_LENGTH",
    "MAX_RESULTS",
    "MAX_TOKENS",
    "TRIGRAM_OPERATOR_COST",
    "TRIGRAM_OPERATOR_FUNCTIONS",
    "Hit",
    "SearchResults",
    "backend_name",
    "clean_query",
    "configure_postgresql_session",
    "edit_distance",
    "search",
    "tokens",
    "tune_trigram_operator_costs",
]


def search(raw_query: str) -> SearchResults:
    query = clean_query(raw_query)
    results = SearchResults(query=query)
    terms = tokens(query)
    if not terms:
        if query:
            results.suggestions = suggest(query, suggestion_names(query))
        return results
    results.hits = _hits(query, terms, MAX_RESULTS)
    if not results.hits:
        results.suggestions = suggest(query, suggestion_names(query))
    elif results.only_near_misses:
        # The near misses are the closest names there are: suggest from them
        # rather than look again (on PostgreSQL, with a lower bar, through
        # thousands of names for a short word like "side").
        results.suggestions = suggest(query, [n for hit in results.hits for n in names_of(hit)])
    if (
        results.hits
        and results.only_near_misses
        and results.suggestions
        and len(results.hits) < MAX_RESULTS
    ):
        # "anxeity" found the condition by its name; what "anxiety" finds in the
        # text (the medicines for it) follows, still marked as near misses.
        # (With the list already full there is no room for them: no search.)
        corrected = results.suggestions[0]
        seen = {(hit.kind, hit.item.pk) for hit in results.hits}
        for hit in _hits(corrected, tokens(corrected), MAX_RESULTS):
            if (hit.kind, hit.item.pk) not in seen and len(results.hits) < MAX_RESULTS:
                hit.fuzzy = True
                results.hits.append(hit)
    return results


def _hits(query: str, terms: list[str], limit: int) -> list[Hit]:
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return postgres_hits(query, terms, limit)
    return fallback_hits(query, terms, limit)


def backend_name() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "fallback"
