#!/bin/sh
# tw-case batch: one process and one connection for many commands, as an
# agent's client or a script working the queue holds it.  Each line is a
# command, each command ends with a done record and its status; a usage
# error ends that command, not the batch; eight batches claiming at once
# get every case once; the done lines agree with what the same commands
# do one process each.
. "$(dirname "$0")/lib.sh"

printf '[account brand]\nuser_id = 100\nusername = brand\n' >"$TW_CONFIG"
chmod 600 "$TW_CONFIG"
export TW_AGENT=alice TW_NOW=2026-11-20T12:00:00Z

# N inbound posts, one a customer, priorities falling
i=1
while [ $i -le 40 ]; do
	jq -cn --arg id "$((2000 + i))" --arg u "cust$i" --argjson p "$((100 - i))" '
	{type: "tweet", id: $id, created_at: "2026-11-20T09:00:00Z",
	 text: "@brand help please", account: {id: "100", username: "brand"},
	 direction: "in", author: {id: ("u" + $u), username: $u},
	 triage: {priority: $p, queue: "general"}}'
	i=$((i + 1))
done >"$T/in"
exits "forty cases" 0 tw-case add "$T/in"

# done ARG...: the done records of a batch's output, "line command exit"
dones() { jq -r 'select(.type == "done") | "\(.line) \(.command) \(.exit)"' "$T/out" | paste -sd, -; }

printf '%s\n' 'next' 'note "called back, rebooked on BA117" 1' '# a comment' '' \
    'tag +vip 1' 'show 1' >"$T/cmds"
exits "a batch of commands: exit 0" 0 tw-case batch <"$T/cmds"
is "a done record a command, with its input line and status" \
    "1 next 0,2 note 0,5 tag 0,6 show 0" "$(dones)"
is "next claimed the highest case" "1 alice" \
    "$(jq -r 'select(.type == "case") | "\(.case.id) \(.case.owner)"' "$T/out" | head -n 1)"
is "the note, with its spaces and comma, is in the case's events" \
    "called back, rebooked on BA117" \
    "$(tw-case show 1 | jq -r 'select(.event == "note") | .text')"
is "the tag too" '["vip"]' "$(tw-case show 1 | jq -c 'select(.type == "case") | .case.tags')"
is "nothing on stderr" "" "$(cat "$T/err")"

# errors end the command, not the batch
printf '%s\n' 'bogus' 'ls --bad' 'next -k x' "show 99" 'note "open quote' \
    'resolve 1' '--help' 'add' 'ls --follow' '-a brand ls' 'next' >"$T/cmds"
exits "a batch with bad lines: exit 0 (each command has its own status)" 0 \
    tw-case batch <"$T/cmds"
is "each bad line failed alone: usage 2, an unknown case 1" \
    "1 - 2,2 ls 2,3 next 2,4 show 1,5 - 2,6 resolve 0,7 - 2,8 - 2,9 ls 2,10 ls 2,11 next 0" \
    "$(dones | sed 's/  / - /g; s/ ,/ - /g')"
is "one line on stderr for each" 9 "$(wc -l <"$T/err")"
like "naming the command" "batch: no command 'bogus'" "$(sed -n 1p "$T/err")"
like "and the unterminated quote with its line" "batch: line 5: unterminated quote" "$(cat "$T/err")"
unlike "no usage text in a batch" "Try 'tw-case --help'" "$(cat "$T/err")"
is "case 1 resolved, and the last next took case 2" "1 resolved|open" \
    "$(tw-case ls --status resolved | jq -r '"\(.case.id) \(.case.state)"' | head -n 1)|$(tw-case show 2 | jq -r 'select(.type == "case") | .case.state')"

# the same commands one process each agree with the batch
TW_AGENT=bob tw-case next >"$T/one" 2>/dev/null
printf 'next\n' | TW_AGENT=carol tw-case batch >"$T/out"
is "a batch's next prints what tw-case next prints (the next case)" \
    "$(jq -c 'select(.type == "case") | .case | del(.id, .owner, .customer, .opened, .updated, .claimed_until, .priority, .due)' "$T/one")" \
    "$(jq -c 'select(.type == "case") | .case | del(.id, .owner, .customer, .opened, .updated, .claimed_until, .priority, .due)' "$T/out")"
is "one case after the other" "3 4" \
    "$(jq -r 'select(.type == "case") | .case.id' "$T/one") $(jq -r 'select(.type == "case") | .case.id' "$T/out")"

# eight batches claim at once: every case once
for a in a1 a2 a3 a4 a5 a6 a7 a8; do
	( yes next | head -n 10 | TW_AGENT=$a tw-case batch >"$T/b.$a" 2>"$T/e.$a"; echo $? >"$T/rc.$a" ) &
done
wait
is "every batch ended with exit 0" "0 0 0 0 0 0 0 0" "$(cat "$T"/rc.* | tr '\n' ' ' | sed 's/ $//')"
is "80 nexts answered" 80 "$(cat "$T"/b.* | jq -r 'select(.type == "done") | .exit' | wc -l)"
is "36 of them claimed a case, the rest found none" "36 44" \
    "$(cat "$T"/b.* | jq -r 'select(.type == "done") | .exit' | sort | uniq -c | awk '{printf "%s%s", s, $1; s=" "}')"
is "the 36 cases left, each once" "$(seq 5 40 | paste -sd' ' -)" \
    "$(cat "$T"/b.* | jq -r 'select(.type == "case") | .case.id' | sort -n | paste -sd' ' -)"
is "stderr says only that nothing was left" "" "$(cat "$T"/e.* | grep -v 'no case to claim')"

# input that is not text ends the batch as other programs' input does
printf 'ls -k 1\n\377\376\nls -k 1\n' >"$T/bin"
exits "a line that is not UTF-8: skipped, exit 0" 0 tw-case batch <"$T/bin"
is "with a done record of its own, exit 2 (a client waiting for it goes on)" \
    "1 ls 0,2 - 2,3 ls 0" "$(dones | sed 's/  / - /g')"
printf '\000\001\002binary\nls\n' >"$T/bin"
exits "binary input: exit 2" 2 tw-case batch <"$T/bin"
exits "operands: the commands come on stdin (exit 2)" 2 tw-case batch ls

done_testing
