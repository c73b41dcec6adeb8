#!/usr/bin/env python3
"""oadrive - send one X API request for the tw tests, signed with oauthlib
(independently of tw's own signer) or with the account's bearer token.

    python3 tests/oadrive.py [--config FILE] [--account NAME]
        [--auth oauth|bearer|none] [--authorization VALUE]
        [--json BODY | --form K=V ... | --part K=V|K=@FILE ...]
        [--header 'K: V' ...] [--lines N] [--timeout S]
        [--sign-url URL] [--timestamp T] [--nonce N]
        [-o BODYFILE] [-D HEADERFILE] METHOD URL

Without -o the body goes to stdout; with -o stdout gets the status code.
--lines N reads a streaming response until N non-empty lines arrived (or
--timeout seconds passed) and then hangs up.  Exit 0 unless the request
could not be made.
"""

import argparse
import http.client
import re
import socket
import sys
import urllib.parse
import uuid

try:
	import oauthlib.oauth1
except ImportError:
	sys.path.append("/usr/lib/python3/dist-packages")
	import oauthlib.oauth1


def read_config(path):
	accounts, cur, first = {}, None, None
	with open(path, encoding="utf-8") as f:
		for line in f:
			line = line.strip()
			if not line or line[0] in "#;":
				continue
			m = re.fullmatch(r"\[\s*account\s+([^\]\s]+)\s*\]", line)
			if m:
				cur = accounts.setdefault(m.group(1), {})
				first = first or m.group(1)
				continue
			if line.startswith("["):
				cur = None
			elif cur is not None and "=" in line:
				k, v = line.split("=", 1)
				cur[k.strip()] = v.strip()
	return accounts, first


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument("--config")
	ap.add_argument("--account")
	ap.add_argument("--auth", default="oauth",
	    choices=("oauth", "bearer", "none"))
	ap.add_argument("--authorization")
	ap.add_argument("--sign-url", help="sign this URL instead of URL")
	ap.add_argument("--timestamp")
	ap.add_argument("--nonce")
	ap.add_argument("--json")
	ap.add_argument("--form", action="append", default=[])
	ap.add_argument("--part", action="append", default=[])
	ap.add_argument("--header", action="append", default=[])
	ap.add_argument("--lines", type=int, default=0)
	ap.add_argument("--timeout", type=float, default=30)
	ap.add_argument("-o")
	ap.add_argument("-D")
	ap.add_argument("method")
	ap.add_argument("url")
	a = ap.parse_args()

	headers = {}
	body = None
	if a.json is not None:
		body = a.json.encode("utf-8")
		headers["Content-Type"] = "application/json"
	elif a.form:
		body = "&".join(urllib.parse.quote(k, safe="") + "=" +
		    urllib.parse.quote(v, safe="") for k, _, v in
		    (f.partition("=") for f in a.form)).encode()
		headers["Content-Type"] = "application/x-www-form-urlencoded"
	elif a.part:
		bnd = "oadrive" + uuid.uuid4().hex
		out = bytearray()
		for p in a.part:
			k, _, v = p.partition("=")
			out += b"--%s\r\n" % bnd.encode()
			if v.startswith("@"):
				with open(v[1:], "rb") as f:
					data = f.read()
				out += (b'Content-Disposition: form-data; name="%s"; '
				    b'filename="blob"\r\nContent-Type: '
				    b'application/octet-stream\r\n\r\n' % k.encode())
				out += data
			else:
				out += b'Content-Disposition: form-data; name="%s"' \
				    b"\r\n\r\n" % k.encode()
				out += v.encode("utf-8")
			out += b"\r\n"
		out += b"--%s--\r\n" % bnd.encode()
		body = bytes(out)
		headers["Content-Type"] = "multipart/form-data; boundary=" + bnd
	for h in a.header:
		k, _, v = h.partition(":")
		headers[k.strip()] = v.strip()

	acct = {}
	if a.config:
		accounts, first = read_config(a.config)
		acct = accounts.get(a.account or first, {})
	if a.authorization is not None:
		headers["Authorization"] = a.authorization
	elif a.auth == "bearer":
		headers["Authorization"] = "Bearer " + acct.get("bearer_token", "")
	elif a.auth == "oauth":
		c = oauthlib.oauth1.Client(acct.get("consumer_key", ""),
		    client_secret=acct.get("consumer_secret", ""),
		    resource_owner_key=acct.get("access_token", ""),
		    resource_owner_secret=acct.get("access_token_secret", ""),
		    timestamp=a.timestamp, nonce=a.nonce)
		form = body.decode() if a.form else None
		sh = {"Content-Type": headers["Content-Type"]} if a.form else {}
		_, signed, _ = c.sign(a.sign_url or a.url, http_method=a.method.upper(),
		    body=form, headers=sh)
		headers["Authorization"] = signed["Authorization"]

	u = urllib.parse.urlsplit(a.url)
	conn = http.client.HTTPConnection(u.hostname, u.port or 80,
	    timeout=a.timeout)
	target = (u.path or "/") + ("?" + u.query if u.query else "")
	try:
		conn.request(a.method.upper(), target, body=body, headers=headers)
		resp = conn.getresponse()
	except OSError as e:
		sys.stderr.write("oadrive: %s\n" % e)
		return 4
	if a.D:
		with open(a.D, "w", encoding="utf-8") as f:
			f.write("%d %s\n" % (resp.status, resp.reason))
			for k, v in resp.getheaders():
				f.write("%s: %s\n" % (k.lower(), v))
	out = open(a.o, "wb") if a.o else sys.stdout.buffer
	try:
		if a.lines:
			n = 0
			while n < a.lines:
				line = resp.readline()
				if not line:
					break
				if line.strip():
					out.write(line.rstrip(b"\r\n") + b"\n")
					out.flush()
					n += 1
		else:
			out.write(resp.read())
	except (socket.timeout, TimeoutError):
		sys.stderr.write("oadrive: timed out\n")
	except (OSError, http.client.HTTPException) as e:
		sys.stderr.write("oadrive: %s\n" % e)
	finally:
		conn.close()
	if a.o:
		out.close()
		print(resp.status)
	return 0


if __name__ == "__main__":
	sys.exit(main())
