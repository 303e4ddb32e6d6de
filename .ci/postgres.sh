# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh`): start a throwaway PostgreSQL
# cluster for the tests and export PLANNER_TEST_PG_URL; `pg_test_stop` stops it and removes it.
#
# The cluster lives in a temporary folder owned by the postgres user (PostgreSQL refuses to run
# as root, and CI runs as root), listens on 127.0.0.1 only, on a free port, and is configured for
# speed, not durability (fsync off): it holds nothing but test databases. The test role may
# create databases (each test gets a fresh one, copied from a template migrated once per run)
# and owns them, so it can CREATE EXTENSION pg_trgm (a trusted extension since PostgreSQL 13).
# It may also create roles (CREATEROLE, still not a superuser), as the administrator who runs
# `planner team add-user` does: the team tests create an editor and a viewer and drop them after.

pg_test_bindir() {
  # Debian puts the server binaries in /usr/lib/postgresql/<major>/bin, outside PATH.
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/pg_ctl" ]; then
    pg_config --bindir; return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  dir="$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")"
  if [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  return 1
}

pg_test_start() {
  local bindir port runas password
  bindir="$(pg_test_bindir)" || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  runas=()
  if [ "$(id -u)" = "0" ]; then runas=(runuser -u postgres --); fi
  PG_TEST_DIR="$(mktemp -d -t planner-pg.XXXXXX)"
  if [ "$(id -u)" = "0" ]; then chown postgres: "$PG_TEST_DIR"; fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  cd "$PG_TEST_DIR" || return 1  # the postgres user may not read the caller's folder
  "${runas[@]}" "$bindir/initdb" -D "$PG_TEST_DIR/data" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$PG_TEST_DIR/initdb.log" 2>&1 \
    || { cat "$PG_TEST_DIR/initdb.log" >&2; return 1; }
  "${runas[@]}" "$bindir/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_TEST_DIR \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off \
        -c max_connections=200" \
    start >/dev/null || { cat "$PG_TEST_DIR/server.log" >&2; return 1; }
  PG_TEST_BINDIR="$bindir"
  # The test role: not a superuser; it may create databases (one per test) and roles (team tests).
  "${runas[@]}" "$bindir/psql" -q -h "$PG_TEST_DIR" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
CREATE ROLE planner_test LOGIN CREATEDB CREATEROLE PASSWORD '$password';
CREATE DATABASE planner_test OWNER planner_test;
SQL
  cd - >/dev/null || return 1
  export PLANNER_TEST_PG_URL="postgresql+psycopg://planner_test:$password@127.0.0.1:$port/planner_test"
  export PG_TEST_DIR PG_TEST_BINDIR
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port"
}

pg_test_stop() {
  [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR" ] || return 0
  local runas=()
  if [ "$(id -u)" = "0" ]; then runas=(runuser -u postgres --); fi
  (cd / && "${runas[@]}" "$PG_TEST_BINDIR/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w stop >/dev/null 2>&1) || true
  rm -rf "$PG_TEST_DIR"
  unset PG_TEST_DIR PLANNER_TEST_PG_URL
}
