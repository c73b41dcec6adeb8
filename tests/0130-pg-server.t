#!/bin/sh
# tests/pg.sh through lib.sh's pg_start: a throwaway PostgreSQL server of
# the test's own answers on its Unix socket (and nowhere else), as the
# superuser tw and never as root; createdb, dropdb and pg_createdb's URI
# work; a restart keeps the data; with TW_PG_PASSWORD a wrong password
# is refused and the right one, from a PGPASSFILE, accepted.  And under
# make check-pg (TW_TEST_PG), this file's own database is TW_STORE.
. "${0%/*}/lib.sh"

suite_db=${PG_DB:-}	# under TW_TEST_PG (make check-pg), this file's
pg_start || { fail "a server starts (pg_start)"; exit 1; }
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }

is "PGHOST is the socket directory, in \$T" "$(cd "$T/pg" && pwd -P)" "$PGHOST"
is "PGUSER is tw" tw "$PGUSER"
is "psql: SELECT 1" 1 "$(q -d postgres -c 'SELECT 1' 2>&1)"
is "as the superuser tw" "tw on" \
    "$(q -d postgres -c "SELECT current_user, current_setting('is_superuser')" -F ' ' 2>&1)"
is "on a Unix socket only" "|$PGHOST" \
    "$(q -d postgres -c 'SHOW listen_addresses' -c 'SHOW unix_socket_directories' | tr '\n' '|' | sed 's/|$//')"
is "fsync stays on" on "$(q -d postgres -c 'SHOW fsync')"
if [ "$(id -u)" = 0 ]; then
	is "as root, the server runs as twtest" twtest "$(stat -c %U "$PGHOST/data")"
else
	is "not root, the server runs as us" "$(id -un)" "$(stat -c %U "$PGHOST/data")"
fi
ok "its log is $T/pg/log" grep -q 'ready to accept connections' "$T/pg/log"

ok "createdb" createdb tw_a
is "the database is there" 1 "$(q -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = 'tw_a'")"
ok "dropdb" dropdb tw_a
is "and gone" 0 "$(q -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = 'tw_a'")"

ok "pg_createdb" pg_createdb one
like "a database named after the test" "^tw_0130_pg_server_one_[0-9]+_[a-z0-9]+$" "$PG_DB"
is "PG_URI is a libpq URI on the socket" "postgresql:///$PG_DB?host=$PGHOST&user=tw" "$PG_URI"
is "which psql can use, with no PG* variable" "$PG_DB" \
    "$(env -u PGHOST -u PGUSER psql -X -A -t -d "$PG_URI" -c 'SELECT current_database()' 2>&1)"

# ---- restart ----
ok "a table and a row" q -d "$PG_URI" -c 'CREATE TABLE t (id int PRIMARY KEY, v text)' \
    -c "INSERT INTO t VALUES (1, 'kept')"
started=$(q -d postgres -c 'SELECT pg_postmaster_start_time()')
is "restart prints the socket directory" "$PGHOST" "$(sh "$TESTS/pg.sh" restart "$T/pg" 2>&1)"
again=$(q -d postgres -c 'SELECT pg_postmaster_start_time()')
ok "it is a new postmaster" test "$started" != "$again"
is "the row is still there" "1|kept" "$(q -d "$PG_URI" -c 'SELECT id, v FROM t' 2>&1)"

# ---- a password ----
TW_PG_PASSWORD='not on argv 42'
export TW_PG_PASSWORD
pg_start pgpw || { fail "a server with a password starts"; done_testing; exit 1; }
unset TW_PG_PASSWORD
ok "a second server, in \$T/pgpw" test "$PGHOST" = "$(cd "$T/pgpw" && pwd -P)"
exits "no password: refused" 2 psql -X -w -d postgres -c 'SELECT 1'
like "for want of one" "no password supplied" "$(cat "$T/err")"
printf '*:*:*:tw:wrong\n' >"$T/pgpass.bad"
printf '*:*:*:tw:not on argv 42\n' >"$T/pgpass"
chmod 600 "$T/pgpass.bad" "$T/pgpass"
PGPASSFILE=$T/pgpass.bad exits "a wrong password: refused" 2 \
    psql -X -w -d postgres -c 'SELECT 1'
like "password authentication failed" 'password authentication failed for user "tw"' "$(cat "$T/err")"
is "the right one, from a PGPASSFILE: in" "tw" \
    "$(PGPASSFILE=$T/pgpass q -w -d postgres -c 'SELECT current_user' 2>&1)"
is "kept as a SCRAM-SHA-256 verifier" "SCRAM-SHA-256" \
    "$(PGPASSFILE=$T/pgpass q -w -d postgres -c "SELECT left(rolpassword, 13) FROM pg_authid WHERE rolname = 'tw'" 2>&1)"
ok "the first server is still trust" q -h "$T/pg" -d postgres -c 'SELECT 1'

# ---- stop ----
ok "stop" sh "$TESTS/pg.sh" stop "$T/pgpw"
ok "stopped and removed" test ! -e "$T/pgpw"
mkdir "$T/other" && : >"$T/other/file"
exits "stop will not remove what start did not make" 1 sh "$TESTS/pg.sh" stop "$T/other"
ok "and it is kept" test -f "$T/other/file"

# ---- make check-pg ----
if [ -n "${TW_TEST_PG:-}" ]; then
	if store_is_pg; then pass "TW_TEST_PG: store_is_pg"
	else fail "TW_TEST_PG: store_is_pg"; fi
	like "the database is named after the test" \
	    "^tw_0130_pg_server_[0-9]+_[a-z0-9]+\$" "$suite_db"
	is "TW_STORE is that database there" \
	    "postgresql:///$suite_db?host=$TW_TEST_PG&user=tw" "$TW_STORE"
	is "and it is there" 1 "$(env -u PGHOST -u PGUSER psql -X -A -t -d "$TW_STORE" -c 'SELECT 1' 2>&1)"
else
	if store_is_pg; then fail "no TW_TEST_PG: not store_is_pg"
	else pass "no TW_TEST_PG: not store_is_pg"; fi
	is "no TW_TEST_PG: no TW_STORE" "" "${TW_STORE:-}"
fi

done_testing
