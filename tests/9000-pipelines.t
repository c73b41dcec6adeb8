#!/bin/sh
# The pipelines in tw(7) EXAMPLES run, against tw-sandbox, and produce
# output (on stdout or in the files they write).
. "${0%/*}/lib.sh"

# Each literal block of EXAMPLES, mdoc escapes undone, as one file each.
mkdir -p "$T/ex"
awk -v dir="$T/ex" '
/^\.Sh / { sec = $2 }
sec == "EXAMPLES" && /^\.Bd -literal/ { n++; f = sprintf("%s/%02d.sh", dir, n); inb = 1; next }
inb && /^\.Ed/ { inb = 0; close(f); next }
inb { gsub(/\\e/, "\\"); print > f }
' "$TW_SRC/man/tw.7"
n=$(ls "$T/ex" | wc -l)
if [ "$n" -ge 5 ]; then pass "tw(7) has $n examples"; else fail "tw(7) has examples" "found $n"; fi

sandbox_start
mkdir -p "$T/work"
for ex in "$T/ex"/*.sh; do
	before=$(ls "$T/work" | wc -l)
	(cd "$T/work" && sh -e "$ex") >"$T/ex.out" 2>"$T/ex.err"
	rc=$?
	after=$(ls "$T/work" | wc -l)
	what=$(head -n 1 "$ex")
	if [ $rc -ne 0 ]; then
		fail "example runs: $what" "exit $rc" "$(cat "$T/ex.err")"
	elif [ ! -s "$T/ex.out" ] && [ "$after" -le "$before" ]; then
		fail "example produces output: $what" "$(cat "$T/ex.err")"
	else
		pass "example runs and produces output: $what"
	fi
done
done_testing
