#!/bin/sh
# tw-show's one-line view (issue "From clone to a real account's first
# reply", item 3): a line naming the columns on a terminal or with
# --header; columns sized to the width; followers in a compact form that
# is never cut; the end of the id, which tw-reply and tw-case take; a
# case's state and owner.  Exact lines.
. "$(dirname "$0")/lib.sh"

G=$FIXTURES/show-columns
TW_NOW=2026-11-21T10:00:00Z
export TW_NOW
unset COLUMNS

is "80 columns, with --header" \
"PRI  AGE ID     FOLL AUTHOR        S QUEUE      TEXT
 44   2m 446312  950 @gus          - baggage    where is my bag
 61  30m 447001  21k @a_very_long… - delays     delayed again, third time this …
 72   2h 447123 1.2M @travelnews   ~ press      any statement on the SW552 dive…
 30  24h 447999  98M @megastar     + general    best crew ever
 65   1m 000555 5.6k @priya_n      - case 22    [open, alice] I was charged twi…
  -  30s 448000   40 @kim_j          case 23    [new, unclaimed] seat change?" \
    "$(tw-show --header -w 80 "$G/input.ndjson")"

is "160 columns: the author and queue grow, followers whole" \
"PRI  AGE ID     FOLL AUTHOR               S QUEUE        TEXT
 44   2m 446312  950 @gus                 - baggage      where is my bag
 61  30m 447001  21k @a_very_long_userna… - delays       delayed again, third time this month
 72   2h 447123 1.2M @travelnews          ~ press        any statement on the SW552 diversion?
 30  24h 447999  98M @megastar            + general      best crew ever
 65   1m 000555 5.6k @priya_n             - case 22      [open, alice] I was charged twice
  -  30s 448000   40 @kim_j                 case 23      [new, unclaimed] seat change?" \
    "$(tw-show --header -w 160 "$G/input.ndjson")"

is "50 columns: the queue is left out" \
"PRI  AGE ID     FOLL AUTHOR   S TEXT
 44   2m 446312  950 @gus     - where is my bag
 61  30m 447001  21k @a_very… - delayed again, th…" \
    "$(tw-show --header -w 50 "$G/input.ndjson" | head -n 3)"

is "40 columns: the followers too" \
"PRI  AGE ID     AUTHOR   S TEXT
 72   2h 447123 @travel… ~ any statemen…" \
    "$(tw-show --header -w 40 "$G/input.ndjson" | sed -n '1p;4p')"

# followers: never cut, at any width from 48 up
for w in 48 64 80 100 160; do
	tw-show -w $w "$G/input.ndjson" | cut -c 17-20
done | sort -u >"$T/foll"
is "followers: 950 21k 1.2M 98M 5.6k 40 at every width, never cut" \
    "  40
 21k
 950
 98M
1.2M
5.6k" "$(cat "$T/foll")"
unlike "no count cut short" "\\(|[0-9]…" "$(tw-show -w 48 "$G/input.ndjson")"

is "the long view: 1 follower, in the singular" "  -  @a (1 follower)  tweet 1" \
    "$(printf '{"type":"tweet","id":"1","text":"x","author":{"username":"a","followers":1}}\n' |
    tw-show -l | head -n 1)"
is "a case's profile: 1 follower" "@a  1 follower" \
    "$(printf '{"type":"case","case":{"id":"1","state":"new","opened":"2026-11-21T09:00:00Z"},"profile":{"username":"a","followers":1}}\n' |
    tw-show -t | grep '^@a')"

# the header: a terminal gets it, a pipe does not, unless asked
is "piped: no header" " 44   2m 446312  950 @gus          - baggage    where is my bag" \
    "$(tw-show -w 80 "$G/input.ndjson" | head -n 1)"
is "--no-header" " 44   2m 446312  950 @gus          - baggage    where is my bag" \
    "$(tw-show --no-header --header --no-header -w 80 "$G/input.ndjson" | head -n 1)"
