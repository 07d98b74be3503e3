"""PageCacheApp (clinic/wsgi.py): pages a worker holds are sent before Django's request cycle.

The same promises as the page cache itself: never stale, never for staff or
anyone with a session, the same headers as Django's own response.
"""

import contextlib
import time

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

import clinic.wsgi
from clinic.middleware import request_id
from medinfo import pagecache

from .factories import make_article, make_indication

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

URL = "/medications/fastamine/"


@pytest.fixture(autouse=True)
def application(monkeypatch):
    """clinic.wsgi's stack, built under the test settings (middleware reads them at start)."""
    app = pagecache.PageCacheApp(WSGIHandler(), request_id=request_id)
    monkeypatch.setattr(clinic.wsgi, "application", app)
    return app


def test_the_production_wsgi_application_sends_held_pages_first():
    assert isinstance(clinic.wsgi.application, pagecache.PageCacheApp)
    assert isinstance(clinic.wsgi.application.application, WSGIHandler)
    # The project hands in its request-id rule: a proxy's id is kept on early pages too.
    assert clinic.wsgi.application.request_id is request_id


@pytest.fixture
def article():
    return make_article(
        slug="fastamine", title="Fastamine", summary="Before.", uses=[make_indication()]
    )


@contextlib.contextmanager
def django_cycles():
    """Counts the requests that reach Django's request cycle (request_started)."""
    seen = []

    def count(**kwargs):
        seen.append(1)

    request_started.connect(count)
    try:
        yield seen
    finally:
        request_started.disconnect(count)


@contextlib.contextmanager
def keeping_the_test_connection():
    """As Django's test client does: the test's transaction must survive the request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def wsgi(path=URL, method="GET", secure=False, **headers):
    """(status, headers as a list, body) from the production WSGI application."""
    environ = RequestFactory().generic(method, path, secure=secure, headers=headers).environ
    sent = []

    def start_response(status, response_headers, exc_info=None):
        sent.extend([status, response_headers])

    with keeping_the_test_connection():
        body = clinic.wsgi.application(environ, start_response)
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
    return sent[0], sent[1], content


def replayed(headers) -> dict[str, str]:
    return {name: value for name, value in headers if name not in ("X-Request-ID",)}


def test_a_page_served_once_is_then_sent_without_django_and_with_the_same_headers(article):
    with django_cycles() as cycles:
        status, first_headers, first = wsgi()
        assert status == "200 OK" and len(cycles) == 1
        status, headers, body = wsgi()
        assert len(cycles) == 1, "the repeat visit went through Django"
    assert status == "200 OK"
    assert body == first and b"Fastamine" in body
    assert replayed(headers) == replayed(first_headers)
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert name in dict(headers), name
    assert "public" in dict(headers)["Cache-Control"]


def test_each_fast_response_gets_its_own_request_id_or_keeps_the_proxys(article):
    wsgi()
    ids = {dict(wsgi()[1])["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3
    assert dict(wsgi(X_Request_ID="proxy-id-12345")[1])["X-Request-ID"] == "proxy-id-12345"
    assert dict(wsgi(X_Request_ID="bad id\n")[1])["X-Request-ID"] != "bad id\n"


def test_a_change_on_another_server_is_seen_by_the_very_next_request(article):
    wsgi()
    wsgi()
    # What another app server's save does: a new generation in the shared cache.
    # This process still holds the old page (its local copy is not cleared).
    caches["default"].set(pagecache.STATE_KEY, pagecache.new_state(), timeout=None)
    type(article).objects.filter(pk=article.pk).update(summary="After.")
    with django_cycles() as cycles:
        _, _, body = wsgi()
    assert len(cycles) == 1
    assert b"After." in body and b"Before." not in body


def test_a_scheduled_change_ends_the_fast_path_on_time(article, monkeypatch):
    wsgi()
    state = pagecache.current_state()
    due = pagecache.CacheState(state.generation, time.time() - 1, state.changed_at)
    caches["default"].set(pagecache.STATE_KEY, due, timeout=None)
    with django_cycles() as cycles:
        status, _, _ = wsgi()
    assert status == "200 OK" and len(cycles) == 1


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"headers": {"Cookie": "sessionid=abc"}},
        {"method": "HEAD"},
        {"method": "POST"},
        {"headers": {"If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"}},
    ],
    ids=["session", "head", "post", "conditional"],
)
def test_sessions_other_methods_and_conditional_requests_go_to_django(article, request_kwargs):
    wsgi()
    wsgi()
    with django_cycles() as cycles:
        status, _, _ = wsgi(
            method=request_kwargs.get("method", "GET"), **request_kwargs.get("headers", {})
        )
    assert len(cycles) == 1
    assert status.split()[0] in {"200", "403", "405"}


def test_a_revalidation_still_gets_304_through_django(article):
    _, headers, _ = wsgi()
    etag = dict(headers)["ETag"]
    status, headers, body = wsgi(If_None_Match=etag)
    assert status.startswith("304") and body == b""
    assert dict(headers)["ETag"] == etag


def test_https_is_recorded_on_its_own_so_hsts_follows_the_scheme(article, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    wsgi()
    with django_cycles() as cycles:
        _, django_https, _ = wsgi(secure=True)
        _, fast_https, _ = wsgi(secure=True)
        _, fast_http, _ = wsgi()
    assert len(cycles) == 1
    assert replayed(fast_https) == replayed(django_https)
    assert "Strict-Transport-Security" in dict(fast_https)
    assert "Strict-Transport-Security" not in dict(fast_http)


def test_a_host_django_refuses_is_refused_even_for_a_held_page(article):
    wsgi()
    status, _, _ = wsgi(Host="attacker.example")
    assert status.startswith("400")


def test_gzip_and_plain_copies_are_kept_apart(article):
    wsgi(Accept_Encoding="gzip")
    wsgi()
    _, headers, body = wsgi(Accept_Encoding="gzip")
    assert dict(headers)["Content-Encoding"] == "gzip" and body[:2] == b"\x1f\x8b"
    _, headers, body = wsgi()
    assert "Content-Encoding" not in dict(headers) and b"Fastamine" in body


def test_a_cache_outage_falls_back_to_django(article, monkeypatch):
    wsgi()

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["default"], "get", broken)
    monkeypatch.setattr(caches["default"], "get_many", broken)
    with django_cycles() as cycles:
        status, _, body = wsgi()
    assert status == "200 OK" and len(cycles) == 1 and b"Fastamine" in body


def test_nothing_is_sent_early_with_the_page_cache_off(article, settings):
    wsgi()
    settings.PAGE_CACHE = False
    with django_cycles() as cycles:
        wsgi()
    assert len(cycles) == 1
