#!/bin/sh
# 0900-fuzz-replay: every fuzz harness (tests/fuzz/NAME.c) runs over its
# whole corpus (tests/fuzz/NAME/) without libFuzzer: no crash, no
# sanitizer report (under make check-asan), no leak, no input slower than
# 10 seconds.  make fuzz explores further; this keeps what it found.
. "${0%/*}/lib.sh"

names=
for f in "$TESTS"/fuzz/*.c; do
	n=${f##*/}; n=${n%.c}
	[ "$n" = replay ] || names="$names $n"
done
set -- $names

for n in "$@"; do
	bin=$TW_BUILD/tests/fuzz/$n-replay
	if [ ! -x "$bin" ]; then
		fail "$n: replay driver built" "no $bin (make check builds it)"
		skip "$n: corpus"
		continue
	fi
	pass "$n: replay driver built"
	count=$(ls "$TESTS/fuzz/$n" | wc -l)
	TMPDIR=$T "$bin" -t 10 "$TESTS/fuzz/$n" >"$T/$n.out" 2>"$T/$n.err"
	rc=$?
	if [ $rc -eq 0 ] && ! grep -Eq 'ERROR: |runtime error|finding:|timeout on' \
	    "$T/$n.err"; then
		pass "$n: $count inputs replayed"
	else
		fail "$n: $count inputs replayed" "exit $rc" \
		    "$(grep -E -A12 'ERROR: |runtime error|finding:|timeout on' \
		    "$T/$n.err" | head -40)"
	fi
done
done_testing
