#!/bin/sh
# tw-fetch's command line: bad sources, times, ids and rules lines are
# usage errors (exit 2) with a clear message, before any request.
. "${0%/*}/lib.sh"

exits "no source: exit 2" 2 tw-fetch
like "no source: the sources are named" "which source\\? one of: mentions search" "$(cat "$T/err")"
exits "unknown source: exit 2" 2 tw-fetch timeline
like "unknown source: named" "unknown source 'timeline'" "$(cat "$T/err")"
exits "bad --since: exit 2" 2 tw-fetch --since yesterday mentions
like "bad --since: says what a time looks like" "not a time: 'yesterday' .*RFC 3339" "$(cat "$T/err")"
exits "bad --until: exit 2" 2 tw-fetch --until 2026-13-01T00:00:00Z mentions
exits "bad --since-id: exit 2" 2 tw-fetch --since-id 12ab mentions
exits "--max 0: exit 2" 2 tw-fetch --max 0 mentions
exits "search without a query: exit 2" 2 tw-fetch search
exits "tweets with a bad id: exit 2" 2 tw-fetch tweets 123 x45
exits "-r outside stream: exit 2" 2 tw-fetch -r rules mentions
exits "unknown option: exit 2" 2 tw-fetch --frobnicate mentions

# A bad rules line is reported with its location, before any request
# (the config below points at a closed port: it is never reached).
printf '[account a]\napi_base = http://127.0.0.1:9\nbearer_token = x\n' >"$TW_CONFIG"
chmod 600 "$TW_CONFIG"
printf '# care rules\nluggage: lost luggage\nthis line has no tag\n: empty tag\n' >"$T/care.rules"
exits "bad rules line: exit 2" 2 tw-fetch stream -r "$T/care.rules"
like "bad rules line: FILE:LINE" "care.rules:3: expected 'tag: rule'" "$(cat "$T/err")"
like "empty tag: FILE:LINE" "care.rules:4: the tag is empty" "$(cat "$T/err")"

# Old spellings (NEWS.md) still work until tw 0.2, with a warning.
exits "old -n: still --max (and 0 is refused)" 2 tw-fetch -n 0 mentions
is "old -n: the warning and the error" \
    "tw-fetch: warning: '-n' is an old spelling, accepted until tw 0.2; use '--max' (see NEWS.md)
tw-fetch: --max: not a number from 1 to 9223372036854775807: '0'" "$(cat "$T/err")"
exits "old --start: still --since" 2 tw-fetch --start yesterday mentions
like "old --start: the warning names --since" "'--start' is an old spelling, accepted until tw 0.2; use '--since'" "$(cat "$T/err")"
exits "old --end: still --until" 2 tw-fetch --end yesterday mentions
like "old --end: the warning names --until" "'--end' is an old spelling, accepted until tw 0.2; use '--until'" "$(cat "$T/err")"
done_testing
