"""EMAIL_URL, DEFAULT_FROM_EMAIL and SITE_URL from the environment, and the start-up notice."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from clinic import preflight

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k, None) for k in ('EMAIL_BACKEND', 'EMAIL_HOST', "
    "'EMAIL_PORT', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_HOST_USER', 'DEFAULT_FROM_EMAIL', "
    "'SITE_URL')} | {'queue': s.POST_OFFICE['BACKENDS']['default']}))"
)


def mail_settings(env: dict) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    clean.update({"SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "clinic.settings", **env})
    for name in ("EMAIL_URL", "SITE_URL", "DEFAULT_FROM_EMAIL", "ALLOWED_HOSTS"):
        if name not in env:
            clean.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_email_url_mail_goes_to_the_console():
    found = mail_settings({})
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["queue"] == found["EMAIL_BACKEND"]


@pytest.mark.parametrize(
    ("url", "tls", "ssl"),
    [
        ("smtp+tls://clinic:p%40ss@mail.example.org:587", True, False),
        ("smtp+ssl://clinic:p%40ss@mail.example.org:465", False, True),
        ("smtp://clinic:p%40ss@mail.example.org:25", False, False),
    ],
)
def test_email_url_configures_smtp(url, tls, ssl):
    found = mail_settings(
        {
            "EMAIL_URL": url,
            "DEFAULT_FROM_EMAIL": "Clinic <medicines@example.org>",
            "ALLOWED_HOSTS": "medicines.example.org,www.example.org",
        }
    )
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["queue"] == found["EMAIL_BACKEND"]  # what send_queued_mail sends through
    assert (found["EMAIL_HOST"], found["EMAIL_HOST_USER"]) == ("mail.example.org", "clinic")
    assert (found["EMAIL_USE_TLS"], bool(found["EMAIL_USE_SSL"])) == (tls, ssl)
    assert found["DEFAULT_FROM_EMAIL"] == "Clinic <medicines@example.org>"
    # Links in e-mail: the first host name unless SITE_URL says otherwise.
    assert found["SITE_URL"] == "https://medicines.example.org"


def test_site_url_can_be_set():
    found = mail_settings(
        {"ALLOWED_HOSTS": "internal.example.org", "SITE_URL": "https://medicines.example.org/"}
    )
    assert found["SITE_URL"] == "https://medicines.example.org"


def test_the_start_up_line_says_when_mail_goes_nowhere():
    assert "goes nowhere" in preflight.mail_notice({})
    assert "goes nowhere" in preflight.mail_notice({"EMAIL_URL": "consolemail://"})
    real = preflight.mail_notice({"EMAIL_URL": "smtp+tls://clinic:secret@mail.example.org:587"})
    assert real.startswith("Mail: queued and sent through smtp+tls://mail.example.org:587")
    assert "secret" not in real and "clinic:" not in real


def test_make_serves_preflight_prints_the_mail_line():
    env = {k: v for k, v in os.environ.items() if k not in {"EMAIL_URL"}}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "medicines.example.org",
            "DEBUG": "0",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "clinic.preflight"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Mail: EMAIL_URL is not set to a mail server" in result.stderr
