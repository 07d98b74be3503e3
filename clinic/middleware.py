"""Project-wide middleware: request ids and the Permissions-Policy header."""

from __future__ import annotations

import logging
import re
import uuid

from django.conf import settings

from clinic.logs import request_id_var

logger = logging.getLogger("clinic.proxy")

# An id set by the proxy in front of us is kept so its logs and ours line up;
# anything else (too long, odd characters) is replaced, never trusted blindly.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id(incoming: str) -> str:
    """The id for a request: the proxy's X-Request-ID if it looks like one, else a new one."""
    return incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id: on `request.id`, in every log line, in X-Request-ID.

    It also warns (once per worker) when requests arrive through a proxy that
    adds X-Forwarded-For while TRUSTED_PROXY_COUNT is 0: the sign-in lock-out
    then sees every visitor at the proxy's address, so five wrong guesses lock
    a staff username out for everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.check_proxy = settings.TRUSTED_PROXY_COUNT == 0

    def __call__(self, request):
        if self.check_proxy and "HTTP_X_FORWARDED_FOR" in request.META:
            self.check_proxy = False
            logger.warning(
                "Requests arrive with X-Forwarded-For but TRUSTED_PROXY_COUNT is 0: the admin "
                "lock-out sees every visitor at the proxy's address. Set TRUSTED_PROXY_COUNT "
                "to the number of proxies in front of the app (README: Deploying)."
            )
        request.id = request_id(request.headers.get("X-Request-ID", ""))
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` -> `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY; Django's SecurityMiddleware has no setting for it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.setdefault("Permissions-Policy", self.header)
        return response
