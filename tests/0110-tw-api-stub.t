#!/bin/sh
# 0110-tw-api-stub: tw-api and lib/http.c against a small Python server
# that checks every OAuth 1.0a signature with python-oauthlib (an
# independent implementation) and plays 429s, usage caps, 5xx faults,
# dropped connections and bad JSON.
. "$(dirname "$0")/lib.sh"

PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import oauthlib.oauth1.rfc5849.signature' 2>/dev/null; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || skip_all "python3 with oauthlib is not installed"


CS='kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw'
TS='LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE'

cat >"$T/stub.py" <<'EOF'
import http.server, json, sys, threading, time, urllib.parse
from oauthlib.oauth1.rfc5849 import signature as sig, utils

CS, TS = sys.argv[1], sys.argv[2]
hits = {}
lock = threading.Lock()
state = {"early": 0}

def verify(h, body):
	auth = h.headers.get("Authorization", "")
	if not auth.startswith("OAuth "):
		return False, "no OAuth header"
	url = "http://%s%s" % (h.headers["Host"], h.path)
	u = urllib.parse.urlsplit(url)
	ctype = h.headers.get("Content-Type", "")
	form = body.decode() if ctype.startswith(
	    "application/x-www-form-urlencoded") else None
	params = sig.collect_parameters(uri_query=u.query, body=form,
	    headers={"Authorization": auth}, exclude_oauth_signature=True)
	norm = sig.normalize_parameters(params)
	base = sig.signature_base_string(h.command, sig.base_string_uri(
	    urllib.parse.urlunsplit((u.scheme, u.netloc, u.path, "", ""))), norm)
	got = utils.unescape(dict(utils.parse_authorization_header(
	    auth)).get("oauth_signature", ""))
	want = sig.sign_hmac_sha1(base, CS, TS)
	return got == want, base

