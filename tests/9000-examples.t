#!/bin/sh
# 9000-examples: every EXAMPLES block of tw(7) and of each tw-*.1 is run,
# page by page, in one work directory, against tw-sandbox with a fixed
# clock.  Each block runs under bash -e -o pipefail, so a failing stage of
# any pipeline fails the example; its output (stdout and stderr) must
# equal tests/fixtures/examples/PAGE.N.  Blocks in a page run in order:
# "$ " lines are commands and the other lines of such a block are the
# output the page shows (not run); a block whose first line is "# FILE"
# is that file, written to the work directory.
#
# TW_EXAMPLES_BLESS=1 writes the expected outputs instead: review the
# diff before committing it.
. "${0%/*}/lib.sh"

EXP=$FIXTURES/examples
W=$T/work
mkdir -p "$W" "$T/bin"

# Blocks not run, each with its reason.
skip() {
	case $1 in
	tw-sandbox.1.3) echo "it starts a second sandbox on the fixed port 8080" ;;
	tw-auth.1.1|tw-auth.1.2|tw-auth.1.3)
		echo "a login waits for someone at a browser (tests/1095-auth.t runs each)" ;;
	*) return 1 ;;
	esac
}
# Blocks that run until interrupted: given 3 seconds, then stopped.
untilkilled() {
	case $1 in
	tw-fetch.1.3|tw-case.1.6) return 0 ;;
	*) return 1 ;;
	esac
}
# Blocks run but whose output is not compared, each with its reason.
nocompare() {
	case $1 in
	tw-sandbox.1.1|tw-sandbox.1.2) echo "its own sandbox, on the real clock" ;;
	tw-auth.1.4) echo "the sandbox's port and the token's expiry are in it" ;;
	tw-sandbox.1.4) echo "the sandbox's fresh bearer token is in it" ;;
	*) return 1 ;;
	esac
}

# The examples' world: the sandbox's brand inbox at a fixed time, and the
# files the pages name.
NOW=2026-11-20T12:00:00Z
TW_NOW=$NOW
export TW_NOW
# the pages' paths: the state directory where it is by default
unset TW_HOME XDG_STATE_HOME
sandbox_start --now "$NOW" || exit 1
(
	cd "$W" || exit 1
	tw-fetch mentions >inbox.ndjson
	tw-fetch dms >dms.ndjson
	printf '{"in_reply_to":"2123204606161846310","text":"@grumpy_gus We are sorry to hear that. /J"}\n' >intents.ndjson
	tw-reply <intents.ndjson >replies.ndjson
	printf '{"user":"@grumpy_gus","tier":"gold","tags":["frequent"]}\n' >crm.ndjson
	cp "$FIXTURES/samples/v1.1/tweet_parser_original_format_examples.jsonl" tweets.jsonl
	cp "$FIXTURES/metrics/basic.ndjson" "$FIXTURES/metrics/cases.ndjson" .
	cp -R "$TW_SRC/lib/sandbox/kb" kb
	cp "$FIXTURES/suggest/queries.ndjson" "$FIXTURES/suggest/score.jq" .
) || { fail "the examples' files"; done_testing; exit 1; }
# the pages' account "acme" is the sandbox's brand here
sed -n '/^\[account /,$p' "$TW_CONFIG" | sed '1s/.*/[account acme]/' >>"$TW_CONFIG"
# and tw-ack(1)'s acknowledgement
echo 'ack_text = Thanks {first_name}, we have your message and will answer soon.' >>"$TW_CONFIG"
# a pager and head that read all their input, so that no stage upstream
# dies of SIGPIPE under pipefail
printf '#!/bin/sh\ncat\n' >"$T/bin/less"
printf '#!/bin/sh\n/usr/bin/head "$@"\nexec cat >/dev/null\n' >"$T/bin/head"
chmod +x "$T/bin/less" "$T/bin/head"

