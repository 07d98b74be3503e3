"""On PostgreSQL the medicine page's queries are prepared once per connection, then reused."""

import pytest
from django.db import connection

from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_medicine_page_queries_are_prepared_after_a_few_requests(client, settings):
    settings.PAGE_CACHE = False
    make_article(slug="prepared", uses=[make_indication()])
    for _ in range(6):
        assert client.get("/medications/prepared/").status_code == 200
    if connection.vendor != "postgresql":
        # The suite's SQLite run: psycopg's options must not reach another database.
        assert "server_side_binding" not in settings.DATABASES["default"].get("OPTIONS", {})
        return
    statements = prepared_statements()
    assert any('FROM "medinfo_medicationarticle"' in sql for sql in statements)
    assert any('FROM "medinfo_medicationuse"' in sql for sql in statements)
