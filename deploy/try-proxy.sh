#!/usr/bin/env bash
# Try deploy/nginx/clinic.conf on one machine, in front of `make serve`.
#
#   deploy/try-proxy.sh HTTPS_PORT HTTP_PORT APP_PORT
#
# Runs nginx in the foreground (Ctrl-C stops it) with the very file operators
# copy, changed only where a trial must differ: ports on 127.0.0.1, host name
# localhost, a fresh self-signed certificate, STATIC_ROOT from the environment
# (as `make serve` uses it; default ./staticfiles) and the app on
# 127.0.0.1:APP_PORT. Everything it writes lives in a temporary directory that
# is removed when it stops. It installs nothing.
#
# Example, in two terminals:
#   SECRET_KEY=... ALLOWED_HOSTS=localhost TRUSTED_PROXY_COUNT=1 make serve PORT=8000
#   deploy/try-proxy.sh 8443 8080 8000      # then open https://localhost:8443/
set -euo pipefail

usage() {
  echo "usage: $0 HTTPS_PORT HTTP_PORT APP_PORT" >&2
  echo "  runs deploy/nginx/clinic.conf in front of 'make serve' listening on 127.0.0.1:APP_PORT" >&2
  exit 2
}
[ $# -eq 3 ] || usage
for port in "$@"; do
  [[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || {
    echo "not a port number: $port" >&2
    usage
  }
done
https_port=$1
http_port=$2
app_port=$3

here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$here")
conf="$here/nginx/clinic.conf"

missing=()
nginx=$(command -v nginx || true)
[ -n "$nginx" ] || { [ -x /usr/sbin/nginx ] && nginx=/usr/sbin/nginx; } || true
[ -n "$nginx" ] || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
mime_types=/etc/nginx/mime.types
if [ -n "$nginx" ] && [ ! -r "$mime_types" ]; then missing+=(nginx-common); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing: ${missing[*]}. Install it first, e.g. sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

static_root=${STATIC_ROOT:-$project/staticfiles}
static_root=${static_root%/}
if [ ! -d "$static_root" ]; then
  echo "STATIC_ROOT $static_root does not exist: start 'make serve' first (it runs collectstatic)." >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/clinic-try-proxy.XXXXXX")
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then
    kill -TERM "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

# Each change is checked to have happened, so a change to clinic.conf that
# this script does not know about stops it instead of trying something else.
substitute() {  # substitute FIXED_TEXT REPLACEMENT EXPECTED_COUNT
  local found
  found=$(grep -cF -- "$1" "$work/clinic.conf" || true)
  if [ "$found" -ne "$3" ]; then
    echo "deploy/nginx/clinic.conf changed: expected $3 line(s) with '$1', found $found" >&2
    exit 1
  fi
  FROM=$1 TO=$2 perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$work/clinic.conf"
}
cp "$conf" "$work/clinic.conf"
substitute "listen 443 ssl http2;" "listen 127.0.0.1:$https_port ssl http2;" 1
substitute "listen [::]:443 ssl http2;" "" 1
substitute "listen 80;" "listen 127.0.0.1:$http_port;" 1
substitute "listen [::]:80;" "" 1
substitute "server_name medicines.example.org;" "server_name localhost;" 2
substitute "/etc/letsencrypt/live/medicines.example.org/fullchain.pem" "$work/cert.pem" 1
substitute "/etc/letsencrypt/live/medicines.example.org/privkey.pem" "$work/key.pem" 1
substitute "alias /srv/clinic/static/;" "alias $static_root/;" 1
substitute "server 127.0.0.1:8000;" "server 127.0.0.1:$app_port;" 1
substitute "/var/log/nginx/clinic.access.log" "/dev/stdout" 2
substitute "root /var/www/acme;" "root $work/acme;" 1
if [ "$https_port" != 443 ]; then
  substitute 'return 301 https://$host$request_uri;' "return 301 https://\$host:$https_port\$request_uri;" 1
fi

# nginx started by root switches its workers to another user: the owner of
# the static files, who can read them.
user_line=""
if [ "$(id -u)" -eq 0 ]; then user_line="user $(stat -c %U "$static_root");"; fi

# The surroundings of a Debian /etc/nginx/nginx.conf, with every path in $work.
cat >"$work/nginx.conf" <<EOF
$user_line
worker_processes auto;
pid $work/nginx.pid;
error_log stderr notice;
daemon off;
events { worker_connections 1024; }
http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include $mime_types;
    default_type application/octet-stream;
    gzip on;
    client_body_temp_path $work/client_body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/clinic.conf;
}
EOF
chmod 755 "$work"

"$nginx" -t -q -p "$work" -e stderr -c "$work/nginx.conf"
echo "Proxy for http://127.0.0.1:$app_port on https://localhost:$https_port/ (HTTP: $http_port)." \
  "Self-signed certificate $(openssl x509 -in "$work/cert.pem" -noout -fingerprint -sha256)." \
  "Ctrl-C stops it." >&2
"$nginx" -p "$work" -e stderr -c "$work/nginx.conf" &
nginx_pid=$!
wait "$nginx_pid"
