/* http.c - requests to the X API: signing, rate limits, retries, errors,
 * cost.  libcurl is called from this file only.
 *
 * One curl handle per client, reset between requests so the connection is
 * kept alive.  TLS verification is always on; redirects are not followed.
 * Every request is signed anew (fresh nonce and timestamp), retries too.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "http.h"
#include "config.h"
#include "oauth.h"
#include "oauth2.h"
#include "state.h"
#include "timefmt.h"

#define MAX_429 20                /* 429s in a row before giving up */

struct rlent {
	char *key;                /* "GET /2/users/:id/mentions" [+ " app"] */
	struct tw_ratelimit rl;
};

struct priv {
	CURL *curl;
	struct rlent *rl;
	size_t nrl;
	long base_ms;             /* first backoff step */
	/* OAuth 2.0 user context: the access token in use (renewed as it
	 * runs out) and its expiry (0: unknown) */
	int o2;
	char *o2_token;
	time_t o2_exp;
};

/* A request made ready to send. */
struct built {
	const char *method;
	char *url;                /* with the query */
	char *sign_url;           /* without it: what is signed and shown */
	char *endpoint;           /* "GET /2/users/:id/mentions" */
	char *rlkey;
	tw_kvs query;             /* decoded: the path's own and req->query */
	char *form;               /* encoded form body, or NULL */
};

/* One attempt's transfer state. */
struct xfer {
	struct tw_req *req;
	struct tw_resp *resp;
	size_t max;
	long status;
	size_t delivered;         /* bytes passed to on_data */
	int too_big, stopped;
};

