#!/bin/sh
# tw-dm: a DM's text may have 10,000 characters, counted as characters
# after NFC, not weighed as a post is (where 280 is the limit).
. "${0%/*}/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
gus=$(sb GET /_sandbox/state | jq -r '.users[] | select(.username == "grumpy_gus") | .id')
state() { sb GET /_sandbox/state; }

exits "281 characters, more than a post may have: sent" 0 tw-dm @grumpy_gus "$("$TW_PYTHON" -c 'print("a" * 281, end="")')"
# The limit: 10,000 characters, each one, whatever a post would weigh.
"$TW_PYTHON" -c 'print("東" * 10000, end="")' >"$T/cjk10000"
exits "10,000 CJK characters (20,000 as a post weighs them): sent" 0 tw-dm @grumpy_gus "$(cat "$T/cjk10000")"
is "all of it arrived" 10000 "$(state | jq --arg u "$gus" '[.dms[] | select(.to == $u)] | last | .text | length')"
exits "10,001 characters: refused, exit 1" 1 tw-dm @grumpy_gus "$(cat "$T/cjk10000")x"
is "it says by how much" \
    "tw-dm: the text is 1 character too long (10001, of 10000 for a DM); nothing was cut or sent" \
    "$(cat "$T/err")"
"$TW_PYTHON" -c 'print("e\u0301" * 10000, end="")' >"$T/nfd"
exits "10,000 e + combining accent: 10,000 after NFC, sent" 0 tw-dm @grumpy_gus "$(cat "$T/nfd")"
"$TW_PYTHON" -c 'print("https://example.com/a " * 450, end="")' >"$T/urls"
exits "URLs count their characters (9,900), not 23 each" 0 tw-dm @grumpy_gus "$(cat "$T/urls")"

exits "10,001 characters, none of them weighed 2: refused" 1 tw-dm @grumpy_gus "$("$TW_PYTHON" -c 'print("a" * 10001, end="")')"
exits "invalid UTF-8: refused, a usage error" 2 tw-dm @grumpy_gus "$(printf 'caf\351')"
is "it says where" "tw-dm: TEXT: invalid UTF-8 at byte 4 (0xe9); nothing done" "$(cat "$T/err")"
done_testing
