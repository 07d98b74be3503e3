"""Structured logging shared by Django and gunicorn: one JSON object per line.

Every record carries the id of the request it belongs to (see
`clinic.middleware.RequestIdMiddleware`). Only whitelisted fields are
written: Django attaches the request object to some records, and its repr
contains the query string, where a patient's search terms live.
"""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# Extra fields a log call may add (logger.info("...", extra={...})).
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "bytes", "route", "check")


class RequestIdFilter(logging.Filter):
    """Put the request id on every record that does not have one.

    Django's own request logging passes the request (it logs after the
    middleware has finished); everything else logs while the request runs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "id", "") or request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            entry["request_id"] = request_id
        for field in EXTRA_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(level: str = "INFO") -> dict:
    """The `logging.config.dictConfig` dict used by Django's LOGGING and by gunicorn."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "clinic.logs.RequestIdFilter"}},
        "formatters": {"json": {"()": "clinic.logs.JsonFormatter"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "filters": ["request_id"],
                "formatter": "json",
            },
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # Django's own handlers (console in DEBUG, mail_admins) are
            # replaced: everything goes to the one JSON stream.
            "django": {"handlers": ["stderr"], "level": level, "propagate": False},
            "gunicorn.error": {"handlers": ["stderr"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
    }