class H(http.server.BaseHTTPRequestHandler):
	protocol_version = "HTTP/1.1"
	def log_message(self, *a):
		pass
	def send(self, code, obj, ctype="application/json", headers=()):
		b = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
		self.send_response(code)
		self.send_header("Content-Type", ctype)
		self.send_header("Content-Length", str(len(b)))
		for k, v in headers:
			self.send_header(k, v)
		self.end_headers()
		self.wfile.write(b)
	def do_GET(self):
		self.handle_any()
	def do_POST(self):
		self.handle_any()
	def do_DELETE(self):
		self.handle_any()
	def handle_any(self):
		n = int(self.headers.get("Content-Length") or 0)
		body = self.rfile.read(n) if n else b""
		path = urllib.parse.urlsplit(self.path).path
		with lock:
			hits[path] = hits.get(path, 0) + 1
			k = hits[path]
		if path == "/_hits":
			return self.send(200, hits)
		if path == "/_state":
			return self.send(200, state)
		if path.startswith("/app/"):
			ok = self.headers.get("Authorization") == "Bearer B34R3R"
			return self.send(200 if ok else 401, {"data": {"ok": ok}})
		good, base = verify(self, body)
		if not good:
			return self.send(401, {"title": "Unauthorized",
			    "type": "about:blank", "status": 401,
			    "detail": "Unauthorized"})
		if path == "/echo":
			q = urllib.parse.parse_qsl(urllib.parse.urlsplit(
			    self.path).query, keep_blank_values=True)
			f = urllib.parse.parse_qsl(body.decode(),
			    keep_blank_values=True) if body else []
			return self.send(200, {"method": self.command,
			    "query": dict(q), "form": dict(f),
			    "agent": self.headers.get("User-Agent")})
		if path == "/2/users/me":
			return self.send(200, {"data": {"id": "42",
			    "username": "brand"}}, headers=[
			    ("x-rate-limit-limit", "75"),
			    ("x-rate-limit-remaining", "74"),
			    ("x-rate-limit-reset", "1795000000")])
		if path == "/2/tweets/search/recent":
			return self.send(200, {"data": [{"id": "1", "text": "a"},
			    {"id": "2", "text": "b"}], "includes": {"tweets": [
			    {"id": "3", "text": "c"}]}, "meta": {}})
		if path == "/badutf8":
			return self.send(200, b'{"data":{"id":"1","text":"caf\xe9"}}')
		if path == "/flaky":
			if k <= 2:
				return self.send(503, b"<html>busy</html>", "text/html")
			return self.send(200, {"data": {"try": k}})
		if path == "/down":
			return self.send(502, {"title": "Bad Gateway"})
		if path == "/drop":
			if k <= 1:
				self.close_connection = True
				self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"da")
				self.wfile.flush()
				return
			return self.send(200, {"data": {"try": k}})
		if path.startswith("/rl"):
			now = time.time()
			with lock:
				r = state.setdefault(path, 0)
				if r and now < r:
					state["early"] += 1
				if not r or now < r:
					if not r:
						r = state[path] = int(now) + 2
					return self.send(429, {"title": "Too Many Requests",
					    "detail": "Too Many Requests",
					    "type": "about:blank", "status": 429},
					    headers=[("x-rate-limit-limit", "1"),
					    ("x-rate-limit-remaining", "0"),
					    ("x-rate-limit-reset", str(r))])
			return self.send(200, {"data": {"id": "7", "text": "late"}})
		if path == "/old429":
			return self.send(429, {"errors": [{"code": 88,
			    "message": "Rate limit exceeded"}]})
		if path == "/capped":
			return self.send(429, {"title": "UsageCapExceeded",
			    "detail": "Usage cap exceeded: Monthly product cap",
			    "type": "https://api.twitter.com/2/problems/usage-capped",
			    "period": "Monthly", "scope": "Product"},
			    "application/problem+json",
			    headers=[("x-rate-limit-remaining", "0"),
			    ("x-rate-limit-reset", str(int(time.time()) + 900))])
		if path == "/forbidden":
			return self.send(403, {"title": "Unsupported Authentication",
			    "detail": "Authenticating with OAuth 1.0a is forbidden.",
			    "type": "https://api.twitter.com/2/problems/"
			    "unsupported-authentication", "status": 403})
		if path == "/garbage":
			return self.send(200, b"{\"data\": [1, 2", "application/json")
		return self.send(404, {"title": "Not Found Error",
		    "detail": "no such thing: " + path,
		    "type": "https://api.x.com/2/problems/resource-not-found"})

s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print("http://127.0.0.1:%d" % s.server_address[1], flush=True)
s.serve_forever()
EOF

"$PY" "$T/stub.py" "$CS" "$TS" >"$T/stub.out" 2>"$T/stub.err" &
STUB=$!
i=0
while [ $i -lt 100 ]; do
	API=$(head -n 1 "$T/stub.out" 2>/dev/null)
	case $API in http://*) break ;; esac
	sleep 0.1
	i=$((i + 1))
done
trap 'kill $STUB 2>/dev/null; _cleanup' EXIT

cat >"$TW_CONFIG" <<EOF
[account brand]
user_id = 42
consumer_key = xvz1evFS4wEEPTGEFPHBog
consumer_secret = $CS
access_token = 370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb
access_token_secret = $TS
bearer_token = B34R3R
api_base = $API
EOF
chmod 600 "$TW_CONFIG"
TW_RETRY_BASE_MS=20
export TW_RETRY_BASE_MS

# The values the acceptance criteria name, and a few more.
TRICKY="café \"quoted\" 'single' 😀 naïve Ünïcödé + & * ! ' ( ) \$ # @ % = ? / : ; , ~ tab	end"
ENC=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$TRICKY")

# A dry run shows the request but no credential: the signature and nonce
# are redacted (replayed with other JSON text they would post it).
exits "dry run: exit 0" 0 tw-api -n "/2/tweets/search/recent?query=$ENC&max_results=10"
is "dry run: no secret printed" 0 "$(grep -c -e "$CS" -e "$TS" "$T/out")"
like "dry run: signature and nonce redacted" \
    'oauth_nonce="REDACTED", oauth_signature="REDACTED", oauth_signature_method="HMAC-SHA1", oauth_timestamp="[0-9]+", oauth_token="[^"]+", oauth_version="1.0"$' \
    "$(json .headers.Authorization "$T/out")"
