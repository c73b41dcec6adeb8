/* oauth.c - OAuth 1.0a HMAC-SHA1 signing and verification (RFC 5849).
 *
 * liboauth is called from this file only: it supplies HMAC-SHA1 with
 * base64 and the nonce.  Percent-encoding, the parameter string and the
 * base string are done here, because the signature must follow RFC 3986
 * to the byte and the vectors in tests/fixtures/oauth pin every step.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "digest.h"
#include "oauth.h"

/* liboauth's header is <oauth.h>, which -Ilib resolves to our own
 * lib/oauth.h; the three functions used here are declared as liboauth
 * 1.0 declares them. */
char *oauth_sign_hmac_sha1_raw(const char *m, const size_t ml,
    const char *k, const size_t kl);
char *oauth_gen_nonce(void);
int oauth_time_independent_equals(const char *a, const char *b);
char *oauth_encode_base64(int size, const unsigned char *src);

static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

static void
pct_add(tw_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	char e[3];

	for (p = (const unsigned char *)s; *p; p++) {
		if (unreserved(*p)) {
			tw_buf_addc(b, *p);
			continue;
		}
		e[0] = '%';
		e[1] = hex[*p >> 4];
		e[2] = hex[*p & 15];
		tw_buf_add(b, e, 3);
	}
}

char *
tw_pct_encode(const char *s)
{
	tw_buf b = { 0 };

	pct_add(&b, s ? s : "");
	return tw_buf_steal(&b);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
tw_pct_decode(const char *s, size_t n, int plus)
{
	char *out = xmalloc(n + 1), *o = out;
	size_t i;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			*o++ = (char)(h << 4 | l);
			i += 2;
		} else if (s[i] == '+' && plus)
			*o++ = ' ';
		else
			*o++ = s[i];
	}
	*o = 0;
	return out;
}

/* Parameters encoded for sorting: RFC 5849 3.4.1.3.2 sorts by the encoded
 * name, then the encoded value, in byte order. */
struct epair {
	char *k, *v;
};

static int
epair_cmp(const void *a, const void *b)
{
	const struct epair *x = a, *y = b;
	int c = strcmp(x->k, y->k);

	return c ? c : strcmp(x->v, y->v);
}

char *
tw_oauth_param_string(const tw_kvs *params)
{
	struct epair *e;
	tw_buf b = { 0 };
	size_t i;

	e = xcalloc(params->n + 1, sizeof *e);
	for (i = 0; i < params->n; i++) {
		e[i].k = tw_pct_encode(params->v[i].key);
		e[i].v = tw_pct_encode(params->v[i].val);
	}
	qsort(e, params->n, sizeof *e, epair_cmp);
	for (i = 0; i < params->n; i++) {
		if (i)
			tw_buf_addc(&b, '&');
		tw_buf_adds(&b, e[i].k);
		tw_buf_addc(&b, '=');
		tw_buf_adds(&b, e[i].v);
		free(e[i].k);
		free(e[i].v);
	}
	free(e);
	return tw_buf_steal(&b);
}

/* The base string URI (RFC 5849 3.4.1.2): scheme and host lowercased,
 * default ports dropped, no query or fragment. */
static char *
base_uri(const char *url)
{
	tw_buf b = { 0 };
	const char *p, *host, *hend, *port, *path;
	size_t schemelen, i;
	char *scheme;

	p = strstr(url, "://");
	if (!p)
		return xstrndup(url, strcspn(url, "?#"));
	schemelen = p - url;
	scheme = xstrndup(url, schemelen);
	for (i = 0; i < schemelen; i++)
		scheme[i] = (char)tolower((unsigned char)scheme[i]);
	host = p + 3;
	path = host + strcspn(host, "/?#");
	hend = path;
	port = NULL;
	for (p = host; p < path; p++)
		if (*p == ':')
			port = p;
	if (port && memchr(host, ']', path - host) &&
	    port < (const char *)memchr(host, ']', path - host))
		port = NULL;
	if (port) {
		hend = port;
		if ((strcmp(scheme, "http") == 0 &&
		    path - port == 3 && strncmp(port, ":80", 3) == 0) ||
		    (strcmp(scheme, "https") == 0 &&
		    path - port == 4 && strncmp(port, ":443", 4) == 0))
			port = NULL;
	}
	tw_buf_adds(&b, scheme);
	tw_buf_adds(&b, "://");
	for (p = host; p < hend; p++)
		tw_buf_addc(&b, tolower((unsigned char)*p));
	if (port)
		tw_buf_add(&b, port, path - port);
	if (*path == '/')
		tw_buf_add(&b, path, strcspn(path, "?#"));
	else
		tw_buf_addc(&b, '/');
	free(scheme);
	return tw_buf_steal(&b);
}

