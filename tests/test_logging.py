"""Structured logs: JSON lines with request ids, and nothing personal in them."""

from __future__ import annotations

import datetime
import json
import logging
from types import SimpleNamespace

from clinic.logs import JsonFormatter, RequestIdFilter, logging_config, request_id_var


def record(message="hello", **extra) -> logging.LogRecord:
    made = logging.LogRecord("clinic.test", logging.WARNING, __file__, 1, message, (), None)
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def test_a_log_line_is_one_json_object_with_time_level_logger_and_message():
    line = JsonFormatter().format(record("Not Found: /x/"))

    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "clinic.test"
    assert entry["message"] == "Not Found: /x/"
    assert entry["time"].endswith("+00:00")


def test_the_request_object_django_attaches_is_never_written():
    class Request:
        id = "abc123def456"

        def __repr__(self):
            return "<WSGIRequest: GET '/search/?q=my+diagnosis'>"

    request = Request()

    entry = record("Not Found: /search/", request=request, status_code=404)
    RequestIdFilter().filter(entry)
    line = JsonFormatter().format(entry)

    assert "diagnosis" not in line
    assert json.loads(line)["request_id"] == "abc123def456"


def test_log_lines_written_during_a_request_carry_its_id():
    token = request_id_var.set("feedfacecafebeef")
    try:
        entry = record()
        RequestIdFilter().filter(entry)
    finally:
        request_id_var.reset(token)

    assert json.loads(JsonFormatter().format(entry))["request_id"] == "feedfacecafebeef"


def test_errors_include_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        entry = record(exc_info=sys.exc_info())

    assert "ValueError: boom" in json.loads(JsonFormatter().format(entry))["error"]


def test_django_and_gunicorn_share_one_configuration():
    config = logging_config("INFO")

    for name in ("django", "gunicorn.error", "gunicorn.access"):
        assert config["loggers"][name]["handlers"] == ["stderr"]
    assert config["handlers"]["stderr"]["formatter"] == "json"
    assert config["handlers"]["stderr"]["filters"] == ["request_id"]


def test_gunicorn_access_lines_have_no_query_string_address_or_user_agent(monkeypatch):
    from gunicorn.config import Config

    from clinic.gunicorn_logging import JsonLogger

    logger = JsonLogger(Config())
    written = []
    monkeypatch.setattr(logger, "_access_log_enabled", True)
    monkeypatch.setattr(logger.access_log, "info", lambda msg, extra: written.append(extra))
    response = SimpleNamespace(
        status="200 OK", sent=1234, headers=[("X-Request-ID", "0123456789abcdef")]
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/search/",
        "QUERY_STRING": "q=my+diagnosis",
        "RAW_URI": "/search/?q=my+diagnosis",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": "Patient's phone",
    }

    logger.access(response, None, environ, datetime.timedelta(milliseconds=12))

    assert written == [
        {
            "method": "GET",
            "path": "/search/",
            "status": 200,
            "bytes": 1234,
            "duration_ms": 12.0,
            "request_id": "0123456789abcdef",
        }
    ]
