#!/bin/sh
# Customer profiles in the store (tw-case customer): import from CSV and
# NDJSON (tw-triage --crm's lines), a second import changes nothing,
# export and import again give the same, tw-case note and tag update the
# profile, tw-case show and tw-show -l print it, tw-triage takes tier and
# VIP points from it, and bad input says where in one line with the
# documented exit code.  On SQLite, or PostgreSQL under TW_TEST_PG.
. "$(dirname "$0")/lib.sh"

printf '[account brand]\nuser_id = 100\nusername = brand\n' >"$TW_CONFIG"
chmod 600 "$TW_CONFIG"
export TW_AGENT=alice TW_NOW=2026-11-20T09:30:00Z

# export as sorted lines without the time of the change
profiles() { tw-case customer export | jq -c 'del(.updated)' | sort; }

cat >"$T/crm.csv" <<'EOF'
User,Tier,Tags,Note,Lang
@Gus,gold,vip; frequent,"likes ""window"" seats, call first",es
u200,silver,,,
EOF
printf '{"user":"@ann","tier":"platinum","tags":["press"],"note":"journalist","csat":4,"csat_time":"2026-11-19T10:00:00Z"}\n' >"$T/crm.ndjson"

exits "import a CSV file: exit 0" 0 tw-case customer import "$T/crm.csv"
like "it counts what changed" "2 profiles changed, 0 the same" "$(cat "$T/err")"
exits "import NDJSON (tw-triage --crm's lines) from standard input" 0 \
    sh -c 'tw-case customer import <"$1"' sh "$T/crm.ndjson"
is "three profiles" 3 "$(profiles | wc -l)"
is "the CSV row: tags split at ';', quotes undone, names in lower case" \
    '{"user":"@gus","username":"gus","tier":"gold","tags":["vip","frequent"],"note":"likes \"window\" seats, call first","lang":"es"}' \
    "$(profiles | grep '"@gus"')"
is "an empty cell is no value" '{"user":"u200","tier":"silver","tags":[]}' \
    "$(profiles | grep u200)"
is "the NDJSON row with its CSAT" "4 2026-11-19T10:00:00Z" \
    "$(tw-case customer show @ANN | jq -r '"\(.csat) \(.csat_time)"')"

profiles >"$T/before"
tw-case customer export >"$T/before.full"
exits "importing both again: exit 0" 0 tw-case customer import "$T/crm.csv" "$T/crm.ndjson"
like "nothing changed" "0 profiles changed, 3 the same" "$(cat "$T/err")"
tw-case customer export >"$T/after.full"
is "not even the time of the change" "" "$(diff "$T/before.full" "$T/after.full")"

# a round trip through each format into another store
exits "export CSV: exit 0" 0 tw-case customer export -f csv
cp "$T/out" "$T/export.csv"
is "a header row, RFC 4180 quoting" 'user,username,tier,tags,note,lang,csat,csat_time
@ann,ann,platinum,press,journalist,,4,2026-11-19T10:00:00Z
@gus,gus,gold,vip;frequent,"likes ""window"" seats, call first",es,,
u200,,silver,,,,,' "$(cat "$T/export.csv")"
tw-case customer export >"$T/export.ndjson"
for f in csv ndjson; do
	if store_is_pg; then
		pg_createdb "rt$f" || fail "a database for the round trip"
		store=$PG_URI
	else
		store=$T/rt-$f.db
	fi
	TW_STORE=$store tw-case customer import "$T/export.$f" 2>/dev/null
	is "export $f, import into another store: the same profiles" \
	    "$(cat "$T/before")" \
	    "$(TW_STORE=$store tw-case customer export | jq -c 'del(.updated)' | sort)"
done

# cases: note and tag update the profile; show prints it
mk() { # mk ID USER_ID USER TEXT
	jq -cn --arg id "$1" --arg uid "$2" --arg u "$3" --arg x "$4" '
	{type: "tweet", id: $id, created_at: "2026-11-20T09:00:00Z", text: $x,
	 direction: "in", account: {id: "100", username: "brand"},
	 author: {id: $uid, username: $u, name: ($u + " name"), followers: 12},
	 triage: {priority: 10, queue: "general"}}'
}
{ mk 1001 u100 Gus "@brand my bag"; mk 1002 u300 zoe "@brand hello"; } >"$T/in"
exits "file two posts" 0 tw-case add "$T/in"
exits "note on gus's case: exit 0" 0 tw-case note "prefers DMs" 1
exits "tag it: exit 0" 0 tw-case tag +refund -frequent 1
is "the profile gets the customer's id" '{"user":"u100","username":"gus","tier":"gold","tags":["vip","refund"],"note":"likes \"window\" seats, call first\n2026-11-20 alice: prefers DMs","lang":"es"}' \
    "$(profiles | grep '"gus"')"
is "and the case's own tags changed too" '["refund"]' \
    "$(tw-case show 1 | jq -c 'select(.type == "case") | .case.tags')"
exits "a note on a customer with no profile makes one" 0 tw-case note "first contact" 2
is "zoe's new profile" '{"user":"u300","username":"zoe","tags":[],"note":"2026-11-20 alice: first contact"}' \
    "$(profiles | grep zoe)"
exits "show by @name after the id came: exit 0" 0 tw-case customer show @gus
is "the same profile" u100 "$(jq -r .user "$T/out")"
is "tw-case show: the profile in the case header" "gold vip,refund es true" \
    "$(tw-case show 1 | jq -r 'select(.type == "case") | .profile | "\(.tier) \(.crm_tags | join(",")) \(.lang) \(.vip)"')"
