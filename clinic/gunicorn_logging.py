"""gunicorn's access log as structured lines (see clinic/logs.py for the format)."""

from __future__ import annotations

from gunicorn.glogging import Logger

MAX_LOGGED_PATH = 200


class JsonLogger(Logger):
    """One structured line per request.

    Deliberately left out: the query string (search terms can be health
    information), the client address, user agent and referrer.
    """

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        headers = {name.lower(): value for name, value in (resp.headers or [])}
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        self.access_log.info(
            "request",
            extra={
                "method": environ.get("REQUEST_METHOD", ""),
                "path": environ.get("PATH_INFO", "")[:MAX_LOGGED_PATH],
                "status": int(status) if str(status).isdigit() else status,
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "request_id": headers.get("x-request-id", ""),
            },
        )