static const struct {
	long code;
	const char *text;
} reasons[] = {
	{ 200, "OK" }, { 201, "Created" }, { 202, "Accepted" },
	{ 204, "No Content" }, { 301, "Moved Permanently" }, { 302, "Found" },
	{ 304, "Not Modified" }, { 400, "Bad Request" },
	{ 401, "Unauthorized" }, { 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
	{ 409, "Conflict" }, { 410, "Gone" }, { 413, "Payload Too Large" },
	{ 415, "Unsupported Media Type" }, { 422, "Unprocessable Entity" },
	{ 429, "Too Many Requests" }, { 500, "Internal Server Error" },
	{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" }, { 0, NULL }
};

const char *
tw_http_reason(long status)
{
	int i;

	for (i = 0; reasons[i].text; i++)
		if (reasons[i].code == status)
			return reasons[i].text;
	return "";
}

void
tw_client_init(struct tw_client *c, const struct tw_account *acct)
{
	static int global;
	struct priv *p;
	const char *e;

	if (!global) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
			tw_die(TW_EXIT_API, "cannot initialise libcurl");
		global = 1;
	}
	memset(c, 0, sizeof *c);
	c->acct = acct;
	c->max_retries = 5;
	c->timeout = 60;
	c->max_body = 64 << 20;
	p = xcalloc(1, sizeof *p);
	p->curl = curl_easy_init();
	if (!p->curl)
		tw_die(TW_EXIT_API, "cannot initialise libcurl");
	p->base_ms = 500;
	if ((e = getenv("TW_RETRY_BASE_MS")) && *e)
		p->base_ms = strtol(e, NULL, 10);
	if (p->base_ms < 0)
		p->base_ms = 0;
	c->priv = p;
}

static void usage_save(const struct tw_client *c);

void
tw_client_free(struct tw_client *c)
{
	struct priv *p = c->priv;
	size_t i;

	if (!p)
		return;
	usage_save(c);
	curl_easy_cleanup(p->curl);
	if (p->o2_token) {
		explicit_bzero(p->o2_token, strlen(p->o2_token));
		free(p->o2_token);
	}
	for (i = 0; i < p->nrl; i++)
		free(p->rl[i].key);
	free(p->rl);
	free(p);
	c->priv = NULL;
}

void
tw_req_free(struct tw_req *req)
{
	tw_kvs_free(&req->query);
	tw_kvs_free(&req->form);
}

void
tw_resp_free(struct tw_resp *resp)
{
	tw_buf_free(&resp->body);
	free(resp->content_type);
	cJSON_Delete(resp->json);
	free(resp->error);
	memset(resp, 0, sizeof *resp);
}

static void
resp_reset(struct tw_resp *r)
{
	tw_buf_reset(&r->body);
	free(r->content_type);
	r->content_type = NULL;
	cJSON_Delete(r->json);
	r->json = NULL;
	free(r->error);
	r->error = NULL;
	r->status = 0;
	memset(&r->rl, 0, sizeof r->rl);
	r->rl.remaining = -1;     /* unknown until a header says */
}

/* rate-limit memory */

static struct rlent *
rl_find(struct priv *p, const char *key, int create)
{
	size_t i;

	for (i = 0; i < p->nrl; i++)
		if (strcmp(p->rl[i].key, key) == 0)
			return &p->rl[i];
	if (!create)
		return NULL;
	p->rl = xrealloc(p->rl, (p->nrl + 1) * sizeof *p->rl);
	memset(&p->rl[p->nrl], 0, sizeof *p->rl);
	p->rl[p->nrl].key = xstrdup(key);
	return &p->rl[p->nrl++];
}

/* building the request */

static void
encode_pairs(tw_buf *b, const tw_kvs *l)
{
	char *k, *v;
	size_t i;

	for (i = 0; i < l->n; i++) {
		k = tw_pct_encode(l->v[i].key);
		v = tw_pct_encode(l->v[i].val);
		tw_buf_printf(b, "%s%s=%s", i ? "&" : "", k, v);
		free(k);
		free(v);
	}
}

/* "a=1&b=x+y" -> decoded pairs ('+' is a space, as in forms); a key
 * given again replaces the earlier value */
static void
decode_pairs(const char *s, tw_kvs *out)
{
	const char *amp, *eq;
	char *k, *v;

	while (*s) {
		amp = s + strcspn(s, "&");
		if (amp > s) {
			eq = memchr(s, '=', amp - s);
			k = tw_pct_decode(s, (eq ? eq : amp) - s, 1);
			v = eq ? tw_pct_decode(eq + 1, amp - eq - 1, 1) :
			    xstrdup("");
			tw_kvs_set(out, k, v);
			free(k);
			free(v);
		}
		s = *amp ? amp + 1 : amp;
	}
}

/* "/2/users/123/mentions" -> "/2/users/:id/mentions": the key of an
 * endpoint's rate-limit window */
static char *
endpoint_path(const char *url)
{
	const char *p = strstr(url, "://"), *seg, *end;
	tw_buf b = { 0 };
	size_t n, i;
	int num;

	p = p ? p + 3 + strcspn(p + 3, "/") : url;
	while (*p == '/') {
		seg = p + 1;
		n = strcspn(seg, "/");
		end = seg + n;
		/* the first segment is the version ("2", "1.1") */
		num = n > 0 && b.len > 0;
		for (i = 0; i < n; i++)
			if (!isdigit((unsigned char)seg[i]))
				num = 0;
		tw_buf_addc(&b, '/');
		if (num)
			tw_buf_adds(&b, ":id");
		else
			tw_buf_add(&b, seg, n);
		p = end;
	}
	if (!b.len)
		tw_buf_addc(&b, '/');
	return tw_buf_steal(&b);
}

static void
built_free(struct built *b)
{
	free(b->url);
	free(b->sign_url);
	free(b->endpoint);
	free(b->rlkey);
	free(b->form);
	tw_kvs_free(&b->query);
	memset(b, 0, sizeof *b);
}

static char *
missing_creds(const struct tw_account *a, enum tw_auth auth)
{
	tw_buf b = { 0 };
	const char *name = a && a->name ? a->name : "default";
	char *r;

	if (auth == TW_AUTH_USER && tw_oauth2_user(a)) {
		if (!tw_account_get(a, "oauth2_access_token") &&
		    !tw_account_get(a, "oauth2_refresh_token"))
			tw_buf_adds(&b, ", oauth2_access_token");
	} else if (auth == TW_AUTH_USER) {
		if (!a || !a->consumer_key)
			tw_buf_adds(&b, ", consumer_key");
		if (!a || !a->consumer_secret)
			tw_buf_adds(&b, ", consumer_secret");
		if (!a || !a->access_token)
			tw_buf_adds(&b, ", access_token");
		if (!a || !a->access_token_secret)
			tw_buf_adds(&b, ", access_token_secret");
	} else if (auth == TW_AUTH_APP) {
		if (!a || !a->bearer_token)
			tw_buf_adds(&b, ", bearer_token");
	}
	if (!b.len)
		return NULL;
	r = xasprintf("account '%s' has no %s (needed for %s requests); "
	    "log in with tw-auth(1), or see tw-config(5)", name, b.s + 2,
	    auth != TW_AUTH_USER ? "app-only bearer-token" : tw_oauth2_user(a) ?
	    "OAuth 2.0 user-context" : "OAuth 1.0a user-context");
	tw_buf_free(&b);
	return r;
}

/* Whether host (as CURLU gives it: IPv6 in brackets) is this machine:
 * localhost, 127.0.0.0/8 or ::1. */
static int
loopback(const char *host)
{
	struct in_addr a4;

	if (!strcasecmp(host, "localhost") || !strcmp(host, "[::1]"))
		return 1;
	return inet_pton(AF_INET, host, &a4) == 1 &&
	    (ntohl(a4.s_addr) >> 24) == 127;
}

struct origin {
	char *scheme, *host, *port;
};

static void
origin_free(struct origin *o)
{
	curl_free(o->scheme);
	curl_free(o->host);
	curl_free(o->port);
	memset(o, 0, sizeof *o);
}

static int
origin_of(const char *url, struct origin *o)
{
	CURLU *u = curl_url();
	int bad;

	memset(o, 0, sizeof *o);
	bad = !u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &o->scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &o->host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &o->port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK;
	curl_url_cleanup(u);
	if (bad)
		origin_free(o);
	return bad ? -1 : 0;
}

/* Where credentials may go (tw-config(5) SECURITY): over TLS, or plain
 * HTTP to a loopback address (the sandbox), unless the account says
 * insecure_http = yes; an absolute URL only to the account's own API
 * host.  NULL, or the reason to refuse. */
static char *
url_guard(const struct tw_account *a, const char *base, const char *url,
    int absolute, enum tw_auth auth)
{
	struct origin ou, ob = { 0 };
	const char *ins = a ? tw_kvs_get(&a->all, "insecure_http") : NULL;
	char *why = NULL;
	int same;

	if (origin_of(url, &ou) < 0)
		return xasprintf("%s: not a valid URL", url);
	if (absolute) {
		same = origin_of(base, &ob) == 0 &&
		    !strcmp(ou.scheme, ob.scheme) &&
		    !strcasecmp(ou.host, ob.host) && !strcmp(ou.port, ob.port);
		origin_free(&ob);
		if (!same)
			why = xasprintf("refusing to send the account's "
			    "credentials to %s://%s:%s: an absolute URL must be "
			    "on the account's API host (%s)", ou.scheme,
			    ou.host, ou.port, base);
	}
	if (!why && strcmp(ou.scheme, "https") != 0 &&
	    strcmp(ou.scheme, "http") != 0)
		why = xasprintf("%s: only http and https are spoken", url);
	else if (!why && auth != TW_AUTH_NONE && !strcmp(ou.scheme, "http") &&
	    !loopback(ou.host)) {
		static int warned;

		if (!(ins && !strcmp(ins, "yes")))
			why = xasprintf("refusing to send credentials in clear "
			    "to http://%s:%s: use https, a loopback address, "
			    "or insecure_http = yes (tw-config(5))", ou.host,
			    ou.port);
		else if (!warned++)
			tw_warn("warning: credentials go in clear to "
			    "http://%s:%s (insecure_http = yes)", ou.host,
			    ou.port);
	}
	origin_free(&ou);
	return why;
}

static int
build(struct tw_client *c, const struct tw_req *req, struct built *b,
    char **err)
{
	const char *base = c->acct && c->acct->api_base ? c->acct->api_base :
	    "https://api.x.com";
	const char *path = req->path ? req->path : "/";
	const char *q;
	tw_buf u = { 0 };
	size_t i;
	int absolute;

	memset(b, 0, sizeof *b);
	if (!req->oauth1 &&
	    (*err = missing_creds(c->acct, req->auth)) != NULL)
		return TW_EXIT_CONFIG;
	b->method = req->method ? req->method :
	    (req->json || req->form.n || req->nparts) ? "POST" : "GET";
	absolute = strncmp(path, "http://", 7) == 0 ||
	    strncmp(path, "https://", 8) == 0;
	if (absolute)
		tw_buf_adds(&u, "");
	else {
		tw_buf_adds(&u, base);
		if (*path != '/')
			tw_buf_addc(&u, '/');
	}
	q = strchr(path, '?');
	tw_buf_add(&u, path, q ? (size_t)(q - path) : strlen(path));
	if (strchr(u.s, '#')) {
		u.s[strcspn(u.s, "#")] = 0;
		u.len = strlen(u.s);
	}
	/* a request with client credentials is guarded as a signed one */
	if ((*err = url_guard(c->acct, base, u.s, absolute,
	    req->authorization ? TW_AUTH_USER : req->auth))) {
		tw_buf_free(&u);
		return TW_EXIT_CONFIG;
	}
	b->sign_url = xstrdup(u.s);
	if (q)
		decode_pairs(q + 1, &b->query);
	/* one value per key: X takes lists as "a,b", and a key given twice
	 * would be signed twice */
	for (i = 0; i < req->query.n; i++)
		tw_kvs_set(&b->query, req->query.v[i].key,
		    req->query.v[i].val);
	if (b->query.n) {
		tw_buf_addc(&u, '?');
		encode_pairs(&u, &b->query);
	}
	b->url = tw_buf_steal(&u);
	if (req->form.n && !req->json && !req->nparts) {
		encode_pairs(&u, &req->form);
		b->form = tw_buf_steal(&u);
	}
	{
		char *ep = endpoint_path(b->sign_url);

		b->endpoint = xasprintf("%s %s", b->method, ep);
		free(ep);
	}
	b->rlkey = xasprintf("%s%s", b->endpoint,
	    req->auth == TW_AUTH_APP ? " app" : "");
	return 0;
}

/* The Authorization header, or NULL for TW_AUTH_NONE. */
static char *
auth_header(struct tw_client *c, const struct tw_req *req,
    const struct built *b)
{
	const struct tw_account *a = c->acct;
	struct tw_oauth1 k = { 0 };
	tw_kvs params = { 0 };
	char *h, *r;
	size_t i;

	struct priv *p = c->priv;

	if (req->auth == TW_AUTH_APP)
		return xasprintf("Authorization: Bearer %s", a->bearer_token);
	if (req->auth == TW_AUTH_NONE)
		return req->authorization ? xasprintf("Authorization: %s",
		    req->authorization) : NULL;
	if (!req->oauth1 && p->o2)
		return xasprintf("Authorization: Bearer %s",
		    p->o2_token ? p->o2_token : "");
	if (req->oauth1)
		k = *req->oauth1;
	else {
		k.consumer_key = a->consumer_key;
		k.consumer_secret = a->consumer_secret;
		k.token = a->access_token;
		k.token_secret = a->access_token_secret;
	}
	for (i = 0; i < b->query.n; i++)
		tw_kvs_add(&params, b->query.v[i].key, b->query.v[i].val);
	if (b->form)
		for (i = 0; i < req->form.n; i++)
			tw_kvs_add(&params, req->form.v[i].key,
			    req->form.v[i].val);
	h = tw_oauth1_header(&k, b->method, b->sign_url, &params);
	tw_kvs_free(&params);
	r = xasprintf("Authorization: %s", h);
	free(h);
	return r;
}

/* curl callbacks */

static size_t
on_header(char *p, size_t sz, size_t n, void *ud)
{
	struct xfer *x = ud;
	struct tw_resp *r = x->resp;
	size_t len = sz * n;
	char line[512], *v;

	if (len >= sizeof line)
		return len;
	memcpy(line, p, len);
	line[len] = 0;
	line[strcspn(line, "\r\n")] = 0;
	if (strncmp(line, "HTTP/", 5) == 0) {
		/* a new response (after a 100 Continue, say) */
		v = strchr(line, ' ');
		x->status = v ? strtol(v + 1, NULL, 10) : 0;
		memset(&r->rl, 0, sizeof r->rl);
		r->rl.remaining = -1;
		free(r->content_type);
		r->content_type = NULL;
		return len;
	}
	if (!(v = strchr(line, ':')))
		return len;
	*v++ = 0;
	while (*v == ' ' || *v == '\t')
		v++;
	if (strcasecmp(line, "content-type") == 0) {
		free(r->content_type);
		r->content_type = xstrdup(v);
	} else if (strcasecmp(line, "x-rate-limit-limit") == 0) {
		r->rl.limit = strtol(v, NULL, 10);
		r->rl.have = 1;
	} else if (strcasecmp(line, "x-rate-limit-remaining") == 0) {
		r->rl.remaining = strtol(v, NULL, 10);
		r->rl.have = 1;
	} else if (strcasecmp(line, "x-rate-limit-reset") == 0) {
		r->rl.reset = (time_t)strtoll(v, NULL, 10);
		r->rl.have = 1;
	}
	return len;
}

static size_t
on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = sz * n;

	if (x->req->on_data && x->status >= 200 && x->status < 300) {
		x->delivered += len;
		if (x->req->on_data(p, len, x->req->ctx) != 0) {
			x->stopped = 1;
			return 0;
		}
		return len;
	}
	if (x->resp->body.len + len > x->max) {
		x->too_big = 1;
		return 0;
	}
	tw_buf_add(&x->resp->body, p, len);
	return len;
}

