#!/bin/sh
# tw-metrics -f svg as a care manager sees it: the headline figures are
# those of tw-metrics -f ndjson on the same input, percentages are drawn
# on a 0-100% track (measured in pixels of a headless Chromium rendering),
# missing data is n/a with no bar, and the report reads in a light and a
# dark viewer.
. "$(dirname "$0")/lib.sh"

f=$FIXTURES/metrics/report.ndjson
# The fixture (account 100, Tuesday 2026-11-03, UTC), by queue:
#  billing: 7 conversations answered after 10m, 20m, 30m, 1h (on time
#    against 1h: at most the target), 1h30m, 2h and 3h: SLA 4 of 7, 57.1%,
#    the best group, which must still fill only 57% of its track;
#    a CSAT 2 (customer 11, resolved 08:30) and an NPS 6 (customer 12);
#    customer 14 resolved 10:30.
#  baggage: 2 conversations answered after 5m and 1h15m: SLA 1 of 2, 50%;
#    an NPS 9 (customer 22) and a CSAT "4 thanks" at 14:00 (customer 21),
#    the last event.
#  lounge: 1 message at 13:50, unanswered and not yet due (10 minutes
#    before the end): no SLA figure at all, n/a.
# So: 10 inbound, 9 of 10 answered; FRT 5m, 10m, 20m, 30m, 1h, 1h15m,
# 1h30m, 2h, 3h: median 1h, p90 (the 9th of 9) 3h; SLA 5 of 9, 1 pending;
# TTR 30m and 1h30m, median 1h; CSAT 1 of 2; NPS (1 - 1) / 2 = 0; no case
# log.

exits "-f svg -g queue --sla 1h: exit 0" 0 tw-metrics -f svg -g queue --sla 1h "$f"
cp "$T/out" "$T/r.svg"
tw-metrics -g queue --sla 1h "$f" >"$T/groups.json"
tw-metrics --sla 1h "$f" >"$T/total.json"

# check.py SVG TOTAL GROUPS: "NAME|EXPECTED|GOT" lines, for is().
cat >"$T/check.py" <<'EOF'
import json, re, sys, xml.etree.ElementTree as E
NS = "{http://www.w3.org/2000/svg}"
svg = E.parse(sys.argv[1]).getroot()
total = [json.loads(l) for l in open(sys.argv[2])]
total = total[0] if total else {}
groups = {o["group"]: o for o in map(json.loads, open(sys.argv[3]))}
label = sys.argv[4] if len(sys.argv) > 4 else ""

def path(o, k):
    for p in k.split("."):
        if not isinstance(o, dict) or p not in o:
            return None
        o = o[p]
    return o

