#!/bin/sh
# tw-metrics -f svg: a self-contained SVG report that parses as XML, with
# the headline panel, the FRT histogram, volume by hour and a row per group.
# tests/5021-metrics-report.t renders it and checks the figures.
. "$(dirname "$0")/lib.sh"

exits "-f svg: exit 0" 0 tw-metrics -f svg -g agent --sla 1h "$FIXTURES/metrics/basic.ndjson"
cp "$T/out" "$T/r.svg"
count() {	# count CLASS: elements whose class has that word
	"$TW_PYTHON" -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
print(r.tag.split("}")[1], len([e for e in r.iter() if sys.argv[2] in (e.get("class") or "").split()]))' "$T/r.svg" "$1"
}
is "well-formed SVG with a 9-bin FRT histogram" "svg 9" "$(count frt)"
is "24 hourly volume bars" "svg 24" "$(count vol)"
is "ten headline figures" "svg 10" "$(count tile)"
is "a row per group (-, jo, sam)" "svg 3" "$(count group)"
is "a response rate track and an SLA track per group" "svg 6" "$(count track)"
# "-" answered nobody: its response rate is a bar of 0 px; its SLA is
# breached (0 of 1), jo met 2 of 2, sam 1 of 1
is "an SLA bar for each group with a conversation due" "svg 3" "$(count sla)"
# bins hold [low, high): 10m, 30m and 1h land in 5-15m, 30m-1h and 1-2h
like "the histogram counts the three first responses (10m, 30m, 1h)" \
    '5-15m: 1</title>.*15-30m: 0</title>.*30m-1h: 1</title>.*1-2h: 1</title>' "$(tr -d '\n' <"$T/r.svg")"
like "the FRT medians are written in their rows" \
    'data-group="jo">.*data-key="frt.median_s" data-value="2100">35m00s</text>.*data-group="sam">.*>30m00s</text>' \
    "$(tr -d '\n' <"$T/r.svg")"
like "a group with no first response says n/a, not 0" \
    'data-group="-">.*data-key="frt.median_s">n/a</text>' "$(tr -d '\n' <"$T/r.svg")"
like "the SLA target is stated" 'SLA target: first response within 1h, in calendar time' "$(cat "$T/r.svg")"
exits "-f svg without --sla: exit 0" 0 tw-metrics -f svg "$FIXTURES/metrics/basic.ndjson"
like "without --sla the target is said to be missing" 'SLA target: none set' "$(cat "$T/out")"
like "and the SLA figure is n/a" 'data-key="sla.rate">n/a</text>' "$(cat "$T/out")"
# A group name is text: escaped, a control character (not allowed in XML)
# written '?', and a long one cut after 18 characters, not bytes.
printf '%s\n' '{"type":"tweet","id":"1","created_at":"2026-11-02T09:00:00Z","text":"hi","account":{"id":"100"},"direction":"in","author":{"id":"1"},"triage":{"queue":"<a> & \"b\" \u0001 \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"}}' >"$T/odd.ndjson"
exits "-f svg -g queue with an odd queue name: exit 0" 0 tw-metrics -f svg -g queue "$T/odd.ndjson"
is "it is well-formed, the name whole in data-group and cut in the row" \
    "<a> & \"b\" ? éééééééééé|<a> & \"b\" ? éééééé…" \
    "$("$TW_PYTHON" -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
g = [g for g in r.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "group"][0]
sys.stdout.buffer.write((g.get("data-group") + "|" + list(g)[0].text).encode())' "$T/out")"
exits "-f svg on empty input: exit 0" 0 tw-metrics -f svg /dev/null
like "empty input: a report that says there is no period" 'Period: n/a' "$(cat "$T/out")"
done_testing