static int
cancelled(const struct tw_req *req)
{
	return req->cancel && *req->cancel;
}

/* Called at least once a second: stops a cancelled transfer. */
static int
on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	const struct tw_req *req = ud;

	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return cancelled(req) ? 1 : 0;
}

/* One attempt.  Returns the curl result; *oserr the socket errno. */
static CURLcode
perform(struct tw_client *c, struct tw_req *req, const struct built *b,
    struct xfer *x, long *oserr, char *errbuf)
{
	struct priv *p = c->priv;
	CURL *h = p->curl;
	struct curl_slist *hdrs = NULL;
	curl_mime *mime = NULL;
	curl_mimepart *part;
	char *auth, *ctype;
	long idle;
	size_t i;
	CURLcode rc;

	curl_easy_reset(h);
	errbuf[0] = 0;
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_URL, b->url);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "tw/" TW_VERSION);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	if (!req->on_data && c->timeout > 0)
		curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout);
	idle = req->idle_timeout ? req->idle_timeout : req->on_data ? 30 : 0;
	if (idle > 0) {
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, idle);
	}
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	if (req->cancel) {
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, req);
	}

	if ((auth = auth_header(c, req, b)) != NULL) {
		hdrs = curl_slist_append(hdrs, auth);
		explicit_bzero(auth, strlen(auth));
		free(auth);
	}
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (req->nparts) {
		mime = curl_mime_init(h);
		for (i = 0; i < req->nparts; i++) {
			const struct tw_part *pt = &req->parts[i];

			part = curl_mime_addpart(mime);
			curl_mime_name(part, pt->name);
			if (pt->path)
				curl_mime_filedata(part, pt->path);
			else
				curl_mime_data(part, pt->data ? pt->data : "",
				    pt->data ? pt->len : 0);
			if (pt->type)
				curl_mime_type(part, pt->type);
		}
		curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
	} else if (req->json) {
		ctype = xasprintf("Content-Type: %s", req->json_type ?
		    req->json_type : "application/json");
		hdrs = curl_slist_append(hdrs, ctype);
		free(ctype);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->json);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(req->json));
	} else if (b->form) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, b->form);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(b->form));
	} else if (strcmp(b->method, "POST") == 0 ||
	    strcmp(b->method, "PUT") == 0) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
	}
	if (strcmp(b->method, "GET") == 0 && !req->nparts && !req->json &&
	    !b->form)
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	else if (strcmp(b->method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, b->method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

	rc = curl_easy_perform(h);
	*oserr = 0;
	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, oserr);
	if (rc == CURLE_OK || x->status == 0) {
		long st = 0;

		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &st);
		if (st)
			x->status = st;
	}
	/* no option may point at the freed lists once we return */
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h, CURLOPT_MIMEPOST, NULL);
	curl_slist_free_all(hdrs);
	curl_mime_free(mime);
	return rc;
}

