# tests/lib.sh - the test library: TAP output, a pinned environment, and
# a tw-sandbox on a free loopback port.  Source it from a .t file:
#
#	. "${0%/*}/lib.sh"
#	sandbox_start            # sets $API, $TW_CONFIG (account "sandbox")
#	ok "it runs" tw-api /2/users/me
#	is "exit code" 2 "$(tw-fetch -x >/dev/null 2>&1; echo $?)"
#	done_testing             # the plan, counted
#
# Every program under test is found in $TW_BUILD/cmd.
#
# PostgreSQL (tests/pg.sh): pg_start gives a test a server of its own;
# with TW_TEST_PG=SOCKETDIR (make check-pg) every test file gets a fresh
# database there, as TW_STORE, dropped at the end; store_is_pg says so.

set -u
TW_SRC=${TW_SRC:-$(cd "${0%/*}/.." && pwd)}
TW_BUILD=${TW_BUILD:-$TW_SRC}
TESTS=$TW_SRC/tests
FIXTURES=$TESTS/fixtures
PATH=$TW_BUILD/cmd:$PATH

# A pinned environment: C locale, scratch HOME, config and state inside
# this test's own directory, no colours, no proxies.
LC_ALL=C
TZ=UTC
T=$(mktemp -d "${TMPDIR:-/tmp}/tw-test.XXXXXX")
HOME=$T/home
TW_HOME=$T/state
TW_CONFIG=$T/config
XDG_CONFIG_HOME=$T/home/.config
XDG_STATE_HOME=$T/home/.local/state
NO_COLOR=1
mkdir -p "$HOME"
unset TW_API_BASE TW_ACCOUNT http_proxy https_proxy HTTP_PROXY HTTPS_PROXY \
    ALL_PROXY all_proxy 2>/dev/null
# The store is TW_HOME's SQLite file unless TW_TEST_PG says otherwise
# (below), and no libpq default comes from the environment.
unset TW_STORE PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGPASSFILE \
    PGDATABASE PGSERVICE PGSERVICEFILE PGOPTIONS PGSSLMODE PGSYSCONFDIR \
    PGCONNECT_TIMEOUT PGTARGETSESSIONATTRS PGAPPNAME PGTZ PGDATESTYLE \
    PGCLIENTENCODING 2>/dev/null
# Debian's python3, which has oauthlib and jsonschema (tests/deps.sh)
TW_PYTHON=/usr/bin/python3
[ -x "$TW_PYTHON" ] || TW_PYTHON=python3
OAPY=${OAPY:-$TW_PYTHON}
export PATH LC_ALL TZ HOME TW_PYTHON OAPY TW_HOME TW_CONFIG XDG_CONFIG_HOME \
    XDG_STATE_HOME NO_COLOR

_tap_n=0
_tap_fail=0
_sandbox_pid=
_pg_dirs=		# servers pg_start started
_pg_dbs=		# "SOCKETDIR DATABASE" lines: pg_createdb's

