# tests/oaproxy.sh - put tests/oaproxy.py (an OpenAPI-validating proxy)
# between the client and the API.  Source it after tests/lib.sh:
#
#	. "${0%/*}/lib.sh"
#	. "${0%/*}/oaproxy.sh"
#	oaproxy_need || skip_all "$OAPROXY_WHY"
#	sandbox_start && oaproxy_start     # $API now points at the proxy
#	oa GET '/2/users/me?user.fields=id'
#	is "status" 200 "$STATUS"; json .data.id "$T/body"
#	is "no violations" 0 "$(oaproxy_count)"
#
# oaproxy_start [UPSTREAM]: start the proxy in front of UPSTREAM (default
# $API) with $TW_CONFIG for the signature check; sets $API to the proxy,
# $UPSTREAM to what it fronts, and nothing else.

OAPY=${OAPY:-python3}
OAPROXY_SPEC=$FIXTURES/openapi.json
_oaproxy_pid=

# oaproxy_need: is there a python3 with jsonschema and oauthlib?
oaproxy_need() {
	for _p in python3 /usr/bin/python3; do
		if "$_p" -c 'import sys, warnings
warnings.simplefilter("ignore")
import jsonschema
try:
	import oauthlib
except ImportError:
	sys.path.append("/usr/lib/python3/dist-packages")
	import oauthlib' 2>/dev/null; then
			OAPY=$_p
			return 0
		fi
	done
	OAPROXY_WHY="no python3 with jsonschema and oauthlib"
	return 1
}

oaproxy_start() {
	UPSTREAM=${1:-$API}
	_oa_out=$T/oaproxy.out
	rm -f "$_oa_out"
	_oa_cfg=
	[ -f "${TW_CONFIG:-}" ] && _oa_cfg="--config $TW_CONFIG"
	# shellcheck disable=SC2086
	"$OAPY" "$TESTS/oaproxy.py" --spec "$OAPROXY_SPEC" \
	    --upstream "$UPSTREAM" --port 0 --log "$T/oaproxy.log" \
	    $_oa_cfg ${OAPROXY_ARGS:-} >"$_oa_out" 2>"$T/oaproxy.err" &
	_oaproxy_pid=$!
	_i=0
	while [ $_i -lt 300 ]; do
		_u=$(head -n 1 "$_oa_out" 2>/dev/null)
		case $_u in http://*) break ;; esac
		if ! kill -0 "$_oaproxy_pid" 2>/dev/null; then
			echo "# oaproxy died: $(cat "$T/oaproxy.err")"
			_oaproxy_pid=
			return 1
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
	case $_u in http://*) ;; *) echo "# oaproxy did not start"; return 1 ;; esac
	API=$_u
	export API
}

oaproxy_stop() {
	if [ -n "$_oaproxy_pid" ]; then
		kill "$_oaproxy_pid" 2>/dev/null
		wait "$_oaproxy_pid" 2>/dev/null
		_oaproxy_pid=
	fi
}


# oastub_start ROUTES: start a tiny upstream that answers from the JSON
# file ROUTES, {"METHOD /path": {"status", "ctype", "body" | "raw" |
# "lines" (a chunked stream; "hold": FILE waits after the first line until
# FILE exists)}}, and echoes the request at /_sandbox/echo.  Sets $STUB.
oastub_start() {
	cat >"$T/stub.py" <<'STUB'
import http.server, json, os, sys, time
ROUTES = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
	protocol_version = "HTTP/1.1"
	def log_message(self, *a): pass
	def go(self):
		n = int(self.headers.get("Content-Length") or 0)
		body = self.rfile.read(n) if n else b""
		path = self.path.split("?")[0]
		if path == "/_sandbox/echo":
			r = {"status": 200, "ctype": "application/json", "body": {
			    "host": self.headers.get("Host"), "target": self.path,
			    "method": self.command, "body": body.decode("latin-1"),
			    "auth": self.headers.get("Authorization")}}
		else:
			with open(ROUTES) as f:
				r = json.load(f).get(self.command + " " + path, {
				    "status": 404, "ctype": "application/problem+json",
				    "body": {"title": "Not Found Error", "type": "about:blank"}})
		self.send_response_only(r["status"])
		if r.get("ctype"):
			self.send_header("Content-Type", r["ctype"])
		if "lines" in r:
			self.send_header("Transfer-Encoding", "chunked")
			self.end_headers()
			for i, line in enumerate(r["lines"]):
				data = line.encode() + b"\r\n"
				self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
				self.wfile.flush()
				if i == 0 and r.get("hold"):
					for _ in range(400):
						if os.path.exists(r["hold"]): break
						time.sleep(0.05)
			self.wfile.write(b"0\r\n\r\n")
			return
		data = r["raw"].encode() if "raw" in r else json.dumps(r.get("body")).encode()
		self.send_header("Content-Length", str(len(data)))
		self.end_headers()
		self.wfile.write(data)
	do_GET = do_POST = do_PUT = do_DELETE = go
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
print("http://127.0.0.1:%d" % s.server_address[1], flush=True)
s.serve_forever()
STUB
	"$OAPY" "$T/stub.py" "$1" >"$T/stub.out" 2>"$T/stub.err" &
	_oastub_pid=$!
	_i=0
	while [ $_i -lt 200 ]; do
		STUB=$(head -n 1 "$T/stub.out" 2>/dev/null)
		case $STUB in http://*) return 0 ;; esac
		sleep 0.05
		_i=$((_i + 1))
	done
	echo "# stub did not start: $(cat "$T/stub.err")"
	return 1
}
_oastub_pid=

