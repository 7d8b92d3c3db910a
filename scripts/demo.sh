#!/usr/bin/env bash
# Runs the reference service locally: a throwaway PostgreSQL from the local
# binaries (unless DATABASE_URL is set), migrations, a small seeded data
# set, and the API on 127.0.0.1:8080 (LISTEN_ADDR) until Ctrl-C. The
# tokens of every seeded user are written to tokens.csv.
#
# Every check that can fail runs before anything is written: a busy API
# port is found before migrate and seed (which overwrite tokens.csv), a
# busy database port (DEMO_PG_PORT, 55433) before initdb.
set -euo pipefail
cd "$(dirname "$0")/.."

listen=${LISTEN_ADDR:-127.0.0.1:8080}

# masked URL: URL with its password, if any, replaced by ***.
masked() { sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"; }

# listening HOST PORT: whether something accepts TCP connections there.
listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

host=${listen%:*}
if listening "${host:-127.0.0.1}" "${listen##*:}"; then
  echo "demo: $listen is already in use (another demo still running?); stop it or set LISTEN_ADDR, e.g. LISTEN_ADDR=127.0.0.1:8081 make demo" >&2
  exit 1
fi

go build -o bin/tenantcheck-demo ./cmd/tenantcheck-demo

if [ -z "${DATABASE_URL:-}" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bindir/initdb" ] || { echo "demo: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql), or set DATABASE_URL" >&2; exit 2; }
  port=${DEMO_PG_PORT:-55433}
  if listening 127.0.0.1 "$port"; then
    echo "demo: port $port for the demo's PostgreSQL is already in use (another demo still running?); stop it or set DEMO_PG_PORT, e.g. DEMO_PG_PORT=55434 make demo" >&2
    exit 1
  fi
  dir=$(mktemp -d /tmp/tenantcheck-demo.XXXXXX)
  as_pg=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
  trap 'rm -rf "$dir"' EXIT
  "${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
  if ! "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null; then
    trap - EXIT
    echo "demo: PostgreSQL did not start on port $port; its log (kept, with the cluster, in $dir) ends with:" >&2
    tail -n 20 "$dir/log" >&2
    exit 1
  fi
  trap '"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT
  "${as_pg[@]}" "$bindir/createdb" -h "$dir" -p "$port" -U postgres tenantcheck
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/tenantcheck?sslmode=disable"
  echo "demo: throwaway PostgreSQL in $dir (data $dir/data, log $dir/log), removed on exit"
  # serve logs in as a role of its own, neither owner nor superuser
  # (docs/service.md, "Two walls").
  export LOGIN_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  serve_url="postgres://tenantcheck_demo:$LOGIN_PASSWORD@127.0.0.1:$port/tenantcheck?sslmode=disable"
else
  serve_url=${SERVE_DATABASE_URL:?demo: with DATABASE_URL set (the owner that migrates and seeds), set SERVE_DATABASE_URL to a login role that is neither owner nor superuser: tenantcheck-demo create-login makes one (docs/service.md)}
fi
echo "demo: database $(masked "$DATABASE_URL") (psql with that URL looks inside)"

bin/tenantcheck-demo migrate
bin/tenantcheck-demo seed -accounts 3 -users 8 -trees 6 -sessions 5000 -tokens tokens.csv
if [ -n "${LOGIN_PASSWORD:-}" ]; then bin/tenantcheck-demo create-login tenantcheck_demo; fi
echo "demo: serving on $listen, logged in as $(masked "$serve_url"); tokens in tokens.csv; Ctrl-C stops"
DATABASE_URL=$serve_url bin/tenantcheck-demo serve
