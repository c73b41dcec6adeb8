/* sandbox.c - tw-sandbox's request handling (lib/sandbox, below its HTTP
 * glue): parameters, paths, bodies, authentication, the admin endpoints,
 * in a store seeded as tw-sandbox seeds it (the built-in seed).
 *
 * The input is up to 8 requests separated by lines "===":
 *
 *	POST /2/tweets?expansions=author_id
 *	Authorization: oauth
 *	Content-Type: application/json
 *
 *	{"text":"hello","reply":{"in_reply_to_tweet_id":"$ID"}}
 *
 * The request line is METHOD and TARGET (path, '?', query); then header
 * lines up to an empty line; the rest is the body.  Authorization
 * "oauth" is replaced by a valid OAuth 1.0a signature of the request
 * (the brand's user context) and "bearer" by the app's bearer token (the
 * fuzzer cannot sign), anything else is sent as it is.  "$ID" in the
 * target or the body stands for the last data.id answered (media and
 * posts made during the input have ids from the clock).
 *
 * The request is built as lib/sandbox/sbserve.c builds it from
 * libmicrohttpd (the path %-decoded as libmicrohttpd does; the query and
 * form parameters by the same sb_req_params) and handed on by the same
 * sb_route, under the store's lock: /_sandbox/ to sb_admin, /2/ to
 * sb_handle (no fault dice, no latency).
 * Each input starts from a store as new (loaded again when an input
 * changed it) and no rate-limit window or nonce seen.
 *
 * Findings: crashes, hangs, leaks, sanitizer reports, an answer that is
 * not a status from 200 to 599 with a JSON body (or a stream; or valid
 * UTF-8 from the login endpoints: HTML, form-encoded, a redirect), and a
 * change to the store that is not marked dirty (tw-sandbox --state-file
 * saves the store only when it is). */
#include <strings.h>

#include "fuzz.h"
#include "sandbox/sbapi.h"
#include "sandbox/sbparam.h"
#include "sandbox/sbstore.h"

#define T0 1795000000           /* the sandbox's clock at start */
#define HOST "127.0.0.1:8080"

static char *last_id;
static int trace;               /* TW_FUZZ_TRACE set: each answer told */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	trace = getenv("TW_FUZZ_TRACE") != NULL;
	return 0;
}

/* s with "$ID" replaced by the last id (or "0"); its length in *len */
static char *
subst(const char *s, size_t n, size_t *len)
{
	tw_buf b = { 0 };
	size_t i;

	tw_buf_add(&b, "", 0);
	for (i = 0; i < n; i++)
		if (n - i >= 3 && memcmp(s + i, "$ID", 3) == 0) {
			tw_buf_adds(&b, last_id ? last_id : "0");
			i += 2;
		} else {
			tw_buf_addc(&b, s[i]);
		}
	if (len)
		*len = b.len;
	return tw_buf_steal(&b);
}

static void
remember_id(const struct sb_resp *w)
{
	cJSON *o = w->body.s ? cJSON_ParseWithLength(w->body.s, w->body.len) :
	    NULL;
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "data");
	const char *id;

	if (cJSON_IsArray(d))
		d = cJSON_GetArrayItem(d, 0);
	if ((id = tw_json_str(d, "id"))) {
		free(last_id);
		last_id = xstrdup(id);
	}
	cJSON_Delete(o);
}

/* Is w's answer one that must be JSON?  All are but the login
 * endpoints' HTML pages, form-encoded tokens and redirects (sboauth.c). */
static int
json_answer(const struct sb_resp *w)
{
	if (w->status == 302)
		return 0;
	return !w->ctype || (strncmp(w->ctype, "text/html", 9) != 0 &&
	    strcmp(w->ctype, "application/x-www-form-urlencoded") != 0);
}

