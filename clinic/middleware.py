"""Project-wide middleware: request ids and the Permissions-Policy header."""

from __future__ import annotations

import re
import uuid

from django.conf import settings

from clinic.logs import request_id_var

# An id set by the proxy in front of us is kept so its logs and ours line up;
# anything else (too long, odd characters) is replaced, never trusted blindly.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id(incoming: str) -> str:
    """The id for a request: the proxy's X-Request-ID if it looks like one, else a new one."""
    return incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id: on `request.id`, in every log line, in X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
