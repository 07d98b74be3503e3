"""deploy/backup.sh and deploy/restore-check.sh, run for real.

The database is a throwaway PostgreSQL with the demo content (as
tests/test_server.py starts one); the backups are what the nightly timer makes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.servers import free_port, production_env
from tests.test_server import database  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def content(database, tmp_path_factory):  # noqa: F811
    # The throwaway server (tests/servers.py); the app is given its database URL.
    env = production_env(database.url(), tmp_path_factory.mktemp("static"))
    for command in (["migrate", "--noinput"], ["load_demo_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return database


def run_script(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DEPLOY / script), *args], env={**os.environ, **env},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def backups(content, tmp_path_factory):
    """Three nightly runs of deploy/backup.sh keeping two dumps."""
    folder = tmp_path_factory.mktemp("backups")
    for _ in range(3):
        result = run_script(
            "backup.sh", DATABASE_URL=content.url(), BACKUP_DIR=str(folder), BACKUP_KEEP="2"
        )
        assert result.returncode == 0, result.stderr
        time.sleep(1.1)  # dumps are named to the second
    return folder


def test_backups_keep_the_newest_dumps_and_only_their_owner_reads_them(backups):
    dumps = sorted(backups.glob("clinic-*.dump"))

    assert len(dumps) == 2
    assert not list(backups.glob(".*")), "no partial dump left behind"
    assert all(dump.stat().st_mode & 0o077 == 0 for dump in dumps)
    assert all(dump.read_bytes().startswith(b"PGDMP") for dump in dumps)


def test_a_failed_backup_keeps_the_dumps_there_were(backups):
    before = sorted(backups.glob("clinic-*.dump"))
    unreachable = f"postgres://postgres@127.0.0.1:{free_port()}/clinic"

    result = run_script("backup.sh", DATABASE_URL=unreachable, BACKUP_DIR=str(backups),
                        BACKUP_KEEP="1")  # fmt: skip

    assert result.returncode != 0
    assert "connection" in result.stderr.lower()
    assert sorted(backups.glob("clinic-*.dump")) == before
    assert not list(backups.glob(".*"))


def test_backup_names_a_missing_setting(tmp_path):
    result = run_script("backup.sh", DATABASE_URL="", BACKUP_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "DATABASE_URL is not set" in result.stderr

    result = run_script("backup.sh", DATABASE_URL="postgres://x/y", BACKUP_KEEP="none")
    assert result.returncode == 2
    assert "BACKUP_KEEP must be a whole number" in result.stderr


@pytest.fixture
def scratch():
    """A TMPDIR the postgres account can reach too (pytest's is private to us)."""
    folder = Path(tempfile.mkdtemp(prefix="clinic-test-restore-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_restore_check_restores_the_newest_dump_and_the_site_answers(backups, scratch):
    newest = sorted(backups.glob("clinic-*.dump"))[-1]

    result = run_script("restore-check.sh", str(newest), TMPDIR=str(scratch))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   home page: HTTP 200" in result.stdout
    assert "ok   medicine page /medications/" in result.stdout
    assert re.search(r"ok   search for '.+' finds /medications/", result.stdout)
    assert not list(scratch.iterdir()), "the throwaway server and its files are gone"


def test_restore_check_fails_clearly_on_a_file_that_is_not_a_dump(tmp_path, scratch):
    junk = tmp_path / "clinic-junk.dump"
    junk.write_text("not a dump\n")

    result = run_script("restore-check.sh", str(junk), TMPDIR=str(scratch))

    assert result.returncode == 1
    assert "FAILED: pg_restore" in result.stderr
    assert not list(scratch.iterdir())
