"""casepost.py API SEED STEP N IDS_FILE - customers write to the sandbox.

Posts N messages for simulated step STEP (0, 1, ...): each moves the
sandbox's clock a little forward (POST /_sandbox/clock) and then posts a
mention of @skyway (three in four) or a DM to it, from one of 500
customers chosen with a skew (a few write often).  The same SEED and STEP
always give the same messages.  Each new post's or DM's id is appended
to IDS_FILE as "tweet ID" or "dm ID".  Used by tests/7010-case-day.t and
tests/7020-case-claims.t.
"""
import json
import random
import sys
import urllib.error
import urllib.request

api, seed, step, n, ids_file = sys.argv[1], int(sys.argv[2]), \
    int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rnd = random.Random(seed * 100003 + step)

TOPICS = ["my bag did not arrive", "the flight is delayed again",
          "can I change my seat", "refund still missing",
          "the app crashes at check-in", "great crew today, thanks",
          "lost my boarding pass", "wifi did not work on board"]


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(api + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


now = call("GET", "/_sandbox/clock")["now"]
out = open(ids_file, "a")
for i in range(n):
    # a few seconds to a couple of minutes between messages; the clock
    # runs on meanwhile, so a time it has passed is taken as it is
    try:
        call("POST", "/_sandbox/clock", {"now": now})
    except urllib.error.HTTPError as e:
        if e.code != 409:
            raise
        now = call("GET", "/_sandbox/clock")["now"]
    who = "cust%03d" % int(500 * rnd.random() ** 2)
    text = "%s (#%d.%d)" % (rnd.choice(TOPICS), step, i)
    if rnd.random() < 0.75:
        r = call("POST", "/_sandbox/tweets",
                 {"username": who, "text": "@skyway " + text})
        out.write("tweet %s\n" % r["data"]["id"])
    else:
        r = call("POST", "/_sandbox/dms",
                 {"from": who, "to": "skyway", "text": text})
        out.write("dm %s\n" % r["data"]["id"])
    # the next message's time
    sec = int(now[17:19]) + rnd.randint(5, 90)
    mins = int(now[14:16]) + sec // 60
    hours = int(now[11:13]) + mins // 60
    if hours < 24:
        now = "%s%02d:%02d:%02dZ" % (now[:11], hours, mins % 60, sec % 60)
out.close()
