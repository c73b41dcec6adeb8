#!/usr/bin/env python3
"""tests/sbfuzz.py - random and malformed requests against a tw-sandbox
on 127.0.0.1, over raw sockets (tests/6120-sandbox-robust.t).

  sbfuzz.py fuzz PORT CONFIG SEED N
      send N requests made from SEED (the same seed, the same requests):
      random methods, paths with %00 %0a %ff .. segments, query strings
      with empty names and huge values, bad headers and HTTP versions,
      bad, garbage and oversized bodies, with the config's bearer token,
      an OAuth 1.0a signature, a bad one or none.  Every answer must be
      HTTP with a JSON body that parses as UTF-8.  Prints a summary;
      exits 1 on the first few failures.
  sbfuzz.py raw PORT
      send standard input as one request; print the status, then the
      body.

The requests are bounded in size and each waits at most 10 seconds.
"""
import base64
import hashlib
import hmac
import json
import random
import socket
import sys
import time
import urllib.parse

HOST = "127.0.0.1"


def read_config(path):
	cfg = {}
	for line in open(path):
		k, sep, v = line.partition("=")
		if sep:
			cfg[k.strip()] = v.strip()
	return cfg


def exchange(port, data, limit=10.0):
	"""Send data, read one answer until the server closes (it always
	does); (status, headers, body) or raise."""
	s = socket.create_connection((HOST, port), timeout=limit)
	try:
		try:
			s.sendall(data)
		except OSError:
			pass            # answered and closed before all was sent
		s.settimeout(limit)
		out = b""
		end = time.time() + limit
		while time.time() < end:
			try:
				chunk = s.recv(65536)
			except ConnectionResetError:
				break
			if not chunk:
				break
			out += chunk
	finally:
		s.close()
	head, sep, body = out.partition(b"\r\n\r\n")
	while sep and head.startswith(b"HTTP/1.1 100 "):    # interim
		head, sep, body = body.partition(b"\r\n\r\n")
	if not sep:
		raise ValueError("no complete HTTP head in %r" % out[:200])
	lines = head.split(b"\r\n")
	parts = lines[0].split(b" ", 2)
	if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or \
	    not parts[1].isdigit():
		raise ValueError("bad status line %r" % lines[0][:200])
	hdrs = {}
	for l in lines[1:]:
		k, _, v = l.partition(b":")
		hdrs[k.strip().lower().decode("latin-1")] = v.strip().decode("latin-1")
	if "content-length" in hdrs:
		body = body[:int(hdrs["content-length"])]
	return int(parts[1]), hdrs, body


def pct(b):
	return "".join("%%%02X" % c for c in b)


def oauth_header(cfg, method, base, query):
	q = lambda s: urllib.parse.quote(s, safe="~")
	oa = {
		"oauth_consumer_key": cfg["consumer_key"],
		"oauth_nonce": "%032x" % random.getrandbits(128),
		"oauth_signature_method": "HMAC-SHA1",
		"oauth_timestamp": str(int(time.time())),
		"oauth_token": cfg["access_token"],
		"oauth_version": "1.0",
	}
	params = list(oa.items()) + query
	norm = "&".join("%s=%s" % (q(k), q(v)) for k, v in
	    sorted((q(k), q(v)) for k, v in params))
	sbs = "&".join([method, q(base), q(norm)])
	key = q(cfg["consumer_secret"]) + "&" + q(cfg["access_token_secret"])
	sig = base64.b64encode(hmac.new(key.encode(), sbs.encode(),
	    hashlib.sha1).digest()).decode()
	oa["oauth_signature"] = sig
	return "OAuth " + ", ".join('%s="%s"' % (q(k), q(v))
	    for k, v in sorted(oa.items()))


ROUTES = [
	"/2/users/me", "/2/users/by/username/anna_k", "/2/users/by/username/{w}",
	"/2/users/by", "/2/users/{id}/mentions", "/2/tweets/search/recent",
	"/2/tweets/search/all", "/2/tweets/search/stream/rules", "/2/tweets",
	"/2/tweets/{id}", "/2/dm_events", "/2/dm_conversations/with/{id}/dm_events",
	"/2/dm_conversations/{id}/dm_events",
	"/2/dm_conversations/with/{id}/messages",
	"/2/dm_conversations/{id}/messages", "/2/media/upload/initialize",
	"/2/media/upload/{id}/append", "/2/media/upload/{id}/finalize",
	"/2/media/upload", "/2/media/metadata", "/_sandbox/state",
	"/_sandbox/tweets", "/_sandbox/dms", "/_sandbox/nosuch", "/", "/2",
	"/2/users/1/nosuch", "/2/tweets/1/x", "/2/users/me/../x",
]
SEGS = ["%00", "%0a", "%0d%0a", "%ff", "%fe%ff", "..", "%2e%2e", ".", "",
	"%1b[31m", "%c3%28", "%e2%82%ac", "%f0%9f%98%80", "%ed%a0%80", "x" * 300,
	"%25", "%", "%zz", "a b", "\u00e9".encode().decode("latin-1")]
