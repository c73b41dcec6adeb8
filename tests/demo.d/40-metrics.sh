# demo stage 4: measure
say "4. measure: first response, SLA 1h, CSAT and NPS, by channel"
cat "$d/inbox.ndjson" "$d/dms.ndjson" "$d/replies.ndjson" "$TW_HOME/journal" |
    tw-metrics -g channel --sla 1h -f table | sed 's/^/  /'