def dur(s):                     # as tw-metrics -f table writes it
    s = int(s)
    if s < 60:
        return "%ds" % s
    if s < 3600:
        return "%dm%02ds" % (s // 60, s % 60)
    return "%dh%02dm" % (s // 3600, s % 3600 // 60)

def shown(k, v):                # how the report writes value v of key k
    if k.endswith("_s"):
        return dur(v)
    if k in ("response_rate", "sla.rate", "csat.score"):
        return "%.0f%%" % (v * 100)
    if k == "nps.score":
        return "%+.0f" % v
    return "%.0f" % v

def figures(where, o, name):
    """Every figure in where: its exact value (data-value) and its text
    against o, as -f ndjson prints it; n/a where there is no data."""
    got, want = [], []
    for t in where.iter(NS + "text"):
        k = t.get("data-key")
        if not k:
            continue
        v, text = t.get("data-value"), t.text.split(" of ")[0]
        got.append("%s=%s %s" % (k, v, text))
        if v is None:
            want.append("%s=None n/a" % k)
        else:
            w = path(o, k)
            want.append("%s=%.15g %s" % (k, w, shown(k, w)) if w is not None
                        else "%s=(not in ndjson)" % k)
    print("%s|%s|%s" % (name, "; ".join(want), "; ".join(got)))

tiles = [g for g in svg.iter(NS + "g") if g.get("class") == "tile"]
top = E.Element("all")
top.extend(tiles)
figures(top, total, label + "headline = tw-metrics -f ndjson without -g")
for g in svg.iter(NS + "g"):
    if g.get("class") == "group":
        figures(g, groups.get(g.get("data-group"), {}),
                label + "group %s = its -f ndjson object" % g.get("data-group"))
EOF
"$TW_PYTHON" "$T/check.py" "$T/r.svg" "$T/total.json" "$T/groups.json" >"$T/checks"
while IFS='|' read -r name want got; do is "$name" "$want" "$got"; done <"$T/checks"
is "headline, group rows: checked" "4" "$(wc -l <"$T/checks" | tr -d ' ')"

TW_METRICS_CHUNK=4 tw-metrics -f svg -g queue --sla 1h "$f" >"$T/spilled.svg"
is "the same report from sorted runs on disk (TW_METRICS_CHUNK=4)" "" \
    "$(cmp "$T/r.svg" "$T/spilled.svg" 2>&1)"
tac "$f" | tw-metrics -f svg -g queue --sla 1h >"$T/reversed.svg"
is "the same report from the input in reverse" "" \
    "$(cmp "$T/r.svg" "$T/reversed.svg" 2>&1)"

# The figures by hand, as a manager reads them.
text=$("$TW_PYTHON" -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
print("\n".join("".join(t.itertext()) for t in r.iter("{http://www.w3.org/2000/svg}text")))' "$T/r.svg")
headline=$(printf '%s\n' "$text" | sed -n '/^Volume/,/^First response time/p' | tr '\n' '|')
is "the headline by hand" \
    "Volume (inbound)|10|in 10 conversations|Response rate|90%|9 of 10 answered|Unanswered|1|of 10 conversations|FRT median|1h00m|n = 9 first responses|FRT p90|3h00m|over the 1h target|SLA met|56%|5 of 9 on time, 1 pending|TTR median|1h00m|n = 2 closed|Backlog (open cases)|n/a|no case log in the input|CSAT (4-5 of 1-5)|50%|n = 2 answers|NPS (-100 to +100)|+0|n = 2 answers|First response time (conversations)|" \
    "$headline"
like "the account" '^Care report: account 100$' "$text"
like "the period: the first and last event" \
    '^Period \(first to last event\): 2026-11-03 08:00 to 2026-11-03 14:00 UTC$' "$text"
like "and --since, --until" \
    'id="period">Period .* UTC; conversations begun from 2026-11-02 00:00, before 2026-11-09 00:00</text>' \
    "$(tw-metrics -f svg --since 2026-11-02 --until 2026-11-09 "$f")"
like "the SLA target stated" '^SLA target: first response within 1h, in calendar time' "$text"
like "p90 over the target is drawn in the warning colour" \
    'class="big over" data-key="frt.p90_s"' "$(cat "$T/r.svg")"
like "the median, exactly the target, is within it (at most the target)" \
    'class="big ok" data-key="frt.median_s"' "$(cat "$T/r.svg")"

# Any input, any grouping: the headline is the whole input, the same as
# tw-metrics without -g (it adds up the groups: each conversation, handling
# session and open case is in one).
: >"$T/checks"
for fx in basic cases hours report; do
	h=; [ "$fx" = hours ] && h="-H $FIXTURES/metrics/hours"
	for g in account agent queue channel day week hour; do
		tw-metrics $h --sla 1h -g "$g" -f svg "$FIXTURES/metrics/$fx.ndjson" >"$T/x.svg"
		tw-metrics $h --sla 1h -g "$g" "$FIXTURES/metrics/$fx.ndjson" >"$T/xg.json"
		tw-metrics $h --sla 1h "$FIXTURES/metrics/$fx.ndjson" >"$T/xt.json"
		"$TW_PYTHON" "$T/check.py" "$T/x.svg" "$T/xt.json" "$T/xg.json" "$fx -g $g: " >>"$T/checks"
	done
done
bad=$(while IFS='|' read -r name want got; do
	[ "$want" = "$got" ] || printf '%s\n  want %s\n   got %s\n' "$name" "$want" "$got"
done <"$T/checks")
is "4 fixtures x 7 groupings: every figure equals -f ndjson" "" "$bad"
like "with business hours the FRT shown is business time" \
    'data-key="frt_business.median_s"' "$(tw-metrics -H "$FIXTURES/metrics/hours" --sla 1h -f svg "$FIXTURES/metrics/hours.ndjson")"
like "with the case log the backlog is shown" \
    'data-key="backlog.n" data-value="3">3</text>' "$(tw-metrics -f svg "$FIXTURES/metrics/cases.ndjson")"

# The page paints its own opaque background, before anything else.
is "an opaque background rect covers the whole page, drawn first" "rect bg 0 0 960 ok" \
    "$("$TW_PYTHON" -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
e = [e for e in r if e.tag.split("}")[1] not in ("title", "style")][0]
print(e.tag.split("}")[1], e.get("class"), e.get("x"), e.get("y"), e.get("width"),
      "ok" if e.get("height") == r.get("height") and e.get("fill") == "#ffffff" else "no")' "$T/r.svg")"

# Rendered in headless Chromium.
if ! sh "$TESTS/deps.sh" browser >/dev/null 2>&1; then
	skip "rendering: chromium is not installed"
	done_testing
	exit
fi
ok "renders in a light viewer" sh "$TESTS/svgshot.sh" "$T/r.svg" "$T/light.png"
ok "renders in a dark viewer" sh "$TESTS/svgshot.sh" -d "$T/r.svg" "$T/dark.png"

# measure.py SVG PNG: "NAME|EXPECTED|GOT" lines about the picture.
cat >"$T/measure.py" <<'EOF'
import sys, xml.etree.ElementTree as E
sys.path.insert(0, sys.argv[3])
import pngstat
NS = "{http://www.w3.org/2000/svg}"
svg = E.parse(sys.argv[1]).getroot()
w, h, px = pngstat.read(sys.argv[2])
scheme = sys.argv[4]

def out(name, want, got):
    print("%s: %s|%s|%s" % (scheme, name, want, got))

def lum(c):
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = map(lin, c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b

def contrast(a, b):
    x, y = sorted((lum(a), lum(b)))
    return (y + 0.05) / (x + 0.05)

def text_contrast(t, width, size):
    """The best contrast between a text's pixels and what is behind it
    (the most common colour of its box)."""
    x, y = int(float(t.get("x"))), int(float(t.get("y")))
    box = [px[j][i] for j in range(y - size, y + 3) for i in range(x, x + width)]
    bg = max(set(box), key=box.count)
    return max(contrast(c, bg) for c in box)

out("the PNG is the SVG's size", "%sx%s" % (svg.get("width"), svg.get("height")), "%dx%d" % (w, h))
corner = px[2][2]
out("the background is %s" % ("dark" if scheme == "dark" else "light"), "yes",
    "yes" if (lum(corner) < 0.05) == (scheme == "dark") else "no: %s" % (corner,))
texts = list(svg.iter(NS + "text"))
title = [t for t in texts if "h1" in t.get("class", "")][0]
small = [t for t in texts if t.text == "Volume (inbound)"][0]
out("the title's contrast is at least 7:1", "yes",
    "yes" if text_contrast(title, 300, 18) >= 7 else "%.1f" % text_contrast(title, 300, 18))
out("a tile's small grey label has at least 4.5:1", "yes",
    "yes" if text_contrast(small, 90, 10) >= 4.5 else "%.1f" % text_contrast(small, 90, 10))

def track(group, cls):
    g = [g for g in svg.iter(NS + "g") if g.get("data-group") == group][0]
    t = [r for r in g.iter(NS + "rect") if r.get("data-track") == cls][0]
    return g, int(t.get("x")), int(t.get("y")), int(t.get("width"))

# An empty track's colour: lounge has no SLA bar (checked below).
g, x, y, tw = track("lounge", "sla")
empty = px[y + 7][x + tw // 2]

def bar_px(group, cls):
    """The bar's length in pixels along the middle of its track: pixels
    from the track's left end that are not an empty track's colour."""
    g, x, y, tw = track(group, cls)
    row = px[y + 7]
    n = 0
    while n < tw and row[x + n] != empty:
        n += 1
    return n, tw

n, tw = bar_px("billing", "sla")
out("billing's SLA bar (4 of 7, 57.1%) covers 57% of its track", "57%", "%.0f%%" % (100.0 * n / tw))
n, tw = bar_px("baggage", "sla")
out("baggage's SLA bar (1 of 2) covers half its track", "%d" % (tw // 2), "%d" % n)
n, tw = bar_px("billing", "rr")
out("billing's response rate (7 of 7) fills its track", "%d" % tw, "%d" % n)
g, x, y, tw = track("lounge", "sla")
row = px[y + 7][x:x + tw]
out("lounge (no conversation due) has no SLA bar: its track is one colour", "1",
    "%d" % len(set(row)))
na = [t for t in g.iter(NS + "text") if t.get("data-key") == "sla.rate"][0]
out("and says n/a, right of the track", "n/a at %d" % (x + tw + 8), "%s at %s" % (na.text, na.get("x")))
out("the n/a is drawn (its pixels contrast with the page)", "yes",
    "yes" if text_contrast(na, 24, 10) >= 4.5 else "%.1f" % text_contrast(na, 24, 10))
bar = px[y - 24 + 7][x + 2]             # billing's bar, the row above
out("a bar stands out from its track", "yes",
    "yes" if contrast(bar, px[y + 7][x + 2]) >= 3 else "%.1f" % contrast(bar, px[y + 7][x + 2]))
EOF
for s in light dark; do
	"$TW_PYTHON" "$T/measure.py" "$T/r.svg" "$T/$s.png" "$TESTS" "$s"
done >"$T/checks"
while IFS='|' read -r name want got; do is "$name" "$want" "$got"; done <"$T/checks"
is "pixels: checked" "22" "$(wc -l <"$T/checks" | tr -d ' ')"
done_testing
