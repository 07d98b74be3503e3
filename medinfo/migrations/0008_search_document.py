# Search without per-query work over every article's text (issue 6).
#
# - search_document: a weighted tsvector the database keeps in a generated column
#   (see medinfo/search_document.py); PostgreSQL fills it for existing rows when
#   the column is added. Other databases store NULL.
# - GIN indexes, on PostgreSQL only: the search documents, and trigram indexes
#   (pg_trgm, enabled in 0003) on the names search matches despite typos. They are
#   created here rather than in Meta.indexes because SQLite has no GIN indexes;
#   so makemigrations does not see them, and a later migration that changes these
#   columns on PostgreSQL keeps them (PostgreSQL rebuilds an index on ALTER COLUMN).

import django.contrib.postgres.search
import medinfo.search_document
from django.db import migrations, models

# name, table, method, columns (with operator class)
INDEXES = [
    ("medinfo_article_search", "medinfo_medicationarticle", "gin", "search_document"),
    ("medinfo_condition_search", "medinfo_indication", "gin", "search_document"),
    ("medinfo_drugclass_search", "medinfo_drugclass", "gin", "search_document"),
    (
        "medinfo_article_names_trgm",
        "medinfo_medicationarticle",
        "gin",
        "title gin_trgm_ops, generic_name gin_trgm_ops, brand_names gin_trgm_ops",
    ),
    (
        "medinfo_condition_names_trgm",
        "medinfo_indication",
        "gin",
        "name gin_trgm_ops, synonyms gin_trgm_ops",
    ),
    ("medinfo_drugclass_name_trgm", "medinfo_drugclass", "gin", "name gin_trgm_ops"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, method, columns in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING {method} ({columns})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, *_ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("medinfo", "0007_article_az_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="drugclass",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=medinfo.search_document.PostgreSQLOnly(
                    django.contrib.postgres.search.SearchVector(
                        models.F("name"), config="english", weight="B"
                    ),
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                ),
                help_text="Kept by the database (PostgreSQL): the class name as search matches it.",
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="search document",
            ),
        ),
        migrations.AddField(
            model_name="indication",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=medinfo.search_document.PostgreSQLOnly(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.CombinedSearchVector(
                                django.contrib.postgres.search.SearchVector(
                                    models.F("name"), config="english", weight="A"
                                ),
                                "||",
                                django.contrib.postgres.search.SearchVector(
                                    models.F("synonyms"), config="english", weight="B"
                                ),
                                django.contrib.postgres.search.SearchConfig("english"),
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                models.F("summary"), config="english", weight="C"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            medinfo.search_document.StripTags(models.F("body")),
                            medinfo.search_document.StripTags(models.F("when_to_get_help")),
                            config="english",
                            weight="D",
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    ),
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                ),
                help_text="Kept by the database (PostgreSQL): the words search matches, weighted.",
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="search document",
            ),
        ),
        migrations.AddField(
            model_name="medicationarticle",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=medinfo.search_document.PostgreSQLOnly(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                models.F("title"),
                                models.F("generic_name"),
                                models.F("brand_names"),
                                config="english",
                                weight="A",
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                models.F("summary"),
                                models.F("key_facts"),
                                config="english",
                                weight="C",
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            medinfo.search_document.StripTags(models.F("boxed_warning")),
                            models.F("get_help_now"),
                            medinfo.search_document.StripTags(models.F("how_it_works")),
                            medinfo.search_document.StripTags(models.F("how_to_take")),
                            medinfo.search_document.StripTags(models.F("side_effects")),
                            medinfo.search_document.StripTags(models.F("serious_warnings")),
                            medinfo.search_document.StripTags(models.F("interactions")),
                            medinfo.search_document.StripTags(models.F("pregnancy_breastfeeding")),
                            medinfo.search_document.StripTags(models.F("dependence_and_stopping")),
                            config="english",
                            weight="D",
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    ),
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                ),
                help_text="Kept by the database (PostgreSQL): the words search matches, weighted.",
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="search document",
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
