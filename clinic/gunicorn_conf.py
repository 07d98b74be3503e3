"""gunicorn settings for `make serve` (gunicorn --config python:clinic.gunicorn_conf).

Bind address and worker count come from the command line (the Makefile's
HOST, PORT and WORKERS). Logs go to stderr as JSON lines in the same shape
as Django's (clinic/logs.py).
"""

from __future__ import annotations

import os

from gunicorn.glogging import Logger

from clinic import preflight
from clinic.logs import logging_config

# Stop before binding a port if production settings are missing or weak.
preflight.exit_on_problems()

wsgi_app = "clinic.wsgi:application"
# Load Django once in the master: a broken configuration fails here, once,
# instead of in every worker, and workers share the loaded code.
preload_app = True
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take the site down.
max_requests = 1000
max_requests_jitter = 100

# No `gunicornc` control socket: its default path is shared by every
# gunicorn of the same user, and nothing here uses it.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
logger_class = "clinic.gunicorn_conf.JsonLogger"
logconfig_dict = logging_config(os.environ.get("LOG_LEVEL", "INFO").upper())

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
