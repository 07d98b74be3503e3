"""Who is on the other end of a request, for the admin lock-out (django-axes)."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    """The client address, trusting X-Forwarded-For only as far as our own proxies.

    With TRUSTED_PROXY_COUNT=N, the last N addresses in X-Forwarded-For were
    appended by our proxies; the one they saw (the Nth from the right) is
    the client. Anything further left was sent by the client and could be forged.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def client_description(username, ip_address, user_agent, path_info, request) -> str:
    """What django-axes writes in log lines: no username or address (they are personal data).

    The admin's "Access attempts" page shows the details to staff who need them.
    """
    return "a staff account (details under Access attempts in the admin)"
