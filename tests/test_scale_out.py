"""Two app servers, one PostgreSQL, one Redis: an edit on one is seen at once on the other.

Starts two real gunicorn servers on their own ports with their own database
(created and dropped here) and their own key prefix in Redis, changes content
through server A (the admin, and a separate process using the ORM) and reads
it through server B. Nothing here depends on how fast the machine is.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from .servers import GUNICORN, FormReader, admin_session, get, gunicorns, manage, post

pytestmark = pytest.mark.postgres

REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/6")


def postgres_server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return os.environ.get("SCALEOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def missing_tool() -> str | None:
    try:
        import psycopg

        psycopg.connect(urlunsplit(urlsplit(postgres_server_url())._replace(path="/postgres")))
    except Exception as error:
        return f"PostgreSQL is not reachable: {error}"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL).ping()
    except Exception as error:
        return f"Redis is not reachable at {REDIS_URL}: {error}"
    if not GUNICORN.exists() and not shutil.which("gunicorn"):
        return "gunicorn is not installed"
    return None


@pytest.fixture(scope="module")
def servers():
    problem = missing_tool()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{problem} (CI must run the two-server test)")
        pytest.skip(problem)

    import psycopg
    import redis

    name = f"test_scaleout_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = urlunsplit(urlsplit(postgres_server_url())._replace(path="/postgres"))
    database_url = urlunsplit(urlsplit(postgres_server_url())._replace(path=f"/{name}"))
    prefix = f"scaleout-{uuid.uuid4().hex[:8]}"
    static_root = tempfile.mkdtemp(prefix="scaleout-static-")

    def admin_sql(statement: str) -> None:
        connection = psycopg.connect(admin_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
        connection.close()

    env = scale_out_env(database_url, REDIS_URL, static_root, CACHE_KEY_PREFIX=prefix)
    admin_sql(f'CREATE DATABASE "{name}"')
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        ids = manage(env, "shell", "-c", SETUP).strip().splitlines()[-1].split()
        with gunicorns(env) as (a, b):
            yield {"a": a, "b": b, "env": env, "article": ids[0], "use": ids[1]}
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(static_root, ignore_errors=True)
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


def scale_out_env(database_url: str, cache_url: str, static_root: str, **extra: str) -> dict:
    """Two app servers' shared settings: one database, one cache, plain HTTP on loopback."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "scale-out-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "PAGE_CACHE": "1",
        # Plain HTTP on loopback: no HTTPS redirect, no secure-only cookies.
        "HTTPS": "0",
        "ADMIN_URL": "admin/",
        "STATIC_ROOT": static_root,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        **extra,
    }


SETUP = """
from django.contrib.auth import get_user_model
from medinfo.models import Indication, MedicationArticle, MedicationUse
condition = Indication.objects.create(
    name="Scale-out condition", slug="scale-out", summary="Test.", status="published")
article = MedicationArticle.objects.create(
    title="Scaleoutamine", slug="scaleoutamine", generic_name="scaleoutamine",
    summary="Before the edit.", status="published")
use = MedicationUse.objects.create(medication=article, indication=condition, note="Helps.")
get_user_model().objects.create_superuser("editor", "e@example.org", "scale-out-password-1")
print(article.pk, use.pk)
"""


def test_an_orm_edit_in_another_process_is_served_at_once_by_both_servers(servers):
    a, b = servers["a"], servers["b"]
    # Both servers have the pages cached (Redis and their own in-process copy).
    for _ in range(3):
        for base in (a, b):
            assert "Before the edit." in get(base, "/medications/scaleoutamine/")[1]
            assert "Scaleoutamine" in get(base, "/conditions/scale-out/")[1]

    manage(
        servers["env"],
        "shell",
        "-c",
        "from medinfo.models import MedicationArticle; "
        "a = MedicationArticle.objects.get(slug='scaleoutamine'); "
        "a.title = 'Scaleoutamine (corrected)'; a.summary = 'After the edit.'; a.save()",
    )

    for base in (b, a):
        status, html, headers = get(base, "/medications/scaleoutamine/")
        assert status == 200
        assert "After the edit." in html and "Before the edit." not in html
        assert "Scaleoutamine (corrected)" in get(base, "/conditions/scale-out/")[1]
        assert "public" in headers["Cache-Control"]


def test_an_admin_change_on_one_server_is_served_at_once_by_the_other(servers):
    a, b = servers["a"], servers["b"]
    # Several times: each worker then holds the pages and sends them before
    # Django's request cycle (medinfo.pagecache.PageCacheApp).
    for _ in range(3):
        for base in (a, b):
            assert get(base, "/medications/scaleoutamine/")[0] == 200
            assert "Scaleoutamine" in get(base, "/medications/")[1]

    opener = admin_session(a, "editor", "scale-out-password-1")
    change_url = f"{a}/admin/medinfo/medicationarticle/{servers['article']}/change/"
    _, html, _ = get(change_url, "", opener)
    form = FormReader()
    form.feed(html)
    assert "Workflow: Published" in html, html[:2000]
    form.data["_action"] = "archive"  # the Archive button
    status, html = post(opener, change_url, form.data)
    errors = re.findall(r"errorlist.{0,300}", html)
    assert status == 200 and "Archived" in html and "Patients do not see it." in html, errors

    for base in (b, a):
        assert get(base, "/medications/scaleoutamine/")[0] == 404
        assert "Scaleoutamine" not in get(base, "/medications/")[1]
        assert "Scaleoutamine" not in get(base, "/conditions/scale-out/")[1]


def test_a_raw_sql_change_without_signals_is_masked_by_the_cache(servers):
    """The control: it shows the pages above really came from the shared cache."""
    import psycopg

    a, b = servers["a"], servers["b"]
    manage(servers["env"], "shell", "-c", PUBLISH)
    for base in (a, b):
        assert "Seen once." in get(base, "/conditions/scale-out/")[1]
    connection = psycopg.connect(servers["env"]["DATABASE_URL"])
    with connection, connection.cursor() as cursor:
        cursor.execute("UPDATE medinfo_indication SET summary = 'Silent.' WHERE slug = 'scale-out'")
    connection.close()
    assert "Silent." not in get(a, "/conditions/scale-out/")[1]
    assert "Silent." not in get(b, "/conditions/scale-out/")[1]


PUBLISH = """
from medinfo.models import Indication
c = Indication.objects.get(slug="scale-out"); c.summary = "Seen once."; c.save()
"""
