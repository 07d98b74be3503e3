"""Project-level views: the health check and the error pages."""

from __future__ import annotations

import contextvars
import logging
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import Error as DatabaseFailure
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from clinic.database import DATABASE_DOWN, quiet, watchdog
from medinfo.models import clinic as clinic_details

logger = logging.getLogger(__name__)

# The database check runs here, one at a time, so /healthz answers within
# HEALTHZ_TIMEOUT even while the database hangs (a new connection could wait
# for DATABASE_CONNECT_TIMEOUT); a check still running when the next probe
# comes makes that probe wait and time out instead of piling up threads. The
# cache check needs no thread: the cache's own time-outs are shorter.
_health_checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def _check_database() -> bool:
    try:
        with watchdog.limit(settings.HEALTHZ_TIMEOUT), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseFailure as exc:
        logger.warning("health check: the database did not answer: %s", _first_line(exc))
        return False
    finally:
        connection.close()  # this thread's own connection: none left open between probes
    return True


def _database_answers() -> bool:
    try:
        future = _health_checks.submit(contextvars.copy_context().run, _check_database)
        return future.result(timeout=settings.HEALTHZ_TIMEOUT)
    except FutureTimeout:
        logger.warning(
            "health check: the database did not answer within %ss", settings.HEALTHZ_TIMEOUT
        )
        return False


def _check_cache() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as exc:  # any backend's connection error
        logger.warning("health check: the cache did not answer: %s", _first_line(exc))
        return False
    if not ok:
        logger.warning("health check: the cache did not keep a value")
    return ok


@require_safe
@never_cache
def healthz(request):
    """200 {"status": "ok"} when the database and cache answer, 503 otherwise.

    Each check has HEALTHZ_TIMEOUT seconds. Names no host, version or error
    message: load balancers only need the status.
    """
    checks = {
        "database": "ok" if _database_answers() else "unavailable",
        "cache": "ok" if _check_cache() else "unavailable",
    }
    healthy = all(state == "ok" for state in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
    return response if healthy else quiet(response)


def service_unavailable(request=None) -> HttpResponse:
    """The friendly page for a database outage. Renders without touching the database."""
    # The clinic's own number if staff entered one and it is in the cache (never the
    # database: it is down), else the operator's CLINIC_PHONE.
    phone = (clinic_details.cached_values() or {}).get("phone") or settings.CLINIC_PHONE
    phone_href = clinic_details.tel_href(phone) if phone else ""
    html = loader.get_template("503.html").render(
        {"clinic_phone": phone, "clinic_phone_href": phone_href}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """handler500: a database outage gets the 503 page, anything else the 500 page.

    The outage is logged once (clinic/database.py), not with a traceback per request.
    """
    if isinstance(sys.exception(), DATABASE_DOWN):
        if request is not None:
            request._database_down = True
        return quiet(service_unavailable(request))
    html = loader.get_template("500.html").render()
    response = HttpResponseServerError(html)
    add_never_cache_headers(response)
    return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lock-out page, in the admin's look and with its site title."""
    context = {
        **admin.site.each_context(request),
        # Nobody is signed in: no sidebar saying "You don't have permission ...".
        "is_nav_sidebar_enabled": False,
        "title": "Sign-in locked",
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_timedelta": get_cool_off(request),
    }
    return render(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
