#!/usr/bin/env python3
"""oaproxy - an HTTP proxy that checks every exchange against an OpenAPI
description.  The tw tests put it between a client and tw-sandbox (or a
stub) and then ask it what it saw.

    python3 tests/oaproxy.py --spec tests/fixtures/openapi.json \
        --upstream http://127.0.0.1:PORT [--port 0] [--log FILE] \
        [--config TW_CONFIG_FILE] [--max-skew SECONDS]

The first line on stdout is the proxy's base URL.  Requests are forwarded
unchanged (Host header included, so an OAuth 1.0a signature made for the
proxy's address still verifies upstream); responses are streamed back as
they arrive.  Violations are logged, one JSON object a line, and served at
GET /_oaproxy/violations (DELETE clears them); GET /_oaproxy/exchanges
lists what passed through.  /_sandbox/* is forwarded without checks.

Dependencies: python3 standard library, jsonschema, oauthlib (for the
OAuth 1.0a check; Debian's python3-oauthlib is found even from another
python3 of the same major version).
"""

import argparse
import datetime
import email.parser
import email.policy
import hmac
import http.client
import http.server
import json
import re
import sys
import threading
import time
import urllib.parse
import warnings
import zlib

warnings.simplefilter("ignore", DeprecationWarning)
import jsonschema  # noqa: E402

try:
	from oauthlib.oauth1.rfc5849 import signature as oasig
	from oauthlib.oauth1.rfc5849 import utils as oautils
except ImportError:
	sys.path.append("/usr/lib/python3/dist-packages")
	try:
		from oauthlib.oauth1.rfc5849 import signature as oasig
		from oauthlib.oauth1.rfc5849 import utils as oautils
	except ImportError:
		oasig = oautils = None

HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding",
    "upgrade", "expect"}
MAXBODY = 32 << 20
DATETIME = re.compile(
    r"^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")


def now_iso():
	return datetime.datetime.now(datetime.timezone.utc).strftime(
	    "%Y-%m-%dT%H:%M:%S.%fZ")


def short(s, n=400):
	s = str(s)
	return s if len(s) <= n else s[:n] + "..."


# ---------------------------------------------------------------- schemas

FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(v):
	if not isinstance(v, str):
		return True
	if not DATETIME.match(v):
		return False
	s = v.upper().replace("Z", "+00:00")
	datetime.datetime.fromisoformat(re.sub(r"\.(\d{6})\d+", r".\1", s))
	return True


def _discriminator(validator, disc, instance, schema):
	"""OpenAPI discriminator: when the property names a mapped schema,
	validate the instance against that schema's own parts too (its allOf
	entries other than the one pointing back here)."""
	if not isinstance(instance, dict):
		return
	prop = disc.get("propertyName")
	target = disc.get("mapping", {}).get(instance.get(prop))
	if target is None:
		return
	_, sub = validator.resolver.resolve(target)
	parts = sub.get("allOf", [sub])
	for p in parts:
		if "$ref" in p:
			_, r = validator.resolver.resolve(p["$ref"])
			if r is schema:
				continue
		yield from validator.descend(instance, p)


OASValidator = jsonschema.validators.extend(
    jsonschema.Draft7Validator, {"discriminator": _discriminator})


class Spec:
	def __init__(self, doc):
		self.doc = doc
		self.resolver = jsonschema.RefResolver.from_schema(doc)
		self.routes = []
		for tmpl, item in doc.get("paths", {}).items():
			segs = tmpl.strip("/").split("/")
			rx, names, lit = [], [], 0
			for s in segs:
				m = re.fullmatch(r"\{([^}]+)\}", s)
				if m:
					names.append(m.group(1))
					rx.append("([^/]+)")
				else:
					lit += 1
					rx.append(re.escape(s))
			self.routes.append((re.compile("^/" + "/".join(rx) + "/?$"),
			    names, lit, tmpl, item))
		# most literal segments first: /2/users/me before /2/users/{id}
		self.routes.sort(key=lambda r: -r[2])

	def deref(self, obj):
		seen = 0
		while isinstance(obj, dict) and "$ref" in obj and seen < 20:
			_, obj = self.resolver.resolve(obj["$ref"])
			seen += 1
		return obj

	def match(self, path):
		for rx, names, _, tmpl, item in self.routes:
			m = rx.match(path)
			if m:
				vals = {n: urllib.parse.unquote(v)
				    for n, v in zip(names, m.groups())}
				return tmpl, item, vals
		return None

	def errors(self, schema, instance, limit=8):
		v = OASValidator(schema, resolver=self.resolver,
		    format_checker=FORMATS)
		out = []
		for e in v.iter_errors(instance):
			out.append(e)
			if len(out) >= limit:
				break
		msgs = []
		for e in out:
			where = "/".join(str(p) for p in e.absolute_path)
			best = e
			if e.context:
				best = jsonschema.exceptions.best_match(e.context)
				w2 = "/".join(str(p) for p in best.absolute_path)
				where = w2 or where
			msgs.append("%s%s" % ("at /%s: " % where if where else "",
			    short(best.message, 300)))
		return msgs