_oaproxy_cleanup() {
	oaproxy_stop
	if [ -n "$_oastub_pid" ]; then
		kill "$_oastub_pid" 2>/dev/null
		wait "$_oastub_pid" 2>/dev/null
	fi
	_cleanup
}
trap _oaproxy_cleanup EXIT

# oaproxy_violations [KIND]: the violations so far, one JSON object a line.
oaproxy_violations() {
	curl -sS "$API/_oaproxy/violations" |
	    jq -c --arg k "${1:-}" '.[] | select($k == "" or .kind == $k)'
}

# oaproxy_count [KIND]: how many violations so far.
oaproxy_count() { oaproxy_violations "${1:-}" | wc -l | tr -d ' '; }

# oaproxy_messages [KIND]: "kind: METHOD path: message" lines.
oaproxy_messages() {
	oaproxy_violations "${1:-}" |
	    jq -r '"\(.kind): \(.method) \(.path): \(.message)"'
}

# oaproxy_reset: forget the violations and exchanges so far.
oaproxy_reset() { curl -sS -X DELETE "$API/_oaproxy/violations" >/dev/null; }

# oaproxy_clean NAME: a test point that passes when there are no
# violations; shows them otherwise, then forgets them.
oaproxy_clean() {
	_v=$(oaproxy_messages)
	if [ -z "$_v" ]; then pass "$1: no violations"
	else fail "$1: no violations" "$_v"; fi
	oaproxy_reset
}

# oa METHOD PATH [oadrive options]: one request to $API (signed with
# OAuth 1.0a by default; --auth bearer, --auth none).  Body in $T/body,
# "STATUS REASON" and lowercase headers in $T/headers, status in $STATUS.
oa() {
	_m=$1 _p=$2; shift 2
	STATUS=$("$OAPY" "$TESTS/oadrive.py" --config "$TW_CONFIG" \
	    -o "$T/body" -D "$T/headers" "$@" "$_m" "$API$_p" 2>"$T/oa.err")
}

# hdr NAME: a response header of the last oa call.
hdr() { sed -n "s/^$1: //p" "$T/headers" | tr -d '\r' | head -n 1; }

# sandbox_via_proxy [SANDBOX ARGS...]: tw-sandbox with the proxy in front;
# $SANDBOX is the sandbox itself, $API the proxy.  Skips the whole test
# when tw-sandbox is not built.
sandbox_via_proxy() {
	[ -x "$TW_BUILD/cmd/tw-sandbox" ] || skip_all "tw-sandbox not built"
	sandbox_start "$@" || exit 1
	SANDBOX=$API
	oaproxy_start "$SANDBOX" || exit 1
}

# enum NAME: the items of components.parameters.NAME as a comma list (all
# fields of a fields parameter, all expansions).
enum() {
	jq -r ".components.parameters.$1.schema.items.enum | join(\",\")" \
	    "$OAPROXY_SPEC"
}

# cfg KEY [ACCOUNT]: a value from $TW_CONFIG (account "sandbox").
cfg() {
	awk -v want="[account ${2:-sandbox}]" -v key="$1" '
	/^\[/ { cur = $0; next }
	cur == want && $1 == key { sub(/^[^=]*=[ \t]*/, ""); print; exit }
	' "$TW_CONFIG"
}
