#!/bin/sh
# tw-triage: bad input.  A malformed record is reported with its
# location and skipped (exit 1); a bad RULES line names its file and line
# (exit 2); bad options, CRM and lexicon files are usage errors.
. "${0%/*}/lib.sh"

TW_NOW=2026-11-21T10:00:00Z
export TW_NOW
good='{"type":"tweet","id":"1","created_at":"2026-11-21T09:00:00Z","text":"@AcmeAir hi","author":{"id":"2","username":"a"}}'

printf '%s\n{"type":"tweet",\n%s\n' "$good" "$good" | sed '3s/"1"/"3"/' >"$T/bad.ndjson"
exits "a malformed record: exit 1" 1 tw-triage "$T/bad.ndjson"
like "its location is given" "^tw-triage: .*bad.ndjson:2: invalid JSON" "$(cat "$T/err")"
is "the other records are triaged" "1 3" "$(jq -r .id "$T/out" | tr '\n' ' ' | sed 's/ $//')"

cd "$T"
printf '# care rules\nqueue a: delay\n\n\n\n\nqueu b: lost\n' >care.rules
exits "a bad RULES line: exit 2" 2 tw-triage -r care.rules bad.ndjson
is "named by file and line" "tw-triage: care.rules:7: unknown directive 'queu'" "$(cat "$T/err")"
is "nothing is read or written" "" "$(cat "$T/out")"

for r in 'queue a delay' 'queue a: (delay' 'queue a: -delay' 'queue a b: delay' \
    'weight nosuch 3' 'weight reach lots' 'weight reach 101' 'ladder 10 5' \
    'sla soon' 'vip' 'tier gold' 'queue a: followers:many'; do
	printf '%s\n' "$r" >one.rules
	tw-triage -r one.rules </dev/null >/dev/null 2>err
	rc=$?
	[ $rc = 2 ] && grep -q '^tw-triage: one.rules:1: ' err || {
		fail "bad rule: $r" "exit $rc: $(cat err)"; continue; }
	_ok=1
done
[ "${_ok:-}" = 1 ] && pass "twelve kinds of bad rule lines: exit 2, file:line" || :

printf '{"user":"@a","tier":"gold"}\n{"tier":"x"}\nnot json\n' >crm.ndjson
exits "a bad CRM file: exit 2" 2 tw-triage --crm crm.ndjson bad.ndjson
like "CRM errors are located" "crm.ndjson:2: no \"user\"" "$(cat "$T/err")"
like "CRM JSON errors are located" "crm.ndjson:3: invalid JSON" "$(cat "$T/err")"
exits "-k 0 is a usage error" 2 tw-triage -k 0 bad.ndjson
exits "--min over 100 is a usage error" 2 tw-triage --min 101 bad.ndjson
exits "a missing rules file: exit 2" 2 tw-triage -r /nonexistent/rules bad.ndjson
exits "TW_NOW must be a time" 2 env TW_NOW=soon tw-triage bad.ndjson

# -L: an added lexicon, per language (German has a built-in one, which
# does not know "grottig"; -L adds to it)
printf 'grottig\t-2.5\n' >de.lex
printf '%s\n' '{"type":"tweet","id":"9","text":"@AcmeAir sehr grottig","lang":"de","author":{"id":"2"},"account":{"username":"AcmeAir"}}' >de.ndjson
is "-L de=FILE scores German records" "negative" \
    "$(tw-triage -L de=de.lex de.ndjson | jq -r .triage.sentiment.label)"
is "without it the word is not known" "neutral" \
    "$(tw-triage de.ndjson | jq -r .triage.sentiment.label)"
printf 'hi\t3.5\n' >en.lex
is "-L FILE adds to English" "positive" \
    "$(echo "$good" | tw-triage -L en.lex | jq -r .triage.sentiment.label)"
printf 'bad line\n' >x.lex
exits "a bad lexicon line: exit 2" 2 tw-triage -L x.lex bad.ndjson
like "named by file and line" "x.lex:1: expected TERM<TAB>VALUE" "$(cat "$T/err")"

# Old spellings (NEWS.md) still work until tw 0.2, with a warning.
exits "old -m: still --min" 2 tw-triage -m 101 bad.ndjson
is "old -m: the warning, then --min's check" \
    "tw-triage: warning: '-m' is an old spelling, accepted until tw 0.2; use '--min' (see NEWS.md)
tw-triage: --min: not a number from 0 to 100: '101'" "$(cat "$T/err")"
exits "old -t: still --crm" 2 tw-triage -t crm.ndjson bad.ndjson
like "old -t: the warning names --crm" "'-t' is an old spelling, accepted until tw 0.2; use '--crm'" "$(sed -n 1p "$T/err")"
exits "old tw-show -F: still --fields" 2 tw-show -F id bad.ndjson
like "old -F: the warning names --fields" "'-F' is an old spelling, accepted until tw 0.2; use '--fields'" "$(sed -n 1p "$T/err")"
printf '{"type":"tweet","id":"1","text":"x"}\n' >one.ndjson
exits "old tw-norm -s: still --source" 0 tw-norm -s lookup one.ndjson
is "old -s: the source is set" lookup "$(jq -r .source "$T/out")"

# found by tests/fuzz/record: a count past a long's range was converted
# as it was (undefined; -9223372036854775808 on x86-64, so no reach)
echo "$good" | sed 's/"username":"a"/"username":"a","followers":1e300/' >big.ndjson
is "followers 1e300: the reach term at its top" "20" \
    "$(tw-triage big.ndjson | jq -r '.triage.why[] | select(.term == "reach") | .points')"
done_testing
