#!/bin/sh
# Input that is not NDJSON is stopped in the shared record reader, the
# same in every program that reads records: a binary file (a NUL byte in
# its first line) at once, other text after 5 bad lines in a row, with
# one line saying so and exit 2, the next file still read.  Fewer bad
# lines, or bad lines apart, are each skipped as before (exit 1).
. "$(dirname "$0")/lib.sh"

cd "$T" || exit 1
rec() { printf '{"type":"tweet","id":"%s","created_at":"2026-11-02T09:00:00Z","account":{"id":"1"},"direction":"in","author":{"id":"5","username":"c%s"},"text":"hi %s"}\n' "$1" "$1" "$1"; }
# a binary file: an ELF header, a NUL at column 5, and many more lines
{ printf '\177ELF\002\001\001\000\000\000\n'; i=0
  while [ $i -lt 300 ]; do printf 'junk\001\002 %d\n' $i; i=$((i + 1)); done; } >prog.bin
rec 1 >good.ndjson

for p in tw-norm tw-triage tw-show tw-metrics; do
	exits "$p, a binary file: exit 2" 2 $p prog.bin
	is "$p: one line, naming the file and the NUL" \
	    "$p: prog.bin:1: a NUL byte at column 8: binary data, not NDJSON; the rest of the file skipped" \
	    "$(cat err)"
done
exits "tw-case add, a binary file: exit 2" 2 tw-case add prog.bin
is "tw-case add: one line" \
    "tw-case: prog.bin:1: a NUL byte at column 8: binary data, not NDJSON; the rest of the file skipped" \
    "$(cat err)"
exits "tw-reply, binary intents: exit 2" 2 tw-reply -c <prog.bin
is "tw-reply: one line, <stdin>" \
    "tw-reply: <stdin>:1: a NUL byte at column 8: binary data, not NDJSON; the rest of the input skipped" \
    "$(cat err)"
cat >"$TW_CONFIG" <<CONFIG
[account brand]
user_id = 111
username = brand
consumer_key = ck
consumer_secret = cs
access_token = 111-at
access_token_secret = ts
api_base = http://127.0.0.1:9
CONFIG
chmod 600 "$TW_CONFIG"
exits "tw-dm, binary intents: exit 2" 2 tw-dm -n <prog.bin
is "tw-dm: one line" \
    "tw-dm: <stdin>:1: a NUL byte at column 8: binary data, not NDJSON; the rest of the input skipped" \
    "$(cat err)"

exits "the next file is still read: exit 2" 2 tw-norm prog.bin good.ndjson
is "its record written" 1 "$(jq -r .id out)"

# text that is not NDJSON: each of five bad lines said, then the stop
printf 'id,text\nhello,1\nworld,2\nagain,3\nmore,4\nstill,5\non,6\n' >notes.csv
exits "a CSV file: exit 2" 2 tw-show notes.csv
is "five bad lines said, then one line stopping it" \
"tw-show: notes.csv:1: invalid JSON: unexpected 'i' at column 1
tw-show: notes.csv:2: invalid JSON: unexpected 'h' at column 1
tw-show: notes.csv:3: invalid JSON: unexpected 'w' at column 1
tw-show: notes.csv:4: invalid JSON: unexpected 'a' at column 1
tw-show: notes.csv:5: invalid JSON: unexpected 'm' at column 1
tw-show: notes.csv:5: 5 bad lines in a row: not NDJSON; the rest of the file skipped" \
    "$(cat err)"
printf '\377\376b\000a\000d\000\n' >utf16.txt
exits "UTF-16 with a NUL in its first line: exit 2" 2 tw-triage utf16.txt
is "stopped at once" \
    "tw-triage: utf16.txt:1: a NUL byte at column 4: binary data, not NDJSON; the rest of the file skipped" \
    "$(cat err)"

# bad lines, but not five in a row: each skipped, the rest read
{ rec 1; echo 'nope'; echo '{"type":'; rec 2; echo '[1,'; echo 'x'; echo 'y'; echo 'z'
  rec 3; } >mixed.ndjson
exits "bad lines among good ones: exit 1" 1 tw-norm mixed.ndjson
is "the good ones written" "1 2 3" "$(jq -r .id out | tr '\n' ' ' | sed 's/ $//')"
is "each bad line named" 6 "$(wc -l <err | tr -d ' ')"
# over-long and invalid UTF-8 lines count too
{ rec 1; i=0; while [ $i -lt 6 ]; do printf '{"text":"\377"}\n'; i=$((i + 1)); done; rec 2; } >bad8.ndjson
exits "six invalid UTF-8 lines in a row: exit 2" 2 tw-norm bad8.ndjson
is "the fifth stops it; what came before is kept" "1" "$(jq -r .id out)"
like "the last line says so" "bad8.ndjson:6: 5 bad lines in a row: not NDJSON" "$(tail -n 1 err)"
# a NUL after the first line is a bad line, as before (0203-input-policy.t)
{ rec 1; printf '{"text":"a\000"}\n'; rec 2; } >nul.ndjson
exits "a NUL byte in line 2: skipped, exit 1" 1 tw-norm nul.ndjson
is "the other two written" "1 2" "$(jq -r .id out | tr '\n' ' ' | sed 's/ $//')"
done_testing
