#!/bin/sh
# tw-fetch for a person: on a terminal each record is tw-show's line (the
# same library code), profiles too; --json, -R and a pipe give the
# records, byte for byte; the progress line does not cut into the lines.
. "${0%/*}/lib.sh"

NOW=2026-11-20T12:00:00Z
TW_NOW=$NOW
export TW_NOW
unset COLUMNS
sandbox_start --now "$NOW" --rate-limit 100000 || exit 1
onpty() { "$TW_PYTHON" "$TESTS/onpty.py" "$@"; }

# On a terminal of 100 columns: tw-show's lines, no JSON.
exits "mentions on a terminal: exit 0" 0 onpty -c 100 tw-fetch --max 3 mentions
cp "$T/out" "$T/tty"
tw-fetch --max 3 mentions >"$T/piped"
is "three lines" 3 "$(wc -l <"$T/tty" | tr -d ' ')"
is "each is tw-show's line for the record" "$(tw-show -w 100 "$T/piped")" "$(cat "$T/tty")"
is "the first, exactly" \
    "  -  10m 846341    3 @grandma_rose      tweet        how do I print my boarding pass? my grandson u…" \
    "$(head -n 1 "$T/tty")"
unlike "no JSON on the terminal" '^\{' "$(cat "$T/tty")"

# The width is the terminal's; $COLUMNS wins, as for tw-show.
onpty -c 60 tw-fetch --max 3 mentions >"$T/tty60" 2>/dev/null
is "a terminal of 60 columns: lines of 60" "$(tw-show -w 60 "$T/piped")" "$(cat "$T/tty60")"
COLUMNS=72 onpty -c 60 tw-fetch --max 3 mentions >"$T/tty72" 2>/dev/null
is "COLUMNS=72 on it: lines of 72" "$(tw-show -w 72 "$T/piped")" "$(cat "$T/tty72")"

# Piped, or --json on a terminal: the records, the same bytes.
exits "--json on a terminal: exit 0" 0 onpty tw-fetch --json --max 3 mentions
if cmp -s "$T/piped" "$T/out"; then pass "--json on a terminal writes what a pipe gets"
else fail "--json on a terminal writes what a pipe gets" "$(diff "$T/piped" "$T/out" | head)"; fi
is "the piped records are JSON, three" "3 3" \
    "$(wc -l <"$T/piped" | tr -d ' ') $(jq -c . "$T/piped" | wc -l | tr -d ' ')"
onpty tw-fetch -R --max 3 mentions >"$T/raw" 2>/dev/null
is "-R on a terminal: the API's pages" "true" "$(jq -r 'has("data") and has("meta")' "$T/raw" | sort -u)"

# DMs and profiles.
onpty -c 100 tw-fetch --max 2 dms >"$T/dms" 2>/dev/null
tw-fetch --max 2 dms >"$T/dms.json"
is "DMs: tw-show's lines" "$(tw-show -w 100 "$T/dms.json")" "$(cat "$T/dms")"
onpty -c 100 tw-fetch users grumpy_gus >"$T/user" 2>/dev/null
is "a profile: the name, followers and display name" \
    "  -              610 @grumpy_gus        user         Gus" "$(cat "$T/user")"

# stderr on the terminal too: the progress line is wiped before the
# lines, which come out whole, and ends the run on a line of its own.
onpty -e -c 100 tw-fetch --max 3 mentions >"$T/both"
like "the progress line is there" "tw-fetch: mentions: 3 records, 1 page" "$(cat "$T/both")"
is "the record lines are whole (what follows the last CR of each)" \
    "$(tw-show -w 100 "$T/piped")" \
    "$(sed 's/.*\r//' "$T/both" | grep -v '^tw-fetch:' | grep -v '^ *$' | head -n 3)"
done_testing