NAMES = ["", "max_results", "query", "ids", "usernames", "tweet.fields",
	"user.fields", "expansions", "pagination_token", "next_token",
	"since_id", "until_id", "start_time", "end_time", "sort_order",
	"event_types", "dm_event.fields", "media.fields", "dry_run",
	"delete_all", "backfill_minutes", "command", "media_id", "%00", "%ff",
	"%0a", "x%c3", "a[b]", "=", "&"]
VALUES = ["", "1", "10", "0", "-1", "99999999999999999999", "id,text",
	"refund", "(broken", "lang:ja @skyway", "%00", "%ff%fe", "%0a",
	"2026-01-01T00:00:00Z", "notatime", "b0000000000000000", "STATUS",
	"true", "anna_k,skyway", "1,2,3", "attachments.media_keys"]
METHODS = ["GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH",
	"OPTIONS", "HEAD", "TRACE", "CONNECT", "FOO", "get", "G\x01T", "",
	"GET GET"]
VERSIONS = ["HTTP/1.1"] * 8 + ["HTTP/1.0", "HTTP/1.1", "HTTP/2.0",
	"HTTP/0.9", "HTTP/1.9", "HTTX/1.1", "HTTP/1.1 x", "", "http/1.1",
	"HTTP/11"]


def make(rnd, cfg, port):
	"""One request as bytes, and whether its answer has no body."""
	method = rnd.choice(METHODS)
	path = rnd.choice(ROUTES)
	path = path.replace("{id}", rnd.choice(["1470948667", "1", "0",
	    "12345678901234567890", rnd.choice(SEGS)]))
	path = path.replace("{w}", rnd.choice(["skyway", "x" * 16,
	    rnd.choice(SEGS)]))
	for _ in range(rnd.choice([0, 0, 0, 1, 2])):
		segs = path.split("/")
		segs.insert(rnd.randrange(1, len(segs) + 1), rnd.choice(SEGS))
		path = "/".join(segs)
	if path == "/2/tweets/search/stream":
		path += "/rules"
	query = []
	raw_q = []
	for _ in range(rnd.choice([0, 0, 1, 2, 3, 6])):
		k = rnd.choice(NAMES)
		v = rnd.choice(VALUES)
		r = rnd.random()
		if r < 0.05:
			v = "v" * rnd.choice([5000, 15000, 40000])   # huge
		elif r < 0.1:
			v = pct(bytes(rnd.randrange(256) for _ in range(8)))
		raw_q.append(k + ("" if rnd.random() < 0.1 else "=" + v))
		query.append((urllib.parse.unquote(k), urllib.parse.unquote(v)))
	target = path + ("?" + "&".join(raw_q) if raw_q else "")
	if rnd.random() < 0.03:
		target = rnd.choice(["*", "http://127.0.0.1/2/users/me",
		    "/2/users/me#frag", "//", "/?&&&=&", "/2/users/me?" + "&" * 300])
	version = rnd.choice(VERSIONS)
	hdrs = ["Host: 127.0.0.1"]
	auth = rnd.random()
	if auth < 0.35:
		hdrs.append("Authorization: Bearer " + cfg["bearer_token"])
	elif auth < 0.55:
		base = "http://127.0.0.1:%d%s" % (port, urllib.parse.unquote(
		    path, errors="replace"))
		hdrs.append("Authorization: " + oauth_header(cfg,
		    method if method.isalpha() else "GET", base, query))
	elif auth < 0.65:
		hdrs.append(rnd.choice(["Authorization: Bearer x",
		    "Authorization: OAuth", "Authorization: OAuth a=\"",
		    "Authorization: Basic Zm9vOmJhcg==", "Authorization:",
		    "Authorization: Bearer " + cfg["bearer_token"] + "\x7f"]))
	body = b""
	kind = rnd.random()
	if method in ("POST", "PUT", "PATCH") or kind < 0.1:
		b = rnd.random()
		if b < 0.3:
			body = json.dumps({"text": rnd.choice(["hi", "", "x" * 400,
			    "\u00e9\ud83d\ude00".encode("utf-16", "surrogatepass")
			    .decode("utf-16")]), rnd.choice(["reply", "", "poll",
			    "add", "delete", "username"]): rnd.choice([1, "x", None,
			    {"in_reply_to_tweet_id": "1"}, [{"value": "(x"}]])}).encode()
			hdrs.append("Content-Type: application/json")
		elif b < 0.5:
			body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300)))
			hdrs.append("Content-Type: " + rnd.choice(["application/json",
			    "application/x-www-form-urlencoded", "text/plain"]))
		elif b < 0.6:
			body = b"&".join(rnd.choice([b"a=b", b"=", b"%ff=%00",
			    b"media_category=tweet_image", b"&"]) for _ in range(5))
			hdrs.append("Content-Type: application/x-www-form-urlencoded")
		elif b < 0.65:
			body = b"{" * 5000 + b"}" * 5000     # deep nesting
			hdrs.append("Content-Type: application/json")
		elif b < 0.7:
			body = b"x" * rnd.choice([70000, 1 << 20])
		if body or rnd.random() < 0.5:
			hdrs.append("Content-Length: %d" % len(body))
		if rnd.random() < 0.05:
			# a Content-Length past the cap, the body never sent
			hdrs = [h for h in hdrs if not h.startswith("Content-Length")]
			hdrs.append("Content-Length: %d" % rnd.choice(
			    [100000000, 10 ** 30]))
			body = b""
	r = rnd.random()
	if r < 0.02:
		hdrs.append("Bad header line")
	elif r < 0.04:
		hdrs.append("X-Ctl: a\x01b")
	elif r < 0.05:
		hdrs.append(" folded")
	elif r < 0.06:
		hdrs.append("X-Huge: " + "h" * 40000)
	elif r < 0.07:
		hdrs.extend("X-%d: y" % i for i in range(300))
	elif r < 0.08:
		hdrs.append("Transfer-Encoding: " + rnd.choice(["chunked",
		    "gzip", "chunked, gzip"]))
	elif r < 0.09:
		hdrs = [h for h in hdrs if not h.startswith("Content-Length")]
		hdrs.append("Content-Length:" + rnd.choice([" abc", " -1", "",
		    " 1 2", " 0x10", " %d " % len(body), "\t%d" % len(body),
		    " +%d" % len(body), " 0%d" % len(body), "%d" % len(body)]))
	elif r < 0.1:
		hdrs.append("Content-Length: 0")
		hdrs.append("Content-Length: 0")
	elif r < 0.11:
		hdrs.append("Expect: 100-continue")
	elif r < 0.12:
		hdrs.append("Cookie: " + "; ".join("c%d=v" % i for i in range(300)))
	elif r < 0.13:
		hdrs.append("X-Utf: \u00e9\u20ac".encode().decode("latin-1"))
	eol = "\r\n" if rnd.random() > 0.05 else "\n"
	line = method + " " + target + (" " + version if version else "")
	head = (line + eol + eol.join(hdrs) + eol + eol).encode("latin-1",
	    "replace")
	if rnd.random() < 0.01:
		head = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200))) \
		    + b"\r\n\r\n"
	return head + body, method.upper() == "HEAD"


