"""The stored full-text search document of medicines, conditions and drug classes.

On PostgreSQL each row keeps a weighted `tsvector` in a generated column
(`search_document`) that the database itself recomputes on every insert and
update, so `bulk_create()`, `QuerySet.update()`, data migrations and raw SQL
keep it right without any Python code. Search matches and ranks against that
column through a GIN index instead of building `to_tsvector()` over every
article's text for each query. Rich-text fields hold HTML: tags and character
references are removed first, so "<strong>" never becomes a search word.

The expression uses only immutable functions (`to_tsvector` with an explicit
configuration, `setweight`, `regexp_replace`, `coalesce`, `||`), as PostgreSQL
requires of a generated column. Other databases (the SQLite default) store
NULL: `medinfo.search` searches their columns directly.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Func

TEXT_SEARCH_CONFIG = "english"

# Weights: A names, B synonyms and drug classes, C summaries, D the rest of the text.
MEDICINE_NAME_FIELDS = ("title", "generic_name", "brand_names")
MEDICINE_SUMMARY_FIELDS = ("summary", "key_facts")
MEDICINE_BODY_FIELDS = (
    "boxed_warning",
    "get_help_now",
    "how_it_works",
    "how_to_take",
    "side_effects",
    "serious_warnings",
    "interactions",
    "pregnancy_breastfeeding",
    "dependence_and_stopping",
)
CONDITION_NAME_FIELDS = ("name",)
CONDITION_SYNONYM_FIELDS = ("synonyms",)
CONDITION_SUMMARY_FIELDS = ("summary",)
CONDITION_BODY_FIELDS = ("body", "when_to_get_help")


class StripTags(Func):
    """Text without HTML tags and character references (PostgreSQL), e.g. for a tsvector."""

    template = (
        "regexp_replace(regexp_replace(%(expressions)s, '<[^>]*>', ' ', 'g'), "
        "'&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);', ' ', 'gi')"
    )
    arity = 1


class PostgreSQLOnly(Func):
    """An expression PostgreSQL computes; other databases get NULL (they never read it)."""

    template = "(%(expressions)s)"
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra_context)


def document(weighted: dict[str, tuple[str, ...]], rich_text: tuple[str, ...] = ()) -> Func:
    """The generated-column expression: each weight's fields in one weighted tsvector."""
    parts = [
        SearchVector(
            *(StripTags(F(name)) if name in rich_text else F(name) for name in names),
            weight=weight,
            config=TEXT_SEARCH_CONFIG,
        )
        for weight, names in weighted.items()
    ]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined + part
    return PostgreSQLOnly(combined, output_field=SearchVectorField())


def document_field(expression: Func, help_text: str) -> models.GeneratedField:
    return models.GeneratedField(
        expression=expression,
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name="search document",
        help_text=help_text,
    )


MEDICINE_DOCUMENT = {
    "A": MEDICINE_NAME_FIELDS,
    "C": MEDICINE_SUMMARY_FIELDS,
    "D": MEDICINE_BODY_FIELDS,
}
CONDITION_DOCUMENT = {
    "A": CONDITION_NAME_FIELDS,
    "B": CONDITION_SYNONYM_FIELDS,
    "C": CONDITION_SUMMARY_FIELDS,
    "D": CONDITION_BODY_FIELDS,
}
# A medicine's class counts as weight B; it lives in its own table (a generated
# column cannot read another table), and search adds its rank to the medicine's.
DRUG_CLASS_DOCUMENT = {"B": ("name",)}
