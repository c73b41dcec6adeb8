#!/bin/sh
# tw-triage: the priority is deterministic, its "why" terms add up to it,
# and the reach ladder, VIPs and tiers, DMs and waiting time behave as
# tw-triage(1) says.
. "${0%/*}/lib.sh"

TW_NOW=2026-11-21T10:00:00Z
export TW_NOW
now=2026-11-21T10:00:00Z

# mk ID CREATED TEXT FOLLOWERS [JSON merged in]
mk() {
	jq -nc --arg id "$1" --arg c "$2" --arg t "$3" --argjson f "$4" \
	    --argjson x "${5:-{\}}" '{type: "tweet", id: $id, created_at: $c,
	    text: $t, lang: "en", author: {id: ("u" + $id), username:
	    ("user" + $id), followers: $f, verified: false},
	    account: {id: "9", username: "AcmeAir"}, direction: "in"} * $x'
}
points() { jq -r --arg t "$1" '[.triage.why[] | select(.term == $t) | .points] | add // 0'; }

# The issue's example: the stranded traveller before the happy fan.
{
	mk 1 2026-11-21T09:55:00Z '@AcmeAir love the app' 40
	mk 2 2026-11-21T09:50:00Z '@AcmeAir 8 hours stuck at the airport and still no apology' 32000
} >"$T/two"
tw-triage -k 2 "$T/two" >"$T/out"
is "stranded traveller first" "2 1" "$(jq -r .id "$T/out" | tr '\n' ' ' | sed 's/ $//')"
is "why terms add up to the priority" "true true" \
    "$(jq -r '([.triage.why[].points] | add // 0) == .triage.priority' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
tw-triage "$T/two" >"$T/a"; tw-triage "$T/two" >"$T/b"
ok "deterministic: two runs give the same bytes" cmp -s "$T/a" "$T/b"
is "the traveller's terms" "reach=16 sentiment=20 intent=10 wait=3" \
    "$(jq -r '[.triage.why[] | "\(.term)=\(.points)"] | join(" ")' "$T/a" | sed -n 2p)"

# The default ladder: 500 1k 5k 10k 100k, 20 points at the top.
for f in 0 499 500 1000 5000 10000 32000 100000 2000000; do
	mk "f$f" $now '@AcmeAir hello there' $f
done >"$T/ladder"
is "default ladder points" "0 0 4 8 12 16 16 20 20" \
    "$(tw-triage "$T/ladder" | points reach | tr '\n' ' ' | sed 's/ $//')"
is "a neutral record from nobody scores 0" "0" \
    "$(tw-triage "$T/ladder" | jq -r .triage.priority | head -n 1)"
mk imp $now '@AcmeAir hello there' 10 '{"metrics":{"impressions":6000}}' >"$T/imp"
is "impressions count as reach" "12" "$(tw-triage "$T/imp" | points reach)"
printf 'ladder 100 1000\nweight reach 10\n' >"$T/r1"
is "ladder and weight from RULES" "0 5 10 10" \
    "$(tw-triage -r "$T/r1" "$T/ladder" | points reach | sed -n '1p;3p;4p;5p' | tr '\n' ' ' | sed 's/ $//')"

mk v $now '@AcmeAir hello there' 0 '{"author":{"verified":true}}' >"$T/v"
is "verified author: 5" "5" "$(tw-triage "$T/v" | points verified)"

# VIPs and tiers
mk 7 $now '@AcmeAir hello there' 0 >"$T/u7"
printf 'vip @USER7\n' >"$T/vip.rules"
is "vip @name from RULES (any case): 15" "15 true" \
    "$(tw-triage -r "$T/vip.rules" "$T/u7" | jq -r '"\([.triage.why[] | select(.term == "vip") | .points][0]) \(.triage.vip)"')"
printf 'vip u7\n' >"$T/vipid.rules"
is "vip by user id" "15" "$(tw-triage -r "$T/vipid.rules" "$T/u7" | points vip)"
printf '{"user":"@user7","tier":"gold","tags":["press"],"note":"n"}\n' >"$T/crm"
is "CRM tier gold: 15" "15 gold" \
    "$(tw-triage --crm "$T/crm" "$T/u7" | jq -r '"\([.triage.why[] | select(.term == "tier") | .points][0]) \(.triage.tier)"')"
