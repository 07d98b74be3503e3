"""clinic/database.py: a wait on a hung database ends; a slow render does not."""

from __future__ import annotations

import socket
import threading
import time
from types import SimpleNamespace

from clinic.database import watchdog

# A stand-in for the driver's wait loop: its frames belong to a "psycopg." module.
DRIVER = {"__name__": "psycopg.stand_in"}
exec("def wait_for_answer(sock):\n    return sock.recv(100)\n", DRIVER)


def run_armed(limit: float, work, *args):
    """Run ``work`` in a thread armed with ``limit``; (its result, seconds it took)."""
    result = {}

    def armed():
        watchdog.arm(limit, wrapper=SimpleNamespace(connection=args[0]))
        start = time.monotonic()
        try:
            result["value"] = work(*args)
        finally:
            watchdog.disarm()
            result["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=armed)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "the wait was never ended"
    return result["value"], result["seconds"]


def test_a_wait_for_a_database_that_never_answers_is_cut_after_the_limit():
    database, server = socket.socketpair()
    with database, server:
        answer, seconds = run_armed(0.3, DRIVER["wait_for_answer"], database)
    assert answer == b""  # the socket was shut down under the waiting call
    assert 0.3 <= seconds < 5


def test_a_slow_render_outside_the_driver_is_not_cut():
    database, server = socket.socketpair()

    def render_slowly(sock):
        deadline = time.monotonic() + 0.8
        while time.monotonic() < deadline:
            sum(range(1000))  # busy, but not waiting on the database
        server.sendall(b"still connected")
        return sock.recv(100)

    with database, server:
        answer, _ = run_armed(0.2, render_slowly, database)
    assert answer == b"still connected"


def test_a_database_that_answers_in_time_is_left_alone():
    database, server = socket.socketpair()
    threading.Timer(0.2, server.sendall, args=(b"rows",)).start()
    with database, server:
        answer, _ = run_armed(2, DRIVER["wait_for_answer"], database)
    assert answer == b"rows"
