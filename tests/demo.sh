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

# One line per record: time, <- from a customer or -> to one, @who
# (followers when known), text
show() {
	jq -r '(if .direction == "out" then
	        ["->", (.recipient.username // .in_reply_to.username //
	            ((.text | capture("^@(?<u>[A-Za-z0-9_]+)") | .u) // null) //
	            .in_reply_to.user_id // "?"), null]
	    else ["<-", (.author.username // "?"), .author.followers] end) as $w |
	    "  \(.created_at[11:16])  \($w[0]) @\($w[1])\(if $w[2] then " (\($w[2]))" else "" end) \(.text | gsub("\n"; " ") | .[0:100])"'
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

# The stages, in order: tests/demo.d/NN-stage.sh, sourced with $api,
# $d (a scratch directory), say and show from here.
for part in "$src"/tests/demo.d/*.sh; do
	. "$part"
done

say "done: see tw(7) for the pipelines"
