# demo stage 5: measure
say "5. measure: first response, SLA 1h, CSAT and NPS, by agent, with the case events"
tw-case log | cat "$d/inbox.ndjson" "$d/dms.ndjson" "$d/replies.ndjson" "$TW_HOME/journal" - |
    tw-metrics -g agent --sla 1h -f table | sed 's/^/  /'
