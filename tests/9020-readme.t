#!/bin/sh
# 9020-readme: README.md's quick start, as written, step by step: the
# programs installed (make install, PREFIX), the sandbox block run line by
# line (its port and home moved to ours; "ID" Gus's post, of the case
# the block claimed; a browser that presses Authorize: approve.py)
# with each of the three logins; and the crontab run as cron runs it —
# env -i with PATH=/usr/bin:/bin, the crontab's variables, in HOME — three
# times: exit 0, nothing printed, every record once.
# timeout: 300
. "$(dirname "$0")/lib.sh"

README=$TW_SRC/README.md
H=$T/home
mkdir -p "$H"
# the lines of the indented block that follows the line matching $1
block() {
	awk -v pat="$1" '
	index($0, pat) { want = 1; next }
	want && /^    / { sub(/^    /, ""); print; inblock = 1; next }
	want && inblock { exit }' "$README"
}

# --- install: make install into a prefix of ours ---------------------------
P=$T/usr
make -s -C "$TW_SRC" B="$TW_BUILD" install-files PREFIX="$P" >"$T/install.out" 2>&1
is "make install (PREFIX) exits 0" 0 $?
ok "tw-auth is installed" test -x "$P/bin/tw-auth"
PATH=$P/bin:/usr/bin:/bin
export PATH

# --- the sandbox block -------------------------------------------------------
steps=$(block "Hands on, with the sandbox")
is "README has the sandbox block (12 lines)" 12 "$(printf '%s\n' "$steps" | wc -l | tr -d ' ')"
port=$("$TW_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export HOME=$H BROWSER="$TW_PYTHON $TESTS/approve.py" TW_TEST_BROWSER_LOG=$T/browser.log \
    TW_TEST_PIN=$T/pin TW_AGENT=ana
unset TW_CONFIG TW_API_BASE TW_HOME
mkfifo "$T/pin"
exec 3<>"$T/pin"
cd "$H" || exit 1
n=0
printf '%s\n' "$steps" | sed 's/  *# .*$//' >"$T/steps"
while IFS= read -r line <&4; do
	n=$((n + 1))
	line=$(printf '%s' "$line" | sed "s/-p 8080/-p $port/")
	case $line in
	*tw-sandbox*'&')
		eval "${line%&}" >"$T/sb.out" 2>"$T/sb.err" &
		sbpid=$!
		i=0
		while [ $i -lt 100 ] && ! grep -q '^http' "$T/sb.out" 2>/dev/null; do
			sleep 0.1; i=$((i + 1))
		done
		is "step $n: $line" "http://127.0.0.1:$port" "$(head -n 1 "$T/sb.out")"
		continue ;;
	*"tw-reply ID"*)
		id=$(tw-case show @grumpy_gus | jq -r 'select(.type == "tweet" and .direction == "in") | .id' | tail -n 1)
		line=$(printf '%s' "$line" | sed "s/tw-reply ID/tw-reply $id/") ;;
	esac
	eval "$line" <&3 >"$T/step.out" 2>"$T/step.err"
	rc=$?
	is "step $n: $line" 0 "$rc"
	[ "$rc" = 0 ] || diag "$(cat "$T/step.err")"
	case $line in
	export*) eval "$line" ;;        # it sets the next steps' environment
	esac
done 4<"$T/steps"
exec 3<&-
is "three logins written: oauth2 last" oauth2 "$(sed -n 's/^auth = //p' "$H/sandbox.conf")"
ok "the OAuth 1.0a token of the PIN login" grep -q '^access_token_secret = ' "$H/sandbox.conf"
ok "the app-only token" grep -q '^bearer_token = ' "$H/sandbox.conf"
ok "records filed into cases" test -s "$H/inbox.ndjson"
is "the reply was posted" 1 "$(curl -s "http://127.0.0.1:$port/_sandbox/state" | jq '[.tweets[] | select(.text | contains("Sorry to hear that! Please DM us"))] | length')"
is "the DM was sent" 1 "$(curl -s "http://127.0.0.1:$port/_sandbox/state" | jq '[.dms[] | select(.text | startswith("Hi Gus"))] | length')"
ok "the report is an SVG" grep -q '<svg' "$H/report.svg"

# --- the crontab, as cron runs it ------------------------------------------
cron=$(block "From cron")
is "README has a crontab of 3 lines" 3 "$(printf '%s\n' "$cron" | wc -l | tr -d ' ')"
# what the job sees: the crontab's variables (where tw is and the config
# moved to ours), in HOME, nothing else from us
vars=$(printf '%s\n' "$cron" | grep -E '^[A-Z_]+=' |
    sed "s|/usr/local/bin|$P/bin|; s|/home/care/.config/tw/config|$H/sandbox.conf|")
job=$(printf '%s\n' "$cron" | grep -vE '^[A-Z_]+=' | cut -d' ' -f6-)
ok "the job names a program the crontab's PATH finds" test -n "$job"
rm -rf "$H/.local/state/tw/checkpoints" "$H/inbox.ndjson" "$H/tw.log"
for i in 1 2 3; do
	# shellcheck disable=SC2086
	(cd "$H" && env -i PATH=/usr/bin:/bin HOME="$H" SHELL=/bin/sh LOGNAME=care \
	    $vars sh -c "$job") >"$T/cron.out" 2>&1
	is "cron run $i: exit 0" 0 $?
	is "cron run $i: nothing printed" "" "$(cat "$T/cron.out")"
done
is "nothing in the log" "" "$(cat "$H/tw.log" 2>/dev/null)"
total=$(wc -l <"$H/inbox.ndjson" | tr -d ' ')
uniq=$(jq -r .id "$H/inbox.ndjson" | sort -u | wc -l | tr -d ' ')
ok "the runs filed records" test "$total" -gt 0
is "every record once over three runs" "$total" "$uniq"
kill "$sbpid" 2>/dev/null
wait "$sbpid" 2>/dev/null
done_testing
