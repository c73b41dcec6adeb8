#!/bin/sh
# tw-metrics -g by record paths, several keys at once, the fixed names as
# before; replies count for their conversation's group.
. "$(dirname "$0")/lib.sh"

f=$FIXTURES/metrics/groups.ndjson
# The fixture (account 100, Monday 2026-11-02, UTC), by customer:
#  c1: 09:00 refund, en, verified false; jo replies 09:10 (600 s)
#  c2: 10:00 refund, es, verified true; sam answers by DM 10:30 (1800 s)
#  c3: 11:00 refund, en; never answered
#  c4: 12:00 delay, en (queue ops); jo replies 12:05 (300 s); c4 writes
#      again 12:20, triaged refund/billing: the same conversation
#  c5: 13:00, no triage and no lang; sam replies 13:20 (1200 s)
row='[.group, .conversations, .inbound, .responded, .frt.median_s]'
rows() { jq -c "$row" "$T/out" | tr '\n' ' ' | sed 's/ $//'; }

exits "-g triage.intent,lang: exit 0" 0 tw-metrics -g triage.intent,lang "$f"
# c4's second message (refund) stays in its conversation's group, delay;
# c5 has neither key: "-,-"; refund,en is c1 (600 s) and c3 (unanswered)
is "two paths: a group per pair of values, sorted" \
    '["-,-",1,1,1,1200] ["delay,en",1,2,1,300] ["refund,en",2,2,1,600] ["refund,es",1,1,1,1800]' \
    "$(rows)"
cp "$T/out" "$T/pair"
exits "-g intent -g lang: exit 0" 0 tw-metrics -g intent -g lang "$f"
is "repeated -g, and intent for triage.intent: the same report" \
    "$(cat "$T/pair")" "$(cat "$T/out")"

exits "-g intent,agent: exit 0" 0 tw-metrics -g intent,agent "$f"
is "a path with a fixed name: who answered first, - for unanswered c3" \
    '["-,sam",1,1,1,1200] ["delay,jo",1,2,1,300] ["refund,-",1,1,0,null] ["refund,jo",1,1,1,600] ["refund,sam",1,1,1,1800]' \
    "$(rows)"

exits "-g author.verified: exit 0" 0 tw-metrics -g author.verified "$f"
# "-": c3, c4, c5; FRT 300 and 1200, median 750
is "a boolean path; absent is -" \
    '["-",3,4,2,750] ["false",1,1,1,600] ["true",1,1,1,1800]' "$(rows)"

exits "-g queue,channel: exit 0" 0 tw-metrics -g queue,channel "$f"
# the first message's queue and channel: c1, c2 (DM reply, public first
# message), c3 billing; c4 ops; c5 none.  billing FRT 600 and 1800
is "two fixed names at once" \
    '["-,public",1,1,1,1200] ["billing,public",3,3,2,1200] ["ops,public",1,2,1,300]' \
    "$(rows)"
exits "-g queue alone: as before" 0 tw-metrics -g queue "$f"
is "-g queue" '["-",1,1,1,1200] ["billing",3,3,2,1200] ["ops",1,2,1,300]' "$(rows)"

tac "$f" >"$T/rev"
exits "reversed input: exit 0" 0 tw-metrics -g triage.intent,lang "$T/rev"
is "reversed input: the same report" "$(cat "$T/pair")" "$(cat "$T/out")"

exits "-g all: one group" 0 tw-metrics -g all "$f"
is "-g all" '["all",5,6,4,900]' "$(rows)"

exits "-g with an empty key: exit 2" 2 tw-metrics -g queue, "$f"
like "... the error names it" "^tw-metrics: -g: an empty key: 'queue,'$" "$(cat "$T/err")"
exits "-g with five keys: exit 2" 2 tw-metrics -g a,b,c,d,e "$f"
like "... at most 4" "at most 4 keys" "$(cat "$T/err")"

exits "table: the joined group names" 0 tw-metrics -g intent,lang -f table "$f"
like "table row refund,es" '^refund,es +1 +1 +100 +30m00s' "$(cat "$T/out")"

done_testing
