#!/usr/bin/env bash
# Runs the reference service locally: a throwaway PostgreSQL from the local
# binaries (unless DATABASE_URL is set), migrations, a small seeded data
# set, and the API on 127.0.0.1:8080 until Ctrl-C. The tokens of every
# seeded user are written to tokens.csv.
set -euo pipefail
cd "$(dirname "$0")/.."

go build -o bin/tenantcheck-demo ./cmd/tenantcheck-demo

if [ -z "${DATABASE_URL:-}" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bindir/initdb" ] || { echo "demo: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql), or set DATABASE_URL" >&2; exit 2; }
  dir=$(mktemp -d /tmp/tenantcheck-demo.XXXXXX)
  port=${DEMO_PG_PORT:-55433}
  as_pg=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
  "${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
  trap '"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
  "${as_pg[@]}" "$bindir/createdb" -h "$dir" -p "$port" -U postgres tenantcheck
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/tenantcheck?sslmode=disable"
  # serve logs in as a role of its own, neither owner nor superuser
  # (docs/service.md, "Two walls").
  export LOGIN_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  serve_url="postgres://tenantcheck_demo:$LOGIN_PASSWORD@127.0.0.1:$port/tenantcheck?sslmode=disable"
else
  serve_url=${SERVE_DATABASE_URL:?demo: with DATABASE_URL set (the owner that migrates and seeds), set SERVE_DATABASE_URL to a login role that is neither owner nor superuser: tenantcheck-demo create-login makes one (docs/service.md)}
fi

bin/tenantcheck-demo migrate
bin/tenantcheck-demo seed -accounts 3 -users 8 -trees 6 -sessions 5000 -tokens tokens.csv
if [ -n "${LOGIN_PASSWORD:-}" ]; then bin/tenantcheck-demo create-login tenantcheck_demo; fi
echo "demo: serving on ${LISTEN_ADDR:-127.0.0.1:8080} as tenantcheck_demo; tokens in tokens.csv; Ctrl-C stops"
DATABASE_URL=$serve_url bin/tenantcheck-demo serve
