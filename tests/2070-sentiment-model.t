#!/bin/sh
# tw-triage --model: the care sentiment model (lib/sentmodel.c, trained by
# lib/train-sentiment.py).  The C scores equal the script's (to 1e-3, on
# texts whose probabilities the script printed), the option's output and
# why, the lexicon kept for other languages, and both the model and the
# lexicon on the held-out 20% of VADER's rated tweets
# (tests/fixtures/sentmodel, never used for training or tuning).
# Floors: the measured figures minus 0.02.
. "${0%/*}/lib.sh"
U=$TW_BUILD/tests/unit/sentmodel

gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
floor() { if gt "$2" "$3"; then pass "$1 ($2 >= $3)"; else fail "$1" "$2 is below $3"; fi; }
# close NAME "A B C" "A B C": each within 1e-3
close() {
	if awk -v a="$2" -v b="$3" 'BEGIN { n = split(a, x, " "); split(b, y, " ");
	    for (i = 1; i <= 3; i++) { d = x[i] - y[i]; if (d > 0.001 || d < -0.001) exit 1 } }'
	then pass "$1"; else fail "$1" "got $2" "want $3"; fi
}

# lib/train-sentiment.py --probe TEXT..., for the weights in the tree
close "C = script: a delayed flight" \
    "$($U -p 'My flight was delayed 3 hours and the staff were rude')" \
    "0.987409 0.012138 0.000453"
close "C = script: thanks" "$($U -p 'Thanks so much, great service!')" \
    "0.006043 0.004398 0.989559"
close "C = script: a question" "$($U -p 'Where is my order?')" \
    "0.822405 0.172290 0.005305"
close "C = script: empty" "$($U -p '')" "0.000075 0.999585 0.000340"
close "C = script: mention, link, emoticon" \
    "$($U -p '@united lost my BAG again http://x.co ugh!!! :(')" \
    "0.998313 0.001324 0.000364"

tri() { jq -nc --arg t "$2" --arg l "$1" '{type: "tweet", id: "1",
    lang: $l, text: $t}' | tw-triage -A --model; }
out=$(tri en 'my flight was delayed 3 hours and the staff were rude')
is "--model: the label" negative "$(echo "$out" | jq -r .triage.sentiment.label)"
is "--model: p_pos - p_neg" -0.987 "$(echo "$out" | jq -r .triage.sentiment.score)"
like "--model: why names the model and words" 'model -0.987 .*rude' \
    "$(echo "$out" | jq -r '.triage.why[] | select(.term == "sentiment") | .detail')"
is "--model: positive" positive \
    "$(tri en 'Thanks so much, great service!' | jq -r .triage.sentiment.label)"
is "--model: German keeps the lexicon" \
    "$(jq -nc '{type: "tweet", id: "1", lang: "de", text: "Danke für die schnelle Hilfe"}' | tw-triage -A | jq -c .triage)" \
    "$(jq -nc '{type: "tweet", id: "1", lang: "de", text: "Danke für die schnelle Hilfe"}' | tw-triage -A --model | jq -c .triage)"
is "without --model: the lexicon's why" '-0.' \
    "$(tri en 'my flight was delayed and the staff were rude' | tw-triage -A |
    jq -r '.triage.why[] | select(.term == "sentiment") | .detail' | cut -c1-3)"

# held-out: "lexicon|model ACC NEGF1 MACROF1 N"
ev=$($U -e "$TW_SRC/tests/fixtures/sentmodel/heldout.tsv")
diag "held-out (975 texts): name accuracy negative-F1 macro-F1 n" "$ev"
set -- $(echo "$ev" | grep '^model')
floor "model held-out accuracy" "$2" 0.778
floor "model held-out negative F1" "$3" 0.828
floor "model held-out macro F1" "$4" 0.730
set -- $(echo "$ev" | grep '^lexicon')
floor "lexicon held-out accuracy" "$2" 0.782

done_testing
