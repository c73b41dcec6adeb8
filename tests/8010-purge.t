#!/bin/sh
# tw-purge end to end against the sandbox: two customers in one thread,
# filed in cases, a note, a reply sent; --export of one has everything
# about her and nothing about him; she deletes a post, and one
# "tw-fetch compliance | tw-purge" leaves no trace of its text in the
# store, TW_HOME or the NDJSON files given, the journal still verifies
# and says a purge happened; a rerun changes nothing; her erasure
# request; tampering after a purge is still caught.  Under TW_TEST_PG
# the store, ledger and journal are the team's.
. "$(dirname "$0")/lib.sh"

sandbox_start --rate-limit 100000 || exit 1
post() { sb POST /_sandbox/tweets "$1" | json .data.id; }
pA1=$(post '{"username":"anna_x","text":"@skyway the tray table at seat 14C is broken and the crew ignored me, ALPHA-ONE"}')
pA2=$(post '{"username":"anna_x","text":"@skyway also the wifi never worked on SW12, ALPHA-TWO"}')
pB=$(post "{\"username\":\"ben_x\",\"in_reply_to\":\"$pA1\",\"text\":\"@anna_x @skyway same for me on that flight, BRAVO-ONE\"}")
tw-fetch --json mentions >"$T/m.ndjson"
cp "$T/m.ndjson" "$T/copy.ndjson"
ok "fetched: her post, and his reply quoting it" \
    test "$(grep BRAVO-ONE "$T/m.ndjson" | grep -c 'tray table')" -eq 1
tw-triage <"$T/m.ndjson" | tw-case add >/dev/null 2>&1
cA=$(tw-case ls | jq -r 'select(.case.customer.username == "anna_x") | .case.id')
cB=$(tw-case ls | jq -r 'select(.case.customer.username == "ben_x") | .case.id')
ok "two cases" test -n "$cA" -a -n "$cB" -a "$cA" != "$cB"
TW_AGENT=ana exits "a note on hers" 0 tw-case note "promised anna a refund NOTE-ALPHA" "$cA"
TW_AGENT=ana exits "a note on his" 0 tw-case note "ben is a gold member NOTE-BRAVO" "$cB"
TW_AGENT=ana exits "a reply to her" 0 tw-reply "$pA2" "Sorry Anna, the wifi refund is on its way REPLY-ALPHA"
TW_AGENT=ana exits "a DM to her" 0 tw-dm @anna_x "Hi Anna, your refund reference is DM-ALPHA"
TW_AGENT=ana exits "a reply to him" 0 tw-reply "$pB" "Sorry Ben, we are looking at it REPLY-BRAVO"
uA=$(jq -r 'select(.author.username == "anna_x") | .author.id' "$T/m.ndjson" | head -1)

# --export: every record, case event, note and profile field of hers
exits "--export @anna_x" 0 tw-purge --export @anna_x --file "$T/copy.ndjson"
cp "$T/out" "$T/export"
is "her posts" "$(printf '%s\n' "$pA1" "$pA2" | sort)" \
    "$(jq -r 'select(.type == "tweet" and .author.username == "anna_x") | .id' "$T/export" | sort -u)"
is "her case" "$cA" "$(jq -r 'select(.type == "case") | .id' "$T/export")"
is "its events, the note among them" "promised anna a refund NOTE-ALPHA" \
    "$(jq -r 'select(.type == "event" and .event == "note") | .detail.text' "$T/export")"
ok "the case's events all there" test "$(jq -r 'select(.type == "event") | .seq' "$T/export" | wc -l)" -ge 3
ok "the brand's reply to her" grep -q REPLY-ALPHA "$T/export"
is "her profile: her id" "$uA" "$(jq -r 'select(.type == "profile") | .id' "$T/export")"
ok "... and its fields" test "$(jq -r 'select(.type == "profile") | .username' "$T/export")" = anna_x
ok "the journal's lines about her" test "$(jq -r 'select(.type == "journal") | .entry.event' "$T/export" | wc -l)" -ge 2
for s in ben_x BRAVO NOTE-BRAVO REPLY-BRAVO "$pB"; do
	is "nothing about him: $s" 0 "$(grep -c -- "$s" "$T/export")"
done
exits "--export takes one @USER" 2 tw-purge --export anna_x
exits "--export and an operand: usage" 2 tw-purge --export @anna_x 123

# she deletes a post; the compliance job says so; tw-purge applies it
sb POST /_sandbox/delete "{\"id\":\"$pA1\"}" >/dev/null
tw-audit --verify >/dev/null 2>&1
exits "tw-fetch compliance | tw-purge" 0 sh -c \
    "tw-fetch compliance '$T/m.ndjson' | tee '$T/comp.ndjson' | tw-purge --file '$T/m.ndjson' --file '$T/copy.ndjson'"
like "it says what it did" 'purged: .* message.* record' "$(cat "$T/err")"
scan() {        # every place tw keeps things, for a text
	grep -rl -- "$1" "$TW_HOME" "$T/m.ndjson" "$T/copy.ndjson" 2>/dev/null
	if store_is_pg; then
		pg_dump "$TW_STORE" 2>/dev/null | grep -c -- "$1" | grep -v '^0$'
	fi
}
is "grep finds nothing of the deleted post" "" "$(scan 'tray table')"
is "... nor its marker" "" "$(scan ALPHA-ONE)"
ok "his reply stays, her post cut out of it" grep -q BRAVO-ONE "$T/m.ndjson"
ok "her other post stays" grep -q ALPHA-TWO "$T/m.ndjson"
ok "... and in the store" sh -c "tw-case show $cA | grep -q ALPHA-TWO"
exits "tw-audit --verify after the purge" 0 tw-audit --verify
tw-audit >"$T/trail"
is "the trail says a purge happened, of that post" "purge tweet $pA1 delete" \
    "$(jq -r 'select(.event == "purge") | "purge \(.targets[0].kind) \(.targets[0].id) \(.targets[0].action)"' "$T/trail")"
