#!/bin/sh
# tw-ack against the sandbox over a simulated Friday, run as cron would
# (fetch, file into cases, tw-ack) with TW_NOW moving: one
# acknowledgement per new case nobody answered within ack_delay, none
# for a case an agent answered first, the out-of-hours text only out of
# the business hours (the file tw-metrics -H takes), none twice after a
# kill -9 in the middle and a rerun, none to the brand's own post; each
# with "auto": true in the journal, the case left new.  Also the usage,
# and bad configs.
. "$(dirname "$0")/lib.sh"

exits "--help: exit 0" 0 tw-ack --help
like "... names the program" "^usage: tw-ack" "$(cat "$T/out")"
exits "--version: exit 0" 0 tw-ack --version
exits "an operand: usage, exit 2" 2 tw-ack now
exits "-D: not a duration, exit 2" 2 tw-ack -D soon
is "... says so" "tw-ack: -D: not a duration: 'soon'" "$(cat "$T/err")"
exits "-e: not a duration, exit 2" 2 tw-ack -e often

# latency: a run that sends several takes long enough to be killed midway
sandbox_start --now 2026-11-20T07:00:00Z --rate-limit 1000000 --latency 60 || exit 1
brand_id=$(sed -n 's/^user_id = //p' "$TW_CONFIG")
cp "$TW_CONFIG" "$T/config.base"
at() { sb POST /_sandbox/clock "{\"now\":\"$1\"}" >/dev/null; }
post() { sb POST /_sandbox/tweets "{\"username\":\"$1\",\"text\":\"@skyway $2\"}" | jq -r .data.id; }
dm() { sb POST /_sandbox/dms "{\"from\":\"$1\",\"to\":\"skyway\",\"text\":\"$2\"}" | jq -r .data.id; }

# bad configs, before any good one
exits "no ack_text nor ack_answer: exit 3" 3 tw-ack
like "... says what to set" "no acknowledgement: set ack_text or ack_answer" "$(cat "$T/err")"
echo 'ack_text = Thanks' >>"$TW_CONFIG"
echo 'ack_answer = lost-bag' >>"$TW_CONFIG"
exits "ack_text and ack_answer: exit 3" 3 tw-ack
cp "$T/config.base" "$TW_CONFIG"
printf 'ack_text = Thanks\nack_out_of_hours_text = Later\n' >>"$TW_CONFIG"
exits "an out-of-hours text without business hours: exit 3" 3 tw-ack
like "... says what it needs" "needs business hours: hours_file, or -H" "$(cat "$T/err")"
printf 'hours_file = %s/nonesuch\n' "$T" >>"$TW_CONFIG"
exits "hours_file that cannot be read: exit 3" 3 tw-ack
cp "$T/config.base" "$TW_CONFIG"
printf 'ack_text = Thanks\nack_delay = soon\n' >>"$TW_CONFIG"
exits "ack_delay not a duration: exit 3" 3 tw-ack
cp "$T/config.base" "$TW_CONFIG"
printf 'ack_text = Hi {nosuch.path}\n' >>"$TW_CONFIG"
printf 'ack_answer = nonesuch\nkb = %s\n' "$TW_SRC/lib/sandbox/kb" >"$T/kbconf"
cp "$T/config.base" "$TW_CONFIG"; cat "$T/kbconf" >>"$TW_CONFIG"
exits "ack_answer not in the knowledge base: exit 3" 3 tw-ack
like "... named" "ack_answer: no answer 'nonesuch'" "$(cat "$T/err")"

# the good config: weekdays 9 to 5 in UTC
printf 'tz UTC\nmon 09:00-17:00\ntue 09:00-17:00\nwed 09:00-17:00\nthu 09:00-17:00\nfri 09:00-17:00\n' >"$T/hours"
cp "$T/config.base" "$TW_CONFIG"
cat >>"$TW_CONFIG" <<CONF
ack_text = Thanks {first_name}, we have your message and will answer soon.
ack_out_of_hours_text = Thanks {first_name}, we are closed now (9 to 5 UTC, weekdays) and will answer when we open.
ack_delay = 5m
hours_file = $T/hours
CONF

: >"$T/acks"; : >"$T/ack.err"; : >"$T/failures"
cron() {	# cron TIME: the clock moves to TIME, what is new is filed, tw-ack runs
	at "$1"
	export TW_NOW="$1"
	{ tw-fetch mentions -s m; tw-fetch dms -s d; } 2>>"$T/cron.err" |
	    tw-case add >/dev/null 2>>"$T/cron.err" || echo "filing at $1" >>"$T/failures"
	tw-ack >>"$T/acks" 2>>"$T/ack.err"
	r=$?
	# 1: the reply rule refused a seeded post the brand answered on X
	[ $r -le 1 ] || echo "tw-ack at $1: exit $r" >>"$T/failures"
	unset TW_NOW
}

