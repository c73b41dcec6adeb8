#!/bin/sh
# tw-metrics --alert: one line and exit 1 when the hour's inbound volume
# or negative share is over the mean + K standard deviations of the same
# hour on the days before; silent with exit 0 otherwise.
. "$(dirname "$0")/lib.sh"

# msg DAY MINUTE [LABEL]: an inbound post on 2026-11-DAY at 10:MINUTE
msg() {
	tri=
	[ -n "${3:-}" ] && tri=',"triage":{"sentiment":{"label":"'"$3"'"}}'
	printf '{"type":"tweet","id":"%s%s","created_at":"2026-11-%sT10:%s:00Z","text":"hi","account":{"id":"100","username":"brand"},"direction":"in","author":{"id":"%s","username":"c"}%s}\n' \
	    "$1" "$2" "$1" "$2" "$2" "$tri"
}
# day DAY N [NEG]: N messages at 10:00-10:N-1, the first NEG negative
day() {
	i=0
	while [ "$i" -lt "$2" ]; do
		l=; [ "$i" -lt "${3:-0}" ] && l=negative
		msg "$1" "$(printf %02d "$i")" $l
		i=$((i + 1))
	done
}
# the baseline, 10:00 on 2026-11-02 .. 08: 8, 10, 12, 10, 8, 12, 10
# messages; mean 10, deviations -2 0 2 0 -2 2 0, variance 16/7, standard
# deviation 1.512; mean + 3 sd = 14.536
base() { day 02 8; day 03 10; day 04 12; day 05 10; day 06 8; day 07 12; day 08 10; }
{ base; day 09 14; } >"$T/quiet"
{ base; day 09 15; } >"$T/loud"

exits "14 at 10:00 on the 9th: within the baseline, exit 0" 0 tw-metrics --alert "$T/quiet"
is "... and silent" "" "$(cat "$T/out" "$T/err")"

exits "15: over 14.5, exit 1" 1 tw-metrics --alert "$T/loud"
is "... one line naming the hour, the count and the baseline" \
    "2026-11-09T10:00:00Z: 15 inbound over 14.5 (mean 10.0 + 3 sd 1.5 of 7 days), 0% negative" \
    "$(cat "$T/out")"
is "... nothing on stderr" "" "$(cat "$T/err")"

exits "--alert-sigma 2: 14 is over 10 + 2 x 1.512 = 13.0" 1 tw-metrics --alert --alert-sigma 2 "$T/quiet"
like "... the threshold 13.0" "^2026-11-09T10:00:00Z: 14 inbound over 13\.0 \(mean 10\.0 \+ 2 sd 1\.5 of 7 days\)" "$(cat "$T/out")"

exits "--alert-min 20: 15 messages are too few to page" 0 tw-metrics --alert --alert-min 20 "$T/loud"
is "... silent" "" "$(cat "$T/out")"

# the last 3 days, the 6th, 7th and 8th: 8, 12, 10; mean 10,
# variance 8/3, sd 1.633, mean + 3 sd = 14.9
exits "--alert-days 3: the 6th to the 8th" 1 tw-metrics --alert --alert-days 3 "$T/loud"
is "... mean 10, sd 1.6, 14.9" \
    "2026-11-09T10:00:00Z: 15 inbound over 14.9 (mean 10.0 + 3 sd 1.6 of 3 days), 0% negative" \
    "$(cat "$T/out")"

# negative share: every baseline day 10 messages, 1 negative (10%, sd 0);
# the 9th 10 messages, 5 negative: 50% > 10%; the volume 10 is not over 10
{ for d in 02 03 04 05 06 07 08; do day $d 10 1; done; day 09 10 5; } >"$T/neg"
exits "half negative against a tenth: exit 1" 1 tw-metrics --alert "$T/neg"
is "... the share, not the volume" \
    "2026-11-09T10:00:00Z: 10 inbound, 50% negative over 10% (mean 10% + 3 sd 0% of 7 days)" \
    "$(cat "$T/out")"
{ for d in 02 03 04 05 06 07 08 09; do day $d 10 1; done; } >"$T/same"
exits "the same share as every day: exit 0" 0 tw-metrics --alert "$T/same"
is "... silent" "" "$(cat "$T/out")"

# the newest hour is checked; --until checks the hour before it
{ cat "$T/loud"; msg 09 59 | sed 's/T10:59/T11:59/'; } >"$T/later"
exits "a message at 11:59: the 11:00 hour is checked (1 message)" 0 tw-metrics --alert "$T/later"
exits "--until 11:00: the 10:00 hour" 1 tw-metrics --alert --until 2026-11-09T11:00:00Z "$T/later"
like "... 10:00 it is" "^2026-11-09T10:00:00Z: 15 inbound over" "$(cat "$T/out")"

day 09 40 >"$T/one"
exits "no days before: no baseline, exit 0" 0 tw-metrics --alert "$T/one"
is "... silent" "" "$(cat "$T/out")"
exits "empty input: exit 0" 0 tw-metrics --alert /dev/null

{ cat "$T/quiet"; echo '{"type":"tweet","direction":"in"}'; echo '{oops'; } >"$T/bad"
exits "bad lines: reported, exit 1" 1 tw-metrics --alert "$T/bad"
like "... with their location" "bad:[0-9]+: a record needs \"created_at\"" "$(cat "$T/err")"
is "... and no alert line" "" "$(cat "$T/out")"

exits "--alert-sigma x: exit 2" 2 tw-metrics --alert --alert-sigma x "$T/quiet"
like "... named" "^tw-metrics: --alert-sigma: not a number >= 0: 'x'" "$(cat "$T/err")"
exits "--alert-days 0: exit 2" 2 tw-metrics --alert --alert-days 0 "$T/quiet"

done_testing
