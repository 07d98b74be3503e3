"""Helpers tests share: staff accounts, signing them in, a page's recorded workflow steps,
and Python run in a fresh process with the settings a test gives it.

Content builders are in factories.py.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import Group

from medinfo.models import EventKind, WorkflowEvent

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-test-password-1"


def make_user(django_user_model, username: str, *groups: str, **extra):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        is_staff=True,
        first_name=extra.pop("first_name", username.title()),
        **extra,
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def login(client, user):
    client.force_login(user)
    client.user = user
    return client


def transitions(obj):
    return list(
        WorkflowEvent.objects.filter(object_id=obj.pk, kind=EventKind.TRANSITION)
        .order_by("at", "pk")
        .values_list("from_status", "to_status", "user__username", "comment")
    )


TEST_ONLY_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "HTTPS",
    "DATABASE_URL",
    "ADMIN_URL",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is for the test process only.
        if key not in TEST_ONLY_VARIABLES
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "clinic.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        f"execute_from_command_line(['manage.py', *{list(args)!r}])",
        **env,
    )