printf 'tier gold 30\n' >"$T/tier.rules"
is "tier points from RULES" "30" "$(tw-triage --crm "$T/crm" -r "$T/tier.rules" "$T/u7" | points tier)"
printf '{"user":"u7","tier":"platinum","tags":["VIP"]}\n' >"$T/crm2"
is "CRM by id, vip tag" "20 15" \
    "$(tw-triage --crm "$T/crm2" "$T/u7" | jq -r '"\([.triage.why[] | select(.term == "tier") | .points][0]) \([.triage.why[] | select(.term == "vip") | .points][0])"')"

# DMs
mk d $now 'hello there' 0 '{"type":"dm","dm_conversation_id":"9-ud"}' >"$T/dm"
is "a DM: 10" "10" "$(tw-triage "$T/dm" | points dm)"

# Waiting time against the SLA (default 1h, 20 points)
{
	mk w0 $now '@AcmeAir hello there' 0
	mk w30 2026-11-21T09:30:00Z '@AcmeAir hello there' 0
	mk w60 2026-11-21T09:00:00Z '@AcmeAir hello there' 0
	mk w600 2026-11-21T00:00:00Z '@AcmeAir hello there' 0
	mk wf 2026-11-21T11:00:00Z '@AcmeAir hello there' 0
} >"$T/wait"
is "waiting points: none, half, full, full, future none" "0 10 20 20 0" \
    "$(tw-triage "$T/wait" | points wait | tr '\n' ' ' | sed 's/ $//')"
printf 'sla 2h\nweight wait 40\n' >"$T/sla.rules"
is "sla and wait weight from RULES" "0 10 20 40 0" \
    "$(tw-triage -r "$T/sla.rules" "$T/wait" | points wait | tr '\n' ' ' | sed 's/ $//')"
is "the wait term says how long" "30m0s of 1h0m0s" \
    "$(tw-triage "$T/wait" | jq -r '.triage.why[] | select(.term == "wait") | .detail' | head -n 1)"

# The cap: everything at once still sums to 100.
mk all 2026-11-21T08:00:00Z '@AcmeAir my lawyer will hear about this, never again, worst service!!!' 500000 \
    '{"author":{"verified":true}}' >"$T/all"
printf 'vip @userall\n' >"$T/vipall.rules"
tw-triage -r "$T/vipall.rules" "$T/all" >"$T/out"
is "capped at 100" "100" "$(jq -r .triage.priority "$T/out")"
is "with a cap term, and the terms still add up" "true" \
    "$(jq -r '([.triage.why[].points] | add) == .triage.priority and ([.triage.why[] | select(.term == "cap")] | length) == 1' "$T/out")"

# Ties go to the oldest (waiting time off, so the ages do not decide).
{
	mk t1 2026-11-21T09:59:00Z '@AcmeAir hello there' 600
	mk t2 2026-11-21T09:10:00Z '@AcmeAir hello there' 600
	mk t3 2026-11-21T09:30:00Z '@AcmeAir hello there' 600
	mk t4 2026-11-21T09:40:00Z '@AcmeAir hello there' 50000
} >"$T/ties"
printf 'weight wait 0\n' >"$T/nowait.rules"
is "-k: highest first, then the oldest" "t4 t2 t3" \
    "$(tw-triage -k 3 -r "$T/nowait.rules" "$T/ties" | jq -r .id | tr '\n' ' ' | sed 's/ $//')"
is "-m MIN keeps only priority >= MIN" "t4" \
    "$(tw-triage --min 10 -r "$T/nowait.rules" "$T/ties" | jq -r .id)"
is "without -k the input order is kept" "t1 t2 t3 t4" \
    "$(tw-triage "$T/ties" | jq -r .id | tr '\n' ' ' | sed 's/ $//')"
is "every output record has a triage object" "4" \
    "$(tw-triage "$T/ties" | jq -r 'select(.triage.priority >= 0 and .triage.sentiment.label != null) | .id' | wc -l | tr -d ' ')"
done_testing
