#!/bin/sh
# 0201-tw-norm: the NDJSON contract of tw-norm: bad lines with their
# location, CRLF, blank lines, no final newline, empty input, write
# errors, stdin and several files, accounts, sources, API error bodies.
. "$(dirname "$0")/lib.sh"

S=$FIXTURES/samples
cd "$T" || exit 1

rec() { printf '{"type":"tweet","id":"%s","text":"t%s"}' "$1" "$1"; }

# a malformed line in the middle
{ rec 1; echo; echo '{"type":"tweet","id":"2",}'; rec 3; echo; } >mid.ndjson
exits "bad line: exit 1" 1 tw-norm mid.ndjson
is "bad line: the others are out" "1 3" "$(jq -r .id "$T/out" | tr '\n' ' ' | sed 's/ $//')"
is "bad line: FILE:LINE: message" \
    "tw-norm: mid.ndjson:2: invalid JSON: unexpected '}' at column 26" \
    "$(cat "$T/err")"

# a line cut short, a line that is not an object, trailing garbage
{ rec 1; echo; echo '{"type":"tweet","id":"2","text":"ab'; echo 42;
  echo '{"a":1} x'; rec 5; echo; } >cut.ndjson
exits "cut and garbage: exit 1" 1 tw-norm cut.ndjson
is "cut: the end of the line" \
    "tw-norm: cut.ndjson:2: invalid JSON: unexpected end of input at column 36" \
    "$(sed -n 1p "$T/err")"
is "not an object" "tw-norm: cut.ndjson:3: not a JSON object" \
    "$(sed -n 2p "$T/err")"
is "trailing characters" \
    "tw-norm: cut.ndjson:4: invalid JSON: trailing characters at column 9" \
    "$(sed -n 3p "$T/err")"
is "cut: two records out" 2 "$(wc -l <"$T/out" | tr -d ' ')"

# CRLF, blank lines, a missing final newline
{ rec 1; printf '\r\n\r\n   \n'; rec 2; printf '\r\n\n'; rec 3; } >crlf.ndjson
exits "CRLF, blanks, no final newline: exit 0" 0 tw-norm crlf.ndjson
is "CRLF: every record" "1 2 3" "$(jq -r .id "$T/out" | tr '\n' ' ' | sed 's/ $//')"
is "CRLF: nothing on stderr" "" "$(cat "$T/err")"
is "CRLF: no CR in the output" 0 "$(tr -cd '\r' <"$T/out" | wc -c | tr -d ' ')"
is "records pass through byte for byte" \
    "$(rec 1; echo; rec 2; echo; rec 3; echo)" "$(cat "$T/out")"

# empty input
exits "empty input: exit 0" 0 tw-norm </dev/null
is "empty input: empty output" "" "$(cat "$T/out")"
: >empty.ndjson
exits "empty file: exit 0" 0 tw-norm empty.ndjson
is "empty file: empty output" "" "$(cat "$T/out")$(cat "$T/err")"

# write error
exits "write error: exit 6" 6 sh -c 'tw-norm crlf.ndjson >/dev/full'
like "write error: said so" "tw-norm: write error" "$(cat "$T/err")"
for p in tw-triage tw-show tw-metrics; do
	exits "$p, write error: exit 6" 6 sh -c "$p $FIXTURES/metrics/basic.ndjson >/dev/full"
	like "$p, write error: said so" "$p: write error on standard output: No space left on device" "$(cat "$T/err")"
done

# stdin and several files, in order; locations per file
{ rec 10; echo; echo 'nope'; } >b.ndjson
rec 20 >c.ndjson
exits "files and stdin: exit 1" 1 sh -c 'tw-norm crlf.ndjson - b.ndjson c.ndjson <mid.ndjson'
is "files and stdin: order" "1 2 3 1 3 10 20" \
    "$(jq -r .id "$T/out" | tr '\n' ' ' | sed 's/ $//')"
is "files and stdin: locations" \
    "tw-norm: <stdin>:2: invalid JSON: unexpected '}' at column 26
tw-norm: b.ndjson:2: invalid JSON: unexpected 'n' at column 1" "$(cat "$T/err")"

# an unreadable file: reported, the next one read
exits "missing file: exit 1" 1 tw-norm nosuch.ndjson c.ndjson
is "missing file: the rest is read" 20 "$(jq -r .id "$T/out")"
is "missing file: message" "tw-norm: nosuch.ndjson: No such file or directory" \
    "$(cat "$T/err")"

# API pages and v1.1 tweets become records; ids stay strings
jq -c . "$S/docs/v2_dm_events_with_expansions.json" >dms.ndjson
exits "v2 page: exit 0" 0 tw-norm --source dm dms.ndjson
is "v2 page: one record per event" "dm dm dm" \
    "$(jq -r .type "$T/out" | tr '\n' ' ' | sed 's/ $//')"
is "-s sets source" "dm" "$(jq -r .source "$T/out" | sort -u)"
is "no account, no direction" "null" "$(jq -r .direction "$T/out" | sort -u)"
exits "v1.1 tweets: exit 0" 0 tw-norm \
    "$S/v1.1/tweet_parser_original_format_examples.jsonl"
is "v1.1: 25 records, string ids" 25 \
    "$(jq -r 'select(.id|type=="string") | .id' "$T/out" | wc -l | tr -d ' ')"
tw-norm "$T/out" >again.ndjson 2>&1
is "normalising again changes nothing" "" "$(cmp "$T/out" again.ndjson 2>&1)"

# an API error body
jq -c . "$S/docs/v2_error_problem_details.json" >err.ndjson
exits "API error: exit 1" 1 tw-norm err.ndjson
is "API error: message" \
    "tw-norm: err.ndjson:1: API error: Invalid Request: The 'query' parameter is required." \
    "$(cat "$T/err")"

# -a: account and direction from the config
cat >"$TW_CONFIG" <<EOF
[account snow]
user_id = 906948460078698496
username = SnowBotDev
[account flood]
user_id = 944480690
username = FloodSocial
EOF
chmod 600 "$TW_CONFIG"
exits "-a snow: exit 0" 0 tw-norm -a snow dms.ndjson
is "-a snow: inbound" "in" "$(jq -r .direction "$T/out" | sort -u)"
exits "--account flood: exit 0" 0 tw-norm --account flood dms.ndjson
is "--account flood: outbound, account set" "out FloodSocial" \
    "$(jq -r '.direction + " " + .account.username' "$T/out" | sort -u)"
exits "-a unknown: exit 3" 3 tw-norm -a nosuch dms.ndjson
exits "unknown option: exit 2" 2 tw-norm -x
done_testing