static int
retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static char *
net_error(const struct built *b, CURLcode rc, long oserr,
    const char *errbuf, long idle, long timeout)
{
	const char *what;
	char detail[300];

	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		what = "cannot connect";
		snprintf(detail, sizeof detail, "%s", oserr ? strerror(oserr) :
		    *errbuf ? errbuf : curl_easy_strerror(rc));
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		what = "cannot resolve the host name";
		snprintf(detail, sizeof detail, "%s", *errbuf ? errbuf :
		    curl_easy_strerror(rc));
		break;
	case CURLE_OPERATION_TIMEDOUT:
		what = "timed out";
		if (idle > 0 && strstr(errbuf, "too slow"))
			snprintf(detail, sizeof detail, "no data for %ld s",
			    idle);
		else if (strstr(errbuf, "onnect"))
			snprintf(detail, sizeof detail, "no connection "
			    "after 10 s");
		else
			snprintf(detail, sizeof detail, "no complete answer "
			    "after %ld s", timeout);
		break;
	case CURLE_GOT_NOTHING:
		what = "connection closed";
		snprintf(detail, sizeof detail, "empty reply from the server");
		break;
	case CURLE_PARTIAL_FILE:
		what = "connection closed";
		snprintf(detail, sizeof detail, "the answer was cut short");
		break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		what = "connection error";
		snprintf(detail, sizeof detail, "%s", oserr ? strerror(oserr) :
		    *errbuf ? errbuf : curl_easy_strerror(rc));
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
		what = "TLS error";
		snprintf(detail, sizeof detail, "%s", *errbuf ? errbuf :
		    curl_easy_strerror(rc));
		break;
	default:
		what = "network error";
		snprintf(detail, sizeof detail, "%s", *errbuf ? errbuf :
		    curl_easy_strerror(rc));
	}
	detail[strcspn(detail, "\r\n")] = 0;
	return xasprintf("%s %s: %s: %s", b->method, b->sign_url, what,
	    detail);
}

/* error lines */

static const char *
type_suffix(const cJSON *j)
{
	const char *t = j ? tw_json_str(j, "type") : NULL, *s;

	if (!t || !*t || strcmp(t, "about:blank") == 0)
		return NULL;
	s = strrchr(t, '/');
	return s ? s + 1 : t;
}

