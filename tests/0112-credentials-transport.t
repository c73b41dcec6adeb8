#!/bin/sh
# 0112-credentials-transport: credentials go only over TLS or to a
# loopback address; an absolute URL only to the account's API host.  A
# logging HTTP proxy on the loopback stands in for the network: anything
# tw sends to another host in clear would reach it.
. "$(dirname "$0")/lib.sh"

cat >"$T/proxy.py" <<'PY'
import http.server, json, sys
log = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def any(self):
        with open(log, "a") as f:
            f.write("%s %s auth=%s\n" % (self.command, self.path,
                    "yes" if self.headers.get("Authorization") else "no"))
        b = json.dumps({"data": {"id": "1", "username": "brand"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
    do_GET = do_POST = any
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print("http://127.0.0.1:%d" % s.server_address[1], flush=True)
s.serve_forever()
PY
: >"$T/seen"
"$TW_PYTHON" "$T/proxy.py" "$T/seen" >"$T/proxy.url" &
i=0; while [ ! -s "$T/proxy.url" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PROXY=$(cat "$T/proxy.url")

creds='consumer_key = ck
consumer_secret = cs
access_token = 1-at
access_token_secret = ats
bearer_token = B34R3R'
printf '[account far]\napi_base = http://api.example.test\n%s\n' "$creds" >"$TW_CONFIG"
chmod 600 "$TW_CONFIG"
MSG="refusing to send credentials in clear to http://api.example.test:80: use https, a loopback address, or insecure_http = yes (tw-config(5))"

exits "http:// to another host, OAuth 1.0a: exit 3" 3 env http_proxy="$PROXY" tw-api /2/users/me
is "http:// to another host: one line" "tw-api: $MSG" "$(cat "$T/err")"
exits "http:// to another host, bearer: exit 3" 3 env http_proxy="$PROXY" tw-api --app /2/tweets/search/all?query=x
exits "TW_API_BASE to another host: exit 3" 3 env http_proxy="$PROXY" \
    TW_API_BASE=http://api.example.test:8080 tw-api /2/users/me
like "TW_API_BASE: the host and port named" "to http://api.example.test:8080: use https" "$(cat "$T/err")"
exits "tw-fetch too: exit 3" 3 env http_proxy="$PROXY" tw-fetch mentions
is "tw-fetch: the same line" "tw-fetch: mentions: $MSG" "$(cat "$T/err")"
exits "a dry run too: exit 3" 3 env http_proxy="$PROXY" tw-api -n /2/users/me
is "nothing reached the wire" "" "$(cat "$T/seen")"

# the loopback is allowed in clear: the sandbox, or here the stub itself
printf '[account near]\napi_base = %s\n%s\n' "$PROXY" "$creds" >"$TW_CONFIG"
exits "http:// to 127.0.0.1: allowed" 0 tw-api /2/users/me
exits "an absolute URL on the API host: allowed" 0 tw-api --app "$PROXY/2/tweets/search/all?query=x"
exits "an absolute URL elsewhere, bearer: exit 3" 3 env http_proxy="$PROXY" tw-api --app http://api.example.test/x
is "an absolute URL elsewhere: one line" \
    "tw-api: refusing to send the account's credentials to http://api.example.test:80: an absolute URL must be on the account's API host ($PROXY)" \
    "$(cat "$T/err")"
exits "an absolute https URL elsewhere: exit 3" 3 tw-api https://api.example.test/2/users/me
is "only the two allowed requests arrived" "GET /2/users/me auth=yes
GET /2/tweets/search/all?query=x auth=yes" "$(cat "$T/seen")"

# the documented way out, for a TLS-terminating proxy on a private network
printf '[account far]\napi_base = http://api.example.test\ninsecure_http = yes\n%s\n' "$creds" >"$TW_CONFIG"
: >"$T/seen"
exits "insecure_http = yes: sent" 0 env http_proxy="$PROXY" tw-api /2/users/me
is "insecure_http = yes: with a warning" \
    "tw-api: warning: credentials go in clear to http://api.example.test:80 (insecure_http = yes)" \
    "$(cat "$T/err")"
done_testing
