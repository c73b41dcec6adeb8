# demo stage 6: compliance
say "6. compliance: a customer deletes a post; X's compliance job says so; tw-purge removes it"
del=$(jq -r 'select(.author.username == "nomadnina") | .id' "$d/inbox.ndjson" | head -n 1)
curl -sS -X POST -H 'Content-Type: application/json' \
    --data-binary "{\"id\":\"$del\"}" "$api/_sandbox/delete" >/dev/null
echo "  @nomadnina deleted post $del; the seed's @crypto_deals_4u was suspended"
tw-fetch compliance "$d/inbox.ndjson" >"$d/compliance.ndjson"
jq -r '"  \(.kind) \(.id): \(.action) (\(.reason))"' "$d/compliance.ndjson"
tw-purge --file "$d/inbox.ndjson" <"$d/compliance.ndjson" 2>&1 | sed 's/^/  /'
echo "  left of the deleted post in the store, TW_HOME and the file: $(grep -rl "app keeps crashing" "$TW_HOME" "$d/inbox.ndjson" | wc -l) files"
echo "  the audit trail: $(tw-audit | jq -c 'select(.event == "purge") | .targets' | tail -n 1); $(tw-audit --verify | cut -d';' -f1)"
