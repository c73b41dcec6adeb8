#!/bin/sh
# tw-sandbox: recent and full-archive search with the query language
. "${0%/*}/lib.sh"
. "${0%/*}/oaproxy.sh"
oaproxy_need || skip_all "$OAPROXY_WHY"

sandbox_start || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
search() {
	curl -sS -G -H "Authorization: Bearer $BT" --data-urlencode "query=$2" \
	    --data "max_results=100&tweet.fields=lang,author_id,conversation_id${3:-}" \
	    "$API/2/tweets/search/$1"
}
n() { search recent "$1" "${2:-}" | json '.meta.result_count'; }

is "lang:ja" 2 "$(n 'lang:ja')"
is "from:" 2 "$(n 'from:anna_k')"
is "#hashtag" 2 "$(n '#lostluggage')"
is "phrase" 3 "$(n '"oxygen mask"')"
is "phrase, no retweets or quotes" 1 "$(n '"oxygen mask" -is:retweet -is:quote')"
is "OR and negation" 3 "$(n '(refund OR remboursement) -from:katie_b -from:raj_patel -is:retweet')"
is "to: (replies to the brand)" 3 "$(n 'to:skyway')"
is "is:reply" 4 "$(n 'is:reply @skyway -from:skyway')"
conv=$(search recent 'from:nate_photog #lostluggage' | json '.data[0].conversation_id')
is "conversation_id: the whole thread" 3 "$(n "conversation_id:$conv")"
is "is:retweet" 3 "$(n 'is:retweet')"
is "CJK keyword" 1 "$(n '行李')"
is "recent search leaves out posts older than 7 days" 0 "$(n 'Gatwick')"
is "full-archive search has them" 1 \
    "$(search all 'Gatwick' | json .meta.result_count)"
is "bad query: 400" https://api.twitter.com/2/problems/invalid-request \
    "$(search recent '(refund' | json .type)"
like "... explains" 'missing' "$(search recent '(refund' | json '.errors[0].message')"
is "no query: 400" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BT" "$API/2/tweets/search/recent")"
# Two full-archive searches back to back, from one curl on one
# connection: the second comes well within X's 1 request/s, however busy
# the machine was before.
sleep 1.1
code=$(curl -s -o /dev/null -o "$T/r.json" -w '%{http_code} ' -H "Authorization: Bearer $BT" \
    "$API/2/tweets/search/all?query=skyway" "$API/2/tweets/search/all?query=skyway")
is "search/all twice in a second: 200, then 429 (1 request/s)" "200 429 Too Many Requests" "$code$(json .title "$T/r.json")"
sleep 1.2
is "search/all max_results 500 is fine" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BT" "$API/2/tweets/search/all?query=skyway&max_results=500")"
oa GET '/2/tweets/search/recent?query=refund'
is "recent search takes OAuth 1.0a" 200 "$STATUS"
done_testing
