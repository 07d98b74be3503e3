"""The environment the test suite runs in, whatever the developer's shell exports.

The conftest.py at the top of the repository applies it before Django reads
clinic/settings.py, and every server or command a test starts inherits the
same environment. The suite tests the production
defaults: each variable the settings read is removed, except `DATABASE_URL`
(the database to test with; the test run makes its own `test_<name>` database,
so the named one need not exist). `DEBUG=1`, `ALLOWED_HOSTS='*'` or a
`CACHE_URL` in the shell would otherwise change what the tests see.

`SECRET_KEY` is a fresh random key for each run: a short one such as `x`
occurs in every page, and the fuzz tests check that the key never does.
A test that needs other values sets them itself (`override_settings`, or the
environment of the process it starts).
"""

import os
import secrets

KEPT = {"DATABASE_URL"}
# Every variable clinic/settings.py reads (README "Configuration"), and the
# settings module itself (always clinic.settings).
SETTINGS_VARIABLES = {
    "ADMIN_URL",
    "ALLOWED_HOSTS",
    "AXES_COOLOFF_MINUTES",
    "AXES_FAILURE_LIMIT",
    "CACHE_CONNECT_TIMEOUT",
    "CACHE_KEY_PREFIX",
    "CACHE_RETRY_AFTER",
    "CACHE_TIMEOUT",
    "CACHE_URL",
    "CLINIC_PHONE",
    "CONN_MAX_AGE",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_BACKOFF",
    "DATABASE_CONNECT_TIMEOUT",
    "DATABASE_KEEPALIVES_IDLE",
    "DATABASE_PREPARED_STATEMENTS",
    "DATABASE_RETRY_AFTER",
    "DATABASE_STAFF_WAIT_TIMEOUT",
    "DATABASE_STATEMENT_TIMEOUT_MS",
    "DATABASE_TCP_USER_TIMEOUT_MS",
    "DATABASE_WAIT_TIMEOUT",
    "DEBUG",
    "DEFAULT_FROM_EMAIL",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_MAX_RETRIES",
    "EMAIL_TIMEOUT",
    "EMAIL_URL",
    "FEEDBACK_PHONE_REGION",
    "FEEDBACK_RETENTION_DAYS",
    "GUNICORN_MAX_REQUESTS",
    "HEALTHZ_TIMEOUT",
    "HTTPS",
    "LANGUAGE_CODE",
    "LOG_LEVEL",
    "PAGE_BROWSER_MAX_AGE",
    "PAGE_CACHE",
    "PAGE_CACHE_SECONDS",
    "SECRET_KEY",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_SECONDS",
    "SERVER_EMAIL",
    "SESSION_IDLE_TIMEOUT",
    "SITE_NAME",
    "SITE_URL",
    "STATIC_ROOT",
    "TIME_ZONE",
    "TRUSTED_PROXY_COUNT",
}

SETTINGS_MODULE = "clinic.settings"


def apply() -> None:
    for name in SETTINGS_VARIABLES - KEPT:
        os.environ.pop(name, None)
    os.environ["SECRET_KEY"] = "test-only-" + secrets.token_urlsafe(40)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
