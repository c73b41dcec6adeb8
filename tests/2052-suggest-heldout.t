#!/bin/sh
# 2052-suggest-heldout: tw-suggest on the first blind set of 200 labelled
# customer messages (tests/fixtures/suggest/heldout200.ndjson, README.md
# there: written and committed before tw-suggest was run on it), raw and
# after tw-triage.  It was the held-out set until the cross-language
# glossary (lib/kbcross.c) was written after its misses had been read:
# since then it is a development set, and the honest figure is
# 2053-suggest-blind2's.  The floors sit a little below what was
# measured; they guard against a regression.  The set is never edited.
. "${0%/*}/lib.sh"

KB=$TW_SRC/lib/sandbox/kb
Q=$FIXTURES/suggest
H=$Q/heldout200.ndjson
cd "$T" || exit 1

# -- the set is what its README says ----------------------------------
is "200 messages" 200 "$(wc -l <"$H" | tr -d ' ')"
is "each labelled" 200 "$(jq -c 'select(.expect | type == "array")' "$H" | wc -l | tr -d ' ')"
is "20 that no answer fits" 20 "$(jq -c 'select(.expect == [])' "$H" | wc -l | tr -d ' ')"
is "languages: 18 de, 140 en, 24 es, 18 fr" "18 de 140 en 24 es 18 fr" \
    "$(jq -r .lang "$H" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? " " : ""), $1, $2}')"
is "no triage keys" 0 "$(jq -c 'select(has("triage") or has("suggest"))' "$H" | wc -l | tr -d ' ')"
sed -n 's/^id: *//p' "$KB"/*.md | sort >ids
ids=$(cat ids)
is "the labels are ids of the sample knowledge base" "" \
    "$(jq -r '.expect[]' "$H" | sort -u | comm -23 - ids)"
is "every answer expected at least 4 times" "" \
    "$(for i in $ids; do [ "$(jq -r '.expect[]' "$H" | grep -cx -- "$i")" -ge 4 ] || echo "$i"; done)"

# figure LINE KEY: one figure (p@1, r@3, mrr) of a line of score200.jq
figure() { echo "$1" | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }

# -- raw: the records as fetched --------------------------------------
exits "tw-suggest reads the set: exit 0" 0 tw-suggest -K "$KB" "$H"
cp "$T/out" raw.out
is "every message is written with a suggest array" 200 \
    "$(jq -c 'select(.suggest | type == "array")' raw.out | wc -l | tr -d ' ')"
is "expect passes through" "$(jq -c .expect "$H" | tr '\n' ' ')" "$(jq -c .expect raw.out | tr '\n' ' ')"
jq -rs -f "$Q/score200.jq" raw.out >raw.score
diag "raw:" "$(cat raw.score)"
s() { grep "^$1 " raw.score; }
atleast "raw, all 200: top-3 accuracy" "$(figure "$(s all)" r@3)" 0.67
atleast "raw, 180 answerable: top-3 accuracy" "$(figure "$(s answerable)" r@3)" 0.70
atleast "raw, 180 answerable: precision@1" "$(figure "$(s answerable)" p@1)" 0.58
atleast "raw, 180 answerable: MRR" "$(figure "$(s answerable)" mrr)" 0.63
# the glossary finds English answers for more foreign messages, some of
# which fit none: 0.40 before it, 0.25 with it
atleast "raw, 20 with no answer: nothing suggested" "$(figure "$(s none)" r@3)" 0.20
atleast "raw, en answerable: top-3 accuracy" "$(figure "$(s answerable.en)" r@3)" 0.79
atleast "raw, es answerable: top-3 accuracy" "$(figure "$(s answerable.es)" r@3)" 0.36
atleast "raw, fr answerable: top-3 accuracy" "$(figure "$(s answerable.fr)" r@3)" 0.75
atleast "raw, de answerable: top-3 accuracy" "$(figure "$(s answerable.de)" r@3)" 0.31

# -- after tw-triage, with the demo's routing rules --------------------
cat >care.rules <<'RULES'
queue airport-ops: delayed OR delay OR cancelled OR "missed connection" OR gate
queue baggage: luggage OR bag OR baggage
queue refunds: refund OR charged OR fee
default general
RULES
tw-triage -A -r care.rules "$H" >triaged.ndjson 2>triage.err
is "tw-triage keeps all 200" 200 "$(jq -c 'select(.triage.queue)' triaged.ndjson | wc -l | tr -d ' ')"
exits "tw-suggest after tw-triage: exit 0" 0 tw-suggest -K "$KB" triaged.ndjson
jq -rs -f "$Q/score200.jq" "$T/out" >tri.score
diag "after tw-triage:" "$(cat tri.score)"
s() { grep "^$1 " tri.score; }
atleast "triaged, all 200: top-3 accuracy" "$(figure "$(s all)" r@3)" 0.68
atleast "triaged, 180 answerable: top-3 accuracy" "$(figure "$(s answerable)" r@3)" 0.71
atleast "triaged, 180 answerable: precision@1" "$(figure "$(s answerable)" p@1)" 0.61
done_testing
