"""Page cache for anonymous visitors, and HTTP caching for public pages.

How a page stays fresh on every app server
------------------------------------------
All servers share one cache (Redis in production). It holds a small *state*
record: a random generation token and the next moment published content
changes by itself (a scheduled go-live). Every cached page remembers the
generation it was rendered under and is served only while that is still the
current generation and the next scheduled change has not arrived.

- Saving or deleting any content model (see ``register_content_model``) writes
  a new generation in ``transaction.on_commit``: the admin's save commits,
  the new generation is in the shared cache, and only then does the admin
  response go back. Every server reads the state on every request, so none
  serves an old page after that.
- Scheduled changes need no save: when a request sees that the next
  scheduled change has passed, it writes a new generation itself
  (``register_scheduled_field`` lists the date fields that schedule changes).
- A page is tagged with the generation read *before* it was rendered, so a
  page rendered from data that changed during rendering is never served.

Only anonymous GET/HEAD requests without a session cookie for the public page
views in ``PUBLIC_PAGES`` are cached. Responses that set a cookie (a CSRF
token, a session) or say ``private``/``no-store`` are never stored. Staff,
previews, the admin and the health check never reach the cache.

Two entrances: ``PageCacheMiddleware`` decides what is stored and serves hits
inside Django; ``PageCacheApp`` (wrapping the WSGI application in clinic/wsgi.py)
sends a page this worker already holds before Django's request cycle starts,
with the headers Django's stack sent with it. Both read the shared state on
every request, so both are equally fresh.

Compression: this middleware gzips the public pages it handles itself. Those
pages carry no secret (no CSRF token, no session data), so BREACH has nothing
to recover; pages with secrets (the admin, forms) are never compressed here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gzip
import hashlib
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import models, transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from clinic.middleware import request_id

logger = logging.getLogger(__name__)

# Views whose anonymous responses may be cached, by "namespace:url_name".
PUBLIC_PAGES: set[str] = {
    "medinfo:home",
    "medinfo:medication_list",
    "medinfo:medication_detail",
    "medinfo:condition_list",
    "medinfo:condition_detail",
    "medinfo:drug_class_list",
    "medinfo:drug_class_detail",
    "medinfo:search",
    "sitemap",
    "robots_txt",
    # The read-only API (medinfo/api/), its OpenAPI document and docs page.
    "api:medication_list",
    "api:medication_detail",
    "api:condition_list",
    "api:condition_detail",
    "api:infobutton",
    "api:openapi-json",
    "api:openapi-view",
}

STATE_KEY = "pagecache:state"
PAGE_KEY_PREFIX = "pagecache:page:"
# Headers that belong to one response on the wire, not to the stored page.
_UNSTORED_HEADERS = {"content-length", "content-encoding", "set-cookie", "etag", "last-modified"}
_COMPRESS_MIN_BYTES = 200

_content_models: list[type[models.Model]] = []
_scheduled_fields: list[tuple[type[models.Model], str]] = []


def _clock() -> float:
    # One clock for pages and schedules (and one place for tests to move time).
    return timezone.now().timestamp()


def page_cache_enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", False)


def cache_alias() -> str:
    return getattr(settings, "PAGE_CACHE_ALIAS", "default")


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def browser_max_age() -> int:
    return getattr(settings, "PAGE_BROWSER_MAX_AGE", 60)


# --- what invalidates the cache -------------------------------------------


def register_content_model(model: type[models.Model]) -> None:
    """Any save, delete or many-to-many change of ``model`` invalidates every page.

    Call it from an ``AppConfig.ready()`` for each model whose data appears on a
    public page (e.g. ``register_content_model(ClinicSettings)``).
    """
    if model in _content_models:
        return
    _content_models.append(model)
    uid = f"pagecache:{model._meta.label}"
    post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:save")
    post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
        )


def _disconnect(model: type[models.Model]) -> None:
    uid = f"pagecache:{model._meta.label}"
    post_save.disconnect(sender=model, dispatch_uid=f"{uid}:save")
    post_delete.disconnect(sender=model, dispatch_uid=f"{uid}:delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.disconnect(
            sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
        )


@contextlib.contextmanager
def bulk_changes():
    """For bulk loaders: no per-row signals (so deletes are fast), one invalidation at the end.

    bulk_create() and QuerySet.update() send no signals at all; code that uses
    them must run inside this block (or call schedule_invalidation()).
    """
    registered = content_models()
    for model in registered:
        _disconnect(model)
    _content_models.clear()
    try:
        yield
    finally:
        for model in registered:
            register_content_model(model)
        schedule_invalidation()


def register_scheduled_field(model: type[models.Model], field_name: str) -> None:
    """A date field at which content changes by itself (published_at, go_live_at, expires_at).

    Cached pages live no longer than the earliest future value of any such field.
    """
    if (model, field_name) not in _scheduled_fields:
        _scheduled_fields.append((model, field_name))


def content_models() -> list[type[models.Model]]:
    return list(_content_models)


def scheduled_fields() -> list[tuple[type[models.Model], str]]:
    return list(_scheduled_fields)


def next_scheduled_change(
    fields: Iterable[tuple[type[models.Model], str]] | None = None,
    now: datetime.datetime | None = None,
) -> datetime.datetime | None:
    """The earliest future datetime in any of ``fields`` (default: the registered ones).

    Drafts count too: it may end a cached page's life a little early, never late.
    """
    now = now or timezone.now()
    upcoming = []
    for model, field_name in scheduled_fields() if fields is None else fields:
        value = (
            model._default_manager.filter(**{f"{field_name}__gt": now})
            .aggregate(next=Min(field_name))
            .get("next")
        )
        if value is not None:
            upcoming.append(value)
    return min(upcoming, default=None)


# Saves that change nothing a page shows (a staff member signing in).
_IGNORED_UPDATES = frozenset({"last_login"})


def _content_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: the caller bumps once when done
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= _IGNORED_UPDATES:
        return
    schedule_invalidation()


def _m2m_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        schedule_invalidation()


def schedule_invalidation(using: str | None = None) -> None:
    """Invalidate every cached page once the current transaction commits."""
    connection = transaction.get_connection(using)
    # One new generation per transaction is enough, however many rows changed.
    pending = getattr(connection, "run_on_commit", None) or []
    if any(len(entry) > 1 and entry[1] is invalidate_all for entry in pending):
        return
    transaction.on_commit(invalidate_all, using=using, robust=True)


@dataclass(frozen=True)
class CacheState:
    generation: str
    next_change: float | None  # a Unix timestamp, or None if nothing is scheduled
    changed_at: float  # when this generation began: the pages' Last-Modified

    def expired(self, now: float) -> bool:
        return self.next_change is not None and now >= self.next_change


def _new_state() -> CacheState:
    now = _clock()
    try:
        upcoming = next_scheduled_change()
        next_change = upcoming.timestamp() if upcoming else None
    except Exception:
        # Without the schedule, let this generation end at once so the next
        # request tries again; a new generation is what matters here.
        logger.exception("Could not read the publication schedule")
        next_change = now
    return CacheState(generation=uuid.uuid4().hex, next_change=next_change, changed_at=now)


def invalidate_all() -> CacheState:
    """Start a new generation: every cached page on every server is stale from now on."""
    state = _new_state()
    _local_pages.clear()
    cache = caches[cache_alias()]
    try:
        cache.set(STATE_KEY, state, timeout=None)
    except Exception:
        # Without the shared state every server renders afresh until the cache
        # returns; the risk is a cache that comes back with the old state.
        logger.exception("Could not invalidate the page cache; retrying by deleting its state")
        try:
            cache.delete(STATE_KEY)
        except Exception:
            logger.critical(
                "Page cache state could not be replaced: cached pages may be stale for up to "
                "PAGE_CACHE_SECONDS. Clear the cache (CACHE_URL) once it is reachable."
            )
    return state


def current_state(cache=None) -> CacheState:
    """The shared state, created if missing and renewed once a scheduled change arrives."""
    cache = cache or caches[cache_alias()]
    return _checked_state(cache, cache.get(STATE_KEY))


def _checked_state(cache, state: CacheState | None) -> CacheState:
    """The state as read: created if missing, renewed if a scheduled change is due."""
    if state is None:
        cache.add(STATE_KEY, _new_state(), timeout=None)
        state = cache.get(STATE_KEY) or invalidate_all()
    if state.expired(_clock()):
        state = invalidate_all()
    return state


# --- the stored page -------------------------------------------------------


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


class _LocalPages:
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


_local_pages = _LocalPages()


def _accepts_gzip(request: HttpRequest) -> bool:
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


def _page_key(request: HttpRequest, encoding: str) -> str:
    raw = f"{request.get_host()}\n{request.get_full_path()}\n{encoding}"
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _is_anonymous_request(request: HttpRequest) -> bool:
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


def _cache_control(max_age: int) -> str:
    # Public medical content may be corrected at any time: browsers and shared
    # caches may keep it briefly but must ask again (and get a cheap 304) after.
    return f"public, max-age={max_age}, must-revalidate"


def _respond(request: HttpRequest, page: CachedPage, now: float) -> HttpResponseBase:
    max_age = max(0, min(browser_max_age(), int(page.expires_at - now)))
    if _not_modified(request, page.etag, page.last_modified):
        response: HttpResponseBase = HttpResponseNotModified()
        for name in ("ETag", "Last-Modified", "Vary"):
            response.headers[name] = page.headers[name]
    else:
        response = HttpResponse(page.body, status=page.status, headers=page.headers)
    response.headers["Cache-Control"] = _cache_control(max_age)
    return response


def _private(response: HttpResponseBase) -> None:
    """For one visitor only: no shared cache may keep it, the browser must revalidate.

    A view's own stricter choice (a preview's no-store) stands.
    """
    if "Cache-Control" not in response:
        patch_cache_control(response, private=True, no_cache=True)


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.headers.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    """Serves and stores anonymous public pages; adds ETag, Cache-Control and gzip.

    Place it after SecurityMiddleware (and WhiteNoise) and before
    SessionMiddleware, so a cached page costs one cache round trip.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _is_anonymous_request(request) or request.method not in ("GET", "HEAD"):
            response = self.get_response(request)
            if self._is_public_page(request):
                patch_vary_headers(response, ("Cookie",))
                _private(response)
            return response

        encoding = "gzip" if _accepts_gzip(request) else ""
        state = key = None
        if page_cache_enabled():
            try:
                state, key, page = self._lookup(request, encoding)
            except Exception:
                # A cache outage makes pages slower, never wrong or broken.
                logger.exception("Page cache unavailable; rendering without it")
                state = key = page = None
            if page is not None:
                return _offer_fast_path(request, _respond(request, page, _clock()), page)

        response = self.get_response(request)
        if not self._is_public_page(request):
            return response
        if not _storable(request, response):
            patch_vary_headers(response, ("Cookie",))
            if response.status_code == 200:
                _private(response)
            return response

        page = self._make_page(response, encoding, state)
        if key is not None and request.method == "GET":
            timeout = int(page.expires_at - _clock())
            if timeout > 0:
                try:
                    caches[cache_alias()].set(key, page, timeout=timeout)
                except Exception:
                    logger.exception("Page cache unavailable; page not stored")
                else:
                    _local_pages.put(key, page)
                    return _offer_fast_path(request, _respond(request, page, _clock()), page)
        return _respond(request, page, _clock())

    def _lookup(
        self, request: HttpRequest, encoding: str
    ) -> tuple[CacheState, str, CachedPage | None]:
        """The current state and, if it is still current, the stored page: one cache round trip.

        The state and the page are read together (one MGET): a hit costs one
        round trip, and the state is still read on every request, so no server
        serves a page of an older generation. When this process already holds a
        copy of the page, only the state (a few bytes) is fetched. A copy from an
        older generation costs a second read, once per page after each change.
        """
        cache = caches[cache_alias()]
        key = _page_key(request, encoding)
        local = _local_pages.get(key)
        if local is not None:
            state = _checked_state(cache, cache.get(STATE_KEY))
            if self._fresh(local, state, _clock()):
                return state, key, local
            page = cache.get(key)
        else:
            values = cache.get_many([STATE_KEY, key])
            state = _checked_state(cache, values.get(STATE_KEY))
            page = values.get(key)
        if self._fresh(page, state, _clock()):
            _local_pages.put(key, page)
            return state, key, page
        return state, key, None

    @staticmethod
    def _is_public_page(request: HttpRequest) -> bool:
        match = getattr(request, "resolver_match", None)
        return match is not None and match.view_name in PUBLIC_PAGES

    @staticmethod
    def _fresh(page: CachedPage | None, state: CacheState, now: float) -> bool:
        return page is not None and page.generation == state.generation and now < page.expires_at

    @staticmethod
    def _make_page(response: HttpResponse, encoding: str, state: CacheState | None) -> CachedPage:
        now = _clock()
        body = response.content
        # Weak: the gzip and identity bodies are the same page (RFC 9110 8.8.1).
        etag = 'W/"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
        if encoding and len(body) >= _COMPRESS_MIN_BYTES:
            # Level 4: within 2% of level 6's size on a medicine page at less than
            # half the CPU (100 vs 240 us), which counts when pages are not cached.
            body = gzip.compress(body, compresslevel=4, mtime=0)
        else:
            encoding = ""
        expires_at = now + page_cache_seconds()
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


