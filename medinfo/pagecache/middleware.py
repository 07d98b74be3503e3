"""PageCacheMiddleware: serves and stores anonymous public pages inside Django.

Only anonymous GET/HEAD requests without a session cookie for the public page
views in ``keys.PUBLIC_PAGES`` are cached. Responses that set a cookie (a CSRF
token, a session) or say ``private``/``no-store`` are never stored. Staff,
previews, the admin and the health check never reach the cache.
"""

from __future__ import annotations

import contextvars

from django.contrib import messages
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers

from . import config, fastpath, generation, keys, pages
from .generation import STATE_KEY, CacheState
from .pages import CachedPage, local_pages

# The staff request being handled, so a change that could not reach the shared
# cache is reported to the person who made it (never as live when it may not be).
_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "pagecache_request", default=None
)


def _tell_staff(message: str) -> None:
    request = _current_request.get()
    if request is not None:
        messages.warning(request, message, fail_silently=True)


generation._on_unpublished_change.append(_tell_staff)


class PageCacheMiddleware:
    """Serves and stores anonymous public pages; adds ETag, Cache-Control and gzip.

    Place it after SecurityMiddleware (and WhiteNoise) and before
    SessionMiddleware, so a cached page costs one cache round trip.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not pages.is_anonymous_request(request) or request.method not in ("GET", "HEAD"):
            token = _current_request.set(request)
            try:
                response = self.get_response(request)
            finally:
                _current_request.reset(token)
            if self._is_public_page(request):
                patch_vary_headers(response, ("Cookie",))
                pages.make_private(response)
            return response

        encoding = "gzip" if pages.accepts_gzip(request) else ""
        state = key = None
        view_name = keys.public_view(request.path_info) if config.enabled() else None
        if view_name is not None:
            try:
                state, key, page = self._lookup(request, view_name, encoding)
            except DisallowedHost:
                raise  # Django answers 400
            except Exception as error:
                # A cache outage makes pages slower, never wrong or broken.
                config.cache_error("rendering without it", error)
                state = key = page = None
            if page is not None:
                response = pages.respond(request, page, config.clock())
                return fastpath.offer(request, response, page)

        response = self.get_response(request)
        if not self._is_public_page(request):
            return response
        if not pages.storable(request, response):
            patch_vary_headers(response, ("Cookie",))
            if response.status_code == 200:
                pages.make_private(response)
            return response

        page = pages.make_page(response, encoding, state)
        if key is not None and request.method == "GET":
            timeout = int(page.expires_at - config.clock())
            if timeout > 0:
                try:
                    config.shared_cache().set(key, page, timeout=timeout)
                except Exception as error:
                    config.cache_error("page not stored", error)
                else:
                    local_pages.put(key, page)
                    response = pages.respond(request, page, config.clock())
                    return fastpath.offer(request, response, page)
        return pages.respond(request, page, config.clock())

    def _lookup(
        self, request: HttpRequest, view_name: str, encoding: str
    ) -> tuple[CacheState, str, CachedPage | None]:
        """The current state and, if it is still current, the stored page: one cache round trip.

        The state and the page are read together (one MGET): a hit costs one
        round trip, and the state is still read on every request, so no server
        serves a page of an older generation. When this process already holds a
        copy of the page, only the state (a few bytes) is fetched. A copy from an
        older generation costs a second read, once per page after each change.
        """
        cache = config.shared_cache()
        key = keys.page_key(request, view_name, encoding)
        local = local_pages.get(key)
        if local is not None:
            state = generation.checked_state(cache, cache.get(STATE_KEY))
            if local.fresh(state, config.clock()):
                return state, key, local
            page = cache.get(key)
        else:
            values = cache.get_many([STATE_KEY, key])
            state = generation.checked_state(cache, values.get(STATE_KEY))
            page = values.get(key)
        if page is not None and page.fresh(state, config.clock()):
            local_pages.put(key, page)
            return state, key, page
        return state, key, None

    @staticmethod
    def _is_public_page(request: HttpRequest) -> bool:
        match = getattr(request, "resolver_match", None)
        return match is not None and match.view_name in keys.PUBLIC_PAGES
