"""Search on SQLite and other databases without PostgreSQL's full-text search.

Names are matched in Python against the cached list of published names (see
names.py), exactly or within a few typing slips; the text is matched with
substring lookups in the database, one query per word and kind, so a word
found only in the body still finds its page, below any name match.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Case, FloatField, Q, Value, When

from ..models import Indication, MedicationArticle
from ..search_document import (
    CONDITION_BODY_FIELDS,
    CONDITION_SUMMARY_FIELDS,
    MEDICINE_BODY_FIELDS,
    MEDICINE_SUMMARY_FIELDS,
)
from .names import (
    CONDITION,
    MEDICINE,
    WEIGHT_BODY,
    WEIGHT_SUMMARY,
    best_name,
    by_item,
    explain,
    published_names,
)
from .results import Hit, ranked


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


def fallback_hits(query: str, terms: list[str], limit: int) -> list[Hit]:
    names = published_names()
    scores: dict[tuple[str, int], float] = {}
    exact: set[tuple[str, int]] = set()
    for key, item_names in by_item(names).items():
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

    best = sorted(scores.items(), key=lambda item: -item[1])[:limit]
    medicine_pks = [pk for (kind, pk), _ in best if kind == MEDICINE]
    condition_pks = [pk for (kind, pk), _ in best if kind == CONDITION]
    items = {
        (MEDICINE, a.pk): a
        for a in MedicationArticle.objects.published()
        .filter(pk__in=medicine_pks)
        .select_related("drug_class")
        .defer("search_document", "drug_class__search_document")
    }
    conditions = Indication.objects.published().filter(pk__in=condition_pks)
    items.update({(CONDITION, c.pk): c for c in conditions.defer("search_document")})
    hits = ranked(
        [
            Hit(kind=key[0], item=items[key], score=score, fuzzy=key not in exact)
            for key, score in best
            if key in items
        ],
        limit,
    )
    explain(hits, terms, query, names)
    return hits
