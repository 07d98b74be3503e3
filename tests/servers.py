"""Live servers for tests: a throwaway PostgreSQL and Redis, `make serve`, plain gunicorns.

Never the machine's shared services when a test stops, freezes or restarts
one: the servers here live in temporary directories on free ports and are
removed afterwards. Used by test_server.py, test_scale_out.py and test_faults.py.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import http.cookiejar
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front of gunicorn sends


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing(what: str) -> None:
    """Skip locally when a tool is not installed; in CI that is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must run this test)")
    pytest.skip(what)


def freeze(pids: list[int]) -> None:
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)


def thaw(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)


def children(pid: int) -> list[int]:
    found = []
    for status in glob.glob("/proc/[0-9]*/status"):
        with contextlib.suppress(OSError):
            fields = dict(
                line.split(":\t", 1)
                for line in Path(status).read_text().splitlines()
                if ":\t" in line
            )
            if int(fields.get("PPid", "0")) == pid:
                found.append(int(fields["Pid"]))
    return found


# --- PostgreSQL ----------------------------------------------------------------


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class ThrowawayPostgres:
    """A PostgreSQL server of our own in a temporary directory."""

    def __init__(self, bindir: Path, base: Path):
        self.bindir = bindir
        self.base = base
        self.data = base / "data"
        self.port = free_port()
        # PostgreSQL refuses to run as root; use the postgres account then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(base, user="postgres")

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, *args], check=True, capture_output=True, text=True, timeout=120
        )

    def init(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.base / "postgres.log"), "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name: str = "clinic") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def pids(self) -> list[int]:
        """The server process and its backends (what a SIGSTOP must reach to freeze it all)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        return [postmaster, *children(postmaster)]


@contextlib.contextmanager
def throwaway_postgres(database: str = "clinic"):
    bindir = postgres_bin()
    if bindir is None:
        missing("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    # Not under pytest's temporary directory: the postgres account must reach it.
    base = Path(tempfile.mkdtemp(prefix="clinic-test-pg-"))
    server = ThrowawayPostgres(bindir, base)
    try:
        server.init()
        server.start()
    except subprocess.CalledProcessError as error:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start a throwaway PostgreSQL: {error.stdout}{error.stderr}")
    try:
        subprocess.run(
            [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(server.port),
             "-U", "postgres", database],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        yield server
    finally:
        with contextlib.suppress(Exception):
            thaw(server.pids())  # frozen by a failing test
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped by a failing test
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


# --- Redis -----------------------------------------------------------------------


class ThrowawayRedis:
    """A redis-server of our own: its data file in a temporary directory, on a free port."""

    def __init__(self, base: Path):
        self.base = base
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.base), "--dbfilename", "dump.rdb", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock,
            ):
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.1)
        pytest.fail("the throwaway redis-server did not start")

    def kill(self) -> None:
        """Gone at once, without saving (as a crash)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


@contextlib.contextmanager
def throwaway_redis():
    if not shutil.which("redis-server"):
        missing("redis-server is not installed")
    base = Path(tempfile.mkdtemp(prefix="clinic-test-redis-"))
    server = ThrowawayRedis(base)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None:
            thaw([server.process.pid])
        server.kill()
        shutil.rmtree(base, ignore_errors=True)


# --- the app ---------------------------------------------------------------------


def production_env(database_url: str, static_root: Path, **extra: str) -> dict:
    """The environment an operator gives `make serve`, as the README describes."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "HTTPS", "DATABASE_URL", "CACHE_URL", "ADMIN_URL", "MAKEFLAGS"}
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"  # the browser tests' test-only switch
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        CLINIC_PHONE="(555) 010-2345",
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


class Server:
    def __init__(self, port: int, process: subprocess.Popen, log: Path):
        self.port = port
        self.process = process
        self.log = log

    def request(self, path: str, headers: dict | None = None, method: str = "GET", timeout=30):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, headers={"Host": "localhost", **(headers or {})})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def timed(self, path: str, headers: dict | None = None, timeout: float = 30):
        """(status, seconds): how a visitor with a patient browser sees a request."""
        start = time.monotonic()
        status = self.request(path, headers, timeout=timeout)[0]
        return status, time.monotonic() - start

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def worker_pids(self) -> list[int]:
        # make -> gunicorn master (the recipe's shell execs it) -> workers
        return sorted(pid for master in children(self.process.pid) for pid in children(master))


@contextlib.contextmanager
def make_serve(env: dict, work: Path, workers: int = 2):
    """`make serve` with ``env``, after migrating and loading the demo content."""
    # Content to look at; `make serve` itself migrates too (a no-op then).
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_content")
    port = free_port()
    log = work / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}",
             f"WORKERS={workers}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    running = Server(port, process, log)
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail("make serve exited:\n" + log.read_text())
            with contextlib.suppress(OSError):
                if running.request("/healthz", timeout=5)[0] == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail("gunicorn did not answer in time:\n" + log.read_text())
            time.sleep(0.5)
        yield running
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def gunicorns(env: dict, count: int = 2, workers: int = 2):
    """``count`` plain gunicorn servers (one per app server), each with its base URL."""
    processes: list[subprocess.Popen] = []
    bases = []
    try:
        for _ in range(count):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        str(GUNICORN),
                        "clinic.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(workers),
                        "--error-logfile",
                        "-",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )  # fmt: skip
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            wait_until_up(base)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


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


# --- a browser's requests, without a browser ----------------------------------------


def get(base: str, path: str, opener=None) -> tuple[int, str, dict]:
    opener = opener or urllib.request.build_opener()
    try:
        with opener.open(base + path, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def post(opener, url: str, data: dict) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
    )
    with opener.open(request, timeout=60) as response:
        return response.status, response.read().decode()


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


def admin_session(base: str, username: str, password: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, html, _ = get(base, "/admin/login/", opener)
    form = FormReader()
    form.feed(html)
    form.data.update({"username": username, "password": password})
    post(opener, base + "/admin/login/?next=/admin/", form.data)
    return opener


def admin_change(opener, change_url: str, **changes: str) -> tuple[int, str]:
    """Open a change form as a browser would, change some fields, save."""
    _, html, _ = get(change_url, "", opener)
    form = FormReader()
    form.feed(html)
    form.data.update(changes)
    return post(opener, change_url, form.data)