# ---------------------------------------------------------------- config

def read_config(path):
	"""[account NAME] sections of key = value lines."""
	accounts = {}
	cur = None
	with open(path, encoding="utf-8") as f:
		for line in f:
			line = line.strip()
			if not line or line[0] in "#;":
				continue
			m = re.fullmatch(r"\[\s*account\s+([^\]\s]+)\s*\]", line)
			if m:
				cur = accounts.setdefault(m.group(1), {})
				continue
			if line.startswith("["):
				cur = None
				continue
			if cur is not None and "=" in line:
				k, v = line.split("=", 1)
				cur[k.strip()] = v.strip()
	return accounts


# ---------------------------------------------------------------- checks

def coerce(schema, raw):
	"""Turn a query string value into the JSON value its schema wants;
	return (value, error)."""
	t = schema.get("type")
	if t == "integer":
		if not re.fullmatch(r"-?[0-9]+", raw):
			return None, "%r is not an integer" % raw
		return int(raw), None
	if t == "number":
		try:
			return float(raw), None
		except ValueError:
			return None, "%r is not a number" % raw
	if t == "boolean":
		if raw not in ("true", "false"):
			return None, "%r is not true or false" % raw
		return raw == "true", None
	return raw, None


class Checker:
	def __init__(self, spec, accounts, max_skew):
		self.spec = spec
		self.accounts = accounts
		self.max_skew = max_skew
		self.nonces = set()
		self.lock = threading.Lock()

	def params(self, item, op):
		out = {}
		for p in item.get("parameters", []) + op.get("parameters", []):
			p = self.spec.deref(p)
			out[(p["name"], p["in"])] = p
		return out

	def check_value(self, where, p, raw):
		sch = self.spec.deref(p.get("schema", {}))
		if sch.get("type") == "array":
			isch = self.spec.deref(sch.get("items", {}))
			val = []
			for it in raw.split(","):
				x, err = coerce(isch, it)
				if err:
					return ["%s: item %s" % (where, err)]
				val.append(x)
		else:
			val, err = coerce(sch, raw)
			if err:
				return ["%s: %s" % (where, err)]
		return ["%s: %s" % (where, m)
		    for m in self.spec.errors(p.get("schema", {}), val)]

	def request(self, method, path, query, headers, body, host):
		"""Returns (operation or None, [(kind, message)])."""
		v = []
		m = self.spec.match(path)
		if not m:
			return None, [("request", "no path of the description "
			    "matches %s" % path)]
		tmpl, item, pvals = m
		op = item.get(method.lower())
		if not isinstance(op, dict):
			return None, [("request", "%s is not an operation of %s"
			    % (method, tmpl))]
		params = self.params(item, op)
		for (name, where), p in params.items():
			if where == "path":
				v += [("request", x) for x in self.check_value(
				    "path parameter %s" % name, p, pvals.get(name, ""))]
		groups = {}
		for k, val in urllib.parse.parse_qsl(query,
		    keep_blank_values=True):
			groups.setdefault(k, []).append(val)
		for k, vals in groups.items():
			p = params.get((k, "query"))
			if p is None:
				v.append(("request", "unknown query parameter %s" % k))
				continue
			if len(vals) > 1:
				v.append(("request", "query parameter %s given %d "
				    "times" % (k, len(vals))))
			for val in vals:
				v += [("request", x) for x in self.check_value(
				    "query parameter %s" % k, p, val)]
		for (name, where), p in params.items():
			if not p.get("required"):
				continue
			if where == "query" and name not in groups:
				v.append(("request", "required query parameter %s "
				    "missing" % name))
			if where == "header" and headers.get(name) is None:
				v.append(("request", "required header %s missing"
				    % name))
		v += self.request_body(op, headers, body)
		v += self.security(op, method, path, query, headers, body, host)
		return (tmpl, op), v

	def request_body(self, op, headers, body):
		v = []
		rb = self.spec.deref(op.get("requestBody")) if op.get(
		    "requestBody") else None
		ct = headers.get("Content-Type")
		if not body:
			if rb and rb.get("required"):
				v.append(("request", "request body required"))
			return v
		if rb is None:
			return [("request", "operation takes no request body, "
			    "got %d bytes" % len(body))]
		if not ct:
			return [("request", "request body without Content-Type")]
		mt = ct.split(";")[0].strip().lower()
		content = rb.get("content", {})
		if mt not in content:
			return [("request", "Content-Type %s not accepted (only %s)"
			    % (mt, ", ".join(sorted(content))))]
		schema = content[mt].get("schema", {})
		if mt.endswith("json"):
			try:
				inst = json.loads(body)
			except ValueError as e:
				return [("request", "request body is not JSON: %s" % e)]
		elif mt == "application/x-www-form-urlencoded":
			inst = dict(urllib.parse.parse_qsl(body.decode("latin-1"),
			    keep_blank_values=True))
		elif mt == "multipart/form-data":
			inst, err = self.multipart(ct, body)
			if err:
				return [("request", err)]
		else:
			return v
		v += [("request", "request body " + x)
		    for x in self.spec.errors(schema, inst)]
		return v

	def multipart(self, ct, body):
		msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
		    b"Content-Type: " + ct.encode("latin-1") + b"\r\n\r\n" + body)
		if not msg.is_multipart():
			return None, "multipart body does not parse"
		inst = {}
		for part in msg.iter_parts():
			name = part.get_param("name", header="content-disposition")
			if not name:
				return None, "multipart part without a name"
			data = part.get_payload(decode=True) or b""
			inst[name] = data.decode("latin-1")
		return inst, None

	def security(self, op, method, path, query, headers, body, host):
		reqs = op.get("security", self.spec.doc.get("security"))
		auth = headers.get("Authorization")
		if not reqs:
			return []
		allowed = set()
		for r in reqs:
			if not r:
				return []
			allowed.update(r)
		if not auth:
			return [("request", "no Authorization header (accepted: %s)"
			    % ", ".join(sorted(allowed)))]
		scheme = auth.split(None, 1)[0].lower()
		if scheme == "oauth":
			cands = {"UserToken"}
		elif scheme == "bearer":
			tok = auth.split(None, 1)[1].strip() if " " in auth else ""
			app = {a.get("bearer_token") for a in self.accounts.values()}
			if self.accounts and tok in app:
				cands = {"BearerToken"}
			else:
				cands = {"BearerToken", "OAuth2UserToken"}
		else:
			return [("request", "Authorization scheme %s unknown"
			    % scheme)]
		v = []
		if not cands & allowed:
			v.append(("request", "%s not accepted here (accepted: %s)"
			    % (" or ".join(sorted(cands)),
			    ", ".join(sorted(allowed)))))
		if self.accounts and scheme == "oauth":
			v += self.oauth1(method, path, query, headers, body, host,
			    auth)
		elif self.accounts and scheme == "bearer" and cands == {
		    "BearerToken", "OAuth2UserToken"} and \
		    "OAuth2UserToken" not in allowed:
			v.append(("signature", "bearer token matches no account"))
		return v

	def oauth1(self, method, path, query, headers, body, host, auth):
		if oasig is None:
			return [("signature", "oauthlib not available: cannot "
			    "verify")]
		try:
			hp = [(k, oautils.unescape(x)) for k, x in
			    oautils.parse_authorization_header(auth)]
		except ValueError as e:
			return [("signature", "bad OAuth header: %s" % e)]
		names = [k for k, _ in hp]
		hd = dict(hp)
		v = []
		for k in set(names):
			if names.count(k) > 1:
				v.append(("signature", "%s given twice" % k))
		for k in ("oauth_consumer_key", "oauth_token", "oauth_nonce",
		    "oauth_timestamp", "oauth_signature_method",
		    "oauth_signature"):
			if not hd.get(k):
				v.append(("signature", "%s missing" % k))
		if v:
			return v
		if hd["oauth_signature_method"] != "HMAC-SHA1":
			v.append(("signature", "oauth_signature_method %s"
			    % hd["oauth_signature_method"]))
		if hd.get("oauth_version", "1.0") != "1.0":
			v.append(("signature", "oauth_version %s"
			    % hd["oauth_version"]))
		ts = hd["oauth_timestamp"]
		if not re.fullmatch(r"[0-9]{1,12}", ts):
			v.append(("signature", "oauth_timestamp %r" % ts))
		elif self.max_skew and abs(int(ts) - time.time()) > self.max_skew:
			v.append(("signature", "oauth_timestamp %s is %d s away "
			    "from now" % (ts, int(ts) - time.time())))
		with self.lock:
			key = (hd["oauth_consumer_key"], hd["oauth_nonce"], ts)
			if key in self.nonces:
				v.append(("signature", "nonce %s reused"
				    % hd["oauth_nonce"]))
			self.nonces.add(key)
		acct = None
		for a in self.accounts.values():
			if a.get("consumer_key") == hd["oauth_consumer_key"]:
				acct = a
				break
		if acct is None:
			v.append(("signature", "consumer key %s matches no account"
			    % hd["oauth_consumer_key"]))
			return v
		if acct.get("access_token") and \
		    acct["access_token"] != hd["oauth_token"]:
			v.append(("signature", "oauth_token is not the account's "
			    "access_token"))
		form = None
		ct = (headers.get("Content-Type") or "").split(";")[0].strip()
		if body and ct.lower() == "application/x-www-form-urlencoded":
			form = body.decode("latin-1")
		params = oasig.collect_parameters(uri_query=query, body=form,
		    headers={"Authorization": auth}, exclude_oauth_signature=True,
		    with_realm=False)
		norm = oasig.normalize_parameters(params)
		uri = oasig.base_string_uri("http://%s%s" % (host, path))
		base = oasig.signature_base_string(method.upper(), uri, norm)
		want = oasig.sign_hmac_sha1(base, acct.get("consumer_secret", ""),
		    acct.get("access_token_secret", ""))
		if not hmac.compare_digest(want, hd["oauth_signature"]):
			v.append(("signature", "signature does not verify; base "
			    "string: %s" % short(base, 600)))
		return v

	def response(self, op, status, ctype, body):
		"""Check status, content type and a whole (non-stream) body."""
		r, v = self.response_of(op, status)
		if r is None:
			return v
		return v + self.response_body(r, status, ctype, body)

	def response_of(self, op, status):
		resps = op.get("responses", {})
		r = resps.get(str(status)) or resps.get("%dXX" % (status // 100))
		if r is None and 200 <= status < 300:
			return None, [("response", "status %d not declared "
			    "(declared: %s)" % (status, ", ".join(sorted(resps))))]
		if r is None:
			r = resps.get("default")
		if r is None:
			return None, [("response", "status %d not declared "
			    "(declared: %s)" % (status, ", ".join(sorted(resps))))]
		return self.spec.deref(r), []

	def media(self, r, ctype):
		content = r.get("content") or {}
		if not ctype:
			return None, [("response", "response has a body but no "
			    "Content-Type")]
		mt = ctype.split(";")[0].strip().lower()
		if mt not in content:
			return None, [("response", "Content-Type %s not declared "
			    "(declared: %s)" % (mt, ", ".join(sorted(content))
			    or "no body"))]
		return content[mt], []

	def response_body(self, r, status, ctype, body):
		content = r.get("content") or {}
		if not body:
			if content and status != 204:
				return [("response", "status %d with an empty body"
				    % status)]
			return []
		mc, v = self.media(r, ctype)
		if mc is None:
			return v
		return self.json_doc(mc, body, "response body")

	def json_doc(self, mc, data, what):
		try:
			inst = json.loads(data)
		except ValueError as e:
			return [("response", "%s is not JSON: %s" % (what, e))]
		if "schema" not in mc:
			return []
		return [("response", "%s %s" % (what, x))
		    for x in self.spec.errors(mc["schema"], inst)]


# ---------------------------------------------------------------- server

class Proxy(http.server.ThreadingHTTPServer):
	daemon_threads = True
	allow_reuse_address = True

	def __init__(self, addr, checker, upstream, logf):
		super().__init__(addr, Handler)
		self.checker = checker
		u = urllib.parse.urlsplit(upstream)
		self.up_host = u.hostname
		self.up_port = u.port or 80
		self.up_prefix = u.path.rstrip("/")
		self.logf = logf
		self.lock = threading.Lock()
		self.violations = []
		self.exchanges = []

	def violation(self, method, path, kind, message):
		rec = {"time": now_iso(), "method": method, "path": path,
		    "kind": kind, "message": message}
		with self.lock:
			self.violations.append(rec)
			if self.logf:
				self.logf.write(json.dumps(rec) + "\n")
				self.logf.flush()


class Handler(http.server.BaseHTTPRequestHandler):
	protocol_version = "HTTP/1.1"

	def log_message(self, fmt, *args):
		pass

	def read_body(self):
		te = (self.headers.get("Transfer-Encoding") or "").lower()
		if "chunked" in te:
			out = bytearray()
			while True:
				line = self.rfile.readline(1024)
				n = int(line.split(b";")[0].strip() or b"0", 16)
				if n == 0:
					while self.rfile.readline(1024) not in (b"\r\n",
					    b"\n", b""):
						pass
					return bytes(out)
				out += self.rfile.read(n)
				self.rfile.readline(16)
				if len(out) > MAXBODY:
					raise ValueError("request body too large")
		n = int(self.headers.get("Content-Length") or 0)
		return self.rfile.read(n) if n > 0 else b""

	def reply(self, status, obj):
		data = json.dumps(obj, indent=1).encode() + b"\n"
		self.send_response_only(status)
		self.send_header("Content-Type", "application/json")
		self.send_header("Content-Length", str(len(data)))
		self.end_headers()
		self.wfile.write(data)

	def admin(self, path):
		srv = self.server
		if path == "/_oaproxy/violations":
			if self.command == "DELETE":
				with srv.lock:
					srv.violations.clear()
					srv.exchanges.clear()
				return self.reply(200, [])
			with srv.lock:
				return self.reply(200, list(srv.violations))
		if path == "/_oaproxy/exchanges":
			with srv.lock:
				return self.reply(200, list(srv.exchanges))
		return self.reply(404, {"error": "unknown oaproxy path"})

	def handle_one(self):
		srv = self.server
		target = self.path
		if target.startswith(("http://", "https://")):
			u = urllib.parse.urlsplit(target)
			target = u.path + ("?" + u.query if u.query else "")
		path, _, query = target.partition("?")
		if path.startswith("/_oaproxy/"):
			self.read_body()
			return self.admin(path)
		body = self.read_body()
		method = self.command
		host = self.headers.get("Host") or ""
		check = not path.startswith("/_sandbox/")
		opinfo = None
		if check:
			opinfo, vs = srv.checker.request(method, path, query,
			    self.headers, body, host)
			for kind, msg in vs:
				srv.violation(method, path, kind, msg)
		hdrs = [(k, v) for k, v in self.headers.items()
		    if k.lower() not in HOP and k.lower() != "content-length"]
		if body or method in ("POST", "PUT", "PATCH"):
			hdrs.append(("Content-Length", str(len(body))))
		conn = http.client.HTTPConnection(srv.up_host, srv.up_port,
		    timeout=600)
		try:
			conn.putrequest(method, srv.up_prefix + target, skip_host=True,
			    skip_accept_encoding=True)
			for k, v in hdrs:
				conn.putheader(k, v)
			conn.endheaders(body if body else None)
			resp = conn.getresponse()
		except OSError as e:
			conn.close()
			self.close_connection = True
			return self.reply(502, {"error": "upstream: %s" % e})
		try:
			self.relay(resp, method, path, opinfo)
		finally:
			conn.close()

	def relay(self, resp, method, path, opinfo):
		"""Send the upstream response on.  A checked non-stream body is
		read whole and checked before it is sent, a stream line before
		the bytes that end it are sent, so a client that has its answer
		sees every violation it caused at /_oaproxy/violations."""
		srv = self.server
		status = resp.status
		ctype = resp.getheader("Content-Type")
		enc = (resp.getheader("Content-Encoding") or "").lower()
		nobody = method == "HEAD" or status in (204, 304) or \
		    100 <= status < 200
		r = None
		streaming = False
		if opinfo:
			tmpl, op = opinfo
			with srv.lock:
				srv.exchanges.append({"method": method, "path": path,
				    "template": tmpl, "status": status})
			r, vs = srv.checker.response_of(op, status)
			for kind, msg in vs:
				srv.violation(method, path, kind, msg)
			streaming = bool(op.get("x-twitter-streaming")) and \
			    status == 200 and r is not None
		whole = None
		if r is not None and not streaming and not nobody:
			whole = resp.read()
			plain = whole
			if enc in ("gzip", "deflate"):
				try:
					plain = zlib.decompress(whole, 47)
				except zlib.error as e:
					srv.violation(method, path, "response",
					    "body does not decompress: %s" % e)
			for kind, msg in srv.checker.response_body(r, status, ctype,
			    plain):
				srv.violation(method, path, kind, msg)
		clen = resp.getheader("Content-Length")
		if whole is not None:
			clen = str(len(whole))
		self.send_response_only(status, resp.reason)
		for k, v in resp.getheaders():
			if k.lower() in HOP or k.lower() == "content-length":
				continue
			self.send_header(k, v)
		chunked = clen is None and not nobody
		if chunked:
			self.send_header("Transfer-Encoding", "chunked")
		elif clen is not None:
			self.send_header("Content-Length", clen)
		self.end_headers()
		if whole is not None:
			self.wfile.write(whole)
			self.wfile.flush()
			return
		self.wfile.flush()
		if nobody:
			return
		mc = None
		if streaming:
			mc, vs = srv.checker.media(r, ctype)
			for kind, msg in vs:
				srv.violation(method, path, kind, msg)
		dec = zlib.decompressobj(47) if enc in ("gzip", "deflate") \
		    else None
		buf = bytearray()
		lines = 0
		try:
			while True:
				data = resp.read1(65536)
				if not data:
					break
				if streaming:
					buf += dec.decompress(data) if dec else data
					while b"\n" in buf:
						i = buf.index(b"\n")
						line = bytes(buf[:i]).strip(b"\r")
						del buf[:i + 1]
						if not line.strip():
							continue
						lines += 1
						if mc is not None:
							for kind, msg in srv.checker.json_doc(mc,
							    line, "stream line %d" % lines):
								srv.violation(method, path, kind, msg)
					if len(buf) > MAXBODY:
						srv.violation(method, path, "response",
						    "stream line longer than %d bytes" % MAXBODY)
						buf.clear()
				if chunked:
					self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
				else:
					self.wfile.write(data)
				self.wfile.flush()
			if chunked:
				self.wfile.write(b"0\r\n\r\n")
				self.wfile.flush()
		except (OSError, http.client.HTTPException):
			# client or upstream went away (a stream being closed)
			self.close_connection = True
			return
		if streaming and buf.strip():
			srv.violation(method, path, "response",
			    "stream ended inside a line")

	def handle_one_request(self):
		try:
			self.raw_requestline = self.rfile.readline(65537)
			if not self.raw_requestline:
				self.close_connection = True
				return
			if not self.parse_request():
				return
			self.handle_one()
			self.wfile.flush()
		except (OSError, ValueError) as e:
			self.close_connection = True
			if not isinstance(e, OSError):
				sys.stderr.write("oaproxy: %s\n" % e)


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	ap.add_argument("--spec", required=True)
	ap.add_argument("--upstream", required=True)
	ap.add_argument("--port", type=int, default=0)
	ap.add_argument("--log")
	ap.add_argument("--config")
	ap.add_argument("--max-skew", type=int, default=900,
	    help="largest accepted |oauth_timestamp - now| (0: any)")
	a = ap.parse_args()
	with open(a.spec, encoding="utf-8") as f:
		spec = Spec(json.load(f))
	accounts = read_config(a.config) if a.config else {}
	if a.config and oasig is None:
		sys.stderr.write("oaproxy: oauthlib missing: signatures are not "
		    "checked\n")
	logf = open(a.log, "a", encoding="utf-8") if a.log else None
	srv = Proxy(("127.0.0.1", a.port), Checker(spec, accounts, a.max_skew),
	    a.upstream, logf)
	print("http://127.0.0.1:%d" % srv.server_address[1], flush=True)
	try:
		srv.serve_forever()
	except KeyboardInterrupt:
		pass


if __name__ == "__main__":
	main()
