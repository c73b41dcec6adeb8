#!/bin/sh
# tw-metrics -f svg: a self-contained SVG report that parses as XML, with
# the FRT histogram, volume by hour, FRT by group and SLA compliance.
. "$(dirname "$0")/lib.sh"

exits "-f svg: exit 0" 0 tw-metrics -f svg -g agent --sla 1h "$FIXTURES/metrics/basic.ndjson"
cp "$T/out" "$T/r.svg"
count() {	# count CLASS: bars of that chart
	"$TW_PYTHON" -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
print(r.tag.split("}")[1], len([e for e in r.iter("{http://www.w3.org/2000/svg}rect") if e.get("class") == sys.argv[2]]))' "$T/r.svg" "$1"
}
is "well-formed SVG with a 9-bin FRT histogram" "svg 9" "$(count frt)"
is "24 hourly volume bars" "svg 24" "$(count vol)"
is "one FRT bar per group (-, jo, sam)" "svg 3" "$(count med)"
is "SLA compliance per group" "svg 3" "$(count sla)"
# bins hold [low, high): 10m, 30m and 1h land in 5-15m, 30m-1h and 1-2h
like "the histogram counts the three first responses (10m, 30m, 1h)" \
    '5-15m: 1</title>.*15-30m: 0</title>.*30m-1h: 1</title>.*1-2h: 1</title>' "$(tr -d '\n' <"$T/r.svg")"
like "the FRT medians are written on their bars" 'class="value"[^>]*>35 min</text>.*class="value"[^>]*>30 min</text>' "$(tr -d '\n' <"$T/r.svg")"
like "a group with no first response says n/a, not 0" 'class="value"[^>]*>n/a</text>' "$(cat "$T/r.svg")"
done_testing
