# demo stage 3: cases
say "3. cases: one per customer's matter, kept in the store"
tw-case add "$d/triaged.ndjson" >"$d/filed.ndjson"
echo "  $(jq -r '.case.id // empty' "$d/filed.ndjson" | sort -u | wc -l) cases from" \
    "$(jq -r '.case.id // empty' "$d/filed.ndjson" | wc -l) messages (noise files into none); the queue, top 3:"
tw-case ls -k 3 | tw-show -w 100 | sed 's/^/  /'