char *
tw_oauth_base_string(const char *method, const char *url,
    const tw_kvs *params)
{
	tw_buf b = { 0 };
	char *u, *ps;
	const char *m;

	for (m = method; *m; m++)
		tw_buf_addc(&b, toupper((unsigned char)*m));
	tw_buf_addc(&b, '&');
	u = base_uri(url);
	pct_add(&b, u);
	tw_buf_addc(&b, '&');
	ps = tw_oauth_param_string(params);
	pct_add(&b, ps);
	free(u);
	free(ps);
	return tw_buf_steal(&b);
}

char *
tw_oauth_signing_key(const char *consumer_secret, const char *token_secret)
{
	tw_buf key = { 0 };

	pct_add(&key, consumer_secret ? consumer_secret : "");
	tw_buf_addc(&key, '&');
	pct_add(&key, token_secret ? token_secret : "");
	return tw_buf_steal(&key);
}

char *
tw_oauth_hmac(const char *base, const char *consumer_secret,
    const char *token_secret)
{
	char *key, *sig, *out;
	size_t kl;

	key = tw_oauth_signing_key(consumer_secret, token_secret);
	kl = strlen(key);
	sig = oauth_sign_hmac_sha1_raw(base, strlen(base), key, kl);
	/* the key holds secrets: do not leave it in freed memory */
	explicit_bzero(key, kl);
	free(key);
	if (!sig)
		tw_die(TW_EXIT_API, "HMAC-SHA1 failed");
	out = xstrdup(sig);
	free(sig);
	return out;
}

/* A nonce from liboauth, made unique across processes started in the
 * same second by a few bytes from the kernel. */
static char *
make_nonce(void)
{
	unsigned char r[8];
	char *n, *out;
	tw_buf b = { 0 };
	size_t i;

	n = oauth_gen_nonce();
	tw_buf_adds(&b, n ? n : "");
	free(n);
	if (getrandom(r, sizeof r, 0) == (ssize_t)sizeof r)
		for (i = 0; i < sizeof r; i++)
			tw_buf_printf(&b, "%02x", r[i]);
	out = tw_buf_steal(&b);
	return out;
}

char *
tw_oauth1_header(const struct tw_oauth1 *k, const char *method,
    const char *url, const tw_kvs *params)
{
	tw_kvs all = { 0 }, hdr = { 0 };
	char ts[32], *nonce, *base, *sig;
	tw_buf b = { 0 };
	size_t i;

	nonce = k->nonce ? xstrdup(k->nonce) : make_nonce();
	snprintf(ts, sizeof ts, "%lld",
	    k->timestamp ? k->timestamp : (long long)time(NULL));
	if (k->callback)        /* the header in sorted order */
		tw_kvs_add(&hdr, "oauth_callback", k->callback);
	tw_kvs_add(&hdr, "oauth_consumer_key", k->consumer_key);
	tw_kvs_add(&hdr, "oauth_nonce", nonce);
	tw_kvs_add(&hdr, "oauth_signature_method", "HMAC-SHA1");
	tw_kvs_add(&hdr, "oauth_timestamp", ts);
	if (k->token && *k->token)
		tw_kvs_add(&hdr, "oauth_token", k->token);
	if (k->verifier)
		tw_kvs_add(&hdr, "oauth_verifier", k->verifier);
	tw_kvs_add(&hdr, "oauth_version", "1.0");
	/* Signed: the request's own parameters plus the protocol ones.  A
	 * caller's oauth_* parameter would clash with ours: it is dropped. */
	if (params)
		for (i = 0; i < params->n; i++)
			if (strncmp(params->v[i].key, "oauth_", 6) != 0)
				tw_kvs_add(&all, params->v[i].key,
				    params->v[i].val);
	for (i = 0; i < hdr.n; i++)
		tw_kvs_add(&all, hdr.v[i].key, hdr.v[i].val);
	base = tw_oauth_base_string(method, url, &all);
	sig = tw_oauth_hmac(base, k->consumer_secret, k->token_secret);
	/* insert oauth_signature in sorted position (after oauth_nonce) */
	tw_buf_adds(&b, "OAuth ");
	for (i = 0; i < hdr.n; i++) {
		if (i)
			tw_buf_adds(&b, ", ");
		if (strcmp(hdr.v[i].key, "oauth_signature_method") == 0) {
			tw_buf_adds(&b, "oauth_signature=\"");
			pct_add(&b, sig);
			tw_buf_adds(&b, "\", ");
		}
		pct_add(&b, hdr.v[i].key);
		tw_buf_adds(&b, "=\"");
		pct_add(&b, hdr.v[i].val);
		tw_buf_addc(&b, '"');
	}
	free(nonce);
	free(base);
	free(sig);
	tw_kvs_free(&all);
	tw_kvs_free(&hdr);
	return tw_buf_steal(&b);
}