static int
same(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

char *
tw_api_error_line(long status, const cJSON *body)
{
	const char *reason = tw_http_reason(status), *title, *detail, *msg,
	    *suffix;
	const cJSON *errs, *e, *code;
	tw_buf b = { 0 };
	int n = 0;

	tw_buf_printf(&b, "%ld%s%s", status, *reason ? " " : "", reason);
	if (!cJSON_IsObject(body))
		return tw_buf_steal(&b);
	title = tw_json_str(body, "title");
	detail = tw_json_str(body, "detail");
	errs = cJSON_GetObjectItemCaseSensitive(body, "errors");
	if (title || detail) {
		if (title && !same(title, reason)) {
			tw_buf_printf(&b, ": %s", title);
			n++;
		}
		if (detail && !same(detail, title) && !same(detail, reason)) {
			tw_buf_printf(&b, ": %s", detail);
			n++;
		}
		/* which parameter was wrong, say, is only in errors[] */
		if (cJSON_IsArray(errs) && (e = errs->child) &&
		    (msg = tw_json_str(e, "message")) && !same(msg, detail))
			tw_buf_printf(&b, "%s%s", !n ? ": " : b.s[b.len - 1] ==
			    '.' ? " " : "; ", msg);
		if ((suffix = type_suffix(body)))
			tw_buf_printf(&b, " (%s)", suffix);
	} else if (cJSON_IsArray(errs)) {
		cJSON_ArrayForEach(e, errs) {
			if (n == 3)
				break;
			msg = tw_json_str(e, "message");
			if (!msg)
				msg = tw_json_str(e, "detail");
			if (!msg)
				msg = tw_json_str(e, "title");
			code = cJSON_GetObjectItemCaseSensitive(e, "code");
			tw_buf_adds(&b, n ? "; " : ": ");
			tw_buf_adds(&b, msg ? msg : "error");
			if (cJSON_IsNumber(code))
				tw_buf_printf(&b, " (code %d)", code->valueint);
			n++;
		}
	} else if ((msg = tw_json_str(body, "error"))) {
		/* OAuth 2 token endpoint shape */
		tw_buf_printf(&b, ": %s", msg);
		if ((detail = tw_json_str(body, "error_description")))
			tw_buf_printf(&b, ": %s", detail);
	}
	return tw_buf_steal(&b);
}

/* The line for an error answer, with the first bytes of a non-JSON body. */
static char *
error_line(const struct tw_resp *r)
{
	tw_buf b = { 0 };
	char *s = tw_api_error_line(r->status, r->json);
	size_t i, n;

	if (r->json || !r->body.len)
		return s;
	tw_buf_adds(&b, s);
	free(s);
	tw_buf_adds(&b, ": ");
	n = r->body.len < 120 ? r->body.len : 120;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)r->body.s[i];

		tw_buf_addc(&b, ch < 0x20 || ch == 0x7f ? ' ' : ch);
	}
	if (r->body.len > n)
		tw_buf_adds(&b, "...");
	return tw_buf_steal(&b);
}

/* 401 and auth-type 403s are credentials problems (exit 3). */
static int
classify(long status, const cJSON *j)
{
	const char *t = type_suffix(j);
	const cJSON *errs, *e, *code;

	if (status == 401)
		return TW_EXIT_CONFIG;
	if (status == 429)
		return TW_EXIT_RATE;
	if (status == 403) {
		if (t && (strcmp(t, "unsupported-authentication") == 0 ||
		    strcmp(t, "client-forbidden") == 0 ||
		    strcmp(t, "not-authorized") == 0))
			return TW_EXIT_CONFIG;
		errs = j ? cJSON_GetObjectItemCaseSensitive(j, "errors") : NULL;
		cJSON_ArrayForEach(e, errs) {
			code = cJSON_GetObjectItemCaseSensitive(e, "code");
			if (cJSON_IsNumber(code) && (code->valueint == 32 ||
			    code->valueint == 89 || code->valueint == 215 ||
			    code->valueint == 453))
				return TW_EXIT_CONFIG;
		}
	}
	return TW_EXIT_API;
}

static int
usage_capped(const cJSON *j)
{
	const char *t = type_suffix(j);

	return (t && strcmp(t, "usage-capped") == 0) ||
	    same(tw_json_str(j, "title"), "UsageCapExceeded");
}

/* waiting */

/* Sleep ms milliseconds, in short steps while req can be cancelled. */
static void
sleep_ms(const struct tw_req *req, long long ms)
{
	struct timespec ts;
	long long end = tw_now_ms() + ms, left, step;

	while (!cancelled(req) && (left = end - tw_now_ms()) > 0) {
		step = req->cancel && left > 200 ? 200 : left;
		ts.tv_sec = step / 1000;
		ts.tv_nsec = (step % 1000) * 1000000;
		if (nanosleep(&ts, NULL) == -1 && errno != EINTR)
			break;
	}
}

/* Wait ms milliseconds for a rate limit, telling the user: a countdown
 * on a terminal, one line otherwise. */
static void
rate_wait(const struct tw_req *req, const char *endpoint, long long ms)
{
	char d[32], when[32];
	long long end = tw_now_ms() + ms, left;

	if (!tw_isatty_err()) {
		tw_warn("rate limited on %s; waiting %s (until %s)", endpoint,
		    tw_duration_format((ms + 999) / 1000, d, sizeof d),
		    tw_time_format(time(NULL) + (ms + 999) / 1000, when,
		    sizeof when));
		sleep_ms(req, ms);
		return;
	}
	while (!cancelled(req) && (left = end - tw_now_ms()) > 0) {
		/* back to the start and clear to the end: "9s" after
		 * "1m0s" leaves nothing behind */
		fprintf(stderr, "\r%s: rate limited; waiting %s\033[K",
		    tw_progname,
		    tw_duration_format((left + 999) / 1000, d, sizeof d));
		fflush(stderr);
		sleep_ms(req, left % 1000 ? left % 1000 : 1000);
	}
	fprintf(stderr, "\r\033[K");
	fflush(stderr);
}

static char *
spent_line(const char *endpoint, time_t reset)
{
	char when[32], in[32];

	return xasprintf("rate limit reached for %s; resets at %s (in %s)",
	    endpoint, tw_time_format(reset, when, sizeof when),
	    tw_duration_format((long)(reset - time(NULL)), in, sizeof in));
}

/* cost */

static long
count_items(const cJSON *a, long *dms)
{
	const cJSON *e;
	long n = 0;

	if (cJSON_IsObject(a)) {
		if (cJSON_GetObjectItemCaseSensitive(a, "event_type"))
			(*dms)++;
		else if (cJSON_GetObjectItemCaseSensitive(a, "text"))
			n++;
		return n;
	}
	cJSON_ArrayForEach(e, a) {
		if (!cJSON_IsObject(e))
			continue;
		if (cJSON_GetObjectItemCaseSensitive(e, "event_type"))
			(*dms)++;
		else if (cJSON_GetObjectItemCaseSensitive(e, "text"))
			n++;
	}
	return n;
}

void
tw_cost_add_read(struct tw_client *c, const cJSON *page)
{
	long dms = 0;

	if (!cJSON_IsObject(page))
		return;
	c->cost.posts_read += count_items(
	    cJSON_GetObjectItemCaseSensitive(page, "data"), &dms);
	c->cost.posts_read += count_items(tw_json_path(page, "includes.tweets"),
	    &dms);
	c->cost.dm_read += dms;
}

