/* oauth.c - OAuth 1.0a against every vector in
 * tests/fixtures/oauth/oauth1_test_vectors.txt (RFC 5849 and X's docs):
 * parameter string, base string, signing key, HMAC bytes, signature;
 * the percent-encoding tables; header format; parse and verify. */
#include <stdlib.h>
#include <string.h>

#include "tw.h"
#include "tap.h"

struct vec {
	char name[64];
	char method[16];
	char url[256];
	tw_kvs params;
	char *cs, *ts;
	char *pstr, *base, *key, *hex, *sig, *sigenc;
};

static char *
trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = 0;
	return s;
}

/* "KEY: value" -> value, or NULL */
static const char *
field(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) == 0 && line[n] == ':')
		return line[n + 1] == ' ' ? line + n + 2 : line + n + 1;
	return NULL;
}

static int
b64val(int c)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;

	return p ? (int)(p - a) : -1;
}

/* base64 -> "84 2B 52 ..." */
static char *
b64hex(const char *s)
{
	tw_buf b = { 0 };
	unsigned acc = 0;
	int bits = 0, v;

	for (; *s && *s != '='; s++) {
		if ((v = b64val((unsigned char)*s)) < 0)
			break;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			tw_buf_printf(&b, "%s%02X", b.len ? " " : "",
			    (acc >> bits) & 0xff);
		}
	}
	return tw_buf_steal(&b);
}

static void
vec_free(struct vec *v)
{
	tw_kvs_free(&v->params);
	free(v->cs); free(v->ts); free(v->pstr); free(v->base);
	free(v->key); free(v->hex); free(v->sig); free(v->sigenc);
	memset(v, 0, sizeof *v);
}

static const struct vec *xa1;   /* kept for the header test */
static struct vec xa1copy;

static void
check_vec(struct vec *v)
{
	char *s, *h, *e;

	s = tw_oauth_param_string(&v->params);
	is_str(s, v->pstr, "%s: parameter string", v->name);
	free(s);
	s = tw_oauth_base_string(v->method, v->url, &v->params);
	is_str(s, v->base, "%s: base string", v->name);
	free(s);
	s = tw_oauth_signing_key(v->cs, v->ts);
	is_str(s, v->key, "%s: signing key", v->name);
	free(s);
	s = tw_oauth_hmac(v->base, v->cs, v->ts);
	is_str(s, v->sig, "%s: signature", v->name);
	h = b64hex(s);
	is_str(h, v->hex, "%s: HMAC-SHA1 bytes", v->name);
	e = tw_pct_encode(s);
	is_str(e, v->sigenc, "%s: signature percent-encoded", v->name);
	free(s); free(h); free(e);
}

/* "'a' => 'b' ; 'c' => 'd' (note) ; ..." on the "extra" line */
static int
check_quoted_pairs(const char *line)
{
	int n = 0;

	const char *p = line, *seg, *ae, *b, *be;
	char *x, *y, *enc;

	while (p && *p) {
		seg = p;
		p = strstr(seg, " ; ");
		if (p)
			p += 3;
		if (*seg != '\'' || !(ae = strstr(seg + 1, "' => '")))
			continue;
		b = ae + 6;
		if (!(be = strchr(b, '\'')))
			continue;
		x = xstrndup(seg + 1, ae - seg - 1);
		y = xstrndup(b, be - b);
		enc = tw_pct_encode(x);
		is_str(enc, y, "RFC 3986: encode '%s'", x);
		free(enc); free(x); free(y);
		n++;
	}
	return n;
}

/* RFC-4: "request: POST /request?QUERY HTTP/1.1 ; Host: H ; ... ;
 * body: BODY", "oauth params: k=v k=v (...)", and the expected strings. */
