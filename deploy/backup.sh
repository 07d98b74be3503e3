#!/usr/bin/env bash
# Dump the site's PostgreSQL database and keep the newest BACKUP_KEEP dumps.
#
#   DATABASE_URL=postgres://... BACKUP_DIR=/var/backups/clinic BACKUP_KEEP=14 deploy/backup.sh
#
# Run nightly by deploy/systemd/clinic-backup.timer with the site's own
# environment file. Each dump is written under a temporary name and renamed
# when complete, so a failed or interrupted dump never replaces a good one and
# older dumps are removed only after a new one succeeded. Try a restore now
# and then: deploy/restore-check.sh DUMP. Copy dumps off the machine too.
set -euo pipefail
umask 077  # dumps hold staff accounts and the audit log

dir=${BACKUP_DIR:-/var/backups/clinic}
keep=${BACKUP_KEEP:-14}
url=${DATABASE_URL:-}

if ! [[ $keep =~ ^[0-9]+$ ]] || [ "$keep" -lt 1 ]; then
  echo "BACKUP_KEEP must be a whole number of dumps to keep, 1 or more (got '$keep')" >&2
  exit 2
fi
case "$url" in
  postgres://* | postgresql://*) ;;
  "") echo "DATABASE_URL is not set: the database to dump, postgres://user:password@host:5432/name" >&2; exit 2 ;;
  *) echo "DATABASE_URL is not a postgres:// URL: only PostgreSQL databases are backed up this way" >&2; exit 2 ;;
esac
if ! command -v pg_dump >/dev/null; then
  echo "pg_dump is missing: sudo apt-get install postgresql-client (the server's version or newer)" >&2
  exit 1
fi
if [ ! -d "$dir" ] || [ ! -w "$dir" ]; then
  echo "BACKUP_DIR $dir is not a directory this user can write to" >&2
  exit 1
fi

name="clinic-$(date -u +%Y-%m-%dT%H%M%SZ).dump"
partial="$dir/.$name.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --no-owner --no-privileges --file="$partial" --dbname="$url"
mv "$partial" "$dir/$name"

# Names sort by time; remove all but the newest $keep.
removed=0
while IFS= read -r old; do
  rm -f -- "$old"
  removed=$((removed + 1))
done < <(find "$dir" -maxdepth 1 -name 'clinic-*.dump' -type f | sort -r | tail -n +$((keep + 1)))

echo "Wrote $dir/$name ($(stat -c %s "$dir/$name") bytes); kept the newest $keep, removed $removed."