# --- the fast path: PageCacheApp -------------------------------------------------

# Where the middleware tells PageCacheApp which stored page a response carries.
_ENVIRON_PAGE = "medinfo.pagecache.page"
# Headers that differ between two responses with the same page: never replayed.
_PER_REQUEST_HEADERS = {"x-request-id", "cache-control", "date", "set-cookie"}


def _offer_fast_path(
    request: HttpRequest, response: HttpResponseBase, page: CachedPage
) -> HttpResponseBase:
    """Let PageCacheApp record what the whole stack sends with this page (full GETs only)."""
    if request.method == "GET" and response.status_code == page.status:
        request.environ[_ENVIRON_PAGE] = (page, request.scheme)
    return response


class PageCacheApp:
    """WSGI: sends pages this process already holds before Django handles the request.

    A hit through PageCacheMiddleware costs Django's whole request cycle (the
    request object, signals, every middleware ahead of the cache, a response
    object) on top of the one cache read. Here, a page this worker has served
    before is sent straight away, with exactly the headers Django's stack sent
    with it last time (recorded per scheme, so HSTS follows the scheme) and a
    new X-Request-ID and Cache-Control.

    Correctness is the middleware's: the shared state is still read on every
    request (so an edit on any server is seen at once), and anything else goes
    to Django: staff and anyone with a session, conditional requests (304s),
    HEAD, other methods, pages this process does not hold or holds from an
    older generation, disallowed hosts, and any cache error.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not page_cache_enabled():
            return self.application(environ, start_response)
        try:
            fast = _fast_response(environ)
        except Exception:
            logger.exception("Page cache unavailable; rendering without it")
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


# Paths with a recorded page in this process: a static file or the admin is
# turned away by one set lookup. A stale entry only costs the full check.
_fast_paths: set[str] = set()
_MAX_FAST_PATHS = 4 * _local_pages.size


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


def _fast_response(environ) -> tuple[str, list[tuple[str, str]], bytes] | None:
    if environ.get("PATH_INFO", "") not in _fast_paths or environ.get("REQUEST_METHOD") != "GET":
        return None
    if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
        return None
    request = WSGIRequest(environ)
    if not _is_anonymous_request(request):
        return None
    try:
        key = _page_key(request, "gzip" if _accepts_gzip(request) else "")
    except DisallowedHost:
        return None  # Django answers 400
    page = _local_pages.get(key)
    if page is None:
        return None
    headers = page.wire_headers.get(request.scheme)
    if headers is None:
        return None
    cache = caches[cache_alias()]
    state = _checked_state(cache, cache.get(STATE_KEY))
    now = _clock()
    if not PageCacheMiddleware._fresh(page, state, now):
        return None
    max_age = max(0, min(browser_max_age(), int(page.expires_at - now)))
    return (
        f"{page.status} {HTTPStatus(page.status).phrase}",
        [
            *headers,
            ("Cache-Control", _cache_control(max_age)),
            ("X-Request-ID", request_id(environ.get("HTTP_X_REQUEST_ID", ""))),
        ],
        page.body,
    )


def _after_migrate(sender, **kwargs) -> None:
    """A deploy (`make serve` migrates on every start) may change templates or headers."""
    invalidate_all()


def register_defaults() -> None:
    """The medinfo models shown on public pages, and the dates that schedule changes."""
    # The clinic details appear in every page's header, footer and structured data.
    for name in ("MedicationArticle", "Indication", "MedicationUse", "DrugClass", "ClinicSettings"):
        register_content_model(apps.get_model("medinfo", name))
    # A medicine page names its clinical reviewer.
    register_content_model(get_user_model())
    post_migrate.connect(
        _after_migrate, sender=apps.get_app_config("medinfo"), dispatch_uid="pagecache"
    )
    # Publishable.published() counts all three: each can change a page by itself.
    for name in ("MedicationArticle", "Indication"):
        for field in ("published_at", "go_live_at", "expires_at"):
            register_scheduled_field(apps.get_model("medinfo", name), field)
