#!/bin/sh
# tw-show and cases: a case built for real (fetched, triaged, filed,
# claimed, noted, tagged, answered in public and by DM, resolved, on a
# fixed clock) shown by tw-case show | tw-show -t; tw-case next and ls
# through tw-show; a hand-written case in CJK and emoji at 40 and 80
# columns.  Every view is compared with its golden file in
# tests/fixtures/show-case; no line is wider than its width.
#
# TW_GOLDEN_BLESS=1 writes the golden files instead: read them, as a
# care agent would, before committing them.
. "${0%/*}/lib.sh"

G=$FIXTURES/show-case
unset COLUMNS

golden() {
	_name=$1 _file=$2; shift 2
	"$@" >"$T/got" 2>"$T/goterr"
	if [ -n "${TW_GOLDEN_BLESS:-}" ]; then
		cp "$T/got" "$G/$_file"
		pass "$_name (golden written)"
	elif cmp -s "$G/$_file" "$T/got"; then
		pass "$_name"
	else
		fail "$_name" "$(diff "$G/$_file" "$T/got" | head -n 20)" \
		    "$(head -c 500 "$T/goterr")"
	fi
}

# widest FILE: the widest line, in terminal columns (CJK and emoji 2,
# combining marks and the parts a ZWJ joins 0)
widest() {
	"$TW_PYTHON" -c '
import sys, unicodedata
def cols(s):
    n, joined, ri = 0, False, False
    for ch in s:
        o = ord(ch)
        if o == 0x200d:             # ZWJ: the next part joins this cluster
            joined = True
            continue
        if joined or o == 0xfe0f or unicodedata.combining(ch):
            joined = False
            continue
        if 0x1f1e6 <= o <= 0x1f1ff: # a flag is two regional indicators
            ri = not ri
            n += 2 if ri else 0
            continue
        n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return n
print(max([cols(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")] + [0]))' "$1"
}

fits() {
	_w=$(widest "$2")
	ok "$1: no line wider than $3 columns ($_w)" test "$_w" -le "$3"
}

# --- a hand-written case: CJK, emoji (ZWJ, flags), combining marks ---
TW_NOW=2026-11-20T12:00:00Z
export TW_NOW
for w in 80 40; do
	golden "hand-written cases, thread view, $w columns" cases$w.out \
	    tw-show -t -w $w "$G/cases.ndjson"
	fits "cases at $w" "$T/got" $w
done
golden "hand-written cases, one line each" cases-line.out \
    tw-show -w 80 "$G/cases.ndjson"
fits "one line each" "$T/got" 80
golden "hand-written cases, long view" cases-long.out \
    tw-show -l -w 80 "$G/cases.ndjson"
fits "long view" "$T/got" 80
golden "CSV: case.id and case.state as fields, events as rows" cases.csv \
    tw-show --csv --fields type,case.id,case.state,event,agent,id "$G/cases.ndjson"
out=$(tw-show -t -w 80 "$G/cases.ndjson")
like "due in 20m, relative to TW_NOW" "due in 20m" "$out"
like "overdue 1h5m" "overdue 1h5m" "$out"
like "the profile: name, followers, verified, tier, CRM tags, VIP" \
    "@sakura_tabi  佐藤さくら 🌸  12k followers  verified  東京 🇯🇵  tier gold" "$out"
like "an escalation with its reason" \
    "escalated general → billing by alice \(refund over" "$out"
like "records without a case keep the customer's thread" \
    "^@kim_j  1 item, priority 20" "$out"

# --- a case built for real ---
sandbox_start --now 2026-11-20T12:00:00Z || { fail "sandbox"; done_testing; exit 1; }
TW_NOW=2026-11-20T12:00:00Z
ok "fetch mentions" sh -c 'tw-fetch mentions >"$0/m.ndjson"' "$T"
ok "fetch DMs" sh -c 'tw-fetch dms >"$0/d.ndjson"' "$T"
ok "triage and file into cases" sh -c \
    'cat "$0/m.ndjson" "$0/d.ndjson" | tw-triage | tw-case add >/dev/null' "$T"

TW_AGENT=alice
export TW_AGENT
at() { _t=$1; shift; TW_NOW=2026-11-20T$_t:00Z "$@"; }
ok "alice claims Priya's case" at 12:00 tw-case claim @priya_n
ok "a note" at 12:01 tw-case note "Paid twice for 3A: refund one £28 seat fee" @priya_n
ok "tags" at 12:02 tw-case tag +refund +billing @priya_n
ok "a public reply" at 12:03 tw-reply 2123265004139446312 \
    "@priya_n Sorry about that, Priya. We've sent you a DM to sort it out. /Alice"
ok "a DM" at 12:04 tw-dm @priya_n \
    "Hi Priya, I can see two £28 charges for seat 3A on HT4K9Z. I've refunded one; it shows on your card in 3-5 days. /Alice"
ok "resolved" at 12:10 tw-case resolve --reason "refunded one seat fee" @priya_n

TW_NOW=2026-11-20T12:30:00Z
golden "tw-case show | tw-show -t: header, profile, notes, tweets and DMs by time" \
    story80.out sh -c 'tw-case show @priya_n | tw-show -t -w 80'
fits "the story at 80" "$T/got" 80
golden "the same at 40 columns" story40.out \
    sh -c 'tw-case show @priya_n | tw-show -t -w 40'
fits "the story at 40" "$T/got" 40
# (the ID column of what the brand sent: the sandbox makes those ids
# from the clock, so they are masked)
golden "tw-case show | tw-show: one line each" story-line.out \
    sh -c 'tw-case show @priya_n | tw-show -w 80 |
	sed "/@skyway/s/^\(.\{9\}\)[0-9]\{6\}/\1nnnnnn/"'
golden "tw-case next | tw-show -t: bob's next case, overdue" next.out \
    sh -c 'TW_AGENT=bob tw-case next | tw-show -t -w 80'
golden "tw-case ls | tw-show -t: one group per case" ls.out \
    sh -c 'tw-case ls -k 3 | tw-show -t -w 80'
fits "ls" "$T/got" 80
done_testing
