"""Feedback on real app servers: the rate limit holds across two of them, a Redis outage is no 500.

Starts a Redis server of its own (in a temporary directory, on a free port, so it
can stop it without touching the machine's Redis), one SQLite database file and
two gunicorn servers sharing both. Nothing depends on the machine's speed.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .test_scale_out import GUNICORN, free_port, get, manage, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
REDIS_SERVER = shutil.which("redis-server")

SETUP = """
from medinfo.models import MedicationArticle
MedicationArticle.objects.create(
    title="Ratelimitamine", slug="ratelimitamine", generic_name="ratelimitamine",
    summary="A test page.", status="published")
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(base: str, path: str, data: dict) -> tuple[int, str]:
    """A browser's form POST from our own page; (status, Location or body)."""
    request = urllib.request.Request(
        base + path,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Origin": base, "Content-Type": "application/x-www-form-urlencoded"},
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location") or error.read().decode()


@pytest.fixture(scope="module")
def cluster():
    if not REDIS_SERVER or not GUNICORN.exists():
        if os.environ.get("CI"):
            pytest.fail("redis-server and gunicorn are needed for the feedback server tests")
        pytest.skip("redis-server or gunicorn is not installed")
    work = Path(tempfile.mkdtemp(prefix="feedback-servers-"))
    redis_port = free_port()
    redis = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(work),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "feedback-servers-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "PAGE_CACHE": "1",
        "HTTPS": "0",
        "STATIC_ROOT": str(work / "static"),
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
    }
    servers: list[subprocess.Popen] = []
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "shell", "-c", SETUP)
        bases = []
        for _ in range(2):
            port = free_port()
            servers.append(
                subprocess.Popen(
                    [
                        str(GUNICORN),
                        "clinic.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
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
        yield {"a": bases[0], "b": bases[1], "redis": redis, "db": work / "db.sqlite3"}
    finally:
        for process in [*servers, redis]:
            process.terminate()
        for process in [*servers, redis]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


def stored(cluster) -> int:
    with sqlite3.connect(cluster["db"]) as connection:
        return connection.execute("SELECT count(*) FROM medinfo_pagefeedback").fetchone()[0]


def page_token(base: str) -> str:
    status, html, headers = get(base, "/medications/ratelimitamine/")
    assert status == 200
    assert "Set-Cookie" not in headers and "csrfmiddlewaretoken" not in html
    return re.search(r'name="page" value="([^"]+)"', html).group(1)


def test_the_rate_limit_holds_across_two_app_servers(cluster):
    token = page_token(cluster["a"])
    before = stored(cluster)
    for n in range(8):
        base = cluster["a"] if n % 2 else cluster["b"]
        status, location = post(base, "/feedback/", {"page": token, "answer": "yes"})
        assert status == 302 and location.startswith("/feedback/thanks/"), (status, location)
    assert stored(cluster) - before == 5


def test_a_redis_outage_turns_no_feedback_post_into_a_500(cluster):
    token = page_token(cluster["b"])
    before = stored(cluster)
    cluster["redis"].terminate()
    cluster["redis"].wait(timeout=30)
    for base in (cluster["a"], cluster["b"]):
        status, location = post(base, "/feedback/", {"page": token, "answer": "no"})
        assert status == 302 and location.startswith("/feedback/thanks/"), (status, location)
        # The page itself is still served, rendered without the cache.
        assert get(base, "/medications/ratelimitamine/")[0] == 200
    assert stored(cluster) == before  # dropped, never stored unchecked
