#!/bin/sh
# tw-triage: the urgency categories (tw-triage(1) URGENCY): each one's
# points and why term, negation, look-alikes, self-harm's note, RULES'
# weights and the is:urgent and urgency: operators, and the issue's
# examples (a safety report is not praise; a solicitor is legal; both
# rank above "worst airline ever").
. "${0%/*}/lib.sh"

TW_NOW=2026-11-21T10:00:00Z
export TW_NOW

# mk ID TEXT [LANG]
mk() {
	jq -nc --arg id "$1" --arg t "$2" --arg l "${3:-en}" '{type: "tweet",
	    id: $id, created_at: "2026-11-21T10:00:00Z", text: $t, lang: $l,
	    author: {id: ("u" + $id), username: ("user" + $id), followers: 10},
	    direction: "in"}'
}
urg() { jq -r '.triage.urgent | join(",")'; }
why() { jq -r '[.triage.why[] | select(.term == "urgent") | "\(.detail)=\(.points)"] | join(" ")'; }

# one post per category, each with its points and the term that found it
while IFS='|' read -r want points text; do
	is "$want: $text" "$want=$points" \
	    "$(mk c "$text" | tw-triage | jq -r '[.triage.why[] | select(.term == "urgent") | "\(.detail | sub(":.*"; ""))=\(.points)"] | join(" ")')"
done <<'EOF2'
self-harm|60|@skyway honestly I just want to end it all
safety|40|@skyway smoke in the cabin on SW12 and the crew shrugged
threat|40|@skyway I know where your CEO lives, watch your back
health|35|@skyway my husband had a heart attack at the gate
security|35|@nordbank my account was hacked and emptied overnight
legal|40|@skyway My solicitor will be in touch
regulator|30|@skyway I have complained to the Civil Aviation Authority
press|25|@skyway journalist at the Post here, can you comment on the strike?
accessibility|25|@skyway you broke my wheelchair and nobody cares
churn|15|@skyway never again, I am done with you
EOF2
is "the why detail names the term" "legal: solicitor*=40" \
    "$(mk l '@skyway My solicitor will be in touch' | tw-triage | why)"
is "two categories, two terms" "safety: smoke=40 regulator: caa=30" \
    "$(mk s '@skyway smoke in the cabin. Reported to the CAA.' | tw-triage | why)"

# languages, hashtags, misspellings
is "Spanish" safety "$(mk es '@skyway Hay humo en la cabina' es | tw-triage | urg)"
is "French" legal "$(mk fr '@skyway Mon avocat va vous contacter' fr | tw-triage | urg)"
is "German compound" safety "$(mk de '@skyway Das ist ein Sicherheitsrisiko' de | tw-triage | urg)"
is "Portuguese" self-harm "$(mk pt '@skyway quero morrer' pt | tw-triage | urg)"
is "Italian" threat "$(mk it '@skyway vi ammazzo tutti' it | tw-triage | urg)"
is "Japanese" health "$(mk ja '@skyway 機内で父が倒れました' ja | tw-triage | urg)"
is "a hashtag" safety "$(mk h '@skyway row 12 tonight #SafetyFirst' | tw-triage | urg)"
is "a misspelling" legal "$(mk m '@skyway my lawer will call you' | tw-triage | urg)"

# negation, questions and look-alikes
is "negated: not a safety issue" "" \
    "$(mk n '@skyway not a safety issue, but the tray table is loose' | tw-triage | urg)"
is "negated in French" "" \
    "$(mk n "@skyway Ce n'est pas un problème de sécurité" fr | tw-triage | urg)"
is "negated in Japanese" "" \
    "$(mk n '@skyway 安全上の問題ではありませんが' ja | tw-triage | urg)"
is "negation reaches three words back, in its clause only" "safety" \
    "$(mk n '@skyway no idea why, but there is smoke in row 3' | tw-triage | urg)"
is "self-harm is not negated" "self-harm" \
    "$(mk n "@nordbank I'm not suicidal, just at the end" | tw-triage | urg)"
is "a question about insulin is not urgent" "" \
    "$(mk q '@skyway can I bring insulin in hand luggage?' | tw-triage | urg)"
is "insulin taken away is" "health" \
    "$(mk q '@skyway security took my insulin. 10 hours to go' | tw-triage | urg)"
is "look-alike: the bomb" "" "$(mk b '@skyway the food was the bomb' | tw-triage | urg)"
is "look-alike: killing me" "" "$(mk b '@skyway this queue is killing me' | tw-triage | urg)"
is "a regulator named without a complaint is not urgent" "" \
    "$(mk r '@skyway the CAA website has a page on delays' | tw-triage | urg)"

# self-harm: the note
like "self-harm carries a note for the agent" 'crisis line' \
    "$(mk sh '@nordbank I want to kill myself' | tw-triage | jq -r .triage.note)"
is "no note otherwise" null "$(mk x '@skyway smoke' | tw-triage | jq -r .triage.note)"

# RULES: weights, queues
printf 'weight safety 70\nweight churn 0\n' >"$T/w.rules"
is "weight CATEGORY POINTS" "safety: smoke=70" \
    "$(mk w '@skyway smoke on board, never again' | tw-triage -r "$T/w.rules" | why)"
cat >"$T/q.rules" <<'R'
queue crisis: urgency:self-harm
queue safety-desk: urgency:safety
queue safety-desk: urgency:threat
queue urgent: is:urgent
default general
R
{
	mk q1 '@nordbank I want to die'
	mk q2 '@skyway there is a bomb on SW1'
	mk q3 '@skyway my lawyer will call'
	mk q4 '@skyway where is my bag'
} >"$T/q"
is "urgency:CATEGORY and is:urgent route" "crisis safety-desk urgent general" \
    "$(tw-triage -r "$T/q.rules" "$T/q" | jq -r .triage.queue | tr '\n' ' ' | sed 's/ $//')"
printf 'urgent vip-legal: is:urgent from:userq3\n' >"$T/u.rules"
is "an urgent rule may use is:urgent" "legal,vip-legal" \
    "$(mk q3 '@skyway my lawyer will call' | tw-triage -r "$T/u.rules" | urg)"

# The issue's examples, from the sandbox's seeds
{
	mk safe "@skyway Flight SW552 today: the oxygen mask panel above row 23 was taped shut and the crew said 'it's fine'. That is not fine. Reporting this to the CAA. #safety"
	mk sol '@skyway You cancelled my flight 3 times and refused EU261 compensation. My solicitor will be in touch next week unless I get my €600. Final warning.'
	mk worst '@skyway worst airline ever. never again.'
} >"$T/issue"
tw-triage "$T/issue" >"$T/issue.out"
is "the safety report: safety and regulator" "safety,regulator" \
    "$(jq -r 'select(.id == "safe") | .triage.urgent | join(",")' "$T/issue.out")"
is "the safety report is not praise" complaint \
    "$(jq -r 'select(.id == "safe") | .triage.intent' "$T/issue.out")"
is "the solicitor is legal" legal \
    "$(jq -r 'select(.id == "sol") | .triage.urgent | join(",")' "$T/issue.out")"
is "both rank above worst airline ever" "safe sol worst" \
    "$(tw-triage -k 3 "$T/issue" | jq -r .id | tr '\n' ' ' | sed 's/ $//')"
done_testing
