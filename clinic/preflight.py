"""Refuse to serve production traffic with a missing or weak configuration.

Run by `make serve` before anything else (`python -m clinic.preflight`) and
by the gunicorn configuration (clinic/gunicorn_conf.py), so gunicorn started
by hand refuses too. (Not by clinic/wsgi.py: test servers load that with a
test key.)
Reads the environment, not the settings: it must name every missing
variable at once, even those settings.py would stop at one by one.
"""

from __future__ import annotations

import os
import sys

import environ

# Keys that are in this repository or its docs, so known to everyone.
KNOWN_KEYS = {
    "dev-only-insecure-key-do-not-use-in-production",
    "test-only-insecure-key",
    "change-me",
    "changeme",
    "secret",
}
MIN_KEY_LENGTH = 50


def problems(environment: dict[str, str] | None = None) -> list[str]:
    """What is wrong with the environment for serving with DEBUG off (empty if nothing)."""
    environment = os.environ if environment is None else environment
    env = environ.Env()
    env.ENVIRON = environment
    if env.bool("DEBUG", default=False):
        return []
    found = []
    key = environment.get("SECRET_KEY", "")
    if not key:
        found.append(
            "SECRET_KEY is not set: set it to a long random value, for example from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    elif (
        key in KNOWN_KEYS
        or key.startswith("django-insecure")
        or len(key) < MIN_KEY_LENGTH
        or len(set(key)) < 5
    ):
        found.append(
            f"SECRET_KEY is not a real secret: use a random value of at least "
            f"{MIN_KEY_LENGTH} characters that is not published anywhere."
        )
    hosts = [host for host in env.list("ALLOWED_HOSTS", default=[]) if host]
    if not hosts:
        found.append(
            "ALLOWED_HOSTS is not set: set it to the site's host name(s), comma-"
            "separated, e.g. ALLOWED_HOSTS=medicines.example.org."
        )
    return found


def mail_notice(environment: dict[str, str] | None = None) -> str:
    """One line on where staff e-mail goes; it never stops the start."""
    environment = os.environ if environment is None else environment
    url = environment.get("EMAIL_URL", "")
    if not url or url.startswith(("consolemail:", "dummymail:")):
        return (
            "Mail: EMAIL_URL is not set to a mail server, so e-mail to staff (review "
            "requests, reminders) is only written to the log and goes nowhere."
        )
    scheme = url.split(":", 1)[0]
    host = url.rsplit("@", 1)[-1].split("/", 1)[0].split("?", 1)[0]
    return f"Mail: queued and sent through {scheme}://{host} by `manage.py send_queued_mail`."


def message(found: list[str]) -> str:
    return "Refusing to start in production (DEBUG is off):\n" + "\n".join(
        f"  - {item}" for item in found
    )


def exit_on_problems() -> None:
    """Print every problem and exit, if there is any."""
    found = problems()
    if found:
        print(message(found), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    exit_on_problems()
    print(mail_notice(), file=sys.stderr)
