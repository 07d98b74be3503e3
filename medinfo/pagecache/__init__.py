"""The shared page cache for anonymous visitors, and HTTP caching for public pages.

How a page stays fresh on every app server: all servers share one cache (Redis
in production) holding a small state record, the current *generation*; every
cached page is served only under the generation it was rendered in, and any
content change starts a new one (generation.py). A page is tagged with the
generation read *before* it was rendered, so a page rendered from data that
changed during rendering is never served.

- generation.py: generations, invalidation, what content and schedules count
- keys.py: which views are cached, and a page's key (only the parameters it reads)
- pages.py: the stored page, ETag/304, Cache-Control and gzip
- middleware.py: PageCacheMiddleware, which decides what is stored and serves hits
- fastpath.py: PageCacheApp, which sends a page this worker holds before Django
- memo.py: values derived from content, kept per generation

The app registers its content models from ``apps.py``; the project wraps its
WSGI application in ``PageCacheApp`` and adds ``PageCacheMiddleware``.
"""

from .config import alias as cache_alias
from .config import enabled as page_cache_enabled
from .fastpath import PageCacheApp
from .generation import (
    STATE_KEY,
    CacheState,
    after_migrate,
    bulk_changes,
    cache_connected,
    content_models,
    current_state,
    invalidate_all,
    new_state,
    next_scheduled_change,
    register_content_model,
    register_scheduled_field,
    schedule_invalidation,
    scheduled_fields,
)
from .keys import PAGE_KEY_PREFIX, PUBLIC_PAGES, register_public_page
from .memo import per_generation
from .middleware import PageCacheMiddleware
from .pages import CachedPage

__all__ = [
    "PAGE_KEY_PREFIX",
    "PUBLIC_PAGES",
    "STATE_KEY",
    "CacheState",
    "CachedPage",
    "PageCacheApp",
    "PageCacheMiddleware",
    "after_migrate",
    "cache_connected",
    "bulk_changes",
    "cache_alias",
    "content_models",
    "current_state",
    "forget_local_copies",
    "invalidate_all",
    "new_state",
    "next_scheduled_change",
    "page_cache_enabled",
    "per_generation",
    "register_content_model",
    "register_public_page",
    "register_scheduled_field",
    "schedule_invalidation",
    "scheduled_fields",
]


def forget_local_copies() -> None:
    """Empty this process's copies of pages (as a newly started worker has none)."""
    from . import fastpath, pages

    pages.local_pages.clear()
    fastpath._fast_paths.clear()
