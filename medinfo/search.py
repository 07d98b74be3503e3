"""Search for patients: forgiving of misspelt names, names first, published content only.

One entry point, `search(raw_query)`, used by the search view. It finds
medicines by generic name, brand name, drug class and words in their text, and
conditions by name, by the synonyms patients use and by words in their text.

- On PostgreSQL: full-text search against each row's stored, GIN-indexed search
  document (weights: names A, synonyms and drug class B, summary C, body D; see
  medinfo/search_document.py) plus pg_trgm word similarity on names through
  trigram GIN indexes, so "diazapam" still finds diazepam. No query builds a
  tsvector from the text or reads every name: the work per search follows the
  number of matches, not the size of the catalogue.
- On other databases (the SQLite default): substring matches in the database
  for the text, and names matched in Python, exactly or within a small edit
  distance that grows with the word's length. The list of names is read once
  per content change and kept in the cache.

Either way names outrank body text, every hit says whether it is a medicine or a
condition, and when nothing (or only a near miss) matches we suggest the closest
names ("did you mean"): on PostgreSQL from the few names the trigram index finds
near the query, elsewhere from the cached list. Queries are cut to
MAX_QUERY_LENGTH characters and MAX_TOKENS words, so the work per search stays
bounded.
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.db import connection
from django.db.models import Case, F, FloatField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from .models import DrugClass, Indication, MedicationArticle, split_names
from .pagecache import memo
from .search_document import (
    CONDITION_BODY_FIELDS,
    CONDITION_NAME_FIELDS,
    CONDITION_SUMMARY_FIELDS,
    CONDITION_SYNONYM_FIELDS,
    MEDICINE_BODY_FIELDS,
    MEDICINE_NAME_FIELDS,
    MEDICINE_SUMMARY_FIELDS,
    TEXT_SEARCH_CONFIG,
)

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
MAX_TOKENS = 8
MAX_RESULTS = 50
MAX_SUGGESTIONS = 3

MEDICINE, CONDITION = "medicine", "condition"

# Field weights for the SQLite fallback, mirroring PostgreSQL's A/B/C/D.
WEIGHT_NAME = 1.0  # A: generic name, title, brand names, condition names
WEIGHT_SYNONYM = 0.9  # A/B: what patients call a condition
WEIGHT_CLASS = 0.6  # B: drug class
WEIGHT_SUMMARY = 0.3  # C: summary and key facts
WEIGHT_BODY = 0.15  # D: the rest of the text
# A misspelt name still ranks above a word found only in the text.
FUZZY_FACTOR = 0.75

# pg_trgm word similarity above which a name counts as a near miss. Measured on
# the demo names: real misspellings score 0.38 to 0.8; unrelated names 0.33 or less.
TRIGRAM_THRESHOLD = 0.36
# Lower bar (pg_trgm strict word similarity) for names worth offering as "did you
# mean"; difflib has the last word. A badly misspelt name still clears it:
# "dhiasepamm" is 0.18 from "diazepam".
SUGGESTION_TRIGRAM_THRESHOLD = 0.15
# Near names read per kind for suggestions, closest first.
SUGGESTION_CANDIDATES = 30
SUGGESTION_CUTOFF = 0.6
# The cached list of names (SQLite and other databases) lives at most this long;
# any content change starts a new page-cache generation and so a new list anyway.
NAMES_CACHE_SECONDS = 3600

# Words that say nothing about what the patient is looking for.
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "a about an and are as at be by can do does for from how i in is it me my of on or "
        "the this to what when which who why with you your",
    )
)


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


@dataclass
class Hit:
    kind: str
    item: MedicationArticle | Indication
    score: float
    fuzzy: bool = False  # found only through a near-miss name
    matched: Name | None = None  # the brand, synonym or class that matched, if not the name

    @property
    def label(self) -> str:
        return "Medicine" if self.kind == MEDICINE else "Condition"

    @property
    def title(self) -> str:
        return self.item.title if self.kind == MEDICINE else self.item.name

    @property
    def match_note(self) -> str:
        """Why a result is here when its title does not show it, e.g. 'Brand name: Valium'."""
        if self.matched is None:
            return ""
        prefix = {"brand": "Brand name", "synonym": "Also called", "class": "Type of medicine"}
        return f"{prefix[self.matched.role]}: {self.matched.text}"


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.hits)

    @property
    def only_near_misses(self) -> bool:
        return bool(self.hits) and all(hit.fuzzy for hit in self.hits)


def clean_query(raw: str) -> str:
    """Any user-typed text made safe to search: normalised, printable, bounded in length.

    NFKC folds full-width and other compatibility characters ("ｖａｌｉｕｍ" is
    "valium"); control and format characters (NUL, bidi overrides) become spaces.
    """
    text = unicodedata.normalize("NFKC", raw[: MAX_QUERY_LENGTH * 4])
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def tokens(query: str) -> list[str]:
    """The words worth searching for, in order, without repeats or stopwords."""
    seen: dict[str, None] = {}
    for word in words(query):
        if len(word) >= 2 and word not in STOPWORDS:
            seen.setdefault(word[:40], None)
    return list(seen)[:MAX_TOKENS]


def search(raw_query: str) -> SearchResults:
    query = clean_query(raw_query)
    results = SearchResults(query=query)
    terms = tokens(query)
    if not terms:
        if query:
            results.suggestions = suggest(query, suggestion_names(query))
        return results
    results.hits = _hits(query, terms)
    if not results.hits:
        results.suggestions = suggest(query, suggestion_names(query))
    elif results.only_near_misses:
        # The near misses are the closest names there are: suggest from them
        # rather than look again (on PostgreSQL, with a lower bar, through
        # thousands of names for a short word like "side").
        results.suggestions = suggest(query, [n for hit in results.hits for n in _names_of(hit)])
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
        for hit in _hits(corrected, tokens(corrected)):
            if (hit.kind, hit.item.pk) not in seen and len(results.hits) < MAX_RESULTS:
                hit.fuzzy = True
                results.hits.append(hit)
    return results


def _hits(query: str, terms: list[str]) -> list[Hit]:
    if not terms:
        return []
    if connection.vendor == "postgresql":
        return _postgres_hits(query, terms)
    return _fallback_hits(query, terms)


def backend_name() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "fallback"


# -- names --------------------------------------------------------------------


def _medicine_names(
    pk: int, title: str, generic: str, brands: str, drug_class: str | None
) -> list[Name]:
    names = [Name(generic, MEDICINE, pk, "name", WEIGHT_NAME)]
    if fold(title) != fold(generic):
        names.append(Name(title, MEDICINE, pk, "name", WEIGHT_NAME))
    names.extend(Name(b, MEDICINE, pk, "brand", WEIGHT_NAME) for b in split_names(brands))
    if drug_class:
        names.append(Name(drug_class, MEDICINE, pk, "class", WEIGHT_CLASS))
    return names


def _condition_names(pk: int, name: str, synonyms: str) -> list[Name]:
    return [
        Name(name, CONDITION, pk, "name", WEIGHT_NAME),
        *(Name(s, CONDITION, pk, "synonym", WEIGHT_SYNONYM) for s in split_names(synonyms)),
    ]


def _names_of(hit: Hit) -> list[Name]:
    """A hit's own names, from the row already loaded (no query)."""
    item = hit.item
    if hit.kind == MEDICINE:
        drug_class = item.drug_class.name if item.drug_class_id else None
        return _medicine_names(item.pk, item.title, item.generic_name, item.brand_names, drug_class)
    return _condition_names(item.pk, item.name, item.synonyms)


