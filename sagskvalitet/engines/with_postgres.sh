#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster (issue 15): Debian's postgresql
# installed when missing, initdb in a temp dir, the server on a loopback port only (no
# system service, socket in the temp dir), stopped and removed at the end even when the
# command fails. The command sees PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE of the owner
# and BI_READER_PASSWORD of the role bi_reader (created here, granted by dbt's on-run-end).
#   usage: with_postgres.sh <command> [args...]
set -euo pipefail
# initdb/pg_ctl run as the postgres user through runuser and useradd (sbin).
export PATH="$PATH:/usr/sbin:/sbin"

port=${SAGSKVALITET_PG_TEST_PORT:-55432}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "with_postgres: PostgreSQL is not installed and this is not root:" \
             "install it with 'sudo apt-get install -y postgresql' and run again" >&2
        exit 2
    fi
    echo "with_postgres: installing PostgreSQL from Debian (apt-get install postgresql)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

tmp=$(mktemp -d /tmp/sagskvalitet-pg.XXXXXX)
chmod 755 "$tmp"
# initdb and postgres refuse to run as root: as root, run them as the postgres user
# (created when missing); otherwise as ourselves.
as_owner=()
if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    chown postgres "$tmp"
    as_owner=(runuser -u postgres --)
fi

export PGHOST=127.0.0.1 PGPORT=$port PGUSER=sagskvalitet PGDATABASE=sagskvalitet
export PGPASSWORD=${PGPASSWORD:-sagskvalitet-local-only}
export BI_READER_PASSWORD=${BI_READER_PASSWORD:-bi-reader-local-only}

stop() {
    "${as_owner[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap stop EXIT

printf '%s\n' "$PGPASSWORD" > "$tmp/pwfile"
chmod 644 "$tmp/pwfile"
"${as_owner[@]}" "$pgbin/initdb" -D "$tmp/data" -U sagskvalitet --pwfile="$tmp/pwfile" \
    --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log" >&2; exit 1; }
rm -f "$tmp/pwfile"
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
    -o "-k $tmp -p $port -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_parallel_workers_per_gather=1" \
    start >/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
echo "with_postgres: throw-away cluster on 127.0.0.1:$port ($tmp)"

"$pgbin/psql" -q -v ON_ERROR_STOP=1 -d postgres \
    -c "create database sagskvalitet" \
    -c "create role bi_reader login password '$BI_READER_PASSWORD'"
# Only the owner may create in the database; bi_reader gets what dbt grants.
"$pgbin/psql" -q -v ON_ERROR_STOP=1 \
    -c "revoke all on database sagskvalitet from public" \
    -c "grant connect on database sagskvalitet to bi_reader"

"$@"