# 07:00, closed: the seeded inbox is filed and acknowledged out of hours
cron 2026-11-20T07:00:00Z
seeded=$(wc -l <"$T/acks" | tr -d ' ')
ok "the seeded new cases are acknowledged ($seeded)" test "$seeded" -gt 0
is "... all out of hours" "" "$(jq -r 'select(.ack != "out_of_hours") | .id' "$T/acks")"
is "... every one marked auto" "" "$(jq -r 'select(.auto != true) | .id' "$T/acks")"

# 08:00, closed: a customer writes; not yet at 08:03, at 08:06 out of hours
at 2026-11-20T08:00:00Z
p0=$(post ackc000 "my bag did not arrive")
cron 2026-11-20T08:03:00Z
is "within the delay: nothing" "$seeded" "$(wc -l <"$T/acks" | tr -d ' ')"
cron 2026-11-20T08:06:00Z
is "after the delay: one acknowledgement" "$((seeded + 1))" "$(wc -l <"$T/acks" | tr -d ' ')"
is "... to the post, out of hours" "$p0 out_of_hours" "$(tail -n 1 "$T/acks" | jq -r '"\(.in_reply_to.id) \(.ack)"')"

# 10:00, open: a post and a DM; the DM's acknowledgement is a DM
at 2026-11-20T10:00:00Z
p1=$(post ackc001 "is my flight delayed")
d2=$(dm ackc002 "refund still missing")
cron 2026-11-20T10:03:00Z
cron 2026-11-20T10:06:00Z
is "two more, in hours" "hours hours" "$(tail -n 2 "$T/acks" | jq -r .ack | tr '\n' ' ' | sed 's/ $//')"
is "... a reply to the post and a DM to the DM's author" "tweet dm" \
    "$(tail -n 2 "$T/acks" | jq -r .type | tr '\n' ' ' | sed 's/ $//')"
case1=$(tail -n 2 "$T/acks" | head -n 1 | jq -r .case.id)
is "the acknowledged case is still new (not answered, not claimed)" "new null" \
    "$(tw-case ls --status new | jq -r "select(.case.id == \"$case1\") | \"\(.case.state) \(.case.owner)\"")"

# the acknowledgement fetched again, without its mark: seen before, no change
tail -n 2 "$T/acks" | head -n 1 | jq -c 'del(.auto, .case)' | TW_NOW=2026-11-20T10:07:00Z tw-case add >/dev/null
is "... the case is still new after the same message is filed again" new \
    "$(tw-case ls --status new | jq -r "select(.case.id == \"$case1\") | .case.state")"
# an automatic message to someone with no case opens none
printf '{"type":"dm","id":"9000000000000000001","created_at":"2026-11-20T10:07:00Z","text":"hello","account":{"id":"%s"},"direction":"out","recipient":{"id":"42424242"},"auto":true}\n' "$brand_id" |
    tw-case add >"$T/nocase"
is "an automatic message opens no case" null "$(jq -c .case "$T/nocase")"

# 10:30: an agent answers before the delay: no acknowledgement
at 2026-11-20T10:30:00Z
p3=$(post ackc003 "can I change my seat")
cron 2026-11-20T10:31:00Z
TW_NOW=2026-11-20T10:32:00Z TW_AGENT=ana tw-reply "$p3" "Yes: DM us your booking." >/dev/null 2>>"$T/agent.err" ||
    echo "agent reply" >>"$T/failures"
n=$(wc -l <"$T/acks" | tr -d ' ')
cron 2026-11-20T10:36:00Z
cron 2026-11-20T11:00:00Z
is "the case an agent answered first gets none" "$n" "$(wc -l <"$T/acks" | tr -d ' ')"

# 11:30: the brand's own post mentioning itself: no case, no acknowledgement
at 2026-11-20T11:30:00Z
own=$(sb POST /_sandbox/tweets '{"username":"skyway","text":"@skyway winter sale, all week"}' | jq -r .data.id)
cron 2026-11-20T11:40:00Z
is "none to the brand's own post" "$n" "$(wc -l <"$T/acks" | tr -d ' ')"

# 12:00: ten customers write; tw-ack is killed -9 midway, then rerun
at 2026-11-20T12:00:00Z
i=10
while [ $i -lt 20 ]; do
	post "ackc0$i" "hello from customer $i" >>"$T/ten"
	i=$((i + 1))
done
at 2026-11-20T12:06:00Z
export TW_NOW=2026-11-20T12:06:00Z
{ tw-fetch mentions -s m; tw-fetch dms -s d; } 2>>"$T/cron.err" | tw-case add >/dev/null 2>>"$T/cron.err"
: >"$T/killed"
tw-ack >>"$T/killed" 2>>"$T/ack.err" &
pid=$!
i=0
while [ $i -lt 400 ] && [ "$(wc -l <"$T/killed")" -lt 3 ]; do sleep 0.02; i=$((i + 1)); done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
k=$(wc -l <"$T/killed" | tr -d ' ')
ok "the killed run sent some, not all ($k)" test "$k" -ge 1 -a "$k" -lt 10
tw-ack >"$T/rerun" 2>>"$T/ack.err"
ok "the rerun: exit 0 or 1" test $? -le 1
unset TW_NOW
cat "$T/killed" "$T/rerun" >>"$T/acks"

