#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for dyad-store's tests, idempotently.
#
#   eval "$(bash .ci/start-postgres.sh)"      # or: source "$DYAD_PG_ENV" after running it
#   cargo test -p dyad-store
#
# - Installs Debian's `postgresql` package only when no server binaries
#   (initdb, pg_ctl) are found.
# - Creates a cluster in $DYAD_PG_BASE (default /tmp/dyad-pg) owned by user
#   `postgres` (the server refuses to run as root; as root we use runuser),
#   trust authentication, listening on 127.0.0.1 only, on port 5432 or the
#   next free one.
# - Creates database `dyad_test` and prints the line
#   `export DYAD_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/dyad_test`
#   on stdout (also written to $DYAD_PG_ENV, default $DYAD_PG_BASE/env).
# Running it again reuses the running server. Stop it with:
#   runuser -u postgres -- pg_ctl -D /tmp/dyad-pg/data stop
set -euo pipefail

BASE=${DYAD_PG_BASE:-/tmp/dyad-pg}
DATA=$BASE/data
ENV_FILE=${DYAD_PG_ENV:-$BASE/env}
DB=dyad_test
log() { echo "start-postgres: $*" >&2; }

find_bin() {
    local name=$1 dir
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/$name" ]; then echo "$dir/$name"; return 0; fi
    done
    return 1
}

if ! find_bin initdb >/dev/null || ! find_bin pg_ctl >/dev/null; then
    log "PostgreSQL server binaries not found: installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
    apt-get clean >&2
fi
INITDB=$(find_bin initdb)
PG_CTL=$(find_bin pg_ctl)
BIN=$(dirname "$PG_CTL")
PSQL=$(find_bin psql || echo "$BIN/psql")
CREATEDB=$(find_bin createdb || echo "$BIN/createdb")

as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        log "creating system user postgres"
        useradd --system --home-dir "$BASE" --shell /bin/bash postgres
    fi
    mkdir -p "$BASE"
    chown postgres: "$BASE"
    chmod 700 "$BASE"
else
    mkdir -p "$BASE"
fi

if [ ! -s "$DATA/PG_VERSION" ]; then
    log "initdb $DATA"
    as_pg "$INITDB" -D "$DATA" --auth=trust --username=postgres --encoding=UTF8 \
        --locale=C.UTF-8 >&2 ||
        as_pg "$INITDB" -D "$DATA" --auth=trust --username=postgres --encoding=UTF8 \
            --no-locale >&2
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if as_pg "$PG_CTL" -D "$DATA" status >/dev/null 2>&1; then
    PORT=$(sed -n 4p "$DATA/postmaster.pid")
    log "already running on port $PORT"
else
    PORT=${DYAD_PG_PORT:-5432}
    for _ in $(seq 1 50); do
        if port_free "$PORT"; then break; fi
        PORT=$((PORT + 1))
    done
    log "starting on 127.0.0.1:$PORT"
    as_pg "$PG_CTL" -D "$DATA" -l "$BASE/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $BASE -c fsync=off -c full_page_writes=off" \
        start >&2
fi

PSQL_ARGS=(-h 127.0.0.1 -p "$PORT" -U postgres -X -q -t -A)
if [ "$(as_pg "$PSQL" "${PSQL_ARGS[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    log "creating database $DB"
    as_pg "$CREATEDB" -h 127.0.0.1 -p "$PORT" -U postgres "$DB" >&2
fi

URL="postgres://postgres@127.0.0.1:$PORT/$DB"
echo "export DYAD_TEST_POSTGRES_URL=$URL" > "$ENV_FILE"
chmod 644 "$ENV_FILE"
echo "export DYAD_TEST_POSTGRES_URL=$URL"
