"""The page cache's settings, read on every use so tests and operators can change them."""

from __future__ import annotations

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