static void
cost_count(struct tw_client *c, const struct built *b, const cJSON *j)
{
	const char *ep = b->endpoint + strlen(b->method) + 1;
	size_t n = strlen(ep);

	if (strcmp(b->method, "GET") == 0) {
		tw_cost_add_read(c, j);
		return;
	}
	if (strcmp(b->method, "POST") != 0)
		return;
	if (strcmp(ep, "/2/tweets") == 0 ||
	    strcmp(ep, "/1.1/statuses/update.json") == 0)
		c->cost.posts_written++;
	else if (strncmp(ep, "/2/dm_conversations", 19) == 0 && n > 9 &&
	    strcmp(ep + n - 9, "/messages") == 0)
		c->cost.dm_written++;
}

static double
price(const struct tw_client *c, const char *key, double def)
{
	const char *v = c->acct ? tw_account_get(c->acct, key) : NULL;
	char *end;
	double d;

	if (!v || !*v)
		return def;
	d = strtod(v, &end);
	return *end || d < 0 ? def : d;
}

double
tw_cost_usd(const struct tw_client *c)
{
	const struct tw_cost *k = &c->cost;

	return (double)(k->posts_read + k->dm_read) * price(c, "price_read",
	    0.005) + (double)(k->posts_written + k->dm_written) * price(c,
	    "price_post", 0.015);
}

/* What the run spent, as a line of TW_HOME/usage for tw-metrics --cost:
 * {"time","usage":PROGRAM,"account","requests","posts_read",
 * "posts_written","dm_read","dm_written","usd"}. */
static void
usage_save(const struct tw_client *c)
{
	const struct tw_cost *k = &c->cost;
	cJSON *o;
	char when[32], *line, *nl;
	time_t t;

	if (!k->requests)
		return;
	if (tw_clock(&t) < 0)
		t = time(NULL);     /* a bad TW_NOW was reported already */
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "time", tw_time_format(t, when, sizeof when));
	cJSON_AddStringToObject(o, "usage", tw_progname ? tw_progname : "tw");
	if (c->acct && c->acct->name)
		cJSON_AddStringToObject(o, "account", c->acct->name);
	cJSON_AddNumberToObject(o, "requests", (double)k->requests);
	cJSON_AddNumberToObject(o, "posts_read", (double)k->posts_read);
	cJSON_AddNumberToObject(o, "posts_written", (double)k->posts_written);
	cJSON_AddNumberToObject(o, "dm_read", (double)k->dm_read);
	cJSON_AddNumberToObject(o, "dm_written", (double)k->dm_written);
	cJSON_AddNumberToObject(o, "usd", round(tw_cost_usd(c) * 1e6) / 1e6);
	line = tw_json_line(o);
	nl = xasprintf("%s\n", line);
	tw_usage_append(nl);
	free(nl);
	free(line);
	cJSON_Delete(o);
}

void
tw_cost_report(const struct tw_client *c)
{
	const struct tw_cost *k = &c->cost;
	tw_buf dm = { 0 };

	if (k->dm_read)
		tw_buf_printf(&dm, ", DMs read %ld", k->dm_read);
	if (k->dm_written)
		tw_buf_printf(&dm, ", DMs written %ld", k->dm_written);
	tw_warn("requests %ld, posts read %ld, posts written %ld%s, est. $%.3f",
	    k->requests, k->posts_read, k->posts_written, dm.s ? dm.s : "",
	    tw_cost_usd(c));
	tw_buf_free(&dm);
}

/* the request */

static int
is_json_type(const struct tw_resp *r)
{
	const char *s = r->body.s;

	if (r->content_type)
		return strstr(r->content_type, "json") != NULL;
	while (s && isspace((unsigned char)*s))
		s++;
	return s && (*s == '{' || *s == '[');
}

/* One call of tw_http: what every attempt shares. */
struct call {
	struct tw_client *c;
	struct tw_req *req;
	struct tw_resp *resp;
	struct built b;
	int tries, n429, maxtries;
	long idle;
};

#define AGAIN (-1)              /* an outcome's verdict: try once more */

/* Before an attempt: never send into a window known to be spent. */
static int
window_spent(struct call *k)
{
	struct priv *p = k->c->priv;
	struct rlent *ent = rl_find(p, k->b.rlkey, 0);
	time_t now = time(NULL);

	if (!ent || !ent->rl.have || ent->rl.remaining != 0 ||
	    ent->rl.reset < now)
		return 0;
	if (k->c->no_wait) {
		resp_reset(k->resp);
		k->resp->error = spent_line(k->b.endpoint, ent->rl.reset);
		return TW_EXIT_RATE;
	}
	rate_wait(k->req, k->b.endpoint, (ent->rl.reset + 1 - now) * 1000LL);
	ent->rl.have = 0;
	return 0;
}

/* No HTTP answer: retry what may be retried, else one line, exit 4. */
static int
on_net_error(struct call *k, CURLcode rc, long oserr, const char *errbuf,
    int delivered)
{
	struct priv *p = k->c->priv;
	char *err = net_error(&k->b, rc, oserr, errbuf, k->idle, k->c->timeout);
	long long wait;

	/* a stream that delivered data is the caller's to reconnect, with
	 * its own backoff */
	if (!delivered && !k->req->no_retry && k->tries < k->maxtries &&
	    retryable(rc)) {
		wait = p->base_ms << (k->tries - 1);
		if (k->c->verbose)
			tw_warn("%s; retrying in %lld ms", err, wait);
		free(err);
		sleep_ms(k->req, wait);
		return AGAIN;
	}
	if (k->tries > 1) {
		k->resp->error = xasprintf("%s (tried %d times)", err, k->tries);
		free(err);
	} else
		k->resp->error = err;
	k->resp->status = 0;
	return TW_EXIT_API;
}

/* 2xx: the body must be what it says it is; count the cost. */
static int
on_success(struct call *k)
{
	struct tw_resp *resp = k->resp;

	if (!k->req->on_data && !resp->json && resp->body.len &&
	    resp->content_type && strstr(resp->content_type, "json")) {
		size_t bad = tw_utf8_check(resp->body.s, resp->body.len);

		resp->error = bad < resp->body.len ? xasprintf("%ld %s: the "
		    "answer is not valid UTF-8 (byte %zu)", resp->status,
		    tw_http_reason(resp->status), bad + 1) : xasprintf("%ld "
		    "%s: the answer is not valid JSON", resp->status,
		    tw_http_reason(resp->status));
		return TW_EXIT_API;
	}
	cost_count(k->c, &k->b, resp->json);
	return TW_EXIT_OK;
}

