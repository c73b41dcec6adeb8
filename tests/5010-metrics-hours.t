#!/bin/sh
# tw-metrics -H: first response and SLA in business time, with a time
# zone's DST change, a holiday, overnight intervals and a reply exactly at
# the deadline (tests/fixtures/metrics/hours, hand-computed below).
. "$(dirname "$0")/lib.sh"

cd "$FIXTURES/metrics" || exit 1
one() {	# one CASE: business FRT of the CASE-th conversation alone
	sed -n "$(($1 * 2 - 1)),$(($1 * 2))p" hours.ndjson >"$T/one"
	tw-metrics -G 7d -H hours "$T/one" | jq -c '[.frt.median_s, .frt_business.median_s]'
}
# Monday 16:30 to Tuesday 09:30: 30 min on Monday, 30 on Tuesday.
is "out of hours: 17 h calendar, 1 h business" "[61200,3600]" "$(one 1)"
# Thursday 24 Dec 16:45 to Monday 28 Dec 09:15: 15 min, Christmas off
# (its night shift too), Saturday's night shift 8 h, 15 min on Monday.
is "a holiday: 88.5 h calendar, 8.5 h business" "[318600,30600]" "$(one 2)"
# Friday 20:00 to Saturday 05:00: the day ended at 17:00, the night
# shift runs from 22:00 past midnight.
is "an overnight interval: 9 h calendar, 7 h business" "[32400,25200]" "$(one 3)"
# Saturday 24 Oct 22:00 BST to Sunday 06:00 GMT: the clocks went back,
# so the night shift lasted 9 hours, not 8.
is "a DST change: the night shift lasts 9 h" "[32400,32400]" "$(one 4)"

exits "all four, SLA 1h in business time: exit 0" 0 tw-metrics -G 7d -H hours --sla 1h hours.ndjson
is "the reply exactly at the 1 h business deadline is on time; the rest are late" \
    '{"target_s":3600,"time":"business","met":1,"breached":3,"pending":0,"rate":0.25}' \
    "$(jq -c .sla "$T/out")"
is "business FRT summary" '{"n":4,"mean_s":22950,"median_s":27900,"p90_s":32400}' \
    "$(jq -c .frt_business "$T/out")"

# found by tests/fuzz/hours: overlapping intervals were counted twice,
# more business time than time.  Tuesday's 21:00-20:00 runs into all of
# Wednesday: from Tuesday 20:00 to Wednesday 22:00 is 25 h open, 1 h not.
printf 'tz UTC\ntue 21:00-20:00\nwed 00:00-24:00 06:00-07:00\n' >"$T/overlap"
printf '%s\n' '{"type":"tweet","id":"1","created_at":"2026-11-17T20:00:00Z","text":"@brand hi","account":{"id":"100","username":"brand"},"direction":"in","author":{"id":"1","username":"c1"}}' \
    '{"type":"tweet","id":"2","created_at":"2026-11-18T22:00:00Z","text":"@c1 hello","account":{"id":"100","username":"brand"},"direction":"out","author":{"id":"100","username":"brand"},"in_reply_to":{"id":"1","user_id":"1"}}' >"$T/overlap.ndjson"
is "overlapping intervals count once: 26 h calendar, 25 h business" "[93600,90000]" \
    "$(tw-metrics -G 7d -H "$T/overlap" "$T/overlap.ndjson" | jq -c '[.frt.median_s, .frt_business.median_s]')"

printf 'tz Europe/London\nmon 09:00-17:00\ntue 9am-5pm\n' >"$T/hours"
exits "a bad hours file: exit 2" 2 tw-metrics -H "$T/hours" hours.ndjson
like "it says where" "hours:3: bad interval '9am-5pm'" "$(cat "$T/err")"
printf 'tz Mars/Olympus_Mons\n' >"$T/hours"
exits "an unknown time zone: exit 2" 2 tw-metrics -H "$T/hours" hours.ndjson

# Bounded work per record: 300 unanswered conversations and one record
# dated late in 2099.  Against the SLA, business time is counted only
# until it passes the target, so this takes 0.03 CPU seconds (it took 15
# when every conversation was counted day by day to 2099).
i=0
while [ $i -lt 300 ]; do
	printf '{"type":"tweet","id":"%d","created_at":"2026-11-02T10:00:00Z","account":{"id":"100"},"direction":"in","author":{"id":"%d"},"text":"hello"}\n' $((5000 + i)) $((5000 + i))
	i=$((i + 1))
done >"$T/many"
printf '{"type":"tweet","id":"9","created_at":"2099-12-30T10:00:00Z","account":{"id":"100"},"direction":"in","author":{"id":"9"},"text":"late"}\n' >>"$T/many"
exits "300 unanswered and a 2099 record, SLA 1h: within 10 CPU seconds" 0 \
    sh -c "ulimit -t 10; tw-metrics -H hours --sla 1h -f ndjson '$T/many'"
is "every one breached, the last one pending" '{"met":0,"breached":300,"pending":1}' \
    "$(jq -c '.sla | {met, breached, pending}' "$T/out")"
printf '{"type":"tweet","id":"8","created_at":"9999-12-31T10:00:00Z","account":{"id":"100"},"direction":"in","author":{"id":"8"},"text":"far"}\n' >>"$T/many"
exits "a record dated 9999: exit 1" 1 tw-metrics -H hours --sla 1h -f ndjson "$T/many"
is "a record dated 9999: refused with its location" \
    "tw-metrics: $T/many:302: \"created_at\" is out of range (2006-03-21 to 2099-12-31)" \
    "$(cat "$T/err")"
printf '# closed for good\ntz UTC\n' >"$T/closed"
exits "no open interval at all: no business time passes, at once" 0 \
    sh -c "ulimit -t 10; tw-metrics -H '$T/closed' --sla 1h -f ndjson hours.ndjson"
done_testing
