#!/bin/sh
# The issue's acceptance check: tw-fetch mentions | tw-triage -k 3 against
# the sandbox's seeded inbox puts its safety report and its legal threat
# in the top 3, and its spam nowhere.
. "${0%/*}/lib.sh"

sandbox_start || { echo "not ok 1 - sandbox"; echo 1..1; exit 1; }
exits "tw-fetch mentions" 0 tw-fetch mentions
cp "$T/out" "$T/inbox"
tw-fetch mentions 2>/dev/null | tw-triage -k 3 >"$T/top"
is "three records" 3 "$(grep -c . "$T/top")"
like "the safety report is in the top 3" 'oxygen mask panel above row 23' \
    "$(jq -r .text "$T/top")"
like "the solicitor is in the top 3" 'My solicitor will be in touch' \
    "$(jq -r .text "$T/top")"
is "the safety report: safety and regulator" "safety,regulator" \
    "$(jq -r 'select(.text | test("row 23")) | .triage.urgent | join(",")' "$T/top")"
is "the solicitor: legal" "legal" \
    "$(jq -r 'select(.text | test("solicitor")) | .triage.urgent | join(",")' "$T/top")"
is "the seeded spam is dropped" "" \
    "$(tw-triage "$T/inbox" | jq -r 'select(.author.username == "crypto_deals_4u" or .author.username == "free_miles_now") | .id')"
is "and marked spam with -A" "spam spam" \
    "$(tw-triage -A "$T/inbox" | jq -r 'select(.author.username == "crypto_deals_4u" or .author.username == "free_miles_now") | .triage.noise' | tr '\n' ' ' | sed 's/ $//')"
done_testing
