#!/bin/sh
# tw-sandbox: what a request sends cannot reach the log or the answer
# raw (issue 9): control bytes and bytes that are not UTF-8 are escaped
# in every log line, every JSON answer is valid UTF-8, and a request the
# HTTP layer refuses (too long, a bad head, an HTTP version it does not
# speak, a body too big) is answered with a JSON problem too.
. "${0%/*}/lib.sh"

sandbox_start -v || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
# utf8json FILE: the file is UTF-8 and one JSON document
utf8json() {
	"$TW_PYTHON" -c 'import json, sys
json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$1" 2>/dev/null
}

curl -gs -o "$T/b" "$API/2/users/me%0aforged:%20line%1b[31mred%ff%c2%85%e2%82%ac\\x"
sleep 0.2
is "one log line for one request" 1 "$(grep -c 'forged' "$T/sandbox.err")"
unlike "no forged line" '^forged' "$(cat "$T/sandbox.err")"
is "no escape byte in the log" 0 "$(tr -cd '\033' <"$T/sandbox.err" | wc -c | tr -d ' ')"
is "no C1 control in the log" 0 "$(grep -c "$(printf '\302\205')" "$T/sandbox.err")"
like "the bytes are shown as \\xHH" \
    'me\\x0aforged: line\\x1b\[31mred\\xff\\xc2\\x85€\\\\x 404' \
    "$(cat "$T/sandbox.err")"

curl -gs -o "$T/b" -H "Authorization: Bearer $BT" \
    "$API/2/users/1/mentions?%ff%fe=1&x%c3=2"
ok "a parameter name that is not UTF-8: the answer is UTF-8 JSON" utf8json "$T/b"
is "... both named" 2 "$(json '.errors | length' "$T/b")"
like "... the bytes replaced by U+FFFD" '^\[��\] \[x�\]$' \
    "$(json -r '.errors | map("[" + (.parameters | keys[0]) + "]") | join(" ")' "$T/b")"
curl -gs -o "$T/b" -H "Authorization: Bearer $BT" "$API/2/users/by/username/%ff%fe"
ok "a username that is not UTF-8: UTF-8 JSON" utf8json "$T/b"
is "... the invalid-request problem" 1 "$(json ".errors | length" "$T/b")"
# raw REQUEST: send printf's REQUEST; $T/r holds the status, the
# Content-Type and the body, a line each
raw() {
	printf "$1" | "$TW_PYTHON" "$TESTS/sbfuzz.py" raw "${API##*:}" >"$T/r" 2>&1
}
# refused NAME STATUS: the last raw answer is STATUS, a JSON problem
refused() {
	is "$1: $2" "$2" "$(sed -n 1p "$T/r")"
	is "... application/problem+json" application/problem+json \
	    "$(sed -n 2p "$T/r")"
	sed 1,2d "$T/r" >"$T/rb"
	is "... a problem document" "$2" "$(json .status "$T/rb")"
}
long=$(head -c 20000 /dev/zero | tr '\0' a)
raw "GET /2/users/me HTTP/2.0\r\n\r\n"
refused "HTTP/2.0" 505
raw "GET /2/users/me?q=$long HTTP/1.1\r\nHost: x\r\n\r\n"
refused "a 20 kB URI" 414
raw "GET /2/users/me HTTP/1.1\r\nX-A: $long\r\nX-B: $long\r\n\r\n"
refused "40 kB of headers" 431
raw "POST /2/tweets HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n"
refused "a body of 100 MB" 413
raw "GET /2/users/me HTTP/1.1\r\nno colon here\r\n\r\n"
refused "a header line without a colon" 400
raw "POST /2/tweets HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
refused "a chunked body" 411
grep 'at the door' "$T/sandbox.err" >"$T/door"
is "... each logged" 6 "$(wc -l <"$T/door" | tr -d ' ')"
done_testing
