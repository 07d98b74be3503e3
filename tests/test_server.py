"""The production server for real: `make serve` (gunicorn, WhiteNoise, DEBUG off)
on a throwaway PostgreSQL that the test starts, stops and starts again.

Never the machine's shared PostgreSQL: the database server here lives in a
temporary directory on a free port and is removed afterwards.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time

import pytest

from .servers import HTTPS, ROOT, free_port, make_serve, production_env, throwaway_postgres


@pytest.fixture(scope="module")
def database():
    with throwaway_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def server(database, tmp_path_factory):
    work = tmp_path_factory.mktemp("serve")
    with make_serve(production_env(database.url(), work / "static"), work) as running:
        yield running


def test_the_medicine_page_is_served_with_the_security_headers(server):
    status, headers, body = server.request("/medications/diazepam/", HTTPS)

    assert status == 200
    assert b"Diazepam" in body
    assert headers["Server"] == "gunicorn"
    csp = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if " " in part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    # Shown in the closing note of the issue.
    print("\n".join(f"{name}: {value}" for name, value in headers.items()))


def test_plain_http_is_redirected_to_https(server):
    status, headers, _ = server.request("/medications/diazepam/")

    assert status == 301
    assert headers["Location"] == "https://localhost/medications/diazepam/"


def test_static_files_have_hashed_names_long_cache_and_compression(server):
    _, _, body = server.request("/", HTTPS)
    match = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert match, "the page links the hashed stylesheet"

    status, headers, _ = server.request(
        match.group(1).decode(), {**HTTPS, "Accept-Encoding": "gzip"}
    )

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]


def test_health_check_answers_ok_and_is_never_cached(server):
    status, headers, body = server.request("/healthz")  # plain HTTP: no redirect

    assert status == 200
    assert json.loads(body)["status"] == "ok"
    assert "no-store" in headers["Cache-Control"]


def test_requests_are_logged_as_json_without_query_strings(server):
    status, headers, _ = server.request("/search/?q=secretive+symptom", HTTPS)
    assert status == 200
    request_id = headers["X-Request-ID"]
    time.sleep(0.5)  # let the access log line reach the file

    entries = [json.loads(line) for line in server.log_lines() if line.startswith("{")]
    access = [e for e in entries if e.get("request_id") == request_id]

    assert access, "the request is logged with its request id"
    assert access[0]["logger"] == "gunicorn.access"
    assert access[0]["path"] == "/search/"
    assert access[0]["status"] == 200
    assert "secretive" not in server.log.read_text()
    assert any(e["logger"] == "gunicorn.error" for e in entries), "gunicorn logs as JSON too"


def test_infobutton_codes_never_reach_the_logs(server):
    """A diagnosis code is health information: in no log line of gunicorn or Django."""
    asked = {
        "/api/v1/infobutton?mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
        "&mainSearchCriteria.v.c=F41.1&knowledgeResponseType=application/json": 200,
        "/api/v1/infobutton?mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
        "&mainSearchCriteria.v.c=Q87.410": 200,  # no page: an empty feed
        "/api/v1/infobutton?mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
        "&mainSearchCriteria.v.c=QX87.41": 400,  # malformed
    }
    ids = []
    for path, expected in asked.items():
        status, headers, body = server.request(path, {**HTTPS, "X-Forwarded-For": "203.0.113.9"})
        assert status == expected, body[:300]
        ids.append(headers["X-Request-ID"])
    time.sleep(0.5)  # let the access log lines reach the file

    text = server.log.read_text()
    entries = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    logged = [e for e in entries if e.get("request_id") in ids]
    assert {e["request_id"] for e in logged if e["logger"] == "gunicorn.access"} == set(ids)
    assert {e["path"] for e in logged if e["logger"] == "gunicorn.access"} == {"/api/v1/infobutton"}
    for code in ("F41.1", "F411", "Q87", "QX87", "203.0.113.9"):
        assert code not in text


def test_database_outage_gives_the_friendly_503_and_the_same_server_recovers(server, database):
    database.stop()
    try:
        for _ in range(4):  # reach both workers
            status, headers, body = server.request("/medications/diazepam/", HTTPS)
            assert status == 503
            assert headers["Retry-After"] == "30"
            assert "no-store" in headers["Cache-Control"]
            assert b"briefly unavailable" in body
            assert b'href="tel:5550102345"' in body
            assert b"Traceback" not in body
            assert b"OperationalError" not in body
        status, _, body = server.request("/healthz")
        assert status == 503
        assert json.loads(body) == {
            "status": "unavailable",
            "checks": {"database": "unavailable", "cache": "ok"},
        }
    finally:
        database.start()

    # Each worker tries the database again once its back-off (DATABASE_BACKOFF, 5 s) ends.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if all(server.request("/medications/diazepam/", HTTPS)[0] == 200 for _ in range(4)):
            break
        time.sleep(0.5)
    for _ in range(4):
        status, _, body = server.request("/medications/diazepam/", HTTPS)
        assert status == 200
        assert b"Diazepam" in body
    assert server.request("/healthz")[0] == 200
    assert server.process.poll() is None, "no restart"

    time.sleep(0.5)
    entries = [json.loads(line) for line in server.log_lines() if line.startswith("{")]
    # Once per worker that saw it, with the request that found it; no traceback per request.
    outage = [e for e in entries if e["logger"] == "clinic.database"]
    assert [e["level"] for e in outage if e["level"] == "WARNING"], "the outage is logged"
    assert all(e.get("request_id") for e in outage)
    assert not [e for e in entries if e["level"] == "ERROR" or "error" in e]
    assert [e["status"] for e in entries if e.get("path") == "/medications/diazepam/"].count(
        503
    ) >= 4  # and those the back-off answered after


def test_make_serve_refuses_to_start_without_secret_key_and_allowed_hosts(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "MAKEFLAGS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'never-created.sqlite3'}"

    result = subprocess.run(
        ["make", "--no-print-directory", "serve", f"PORT={free_port()}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr
    assert not (tmp_path / "never-created.sqlite3").exists(), "nothing ran before the check"


@pytest.mark.parametrize(
    "target",
    [
        b"/medications/%FF%FE/",
        b"/medications/..%2F..%2Fetc%2Fpasswd/",
        b"/medications/../../etc/passwd",
        b"/search/?q=%00%FF%FE",
        b"/search/?q=%C0%AF&page=99999999999999999999999999999",
        b"/search/?q={{%20settings.SECRET_KEY%20}}",
        b"/conditions/%00/",
        b"/" + b"a" * 6000,
        b"/search/?q=" + b"%F0" * 2000,
    ],
)
def test_hostile_raw_requests_through_gunicorn_never_get_a_500(server, target):
    # Raw bytes on the socket: no client library tidies the request line up first.
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(
            b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\n"
            b"X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n"
        )
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk

    status = int(reply.split(b" ", 2)[1])
    # 414: gunicorn refuses request lines over 4094 bytes before Django sees them.
    expected = {414} if len(target) > 4094 else {200, 301, 400, 404}
    assert status in expected, reply[:300]
    assert b"Traceback" not in reply
