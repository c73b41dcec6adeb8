#!/bin/sh
# The messages of tw-reply and tw-dm, word for word: a post that does not
# exist, a user that does not exist (named), a 401 with the same hint as
# tw-fetch's, counts in the singular; and at a terminal, the rate-limit
# countdown clears what it overwrites.
. "$(dirname "$0")/lib.sh"

sandbox_start --rate-limit 100000 || exit 1

exits "a reply to a post that does not exist: exit 1" 1 \
    tw-reply 999999999999 "Sorry about that."
is "it says the post does not exist (not the reply rule)" \
    "tw-reply: post 999999999999 does not exist (a wrong id, or it was deleted); nothing sent" \
    "$(cat "$T/err")"
printf '{"in_reply_to":"999999999998","text":"Hi"}\n' >"$T/intents"
exits "the same from an intent: exit 1" 1 tw-reply <"$T/intents"
is "with the intent's location" \
    "tw-reply: <stdin>:1: post 999999999998 does not exist (a wrong id, or it was deleted); nothing sent" \
    "$(cat "$T/err")"

exits "a DM to @nobody: exit 1" 1 tw-dm @nobody "Hi"
is "it names the user" "tw-dm: no such user @nobody" "$(cat "$T/err")"
exits "a DM to nobody, without the @: exit 1" 1 tw-dm nobody "Hi"
is "named with its @" "tw-dm: no such user @nobody" "$(cat "$T/err")"

# one character too long: the singular
t=$(tw-fetch mentions | jq -r 'select(.in_reply_to == null) | .id' | head -n 1)
long=$(printf 'x%.0s' $(seq 1 281))
exits "281 characters: exit 1" 1 tw-reply "$t" "$long"
is "1 character too long, in the singular" \
    "tw-reply: the text is 1 character too long (281 as X counts, of 280); nothing was cut or sent" \
    "$(cat "$T/err")"

# A wrong consumer secret: the same hint in all three programs.
hint="the account's keys or tokens are wrong or revoked: check them in the config, or log in again with tw-auth login"
cp "$TW_CONFIG" "$T/config.good"
sed -i 's/^consumer_secret = .*/consumer_secret = wrong-secret-value/' "$TW_CONFIG"
exits "tw-fetch, 401: exit 3" 3 tw-fetch mentions
is "tw-fetch's 401" "tw-fetch: mentions: 401 Unauthorized -- $hint" "$(cat "$T/err")"
exits "tw-reply, 401: exit 3" 3 tw-reply "$t" "Sorry about that."
is "tw-reply's 401: the same hint" "tw-reply: 401 Unauthorized -- $hint" "$(cat "$T/err")"
exits "tw-dm to a name, 401: exit 3" 3 tw-dm @nobody "Hi"
is "tw-dm's 401 looking up the name: the same hint" \
    "tw-dm: @nobody: 401 Unauthorized -- $hint" "$(cat "$T/err")"
exits "tw-dm to an id, 401: exit 3" 3 tw-dm 12345 "Hi"
is "tw-dm's 401 sending: the same hint" "tw-dm: 401 Unauthorized -- $hint" "$(cat "$T/err")"
cp "$T/config.good" "$TW_CONFIG"

# At a terminal (script(1) gives a pty): the countdown goes back to the
# start of the line and clears to its end, so "9s" after "10s" leaves
# nothing behind, and it is wiped when the wait ends.  The progress line
# counts in the singular.
sandbox_stop
sandbox_start --mentions 150 --mention-cap 0 --rate-limit 1 --rate-window 2 || exit 1
if command -v script >/dev/null; then
	script -qec "tw-fetch mentions >/dev/null" /dev/null >"$T/tty" 2>&1
	cd "$T" && "$TW_PYTHON" - >"$T/writes" <<'PY'
import re
b = open("tty", "rb").read()
for m in re.findall(rb"\r[^\r\n]*", b):
    if b"rate limited" in m or m == b"\r\x1b[K":
        print(repr(m.decode()))
PY
	like "the countdown clears to the end of the line" \
	    "^'\\\\rtw-fetch: rate limited; waiting [0-9]+s\\\\x1b\\[K'$" "$(sed -n 1p "$T/writes")"
	is "every countdown write clears" "" \
	    "$(grep -v 'x1b\[K' "$T/writes")"
	is "the wait ends with the line wiped" "'\\r\\x1b[K'" "$(tail -n 1 "$T/writes")"
	like "progress: 1 page, in the singular" "mentions: 100 records, 1 page" \
	    "$(tr '\r' '\n' <"$T/tty")"
else
	skip "script(1) is not installed"; skip "script(1) is not installed"
	skip "script(1) is not installed"; skip "script(1) is not installed"
fi
done_testing