static void
check_rfc4(char **lines, int n)
{
	tw_kvs p = { 0 };
	char method[16], url[256], *want_p = NULL, *want_b = NULL, *q, *s;
	const char *req = NULL, *op = NULL, *v, *t, *amp;
	int i;

	for (i = 0; i < n; i++) {
		if ((v = field(lines[i], "request")))
			req = v;
		else if ((v = field(lines[i], "oauth params")))
			op = v;
		else if ((v = field(lines[i], "expected_parameter_string")))
			want_p = xstrdup(v);
		else if ((v = field(lines[i], "expected_signature_base_string")))
			want_b = xstrdup(v);
	}
	ok(req && op && want_p && want_b, "RFC-4: vector parsed");
	if (!(req && op && want_p && want_b))
		goto out;
	sscanf(req, "%15s", method);
	t = strchr(req, ' ') + 1;
	q = xstrndup(t, strcspn(t, " "));
	v = strstr(req, "Host: ") + 6;
	snprintf(url, sizeof url, "http://%.*s%.*s", (int)strcspn(v, " "), v,
	    (int)strcspn(q, "?"), q);
	/* query: decoded with %XX only */
	for (t = strchr(q, '?') + 1; *t; t = *amp ? amp + 1 : amp) {
		char *k, *val;
		const char *eq;

		amp = t + strcspn(t, "&");
		eq = memchr(t, '=', amp - t);
		k = tw_pct_decode(t, eq ? (size_t)(eq - t) : (size_t)(amp - t), 0);
		val = eq ? tw_pct_decode(eq + 1, amp - eq - 1, 0) : xstrdup("");
		tw_kvs_add(&p, k, val);
		free(k); free(val);
	}
	free(q);
	/* form body: '+' is a space */
	v = strstr(req, "body: ") + 6;
	for (t = v; *t; t = *amp ? amp + 1 : amp) {
		char *k, *val;
		const char *eq;

		amp = t + strcspn(t, "&");
		eq = memchr(t, '=', amp - t);
		k = tw_pct_decode(t, eq ? (size_t)(eq - t) : (size_t)(amp - t), 1);
		val = eq ? tw_pct_decode(eq + 1, amp - eq - 1, 1) : xstrdup("");
		tw_kvs_add(&p, k, val);
		free(k); free(val);
	}
	/* oauth params: space separated until '(' */
	for (t = op; *t && *t != '('; ) {
		char *tok;
		const char *eq;
		size_t tn = strcspn(t, " ");

		tok = xstrndup(t, tn);
		if ((eq = strchr(tok, '=')) != NULL) {
			*(char *)(tok + (eq - tok)) = 0;
			tw_kvs_add(&p, tok, eq + 1);
		}
		free(tok);
		t += tn;
		while (*t == ' ')
			t++;
	}
	is_int(p.n, 11, "RFC-4: 6 request and 5 protocol parameters");
	s = tw_oauth_param_string(&p);
	is_str(s, want_p, "RFC-4: parameter string (duplicate key, decoding)");
	free(s);
	s = tw_oauth_base_string(method, url, &p);
	is_str(s, want_b, "RFC-4: base string");
	free(s);
out:
	free(want_p);
	free(want_b);
	tw_kvs_free(&p);
}

/* RFC-5: "GET /r%20v/X?id=123 with Host: EXAMPLE.COM:80 (http)  => URI" */
static void
check_rfc5(const char *line)
{
	char path[128], host[128], scheme[16], want[256], url[512], *b, *e;
	tw_kvs none = { 0 };

	if (sscanf(line, "GET %127s with Host: %127s (%15[a-z]) => %255s",
	    path, host, scheme, want) != 4) {
		ok(0, "RFC-5 line parsed: %s", line);
		return;
	}
	snprintf(url, sizeof url, "%s://%s%s", scheme, host, path);
	b = tw_oauth_base_string("GET", url, &none);
	e = tw_pct_encode(want);
	snprintf(url, sizeof url, "GET&%s&", e);
	is_str(b, url, "RFC-5: base string URI of %s://%s%s", scheme, host,
	    path);
	free(b);
	free(e);
}