def _load_published_names() -> list[Name]:
    names: list[Name] = []
    medicines = MedicationArticle.objects.published().values_list(
        "pk", "title", "generic_name", "brand_names", "drug_class__name"
    )
    for row in medicines:
        names.extend(_medicine_names(*row))
    for row in Indication.objects.published().values_list("pk", "name", "synonyms"):
        names.extend(_condition_names(*row))
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


def suggestion_names(query: str) -> list[Name]:
    """The names worth comparing with what was typed, for "did you mean"."""
    if connection.vendor == "postgresql":
        return _postgres_near_names(query)
    return published_names()


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


def _explain(hits: list[Hit], terms: list[str], query: str, names: list[Name]) -> None:
    """Say which brand, synonym or class a hit was found by when its title does not show it."""
    by_item: dict[tuple[str, int], list[Name]] = {}
    for name in names:
        by_item.setdefault((name.kind, name.pk), []).append(name)
    for hit in hits:
        try:
            _, _, name = best_name(terms, query, by_item.get((hit.kind, hit.item.pk), []))
        except LookupError:
            continue
        if name.role != "name":
            hit.matched = name


# -- SQLite and other databases ----------------------------------------------------


def _text_weights(model, token: str, summary_fields, body_fields) -> dict[int, float]:
    """The best text weight each published item has for one word, in one query."""
    whens = [
        When(Q(**{f"{f}__icontains": token}), then=Value(WEIGHT_SUMMARY)) for f in summary_fields
    ] + [When(Q(**{f"{f}__icontains": token}), then=Value(WEIGHT_BODY)) for f in body_fields]
    any_field = reduce(
        or_, [Q(**{f"{f}__icontains": token}) for f in (*summary_fields, *body_fields)]
    )
    rows = (
        model.objects.published()
        .filter(any_field)
        .annotate(text_weight=Case(*whens, default=Value(0.0), output_field=FloatField()))
        .values_list("pk", "text_weight")
    )
    return dict(rows)