is "dry run: query sent RFC 3986-encoded" \
    "$API/2/tweets/search/recent?query=$(printf %s "$ENC" | sed 's/%7E/~/g')&max_results=10" \
    "$(json .url "$T/out")"
exits "dry run of a JSON post: exit 0" 0 tw-api -n -X POST -d '{"text":"hello"}' /2/tweets
is "dry run of a JSON post: no signature to replay" 0 \
    "$(json .headers.Authorization "$T/out" | grep -c 'oauth_signature="[^R]')"
exits "dry run of a tricky form: exit 0" 0 tw-api -n -F "status=$TRICKY" -F "x=1" /1.1/statuses/update.json
is "dry run of a form: POST" POST "$(json .method "$T/out")"

# oauthlib in the stub verifies the same tricky query and form, sent.
exits "the tricky search, sent: oauthlib verifies it" 0 tw-api "/2/tweets/search/recent?query=$ENC&max_results=10"
exits "the tricky form, sent: oauthlib verifies it" 0 tw-api -F "status=$TRICKY" -F "x=1" /echo

# Real requests; the stub verifies each with oauthlib.
exits "an answer that is not valid UTF-8: exit 4" 4 tw-api /badutf8
is "an answer that is not valid UTF-8: one line, where" \
    "tw-api: 200 OK: the answer is not valid UTF-8 (byte 30)" "$(cat "$T/err")"
is "... and nothing of it on stdout" "" "$(cat "$T/out")"
exits "GET /2/users/me signed" 0 tw-api /2/users/me
is "GET /2/users/me: the body, one line" '{"data": {"id": "42", "username": "brand"}}' "$(cat "$T/out")"
is "GET /2/users/me: nothing on stderr" "" "$(cat "$T/err")"
exits "GET with a tricky query" 0 tw-api "/echo?q=$ENC&plus=a+b&empty="
is "the server got the exact value" "$TRICKY" "$(json .query.q "$T/out")"
is "'+' in a query is a space" "a b" "$(json .query.plus "$T/out")"
is "User-Agent" "tw/0.1.0" "$(json .agent "$T/out")"
exits "POST a tricky form" 0 tw-api -F "status=$TRICKY" -F "n=1" /echo
is "form value arrived" "$TRICKY" "$(json .form.status "$T/out")"
is "form: POST" POST "$(json .method "$T/out")"
exits "DELETE" 0 tw-api -X DELETE "/echo?id=1"
is "DELETE method" DELETE "$(json .method "$T/out")"
exits "JSON body (not signed)" 0 tw-api -d '{"text":"hi & bye"}' /echo
is "JSON body: POST" POST "$(json .method "$T/out")"
exits "--app uses the bearer token" 0 tw-api --app /app/x
is "--app: accepted" true "$(json .data.ok "$T/out")"

# -i and -v
exits "-i" 0 tw-api -i /2/users/me
is "-i: status and rate-limit headers on stderr" "HTTP 200 OK
x-rate-limit-limit: 75
x-rate-limit-remaining: 74
x-rate-limit-reset: 1795000000" "$(cat "$T/err")"
exits "-v" 0 tw-api -v /2/tweets/search/recent?query=x
is "-v: the cost line" "tw-api: requests 1, posts read 3, posts written 0, est. \$0.015" "$(cat "$T/err")"

