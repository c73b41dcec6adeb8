#!/bin/sh
# make demo: the care workflow end to end against tw-sandbox, with the
# programs that exist so far.  Nothing here touches the internet.
set -eu
build=${1:-$(pwd)}
src=$(cd "$(dirname "$0")/.." && pwd)
sh "$src/tests/deps.sh" test >/dev/null
PATH=$build/cmd:$PATH
d=$(mktemp -d "${TMPDIR:-/tmp}/tw-demo.XXXXXX")
export TW_CONFIG=$d/config TW_HOME=$d/state
unset TW_ACCOUNT TW_API_BASE
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$d"; }
trap cleanup EXIT INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
[ -t 1 ] || say() { printf '\n== %s\n' "$*"; }

# One line per record: @who (followers) text
show() {
	jq -r '"  \(.created_at[11:16])  \(if .direction == "out" then "->" else "<-" end) @\(.author.username // .sender.username // "?") (\(.author.followers // 0)) \(.text | gsub("\n"; " ") | .[0:100])"'
}

tw-sandbox -p 0 -C "$TW_CONFIG" >"$d/sandbox.out" 2>"$d/sandbox.err" &
pid=$!
i=0
until head -n 1 "$d/sandbox.out" 2>/dev/null | grep -q '^http://'; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "demo: tw-sandbox did not start:" >&2
		cat "$d/sandbox.err" >&2
		exit 1
	fi
	sleep 0.1
done
api=$(head -n 1 "$d/sandbox.out")
say "tw-sandbox is a local X API at $api (config: account 'sandbox')"

say "1. get: every mention of the brand, checkpointed in 'inbox'"
tw-fetch -s inbox mentions >"$d/inbox.ndjson"
echo "  $(wc -l <"$d/inbox.ndjson") mentions; the five newest:"
head -n 5 "$d/inbox.ndjson" | show

say "a customer tweets; the next run fetches only that"
curl -sS -X POST -H 'Content-Type: application/json' \
    --data-binary '{"username":"demo_traveller","text":"@'"$(jq -r .data.username <<EOF
$(tw-api /2/users/me)
EOF
)"' my flight has been delayed 6 hours and nobody at the gate knows anything"}' \
    "$api/_sandbox/tweets" >/dev/null
tw-fetch -s inbox mentions | show

say "search: complaints about delays and luggage (recent search)"
tw-fetch -n 5 search 'delayed OR luggage -is:retweet' | show

say "DMs: the private side of the conversations"
tw-fetch dms >"$d/dms.ndjson"
echo "  $(wc -l <"$d/dms.ndjson") DM events; the five newest:"
head -n 5 "$d/dms.ndjson" | show

say "a thread, root first, in reply order"
root=$(jq -r 'select(.in_reply_to != null) | .conversation_id' "$d/inbox.ndjson" | head -n 1)
[ -n "$root" ] && tw-fetch conversation "$root" | show

say "cost of this session's reads"
tw-fetch -v -s inbox mentions 2>&1 >/dev/null | sed 's/^/  /'

say "done: see tw(7) for the pipelines"
