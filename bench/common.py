"""Shared helpers for `make bench` and `make load`: the database, the server, the load tools.

Standard library only (plus psycopg and redis from requirements.txt), so the
scripts run from the project's virtual environment on a clean clone.
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/clinic_bench"
# One random key per benchmark run (the production checks refuse weak ones).
_RUN_KEY = secrets.token_urlsafe(50)


def bench_database_url() -> str:
    """BENCH_DATABASE_URL, else the DATABASE_URL server with a clinic_bench database."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path="/clinic_bench"))
    return DEFAULT_DB


def bench_cache_url() -> str:
    return os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/0")


def server_env(page_cache: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or _RUN_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DATABASE_URL": bench_database_url(),
            "CACHE_URL": bench_cache_url(),
            "CACHE_KEY_PREFIX": "clinic-bench",
            "PAGE_CACHE": "1" if page_cache else "0",
            # Plain HTTP on loopback (a TLS proxy sits in front in production).
            "HTTPS": "0",
            "DJANGO_SETTINGS_MODULE": "clinic.settings",
        }
    )
    return env


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        # Loading bench data may take longer than a page's statement time limit.
        env=env or {**server_env(page_cache=False), "DATABASE_STATEMENT_TIMEOUT_MS": "0"},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        connection = psycopg.connect(admin_url)
    except psycopg.OperationalError as error:
        sys.exit(f"Cannot reach PostgreSQL at {admin_url}: {error}".strip())
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return version


def check_redis(url: str) -> str:
    import redis

    try:
        return redis.Redis.from_url(url).info("server")["redis_version"]
    except redis.RedisError as error:
        sys.exit(f"Cannot reach Redis at {url}: {error}")


def prepare_database(medications: int, conditions: int) -> str:
    """Migrate the bench database, load demo and sample content, collect static files."""
    url = bench_database_url()
    version = ensure_database(url)
    print(f"Benchmark database: {url} (PostgreSQL {version})", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_demo_content")
    print(
        manage(
            "make_bench_data", "--medications", str(medications), "--conditions", str(conditions)
        ).strip()[:160],
        flush=True,
    )
    manage("collectstatic", "--noinput", "-v0")
    return version


def free_port() -> int:
    wanted = os.environ.get("BENCH_PORT")
    if wanted:
        return int(wanted)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_workers() -> int:
    return int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))


@dataclass
class Server:
    """A gunicorn server as `make serve` would run it, on a loopback port."""

    page_cache: bool
    # 0 turns off the production worker recycling, so a memory leak would show.
    max_requests: int | None = None
    workers: int = field(default_factory=default_workers)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        log = open(ROOT / f"bench-gunicorn-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                # The production configuration, as `make serve` runs it.
                "--config",
                "python:clinic.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--backlog",
                "2048",
                *(
                    ["--max-requests", str(self.max_requests)]
                    if self.max_requests is not None
                    else []
                ),
            ],
            cwd=ROOT,
            env=server_env(self.page_cache),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped at start-up; see {log.name}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=5) as response:
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self) -> list[int]:
        if not self.process:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


# --- load generators ------------------------------------------------------------


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    latency_ms: dict[str, float]  # "50%", "90%", "99%" and "max"
    tool: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str | None:
    if os.environ.get("BENCH_NO_WRK"):
        return None
    return shutil.which("wrk")


def _wrk_time_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(
    base: str, paths: list[str], seconds: int, connections: int, threads: int = 2
) -> LoadResult:
    """wrk against one or several paths (round robin through a small Lua script)."""
    script = ROOT / "bench" / ".paths.lua"
    script.write_text(
        "local paths = " + json.dumps(paths).replace("[", "{").replace("]", "}") + "\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        '  return wrk.format("GET", paths[(i % #paths) + 1], '
        '{["Accept-Encoding"] = "gzip"})\n'
        "end\n"
    )
    result = subprocess.run(
        [
            wrk_path(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
    )
    script.unlink(missing_ok=True)
    out = result.stdout
    if result.returncode != 0 or "requests in" not in out:
        sys.exit(f"wrk failed:\n{out}{result.stderr}")
    total, duration = re.search(r"(\d+) requests in ([\d.]+\w+),", out).groups()
    duration = _wrk_time_ms(duration) / 1000
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    latency = {
        pct: _wrk_time_ms(value)
        for pct, value in re.findall(r"^\s+(50|90|99)%\s+([\d.]+\w+)", out, re.M)
    }
    latency = {f"{k}%": v for k, v in latency.items()}
    latency["max"] = _wrk_time_ms(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out).group(1))
    return LoadResult(int(total), duration, errors, latency, "wrk")


def run_python_load(
    base: str, paths: list[str], seconds: int, connections: int, threads: int = 0
) -> LoadResult:
    """The fallback without wrk: keep-alive connections from Python threads.

    Python's client costs more CPU than wrk, so absolute rates are lower; the
    ratios between pages are still meaningful.
    """
    import http.client

    host, port = urlsplit(base).hostname, urlsplit(base).port
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        mine: list[float] = []
        failed = 0
        i = offset
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=10)
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else 0.0

    return LoadResult(
        len(latencies),
        elapsed,
        errors[0],
        {
            "50%": pct(0.5),
            "90%": pct(0.9),
            "99%": pct(0.99),
            "max": latencies[-1] if latencies else 0,
        },
        "python",
    )


def run_load(base: str, paths: list[str], seconds: int, connections: int) -> LoadResult:
    if wrk_path():
        return run_wrk(base, paths, seconds, connections)
    return run_python_load(base, paths, seconds, connections)


# --- the machine ---------------------------------------------------------------------


def machine_description(postgres_version: str, redis_version: str) -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    wrk = wrk_path()
    wrk_version = "not installed (Python fallback)"
    if wrk:
        probe = subprocess.run([wrk, "--version"], capture_output=True, text=True)
        wrk_version = (probe.stdout + probe.stderr).split("[")[0].strip() or "wrk"
    gunicorn = subprocess.run(
        [str(BIN / "gunicorn"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "CPU": f"{cpu} ({os.cpu_count()} logical CPUs, nproc)",
        "Memory": memory,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": postgres_version,
        "Redis": redis_version,
        "Server": f"{gunicorn}, {default_workers()} sync workers",
        "Load generator": wrk_version,
        "Load average at start": load,
    }
