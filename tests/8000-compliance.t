#!/bin/sh
# The sandbox's compliance (COMPLIANCE-LIKES.md) as a client uses it: a
# batch job created, its ids uploaded to the signed URL, polled, its
# results downloaded; the compliance streams; the seeded deletion and
# suspension; then tw-fetch compliance, which does all of that.
. "${0%/*}/lib.sh"

sandbox_start || exit 1
BT=$(sed -n 's/^bearer_token = //p' "$TW_CONFIG")
api() { curl -sS -H "Authorization: Bearer $BT" "$@"; }

# the seed: a post its author deleted, an account suspended
sb GET /_sandbox/state >"$T/s.json"
is "seed: a deleted post's event" delete \
    "$(json '.compliance[] | select(.tweet != null) | .event' "$T/s.json")"
is "seed: the deleted post is gone" 0 \
    "$(json '[.tweets[] | select(.text | test("Martin"))] | length' "$T/s.json")"
del=$(json '.compliance[] | select(.tweet != null) | .tweet' "$T/s.json")
spam=$(json '.users[] | select(.username == "crypto_deals_4u") | .id' "$T/s.json")
is "seed: the spammer suspended" "$spam" \
    "$(json '.compliance[] | select(.event == "user_suspend") | .user' "$T/s.json")"
spampost=$(json ".tweets[] | select(.username == \"crypto_deals_4u\") | .id" "$T/s.json" | head -1)
live=$(json '.tweets[] | select(.username == "tom_h") | .id' "$T/s.json" | head -1)

# the job, as X answers it
api -X POST -H 'Content-Type: application/json' \
    -d '{"type":"tweets","name":"nightly"}' "$API/2/compliance/jobs" >"$T/job.json"
is "create: status created" created "$(json .data.status "$T/job.json")"
is "create: the name" nightly "$(json .data.name "$T/job.json")"
is "create: resumable false" false "$(json .data.resumable "$T/job.json")"
like "create: a snowflake id" '^[0-9]{1,19}$' "$(json .data.id "$T/job.json")"
for k in created_at upload_url upload_expires_at download_url download_expires_at; do
	ok "create: $k" test "$(json ".data.$k" "$T/job.json")" != null
done
job=$(json .data.id "$T/job.json")
up=$(json .data.upload_url "$T/job.json")
down=$(json .data.download_url "$T/job.json")
like "the upload URL is signed, on the sandbox" "^$API/_sandbox/compliance/$job/submission\\?sig=" "$up"
code=$(api -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"type":"tweets"}' "$API/2/compliance/jobs")
is "one job of a type at a time: 409" 409 "$code"
code=$(api -o "$T/bad.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"type":"posts"}' "$API/2/compliance/jobs")
is "a bad type: 400" 400 "$code"
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"type":"users"}' "$API/2/compliance/jobs")
is "no bearer: 401" 401 "$code"
is "not uploaded: the download is not ready" 404 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$down")"
printf '%s\n%s\n%s\n' "$del" "$spampost" "$live" >"$T/ids"
is "upload without the signature: 403" 403 \
    "$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: text/plain' \
    --data-binary @"$T/ids" "${up%%\?*}")"
is "upload not text/plain: 403" 403 \
    "$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    --data-binary @"$T/ids" "$up")"
is "upload: 200" 200 \
    "$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: text/plain' \
    --data-binary @"$T/ids" "$up")"
is "polled: in progress" in_progress "$(api "$API/2/compliance/jobs/$job" | json .data.status)"
is "polled again: complete" complete "$(api "$API/2/compliance/jobs/$job" | json .data.status)"
is "listed" "$job" "$(api "$API/2/compliance/jobs?type=tweets&status=complete" | json '.data[0].id')"
is "the list needs a type: 400" 400 \
    "$(api -o /dev/null -w '%{http_code}' "$API/2/compliance/jobs")"
is "an unknown job: 404" 404 \
    "$(api -o /dev/null -w '%{http_code}' "$API/2/compliance/jobs/123")"
curl -sS "$down" >"$T/res"
is "results: one line per id out of compliance" 2 "$(wc -l <"$T/res" | tr -d ' ')"
is "the deleted post: delete, deleted" "delete deleted" \
    "$(jq -r "select(.id == \"$del\") | \"\(.action) \(.reason)\"" "$T/res")"
is "the suspended author's post: delete, suspended" "delete suspended" \
    "$(jq -r "select(.id == \"$spampost\") | \"\(.action) \(.reason)\"" "$T/res")"
