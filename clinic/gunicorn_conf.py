"""gunicorn settings for `make serve` (gunicorn --config python:clinic.gunicorn_conf).

Bind address and worker count come from the command line (the Makefile's
HOST, PORT and WORKERS). Logs go to stderr as JSON lines in the same shape
as Django's (clinic/logs.py).
"""

from __future__ import annotations

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
# Recycle workers now and then so a slow leak can never take the site down.
max_requests = 1000
max_requests_jitter = 100

# No `gunicornc` control socket: its default path is shared by every
# gunicorn of the same user, and nothing here uses it.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
logger_class = "clinic.gunicorn_logging.JsonLogger"
logconfig_dict = logging_config(os.environ.get("LOG_LEVEL", "INFO").upper())
