"""clinic/redis_cache.py: bounded waits, the circuit breaker, one log line per outage."""

from __future__ import annotations

import socket
import time

import pybreaker
import pytest

from clinic.redis_cache import RedisCache

from .servers import free_port


def make_cache(port: int, **options) -> RedisCache:
    return RedisCache(
        f"redis://127.0.0.1:{port}/0",
        {
            "OPTIONS": {
                "socket_connect_timeout": 0.25,
                "socket_timeout": 0.25,
                "retry_after": 5,
                **options,
            }
        },
    )


def test_after_one_failure_the_cache_is_skipped_without_waiting(caplog):
    cache = make_cache(free_port())  # nothing listens there

    with pytest.raises(Exception) as first:
        cache.get("key")
    assert not isinstance(first.value, pybreaker.CircuitBreakerError)
    for _ in range(20):
        with pytest.raises(pybreaker.CircuitBreakerError):
            cache.get("key")

    warnings = [r for r in caplog.records if r.name == "clinic.cache"]
    assert [r.levelname for r in warnings] == ["WARNING"]
    assert not [r for r in caplog.records if r.exc_info]


def test_a_redis_that_accepts_but_never_answers_costs_one_short_wait():
    # A listening socket nobody reads: what a frozen redis-server looks like.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        cache = make_cache(hung.getsockname()[1])

        start = time.monotonic()
        for _ in range(10):
            with pytest.raises(Exception):  # noqa: B017 (a time-out, then the open breaker)
                cache.set("key", "value")
        waited = time.monotonic() - start

    # One time-out of 0.25 s (the handshake's read), then nothing: far below
    # the 5 s a single call waited with redis-py's defaults.
    assert waited < 2


def test_the_on_connect_hook_runs_for_each_new_connection(monkeypatch):
    import redis

    calls = []
    server_port = free_port()
    cache = make_cache(server_port, on_connect=lambda: calls.append(1))
    pool_class = cache._cache._pool_class
    pool = pool_class(host="127.0.0.1", port=server_port)

    connection = pool.make_connection()
    assert issubclass(type(connection), redis.Connection)
    monkeypatch.setattr(redis.Connection, "on_connect_check_health", lambda self, **kw: None)
    connection.on_connect_check_health()
    assert calls == [1]