if command -v script >/dev/null; then
	script -qec "tw-show -w 80 '$G/input.ndjson'" /dev/null >"$T/tty" 2>&1
	is "on a terminal: the header first" \
	    "PRI  AGE ID     FOLL AUTHOR        S QUEUE      TEXT" \
	    "$(head -n 1 "$T/tty" | tr -d '\r')"
	script -qec "tw-show --no-header -w 80 '$G/input.ndjson'" /dev/null >"$T/tty" 2>&1
	is "on a terminal, --no-header: none" \
	    " 44   2m 446312  950 @gus          - baggage    where is my bag" \
	    "$(head -n 1 "$T/tty" | tr -d '\r')"
	script -qec "env -u NO_COLOR tw-show -w 80 '$G/input.ndjson'" /dev/null >"$T/tty" 2>&1
	is "on a terminal with colours: the header bold" \
	    "$(printf '\033[1mPRI  AGE ID     FOLL AUTHOR        S QUEUE      TEXT\033[0m')" \
	    "$(head -n 1 "$T/tty" | tr -d '\r')"
	script -qec "stty cols 100; env -u COLUMNS tw-show '$G/input.ndjson' | cat" /dev/null >"$T/tty" 2>&1
	is "into a pipe from a 100-column terminal: its width (stderr's), no header" \
	    " 44   2m 446312  950 @gus             - baggage      where is my bag" \
	    "$(head -n 1 "$T/tty" | tr -d '\r')"
else
	skip "script(1) is not installed"; skip "script(1) is not installed"
	skip "script(1) is not installed"; skip "script(1) is not installed"
fi
is "the long and thread views have no header" "" \
    "$(tw-show --header -l "$G/input.ndjson" | grep '^PRI')$(tw-show --header -t "$G/input.ndjson" | grep '^PRI')"

# The id column: tw-case and tw-reply take it for the whole id.
sandbox_start --now 2026-11-20T12:00:00Z || { fail "sandbox"; done_testing; exit 1; }
TW_NOW=2026-11-20T12:00:00Z
tw-fetch mentions >"$T/m.ndjson"
ok "filed into cases" sh -c 'tw-triage <"$0/m.ndjson" | tw-case add >/dev/null' "$T"
full=$(jq -r 'select(.author.username == "priya_n") | .id' "$T/m.ndjson" | head -n 1)
short=${full#"${full%??????}"}
is "the post's line shows the end of its id, its case and state" \
    " 61  32h $short 5.6k @priya_n      - case 21    [new, unclaimed] I was charged …" \
    "$(tw-case show @priya_n | tw-show -w 80 | grep " $short ")"
TW_AGENT=alice exits "tw-case claim with the short id: exit 0" 0 tw-case claim "$short"
is "it names the post's case" "alice" \
    "$(tw-case show @priya_n | jq -r 'select(.type == "case") | .case.owner')"
TW_AGENT=alice exits "tw-reply with the short id: exit 0" 0 \
    tw-reply "$short" "@priya_n Sorry about that, Priya. We've sent you a DM. /Alice"
is "it replied to the whole id" "$full" "$(jq -r .in_reply_to.id "$T/out")"
is "the case's line now: owner alice, pending" \
    " 61  32h $short 5.6k @priya_n      - case 21    [pending, alice] I was charged …" \
    "$(tw-case show @priya_n | tw-show -w 80 | grep " $short ")"
exits "no post ends so: tw-case says so, exit 1" 1 tw-case claim 999999
is "the message" \
    "tw-case: no case 999999 (neither a case number nor a post or DM in a case, nor the end of one's id)" \
    "$(cat "$T/err")"
exits "no post ends so: tw-reply takes the number as it is" 1 tw-reply 9999999 "Hi"
is "and X says it does not exist" \
    "tw-reply: post 9999999 does not exist (a wrong id, or it was deleted); nothing sent" \
    "$(cat "$T/err")"

# two posts ending in the same six digits: more are needed
for i in 1 2; do
	printf '{"type":"tweet","id":"%s000000000000777777","created_at":"2026-11-20T11:0%s:00Z","account":{"id":"%s"},"direction":"in","author":{"id":"77%s","username":"twin%s","followers":10},"text":"@skyway hello","triage":{"priority":10,"queue":"general"}}\n' \
	    "$i" "$i" "$(jq -r .account.id "$T/m.ndjson" | head -n 1)" "$i" "$i"
done | tw-case add >/dev/null
exits "tw-reply, an end two ids share: usage, exit 2" 2 tw-reply 777777 "Hi"
is "it names both" \
    "tw-reply: 777777: two posts end in it (1000000000000777777, 2000000000000777777); give more digits" \
    "$(cat "$T/err")"
exits "tw-case, the same: exit 1" 1 tw-case claim 777777
is "the same message" \
    "tw-case: 777777: two posts end in it (1000000000000777777, 2000000000000777777); give more digits" \
    "$(cat "$T/err")"
TW_AGENT=bob exits "the whole id tells them apart" 0 tw-case claim 1000000000000777777
done_testing
