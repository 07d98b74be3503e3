"""Django's Redis cache backend with bounded waits, a circuit breaker and one client per pool.

- Bounded waits: connect and read time-outs in the low hundreds of milliseconds
  (CACHE_CONNECT_TIMEOUT, CACHE_TIMEOUT in settings), and no retry after a
  time-out. A Redis that hangs costs one request a fraction of a second, not
  redis-py's default of waiting forever.
- A circuit breaker (pybreaker): after a connection error or time-out, this
  worker skips Redis for CACHE_RETRY_AFTER seconds (every call fails at once,
  and callers render without the cache), then lets one call try again. One
  WARNING when the cache becomes unavailable and one INFO when it is back, per
  worker, instead of a log line per request.
- ``on_connect``: a dotted path called after every new connection to Redis (the
  first one too). A Redis that restarted from a snapshot, or a replica that took
  over, may hold older data than the database: the project uses it to have the
  page cache check its generation (see README "Scaling out").
- One client object per connection pool: Django's client builds a new
  ``redis.Redis`` object (cheap connection, costly object) on every call; the
  page cache reads Redis on every request, so that was a third of a hit's time.
"""

from __future__ import annotations

import functools
import logging
import time

import pybreaker
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.utils.module_loading import import_string
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger("clinic.cache")

# What "Redis is unavailable" looks like; anything else (a bad value) is a bug.
UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class OutageLog(pybreaker.CircuitBreakerListener):
    """One WARNING when the cache goes, one INFO when it is back; at most one pair a minute."""

    def __init__(self, name: str, *, logger=logger, check: str = "cache", quiet_seconds=60.0):
        self.name = name
        self.logger = logger
        self.check = check
        self.quiet_seconds = quiet_seconds
        self.reset()

    def reset(self) -> None:
        self.down_since: float | None = None
        self._last_warning = -float("inf")

    def state_change(self, cb, old_state, new_state) -> None:
        if new_state.name == pybreaker.STATE_OPEN and self.down_since is None:
            self.down_since = time.monotonic()
            if self.down_since - self._last_warning >= self.quiet_seconds:
                self._last_warning = self.down_since
                self.logger.warning(
                    "%s is unavailable; trying again every %gs",
                    self.name,
                    cb.reset_timeout,
                    extra={"check": self.check},
                )
        elif new_state.name == pybreaker.STATE_CLOSED and self.down_since is not None:
            seconds = time.monotonic() - self.down_since
            self.down_since = None
            self.logger.info(
                "%s is available again after %.1fs", self.name, seconds, extra={"check": self.check}
            )


def _tracking(connection_class: type, on_connect) -> type:
    class TrackingConnection(connection_class):
        def on_connect_check_health(self, *args, **kwargs):
            super().on_connect_check_health(*args, **kwargs)
            on_connect()

    TrackingConnection.__name__ = f"Tracking{connection_class.__name__}"
    return TrackingConnection


class GuardedRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *, retry_after: float = 5, on_connect=None, **options):
        # Reconnect once at once after a dropped connection (a restarted Redis),
        # but never retry a time-out: that would only double the wait.
        options.setdefault(
            "retry",
            Retry(NoBackoff(), 1, (redis.exceptions.ConnectionError,)),
        )
        super().__init__(servers, **options)
        if on_connect:
            callback = import_string(on_connect) if isinstance(on_connect, str) else on_connect
            pool_class = self._pool_class

            class TrackingPool(pool_class):
                def __init__(self, connection_class=redis.Connection, **kwargs):
                    super().__init__(
                        connection_class=_tracking(connection_class, callback), **kwargs
                    )

            self._pool_class = TrackingPool
        self._clients = {}
        self.breaker = pybreaker.CircuitBreaker(
            fail_max=1,
            reset_timeout=retry_after,
            exclude=[lambda error: not isinstance(error, UNAVAILABLE)],
            listeners=[OutageLog("The cache (Redis)")],
            throw_new_error_on_trip=False,
        )

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


def _guarded(name: str):
    method = getattr(RedisCacheClient, name)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        return self.breaker.call(method, self, *args, **kwargs)

    return call


for _name in (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many",
    "delete_many", "clear",
):  # fmt: skip
    setattr(GuardedRedisCacheClient, _name, _guarded(_name))


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = GuardedRedisCacheClient

    def validate_key(self, key):
        """Redis takes any key; skip Django's memcached checks (a Python loop over every
        character of the key, on every read of the page cache)."""
