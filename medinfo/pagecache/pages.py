"""The stored page: what is kept, under which key, and how it is sent (ETag, 304, gzip).

Compression: the page cache gzips the public pages it handles itself. Those
pages carry no secret (no CSRF token, no session data), so BREACH has nothing
to recover; pages with secrets (the admin, forms) are never compressed here.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from . import config, generation
from .generation import CacheState

# Headers that belong to one response on the wire, not to the stored page.
_UNSTORED_HEADERS = {"content-length", "content-encoding", "set-cookie", "etag", "last-modified"}
_COMPRESS_MIN_BYTES = 200


@dataclass(frozen=True)
class CachedPage:
    generation: str
    status: int
    headers: dict[str, str]  # everything but Cache-Control, ready to send
    body: bytes
    etag: str
    last_modified: float
    expires_at: float
    # Per scheme, every header Django's whole stack sent with this page, as
    # recorded by PageCacheApp; not stored in the shared cache (see __getstate__).
    wire_headers: dict[str, list[tuple[str, str]]] = dataclasses.field(
        default_factory=dict, compare=False, repr=False
    )

    def __getstate__(self):
        return {**self.__dict__, "wire_headers": {}}

    def __setstate__(self, state):
        self.__dict__.update({"wire_headers": {}, **state})

    def fresh(self, state: CacheState, now: float) -> bool:
        return self.generation == state.generation and now < self.expires_at


class LocalPages:
    """A small per-process copy of recently served pages.

    Saves fetching the page body from Redis on every hit; the shared state
    (a few bytes) is still read on every request, so a copy is only ever
    served for the current generation. Either way a hit is one round trip.
    """

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._items.get(key)
            if page is not None:
                self._items.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        with self._lock:
            self._items[key] = page
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


local_pages = LocalPages()
generation._on_new_generation.append(local_pages.clear)


def accepts_gzip(request: HttpRequest) -> bool:
    """True when Accept-Encoding lists gzip (or *) with a non-zero quality."""
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, *params = (piece.strip() for piece in part.split(";"))
        if coding.lower() not in ("gzip", "*"):
            continue
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    return float(value) > 0
                except ValueError:
                    return False
        return True
    return False


def is_anonymous_request(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in header.split(","))


def _not_modified(request: HttpRequest, etag: str, last_modified: float) -> bool:
    """RFC 9110: If-None-Match wins; If-Modified-Since only counts without it."""
    if "If-None-Match" in request.headers:
        return _etag_matches(request, etag)
    header = request.headers.get("If-Modified-Since")
    if not header:  # most requests; parsing "" costs a third of a hit's own work
        return False
    since = parse_http_date_safe(header)
    return since is not None and int(last_modified) <= since


def cache_control(max_age: int) -> str:
    # Public medical content may be corrected at any time: browsers and shared
    # caches may keep it briefly but must ask again (and get a cheap 304) after.
    return f"public, max-age={max_age}, must-revalidate"


def max_age(page: CachedPage, now: float) -> int:
    return max(0, min(config.browser_max_age(), int(page.expires_at - now)))


def respond(request: HttpRequest, page: CachedPage, now: float) -> HttpResponseBase:
    if _not_modified(request, page.etag, page.last_modified):
        response: HttpResponseBase = HttpResponseNotModified()
        for name in ("ETag", "Last-Modified", "Vary"):
            response.headers[name] = page.headers[name]
    else:
        response = HttpResponse(page.body, status=page.status, headers=page.headers)
    response.headers["Cache-Control"] = cache_control(max_age(page, now))
    return response


def make_private(response: HttpResponseBase) -> None:
    """For one visitor only: no shared cache may keep it, the browser must revalidate.

    A view's own stricter choice (a preview's no-store) stands.
    """
    if "Cache-Control" not in response:
        patch_cache_control(response, private=True, no_cache=True)


def storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.headers.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def make_page(response: HttpResponse, encoding: str, state: CacheState | None) -> CachedPage:
    now = config.clock()
    body = response.content
    # Weak: the gzip and identity bodies are the same page (RFC 9110 8.8.1).
    etag = 'W/"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
    if encoding and len(body) >= _COMPRESS_MIN_BYTES:
        # Level 4: within 2% of level 6's size on a medicine page at less than
        # half the CPU (100 vs 240 us), which counts when pages are not cached.
        body = gzip.compress(body, compresslevel=4, mtime=0)
    else:
        encoding = ""
    expires_at = now + config.page_seconds()
    if state is not None and state.next_change is not None:
        expires_at = min(expires_at, state.next_change)
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in _UNSTORED_HEADERS and name.lower() != "cache-control"
    }
    vary = [v.strip() for v in headers.pop("Vary", "").split(",") if v.strip()]
    vary += [v for v in ("Accept-Encoding", "Cookie") if v.lower() not in map(str.lower, vary)]
    last_modified = state.changed_at if state else now
    headers.update(
        {
            "Content-Length": str(len(body)),
            "ETag": etag,
            "Last-Modified": http_date(last_modified),
            "Vary": ", ".join(vary),
        }
    )
    if encoding:
        headers["Content-Encoding"] = encoding
    return CachedPage(
        generation=state.generation if state else "",
        status=response.status_code,
        headers=headers,
        body=body,
        etag=etag,
        last_modified=last_modified,
        expires_at=expires_at,
    )
