#!/usr/bin/env bash
# Prove a backup restores: deploy/restore-check.sh DUMP
#
# Restores DUMP (from deploy/backup.sh or `pg_dump --format=custom`) into a
# throwaway PostgreSQL server of its own (a temporary directory, a free port on
# 127.0.0.1), runs `migrate` as a release would, starts the site with gunicorn
# as in production and checks that the home page, a published medicine page
# and a search for that medicine answer. Prints what it checked; exits 0 only
# if all of it worked. Nothing outside the temporary directory is touched: no
# production database, cache or mail relay (mail goes nowhere).
#
# Needs the app's virtual environment (make venv) and the PostgreSQL server
# programs (initdb, pg_ctl: sudo apt-get install postgresql) of the dump's
# major version or newer. PG_BINDIR picks a version, e.g. /usr/lib/postgresql/15/bin.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DUMP    (a custom-format dump, e.g. /var/backups/clinic/clinic-...dump)" >&2
  exit 2
fi
dump=$(realpath -- "$1" 2>/dev/null || true)
if [ -z "$dump" ] || [ ! -f "$dump" ] || [ ! -r "$dump" ]; then
  echo "cannot read the dump file $1" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$here")
python=${PYTHON:-$project/.venv/bin/python}
if [ ! -x "$python" ]; then
  echo "the app's virtual environment is missing: run 'make venv' in $project first" >&2
  exit 1
fi
bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ]; then
    bindir=$newest
  elif command -v initdb >/dev/null; then
    bindir=$(dirname "$(command -v initdb)")
  fi
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "PostgreSQL server programs (initdb, pg_ctl) are missing: sudo apt-get install postgresql" >&2
  exit 1
fi

# Read the dump's table of contents first: a file that is not a dump (or is
# from a newer pg_dump than these programs) fails here, in a second.
if ! listing_error=$("$bindir/pg_restore" --list "$dump" 2>&1 >/dev/null); then
  echo "restore-check: FAILED: pg_restore cannot read $dump: $listing_error" >&2
  exit 1
fi

free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d "${TMPDIR:-/tmp}/clinic-restore-check.XXXXXX")
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then  # PostgreSQL refuses to run as root
  as_postgres=(runuser -u postgres --)
  chown postgres "$work"
  if ! runuser -u postgres -- test -w "$work"; then
    rmdir "$work"
    echo "the postgres user cannot reach $work: set TMPDIR to a directory it can reach" >&2
    exit 1
  fi
fi
gunicorn_pid=""
cleanup() {
  if [ -n "$gunicorn_pid" ]; then
    kill -TERM "$gunicorn_pid" 2>/dev/null || true
    wait "$gunicorn_pid" 2>/dev/null || true
  fi
  if [ -f "$work/data/postmaster.pid" ]; then
    "${as_postgres[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { echo "restore-check: $*"; }
fail() {
  echo "restore-check: FAILED: $*" >&2
  exit 1
}

db_port=$(free_port)
step "starting a throwaway PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$db_port"
"${as_postgres[@]}" "$bindir/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --no-sync \
  >"$work/initdb.log" 2>&1 || fail "initdb: $(cat "$work/initdb.log")"
"${as_postgres[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w -t 60 \
  -o "-p $db_port -k $work -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
  || fail "PostgreSQL did not start: $(cat "$work/postgres.log")"
"$bindir/createdb" -h 127.0.0.1 -p "$db_port" -U postgres clinic

database_url="postgres://postgres@127.0.0.1:$db_port/clinic"
step "restoring $dump"
"$bindir/pg_restore" --exit-on-error --no-owner --no-privileges --dbname="$database_url" "$dump" \
  2>"$work/restore.log" || fail "pg_restore: $(cat "$work/restore.log")"

# The site's settings for this check only: nothing inherited from the shell
# (no production DATABASE_URL, CACHE_URL or EMAIL_URL can leak in).
site_env=(
  env -i "PATH=$PATH" "HOME=$work" "LANG=C.UTF-8"
  "DATABASE_URL=$database_url"
  "SECRET_KEY=$("$python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  "ALLOWED_HOSTS=127.0.0.1,localhost" "HTTPS=0" "DEBUG=0"
  "CACHE_URL=locmemcache://restore-check" "PAGE_CACHE=0"
  "EMAIL_URL=dummymail://" "STATIC_ROOT=$work/static" "LOG_LEVEL=WARNING"
)
cd "$project"
step "migrate"
"${site_env[@]}" "$python" manage.py migrate --noinput >"$work/migrate.log" 2>&1 \
  || fail "migrate: $(cat "$work/migrate.log")"
"${site_env[@]}" "$python" manage.py collectstatic --noinput --verbosity 0 >"$work/static.log" 2>&1 \
  || fail "collectstatic: $(cat "$work/static.log")"

app_port=$(free_port)
step "starting the site (gunicorn) on 127.0.0.1:$app_port"
"${site_env[@]}" "$project/.venv/bin/gunicorn" --config python:clinic.gunicorn_conf \
  --bind "127.0.0.1:$app_port" --workers 1 >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!

# The checks, with the standard library only; each prints one line.
"$python" - "$app_port" "$gunicorn_pid" "$work/gunicorn.log" <<'PY' || fail "the restored site did not answer as it should"
import http.client
import os
import re
import sys
import time
from urllib.parse import quote

port, pid, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]


def get(path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


deadline = time.monotonic() + 120
while True:
    try:
        if get("/healthz")[0] == 200:
            break
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit("gunicorn exited:\n" + open(log).read())
    if time.monotonic() > deadline:
        sys.exit("gunicorn did not answer within 120 s:\n" + open(log).read())
    time.sleep(0.5)


def check(what, ok, detail=""):
    print(f"restore-check: {'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail else ''}")
    if not ok:
        sys.exit(1)


status, home = get("/")
check("home page", status == 200 and "<h1" in home, f"HTTP {status}")
status, sitemap = get("/sitemap.xml")
medicines = sorted(set(re.findall(r"<loc>[^<]*?(/medications/[^/<]+/)</loc>", sitemap)))
check("sitemap", status == 200 and bool(medicines), f"{len(medicines)} published medicine(s)")
path = medicines[0]
status, page = get(path)
title = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", page, re.S)
check(f"medicine page {path}", status == 200 and bool(title), f"HTTP {status}")
name = re.sub(r"<[^>]+>", "", title.group(1)).split("(")[0].strip()
status, results = get("/search/?q=" + quote(name))
check(f"search for {name!r} finds {path}", status == 200 and f'href="{path}"' in results)
PY
step "the dump restores, migrates and serves pages"
