"""Values derived from published content, computed once per content generation.

The page cache (medinfo/pagecache/) starts a new generation whenever content
changes or scheduled content goes live or expires. A value kept under the
current generation's key is therefore never older than the content it was
computed from: search's list of names, the home page's common conditions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from . import config, generation

T = TypeVar("T")


def per_generation(name: str, compute: Callable[[], T], timeout: int = 3600) -> T:
    """`compute()`'s result, from the shared cache while content is unchanged.

    The generation is read before computing, so a value computed while content
    changed is stored under the old generation and never served. Without a cache
    the value is computed afresh: slower, never stale.
    """
    try:
        cache = config.shared_cache()
        key = f"derived:{name}:{generation.current_state(cache).generation}"
        value = cache.get(key)
    except Exception as error:
        config.cache_error(f"computing {name} afresh", error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception as error:
            config.cache_error(f"{name} not stored", error)
    return value
