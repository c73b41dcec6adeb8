#!/bin/sh
# tw-triage: precision and recall of spam on the labelled fixture
# (tests/fixtures/spam/README), tuning and held-out sets; spam never
# reaches a queue, and -A keeps it, marked, with its signals.
. "${0%/*}/lib.sh"

TW_NOW=2026-11-21T10:00:00Z
export TW_NOW

# check SET PRECISION RECALL
check() {
	tw-triage -A "$FIXTURES/spam/$1.ndjson" >"$T/$1.out"
	jq -s -r --arg got noise -f "$TESTS/prf.jq" "$T/$1.out" | grep '^all' >"$T/$1.prf"
	diag "$1: TP FP FN precision% recall%: $(cut -d' ' -f2- "$T/$1.prf")"
	read -r _ tp fp fn p r <"$T/$1.prf"
	ok "$1: precision $p% >= $2%" test "$p" -ge "$2"
	ok "$1: recall $r% >= $3%" test "$r" -ge "$3"
}
check tuning 95 95
check heldout 90 90
check second 90 90     # measured blind first: 88% and 57%
check fresh 80 65      # never tuned on: 82% and 68%

# Without -A no spam is written; with -A it has no queue and priority 0.
cat "$FIXTURES"/spam/*.ndjson >"$T/all"
is "without -A: no spam in the output" 0 \
    "$(tw-triage "$T/all" | jq -r 'select(.triage.noise == "spam") | .id' | grep -c .)"
is "with -A: spam is marked, queue null, priority 0" "null 0" \
    "$(tw-triage -A "$T/all" | jq -r 'select(.triage.noise == "spam") | "\(.triage.queue) \(.triage.priority)"' | sort -u)"
printf 'queue everything: followers:0\n' >"$T/rules"
is "not even a rule that takes everything queues spam" null \
    "$(tw-triage -A -r "$T/rules" "$T/all" | jq -r 'select(.triage.noise == "spam") | .triage.queue' | sort -u)"
like "the signals are given" '^money,contact,crypto,new-account,no-followers,follows-thousands,link$' \
    "$(tw-triage -A "$T/all" | jq -r 'select(.id == "s1") | .triage.spam')"
like "a link farm says so" 'links-or-mentions' \
    "$(tw-triage -A "$T/all" | jq -r 'select(.id == "s6") | .triage.spam')"
for i in 1 2 3; do
	jq -nc --arg i $i '{type: "tweet", id: ("r" + $i), text: "@skyway what a lovely airline you are",
	    author: {id: ("a" + $i), followers: 900, following: 300}}'
done >"$T/rep"
is "the same text from three accounts: the third is repeated-text" "r1= r2= r3=repeated-text" \
    "$(tw-triage -A "$T/rep" | jq -r '"\(.id)=\(.triage.spam // "")"' | tr '\n' ' ' | sed 's/ $//')"
done_testing
