# demo stage 2: triage
say "2. triage: the most pressing first, routed, with the noise cut"
cat >"$d/care.rules" <<'RULES'
queue escalations: is:urgent
queue airport-ops: delayed OR delay OR cancelled OR "missed connection" OR gate
queue baggage: luggage OR bag OR baggage
queue refunds: refund OR charged OR fee
default general
weight reach 20
sla 1h
RULES
sed 's/^/  /' "$d/care.rules"
cat "$d/inbox.ndjson" "$d/dms.ndjson" | tw-triage -A -r "$d/care.rules" >"$d/triaged.ndjson"
echo "  $(wc -l <"$d/triaged.ndjson") records: $(jq -r '.triage.noise // "queued"' "$d/triaged.ndjson" |
    sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')"
echo "  the queue, top 8:"
jq -c 'select(.triage.noise == null)' "$d/triaged.ndjson" | tw-triage -r "$d/care.rules" -k 8 |
    tw-show -w 100 | sed 's/^/  /'

say "why is the first one first?"
jq -c 'select(.triage.noise == null)' "$d/triaged.ndjson" | tw-triage -r "$d/care.rules" -k 1 |
    tw-show -l -w 100 | sed 's/^/  /; s/^  $//'