# credentials
sed "s/^consumer_secret = .*/consumer_secret = wrong/" "$TW_CONFIG" >"$T/bad"
chmod 600 "$T/bad"
exits "a wrong consumer secret: exit 3" 3 env TW_CONFIG="$T/bad" tw-api /2/users/me
is "a wrong consumer secret: one line" "tw-api: 401 Unauthorized" "$(cat "$T/err")"
grep -v '^access_token_secret' "$TW_CONFIG" >"$T/nosecret"
chmod 600 "$T/nosecret"
exits "a missing token secret: exit 3" 3 env TW_CONFIG="$T/nosecret" tw-api /2/users/me
is "a missing token secret: named" "tw-api: account 'brand' has no access_token_secret (needed for OAuth 1.0a user-context requests); log in with tw-auth(1), or see tw-config(5)" "$(cat "$T/err")"
chmod 644 "$TW_CONFIG"
exits "a config readable by others: exit 3" 3 tw-api /2/users/me
is "a config readable by others: the fix" "tw-api: $TW_CONFIG: permissions 0644 are too open: it holds secrets; run: chmod 600 $TW_CONFIG" "$(cat "$T/err")"
chmod 600 "$TW_CONFIG"
exits "403 unsupported-authentication: exit 3" 3 tw-api /forbidden
is "403: one line" "tw-api: 403 Forbidden: Unsupported Authentication: Authenticating with OAuth 1.0a is forbidden. (unsupported-authentication)" "$(cat "$T/err")"
exits "404: exit 4" 4 tw-api /nothing
is "404: one line" "tw-api: 404 Not Found: Not Found Error: no such thing: /nothing (resource-not-found)" "$(cat "$T/err")"
like "404: the body still on stdout" '"title": "Not Found Error"' "$(cat "$T/out")"

# network and server faults
exits "unreachable API: exit 4" 4 env TW_API_BASE=http://127.0.0.1:1 tw-api /2/users/me
is "unreachable API: one line" "tw-api: GET http://127.0.0.1:1/2/users/me: cannot connect: Connection refused (tried 5 times)" "$(cat "$T/err")"
exits "503 twice, then 200: retried" 0 tw-api /flaky
is "503 twice, then 200: third try" 3 "$(json .data.try "$T/out")"
is "503 retried: nothing on stderr" "" "$(cat "$T/err")"
exits "502 every time: exit 4" 4 tw-api /down
is "502 every time: one line" "tw-api: 502 Bad Gateway (tried 5 times)" "$(cat "$T/err")"
is "502: five tries" 5 "$(curl -s "$API/_hits" | json '.["/down"]')"
exits "a dropped connection is retried" 0 tw-api /drop
is "dropped connection: second try" 2 "$(json .data.try "$T/out")"
exits "garbage JSON: exit 4" 4 tw-api /garbage
is "garbage JSON: one line" "tw-api: 200 OK: the answer is not valid JSON" "$(cat "$T/err")"

# rate limits
exits "old-shape 429 with --no-wait: exit 5" 5 tw-api --no-wait /old429
is "old-shape 429: one line" "tw-api: GET /old429: 429 Too Many Requests: Rate limit exceeded (code 88)" "$(cat "$T/err")"
exits "usage cap: exit 5 at once" 5 tw-api /capped
is "usage cap: says so" "tw-api: 429 Too Many Requests: UsageCapExceeded: Usage cap exceeded: Monthly product cap (usage-capped); this is the Monthly Product usage cap, not a rate-limit window: waiting will not help" "$(cat "$T/err")"
is "usage cap: one request" 1 "$(curl -s "$API/_hits" | json '.["/capped"]')"
exits "429 with --no-wait: exit 5" 5 tw-api --no-wait /rl1
like "429 with --no-wait: names the reset time" '^tw-api: rate limit reached for GET /rl1; resets at [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z \(in [0-9]s\)$' "$(cat "$T/err")"
is "429 with --no-wait: one line" 1 "$(wc -l <"$T/err" | tr -d ' ')"
exits "429 without --no-wait: waits, then succeeds" 0 tw-api /rl2
is "429: the answer after the wait" late "$(json .data.text "$T/out")"
like "429: told the user it waits" '^tw-api: rate limited on GET /rl2; waiting [0-9]s \(until ' "$(cat "$T/err")"
is "429: no request sent into the spent window" 0 "$(curl -s "$API/_state" | json .early)"

# usage
exits "no PATH: usage, exit 2" 2 tw-api
exits "not a path: exit 2" 2 tw-api users/me
exits "-d and -F together: exit 2" 2 tw-api -d '{}' -F a=b /x
done_testing
