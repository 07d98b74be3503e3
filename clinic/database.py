"""Bounded waits on the database: a hung PostgreSQL becomes the friendly 503, not a hung worker.

A PostgreSQL that is frozen (a stopped process, a partition where packets
vanish) still accepts TCP connections and acknowledges packets at the kernel,
so neither libpq's keepalives nor a server-side statement_timeout end a wait
for its answer. Three pieces bound it here:

- ``DatabaseDeadlineMiddleware`` gives each request a limit on any one wait
  for the database (DATABASE_WAIT_TIMEOUT; longer for staff pages,
  DATABASE_STAFF_WAIT_TIMEOUT). A watchdog thread, one per process, looks ten
  times a second at what each armed thread is doing; a thread that has been
  waiting inside the database driver for longer than its limit gets its
  connection's socket shut down, and the waiting call fails at once with
  OperationalError. Only a wait on the database counts, not a slow render on a
  busy machine. A new connection is bounded by libpq's connect_timeout
  (DATABASE_CONNECT_TIMEOUT).
- ``DatabaseOutageMiddleware`` turns a database outage into the 503 page
  without a traceback, and then answers 503 at once for DATABASE_BACKOFF
  seconds (a circuit breaker, pybreaker) instead of letting every request wait
  for the database again. Cached pages and static files are answered before it.
- One WARNING when the database becomes unavailable and one INFO when it is
  back, per worker; the request log still has every 503.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import threading
import time

import pybreaker
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

from clinic.redis_cache import OutageLog

logger = logging.getLogger("clinic.database")

# What an unreachable, restarting or hung database looks like from inside
# Django, whichever backend. Other errors (a missing table, bad SQL) are bugs.
DATABASE_DOWN = (OperationalError, InterfaceError)


# Where a thread waiting for the database's answer is: psycopg 3's wait loop,
# or (psycopg 2, all C) Django's cursor wrapper that called it.
_DRIVER_MODULES = ("psycopg.", "psycopg2.", "django.db.backends.")


def _waiting_on_database(frame) -> bool:
    return frame.f_globals.get("__name__", "").startswith(_DRIVER_MODULES)


class Watchdog:
    """Ends a wait on the database once it has lasted longer than the thread's limit."""

    TICK = 0.1

    def __init__(self):
        self._limits: dict[int, tuple[float, object]] = {}
        # Per thread: the driver frame it was last seen waiting in, and since when.
        self._waits: dict[int, tuple[tuple[int, int], float]] = {}
        self._lock = threading.Lock()
        self._pid = 0

    def _ensure_running(self) -> None:
        # Threads do not survive fork: one per worker process, started on first use.
        if self._pid != os.getpid():
            with self._lock:
                if self._pid != os.getpid():
                    self._limits.clear()
                    thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                    thread.start()
                    self._pid = os.getpid()

    def arm(self, seconds: float, alias: str = DEFAULT_DB_ALIAS, wrapper=None) -> None:
        """Limit each of this thread's waits on the database to ``seconds``."""
        self._ensure_running()
        self._limits[threading.get_ident()] = (seconds, wrapper or connections[alias])

    def disarm(self) -> None:
        self._limits.pop(threading.get_ident(), None)

    @contextlib.contextmanager
    def limit(self, seconds: float, alias: str = DEFAULT_DB_ALIAS):
        self.arm(seconds, alias)
        try:
            yield
        finally:
            self.disarm()

    def _run(self) -> None:
        while True:
            time.sleep(self.TICK)
            if self._limits or self._waits:
                self.check(time.monotonic())

    def check(self, now: float) -> None:
        frames = sys._current_frames()
        for ident in list(self._waits):
            if ident not in self._limits:
                del self._waits[ident]
        for ident, (seconds, wrapper) in list(self._limits.items()):
            frame = frames.get(ident)
            if frame is None or not _waiting_on_database(frame):
                self._waits.pop(ident, None)
                continue
            # A wait is the same frame at the same line tick after tick.
            where = (id(frame), frame.f_lineno)
            seen = self._waits.get(ident)
            if seen is None or seen[0] != where:
                self._waits[ident] = (where, now)
            elif now - seen[1] >= seconds:
                self._waits.pop(ident, None)
                _cut(wrapper)


def _cut(wrapper) -> None:
    """Shut down the connection's socket so whoever waits on it gets an error now."""
    raw = getattr(wrapper, "connection", None)
    fileno = getattr(raw, "fileno", None)
    if fileno is None:
        return  # not connected yet (connect_timeout bounds that), or SQLite
    try:
        duplicate = os.dup(fileno())
    except Exception:  # closed meanwhile
        return
    try:
        sock = socket.socket(fileno=duplicate)
    except OSError:
        os.close(duplicate)
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


watchdog = Watchdog()


def _is_staff_path(request) -> bool:
    return request.path_info.lstrip("/").startswith(settings.ADMIN_URL)


class DatabaseDeadlineMiddleware:
    """Arms the watchdog for every request; place it near the top of MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_staff_path(request):
            seconds = settings.DATABASE_STAFF_WAIT_TIMEOUT
        else:
            seconds = settings.DATABASE_WAIT_TIMEOUT
        if not seconds:
            return self.get_response(request)
        with watchdog.limit(seconds):
            return self.get_response(request)


class _DatabaseDown(Exception):
    def __init__(self, response):
        self.response = response


_outage_log = OutageLog("The database", logger=logger, check="database")
breaker = pybreaker.CircuitBreaker(
    fail_max=1,
    reset_timeout=5,
    exclude=[lambda error: not isinstance(error, _DatabaseDown)],
    listeners=[_outage_log],
    throw_new_error_on_trip=False,
)


def forget_outages() -> None:
    """As a newly started worker: the database thought available, nothing logged yet."""
    breaker.close()
    _outage_log.reset()


def quiet(response):
    """Mark a response as logged: the request log has it; no ERROR line (and alert) per 503."""
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    """The 503 page for a database outage, and an immediate 503 while it lasts.

    Place it after the page cache (cached pages keep flowing) and before the
    session middleware (the first to need the database).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        breaker.reset_timeout = settings.DATABASE_BACKOFF

    def __call__(self, request):
        if request.path_info == "/healthz":
            return self.get_response(request)  # it probes the database itself
        try:
            return breaker.call(self._respond, request)
        except pybreaker.CircuitBreakerError:
            return self._unavailable(request)
        except _DatabaseDown as down:
            return down.response

    def _respond(self, request):
        response = self.get_response(request)
        if getattr(request, "_database_down", False):
            raise _DatabaseDown(response)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            request._database_down = True
            return self._unavailable(request)
        return None

    @staticmethod
    def _unavailable(request):
        from clinic.views import service_unavailable

        return quiet(service_unavailable(request))
