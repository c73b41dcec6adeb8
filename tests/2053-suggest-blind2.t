#!/bin/sh
# 2053-suggest-blind2: tw-suggest on the second blind set of 200 labelled
# customer messages (tests/fixtures/suggest/blind2.ndjson, blind2.md):
# written by a helper that read only the knowledge base and the record
# format, never the ranker nor the first set, and committed before
# tw-suggest was run on it; the ranker has not been changed since its
# first run.  Top-3 accuracy on it is the figure tw-suggest(1) QUALITY
# reports.  Floors a little below what was measured (0.805 all, 0.878
# answerable): a regression guard, not a target.  The set is never edited.
. "${0%/*}/lib.sh"

KB=$TW_SRC/lib/sandbox/kb
Q=$FIXTURES/suggest
H=$Q/blind2.ndjson
cd "$T" || exit 1

is "200 messages" 200 "$(wc -l <"$H" | tr -d ' ')"
is "20 that no answer fits" 20 "$(jq -c 'select(.expect == [])' "$H" | wc -l | tr -d ' ')"
is "languages: 23 de, 130 en, 24 es, 23 fr" "23 de 130 en 24 es 23 fr" \
    "$(jq -r .lang "$H" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? " " : ""), $1, $2}')"
is "139 mentions, 61 DMs" "61 dm 139 tweet" \
    "$(jq -r .type "$H" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? " " : ""), $1, $2}')"
sed -n 's/^id: *//p' "$KB"/*.md | sort >ids
is "the labels are ids of the sample knowledge base" "" \
    "$(jq -r '.expect[]' "$H" | sort -u | comm -23 - ids)"
is "every answer expected at least 3 times" "" \
    "$(for i in $(cat ids); do [ "$(jq -r '.expect[]' "$H" | grep -cx -- "$i")" -ge 3 ] || echo "$i"; done)"

exits "tw-suggest reads the set: exit 0" 0 tw-suggest -K "$KB" "$H"
jq -rs -f "$Q/score200.jq" "$T/out" >score
diag "$(cat score)"
figure() { grep "^$1 " score | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }
atleast "all 200: top-3 accuracy" "$(figure all r@3)" 0.78
atleast "180 answerable: top-3 accuracy" "$(figure answerable r@3)" 0.85
atleast "180 answerable: precision@1" "$(figure answerable p@1)" 0.65
atleast "180 answerable: MRR" "$(figure answerable mrr)" 0.74
atleast "20 with no answer: nothing suggested" "$(figure none r@3)" 0.10
atleast "en answerable: top-3 accuracy" "$(figure answerable.en r@3)" 0.81
atleast "es answerable: top-3 accuracy" "$(figure answerable.es r@3)" 0.86
atleast "fr answerable: top-3 accuracy" "$(figure answerable.fr r@3)" 0.95
atleast "de answerable: top-3 accuracy" "$(figure answerable.de r@3)" 0.90
done_testing