echo '{"user":"u100","csat":5}' | tw-case customer import 2>/dev/null
tw-case show 1 | tw-show -l -w 80 >"$T/long"
like "tw-show -l: tier, tags, language, CSAT, VIP" \
    "tier gold +crm vip, refund +lang es +CSAT 5/5 +VIP" "$(cat "$T/long")"
like "tw-show -l: the notes, a line each" "note: 2026-11-20 alice: prefers DMs" \
    "$(cat "$T/long")"
is "the CSAT's time is the import's" 2026-11-20T09:30:00Z \
    "$(tw-case customer show u100 | jq -r .csat_time)"

# tw-triage: tier and VIP points from the store
points() { jq -r "[.triage.why[] | select(.term == \"$1\") | .points][0]"; }
mk 2001 u100 gus "@brand hi" >"$T/gus"
mk 2002 u200 someone "@brand hi" >"$T/u200"
is "the store's tier: gold's points" "15 gold" \
    "$(tw-triage "$T/gus" | jq -r '"\([.triage.why[] | select(.term == "tier") | .points][0]) \(.triage.tier)"')"
is "the store's vip tag: VIP points" "15 true" \
    "$(tw-triage "$T/gus" | jq -r '"\([.triage.why[] | select(.term == "vip") | .points][0]) \(.triage.vip)"')"
is "a profile by id" silver "$(tw-triage "$T/u200" | jq -r .triage.tier)"
printf '{"user":"@gus","tier":"bronze"}\n' >"$T/file.crm"
is "--crm FILE's tier wins over the store's, the VIP stays" "bronze true" \
    "$(tw-triage --crm "$T/file.crm" "$T/gus" | jq -r '"\(.triage.tier) \(.triage.vip)"')"
is "-t FILE, its old spelling, still reads the file" "bronze" \
    "$(tw-triage -t "$T/file.crm" "$T/gus" 2>/dev/null | jq -r .triage.tier)"
is "no store at all: no tier" "null" \
    "$(TW_HOME=$T/nostore TW_STORE= TW_CONFIG=$T/noconfig tw-triage "$T/gus" | jq -r .triage.tier)"
if store_is_pg; then
	skip "no store file made: the store is PostgreSQL's here"
else
	is "and no store file made" "" "$(ls "$T/nostore" 2>/dev/null)"
fi

# bad input: one line naming the place, the good rows imported
printf 'user,tier,tags\n@ok1,gold,\n@bad,gold,x,y\n@bad2,"gold"x,\n@ok2,silver,a b\n' >"$T/bad.csv"
exits "bad CSV rows: exit 1" 1 tw-case customer import "$T/bad.csv"
like "the row with a field too many, by its line" "bad.csv:3: 4 fields, the header has 3" "$(cat "$T/err")"
like "the bad quoting, by its line" "bad.csv:4: text after a quoted field's closing quote" "$(cat "$T/err")"
like "a tag with a space, by its line" 'bad.csv:5: "tags": expected a list of words' "$(cat "$T/err")"
is "one line each, and the count" 4 "$(wc -l <"$T/err")"
is "the good row went in" gold "$(tw-case customer show @ok1 | jq -r .tier)"
printf 'user,tier\n@q,"gold\n' >"$T/open.csv"
exits "a quote never closed: exit 1" 1 tw-case customer import "$T/open.csv"
like "said with the row's line" "open.csv:2: a quoted field is not closed" "$(cat "$T/err")"
printf 'user,colour\n@x,red\n' >"$T/hdr.csv"
exits "an unknown column: exit 2" 2 tw-case customer import "$T/hdr.csv"
like "it names the column and the known ones" "hdr.csv:1: no column 'colour' \\(user, username" "$(cat "$T/err")"
exits "nothing of that file went in" 1 tw-case customer show @x
printf '{"user":"@c","csat":9}\n{"tier":"gold"}\nnot json\n' >"$T/bad.ndjson"
exits "bad NDJSON rows: exit 1" 1 tw-case customer import "$T/bad.ndjson"
like "a CSAT out of range" 'bad.ndjson:1: "csat": expected 1 to 5' "$(cat "$T/err")"
like "a row with no user" 'bad.ndjson:2: no "user"' "$(cat "$T/err")"
like "a line that is not JSON" 'bad.ndjson:3: invalid JSON' "$(cat "$T/err")"
printf '{"user":"@tv","note":"a 5\\" screen"}\n{"user":"@tv2","tier":"gold"}\n' >"$T/odd.ndjson"
exits "NDJSON whose first line has an odd number of quotes: exit 0" 0 tw-case customer import "$T/odd.ndjson"
is "both lines read, as JSON" 'a 5" screen gold' \
    "$(tw-case customer show @tv @tv2 | jq -r '.note // .tier' | tr '\n' ' ' | sed 's/ $//')"
exits "a file that is not there: exit 2" 2 tw-case customer import "$T/nothere"
exits "customer with no word: exit 2" 2 tw-case customer
exits "export -f xml: exit 2" 2 tw-case customer export -f xml
like "it says which formats" "ndjson or csv" "$(cat "$T/err")"
exits "show of nobody: exit 1" 1 tw-case customer show @nobody
like "it says so" "no profile for @nobody" "$(cat "$T/err")"

done_testing