/* RFC-6: "consumer_secret=A token_secret=B => oauth_signature=K ..." */
static void
check_rfc6(const char *line)
{
	char cs[64], ts[64], want[128], *k;

	if (sscanf(line, "consumer_secret=%63s token_secret=%63s => "
	    "oauth_signature=%127s", cs, ts, want) != 3) {
		ok(0, "RFC-6 line parsed: %s", line);
		return;
	}
	if (strcmp(ts, "(empty)") == 0)
		ts[0] = 0;
	k = tw_oauth_signing_key(cs, ts);
	is_str(k, want, "RFC-6: signing key with token secret '%s'", ts);
	free(k);
}

static void
check_header(const char *want)
{
	struct tw_oauth1 k = { 0 };
	tw_kvs req = { 0 }, got = { 0 };
	char *h;
	size_t i;

	if (!xa1) {
		ok(0, "X-A3: X-A1 seen before");
		return;
	}
	for (i = 0; i < xa1->params.n; i++) {
		const char *key = xa1->params.v[i].key, *val = xa1->params.v[i].val;

		if (strcmp(key, "oauth_consumer_key") == 0)
			k.consumer_key = val;
		else if (strcmp(key, "oauth_nonce") == 0)
			k.nonce = val;
		else if (strcmp(key, "oauth_timestamp") == 0)
			k.timestamp = atoll(val);
		else if (strcmp(key, "oauth_token") == 0)
			k.token = val;
		else if (strncmp(key, "oauth_", 6) != 0)
			tw_kvs_add(&req, key, val);
	}
	k.consumer_secret = xa1->cs;
	k.token_secret = xa1->ts;
	h = tw_oauth1_header(&k, xa1->method, xa1->url, &req);
	is_str(h, want, "X-A3: Authorization header");
	ok(tw_oauth1_parse_header(h, &got) == 0, "X-A3: header parses");
	is_str(tw_kvs_get(&got, "oauth_signature"), xa1->sig,
	    "X-A3: parsed signature decoded");
	is_int(tw_oauth1_verify(xa1->method, xa1->url, &req, &got, xa1->cs,
	    xa1->ts), 0, "X-A3: header verifies");
	is_int(tw_oauth1_verify(xa1->method, xa1->url, &req, &got, "wrong",
	    xa1->ts), -1, "X-A3: wrong consumer secret fails");
	is_int(tw_oauth1_verify("GET", xa1->url, &req, &got, xa1->cs,
	    xa1->ts), -1, "X-A3: wrong method fails");
	tw_kvs_set(&req, "status", "Hello Ladies + Gentlemen, a signed OAuth "
	    "request?");
	is_int(tw_oauth1_verify(xa1->method, xa1->url, &req, &got, xa1->cs,
	    xa1->ts), -1, "X-A3: changed parameter fails");
	free(h);
	tw_kvs_free(&req);
	tw_kvs_free(&got);
}

