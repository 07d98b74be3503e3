"""The page cache's settings, read on every use so tests and operators can change them."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.utils import timezone


def clock() -> float:
    # One clock for pages and schedules (and one place for tests to move time).
    return timezone.now().timestamp()


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", False)


def alias() -> str:
    return getattr(settings, "PAGE_CACHE_ALIAS", "default")


def shared_cache() -> BaseCache:
    return caches[alias()]


def page_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def browser_max_age() -> int:
    return getattr(settings, "PAGE_BROWSER_MAX_AGE", 60)


_logger = logging.getLogger("medinfo.pagecache")
_QUIET_SECONDS = 60.0
_last_report = -_QUIET_SECONDS


def cache_error(action: str, error: Exception) -> None:
    """A cache call failed: the page is served without the cache.

    One INFO line a minute per worker at most, without a traceback: the WARNING
    for an outage is the cache backend's, once when it goes and once when it is
    back (clinic/redis_cache.py); the request log still counts every request.
    """
    from . import generation

    global _last_report
    generation.cache_failed()
    now = time.monotonic()
    if now - _last_report >= _QUIET_SECONDS:
        _last_report = now
        _logger.info("Page cache unavailable (%s: %s); %s", type(error).__name__, error, action)