int
tw_oauth1_parse_header(const char *h, tw_kvs *out)
{
	const char *k, *v;
	char *key, *val;
	size_t kn;

	while (*h == ' ' || *h == '\t')
		h++;
	if (strncasecmp(h, "OAuth", 5) != 0 ||
	    (h[5] != ' ' && h[5] != '\t' && h[5] != 0))
		return -1;
	h += 5;
	for (;;) {
		while (*h == ' ' || *h == '\t' || *h == ',')
			h++;
		if (!*h)
			return 0;
		k = h;
		kn = strcspn(k, "= \t,");
		if (kn == 0 || k[kn] != '=')
			return -1;
		h = k + kn + 1;
		if (*h != '"')
			return -1;
		v = ++h;
		h = strchr(v, '"');
		if (!h)
			return -1;
		key = tw_pct_decode(k, kn, 0);
		val = tw_pct_decode(v, h - v, 0);
		if (tw_kvs_get(out, key)) {
			/* a protocol parameter given twice is ambiguous */
			free(key);
			free(val);
			return -1;
		}
		tw_kvs_add(out, key, val);
		free(key);
		free(val);
		h++;
		while (*h == ' ' || *h == '\t')
			h++;
		if (*h && *h != ',')
			return -1;
	}
}

int
tw_oauth1_verify(const char *method, const char *url,
    const tw_kvs *params, const tw_kvs *oauth_params,
    const char *consumer_secret, const char *token_secret)
{
	tw_kvs all = { 0 };
	const char *given, *m;
	char *base, *sig;
	size_t i;
	int rv;

	given = tw_kvs_get(oauth_params, "oauth_signature");
	m = tw_kvs_get(oauth_params, "oauth_signature_method");
	if (!given || !m || strcmp(m, "HMAC-SHA1") != 0)
		return -1;
	if (params)
		for (i = 0; i < params->n; i++)
			tw_kvs_add(&all, params->v[i].key, params->v[i].val);
	for (i = 0; i < oauth_params->n; i++) {
		if (strcmp(oauth_params->v[i].key, "realm") == 0 ||
		    strcmp(oauth_params->v[i].key, "oauth_signature") == 0)
			continue;
		tw_kvs_add(&all, oauth_params->v[i].key,
		    oauth_params->v[i].val);
	}
	base = tw_oauth_base_string(method, url, &all);
	sig = tw_oauth_hmac(base, consumer_secret, token_secret);
	rv = oauth_time_independent_equals(sig, given) ? 0 : -1;
	free(base);
	free(sig);
	tw_kvs_free(&all);
	return rv;
}

/* ---- OAuth 2.0: Basic client authentication and PKCE ---- */

char *
tw_basic_auth(const char *user, const char *pass)
{
	char *u = tw_pct_encode(user), *p = tw_pct_encode(pass);
	char *both = xasprintf("%s:%s", u, p), *b64, *r;

	b64 = oauth_encode_base64((int)strlen(both),
	    (const unsigned char *)both);
	r = xasprintf("Basic %s", b64 ? b64 : "");
	explicit_bzero(both, strlen(both));
	free(both);
	free(u);
	free(p);
	free(b64);
	return r;
}

char *
tw_random_string(size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-._~";
	unsigned char r[256];
	char *s;
	size_t i;

	if (n > sizeof r || getrandom(r, n, 0) != (ssize_t)n)
		return NULL;
	s = xmalloc(n + 1);
	for (i = 0; i < n; i++)     /* 256 = 66 * 3 + 58: a slight bias,
	                                harmless for 43+ characters */
		s[i] = abc[r[i] % (sizeof abc - 1)];
	s[n] = 0;
	return s;
}

char *
tw_pkce_s256(const char *verifier)
{
	unsigned char md[TW_SHA256_SIZE];
	char *b, *p, *w;

	tw_sha256(verifier, strlen(verifier), md);
	b = oauth_encode_base64((int)sizeof md, md);
	if (!b)
		return xstrdup("");
	for (p = w = b; *p; p++) {      /* base64url, no padding */
		if (*p == '=')
			continue;
		*w++ = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	}
	*w = 0;
	return b;
}