static void
check_misc(void)
{
	tw_kvs h = { 0 }, p = { 0 };
	struct tw_oauth1 k = { "ck", "SeKrEtC", "tok", "SeKrEtT", NULL, 0 };
	char *s, *hdr;
	const char *tricky = "caf\xc3\xa9 \"q\" \xf0\x9f\x98\x80 + & * ! ' ( ) $ # @ % = ~";

	s = tw_pct_decode("a%20b+c%2Bd%zz%4", 17, 1);
	is_str(s, "a b c+d%zz%4", "decode: %%XX, plus, bad escapes kept");
	free(s);
	s = tw_pct_decode("a+b", 3, 0);
	is_str(s, "a+b", "decode: plus kept without form rules");
	free(s);
	s = tw_pct_encode(tricky);
	is_str(s, "caf%C3%A9%20%22q%22%20%F0%9F%98%80%20%2B%20%26%20%2A%20%21"
	    "%20%27%20%28%20%29%20%24%20%23%20%40%20%25%20%3D%20~",
	    "encode: tricky characters");
	free(s);

	ok(tw_oauth1_parse_header("Bearer abc", &h) == -1,
	    "parse: not OAuth refused");
	ok(tw_oauth1_parse_header("OAuth a=\"1\", a=\"2\"", &h) == -1,
	    "parse: duplicate key refused");
	tw_kvs_free(&h);
	ok(tw_oauth1_parse_header("OAuth a=\"1", &h) == -1,
	    "parse: unterminated value refused");
	tw_kvs_free(&h);
	ok(tw_oauth1_parse_header("OAuth realm=\"X\",oauth_nonce=\"a%20b\"",
	    &h) == 0 && h.n == 2, "parse: no space after comma");
	is_str(tw_kvs_get(&h, "oauth_nonce"), "a b", "parse: value decoded");
	tw_kvs_free(&h);

	/* a random nonce and the current time, with tricky values */
	tw_kvs_add(&p, "query", tricky);
	tw_kvs_add(&p, "max_results", "10");
	hdr = tw_oauth1_header(&k, "GET", "https://API.X.com:443/2/tweets/search/recent", &p);
	ok(strncmp(hdr, "OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"", 44) == 0,
	    "header: starts with consumer key and nonce");
	ok(strstr(hdr, "SeKrEt") == NULL, "header: no secret in it");
	ok(tw_oauth1_parse_header(hdr, &h) == 0 && h.n == 7,
	    "header: seven protocol parameters");
	ok(tw_oauth1_verify("GET", "https://api.x.com/2/tweets/search/recent",
	    &p, &h, "SeKrEtC", "SeKrEtT") == 0, "header: verifies (normalized URL)");
	ok(tw_oauth1_verify("GET", "https://api.x.com/2/tweets/search/recent",
	    &p, &h, "SeKrEtC", "x") == -1, "header: wrong token secret fails");
	free(hdr);
	tw_kvs_free(&h);
	tw_kvs_free(&p);
}

int
main(void)
{
	char path[4096], line[8192], *lines[64];
	const char *src = getenv("TW_SRC"), *v;
	struct vec cur = { 0 };
	int in = 0, nvec = 0, nenc = 0, nl = 0, sect = 0, i;
	FILE *fp;

	tw_init("oauth");
	snprintf(path, sizeof path, "%s/tests/fixtures/oauth/"
	    "oauth1_test_vectors.txt", src ? src : "..");
	if (!(fp = fopen(path, "r"))) {
		printf("1..0 # SKIP cannot open %s\n", path);
		return 1;
	}
	while (fgets(line, sizeof line, fp)) {
		trim(line);
		if (strncmp(line, "VECTOR: ", 8) == 0 || strncmp(line, "-----", 5) == 0 ||
		    strncmp(line, "X-A3 ", 5) == 0 || strncmp(line, "X-A4 ", 5) == 0 ||
		    strncmp(line, "PART ", 5) == 0) {
			if (in == 1 && cur.pstr) {
				check_vec(&cur);
				nvec++;
				if (strncmp(cur.name, "X-A1", 4) == 0) {
					xa1copy = cur;
					xa1 = &xa1copy;
					memset(&cur, 0, sizeof cur);
				}
			}
			if (in == 1)
				vec_free(&cur);
			in = 0;
			if (sect == 4) {
				check_rfc4(lines, nl);
				for (i = 0; i < nl; i++)
					free(lines[i]);
				nl = 0;
				sect = 0;
			}
		}
		if (strncmp(line, "VECTOR: ", 8) == 0) {
			if (strncmp(line + 8, "RFC-4", 5) == 0) {
				sect = 4;
				continue;
			}
			if (strncmp(line + 8, "RFC-5", 5) == 0) {
				sect = 5;
				continue;
			}
			if (strncmp(line + 8, "RFC-6", 5) == 0) {
				sect = 6;
				continue;
			}
			sect = 0;
			in = 1;
			snprintf(cur.name, sizeof cur.name, "%.*s",
			    (int)strcspn(line + 8, " "), line + 8);
			continue;
		}
		if (sect == 4 && nl < 64) {
			lines[nl++] = xstrdup(line);
			continue;
		}
		if (sect == 5 && strncmp(line, "GET ", 4) == 0) {
			check_rfc5(line);
			continue;
		}
		if (sect == 6 && strncmp(line, "consumer_secret=", 16) == 0) {
			check_rfc6(line);
			continue;
		}
		if ((v = field(line, "expected_authorization_header_api.twitter.com"))) {
			check_header(v);
			continue;
		}
		if (strncmp(line, "note: e.g. percent_encode('", 27) == 0) {
			char a[128], b[128], *e;

			if (sscanf(line + 27, "%127[^']') == '%127[^']'", a, b) == 2) {
				e = tw_pct_encode(a);
				is_str(e, b, "X-A3: percent_encode('%s')", a);
				free(e);
			}
			continue;
		}
		if ((v = field(line, "encode"))) {
			const char *arrow = strstr(v, " => ");
			char *x, *e;

			if (arrow) {
				x = xstrndup(v, arrow - v);
				e = tw_pct_encode(x);
				is_str(e, arrow + 4, "X-A4: encode '%s'", x);
				nenc++;
				free(x);
				free(e);
			}
			continue;
		}
		if ((v = field(line, "extra (derived, RFC 3986)"))) {
			is_int(check_quoted_pairs(v), 6, "six RFC 3986 pairs");
			continue;
		}
		if (!in)
			continue;
		if ((v = field(line, "method")))
			snprintf(cur.method, sizeof cur.method, "%s", v);
		else if ((v = field(line, "base_url")))
			snprintf(cur.url, sizeof cur.url, "%s", v);
		else if ((v = field(line, "param"))) {
			const char *eq = strchr(v, '=');
			char *k = xstrndup(v, eq ? (size_t)(eq - v) : strlen(v));

			tw_kvs_add(&cur.params, k, eq ? eq + 1 : "");
			free(k);
		} else if ((v = field(line, "consumer_secret")))
			cur.cs = xstrdup(v);
		else if ((v = field(line, "token_secret")))
			cur.ts = xstrdup(v);
		else if ((v = field(line, "expected_parameter_string")))
			cur.pstr = xstrdup(v);
		else if ((v = field(line, "expected_signature_base_string")))
			cur.base = xstrdup(v);
		else if ((v = field(line, "expected_signing_key")))
			cur.key = xstrdup(v);
		else if ((v = field(line, "expected_hmac_sha1_hex")))
			cur.hex = xstrdup(v);
		else if ((v = field(line, "expected_oauth_signature")))
			cur.sig = xstrdup(v);
		else if ((v = field(line, "expected_oauth_signature_percent_encoded")))
			cur.sigenc = xstrdup(v);
	}
	fclose(fp);
	if (in == 1 && cur.pstr) {
		check_vec(&cur);
		nvec++;
	}
	vec_free(&cur);
	if (sect == 4)
		check_rfc4(lines, nl);
	for (i = 0; i < nl && sect == 4; i++)
		free(lines[i]);
	is_int(nvec, 5, "all five signed vectors found (X-A1, X-A2, RFC-1..3)");
	is_int(nenc, 4, "all four X-A4 encode lines found");
	check_misc();
	vec_free(&xa1copy);
	/* OAuth 2.0: RFC 7636 appendix B's PKCE vector, RFC 6749 2.3.1's
	 * client credentials, random verifiers of the allowed alphabet */
	{
		char *c = tw_pkce_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
		char *b = tw_basic_auth("s6BhdRkqt3", "gX1fBat3bV");
		char *r1 = tw_random_string(64), *r2 = tw_random_string(64);

		is_str(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
		    "PKCE S256 (RFC 7636 appendix B)");
		is_str(b, "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW",
		    "HTTP Basic client credentials (RFC 6749 2.3.1)");
		ok(r1 && strlen(r1) == 64 && strspn(r1, "ABCDEFGHIJKLMNOPQRSTU"
		    "VWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") == 64,
		    "a random verifier: 64 unreserved characters");
		ok(r1 && r2 && strcmp(r1, r2) != 0, "two verifiers differ");
		free(c);
		free(b);
		free(r1);
		free(r2);
		b = tw_basic_auth("id:1", "s e");
		is_str(b, "Basic aWQlM0ExOnMlMjBl", "Basic: user and password "
		    "form-encoded first");
		free(b);
	}

	return tap_done();
}
