"""Search on PostgreSQL: full-text ranking on stored documents, trigram similarity on names.

Each row keeps a weighted, GIN-indexed search document (names A, synonyms and
drug class B, summary C, body D; see medinfo/search_document.py), and pg_trgm's
word similarity on the names, through trigram GIN indexes, finds near misses
("diazapam" finds diazepam). No query builds a tsvector from the text or reads
every name: the work per search follows the number of matches, not the size of
the catalogue. For "did you mean", the trigram indexes find the few names near
what was typed (`near_names`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from ..models import PUBLIC_CLASS_FIELDS, DrugClass, Indication, MedicationArticle
from ..search_document import (
    CONDITION_NAME_FIELDS,
    CONDITION_SYNONYM_FIELDS,
    MEDICINE_NAME_FIELDS,
    TEXT_SEARCH_CONFIG,
)
from .names import (
    CONDITION,
    MEDICINE,
    WEIGHT_CLASS,
    Name,
    condition_names,
    explain,
    medicine_names,
    names_of,
)
from .results import Hit, ranked
from .terms import fold, tokens

logger = logging.getLogger(__name__)

# pg_trgm word similarity above which a name counts as a near miss. Measured on
# the demo names: real misspellings score 0.38 to 0.8; unrelated names 0.33 or less.
TRIGRAM_THRESHOLD = 0.36
# Lower bar (pg_trgm strict word similarity) for names worth offering as "did you
# mean"; difflib has the last word. A badly misspelt name still clears it:
# "dhiasepamm" is 0.18 from "diazepam".
SUGGESTION_TRIGRAM_THRESHOLD = 0.15
# Near names read per kind for suggestions, closest first.
SUGGESTION_CANDIDATES = 30


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


def postgres_hits(query: str, terms: list[str], limit: int) -> list[Hit]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    ts_query = reduce(or_, [SearchQuery(term, config=TEXT_SEARCH_CONFIG) for term in terms])
    fuzzy_terms = [t for t in terms if len(t) >= 3]

    # Drug classes are few: the ones that match are read first, so the medicine
    # query below is an OR of index scans (a subquery there would scan every row).
    class_ids = list(
        DrugClass.objects.published()
        .filter(_matching(ts_query, ("name",), fuzzy_terms))
        .values_list("pk", flat=True)
    )
    medicine_match = _matching(ts_query, MEDICINE_NAME_FIELDS, fuzzy_terms)
    if class_ids:
        medicine_match |= Q(drug_class__in=class_ids)
    medicines = (
        MedicationArticle.objects.published()
        .select_related("drug_class")
        # What a result and its "found by" note show: not the long text.
        .only("title", "slug", "generic_name", "brand_names", "summary", *PUBLIC_CLASS_FIELDS)
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
        .order_by("-score")[:limit]
    )
    condition_fields = (*CONDITION_NAME_FIELDS, *CONDITION_SYNONYM_FIELDS)
    conditions = (
        Indication.objects.published()
        .only("name", "slug", "synonyms", "summary")
        .annotate(rank=SearchRank(F("search_document"), ts_query))
        .alias(name_similarity=_similarity(condition_fields, fuzzy_terms))
        .filter(_matching(ts_query, condition_fields, fuzzy_terms))
        .annotate(score=F("rank") + F("name_similarity"))
        .order_by("-score")[:limit]
    )
    hits: list[Hit] = []
    for kind, rows in ((MEDICINE, medicines), (CONDITION, conditions)):
        for item in rows:
            # ts_rank is a tiny positive number when the words match anywhere, 0 when not.
            name_similarity = item.score - item.rank
            near_miss_only = item.rank < 1e-6 and name_similarity < 1.0 - 1e-4
            hits.append(Hit(kind=kind, item=item, score=item.score, fuzzy=near_miss_only))
    hits = ranked(hits, limit)
    explain(hits, terms, query, [name for hit in hits for name in names_of(hit)])
    return hits


def near_names(query: str) -> list[Name]:
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
        names.extend(medicine_names(pk, title, generic, brands, None))
    condition_fields = (*CONDITION_NAME_FIELDS, *CONDITION_SYNONYM_FIELDS)
    conditions = (
        Indication.objects.published()
        .filter(near(condition_fields))
        .annotate(similarity=similarity(condition_fields))
        .order_by("-similarity", "pk")
        .values_list("pk", "name", "synonyms")[:SUGGESTION_CANDIDATES]
    )
    for row in conditions:
        names.extend(condition_names(*row))
    # A class is offered only while a published medicine belongs to it.
    first_medicine = (
        MedicationArticle.objects.published()
        .filter(drug_class=OuterRef("pk"))
        .order_by("pk")
        .values("pk")[:1]
    )
    classes = (
        DrugClass.objects.published()
        .filter(near(("name",)))
        .annotate(medicine=Subquery(first_medicine), similarity=similarity(("name",)))
        .filter(medicine__isnull=False)
        .order_by("-similarity", "pk")
        .values_list("name", "medicine")[:SUGGESTION_CANDIDATES]
    )
    names.extend(Name(name, MEDICINE, pk, "class", WEIGHT_CLASS) for name, pk in classes)
    return names