def _fallback_hits(query: str, terms: list[str]) -> list[Hit]:
    names = published_names()
    by_item: dict[tuple[str, int], list[Name]] = {}
    for name in names:
        by_item.setdefault((name.kind, name.pk), []).append(name)

    scores: dict[tuple[str, int], float] = {}
    exact: set[tuple[str, int]] = set()
    for key, item_names in by_item.items():
        try:
            score, fuzzy, _ = best_name(terms, query, item_names)
        except LookupError:
            continue
        scores[key] = score
        if not fuzzy:
            exact.add(key)

    text_terms = [t for t in terms if len(t) >= 3]
    for term in text_terms:
        for kind, model, summary_fields, body_fields in (
            (MEDICINE, MedicationArticle, MEDICINE_SUMMARY_FIELDS, MEDICINE_BODY_FIELDS),
            (CONDITION, Indication, CONDITION_SUMMARY_FIELDS, CONDITION_BODY_FIELDS),
        ):
            for pk, weight in _text_weights(model, term, summary_fields, body_fields).items():
                key = (kind, pk)
                # Text adds a little to a name match and is enough on its own.
                scores[key] = scores.get(key, 0.0) + weight / len(text_terms)
                exact.add(key)

    ranked = sorted(scores.items(), key=lambda item: -item[1])[:MAX_RESULTS]
    medicine_pks = [pk for (kind, pk), _ in ranked if kind == MEDICINE]
    condition_pks = [pk for (kind, pk), _ in ranked if kind == CONDITION]
    items = {
        (MEDICINE, a.pk): a
        for a in MedicationArticle.objects.published()
        .filter(pk__in=medicine_pks)
        .select_related("drug_class")
        .defer("search_document", "drug_class__search_document")
    }
    conditions = Indication.objects.published().filter(pk__in=condition_pks)
    items.update({(CONDITION, c.pk): c for c in conditions.defer("search_document")})
    hits = [
        Hit(kind=key[0], item=items[key], score=score, fuzzy=key not in exact)
        for key, score in ranked
        if key in items
    ]
    hits.sort(key=lambda hit: (-hit.score, hit.title.casefold()))
    _explain(hits, terms, query, names)
    return hits


# -- PostgreSQL ---------------------------------------------------------------


