import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "clinic.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_stops_start_up_naming_the_variable():
    result = run_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_defaults_to_off():
    result = run_settings({"SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")


def test_debug_mode_runs_without_a_secret_key():
    result = run_settings({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://postgres@127.0.0.1:5432/clinic", "django.db.backends.postgresql"),
    ],
)
def test_database_url_selects_the_engine(url, engine):
    env = {"SECRET_KEY": "x" * 50}
    if url:
        env["DATABASE_URL"] = url
    result = run_settings(env)
    assert result.returncode == 0, result.stderr
    assert engine in result.stdout


def database_options(env: dict) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARED_STATEMENTS"}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "options = settings.DATABASES['default']['OPTIONS']; "
            "print(options['server_side_binding'], options['prepare_threshold'])",
        ],
        cwd=ROOT,
        env={
            **clean,
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/clinic",
            "DJANGO_SETTINGS_MODULE": "clinic.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()


def test_postgresql_prepares_repeated_statements_unless_turned_off_for_a_pooler():
    assert database_options({}) == "True 5"
    assert database_options({"DATABASE_PREPARED_STATEMENTS": "0"}) == "True None"


@pytest.mark.django_db
def test_without_psycopg_3_the_pinned_psycopg2_connects_with_its_own_options():
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        # The test database: the one DATABASE_URL names need not exist yet.
        test_database = "/" + connection.settings_dict["NAME"]
        database_url = urlsplit(database_url)._replace(path=test_database).geturl()
    else:
        # The suite's SQLite run: the PostgreSQL server CI provides anyway.
        database_url = "postgres://postgres@127.0.0.1:5432/postgres"
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean["DATABASE_URL"] = database_url
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.modules['psycopg'] = None\n"
            "import django; django.setup()\n"
            "from django.conf import settings; from django.db import connection\n"
            "import django.db.backends.postgresql.psycopg_any as driver\n"
            "options = settings.DATABASES['default']['OPTIONS']\n"
            "with connection.cursor() as cursor: cursor.execute('SELECT 1')\n"
            "print(driver.is_psycopg3, sorted(options))",
        ],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "clinic.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # libpq's own options only: none of psycopg 3's (server_side_binding, prepare_threshold).
    assert result.stdout.split("\n")[-2] == (
        "False ['connect_timeout', 'keepalives', 'keepalives_count', 'keepalives_idle', "
        "'keepalives_interval', 'options', 'tcp_user_timeout']"
    )


def test_the_suite_sets_aside_every_variable_the_settings_read():
    """A variable exported in the developer's shell cannot change what the tests see."""
    from tests import environment

    source = (ROOT / "clinic" / "settings.py").read_text()
    read = set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z_]+)\"", source))
    assert "SECRET_KEY" in read and "ALLOWED_HOSTS" in read  # the pattern finds them
    assert read - environment.KEPT <= environment.SETTINGS_VARIABLES
    assert os.environ["SECRET_KEY"].startswith("test-only-")
    assert len(os.environ["SECRET_KEY"]) >= 50