# norm: what changes from run to run made the same: the ids of posts and
# DMs made during the run (19 digits, not in the seeded world), times on
# the real clock, and the sandbox's fresh credentials and rate windows.
cat "$W/inbox.ndjson" "$W/dms.ndjson" >"$T/known"
D19='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
norm() {
	awk -v d19="$D19" -v today="$(date -u +%Y-%m-%d)" '
	NR == FNR { s = $0; while (match(s, d19)) { known[substr(s, RSTART, RLENGTH)] = 1; s = substr(s, RSTART + RLENGTH) }; next }
	{
		out = ""; s = $0
		while (match(s, d19)) {
			id = substr(s, RSTART, RLENGTH)
			out = out substr(s, 1, RSTART - 1) ((id in known) ? id : "ID")
			s = substr(s, RSTART + RLENGTH)
		}
		$0 = out s
		gsub(today "T[0-9:.]*Z", "TIME")
		gsub(/oauth_timestamp="[0-9]+"/, "oauth_timestamp=\"T\"")
		gsub(/oauth_consumer_key="[^"]*"/, "oauth_consumer_key=\"K\"")
		gsub(/oauth_token="[^"]*"/, "oauth_token=\"K\"")
		gsub(/x-rate-limit-reset: [0-9]+/, "x-rate-limit-reset: T")
		print
	}' "$T/known" -
}

# blocks PAGE: the EXAMPLES blocks as files $T/ex/PAGE.N (commands) and
# $T/ex/PAGE.N.file (a file block: its name on the first line)
blocks() {
	awk -v dir="$T/ex" -v page="${1##*/}" '
	function flush() {
		if (!n) return
		f = sprintf("%s/%s.%d", dir, page, ++k)
		if (lines[1] ~ /^# [A-Za-z0-9._-]+$/ && !dollar) f = f ".file"
		for (i = 1; i <= n; i++)
			if (!dollar) print lines[i] > f
			else if (lines[i] ~ /^\$ /) { cont = lines[i] ~ /(\\|\||,)$/; print substr(lines[i], 3) > f }
			else if (cont) { cont = lines[i] ~ /(\\|\||,)$/; print lines[i] > f }
		close(f); n = 0; dollar = 0
	}
	/^\.Sh / { sec = $2 }
	sec == "EXAMPLES" && /^\.Bd -literal/ { inb = 1; next }
	inb && /^\.Ed/ { inb = 0; flush(); next }
	inb { gsub(/\\e/, "\\"); lines[++n] = $0; if ($0 ~ /^\$ /) dollar = 1 }
	' "$1"
}
mkdir -p "$T/ex"
for page in "$TW_SRC"/man/tw.7 "$TW_SRC"/man/tw-*.1; do
	blocks "$page"
done
n=$(ls "$T/ex" | wc -l)
ok "the pages have examples ($n blocks)" test "$n" -ge 30

# the files the pages show, first
for ex in $(ls "$T/ex" | grep '\.file$'); do
	cp "$T/ex/$ex" "$W/$(head -n 1 "$T/ex/$ex" | cut -c3-)"
done
for ex in $(ls "$T/ex" | grep -v '\.file$' | sort -t. -k1,1 -k3,3n); do
	if why=$(skip "$ex"); then
		pass "# SKIP $ex: $why"
		continue
	fi
	limit=20
	untilkilled "$ex" && limit=3
	(cd "$W" && PATH=$T/bin:$PATH timeout $limit bash -e -o pipefail "$T/ex/$ex") \
	    >"$T/ex.raw" 2>&1
	rc=$?
	norm <"$T/ex.raw" >"$T/ex.out"
	untilkilled "$ex" && [ $rc -eq 124 ] && rc=0
	if [ $rc -ne 0 ]; then
		fail "$ex runs, every stage" "exit $rc" "$(cat "$T/ex/$ex")" "$(tail -n 5 "$T/ex.out")"
		continue
	fi
	if why=$(nocompare "$ex"); then
		pass "$ex runs, every stage (output not compared: $why)"
	elif [ -n "${TW_EXAMPLES_BLESS:-}" ]; then
		mkdir -p "$EXP"
		cp "$T/ex.out" "$EXP/$ex"
		pass "$ex runs (expected output written)"
	elif [ ! -f "$EXP/$ex" ]; then
		fail "$ex: no expected output in tests/fixtures/examples"
	elif cmp -s "$T/ex.out" "$EXP/$ex"; then
		pass "$ex runs, every stage, and gives the expected output"
	else
		fail "$ex gives the expected output" "$(diff "$EXP/$ex" "$T/ex.out" | head -n 10)"
	fi
done
# what the examples started in the background
pkill -f "tw-sandbox -p 0 -C sandbox.conf" 2>/dev/null
done_testing
