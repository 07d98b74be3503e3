"""What operators copy from deploy/, tried for real.

`make serve` on a throwaway PostgreSQL (as tests/test_server.py starts it) with
deploy/try-proxy.sh, that is deploy/nginx/clinic.conf, in front of it on free
ports; then deploy/backup.sh and deploy/restore-check.sh on that database.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from tests.servers import free_port, production_env
from tests.test_server import database  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def needed(program: str, package: str) -> None:
    """Fail in CI (.ci/run installs it), skip only where it is truly absent."""
    if shutil.which(program) or os.access(f"/usr/sbin/{program}", os.X_OK):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{program} is needed in CI: apt-get install {package}")
    pytest.skip(f"{program} is not installed (apt-get install {package})")


def stop(process: subprocess.Popen) -> None:
    process.terminate()  # try-proxy.sh stops nginx and removes its files
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until(ready, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            pytest.fail(f"{what} exited:\n{log.read_text()}")
        with contextlib.suppress(OSError):
            if ready():
                return
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not answer in time:\n{log.read_text()}")
        time.sleep(0.3)


@pytest.fixture(scope="module")
def content(database, tmp_path_factory):  # noqa: F811
    # The throwaway server (tests/servers.py); the app is given its database URL.
    env = production_env(database.url(), tmp_path_factory.mktemp("static"))
    for command in (["migrate", "--noinput"], ["load_demo_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return database


class Proxy:
    def __init__(self, https_port: int, http_port: int, log: Path):
        self.https_port = https_port
        self.http_port = http_port
        self.log = log
        pem = ssl.get_server_certificate(("127.0.0.1", https_port))
        # Verified against the certificate try-proxy.sh made (its names must fit).
        self.tls = ssl.create_default_context(cadata=pem)

    def connection(self, source: str = "127.0.0.1", timeout: float = 30):
        return http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, context=self.tls, timeout=timeout,
            source_address=(source, 0),
        )  # fmt: skip

    def get(self, path: str, headers: dict | None = None, **options):
        connection = self.connection(**options)
        try:
            connection.request("GET", path, headers={"Host": "localhost", **(headers or {})})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def access_log(self) -> list[dict]:
        time.sleep(0.3)  # let nginx write the line
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.startswith('{"time"')]


def start_proxy(tmp: Path, app_port: int, static_root: Path, https_port: int = 0):
    https_port, http_port = https_port or free_port(), free_port()
    log = tmp / f"proxy-{https_port}.log"
    env = {**os.environ, "STATIC_ROOT": str(static_root), "TMPDIR": str(tmp)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(DEPLOY / "try-proxy.sh"), str(https_port), str(http_port), str(app_port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def listening():
        with socket.create_connection(("127.0.0.1", https_port), timeout=1):
            return True

    wait_until(listening, process, log, "deploy/try-proxy.sh")
    return process, Proxy(https_port, http_port, log)


@pytest.fixture(scope="module")
def site(content, tmp_path_factory):
    """make serve behind deploy/try-proxy.sh, set up as README "Deploying" says."""
    needed("nginx", "nginx")
    needed("openssl", "openssl")
    tmp = tmp_path_factory.mktemp("deploy")
    static_root = tmp / "static"
    app_port = free_port()
    https_port = free_port()
    env = production_env(
        content.url(), static_root, TRUSTED_PROXY_COUNT="1",
        CSRF_TRUSTED_ORIGINS=f"https://localhost:{https_port}",
    )  # fmt: skip
    serve_log = tmp / "serve.log"
    with serve_log.open("wb") as out:
        app = subprocess.Popen(
            ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={app_port}",
             "WORKERS=2"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def healthy():
        connection = http.client.HTTPConnection("127.0.0.1", app_port, timeout=5)
        connection.request("GET", "/healthz", headers={"Host": "localhost"})
        return connection.getresponse().status == 200

    try:
        wait_until(healthy, app, serve_log, "make serve")
        proxy_process, proxy = start_proxy(tmp, app_port, static_root, https_port)
        proxy.app_port = app_port
        try:
            yield proxy
        finally:
            stop(proxy_process)
    finally:
        os.killpg(app.pid, signal.SIGTERM)
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(app.pid, signal.SIGKILL)
            app.wait()


def header_values(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key.lower() == name.lower()]


def test_plain_http_is_redirected_permanently_to_https(site):
    connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=30)
    connection.request("GET", "/medications/diazepam/?from=leaflet", headers={"Host": "localhost"})
    response = connection.getresponse()

    assert response.status == 301
    assert response.getheader("Location") == (
        f"https://localhost:{site.https_port}/medications/diazepam/?from=leaflet"
    )


@pytest.mark.parametrize(
    "path", ["/", "/medications/diazepam/", "/conditions/", "/search/?q=diazepam"]
)
def test_https_pages_carry_hsts_once_and_the_apps_csp(site, path):
    status, headers, body = site.get(path)

    assert status == 200
    assert header_values(headers, "Strict-Transport-Security") == [
        "max-age=31536000; includeSubDomains; preload"
    ]
    [csp] = header_values(headers, "Content-Security-Policy")
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert header_values(headers, "Server") == ["nginx"]  # no version number


def test_tls_is_1_2_or_newer_with_a_certificate_for_the_host(site):
    connection = site.connection()
    connection.connect()
    try:
        assert connection.sock.version() in {"TLSv1.2", "TLSv1.3"}
    finally:
        connection.close()


def test_static_files_come_from_nginx_with_a_years_cache_and_gzip(site):
    _, _, page = site.get("/")
    hashed = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1).decode()

    status, headers, body = site.get(hashed, {"Accept-Encoding": "gzip"})

    assert status == 200
    assert header_values(headers, "Cache-Control") == ["public, max-age=31536000, immutable"]
    assert header_values(headers, "Content-Encoding") == ["gzip"]
    assert b"{" in gzip.decompress(body)
    served = [line for line in site.access_log() if line["path"] == hashed]
    assert served and served[-1]["upstream"] == "", "nginx served it, not gunicorn"
    # A name without a content hash may change: only a short cache.
    status, headers, _ = site.get("/static/css/site.css")
    assert status == 200
    assert header_values(headers, "Cache-Control") == ["public, max-age=60"]


@pytest.mark.parametrize("path", ["/", "/medications/diazepam/", "/search/?q=diazepam"])
def test_public_html_arrives_gzipped_for_clients_that_accept_it(site, path):
    status, headers, body = site.get(path, {"Accept-Encoding": "gzip"})

    assert status == 200
    assert header_values(headers, "Content-Encoding") == ["gzip"]
    assert b"</html>" in gzip.decompress(body)
    status, headers, body = site.get(path)
    assert header_values(headers, "Content-Encoding") == []
    assert b"</html>" in body


def test_pages_with_a_csrf_token_are_not_compressed_by_the_proxy_either(site):
    # BREACH: the app leaves them uncompressed on purpose; nginx must not undo that.
    status, headers, body = site.get("/admin/login/", {"Accept-Encoding": "gzip"})

    assert status == 200
    assert b"csrfmiddlewaretoken" in body
    assert header_values(headers, "Content-Encoding") == []


def test_health_check_answers_through_the_proxy_over_https_and_http(site):
    status, _, body = site.get("/healthz")
    assert status == 200
    assert json.loads(body)["status"] == "ok"

    connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=30)
    connection.request("GET", "/healthz", headers={"Host": "localhost"})
    response = connection.getresponse()
    assert response.status == 200, "load balancers probe over plain HTTP"
    assert json.loads(response.read())["status"] == "ok"


def test_request_ids_are_made_by_nginx_or_kept_from_in_front(site):
    _, headers, _ = site.get("/conditions/", {"X-Request-ID": "lb-0123456789"})
    assert header_values(headers, "X-Request-ID") == ["lb-0123456789"]

    _, headers, _ = site.get("/medications/")
    [made] = header_values(headers, "X-Request-ID")
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    logged = [line for line in site.access_log() if line["request_id"] == made]
    assert logged and logged[0]["path"] == "/medications/", "nginx's log and the app's share it"


def failed_sign_in(site, source: str, forged_for: str | None) -> None:
    origin = f"https://localhost:{site.https_port}"
    status, headers, body = site.get("/admin/login/", source=source)
    assert status == 200
    cookie = next(v for v in header_values(headers, "Set-Cookie") if v.startswith("csrftoken="))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = f"csrfmiddlewaretoken={token}&username=lockout-probe&password=wrong-password-1"
    extra = {"X-Forwarded-For": forged_for} if forged_for else {}
    connection = site.connection(source=source)
    try:
        connection.request("POST", "/admin/login/?next=/admin/", body=form, headers={
            "Host": "localhost", "Origin": origin, "Referer": f"{origin}/admin/login/",
            "Cookie": cookie.split(";", 1)[0],
            "Content-Type": "application/x-www-form-urlencoded", **extra,
        })  # fmt: skip
        response = connection.getresponse()
        assert response.status == 200, response.read()[:500]
        assert b"correct username and password" in response.read()
    finally:
        connection.close()


def test_the_lockout_counts_the_proxys_client_and_not_a_forged_address(site, content):
    # The client connects from 127.0.0.2; nginx talks to gunicorn from 127.0.0.1.
    failed_sign_in(site, "127.0.0.2", forged_for=None)
    failed_sign_in(site, "127.0.0.2", forged_for="203.0.113.7")

    with psycopg.connect(content.url()) as db:
        rows = db.execute(
            "SELECT host(ip_address), failures_since_start FROM axes_accessattempt"
            " WHERE username = 'lockout-probe'"
        ).fetchall()

    assert rows == [("127.0.0.2", 2)]


def test_the_proxy_answers_with_a_short_page_while_the_app_is_down(site, tmp_path):
    nothing_there = free_port()
    process, proxy = start_proxy(tmp_path, nothing_there, tmp_path)
    try:
        status, headers, body = proxy.get("/medications/diazepam/")
    finally:
        stop(process)

    assert status == 503
    assert header_values(headers, "Retry-After") == ["30"]
    assert b"briefly unavailable" in body
    assert b"Bad Gateway" not in body
    assert not list(tmp_path.glob("clinic-try-proxy.*")), "try-proxy.sh cleaned up after itself"


@contextlib.contextmanager
def slow_clients(port: int, tls: ssl.SSLContext | None, count: int = 20):
    """`count` clients that send one header line every 0.5 s and never finish."""
    done = threading.Event()
    started: list[bool] = []  # one entry per client: did it get its first line out?
    lock = threading.Condition()

    def dribble():
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            if tls:
                sock = tls.wrap_socket(sock, server_hostname="127.0.0.1")
            sock.sendall(b"GET /static/css/site.css HTTP/1.1\r\nHost: localhost\r\n")
        except OSError:
            sock = None
        with lock:
            started.append(sock is not None)
            lock.notify_all()
        if sock is None:
            return
        with sock, contextlib.suppress(OSError):
            while not done.wait(0.5):
                sock.sendall(b"X-Slowly: 1\r\n")

    threads = [threading.Thread(target=dribble, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    with lock:
        assert lock.wait_for(lambda: len(started) == count, timeout=15)
    assert all(started), "every slow client connected"
    time.sleep(1)  # every one of them is now well into its headers
    try:
        yield
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=10)


def test_twenty_slow_clients_do_not_hold_up_others_behind_the_proxy(site):
    with slow_clients(site.https_port, site.tls):
        for path in ("/medications/diazepam/", "/search/?q=seizures", "/static/css/site.css"):
            started = time.monotonic()
            status, _, _ = site.get(path, timeout=5)
            assert status == 200
            assert time.monotonic() - started < 1.0, path


def test_without_the_proxy_the_same_slow_clients_hold_every_worker(site):
    # Why the proxy is there: gunicorn's sync workers wait for each client.
    with slow_clients(site.app_port, None):
        connection = http.client.HTTPConnection("127.0.0.1", site.app_port, timeout=1.0)
        with pytest.raises(TimeoutError):
            connection.request("GET", "/healthz", headers={"Host": "localhost"})
            connection.getresponse()
        connection.close()


def test_try_proxy_explains_how_to_call_it_and_what_is_missing(tmp_path):
    script = str(DEPLOY / "try-proxy.sh")

    usage = subprocess.run([script, "8443"], capture_output=True, text=True, timeout=30)
    assert usage.returncode == 2
    assert "usage:" in usage.stderr

    not_a_port = subprocess.run(
        [script, "8443", "http", "8000"], capture_output=True, text=True, timeout=30
    )
    assert not_a_port.returncode == 2
    assert "not a port number: http" in not_a_port.stderr

    no_static = subprocess.run(
        [script, str(free_port()), str(free_port()), str(free_port())],
        env={**os.environ, "STATIC_ROOT": str(tmp_path / "missing")},
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert no_static.returncode == 1
    assert "does not exist: start 'make serve' first" in no_static.stderr or (
        "Missing:" in no_static.stderr and "apt-get install" in no_static.stderr
    )