cksum "$T/m.ndjson" "$T/copy.ndjson" >"$T/sum1"
exits "a rerun" 0 tw-purge --file "$T/m.ndjson" --file "$T/copy.ndjson" <"$T/comp.ndjson"
cksum "$T/m.ndjson" "$T/copy.ndjson" >"$T/sum2"
ok "... changes no file" cmp -s "$T/sum1" "$T/sum2"
like "... and nothing in the store" 'purged: 0 cases, 0 messages, 0 events, 0 records' "$(cat "$T/err")"
exits "... the chain intact" 0 tw-audit --verify

# her erasure request
if store_is_pg; then
	is "her id is cached by name" 1 "$(psql -At "$TW_STORE" -c "SELECT count(*) FROM tw_state WHERE sub = 'users' AND lower(name) = 'anna_x'")"
else
	ok "her id is cached by name" test -e "$TW_HOME/users/anna_x"
fi
exits "tw-purge @anna_x" 0 tw-purge --file "$T/m.ndjson" --file "$T/copy.ndjson" @anna_x
for s in ALPHA-TWO NOTE-ALPHA REPLY-ALPHA DM-ALPHA; do
	is "erased: $s" "" "$(scan "$s")"
done
if store_is_pg; then
	is "her id, cached by name, is gone" 0 "$(psql -At "$TW_STORE" -c "SELECT count(*) FROM tw_state WHERE sub = 'users' AND lower(name) = 'anna_x'")"
else
	ok "her id, cached by name, is gone" test ! -e "$TW_HOME/users/anna_x"
fi
is "her case is gone" "" "$(tw-case ls | jq -r 'select(.case.customer.username == "anna_x") | .case.id')"
ok "his case stays, with his note" sh -c "tw-case show $cB | grep -q NOTE-BRAVO"
ok "his records stay" grep -q BRAVO-ONE "$T/copy.ndjson"
exits "the chain verifies" 0 tw-audit --verify
tw-audit >"$T/trail"
ok "the journal's lines about her are redacted" test "$(jq -r 'select(.event == "redacted") | .was' "$T/trail" | wc -l)" -ge 2
is "the purge names her id, not her name" "$uA erase 0" \
    "$(jq -r 'select(.event == "purge") | "\(.targets[0].id) \(.targets[0].action) \(.targets | map(select(.name)) | length)"' "$T/trail" | tail -1)"
exits "--export after: nothing" 0 tw-purge --export @anna_x --file "$T/m.ndjson"
is "... empty" "" "$(cat "$T/out")"

# tampering after a purge is still caught
if store_is_pg; then
	psql -q "$TW_STORE" -c "UPDATE tw_journal SET line = replace(line, 'REPLY-BRAVO', 'REPLY-CHANGED') WHERE line LIKE '%REPLY-BRAVO%'" >/dev/null 2>&1
	exits "a line changed after a purge: exit 1" 1 tw-audit --verify
	psql -q "$TW_STORE" -c "UPDATE tw_journal SET line = replace(line, 'REPLY-CHANGED', 'REPLY-BRAVO') WHERE line LIKE '%REPLY-CHANGED%'" >/dev/null 2>&1
	exits "... put back: intact" 0 tw-audit --verify
	# a line made to look redacted, with its true hash: no purge names it
	psql -q "$TW_STORE" -c "UPDATE tw_journal SET line = '{\"event\":\"redacted\",\"purge\":\"x\",\"was\":\"' || encode(sha256(convert_to(line, 'UTF8')), 'hex') || '\",\"prev\":\"' || (line::json->>'prev') || '\"}' WHERE line LIKE '%REPLY-BRAVO%'" >/dev/null 2>&1
	exits "... a line redacted by no purge: exit 1" 1 tw-audit --verify
else
	j=$TW_HOME/journal
	cp "$j" "$T/journal.keep"
	sed -i 's/REPLY-BRAVO/REPLY-CHANGED/' "$j"
	exits "a line changed after a purge: exit 1" 1 tw-audit --verify
	cp "$T/journal.keep" "$j"
	# a line made to look redacted, with its true hash: no purge names it
	n=$(grep -n REPLY-BRAVO "$j" | head -1 | cut -d: -f1)
	was=$(sed -n "${n}p" "$j" | tr -d '\n' | sha256sum | cut -c1-64)
	prev=$(sed -n "${n}p" "$j" | jq -r .prev)
	sed -i "${n}s/.*/{\"event\":\"redacted\",\"purge\":\"x\",\"was\":\"$was\",\"prev\":\"$prev\"}/" "$j"
	exits "... a line redacted by no purge: exit 1" 1 tw-audit --verify
	like "... named" "line $n is a redaction no purge" "$(cat "$T/err")"
	cp "$T/journal.keep" "$j"
	exits "... put back: intact" 0 tw-audit --verify
fi

# bad input
exits "not an id: usage" 2 tw-purge nope
printf 'nope\n' >"$T/nope"
exits "a bad line: exit 1" 1 tw-purge <"$T/nope"
like "... located" '<stdin>:1' "$(cat "$T/err")"
exits "nothing asked: exit 0" 0 tw-purge </dev/null
exits "a missing file: exit 2" 2 tw-purge --file "$T/none" 123

sandbox_stop
done_testing
