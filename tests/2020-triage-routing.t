#!/bin/sh
# tw-triage: routing (each kind of queue rule), intent and urgency, and
# noise (each kind; dropped unless -A; -s remembers ids across runs).  The
# brand's own posts never reach an agent's queue.
. "${0%/*}/lib.sh"

TW_NOW=2026-11-21T10:00:00Z
export TW_NOW
now=2026-11-21T10:00:00Z

# mk ID TEXT [JSON merged in]
mk() {
	jq -nc --arg id "$1" --arg t "$2" --argjson x "${3:-{\}}" '{type:
	    "tweet", id: $id, created_at: "2026-11-21T09:59:00Z", text: $t,
	    lang: "en", author: {id: ("u" + $id), username: ("user" + $id),
	    followers: 10}, account: {id: "9", username: "AcmeAir"},
	    direction: "in"} * $x'
}
queue() { tw-triage -r "$T/rules" --crm "$T/crm" "$@" | jq -r '"\(.id)=\(.triage.queue)"' | tr '\n' ' ' | sed 's/ $//'; }

cat >"$T/rules" <<'R'
# care.rules: first match wins
queue airport-ops: delay OR "missed connection" lang:en
queue german: lang:de
queue vip-desk: is:vip
queue platinum: tier:platinum
queue big: followers:10000
queue dms: is:dm
queue press-desk: from:reporter_jo
queue app: #appfail OR (app crash)
queue second-brand: account:AcmeHotels
default general
R
printf '{"user":"@uvip","tags":["vip"]}\n{"user":"@userplat","tier":"platinum"}\n' >"$T/crm"
sed -i 's/@uvip/@uservip/' "$T/crm"

mk kw '@AcmeAir another delay today' >"$T/in"
mk ph '@AcmeAir I had a missed connection in Paris' >>"$T/in"
mk nph '@AcmeAir missed the connection talk' >>"$T/in"
mk de '@AcmeAir Verspätung' '{"lang":"de"}' >>"$T/in"
mk vip '@AcmeAir hello' >>"$T/in"
mk plat '@AcmeAir hello' >>"$T/in"
mk big '@AcmeAir hello' '{"author":{"followers":25000}}' >>"$T/in"
mk dm 'hello' '{"type":"dm","dm_conversation_id":"c1"}' >>"$T/in"
mk jo '@AcmeAir question' '{"author":{"username":"reporter_jo"}}' >>"$T/in"
mk tag '@AcmeAir #AppFail again' >>"$T/in"
mk crash '@AcmeAir the app did crash' >>"$T/in"
mk acct '@AcmeHotels hello' '{"account":{"id":"8","username":"AcmeHotels"}}' >>"$T/in"
mk none '@AcmeAir hello' >>"$T/in"
out=$(queue "$T/in")
for want in kw=airport-ops ph=airport-ops nph=general de=german vip=vip-desk \
    plat=platinum big=big dm=dms jo=press-desk tag=app crash=app \
    acct=second-brand none=general; do
	case " $out " in
	*" $want "*) pass "queue rule: $want" ;;
	*) fail "queue rule: $want" "got: $out" ;;
	esac
done
printf 'queue x: delay\n' >"$T/r2"
is "without a default the queue is 'general'" "general" \
    "$(mk a '@AcmeAir hello' | tw-triage -r "$T/r2" | jq -r .triage.queue)"

# intent and urgency
{
	mk i1 '@AcmeAir still waiting for my refund, third time asking'
	mk i2 '@AcmeAir what time does check-in open?'
	mk i3 '@AcmeAir please send me the invoice'
	mk i4 '@AcmeAir thank you, the crew were wonderful'
	mk i5 '@AcmeAir my lawyer will be in touch'
	mk i6 '@AcmeAir your app is down again, nothing loads'
	mk i7 '@AcmeAir smoke in the cabin and nobody reacted'
	mk i8 '@AcmeAir never again. switching to another airline'
	mk i9 '@AcmeAir hello' '{"author":{"description":"Travel journalist at the Daily"}}'
} >"$T/intent"
is "intents" "complaint question request praise" \
    "$(tw-triage "$T/intent" | jq -r .triage.intent | head -n 4 | tr '\n' ' ' | sed 's/ $//')"
is "urgency categories" "legal outage safety churn press" \
    "$(tw-triage "$T/intent" | jq -r '.triage.urgent | join(",")' | sed -n '5,9p' | tr '\n' ' ' | sed 's/ $//')"