# 18:00, closed again: out of hours
at 2026-11-20T18:00:00Z
p4=$(post ackc004 "still waiting for my refund")
cron 2026-11-20T18:04:00Z
cron 2026-11-20T18:06:00Z
is "at 18:06: out of hours" "$p4 out_of_hours" "$(tail -n 1 "$T/acks" | jq -r '"\(.in_reply_to.id) \(.ack)"')"
# the rest of the day: nothing more
n=$(wc -l <"$T/acks" | tr -d ' ')
cron 2026-11-20T20:00:00Z
cron 2026-11-20T23:59:00Z
is "later runs send nothing more" "$n" "$(wc -l <"$T/acks" | tr -d ' ')"
# --every: runs until killed, sending nothing twice
TW_NOW=2026-11-20T23:59:30Z timeout 3 tw-ack -e 1 >"$T/every" 2>>"$T/ack.err"
is "--every runs until killed" 124 $?
is "... and sends nothing more" 0 "$(wc -l <"$T/every" | tr -d ' ')"
is "no run failed" "" "$(cat "$T/failures")"

# what the sandbox got: count the brand's posts and DMs with the texts
sb GET /_sandbox/state >"$T/sbstate"
jq -r --arg b "$brand_id" '.tweets[] | select(.author_id == $b and (.text | test("we have your message|we are closed now"))) | "\(.in_reply_to) \(.text)"' \
    "$T/sbstate" >"$T/sb-replies"
jq -r --arg b "$brand_id" '.dms[] | select(.from == $b and (.text | test("we have your message|we are closed now"))) | "\(.to) \(.text)"' \
    "$T/sbstate" >"$T/sb-dms"
is "the sandbox got as many as tw-ack wrote" "$(wc -l <"$T/acks" | tr -d ' ')" \
    "$(cat "$T/sb-replies" "$T/sb-dms" | wc -l | tr -d ' ')"
is "no post got two" "" "$(cut -d' ' -f1 "$T/sb-replies" | sort | uniq -d)"
is "no one got two DMs" "" "$(cut -d' ' -f1 "$T/sb-dms" | sort | uniq -d)"
for p in $p0 $p1 $(cat "$T/ten") $p4; do
	printf '%s ' "$(grep -c "^$p " "$T/sb-replies")"
done >"$T/each"
is "exactly one for each post nobody answered" "$(for p in $p0 $p1 $(cat "$T/ten") $p4; do printf '1 '; done)" "$(cat "$T/each")"
ackc002=$(jq -r '.users[] | select(.username == "ackc002") | .id' "$T/sbstate")
is "exactly one DM for the DM" 1 "$(grep -c "^$ackc002 " "$T/sb-dms")"
like "... in hours" "we have your message" "$(grep "^$ackc002 " "$T/sb-dms")"
is "none for the post an agent answered" 0 "$(grep -c "^$p3 " "$T/sb-replies")"
is "none for the brand's own post" 0 "$(grep -c "^$own " "$T/sb-replies")"
like "the 08:00 customer: out of hours, first name filled" "^$p0 @ackc000 Thanks ackc000, we are closed now" "$(grep "^$p0 " "$T/sb-replies")"
like "the 10:00 customer: in hours" "^$p1 @ackc001 Thanks ackc001, we have your message" "$(grep "^$p1 " "$T/sb-replies")"
is "the ten at 12:06: in hours" 10 "$(grep -F -f "$T/ten" "$T/sb-replies" | grep -c 'we have your message')"

# the journal: one line per acknowledgement, each "auto": true
tw-case journal >"$T/journal"   # the file, or the store's under TW_TEST_PG
is "the journal marks every acknowledgement auto" "$(wc -l <"$T/acks" | tr -d ' ')" \
    "$(jq -r 'select(.auto == true) | .id' "$T/journal" | sort -u | wc -l | tr -d ' ')"
is "... and the agent's reply not" "ana" "$(jq -r 'select(.auto != true and .agent != null) | .agent' "$T/journal" | sort -u)"
# tw-metrics: the acknowledgements are no first response
tw-case log >"$T/log"
exits "tw-metrics on the journal and the case log: exit 0" 0 tw-metrics "$T/journal" "$T/log"
is "auto counts every acknowledgement" "$(wc -l <"$T/acks" | tr -d ' ')" "$(jq .auto "$T/out")"
cat "$T/journal" "$T/log" | jq -c 'select(.auto != true)' >"$T/noauto"
is "responded and FRT are what they are without the acknowledgements" \
    "$(tw-metrics "$T/noauto" | jq -c '[.responded, .frt]')" "$(jq -c '[.responded, .frt]' "$T/out")"

done_testing