/* 429: a usage cap ends it; a spent window is waited for (or exit 5
 * with --no-wait); a per-second limit backs off. */
static int
on_429(struct call *k)
{
	struct tw_resp *resp = k->resp;
	struct priv *p = k->c->priv;
	time_t now = time(NULL);
	long long wait;
	char *err;

	if (usage_capped(resp->json)) {
		const char *per = tw_json_str(resp->json, "period"),
		    *sc = tw_json_str(resp->json, "scope");

		err = error_line(resp);
		resp->error = xasprintf("%s; this is the %s%s%s usage cap, not "
		    "a rate-limit window: waiting will not help", err,
		    per ? per : "", per && sc ? " " : "", sc ? sc : "");
		free(err);
		return TW_EXIT_RATE;
	}
	if (k->c->no_wait || ++k->n429 > MAX_429) {
		if (resp->rl.have && resp->rl.reset > now)
			resp->error = spent_line(k->b.endpoint, resp->rl.reset);
		else {
			err = error_line(resp);
			resp->error = xasprintf("%s: %s%s", k->b.endpoint, err,
			    k->n429 > MAX_429 ? " (too many times in a row)" : "");
			free(err);
		}
		return TW_EXIT_RATE;
	}
	if (resp->rl.have && resp->rl.remaining == 0 && resp->rl.reset >= now)
		return AGAIN;   /* window_spent waits */
	/* remaining > 0 or no reset: a per-second limit (full archive
	 * search); back off from a couple of seconds */
	wait = (p->base_ms * 4 > 1000 ? p->base_ms * 4 : 1000) *
	    (1LL << (k->n429 < 6 ? k->n429 - 1 : 5));
	if (wait > 60000)
		wait = 60000;
	rate_wait(k->req, k->b.endpoint, wait);
	return AGAIN;
}

/* Any other status: 5xx is retried while tries last; else one line. */
static int
on_error_status(struct call *k)
{
	struct tw_resp *resp = k->resp;
	struct priv *p = k->c->priv;
	long long wait;
	char *err;

	if (resp->status >= 500 && !k->req->no_retry && k->tries < k->maxtries) {
		wait = p->base_ms << (k->tries - 1);
		if (k->c->verbose) {
			err = error_line(resp);
			tw_warn("%s %s: %s; retrying in %lld ms", k->b.method,
			    k->b.sign_url, err, wait);
			free(err);
		}
		sleep_ms(k->req, wait);
		return AGAIN;
	}
	err = error_line(resp);
	if (resp->status >= 500 && k->tries > 1) {
		resp->error = xasprintf("%s (tried %d times)", err, k->tries);
		free(err);
	} else
		resp->error = err;
	return resp->status >= 300 && resp->status < 400 ? TW_EXIT_API :
	    classify(resp->status, resp->json);
}

/* One attempt: the request made, its outcome judged. */
static int
attempt(struct call *k)
{
	struct tw_resp *resp = k->resp;
	struct priv *p = k->c->priv;
	char errbuf[CURL_ERROR_SIZE];
	struct xfer x;
	long oserr;
	CURLcode rc;
	int rv;

	if ((rv = window_spent(k)) != 0)
		return rv;
	resp_reset(resp);
	if (cancelled(k->req))
		return TW_EXIT_OK;
	memset(&x, 0, sizeof x);
	x.req = k->req;
	x.resp = resp;
	x.max = k->c->max_body ? k->c->max_body : (size_t)64 << 20;
	rc = perform(k->c, k->req, &k->b, &x, &oserr, errbuf);
	k->c->cost.requests++;
	k->tries++;
	resp->status = x.status;
	if (x.stopped || (rc == CURLE_ABORTED_BY_CALLBACK && cancelled(k->req)))
		return TW_EXIT_OK;
	if (x.too_big) {
		resp->error = xasprintf("%s %s: the answer is larger than %zu "
		    "bytes", k->b.method, k->b.sign_url, x.max);
		return TW_EXIT_API;
	}
	if (resp->rl.have)
		rl_find(p, k->b.rlkey, 1)->rl = resp->rl;
	if (rc != CURLE_OK)
		return on_net_error(k, rc, oserr, errbuf, x.delivered);
	/* JSON is parsed only when it is valid UTF-8: nothing invalid is
	 * passed on (tw-record(5)) */
	if ((!k->req->on_data || resp->status < 200 || resp->status >= 300) &&
	    resp->body.len && is_json_type(resp) &&
	    tw_utf8_check(resp->body.s, resp->body.len) == resp->body.len)
		resp->json = cJSON_ParseWithLength(resp->body.s, resp->body.len);
	if (resp->status >= 200 && resp->status < 300)
		return on_success(k);
	if (resp->status == 429)
		return on_429(k);
	return on_error_status(k);
}

/* Whether a request goes with the account's OAuth 2.0 user token. */
static int
o2_request(const struct tw_client *c, const struct tw_req *req)
{
	return req->auth == TW_AUTH_USER && !req->oauth1 &&
	    tw_oauth2_user(c->acct);
}

/* OAuth 2.0 user context: the token to send, renewed when it runs out
 * within a minute, or (force) when X said 401 to it.  0, or an exit code
 * with resp->error set. */
static int
o2_ready(struct tw_client *c, const struct tw_req *req, int force,
    struct tw_resp *resp)
{
	struct priv *p = c->priv;
	const char *t;
	char *tok, *err;
	time_t exp;
	int rv;