def fuzz(port, config, seed, n):
	cfg = read_config(config)
	rnd = random.Random(seed)
	random.seed(seed)
	print("seed %d, %d requests" % (seed, n), flush=True)
	counts = {}
	bad = 0
	t0 = time.time()
	for i in range(n):
		data, nobody = make(rnd, cfg, port)
		try:
			status, hdrs, body = exchange(port, data)
			counts[status] = counts.get(status, 0) + 1
			ctype = hdrs.get("content-type", "")
			if "json" not in ctype:
				raise ValueError("%d with Content-Type %r" % (status, ctype))
			if not nobody:
				json.loads(body.decode("utf-8"))
		except (OSError, ValueError, UnicodeDecodeError) as e:
			bad += 1
			print("FAIL request %d: %s\n  sent: %r" % (i, e, data[:300]),
			    flush=True)
			if bad >= 10:
				break
	print("statuses: " + " ".join("%d:%d" % kv for kv in sorted(counts.items())))
	print("%d answered, %d failed, %.1f s" % (sum(counts.values()) - 0, bad,
	    time.time() - t0))
	return 1 if bad else 0


def raw(port):
	data = sys.stdin.buffer.read()
	status, hdrs, body = exchange(port, data)
	print(status)
	print(hdrs.get("content-type", ""))
	sys.stdout.flush()
	sys.stdout.buffer.write(body + b"\n")
	return 0


def main():
	if sys.argv[1] == "fuzz":
		return fuzz(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]),
		    int(sys.argv[5]))
	if sys.argv[1] == "raw":
		return raw(int(sys.argv[2]))
	sys.exit("unknown mode " + sys.argv[1])


if __name__ == "__main__":
	sys.exit(main())