def configure_postgresql_session(sender, connection, **kwargs) -> None:
    """Set the similarity bars pg_trgm's indexed operators compare with, once per connection.

    `%>` (results) and `%>>` (suggestions) use the session's
    `pg_trgm.word_similarity_threshold` and `strict_word_similarity_threshold`
    (0.6 and 0.5 by default). Connected to `connection_created`
    (MedinfoConfig.ready), so it costs no query per search. A session without
    these settings (behind a transaction-mode pooler) finds fewer near misses
    and suggestions, never wrong ones.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false), "
            "set_config('pg_trgm.strict_word_similarity_threshold', %s, false)",
            [str(TRIGRAM_THRESHOLD), str(SUGGESTION_TRIGRAM_THRESHOLD)],
        )


# pg_trgm's operators, which the planner costs like integer comparison (COST 1).
# Each call splits both strings into trigrams; at that price PostgreSQL reads
# every row instead of the trigram GIN indexes once a few thousand names exist
# (measured with 5,000 medicines: 32 ms by sequential scan, 6 ms by the index).
# COST 100 is what PostgreSQL itself gives its text-parsing @@ operator.
TRIGRAM_OPERATOR_FUNCTIONS = (
    "similarity_op(text, text)",
    "word_similarity_op(text, text)",
    "word_similarity_commutator_op(text, text)",
    "strict_word_similarity_op(text, text)",
    "strict_word_similarity_commutator_op(text, text)",
)
TRIGRAM_OPERATOR_COST = 100


def tune_trigram_operator_costs(sender=None, using: str = "default", **kwargs) -> bool:
    """Tell the planner what pg_trgm's operators cost, so searches use the trigram indexes.

    Connected to post_migrate (MedinfoConfig.ready): `migrate`, which `make serve`
    runs on every start, applies it again after a restore (pg_dump does not keep
    settings of an extension's functions). Without the rights to change the
    extension it logs a warning: search stays correct, only slower on big
    catalogues. Returns whether the costs are in place.
    """
    from django.db import DatabaseError, connections, transaction

    db = connections[using]
    if db.vendor != "postgresql":
        return False
    try:
        with transaction.atomic(using=using), db.cursor() as cursor:
            for function in TRIGRAM_OPERATOR_FUNCTIONS:
                cursor.execute(f"ALTER FUNCTION {function} COST {TRIGRAM_OPERATOR_COST}")
    except DatabaseError as error:
        logger.warning(
            "Could not set the planner cost of pg_trgm's operators (%s); search works but "
            "may read every row instead of the trigram indexes. Run `manage.py migrate` as "
            "the owner of the pg_trgm extension to fix it.",
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
        )
        return False
    return True


def _near(fields: Iterable[str], terms: Iterable[str], lookup="trigram_word_similar") -> Q:
    """Any of the fields holds a word near one of the terms (`field %> term`: GIN-indexed)."""
    return reduce(or_, [Q(**{f"{field}__{lookup}": term}) for term in terms for field in fields])


def _similarity(fields: Iterable[str], terms: list[str], function=None):
    from django.contrib.postgres.search import TrigramWordSimilarity

    function = function or TrigramWordSimilarity
    parts = [function(Value(term), field) for term in terms for field in fields]
    return Greatest(*parts, Value(0.0)) if parts else Value(0.0)


def _matching(ts_query, name_fields: tuple[str, ...], fuzzy_terms: list[str]) -> Q:
    """The stored document matches, or a name is within TRIGRAM_THRESHOLD: both index scans."""
    condition = Q(search_document=ts_query)
    if fuzzy_terms:
        condition |= _near(name_fields, fuzzy_terms)
    return condition


def _postgres_hits(query: str, terms: list[str]) -> list[Hit]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    ts_query = reduce(or_, [SearchQuery(term, config=TEXT_SEARCH_CONFIG) for term in terms])
    fuzzy_terms = [t for t in terms if len(t) >= 3]

    # Drug classes are few: the ones that match are read first, so the medicine
    # query below is an OR of index scans (a subquery there would scan every row).
    class_ids = list(
        DrugClass.objects.filter(_matching(ts_query, ("name",), fuzzy_terms)).values_list(
            "pk", flat=True
        )
    )
    medicine_match = _matching(ts_query, MEDICINE_NAME_FIELDS, fuzzy_terms)
    if class_ids:
        medicine_match |= Q(drug_class__in=class_ids)
    medicines = (
        MedicationArticle.objects.published()
        .select_related("drug_class")
        # What a result and its "found by" note show: not the long text.
        .only("title", "slug", "generic_name", "brand_names", "summary", "drug_class__name")
        .annotate(
            rank=SearchRank(F("search_document"), ts_query)
            + Coalesce(SearchRank(F("drug_class__search_document"), ts_query), Value(0.0))
        )
        # Not selected on its own: PostgreSQL would compute it twice per row.
        .alias(
            name_similarity=_similarity((*MEDICINE_NAME_FIELDS, "drug_class__name"), fuzzy_terms)
        )
        .filter(medicine_match)
        .annotate(score=F("rank") + F("name_similarity"))
        .order_by("-score")[:MAX_RESULTS]
    )
    condition_names = (*CONDITION_NAME_FIELDS, *CONDITION_SYNONYM_FIELDS)
    conditions = (
        Indication.objects.published()
        .only("name", "slug", "synonyms", "summary")
        .annotate(rank=SearchRank(F("search_document"), ts_query))
        .alias(name_similarity=_similarity(condition_names, fuzzy_terms))
        .filter(_matching(ts_query, condition_names, fuzzy_terms))
        .annotate(score=F("rank") + F("name_similarity"))
        .order_by("-score")[:MAX_RESULTS]
    )
    hits: list[Hit] = []
    for kind, rows in ((MEDICINE, medicines), (CONDITION, conditions)):
        for item in rows:
            # ts_rank is a tiny positive number when the words match anywhere, 0 when not.
            name_similarity = item.score - item.rank
            near_miss_only = item.rank < 1e-6 and name_similarity < 1.0 - 1e-4
            hits.append(Hit(kind=kind, item=item, score=item.score, fuzzy=near_miss_only))
    hits.sort(key=lambda hit: (-hit.score, hit.title.casefold()))
    hits = hits[:MAX_RESULTS]
    _explain(hits, terms, query, [name for hit in hits for name in _names_of(hit)])
    return hits


def _postgres_near_names(query: str) -> list[Name]:
    """The published names the trigram indexes find near the query's words, closest first."""
    probes = [t for t in tokens(query) if len(t) >= 3][:3]
    if not probes:
        folded = fold(query)[:40]
        probes = [folded] if len(folded) >= 3 else []
    if not probes:
        return []
    from django.contrib.postgres.search import TrigramStrictWordSimilarity

    def near(fields):
        return _near(fields, probes, lookup="trigram_strict_word_similar")

    def similarity(fields):
        return _similarity(fields, probes, TrigramStrictWordSimilarity)

    names: list[Name] = []
    medicines = (
        MedicationArticle.objects.published()
        .filter(near(MEDICINE_NAME_FIELDS))
        .annotate(similarity=similarity(MEDICINE_NAME_FIELDS))
        .order_by("-similarity", "pk")
        .values_list("pk", "title", "generic_name", "brand_names")[:SUGGESTION_CANDIDATES]
    )
    for pk, title, generic, brands in medicines:
        names.extend(_medicine_names(pk, title, generic, brands, None))
    condition_names = (*CONDITION_NAME_FIELDS, *CONDITION_SYNONYM_FIELDS)
    conditions = (
        Indication.objects.published()
        .filter(near(condition_names))
        .annotate(similarity=similarity(condition_names))
        .order_by("-similarity", "pk")
        .values_list("pk", "name", "synonyms")[:SUGGESTION_CANDIDATES]
    )
    for row in conditions:
        names.extend(_condition_names(*row))
    # A class is offered only while a published medicine belongs to it.
    first_medicine = (
        MedicationArticle.objects.published()
        .filter(drug_class=OuterRef("pk"))
        .order_by("pk")
        .values("pk")[:1]
    )
    classes = (
        DrugClass.objects.filter(near(("name",)))
        .annotate(medicine=Subquery(first_medicine), similarity=similarity(("name",)))
        .filter(medicine__isnull=False)
        .order_by("-similarity", "pk")
        .values_list("name", "medicine")[:SUGGESTION_CANDIDATES]
    )
    names.extend(Name(name, MEDICINE, pk, "class", WEIGHT_CLASS) for name, pk in classes)
    return names
