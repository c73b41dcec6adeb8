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
# Debian's python3, which has oauthlib and jsonschema (tests/deps.sh)
TW_PYTHON=/usr/bin/python3
[ -x "$TW_PYTHON" ] || TW_PYTHON=python3
OAPY=${OAPY:-$TW_PYTHON}
export PATH LC_ALL TZ HOME TW_PYTHON OAPY TW_HOME TW_CONFIG XDG_CONFIG_HOME \
    XDG_STATE_HOME NO_COLOR

_tap_n=0
_tap_fail=0
_sandbox_pid=

_cleanup() {
	# background programs a test started and did not stop
	for _j in $(jobs -p); do kill "$_j" 2>/dev/null; done
	sandbox_stop
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

# done_testing: the plan, "1..N", after the last test (no hand-counted
# plans: a file that stops early has none, and fails); exit non-zero when
# any test failed.
done_testing() { echo "1..$_tap_n"; [ "$_tap_fail" -eq 0 ]; }
