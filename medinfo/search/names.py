"""The names a medicine or condition can be found by, and how well typed words match them.

Names (titles, generic and brand names, drug classes, the synonyms patients use)
outrank body text. A word matches a name exactly, as the start of a word, inside
a word, or as a near miss within a few typing slips (more for longer words).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import Case, F, When

from ..models import DrugClass, Indication, MedicationArticle, split_names
from ..pagecache import memo
from .terms import fold, words

if TYPE_CHECKING:
    from .results import Hit

MEDICINE, CONDITION = "medicine", "condition"

# Field weights for the SQLite fallback, mirroring PostgreSQL's A/B/C/D.
WEIGHT_NAME = 1.0  # A: generic name, title, brand names, condition names
WEIGHT_SYNONYM = 0.9  # A/B: what patients call a condition
WEIGHT_CLASS = 0.6  # B: drug class
WEIGHT_SUMMARY = 0.3  # C: summary and key facts
WEIGHT_BODY = 0.15  # D: the rest of the text
# A misspelt name still ranks above a word found only in the text.
FUZZY_FACTOR = 0.75

# The cached list of names (SQLite and other databases) lives at most this long;
# any content change starts a new page-cache generation and so a new list anyway.
NAMES_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Name:
    """One name something can be found by: a title, generic or brand name, class or synonym."""

    text: str
    kind: str
    pk: int
    role: str  # "name", "brand", "class" or "synonym"
    weight: float

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def words(self) -> list[str]:
        return words(self.text)


def medicine_names(
    pk: int, title: str, generic: str, brands: str, drug_class: str | None
) -> list[Name]:
    names = [Name(generic, MEDICINE, pk, "name", WEIGHT_NAME)]
    if fold(title) != fold(generic):
        names.append(Name(title, MEDICINE, pk, "name", WEIGHT_NAME))
    names.extend(Name(b, MEDICINE, pk, "brand", WEIGHT_NAME) for b in split_names(brands))
    if drug_class:
        names.append(Name(drug_class, MEDICINE, pk, "class", WEIGHT_CLASS))
    return names


def condition_names(pk: int, name: str, synonyms: str) -> list[Name]:
    return [
        Name(name, CONDITION, pk, "name", WEIGHT_NAME),
        *(Name(s, CONDITION, pk, "synonym", WEIGHT_SYNONYM) for s in split_names(synonyms)),
    ]


def names_of(hit: Hit) -> list[Name]:
    """A hit's own names, from the row already loaded (no query)."""
    item = hit.item
    if hit.kind == MEDICINE:
        drug_class = item.public_drug_class.name if item.public_drug_class else None
        return medicine_names(item.pk, item.title, item.generic_name, item.brand_names, drug_class)
    return condition_names(item.pk, item.name, item.synonyms)


def _load_published_names() -> list[Name]:
    names: list[Name] = []
    # A class name finds a medicine only once the class itself is approved.
    medicines = (
        MedicationArticle.objects.published()
        .annotate(
            class_name=Case(
                When(drug_class__in=DrugClass.objects.published(), then=F("drug_class__name"))
            )
        )
        .values_list("pk", "title", "generic_name", "brand_names", "class_name")
    )
    for row in medicines:
        names.extend(medicine_names(*row))
    for row in Indication.objects.published().values_list("pk", "name", "synonyms"):
        names.extend(condition_names(*row))
    return names


def published_names() -> list[Name]:
    """Every name a published medicine or condition can be found by.

    Read with two queries once per content change (see medinfo/pagecache/memo.py), then
    taken from the cache as plain tuples.
    """
    rows = memo.per_generation(
        "search-names",
        lambda: [(n.text, n.kind, n.pk, n.role, n.weight) for n in _load_published_names()],
        NAMES_CACHE_SECONDS,
    )
    return [Name(*row) for row in rows]


def max_edits(word: str) -> int:
    """How many typing slips a word of this length may have and still count as a match."""
    if len(word) < 4:
        return 0
    if len(word) <= 5:
        return 1
    if len(word) <= 10:
        return 2
    return 3


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one slip), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def word_match(token: str, name_words: Iterable[str]) -> tuple[float, bool]:
    """How well one query word matches a name: (score 0..1, whether only as a near miss)."""
    best, fuzzy = 0.0, False
    limit = max_edits(token)
    for word in name_words:
        if token == word:
            return 1.0, False
        if len(token) >= 3 and word.startswith(token):
            score, near = 0.9, False
        elif len(token) >= 4 and token in word:
            score, near = 0.8, False
        elif limit:
            distance = edit_distance(token, word, limit)
            if distance > limit:
                continue
            score, near = FUZZY_FACTOR - 0.05 * distance, True
        else:
            continue
        if score > best:
            best, fuzzy = score, near
    return best, fuzzy


def best_name(terms: list[str], query: str, names: Iterable[Name]) -> tuple[float, bool, Name]:
    """The best-matching name among one item's names for the query words."""
    best: tuple[float, bool, Name] | None = None
    folded_query = fold(query)
    for name in names:
        if len(terms) > 1 and folded_query == name.folded:
            score, fuzzy = 1.0, False
        else:
            per_word = [word_match(term, name.words) for term in terms]
            matched = [s for s in per_word if s[0] > 0]
            if not matched:
                continue
            score = sum(s for s, _ in matched) / len(terms)
            fuzzy = all(f for _, f in matched)
        score *= name.weight
        if best is None or score > best[0]:
            best = (score, fuzzy, name)
    if best is None:
        raise LookupError("no name matches")
    return best


def by_item(names: Iterable[Name]) -> dict[tuple[str, int], list[Name]]:
    """Names grouped by what they name: (kind, pk) -> names."""
    grouped: dict[tuple[str, int], list[Name]] = {}
    for name in names:
        grouped.setdefault((name.kind, name.pk), []).append(name)
    return grouped


def explain(hits: list[Hit], terms: list[str], query: str, names: Iterable[Name]) -> None:
    """Say which brand, synonym or class a hit was found by when its title does not show it."""
    grouped = by_item(names)
    for hit in hits:
        try:
            _, _, name = best_name(terms, query, grouped.get((hit.kind, hit.item.pk), []))
        except LookupError:
            continue
        if name.role != "name":
            hit.matched = name