_cleanup() {
	# background programs a test started and did not stop
	for _j in $(jobs -p); do kill "$_j" 2>/dev/null; done
	sandbox_stop
	pg_cleanup
	[ -n "${TW_KEEP:-}" ] || rm -rf "$T"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

skip_all() { echo "1..0 # SKIP $*"; exit 0; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

pass() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1"; }
fail() {
	_tap_n=$((_tap_n + 1)); _tap_fail=$((_tap_fail + 1))
	echo "not ok $_tap_n - $1"
	shift
	[ $# -gt 0 ] && diag "$@"
	return 0
}
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $1"; }

# ok NAME CMD...: passes when CMD exits 0.
ok() {
	_name=$1; shift
	if "$@" >"$T/ok.out" 2>"$T/ok.err"; then pass "$_name"
	else fail "$_name" "command: $*" "exit: $?" "$(head -c 2000 "$T/ok.err")"; fi
}

# is NAME EXPECTED GOT
is() {
	if [ "$2" = "$3" ]; then pass "$1"
	else fail "$1" "expected: $2" "     got: $3"; fi
}

# like NAME REGEX GOT (grep -E)
like() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then pass "$1"
	else fail "$1" "expected to match: $2" "got: $3"; fi
}

# unlike NAME REGEX GOT
unlike() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then fail "$1" "should not match: $2" "got: $3"
	else pass "$1"; fi
}

# exits NAME CODE CMD...: CMD's exit status is CODE; stdout in $T/out,
# stderr in $T/err.
exits() {
	_name=$1 _want=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	_got=$?
	if [ "$_got" = "$_want" ]; then pass "$_name"
	else fail "$_name" "command: $*" "expected exit $_want, got $_got" \
	    "$(head -c 2000 "$T/err")"; fi
}

# atleast NAME GOT MIN: a figure GOT (a decimal) is at least MIN.
atleast() { ok "$1: $2 >= $3" awk -v x="$2" -v m="$3" 'BEGIN { exit !(x != "" && x + 0 >= m + 0) }'; }

# json FILTER [FILE]: jq -r on a file (or stdin); used to read records.
json() { jq -r "$@"; }

# sandbox_start [ARGS...]: start tw-sandbox on a free loopback port with a
# ready config in $TW_CONFIG (account "sandbox").  Sets $API to its base
# URL and $SANDBOX_PID.
sandbox_start() {
	_sb_out=$T/sandbox.out
	rm -f "$_sb_out"
	tw-sandbox -p 0 -C "$TW_CONFIG" "$@" >"$_sb_out" 2>"$T/sandbox.err" &
	_sandbox_pid=$!
	SANDBOX_PID=$_sandbox_pid
	_i=0
	while [ $_i -lt 200 ]; do
		API=$(head -n 1 "$_sb_out" 2>/dev/null)
		case $API in http://*) break ;; esac
		if ! kill -0 "$_sandbox_pid" 2>/dev/null; then
			echo "# tw-sandbox died: $(cat "$T/sandbox.err")"
			_sandbox_pid=
			return 1
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
	case $API in http://*) ;; *) echo "# tw-sandbox did not start"; return 1 ;; esac
	export API SANDBOX_PID
	return 0
}

sandbox_stop() {
	if [ -n "$_sandbox_pid" ]; then
		kill "$_sandbox_pid" 2>/dev/null
		wait "$_sandbox_pid" 2>/dev/null
		_sandbox_pid=
	fi
}

# sb METHOD PATH [JSON]: talk to the sandbox's admin endpoints.
sb() {
	if [ $# -ge 3 ]; then
		curl -sS -X "$1" -H 'Content-Type: application/json' \
		    --data-binary "$3" "$API$2"
	else
		curl -sS -X "$1" "$API$2"
	fi
}

# sandbox_posts N NAME TEXT: N customers of the sandbox each post once,
# @NAME000... writing "@skyway TEXT 0"...
sandbox_posts() {
	"$TW_PYTHON" - "$API" "$@" <<'PY'
import json, sys, urllib.request
api, n, name, text = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
for i in range(n):
    req = urllib.request.Request(api + "/_sandbox/tweets", method="POST",
        data=json.dumps({"username": "%s%03d" % (name, i),
                         "text": "@skyway %s %d" % (text, i)}).encode(),
        headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY
}

# store_is_pg: the store under test is PostgreSQL (TW_STORE is a libpq
# URI, as under make check-pg), not TW_HOME's SQLite file; for checks of
# that file to say why they are skipped.
store_is_pg() {
	case ${TW_STORE:-} in postgres://* | postgresql://*) return 0 ;; esac
	return 1
}

# pg_start [NAME]: a PostgreSQL server of this test's own in $T/NAME (pg
# by default; tests/pg.sh), superuser tw, on a Unix socket only.  Sets
# and exports PGHOST (its socket directory) and PGUSER=tw, so psql,
# createdb and pg_createdb find it; _cleanup stops and removes it.  With
# TW_PG_PASSWORD set, connections need that password.  Without the
# server's programs: skip_all when not root; as root (make check installs
# them: tests/deps.sh pg) a failure.  Returns 1 when no server started.
pg_start() {
	_pg_dir=$T/${1:-pg}
	if ! sh "$TESTS/pg.sh" bindir >/dev/null; then
		[ "$(id -u)" = 0 ] ||
		    skip_all "no PostgreSQL server: tests/deps.sh pg, as root, installs it"
		diag "pg_start: no PostgreSQL server installed (tests/deps.sh pg)"
		return 1
	fi
	# As root the server runs as twtest, which must pass through $T (0700,
	# from mktemp) to $T/NAME: searchable, not readable, by others.
	chmod 0711 "$T" || return 1
	_pg_dirs="$_pg_dirs $_pg_dir"
	if ! _pg_sock=$(sh "$TESTS/pg.sh" start "$_pg_dir" 2>"$T/pg.err"); then
		diag "pg_start: tests/pg.sh start failed:" "$(cat "$T/pg.err")"
		return 1
	fi
	PGHOST=$_pg_sock PGUSER=tw
	export PGHOST PGUSER
}

# pg_createdb [TAG]: a fresh database on the server of $PGHOST (pg_start),
# else of $TW_TEST_PG, named after this test file, TAG, our pid and $T,
# so that no other test file or run has it; sets PG_DB and PG_URI (the
# TW_STORE for it).  _cleanup drops it, unless TW_KEEP is set.
pg_createdb() {
	_pg_h=${PGHOST:-${TW_TEST_PG:-}}
	[ -n "$_pg_h" ] || { diag "pg_createdb: no server (pg_start, TW_TEST_PG)"; return 1; }
	PG_DB=$(printf 'tw_%.24s%s_%s_%s' "$(basename "$0" .t)" "${1:+_$1}" $$ \
	    "${T##*.}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' _)
	if ! createdb -h "$_pg_h" -U tw "$PG_DB" >"$T/createdb.err" 2>&1; then
		diag "pg_createdb: createdb $PG_DB on $_pg_h failed:" \
		    "$(cat "$T/createdb.err")"
		return 1
	fi
	_pg_dbs="$_pg_dbs
$_pg_h $PG_DB"
	PG_URI="postgresql:///$PG_DB?host=$_pg_h&user=tw"
}

# pg_cleanup (from _cleanup): drop pg_createdb's databases (those whose
# server still runs), stop pg_start's servers (with TW_KEEP, both are
# kept: tests/pg.sh start on $T/pg starts it again).
pg_cleanup() {
	if [ -z "${TW_KEEP:-}" ]; then
		printf '%s\n' "$_pg_dbs" | while read -r _h _d; do
			[ -n "$_d" ] && [ -S "$_h/.s.PGSQL.5432" ] || continue
			dropdb --force --if-exists -h "$_h" -U tw "$_d" \
			    >"$T/dropdb.err" 2>&1 ||
			    echo "# dropdb $_d on $_h failed: $(cat "$T/dropdb.err")" >&2
		done
	fi
	_pg_dbs=
	for _d in $_pg_dirs; do sh "$TESTS/pg.sh" stop "$_d"; done
	_pg_dirs=
}

# done_testing: the plan, "1..N", after the last test (no hand-counted
# plans: a file that stops early has none, and fails); exit non-zero when
# any test failed.
done_testing() { echo "1..$_tap_n"; [ "$_tap_fail" -eq 0 ]; }

# TW_TEST_PG=SOCKETDIR (make check-pg): this test file's store is a fresh
# database on the server there (tests/pg.sh, superuser tw), not TW_HOME's
# SQLite file.
if [ -n "${TW_TEST_PG:-}" ]; then
	if ! pg_createdb; then
		echo "not ok 1 - a database of this test's own on $TW_TEST_PG (TW_TEST_PG)"
		echo "1..1"
		exit 1
	fi
	TW_STORE=$PG_URI
	export TW_STORE
fi
