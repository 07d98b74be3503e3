""" "Did you mean": the closest names to what was typed, when nothing (or only a near miss) matched.

On PostgreSQL the candidates are the few names the trigram indexes find near
the query (postgres.near_names); elsewhere the cached list of published names.
difflib then ranks them, one suggestion per medicine or condition.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from django.db import connection

from .names import Name, published_names
from .postgres import near_names
from .terms import fold, tokens

MAX_SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.6


def suggestion_names(query: str) -> list[Name]:
    """The names worth comparing with what was typed, for "did you mean"."""
    if connection.vendor == "postgresql":
        return near_names(query)
    return published_names()


def suggest(query: str, names: Iterable[Name]) -> list[str]:
    """The closest names to what was typed, for "did you mean": one per medicine or condition."""
    folded = fold(query)
    terms = [t for t in tokens(query) if len(t) >= 3][:3]
    # difflib caches what it learns about the second sequence: one matcher per typed word.
    whole = difflib.SequenceMatcher(None, b=folded)
    per_word = [difflib.SequenceMatcher(None, b=term) for term in terms]
    best: dict[tuple[str, int], tuple[float, str]] = {}
    for name in names:
        ratio = max(
            [_ratio(whole, name.folded)]
            + [_ratio(matcher, word) for matcher in per_word for word in name.words]
        )
        if ratio < SUGGESTION_CUTOFF or name.folded == folded:
            continue
        key = (name.kind, name.pk)
        # The closest name wins; of equally close ones the shortest ("Valium", not the title).
        if key not in best or (ratio, -len(name.text)) > (best[key][0], -len(best[key][1])):
            best[key] = (ratio, name.text)
    ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].casefold()))
    suggestions: list[str] = []
    for _, text in ranked:
        if fold(text) not in {fold(s) for s in suggestions}:
            suggestions.append(text)
    return suggestions[:MAX_SUGGESTIONS]


def _ratio(matcher: difflib.SequenceMatcher, candidate: str) -> float:
    matcher.set_seq1(candidate)
    if matcher.real_quick_ratio() < SUGGESTION_CUTOFF or matcher.quick_ratio() < SUGGESTION_CUTOFF:
        return 0.0
    return matcher.ratio()