printf 'urgent recall: recall OR "product safety notice"\n' >"$T/r3"
is "urgent CATEGORY: QUERY from RULES" "recall" \
    "$(mk r '@AcmeAir is my seat part of the recall' | tw-triage -r "$T/r3" | jq -r '.triage.urgent | join(",")')"
is "a legal threat gets the legal points" "40" \
    "$(mk r '@AcmeAir my lawyer will call' | tw-triage | jq -r '.triage.why[] | select(.term == "urgent") | .points')"

# noise, each kind
{
	mk ok1 '@AcmeAir my bag is lost'
	mk echo1 'We are sorry to hear that' '{"author":{"id":"9","username":"AcmeAir"}}'
	mk echo2 '@someone thanks for flying' '{"direction":"out","author":{"id":"x"}}'
	mk rt1 'RT @AcmeAir: big sale today'
	mk rt2 '@AcmeAir great' '{"retweet_of":"555"}'
	mk ok1 '@AcmeAir my bag is lost'
	mk links '@AcmeAir win http://a.example http://b.example http://c.example'
	mk storm '@AcmeAir @a @b @c @d @e follow me'
	mk rep1 '@AcmeAir the best airline in the whole world' '{"author":{"id":"s1"}}'
	mk rep2 '@AcmeAir the best airline in the whole world' '{"author":{"id":"s2"}}'
	mk rep3 '@AcmeAir The best airline in the whole world!!' '{"author":{"id":"s3"}}'
	mk na 'my flight was fine, no complaints'
	mk named 'acmeair lost my bag again'
} >"$T/noise"
tw-triage -A "$T/noise" >"$T/all"
is "noise kinds" "ok1= echo1=echo echo2=echo rt1=retweet rt2=retweet ok1=duplicate links=spam storm=spam rep1= rep2= rep3=spam na=not-addressed named=" \
    "$(jq -r '"\(.id)=\(.triage.noise // "")"' "$T/all" | tr '\n' ' ' | sed 's/ $//')"
is "noise is dropped without -A" "ok1 rep1 rep2 named" \
    "$(tw-triage "$T/noise" | jq -r .id | tr '\n' ' ' | sed 's/ $//')"
is "the brand's own posts reach no queue, even with -A" "null 0 null 0" \
    "$(jq -r 'select(.triage.noise == "echo") | "\(.triage.queue) \(.triage.priority)"' "$T/all" | tr '\n' ' ' | sed 's/ $//')"
printf 'queue everything: followers:0\n' >"$T/r4"
is "not even with a rule that takes everything" "" \
    "$(tw-triage -r "$T/r4" "$T/noise" | jq -r 'select(.author.id == "9" or .direction == "out") | .id')"

# the account from the config (-a) rather than the records
cat >"$T/config" <<'C'
[account brand]
user_id = 77
username = AcmeRail
C
chmod 600 "$T/config"
{
	mk c1 'thanks for the help' '{"author":{"id":"77","username":"AcmeRail"},"account":null}'
	mk c2 '@AcmeRail my train is late' '{"account":null}'
} >"$T/cfg"
is "-a ACCOUNT: its own posts are echo" "c1=echo c2=" \
    "$(tw-triage -a brand -A "$T/cfg" | jq -r '"\(.id)=\(.triage.noise // "")"' | tr '\n' ' ' | sed 's/ $//')"

rm -f "$T/config"

# -s: ids remembered across runs
mk s1 '@AcmeAir first' >"$T/run1"
{ mk s1 '@AcmeAir first'; mk s2 '@AcmeAir second'; } >"$T/run2"
tw-triage -s inbox "$T/run1" >/dev/null
is "-s: an id seen in an earlier run is dropped" "s2" \
    "$(tw-triage -s inbox "$T/run2" | jq -r .id)"
is "-s: the third run drops both" "" "$(tw-triage -s inbox "$T/run2" | jq -r .id)"
is "another state name starts afresh" "s1 s2" \
    "$(tw-triage -s other "$T/run2" | jq -r .id | tr '\n' ' ' | sed 's/ $//')"
is "without -s nothing is remembered" "s1 s2" \
    "$(tw-triage "$T/run2" | jq -r .id | tr '\n' ' ' | sed 's/ $//')"
is "records that are not tweets or DMs pass untouched" '{"type":"user","id":"5"}' \
    "$(echo '{"type":"user","id":"5"}' | tw-triage)"
done_testing
