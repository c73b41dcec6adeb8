#!/bin/sh
# Text from the command line is held to the input policy (tw-record(5)):
# invalid UTF-8 in a reply's or DM's text, a signature, alt text, a
# case's note, tag or reason is named with its byte and nothing is done
# (exit 2), so it never reaches a request, a record or the store as
# invalid JSON.  Valid UTF-8 goes through.
. "$(dirname "$0")/lib.sh"

cd "$T" || exit 1
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
bad=$(printf 'caf\351 au lait')

exits "tw-reply, Latin-1 text: exit 2" 2 tw-reply -c 2123265004139446312 "$bad"
is "tw-reply: the byte named" \
    "tw-reply: TEXT: invalid UTF-8 at byte 4 (0xe9); nothing done" "$(cat err)"
is "tw-reply: nothing written" "" "$(cat out)"
exits "tw-reply, a bad signature: exit 2" 2 tw-reply -c -S "$(printf '/J\300')" 2123265004139446312 "ok"
is "tw-reply: -S named" "tw-reply: -S: invalid UTF-8 at byte 3 (0xc0); nothing done" "$(cat err)"
exits "tw-reply, bad alt text: exit 2" 2 tw-reply -c --alt "$(printf 'a\377')" 2123265004139446312 "ok"
is "tw-reply: --alt named" "tw-reply: --alt: invalid UTF-8 at byte 2 (0xff); nothing done" "$(cat err)"
exits "tw-reply, valid UTF-8: exit 0" 0 tw-reply -c 2123265004139446312 "café 東京 👩‍👩‍👧"
ok "its record is valid UTF-8" iconv -f UTF-8 -t UTF-8 out

exits "tw-dm, a truncated sequence: exit 2" 2 tw-dm -n @priya_n "$(printf 'ok \342\202')"
is "tw-dm: the byte named" "tw-dm: TEXT: invalid UTF-8 at byte 4 (0xe2); nothing done" "$(cat err)"
exits "tw-dm, a bad user name: exit 2" 2 tw-dm -n "$(printf '@pri\377')" "hi"
is "tw-dm: USER named" "tw-dm: USER: invalid UTF-8 at byte 5 (0xff); nothing done" "$(cat err)"

printf '{"type":"tweet","id":"2123265004139446312","created_at":"2026-11-19T04:00:00Z","account":{"id":"111","username":"brand"},"direction":"in","author":{"id":"5","username":"priya_n"},"text":"@brand charged twice","triage":{"priority":53,"queue":"general"}}\n' |
    tw-case add >/dev/null
exits "tw-case note, invalid UTF-8: exit 2" 2 tw-case note "$(printf 'n\377te')" @priya_n
is "tw-case note: the byte named" "tw-case: note: invalid UTF-8 at byte 2 (0xff); nothing done" "$(cat err)"
exits "tw-case tag: exit 2" 2 tw-case tag "$(printf '+caf\351')" @priya_n
is "tw-case tag: named" "tw-case: tag: invalid UTF-8 at byte 5 (0xe9); nothing done" "$(cat err)"
exits "tw-case resolve --reason: exit 2" 2 tw-case resolve --reason "$(printf 'r\377')" @priya_n
is "tw-case --reason: named" "tw-case: --reason: invalid UTF-8 at byte 2 (0xff); nothing done" "$(cat err)"
is "no event was written (the opening and the message only)" "open in" "$(tw-case log | jq -r .event | tr '\n' ' ' | sed 's/ $//')"
exits "tw-case note, valid UTF-8: exit 0" 0 tw-case note "café ✓" @priya_n
ok "the case log is valid UTF-8" sh -c 'tw-case log | iconv -f UTF-8 -t UTF-8 >/dev/null'
done_testing
