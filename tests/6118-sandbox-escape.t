#!/bin/sh
# tw-sandbox: what a request sends cannot reach the log or the answer
# raw (issue 9): control bytes and bytes that are not UTF-8 are escaped
# in every log line, and every JSON answer is valid UTF-8.
. "${0%/*}/lib.sh"
plan 10

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
done_testing
