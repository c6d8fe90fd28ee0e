#!/usr/bin/env bash
# Installs, by Debian package name, the tools goframe's tests need beyond Go.
# Idempotent: a tool already on the machine is left alone. `make test` and
# `make bench` run it first, so a fresh machine needs nothing else.
set -euo pipefail

# command  package
needs=(
  "nginx   nginx-light"
  "wrk     wrk"
  "hey     hey"
  "curl    curl"
  "ss      iproute2"
  "systemd-socket-activate systemd"
  "chromium chromium"
)

# `install-deps.sh --bench` adds what make bench needs besides: the peers'
# Python side (gunicorn with Flask, from Debian) and taskset.
if [ "${1:-}" = "--bench" ]; then
  needs+=("gunicorn gunicorn" "taskset util-linux")
fi

missing=()
for entry in "${needs[@]}"; do
  read -r cmd pkg <<<"$entry"
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ]; then
    missing+=("$pkg")
  fi
done

# Django itself, for the differential template test (e2e TestRenderAgainstDjango):
# Debian's python3 with its python3-django.
if ! /usr/bin/python3 -c 'import django' >/dev/null 2>&1; then
  missing+=("python3-django")
fi

# PostgreSQL's server programs, for the tests against PostgreSQL, which
# start a throwaway server of their own (internal/pgtest): Debian's
# postgresql. They are not on the PATH, so look where Debian puts them.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  missing+=("postgresql")
fi

if [ "${1:-}" = "--bench" ] && ! /usr/bin/python3 -c 'import flask' >/dev/null 2>&1; then
  missing+=("python3-flask")
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/install-deps.log 2>&1; then
  $sudo apt-get update >/tmp/install-deps-update.log 2>&1 || true
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/install-deps.log 2>&1; then
    echo "install-deps: apt-get install ${missing[*]} failed; see /tmp/install-deps.log" >&2
    tail -20 /tmp/install-deps.log >&2
    exit 1
  fi
fi
# nginx-light's package starts a system nginx on port 80; the tests run
# their own, so stop it if it was started by the install.
if printf '%s\n' "${missing[@]}" | grep -q nginx; then
  ($sudo systemctl stop nginx 2>/dev/null || $sudo service nginx stop 2>/dev/null || $sudo nginx -s stop 2>/dev/null) || true
fi
# postgresql's package creates a system cluster and starts it on port
# 5432; the tests run their own server, so stop it if the install started it.
if printf '%s\n' "${missing[@]}" | grep -qx postgresql; then
  ($sudo systemctl stop postgresql 2>/dev/null || $sudo service postgresql stop 2>/dev/null) || true
fi
