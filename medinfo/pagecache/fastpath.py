"""PageCacheApp: WSGI, sends pages this process already holds before Django's request cycle.

A hit through PageCacheMiddleware costs Django's whole request cycle (the
request object, signals, every middleware ahead of the cache, a response
object) on top of the one cache read. Here, a page this worker has served
before is sent straight away, with exactly the headers Django's stack sent
with it last time (recorded per scheme, so HSTS follows the scheme) and a new
X-Request-ID and Cache-Control.

Correctness is the middleware's: the shared state is still read on every
request (so an edit on any server is seen at once), and anything else goes to
Django: staff and anyone with a session, conditional requests (304s), HEAD,
other methods, pages this process does not hold or holds from an older
generation, disallowed hosts, and any cache error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from http import HTTPStatus

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponseBase

from . import config, generation, keys, pages
from .generation import STATE_KEY
from .pages import CachedPage, local_pages

# Where the middleware tells PageCacheApp which stored page a response carries.
_ENVIRON_PAGE = "medinfo.pagecache.page"
# Headers that differ between two responses with the same page: never replayed.
_PER_REQUEST_HEADERS = {"x-request-id", "cache-control", "date", "set-cookie"}

# Paths with a recorded page in this process: a static file or the admin is
# turned away by one set lookup. A stale entry only costs the full check.
_fast_paths: set[str] = set()
_MAX_FAST_PATHS = 4 * local_pages.size
generation._on_new_generation.append(_fast_paths.clear)


def _new_request_id(incoming: str) -> str:
    return uuid.uuid4().hex


def offer(request: HttpRequest, response: HttpResponseBase, page: CachedPage) -> HttpResponseBase:
    """Let PageCacheApp record what the whole stack sends with this page (full GETs only)."""
    if request.method == "GET" and response.status_code == page.status:
        request.environ[_ENVIRON_PAGE] = (page, request.scheme)
    return response


class PageCacheApp:
    """Wraps the WSGI application (see clinic/wsgi.py).

    ``request_id(incoming)`` gives the X-Request-ID of a page sent early: the
    project passes in the same function its request-id middleware uses.
    """

    def __init__(self, application, request_id: Callable[[str], str] = _new_request_id):
        self.application = application
        self.request_id = request_id

    def __call__(self, environ, start_response):
        if not config.enabled():
            return self.application(environ, start_response)
        try:
            fast = self._fast_response(environ)
        except Exception as error:
            config.cache_error("rendering without it", error)
            fast = None
        if fast is not None:
            status, headers, body = fast
            start_response(status, headers)
            return [body]

        sent: list = []

        def recording_start_response(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.application(environ, recording_start_response)
        offered = environ.get(_ENVIRON_PAGE)
        if offered is not None and sent:
            _record_wire_headers(environ, *offered, *sent)
        return result

    def _fast_response(self, environ) -> tuple[str, list[tuple[str, str]], bytes] | None:
        if environ.get("PATH_INFO", "") not in _fast_paths:
            return None
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            return None
        request = WSGIRequest(environ)
        if not pages.is_anonymous_request(request):
            return None
        view_name = keys.public_view(request.path_info)
        if view_name is None:
            return None
        try:
            key = keys.page_key(request, view_name, "gzip" if pages.accepts_gzip(request) else "")
        except DisallowedHost:
            return None  # Django answers 400
        page = local_pages.get(key)
        if page is None:
            return None
        headers = page.wire_headers.get(request.scheme)
        if headers is None:
            return None
        if generation.verification.needed:
            return None  # Django compares generations, under the database's time limit
        cache = config.shared_cache()
        state = generation.checked_state(cache, cache.get(STATE_KEY))
        now = config.clock()
        if not page.fresh(state, now):
            return None
        return (
            f"{page.status} {HTTPStatus(page.status).phrase}",
            [
                *headers,
                ("Cache-Control", pages.cache_control(pages.max_age(page, now))),
                ("X-Request-ID", self.request_id(environ.get("HTTP_X_REQUEST_ID", ""))),
            ],
            page.body,
        )


def _record_wire_headers(
    environ, page: CachedPage, scheme: str, status: str, headers: list[tuple[str, str]]
) -> None:
    names = {name.lower() for name, _ in headers}
    if "set-cookie" in names or not status.startswith(f"{page.status} "):
        return
    page.wire_headers[scheme] = [
        (name, value) for name, value in headers if name.lower() not in _PER_REQUEST_HEADERS
    ]
    if len(_fast_paths) >= _MAX_FAST_PATHS:
        _fast_paths.clear()
    _fast_paths.add(environ.get("PATH_INFO", ""))