	if (!o2_request(c, req))
		return 0;
	if (!p->o2) {
		t = tw_account_get(c->acct, "oauth2_access_token");
		p->o2 = 1;
		p->o2_token = t && *t ? xstrdup(t) : NULL;
		p->o2_exp = tw_oauth2_expiry(c->acct);
	}
	if (!force && p->o2_token && (p->o2_exp == 0 ||
	    p->o2_exp - time(NULL) > 60))
		return 0;
	if ((rv = tw_oauth2_renew(c->acct, p->o2_token, &tok, &exp,
	    &err)) != 0) {
		free(resp->error);
		resp->error = err;
		return rv;
	}
	if (p->o2_token) {
		explicit_bzero(p->o2_token, strlen(p->o2_token));
		free(p->o2_token);
	}
	p->o2_token = tok;
	p->o2_exp = exp;
	if (c->verbose)
		tw_warn("account '%s': a new OAuth 2.0 access token",
		    c->acct->name);
	return 0;
}

int
tw_http(struct tw_client *c, struct tw_req *req, struct tw_resp *resp)
{
	struct call k;
	char *err;
	int rv, renewed = 0;

	memset(resp, 0, sizeof *resp);
	fflush(stdout);         /* what is written goes on while we wait */
	memset(&k, 0, sizeof k);
	k.c = c;
	k.req = req;
	k.resp = resp;
	if ((rv = build(c, req, &k.b, &err)) != 0) {
		resp->error = err;
		return rv;
	}
	if ((rv = o2_ready(c, req, 0, resp)) != 0) {
		built_free(&k.b);
		return rv;
	}
	k.maxtries = c->max_retries > 0 ? c->max_retries : 1;
	k.idle = req->idle_timeout ? req->idle_timeout : req->on_data ? 30 : 0;
	for (;;) {
		while ((rv = attempt(&k)) == AGAIN)
			;
		/* an OAuth 2.0 token refused (revoked, or expired early):
		 * renewed once, and the request made again */
		if (rv != TW_EXIT_CONFIG || resp->status != 401 ||
		    !o2_request(c, req) || renewed++)
			break;
		if ((rv = o2_ready(c, req, 1, resp)) != 0)
			break;
	}
	built_free(&k.b);
	return rv;
}

/* An OAuth header with the values of oauth_signature and oauth_nonce
 * replaced by REDACTED. */
static char *
redacted(const char *hdr)
{
	static const char *const keys[] = { "oauth_signature=\"",
	    "oauth_nonce=\"" };
	tw_buf b = { 0 };
	const char *p = hdr, *q, *e;
	size_t i;

	tw_buf_adds(&b, "");
	while (*p) {
		for (q = NULL, i = 0; i < 2; i++) {
			e = strstr(p, keys[i]);
			if (e && (!q || e < q))
				q = e;
		}
		if (!q || !(e = strchr(q + strcspn(q, "\"") + 1, '"'))) {
			tw_buf_adds(&b, p);
			break;
		}
		q += strcspn(q, "\"") + 1;     /* past the opening quote */
		tw_buf_add(&b, p, (size_t)(q - p));
		tw_buf_adds(&b, "REDACTED");
		p = e;                          /* the closing quote */
	}
	return tw_buf_steal(&b);
}

char *
tw_http_dry_run(struct tw_client *c, const struct tw_req *req, char **err)
{
	struct built b;
	cJSON *o, *h;
	char *auth, *line;
	size_t i;

	*err = NULL;
	if (build(c, req, &b, err) != 0)
		return NULL;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "method", b.method);
	cJSON_AddStringToObject(o, "url", b.url);
	h = cJSON_AddObjectToObject(o, "headers");
	if (req->auth == TW_AUTH_APP || o2_request(c, req)) {
		/* the bearer token is the secret itself: never printed */
		char *m = xasprintf("Bearer (%s of account '%s')",
		    req->auth == TW_AUTH_APP ? "bearer_token" :
		    "oauth2_access_token", c->acct->name ? c->acct->name :
		    "default");

		cJSON_AddStringToObject(h, "Authorization", m);
		free(m);
	} else if (req->auth == TW_AUTH_NONE && req->authorization) {
		cJSON_AddStringToObject(h, "Authorization",
		    "Basic (the client credentials)");
	} else if ((auth = auth_header(c, req, &b)) != NULL) {
		/* The signature with its nonce is a credential for this
		 * request while the timestamp is fresh (a JSON body is not
		 * signed, so it could carry any text): never printed. */
		char *m = redacted(auth + 15);

		cJSON_AddStringToObject(h, "Authorization", m);
		free(m);
		explicit_bzero(auth, strlen(auth));
		free(auth);
	}
	cJSON_AddStringToObject(h, "User-Agent", "tw/" TW_VERSION);
	if (req->nparts) {
		cJSON *parts;

		cJSON_AddStringToObject(h, "Content-Type",
		    "multipart/form-data");
		cJSON_AddNullToObject(o, "body");
		parts = cJSON_AddArrayToObject(o, "parts");
		for (i = 0; i < req->nparts; i++)
			cJSON_AddItemToArray(parts,
			    cJSON_CreateString(req->parts[i].name));
	} else if (req->json) {
		cJSON_AddStringToObject(h, "Content-Type", req->json_type ?
		    req->json_type : "application/json");
		cJSON_AddStringToObject(o, "body", req->json);
	} else if (b.form) {
		cJSON_AddStringToObject(h, "Content-Type",
		    "application/x-www-form-urlencoded");
		cJSON_AddStringToObject(o, "body", b.form);
	} else
		cJSON_AddNullToObject(o, "body");
	line = tw_json_line(o);
	cJSON_Delete(o);
	built_free(&b);
	return line;
}

/* The likely cause of an auth failure, for every program (http.h). */
const char *
tw_http_hint(const struct tw_resp *r)
{
	const char *type = r->json ? tw_json_str(r->json, "type") : NULL;

	if (r->status == 401)
		return "the account's keys or tokens are wrong or revoked: "
		    "check them in the config, or log in again with tw-auth "
		    "login";
	if (r->status != 403)
		return NULL;
	if (type && strstr(type, "unsupported-authentication"))
		return "this endpoint needs the other kind of credentials "
		    "(an app-only bearer token cannot read user endpoints, "
		    "and full-archive search and the stream need one)";
	if (type && (strstr(type, "client-forbidden") ||
	    strstr(type, "not-authorized")))
		return "the app lacks the access level (plan) or permission "
		    "this endpoint needs";
	return NULL;
}
