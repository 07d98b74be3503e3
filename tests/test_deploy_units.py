"""deploy/systemd: every unit checked by systemd itself (systemd-analyze).

The units name paths that exist only on the target machine (README
"Deploying"); those, and only those, may be reported missing here.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parent.parent / "deploy" / "systemd"
# Installed by the operator on the target machine, absent here.
TARGET_PATHS = {
    "/srv/clinic/app/.venv/bin/python",
    "/srv/clinic/app/.venv/bin/gunicorn",
    "/srv/clinic/app/deploy/backup.sh",
}
MISSING_TARGET_PATH = re.compile(
    r"(?P<unit>[\w.@-]+): Command (?P<path>\S+) is not executable: No such file or directory"
)
# timer: (the manage.py command or script its service runs, seconds between runs)
SCHEDULES = {
    "clinic-send-queued-mail": ("manage.py send_queued_mail", 60),
    "clinic-review-reminders": ("manage.py send_review_reminders", 24 * 3600),
    "clinic-delete-old-feedback": ("manage.py delete_old_feedback", 24 * 3600),
    "clinic-backup": ("/srv/clinic/app/deploy/backup.sh", 24 * 3600),
}


@pytest.fixture(scope="module")
def systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("systemd-analyze is needed in CI: apt-get install systemd")
    pytest.skip("systemd-analyze is not installed (apt-get install systemd)")


def read_unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # keys are case-sensitive
    unit.read(UNITS / name)
    return unit


def test_every_unit_passes_verify_apart_from_paths_on_the_target(systemd_analyze):
    units = sorted(str(path) for path in UNITS.glob("*.*"))
    assert len(units) == 9, "clinic.service and four timers with their services"

    result = subprocess.run(
        [systemd_analyze, "verify", "--no-pager", *units],
        cwd=UNITS, capture_output=True, text=True, timeout=120,
        env={**os.environ, "SYSTEMD_LOG_COLOR": "0"},
    )  # fmt: skip

    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    missing = [MISSING_TARGET_PATH.fullmatch(line) for line in lines]
    others = [line for line, match in zip(lines, missing, strict=True) if not match]
    assert others == [], "systemd-analyze found problems"
    assert {match["path"] for match in missing} <= TARGET_PATHS


def test_services_run_unprivileged_with_a_low_exposure_score(systemd_analyze):
    for path in sorted(UNITS.glob("*.service")):
        service = read_unit(path.name)["Service"]
        assert service["User"] == "clinic", path.name
        assert service["EnvironmentFile"] == "/etc/clinic/clinic.env", path.name
        assert service["NoNewPrivileges"] == "yes", path.name
        assert service["ProtectSystem"] == "strict", path.name

        result = subprocess.run(
            [systemd_analyze, "security", "--offline=yes", "--no-pager", str(path)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        score = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
        assert score, result.stdout + result.stderr
        # 0 is locked down, 10 is unprotected (systemd-analyze security); ours score 1.4.
        assert float(score.group(1)) <= 2.0, f"{path.name}: {result.stdout}"


def test_the_site_restarts_on_failure_and_tells_systemd_when_it_is_ready():
    service = read_unit("clinic.service")["Service"]

    assert service["Type"] == "notify"  # gunicorn sends READY=1
    assert service["Restart"] == "on-failure"
    assert "gunicorn --config python:clinic.gunicorn_conf" in service["ExecStart"]
    assert "--bind 127.0.0.1:8000" in service["ExecStart"]


def elapses(systemd_analyze: str, expression: str) -> list[datetime]:
    result = subprocess.run(
        [systemd_analyze, "calendar", "--iterations=3", expression],
        capture_output=True, text=True, timeout=60, env={**os.environ, "TZ": "UTC"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = re.findall(r"(?:Next elapse|Iter\. #\d): \w{3} (\S+ \S+) UTC", result.stdout)
    return [datetime.fromisoformat(moment) for moment in found]


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_each_timer_runs_its_job_on_its_schedule(systemd_analyze, name):
    command, seconds = SCHEDULES[name]
    timer = read_unit(f"{name}.timer")["Timer"]
    service = read_unit(f"{name}.service")["Service"]

    assert timer.get("Unit", f"{name}.service") == f"{name}.service"
    assert service["Type"] == "oneshot"
    assert service["ExecStart"].endswith(command)
    moments = elapses(systemd_analyze, timer["OnCalendar"])
    assert len(moments) == 3
    assert {(b - a).total_seconds() for a, b in pairwise(moments)} == {seconds}
    if seconds > 60:
        assert timer["Persistent"] == "true", "a run missed while the machine was off runs later"


def test_backups_keep_a_set_number_of_dumps_where_only_they_may_write():
    service = read_unit("clinic-backup.service")["Service"]

    assert "BACKUP_KEEP=14" in service["Environment"]
    assert "BACKUP_DIR=/var/backups/clinic" in service["Environment"]
    assert service["ReadWritePaths"] == "/var/backups/clinic"
    assert service["UMask"] == "0077"