ok "each with created_at and redacted_at" test "$(jq -r 'select(.created_at and .redacted_at) | .id' "$T/res" | wc -l)" -eq 2
is "a post in compliance: no line" "" "$(jq -r "select(.id == \"$live\") | .id" "$T/res")"

# the streams: partition required; backfill replays the seeded events
is "a stream without partition: 400" 400 \
    "$(api -o /dev/null -w '%{http_code}' "$API/2/users/compliance/stream")"
p=$(( spam % 4 + 1 ))
api --max-time 2 "$API/2/users/compliance/stream?partition=$p&start_time=$(date -u -d '-1 day' +%Y-%m-%dT%H:%M:%SZ)" >"$T/ustream" 2>/dev/null
is "users stream: the suspension, as X shapes it" "$spam" \
    "$(grep user_suspend "$T/ustream" | jq -r '.data.user_suspend.user.id')"
# a live event reaches a connected stream
tom=$(json '.users[] | select(.username == "tom_h") | .id' "$T/s.json")
p=$(( tom % 4 + 1 ))
( api -N --max-time 60 "$API/2/users/compliance/stream?partition=$p" >"$T/live" 2>/dev/null ) &
cpid=$!
# until the stream has it: the account protected, unprotected, again...
i=0; while [ $i -lt 200 ] && ! grep -q user_protect "$T/live"; do
	sb POST /_sandbox/user '{"username":"tom_h","event":"user_protect"}' >/dev/null
	sleep 0.1
	grep -q user_protect "$T/live" ||
	    sb POST /_sandbox/user '{"username":"tom_h","event":"user_unprotect"}' >/dev/null
	i=$((i + 1))
done
kill $cpid 2>/dev/null; wait $cpid 2>/dev/null
sb POST /_sandbox/user '{"username":"tom_h","event":"user_protect"}' >/dev/null
is "a live event: user_protect on the stream" "$tom" \
    "$(grep user_protect "$T/live" | head -1 | jq -r '.data.user_protect.user.id')"
ok "event_at" grep -q event_at "$T/live"

# tw-fetch compliance: the job done for a file of ids
exits "tw-fetch compliance: exit 0" 0 tw-fetch --json compliance "$T/ids"
cp "$T/out" "$T/recs"
is "records: three (tom_h is protected since)" 3 "$(wc -l <"$T/recs" | tr -d ' ')"
is "tom_h's post: protect" "protect protected" \
    "$(jq -r "select(.id == \"$live\") | \"\(.action) \(.reason)\"" "$T/recs")"
is "the deleted post: action delete" "compliance tweet delete deleted" \
    "$(jq -r "select(.id == \"$del\") | \"\(.type) \(.kind) \(.action) \(.reason)\"" "$T/recs")"
is "the suspended author: action suspend" "suspend" \
    "$(jq -r "select(.id == \"$spampost\") | .action" "$T/recs")"
like "tw-show: a compliance record's line" "tweet $del: delete \\(deleted\\)" "$(tw-show -w 200 <"$T/recs")"
printf '%s\n' "$tom" >"$T/uids"
exits "tw-fetch user-compliance" 0 tw-fetch --json user-compliance "$T/uids"
is "the protected user: kind user, action protect" "user protect" \
    "$(jq -r '"\(.kind) \(.action)"' "$T/out")"
printf 'nope\n' >"$T/badids"
exits "not an id: exit 2" 2 tw-fetch compliance "$T/badids"
like "names the line" 'badids:1' "$(cat "$T/err")"
exits "no such file: exit 2" 2 tw-fetch compliance "$T/none"
: >"$T/empty"
exits "no ids: nothing, exit 0" 0 tw-fetch compliance "$T/empty"
is "no ids: no output" "" "$(cat "$T/out")"

# tw-fetch on the compliance streams: the seeded events, replayed
p=$(( del % 4 + 1 ))
exits "compliance-stream: --since and --max" 0 tw-fetch --json --max 1 --since 3d compliance-stream $p
is "... the deleted post, as a record" "compliance tweet $del delete delete" \
    "$(jq -r '"\(.type) \(.kind) \(.id) \(.action) \(.reason)"' "$T/out")"
p=$(( spam % 4 + 1 ))
exits "user-compliance-stream" 0 tw-fetch --json --max 1 --since 1d user-compliance-stream $p
is "... the suspension" "user $spam suspend user_suspend" \
    "$(jq -r '"\(.kind) \(.id) \(.action) \(.reason)"' "$T/out")"
exits "a partition out of 1-4: exit 2" 2 tw-fetch compliance-stream 5
exits "no partition: exit 2" 2 tw-fetch compliance-stream

sandbox_stop
done_testing
