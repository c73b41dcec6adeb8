#!/bin/sh
# tw-fetch tweets, conversation, users: lookups in batches, threads in
# reply order, profiles as user records.
. "${0%/*}/lib.sh"

sandbox_start --mentions 150 || exit 1
sb GET /_sandbox/state >"$T/sb.json"

# tweets: 150 ids go in two requests (100 a batch).
jq -r '.tweets[].id' "$T/sb.json" | head -n 150 >"$T/ids"
exits "tweets: 150 ids" 0 tw-fetch -v tweets $(cat "$T/ids")
is "tweets: every id, in one record each" "$(sort "$T/ids")" "$(jq -r .id "$T/out" | sort)"
like "tweets: batched, 100 a request" "requests 2," "$(cat "$T/err")"
is "tweets: source lookup" "lookup" "$(jq -r .source "$T/out" | sort -u)"
exits "tweets: an unknown id is reported, the rest printed, exit 1" 1 \
    tw-fetch tweets "$(head -n 1 "$T/ids")" 1234567890123456789
is "tweets: the known one printed" 1 "$(wc -l <"$T/out")"
like "tweets: the unknown one named" "1234567890123456789" "$(cat "$T/err")"

# conversation: root first, each reply followed by the replies to it.
root=$(jq -r '[.tweets[] | select(.reply_to != null or .in_reply_to != null) | .conversation_id] | group_by(.) | max_by(length) | .[0]' "$T/sb.json")
exits "conversation: exit 0" 0 tw-fetch conversation "$root"
is "conversation: the root comes first" "$root" "$(head -n 1 "$T/out" | jq -r .id)"
# each record after the first replies to one printed before it
bad=$(jq -r '[.id, (.in_reply_to.id // "")] | @tsv' "$T/out" | awk -F'\t' '
	NR == 1 { seen[$1] = 1; next }
	!($2 in seen) { print $1 " replies to " $2 " which comes later or not at all" }
	{ seen[$1] = 1 }')
is "conversation: in reply order" "" "$bad"
is "conversation: every post of the thread once" \
    "$(jq -r --arg c "$root" '.tweets[] | select(.conversation_id == $c) | .id' "$T/sb.json" | sort)" \
    "$(jq -r .id "$T/out" | sort)"
last=$(tail -n 1 "$T/out" | jq -r .id)
exits "conversation from a reply finds the root" 0 tw-fetch conversation "$last"
is "conversation from a reply: same thread" "$root" "$(head -n 1 "$T/out" | jq -r .id)"

exits "users: two profiles" 0 tw-fetch users @grumpy_gus nomadnina
is "users: records of type user with profiles" "user grumpy_gus
user nomadnina" "$(jq -r '[.type, .username] | join(" ")' "$T/out")"
done_testing
