#!/bin/sh
# tw-show: golden output for the line, long, thread, CSV and TSV views,
# with CJK and emoji measured in terminal columns; widths and ages.
. "${0%/*}/lib.sh"

G=$FIXTURES/show
TW_NOW=2026-11-21T10:00:00Z
export TW_NOW
unset COLUMNS

golden() {
	_name=$1 _file=$2; shift 2
	"$@" >"$T/got" 2>"$T/goterr"
	if cmp -s "$G/$_file" "$T/got"; then pass "$_name"
	else fail "$_name" "$(diff "$G/$_file" "$T/got" | head -n 20)"; fi
}

golden "line view, 80 columns" line80.out tw-show -w 80 "$G/input.ndjson"
golden "line view, 40 columns" line40.out tw-show -w 40 "$G/input.ndjson"
golden "long view with the reasons" long.out tw-show -l -w 80 "$G/input.ndjson"
golden "thread view: by customer, tweets and DMs by time" thread.out \
    tw-show -t -w 80 "$G/input.ndjson"
golden "CSV with --fields" fields.csv tw-show --csv --fields id,author.username,triage.priority,text "$G/input.ndjson"
golden "TSV, default fields" default.tsv tw-show --tsv "$G/input.ndjson"
golden "COLUMNS sets the width" line40.out env COLUMNS=40 tw-show "$G/input.ndjson"
golden "without a terminal or COLUMNS: 80" line80.out tw-show "$G/input.ndjson"

# Every line fits its width, counted in columns (CJK and emoji are 2).
w=$(tw-show -w 40 "$G/input.ndjson" | "$TW_PYTHON" -c '
import sys, unicodedata
def cols(s):
    n, joined = 0, False
    for ch in s:
        o = ord(ch)
        if o == 0x200d:             # ZWJ: the next part joins this cluster
            joined = True
            continue
        if joined or o == 0xfe0f or unicodedata.combining(ch):
            joined = False
            continue
        n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return n
print(max(cols(l.rstrip("\n")) for l in sys.stdin))')
ok "no line wider than 40 columns ($w)" test "$w" -le 40
is "the CJK line is cut at a character boundary" \
    "  5   2m 104    @yuki_t  ~ 東京行きの便…" \
    "$(tw-show -w 40 "$G/input.ndjson" | sed -n 4p)"
is "no colour escapes off a terminal" "0" \
    "$(tw-show -l "$G/input.ndjson" | grep -c "$(printf '\033')")"

# ages
mk() { printf '{"type":"tweet","id":"1","created_at":"%s","text":"x","author":{"username":"a"}}\n' "$1"; }
for a in 2026-11-21T09:59:58Z:2s 2026-11-21T09:57:00Z:3m 2026-11-21T07:00:00Z:3h \
    2026-11-18T10:00:00Z:3d 2026-10-01T10:00:00Z:7w 2026-11-21T11:00:00Z:0s; do
	mk "${a%:*}"
done >"$T/ages"
is "ages: s, m, h, d, w; the future is 0s" "2s 3m 3h 3d 7w 0s" \
    "$(tw-show "$T/ages" | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')"
is "untriaged records show - for the priority" "-" "$(tw-show "$T/ages" | awk 'NR==1{print $1}')"

exits "--fields without --csv: usage" 2 tw-show --fields id "$G/input.ndjson"
exits "-w too small: usage" 2 tw-show -w 5 "$G/input.ndjson"
printf '%s\n{"type":\n' "$(mk 2026-11-21T09:00:00Z)" >"$T/bad"
exits "a malformed record: exit 1" 1 tw-show "$T/bad"
like "with its location" "bad:2: invalid JSON" "$(cat "$T/err")"
is "and the good one shown" "1" "$(wc -l <"$T/out" | tr -d ' ')"
done_testing
