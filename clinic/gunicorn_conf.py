"""gunicorn settings for `make serve` (gunicorn --config python:clinic.gunicorn_conf).

Bind address and worker count come from the command line (the Makefile's
HOST, PORT and WORKERS). Logs go to stderr as JSON lines in the same shape
as Django's (clinic/logs.py).
"""

from __future__ import annotations

import gc
import os

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
# Recycle workers now and then so a slow leak can never take the site down;
# rarely enough to cost nothing (at 1,000 requests, 64 connections restarted
# workers ~200 times a minute and cost a fifth of the throughput). Worker
# memory stays flat under `make load` (README "Benchmarks"); the jitter keeps
# the workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10

# No `gunicornc` control socket: its default path is shared by every
# gunicorn of the same user, and nothing here uses it.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
logger_class = "clinic.gunicorn_logging.JsonLogger"
logconfig_dict = logging_config(os.environ.get("LOG_LEVEL", "INFO").upper())


def when_ready(server) -> None:
    """Load in the master what each worker would otherwise load on its first request.

    Workers are recycled every ~100,000 requests (max_requests); each new one
    starts from the master's memory, so work done here is done once, not once
    per worker lifetime. Nothing here opens a database connection (a connection
    cannot be shared across fork).
    """
    from pathlib import Path

    import redis  # noqa: F401  (the cache backend imports it on first use: ~50 ms)
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import reverse

    reverse("medinfo:home")  # builds the URL resolver's tables
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*.html")):
            get_template(path.relative_to(directory).as_posix())


def pre_fork(server, worker) -> None:
    # Objects loaded so far live as long as the master: keep the collector in
    # each worker from scanning them (a full collection of ~110,000 objects took
    # ~40 ms and wrote to every page shared with the master).
    gc.freeze()
