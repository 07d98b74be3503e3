"""Two app servers, one PostgreSQL, one Redis: an edit on one is seen at once on the other.

Starts two real gunicorn servers on their own ports with their own database
(created and dropped here) and their own key prefix in Redis, changes content
through server A (the admin, and a separate process using the ORM) and reads
it through server B. Nothing here depends on how fast the machine is.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
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

    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "scale-out-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "PAGE_CACHE": "1",
        # Plain HTTP on loopback: no HTTPS redirect, no secure-only cookies.
        "HTTPS": "0",
        "ADMIN_URL": "admin/",
        "STATIC_ROOT": static_root,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
    }
    processes: list[subprocess.Popen] = []
    admin_sql(f'CREATE DATABASE "{name}"')
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        ids = manage(env, "shell", "-c", SETUP).strip().splitlines()[-1].split()
        bases = []
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        str(GUNICORN),
                        "clinic.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "2",
                        "--error-logfile",
                        "-",
                    ],  # fmt: skip
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            wait_until_up(base)
        yield {"a": bases[0], "b": bases[1], "env": env, "article": ids[0], "use": ids[1]}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(static_root, ignore_errors=True)
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


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


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 120
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=10).read()
            return
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = str(error)
        time.sleep(0.2)
    pytest.fail(f"{base} did not start: {last}")


def get(base: str, path: str, opener=None) -> tuple[int, str, dict]:
    opener = opener or urllib.request.build_opener()
    try:
        with opener.open(base + path, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


class FormReader(HTMLParser):
    """The values a browser would submit for the first <form method="post">."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("checkbox", "radio"):
                self.data[attrs["name"]] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file", "image"):
                self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self._select = attrs["name"]
            self.data.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def admin_session(base: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, html, _ = get(base, "/admin/login/", opener)
    form = FormReader()
    form.feed(html)
    form.data.update({"username": "editor", "password": "scale-out-password-1"})
    post(opener, base + "/admin/login/?next=/admin/", form.data)
    return opener


def post(opener, url: str, data: dict) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
    )
    with opener.open(request, timeout=60) as response:
        return response.status, response.read().decode()


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
    # Django's request cycle (medinfo.cache.PageCacheApp).
    for _ in range(3):
        for base in (a, b):
            assert get(base, "/medications/scaleoutamine/")[0] == 200
            assert "Scaleoutamine" in get(base, "/medications/")[1]

    opener = admin_session(a)
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