/* One request text [p, end): build it, hand it on, check the answer. */
static void
request(const char *p, const char *end, int seq)
{
	struct sb_req r;
	struct sb_resp w;
	const char *eol, *sp, *colon, *q;
	char *line, *target, *path, *auth = NULL, *host = NULL, *ctype = NULL;
	char *body = NULL, *method, *name, *val, nonce[32];
	tw_kvs params = { 0 };
	size_t i, bodylen = 0;

	memset(&r, 0, sizeof r);
	memset(&w, 0, sizeof w);
	if (!(eol = memchr(p, '\n', (size_t)(end - p))))
		eol = end;
	line = xstrndup(p, (size_t)(eol - p));
	p = eol < end ? eol + 1 : end;
	if (!(sp = strchr(line, ' '))) {
		free(line);
		return;
	}
	method = xstrndup(line, (size_t)(sp - line));
	target = subst(sp + 1, strlen(sp + 1), NULL);
	free(line);
	/* headers, up to an empty line */
	while (p < end) {
		if (!(eol = memchr(p, '\n', (size_t)(end - p))))
			eol = end;
		if (eol == p) {
			p = eol + 1;
			break;
		}
		line = xstrndup(p, (size_t)(eol - p));
		p = eol < end ? eol + 1 : end;
		if (!(colon = strchr(line, ':'))) {
			free(line);
			continue;
		}
		name = xstrndup(line, (size_t)(colon - line));
		val = xstrdup(colon + 1 + (colon[1] == ' '));
		if (!strcasecmp(name, "Authorization")) {
			free(auth);
			auth = val;
		} else if (!strcasecmp(name, "Host")) {
			free(host);
			host = val;
		} else if (!strcasecmp(name, "Content-Type")) {
			free(ctype);
			ctype = val;
		} else {
			free(val);
		}
		free(name);
		free(line);
	}
	if (p < end) {
		/* exactly as long as it is, and a NUL after it as tw-sandbox's
		 * buffer has: reading past it is caught */
		line = subst(p, (size_t)(end - p), &bodylen);
		body = xstrndup(line, bodylen);
		free(line);
	}

	q = strchr(target, '?');
	path = tw_pct_decode(target, q ? (size_t)(q - target) : strlen(target),
	    0);
	r.method = method;
	r.path = path;
	r.host = host ? host : HOST;
	r.ctype = ctype;
	r.body = body;
	r.bodylen = bodylen;
	sb_req_params(&r, q ? q + 1 : NULL);
	if (auth && !strcmp(auth, "oauth")) {
		struct tw_oauth1 k = { sb.consumer_key, sb.consumer_secret,
		    sb.access_token, sb.access_token_secret, nonce, 0 };
		char *url = xasprintf("http://%s%s", r.host, r.path);

		snprintf(nonce, sizeof nonce, "fuzz%d", seq);
		for (i = 0; i < r.query.n; i++)
			tw_kvs_add(&params, r.query.v[i].key, r.query.v[i].val);
		for (i = 0; i < r.form.n; i++)
			tw_kvs_add(&params, r.form.v[i].key, r.form.v[i].val);
		free(auth);
		auth = tw_oauth1_header(&k, r.method, url, &params);
		free(url);
		tw_kvs_free(&params);
	} else if (auth && !strcmp(auth, "bearer")) {
		free(auth);
		auth = xasprintf("Bearer %s", sb.bearer_token);
	}
	r.auth = auth;

	pthread_mutex_lock(&sb.mu);
	sb_route(&r, &w);
	pthread_mutex_unlock(&sb.mu);

	if (trace)
		dprintf(fz_errfd, "%s %s -> %d %.300s\n", method, target,
		    w.status, w.body.s ? w.body.s : "");
	FZ_ASSERT(w.status >= 200 && w.status <= 599, "status %d", w.status);
	if (!w.sub && !json_answer(&w)) {
		/* the login endpoints' pages, form answers and redirects */
		FZ_ASSERT(tw_utf8_check(w.body.s ? w.body.s : "", w.body.len) ==
		    w.body.len, "%s %s: %d with a body that is not UTF-8",
		    method, target, w.status);
	} else if (!w.sub) {
		cJSON *o = cJSON_ParseWithLength(w.body.s ? w.body.s : "",
		    w.body.len);

		FZ_ASSERT(o, "%s %s: %d with a body that is not JSON",
		    method, target, w.status);
		cJSON_Delete(o);
		remember_id(&w);
	}
	/* a stream stays subscribed (posts are published to it) until the
	 * store is freed */
	tw_buf_free(&w.body);
	tw_kvs_free(&w.headers);
	tw_kvs_free(&r.query);
	tw_kvs_free(&r.form);
	free(method);
	free(target);
	free(path);
	free(auth);
	free(host);
	free(ctype);
	free(body);
}

/* A store as tw-sandbox starts with: the built-in seed, credentials
 * of its own (tw-sandbox makes random ones). */
static void
fresh(void)
{
	sb_store_init(T0);
	sb_load_builtin();
	sb.consumer_key = xstrdup("fuzzconsumerkey");
	sb.consumer_secret = xstrdup("fuzzconsumersecret");
	sb.access_token = xasprintf("%s-fuzzaccesstoken", sb.brand->id);
	sb.access_token_secret = xstrdup("fuzzaccesstokensecret");
	sb.bearer_token = xstrdup("AAAAAAAAAAAAAAAAAAAAAfuzzbearer");
	sb.client_id = xstrdup("fuzzclientid");
	sb.client_secret = xstrdup("fuzzclientsecret");
	sb.dirty = 0;
}

/* What --state-file would save, without the clock */
static char *
state(void)
{
	cJSON *o = sb_state_json();
	char *s;

	cJSON_DeleteItemFromObjectCaseSensitive(o, "now");
	s = tw_json_line(o);
	cJSON_Delete(o);
	return s;
}

static char *seeded;            /* state() of a fresh store */
static struct sb_faults faults0;        /* and its faults */

static void
done(void)
{
	free(seeded);
	sb_store_free();
	sb_auth_reset();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *sep;
	char *now;
	int n;

	/* Loading the seed is most of the time of an input, so the store
	 * is loaded again only after an input changed it, which it says by
	 * sb.dirty (what --state-file relies on to save it). */
	if (!seeded) {
		fresh();
		seeded = state();
		faults0 = sb.faults;
		atexit(done);
	}
	for (n = 0; p < end && n < 8; n++) {
		sep = memmem(p, (size_t)(end - p), "\n===\n", 5);
		request(p, sep ? sep : end, n);
		p = sep ? sep + 5 : end;
	}
	free(last_id);
	last_id = NULL;
	if (sb.dirty || sb.subs) {
		sb_store_free();
		fresh();
	} else {
		/* a change not marked would be lost by --state-file */
		now = state();
		FZ_ASSERT(strcmp(now, seeded) == 0, "the store changed, yet "
		    "it is not marked dirty (--state-file would not save it)");
		free(now);
		sb.reads = 0;
		sb.faults = faults0;    /* not saved: not marked */
	}
	sb_auth_reset();
	return 0;
}
