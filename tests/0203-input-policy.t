#!/bin/sh
# 0203-input-policy: tw-record(5)'s input policy, the same in every
# reading program: invalid UTF-8, a NUL byte (leading or inside a string)
# and a line over TW_MAX_LINE are reported with FILE:LINE and skipped,
# exit 1; the other lines go on; nothing invalid reaches the output.
. "$(dirname "$0")/lib.sh"

cd "$T" || exit 1
rec() { printf '{"type":"tweet","id":"%s","created_at":"2026-11-02T09:00:%02dZ","account":{"id":"1"},"direction":"in","author":{"id":"5"},"text":"%b"}\n' "$1" "$1" "$2"; }

{ rec 1 ok; rec 2 'bad \377 byte'; rec 3 'caf\303\251'; rec 4 'cut \303'
  rec 5 'overlong \300\257'; rec 6 'surrogate \355\240\200'
  rec 7 'too big \364\220\200\200'; rec 8 'fine'; } >utf8.ndjson
exits "invalid UTF-8: exit 1" 1 tw-norm utf8.ndjson
is "invalid UTF-8: the valid lines pass" "1 3 8" \
    "$(jq -r .id out | tr '\n' ' ' | sed 's/ $//')"
is "invalid UTF-8: FILE:LINE and column" \
    "tw-norm: utf8.ndjson:2: invalid UTF-8 at column 132 (byte 0xff); line skipped" \
    "$(sed -n 1p err)"
is "invalid UTF-8: every bad line named" "2 4 5 6 7" \
    "$(sed 's/^tw-norm: utf8.ndjson:\([0-9]*\):.*/\1/' err | tr '\n' ' ' | sed 's/ $//')"
ok "invalid UTF-8: the output is valid UTF-8" iconv -f UTF-8 -t UTF-8 out

# a NUL inside created_at, and a NUL leading the line
{ rec 1 ok; printf '{"type":"tweet","id":"2","created_at":"2026-11-02T09:00:0\0001Z","account":{"id":"1"},"direction":"in","author":{"id":"5"},"text":"x"}\n'
  printf '\000{"type":"tweet","id":"3","created_at":"2026-11-02T09:00:00Z","account":{"id":"1"},"direction":"in","author":{"id":"5"},"text":"y"}\n'
  rec 4 ok; } >nul.ndjson
exits "NUL: exit 1" 1 tw-norm nul.ndjson
is "NUL: the others pass" "1 4" "$(jq -r .id out | tr '\n' ' ' | sed 's/ $//')"
is "NUL in a string: located, not a misleading 'needs created_at'" \
    "tw-norm: nul.ndjson:2: NUL byte at column 58; line skipped" \
    "$(sed -n 1p err)"
is "leading NUL: not taken as white space" \
    "tw-norm: nul.ndjson:3: NUL byte at column 1; line skipped" \
    "$(sed -n 2p err)"

# the same policy in tw-triage and tw-metrics (its fast scanner path)
exits "tw-triage: exit 1" 1 tw-triage -A utf8.ndjson
is "tw-triage: the valid lines pass" "1 3 8" \
    "$(jq -r .id out | sort -n | tr '\n' ' ' | sed 's/ $//')"
like "tw-triage: located" '^tw-triage: utf8.ndjson:2: invalid UTF-8 at column 132' \
    "$(sed -n 1p err)"
exits "tw-metrics: exit 1" 1 tw-metrics -f ndjson utf8.ndjson
like "tw-metrics: located" '^tw-metrics: utf8.ndjson:2: invalid UTF-8 at column 132' \
    "$(sed -n 1p err)"
is "tw-metrics: three posts counted" 3 "$(jq -r .inbound out)"
exits "tw-metrics, NUL: exit 1" 1 tw-metrics -f ndjson nul.ndjson
like "tw-metrics, NUL: located" '^tw-metrics: nul.ndjson:2: NUL byte at column 58' \
    "$(sed -n 1p err)"

# a lone surrogate escape: refused by the fast scanner as by cJSON
printf '{"type":"tweet","id":"9","created_at":"2026-11-02T09:00:00Z","text":"\\ud800"}\n' >sur.ndjson
exits "lone surrogate, tw-metrics: exit 1" 1 tw-metrics -f ndjson sur.ndjson
exits "lone surrogate, tw-norm: exit 1" 1 tw-norm sur.ndjson

# the line length bound: TW_MAX_LINE, and the 16 MiB default
{ rec 1 ok; rec 2 "$(head -c 2000 /dev/zero | tr '\0' a)"; rec 3 ok; } >long.ndjson
exits "TW_MAX_LINE=1k: exit 1" 1 env TW_MAX_LINE=1k tw-norm long.ndjson
is "TW_MAX_LINE=1k: the short lines pass" "1 3" \
    "$(jq -r .id out | tr '\n' ' ' | sed 's/ $//')"
is "TW_MAX_LINE=1k: the message" \
    "tw-norm: long.ndjson:2: line longer than 1024 bytes (TW_MAX_LINE); skipped" \
    "$(cat err)"
exits "a bad TW_MAX_LINE: the default used" 0 env TW_MAX_LINE=lots tw-norm long.ndjson
is "a bad TW_MAX_LINE: warned" \
    "tw-norm: TW_MAX_LINE: 'lots' is not a size from 64 to 16G; using 16777216" \
    "$(cat err)"
{ rec 1 ok; printf '{"type":"tweet","id":"2","text":"'; head -c 40000000 /dev/zero | tr '\0' a
  printf '"}\n'; rec 3 ok; } >huge.ndjson
# Peak RSS of the child, measured by the kernel, against the same program
# on a one-line input: the 40 MB line may cost the 16 MiB bound and a
# little more, never the line.  (Under ASan, freed blocks would sit in
# its quarantine: it is turned off for this measure.)
peak() {
	ASAN_OPTIONS=quarantine_size_mb=0:${ASAN_OPTIONS:-} "$TW_PYTHON" -c '
import resource, subprocess, sys
r = subprocess.run(["tw-triage", "-A", sys.argv[1]], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
sys.stdout.write("%d %d %s" % (r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, r.stderr.decode().strip()))' "$1"
}
rec 1 ok >small.ndjson
base=$(peak small.ndjson | cut -d' ' -f2)
rss=$(peak huge.ndjson)
is "a 40 MB line: exit 1, the message" \
    "1 tw-triage: huge.ndjson:2: line longer than 16777216 bytes (TW_MAX_LINE); skipped" \
    "$(echo "$rss" | cut -d' ' -f1,3-)"
mb=$(echo "$rss" | cut -d' ' -f2)
ok "a 40 MB line costs at most 24 MB more than one line (got $mb MB, against $base MB)" \
    test $((mb - base)) -le 24
done_testing
