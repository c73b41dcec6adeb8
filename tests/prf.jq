# tests/prf.jq - precision and recall of labelled records after tw-triage
# (jq -s -r --arg got PATH -f tests/prf.jq): each record's "expect" holds
# the labels it should have, PATH ("urgent" or "noise") what it got.
# One line per label and "all": LABEL TP FP FN PRECISION RECALL (percent,
# rounded down; 100 when there is nothing to divide).
def got: if $got == "noise" then [.triage.noise // empty | select(. == "spam")]
	 else [.triage.urgent[]? | select(. != "outage")] end;
def pct(a; b): if b == 0 then 100 else (100 * a / b | floor) end;
[.[] | {e: .expect, g: got}] as $r
| ([$r[] | .e[], .g[]] | unique) as $labels
| [$labels[] as $l
   | {l: $l,
      tp: [$r[] | select((.e | index($l)) and (.g | index($l)))] | length,
      fp: [$r[] | select((.e | index($l) | not) and (.g | index($l)))] | length,
      fn: [$r[] | select((.e | index($l)) and (.g | index($l) | not))] | length}]
| (. + [{l: "all", tp: (map(.tp) | add // 0), fp: (map(.fp) | add // 0),
	  fn: (map(.fn) | add // 0)}])[]
| "\(.l) \(.tp) \(.fp) \(.fn) \(pct(.tp; .tp + .fp)) \(pct(.tp; .tp + .fn))"
