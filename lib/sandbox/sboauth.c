/* sboauth.c - tw-sandbox: X's login endpoints and the tokens they issue.
 *
 * OAuth 1.0a three-legged (POST /oauth/request_token, GET and POST
 * /oauth/authorize or /oauth/authenticate, POST /oauth/access_token),
 * OAuth 2.0 Authorization Code with PKCE (GET and POST
 * /i/oauth2/authorize or /2/oauth2/authorize, POST /2/oauth2/token with
 * the code or a refresh token, POST /2/oauth2/revoke) and the app-only
 * bearer token (POST /oauth2/token), as X's developer documentation
 * describes them.  The approve pages are HTML, for a person; their
 * forms post back, which is what a test does with curl.  The brand is
 * the one logged in; username=NAME in the form approves as another.
 *
 * The tokens live in memory, in one table per kind, each capped: a
 * table that is full drops what can no longer be used, then its oldest
 * entry, so a flood of logins cannot take all the memory.  Times are
 * the wall clock, as the rate-limit windows are (a client compares
 * expires_in with its own clock).  Secrets are never logged.
 *
 * Layer: endpoints, their first file (lib/sandbox/README).  Calls the
 * store and sbanswer.c; sbauth.c looks the tokens up here. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include <openssl/evp.h>

#include "sboauth.h"
#include "sblog.h"
#include "sbstore.h"
#include "oauth.h"

#define APP_NAME        "tw-sandbox"
#define REQUEST_TTL     900     /* a request token: 15 minutes */
#define CODE_TTL        30      /* an authorization code: 30 seconds */
#define ACCESS_TTL      7200    /* an OAuth 2.0 access token: 2 hours */
#define SKEW            300     /* oauth_timestamp: within 5 minutes */
#define TTL_MAX         31622400L
#define STATE_MAX       500     /* X takes a state of up to 500 chars */

#define WHOA "Whoa there! The request token for this page is invalid. " \
	"It may have already been used, or expired because it is too old. " \
	"Please go back to the site or application that sent you here and " \
	"try again; it was probably just a mistake."

/* X's OAuth 2.0 scopes (the OpenAPI description's OAuth2UserToken); a
 * token's scopes are bits, by index here (sboauth.h's SB_SCOPE_). */
static const struct {
	const char *name, *what;
} scopes[] = {
	{ "block.read", "View accounts you have blocked." },
	{ "bookmark.read", "Read your bookmarked Posts." },
	{ "bookmark.write", "Create and delete your bookmarks." },
	{ "dm.read", "Read all your Direct Messages." },
	{ "dm.write", "Send and manage your Direct Messages." },
	{ "follows.read", "View accounts you follow and accounts following "
	    "you." },
	{ "follows.write", "Follow and unfollow accounts on your behalf." },
	{ "like.read", "View Posts you have liked and likes you can see." },
	{ "like.write", "Like and unlike Posts on your behalf." },
	{ "list.read", "View Lists, members, and followers of Lists you "
	    "created or are a member of, including private Lists." },
	{ "list.write", "Create and manage Lists on your behalf." },
	{ "media.write", "Upload media, such as photos and videos, on your "
	    "behalf." },
	{ "mute.read", "View accounts you have muted." },
	{ "mute.write", "Mute and unmute accounts on your behalf." },
	{ "offline.access", "Request a refresh token for the app." },
	{ "space.read", "View all Spaces you have access to." },
	{ "timeline.read", "View all Custom Timelines you can see, including "
	    "public Custom Timelines from other developers." },
	{ "tweet.moderate.write", "Hide and unhide replies to your Posts." },
	{ "tweet.read", "View all Posts you can see, including those from "
	    "protected accounts." },
	{ "tweet.write", "Post and repost on your behalf." },
	{ "users.read", "View any account you can see, including protected "
	    "accounts." },
};
#define NSCOPES (sizeof scopes / sizeof *scopes)

/* What the endpoints issue: request tokens, codes, OAuth 1.0a access
 * tokens, OAuth 2.0 access and refresh tokens. */
enum { REQ, CODE, TOK1, TOK2, NKINDS };

struct grant {
	char *key;              /* the token or the code */
	char *secret;           /* OAuth 1.0a: the token's secret */
	char *verifier;         /* a request token, once approved */
	char *redirect;         /* oauth_callback, redirect_uri */
	char *challenge;        /* PKCE's code_challenge */
	char *user_id;          /* approved as */
	unsigned scopes;
	long grant;             /* OAuth 2.0: one authorization's tokens */
	time_t expires;         /* 0: never */
	int s256, refresh, approved, dead;
};

static struct table {
	struct grant **v;
	size_t n, max;
} tab[NKINDS] = {
	{ NULL, 0, 1000 }, { NULL, 0, 1000 }, { NULL, 0, 10000 },
	{ NULL, 0, 20000 }
};

static struct {
	long access_ttl;
	long grants;            /* authorizations so far: their ids */
	long issued[NKINDS], access, refreshed, revoked;
} st = { ACCESS_TTL, 0, { 0 }, 0, 0, 0 };

char *
sb_random(size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789";
	unsigned char raw[128];
	char *s = xmalloc(n + 1);
	size_t i;

	if (n > sizeof raw || getrandom(raw, n, 0) != (ssize_t)n)
		tw_die(TW_EXIT_API, "no random numbers: %s", strerror(errno));
	for (i = 0; i < n; i++)
		s[i] = abc[raw[i] % 62];
	s[n] = 0;
	return s;
}

/* The PIN of an oob login: 7 digits */
static char *
pin(void)
{
	unsigned char raw[7];
	char *s = xmalloc(sizeof raw + 1);
	size_t i;

	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		tw_die(TW_EXIT_API, "no random numbers: %s", strerror(errno));
	for (i = 0; i < sizeof raw; i++)
		s[i] = (char)('0' + raw[i] % 10);
	s[sizeof raw] = 0;
	return s;
}

int
sb_secret_eq(const char *a, const char *b)
{
	size_t n, m, i;
	unsigned d;

	if (!a || !b)
		return 0;
	n = strlen(a);
	m = strlen(b);
	d = n != m;
	for (i = 0; i < n && i < m; i++)
		d |= (unsigned char)a[i] ^ (unsigned char)b[i];
	return d == 0;
}

/* the tables */

static void
grant_free(struct grant *g)
{
	free(g->key);
	free(g->secret);
	free(g->verifier);
	free(g->redirect);
	free(g->challenge);
	free(g->user_id);
	free(g);
}

static int
usable(const struct grant *g, time_t now)
{
	return !g->dead && (!g->expires || g->expires > now);
}

/* A new entry of kind, expiring in ttl seconds (0: never).  What can no
 * longer be used goes first (any grant of this table the caller holds
 * may go with it); then, when the table is still full, its oldest. */
static struct grant *
grant_new(int kind, long ttl)
{
	struct table *t = &tab[kind];
	time_t now = time(NULL);
	struct grant *g;
	size_t i, k = 0;

	if (!t->v)
		t->v = xcalloc(t->max, sizeof *t->v);
	for (i = 0; i < t->n; i++) {
		if (usable(t->v[i], now))
			t->v[k++] = t->v[i];
		else
			grant_free(t->v[i]);
	}
	t->n = k;
	if (t->n == t->max) {
		grant_free(t->v[0]);
		memmove(t->v, t->v + 1, --t->n * sizeof *t->v);
	}
	g = xcalloc(1, sizeof *g);
	g->expires = ttl ? now + ttl : 0;
	t->v[t->n++] = g;
	st.issued[kind]++;
	return g;
}

/* The usable entry of kind whose key is key; for TOK2, refresh 0 an
 * access token, 1 a refresh token, -1 either.  Every key is compared in
 * constant time. */
static struct grant *
grant_find(int kind, const char *key, int refresh)
{
	struct grant *hit = NULL;
	size_t i;

	if (!key || !*key)
		return NULL;
	for (i = 0; i < tab[kind].n; i++)
		if (sb_secret_eq(tab[kind].v[i]->key, key) && !hit)
			hit = tab[kind].v[i];
	if (!hit || !usable(hit, time(NULL)) ||
	    (refresh >= 0 && hit->refresh != refresh))
		return NULL;
	return hit;
}

const char *
sb_oauth1_token(const char *token, const char **user_id)
{
	struct grant *g = grant_find(TOK1, token, -1);

	if (!g)
		return NULL;
	*user_id = g->user_id;
	return g->secret;
}

int
sb_oauth2_token(const char *token, const char **user_id, unsigned *sc)
{
	struct grant *g = grant_find(TOK2, token, 0);

	if (!g)
		return -1;
	*user_id = g->user_id;
	*sc = g->scopes;
	return 0;
}

/* answers */

/* X's v1.1 error: {"errors":[{"code":N,"message":M}]} */
static void
x_error(struct sb_resp *w, int status, int code, const char *msg,
    const char *label)
{
	cJSON *o = cJSON_CreateObject(), *e = cJSON_CreateObject();

	cJSON_AddNumberToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", msg);
	if (label)
		cJSON_AddStringToObject(e, "label", label);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "errors"), e);
	sb_json(w, status, o);
}

static void
not_you(struct sb_resp *w)
{
	x_error(w, 401, 32, "Could not authenticate you.", NULL);
}

/* OAuth 2.0's error (RFC 6749 5.2), in X's words */
static void
o2_error(struct sb_resp *w, int status, const char *err, const char *desc)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "error", err);
	cJSON_AddStringToObject(o, "error_description", desc);
	sb_json(w, status, o);
}

static void
bad_code(struct sb_resp *w)
{
	o2_error(w, 400, "invalid_request",
	    "Value passed for the authorization code was invalid.");
}

static void
missing(struct sb_resp *w, const char *param)
{
	char msg[128];

	snprintf(msg, sizeof msg, "Missing required parameter [%s].", param);
	o2_error(w, 400, "invalid_request", msg);
}

static void
form_add(tw_buf *b, const char *k, const char *v)
{
	char *e = tw_pct_encode(v);

	tw_buf_printf(b, "%s%s=%s", b->len ? "&" : "", k, e);
	free(e);
}

static void
form_answer(struct sb_resp *w, tw_buf *b)
{
	w->status = 200;
	tw_buf_reset(&w->body);
	tw_buf_add(&w->body, b->s, b->len);
	w->ctype = "application/x-www-form-urlencoded";
	tw_buf_free(b);
}

/* 302 to base with k1=v1 (and k2=v2, unless k2 is NULL) added to its
 * query */
static void
redirect(struct sb_resp *w, const char *base, const char *k1,
    const char *v1, const char *k2, const char *v2)
{
	tw_buf b = { 0 }, q = { 0 };

	form_add(&q, k1, v1);
	if (k2)
		form_add(&q, k2, v2);
	tw_buf_printf(&b, "%s%c%s", base, strchr(base, '?') ? '&' : '?', q.s);
	w->status = 302;
	tw_kvs_set(&w->headers, "Location", b.s);
	tw_buf_free(&b);
	tw_buf_free(&q);
}

/* The pages */

static void
esc(tw_buf *b, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': tw_buf_adds(b, "&amp;"); break;
		case '<': tw_buf_adds(b, "&lt;"); break;
		case '>': tw_buf_adds(b, "&gt;"); break;
		case '"': tw_buf_adds(b, "&quot;"); break;
		case '\'': tw_buf_adds(b, "&#39;"); break;
		default: tw_buf_addc(b, *s);
		}
}

static void
page_start(tw_buf *b, const char *title)
{
	tw_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>");
	esc(b, title);
	tw_buf_adds(b, "</title>\n</head>\n<body>\n<h1>");
	esc(b, title);
	tw_buf_adds(b, "</h1>\n");
}

/* w answers the page in b (freed), valid UTF-8 whatever was asked */
static void
page_end(struct sb_resp *w, int status, tw_buf *b)
{
	tw_buf_adds(b, "</body>\n</html>\n");
	w->status = status;
	tw_buf_reset(&w->body);
	sb_utf8_scrub(&w->body, b->s, b->len);
	w->ctype = "text/html; charset=utf-8";
	tw_buf_free(b);
}

static void
page_text(struct sb_resp *w, int status, const char *title, const char *id,
    const char *msg)
{
	tw_buf b = { 0 };

	page_start(&b, title);
	tw_buf_printf(&b, "<p id=\"%s\">", id);
	esc(&b, msg);
	tw_buf_adds(&b, "</p>\n");
	page_end(w, status, &b);
}

static void
page_error(struct sb_resp *w, const char *msg)
{
	page_text(w, 400, "Something went wrong", "error", msg);
}

static void
hidden(tw_buf *b, const char *name, const char *val)
{
	tw_buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	esc(b, val);
	tw_buf_adds(b, "\">\n");
}

/* The app, the account logged in, the form's start */
static void
form_start(tw_buf *b, const char *action)
{
	const struct sb_user *u = sb.brand;

	tw_buf_adds(b, "<p>The app <b id=\"app\">" APP_NAME "</b> asks for "
	    "access to your account.</p>\n<p>Logged in as <b id=\"account\">@");
	esc(b, u ? u->username : "");
	tw_buf_adds(b, "</b> (");
	esc(b, u && u->name ? u->name : "");
	tw_buf_printf(b, ")</p>\n<form method=\"post\" action=\"%s\">\n",
	    action);
}

static void
form_end(tw_buf *b)
{
	tw_buf_adds(b, "<button type=\"submit\" name=\"approve\" value=\"1\" "
	    "id=\"allow\">Authorize app</button>\n<button type=\"submit\" "
	    "name=\"deny\" value=\"1\" id=\"cancel\">Cancel</button>\n"
	    "</form>\n");
}

/* A form parameter, else a query one */
static const char *
fparam(const struct sb_req *r, const char *k)
{
	const char *v = tw_kvs_get(&r->form, k);

	return v ? v : tw_kvs_get(&r->query, k);
}

static int
is1(const struct sb_req *r, const char *k)
{
	const char *v = fparam(r, k);

	return v && strcmp(v, "1") == 0;
}

/* The user approving: the brand, or form field username.  NULL after
 * the error page when there is no such user. */
static const struct sb_user *
approver(struct sb_req *r, struct sb_resp *w)
{
	const char *name = fparam(r, "username");
	const struct sb_user *u;

	if (!name || !*name)
		return sb.brand;
	if (!(u = sb_user_by_name(name)))
		page_error(w, "There is no account with that username.");
	return u;
}

/* An absolute http or https URL with a host, nothing that cannot be in
 * a Location header, no fragment. */
static int
abs_url(const char *s)
{
	if (strncasecmp(s, "https://", 8) == 0)
		s += 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		s += 7;
	else
		return 0;
	if (strcspn(s, "/?#") == 0)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f || *s == '#' ||
		    *s == '"' || *s == '<' || *s == '>' || *s == '\\')
			return 0;
	return 1;
}

/* OAuth 1.0a */

/* A parameter from the Authorization header's oauth_ ones, else the
 * query, else the form. */
static const char *
oparam(const tw_kvs *op, const struct sb_req *r, const char *k)
{
	const char *v = tw_kvs_get(op, k);

	if (!v)
		v = tw_kvs_get(&r->query, k);
	if (!v)
		v = tw_kvs_get(&r->form, k);
	return v;
}

/* Is r signed with the sandbox's consumer key and secret and
 * token_secret ("" with no token), within five minutes of now?  op: the
 * header's oauth_ parameters. */
static int
signed_ok(const struct sb_req *r, const tw_kvs *op, const char *token_secret)
{
	const char *ck = tw_kvs_get(op, "oauth_consumer_key");
	const char *ts = tw_kvs_get(op, "oauth_timestamp");
	long long t, now = (long long)time(NULL);
	tw_kvs params = { 0 };
	char *end, *url;
	size_t i;
	int rv;

	if (!ck || !ts || !sb_secret_eq(ck, sb.consumer_key))
		return -1;
	t = strtoll(ts, &end, 10);
	if (end == ts || *end || t < now - SKEW || t > now + SKEW)
		return -1;
	for (i = 0; i < r->query.n; i++)
		tw_kvs_add(&params, r->query.v[i].key, r->query.v[i].val);
	for (i = 0; i < r->form.n; i++)
		tw_kvs_add(&params, r->form.v[i].key, r->form.v[i].val);
	url = xasprintf("http://%s%s", r->host ? r->host : "", r->path);
	rv = tw_oauth1_verify(r->method, url, &params, op, sb.consumer_secret,
	    token_secret);
	free(url);
	tw_kvs_free(&params);
	return rv;
}

/* POST /oauth/request_token */
static void
request_token(struct sb_req *r, struct sb_resp *w)
{
	tw_kvs op = { 0 };
	const char *tok, *cb;
	struct grant *g;
	tw_buf b = { 0 };

	if (!r->auth || tw_oauth1_parse_header(r->auth, &op) < 0 ||
	    ((tok = tw_kvs_get(&op, "oauth_token")) && *tok) ||
	    signed_ok(r, &op, "") < 0) {
		not_you(w);
		goto out;
	}
	cb = oparam(&op, r, "oauth_callback");
	if (!cb || !*cb) {
		x_error(w, 400, 215, "Bad Authentication data.", NULL);
		goto out;
	}
	if (strcmp(cb, "oob") != 0 && !abs_url(cb)) {
		x_error(w, 403, 415, "Callback URL not approved for this client "
		    "application. Approved callback URLs can be adjusted in your "
		    "application settings", NULL);
		goto out;
	}
	g = grant_new(REQ, REQUEST_TTL);
	g->key = sb_random(43);
	g->secret = sb_random(32);
	g->redirect = xstrdup(cb);
	form_add(&b, "oauth_token", g->key);
	form_add(&b, "oauth_token_secret", g->secret);
	form_add(&b, "oauth_callback_confirmed", "true");
	form_answer(w, &b);
out:
	tw_kvs_free(&op);
}

/* GET /oauth/authorize, /oauth/authenticate (and, as everywhere here,
 * a parameter in the form or the query) */
static void
authorize1_page(struct sb_req *r, struct sb_resp *w)
{
	struct grant *g = grant_find(REQ, fparam(r, "oauth_token"),
	    -1);
	tw_buf b = { 0 };

	if (!g || g->approved) {
		page_error(w, WHOA);
		return;
	}
	page_start(&b, "Authorize " APP_NAME " to access your account?");
	form_start(&b, "/oauth/authorize");
	hidden(&b, "oauth_token", g->key);
	form_end(&b);
	page_end(w, 200, &b);
}

/* POST /oauth/authorize: approve=1 or deny=1 */
static void
authorize1(struct sb_req *r, struct sb_resp *w)
{
	struct grant *g = grant_find(REQ, fparam(r, "oauth_token"),
	    -1);
	const struct sb_user *u;
	tw_buf b = { 0 };
	int oob;

	if (!g || g->approved) {
		page_error(w, WHOA);
		return;
	}
	oob = strcmp(g->redirect, "oob") == 0;
	if (is1(r, "deny")) {
		g->dead = 1;
		if (oob)
			page_text(w, 200, "You did not authorize " APP_NAME,
			    "denied", "The app has no access to your account.");
		else
			redirect(w, g->redirect, "denied", g->key, NULL, NULL);
		return;
	}
	if (!is1(r, "approve")) {
		page_error(w, "Choose Authorize app or Cancel.");
		return;
	}
	if (!(u = approver(r, w)))
		return;
	g->approved = 1;
	g->user_id = xstrdup(u->id);
	g->verifier = oob ? pin() : sb_random(32);
	if (!oob) {
		redirect(w, g->redirect, "oauth_token", g->key,
		    "oauth_verifier", g->verifier);
		return;
	}
	page_start(&b, "You have authorized " APP_NAME);
	tw_buf_adds(&b, "<p>Go back to " APP_NAME " and enter this PIN to "
	    "finish logging in:</p>\n<p><code id=\"pin\">");
	esc(&b, g->verifier);
	tw_buf_adds(&b, "</code></p>\n");
	page_end(w, 200, &b);
}

/* POST /oauth/access_token */
static void
access_token(struct sb_req *r, struct sb_resp *w)
{
	tw_kvs op = { 0 };
	struct grant *g = NULL, *a;
	const struct sb_user *u;
	const char *v;
	char *rnd;
	tw_buf b = { 0 };

	if (!r->auth || tw_oauth1_parse_header(r->auth, &op) < 0 ||
	    !(g = grant_find(REQ, tw_kvs_get(&op, "oauth_token"), -1)) ||
	    !g->approved || signed_ok(r, &op, g->secret) < 0) {
		not_you(w);
		goto out;
	}
	/* single use, whatever the verifier: a PIN cannot be guessed */
	g->dead = 1;
	v = oparam(&op, r, "oauth_verifier");
	if (!sb_secret_eq(v, g->verifier) || !(u = sb_user_by_id(g->user_id))) {
		not_you(w);
		goto out;
	}
	a = grant_new(TOK1, 0);         /* g may be gone from here */
	rnd = sb_random(40);
	a->key = xasprintf("%s-%s", u->id, rnd);
	free(rnd);
	a->secret = sb_random(45);
	a->user_id = xstrdup(u->id);
	form_add(&b, "oauth_token", a->key);
	form_add(&b, "oauth_token_secret", a->secret);
	form_add(&b, "user_id", u->id);
	form_add(&b, "screen_name", u->username);
	form_answer(w, &b);
out:
	tw_kvs_free(&op);
}

/* OAuth 2.0 */

/* The scopes in list (separated by spaces) as bits: 0, or -1 when one
 * is not X's or there is none. */
static int
scope_bits(const char *list, unsigned *bits)
{
	const char *p = list, *e;
	size_t n, i;

	*bits = 0;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			return *bits ? 0 : -1;
		e = p + strcspn(p, " ");
		n = (size_t)(e - p);
		for (i = 0; i < NSCOPES; i++)
			if (strlen(scopes[i].name) == n &&
			    memcmp(scopes[i].name, p, n) == 0)
				break;
		if (i == NSCOPES)
			return -1;
		*bits |= 1u << i;
		p = e;
	}
}

static char *
scope_string(unsigned bits)
{
	tw_buf b = { 0 };
	size_t i;

	tw_buf_adds(&b, "");
	for (i = 0; i < NSCOPES; i++)
		if (bits & (1u << i))
			tw_buf_printf(&b, "%s%s", b.len ? " " : "",
			    scopes[i].name);
	return tw_buf_steal(&b);
}

/* An authorization request's parameters */
struct authz {
	const char *response_type, *client_id, *redirect_uri, *scope, *state;
	const char *challenge, *method;
	unsigned scopes;
};

static const char *const authz_names[] = { "response_type", "client_id",
    "redirect_uri", "scope", "state", "code_challenge",
    "code_challenge_method" };

/* The value of authz_names[i] in a, as checked (the method's default
 * filled in) */
static const char *
authz_value(const struct authz *a, size_t i)
{
	const char *v[] = { a->response_type, a->client_id, a->redirect_uri,
	    a->scope, a->state, a->challenge, a->method };

	return v[i];
}

/* NULL when r's parameters (the form's, else the query's) are a good
 * authorization request (a filled), else what is wrong with it. */
static const char *
authz_check(const struct sb_req *r, struct authz *a)
{
	a->response_type = fparam(r, "response_type");
	a->client_id = fparam(r, "client_id");
	a->redirect_uri = fparam(r, "redirect_uri");
	a->scope = fparam(r, "scope");
	a->state = fparam(r, "state");
	a->challenge = fparam(r, "code_challenge");
	a->method = fparam(r, "code_challenge_method");
	if (!a->response_type || strcmp(a->response_type, "code") != 0)
		return "response_type must be code.";
	if (!sb_secret_eq(a->client_id, sb.client_id))
		return "The client_id is not that of an app this server knows.";
	if (!a->redirect_uri || !abs_url(a->redirect_uri))
		return "redirect_uri must be an absolute http or https URL.";
	if (!a->scope || scope_bits(a->scope, &a->scopes) < 0)
		return "scope must be one or more of X's scopes, separated by "
		    "spaces.";
	if (!a->state || !*a->state || strlen(a->state) > STATE_MAX)
		return "state must be given, up to 500 characters.";
	if (!a->challenge || !*a->challenge)
		return "code_challenge must be given.";
	if (!a->method || !*a->method)
		a->method = "plain";
	if (strcmp(a->method, "S256") != 0 && strcmp(a->method, "plain") != 0)
		return "code_challenge_method must be S256 or plain.";
	return NULL;
}

/* GET /i/oauth2/authorize, /2/oauth2/authorize */
static void
authorize2_page(struct sb_req *r, struct sb_resp *w)
{
	struct authz a;
	const char *err = authz_check(r, &a);
	tw_buf b = { 0 };
	size_t i;

	if (err) {
		page_error(w, err);
		return;
	}
	page_start(&b, "Authorize " APP_NAME " to access your account?");
	form_start(&b, "/i/oauth2/authorize");
	for (i = 0; i < sizeof authz_names / sizeof *authz_names; i++)
		hidden(&b, authz_names[i], authz_value(&a, i));
	tw_buf_adds(&b, "<p>It will be able to:</p>\n<ul id=\"scopes\">\n");
	for (i = 0; i < NSCOPES; i++)
		if (a.scopes & (1u << i))
			tw_buf_printf(&b, "<li><code>%s</code> %s</li>\n",
			    scopes[i].name, scopes[i].what);
	tw_buf_adds(&b, "</ul>\n");
	form_end(&b);
	page_end(w, 200, &b);
}

/* POST /i/oauth2/authorize, /2/oauth2/authorize: approve=1 or deny=1 */
static void
authorize2(struct sb_req *r, struct sb_resp *w)
{
	struct authz a;
	const char *err = authz_check(r, &a);
	const struct sb_user *u;
	struct grant *g;

	if (err) {
		page_error(w, err);
		return;
	}
	if (is1(r, "deny")) {
		redirect(w, a.redirect_uri, "error", "access_denied", "state",
		    a.state);
		return;
	}
	if (!is1(r, "approve")) {
		page_error(w, "Choose Authorize app or Cancel.");
		return;
	}
	if (!(u = approver(r, w)))
		return;
	g = grant_new(CODE, CODE_TTL);
	g->key = sb_random(86);
	g->redirect = xstrdup(a.redirect_uri);
	g->challenge = xstrdup(a.challenge);
	g->s256 = strcmp(a.method, "S256") == 0;
	g->scopes = a.scopes;
	g->user_id = xstrdup(u->id);
	redirect(w, a.redirect_uri, "state", a.state, "code", g->key);
}

/* "Basic base64(user:pass)", each part %-decoded: 0 with both (the
 * caller frees), else -1. */
static int
basic(const char *auth, char **user, char **pass)
{
	unsigned char *raw;
	const char *a = auth;
	char *colon;
	size_t n;
	int len;

	if (!a)
		return -1;
	while (*a == ' ')
		a++;
	if (strncasecmp(a, "Basic ", 6) != 0)
		return -1;
	for (a += 6; *a == ' '; a++)
		;
	n = strlen(a);
	if (n == 0 || n % 4 || n > 4096)
		return -1;
	raw = xmalloc(n / 4 * 3 + 1);
	len = EVP_DecodeBlock(raw, (const unsigned char *)a, (int)n);
	if (len >= 0 && a[n - 1] == '=')
		len -= 1 + (a[n - 2] == '=');
	if (len < 0 || memchr(raw, 0, (size_t)len) ||
	    !(colon = memchr(raw, ':', (size_t)len))) {
		free(raw);
		return -1;
	}
	raw[len] = 0;
	*user = tw_pct_decode((char *)raw, (size_t)(colon - (char *)raw), 0);
	*pass = tw_pct_decode(colon + 1, strlen(colon + 1), 0);
	free(raw);
	return 0;
}

static int
is_basic(const char *auth)
{
	while (auth && *auth == ' ')
		auth++;
	return auth && strncasecmp(auth, "Basic ", 6) == 0;
}

/* The OAuth 2.0 client: a confidential one with Basic client_id and
 * client_secret, or a public one with client_id in the form.  0, or -1
 * with the 401 in w. */
static int
client_ok(const struct sb_req *r, struct sb_resp *w)
{
	const char *id = fparam(r, "client_id");
	char *user = NULL, *pass = NULL;
	int ok;

	if (basic(r->auth, &user, &pass) == 0)
		ok = sb_secret_eq(user, sb.client_id) &&
		    sb_secret_eq(pass, sb.client_secret) &&
		    (!id || sb_secret_eq(id, sb.client_id));
	else
		ok = !is_basic(r->auth) && sb_secret_eq(id, sb.client_id);
	free(user);
	free(pass);
	if (!ok)
		o2_error(w, 401, "unauthorized_client",
		    "Missing valid authorization header");
	return ok ? 0 : -1;
}

/* BASE64URL(SHA256(verifier)) without padding (RFC 7636 4.2) */
static char *
s256(const char *verifier)
{
	unsigned char md[EVP_MAX_MD_SIZE], b64[4 * EVP_MAX_MD_SIZE / 3 + 4];
	unsigned mdlen = 0;
	int n, i;

	if (!EVP_Digest(verifier, strlen(verifier), md, &mdlen, EVP_sha256(),
	    NULL))
		return xstrdup("");
	n = EVP_EncodeBlock(b64, md, (int)mdlen);
	while (n > 0 && b64[n - 1] == '=')
		n--;
	for (i = 0; i < n; i++)
		if (b64[i] == '+')
			b64[i] = '-';
		else if (b64[i] == '/')
			b64[i] = '_';
	return xstrndup((char *)b64, (size_t)n);
}

/* Tokens for an authorization: an access token, and a refresh token
 * when offline.access was granted. */
static void
issue(struct sb_resp *w, const char *user_id, unsigned sc, long grant)
{
	cJSON *o = cJSON_CreateObject();
	char *uid = xstrdup(user_id), *list = scope_string(sc);
	struct grant *a;

	/* user_id may be a grant's that grant_new frees: copied first */
	a = grant_new(TOK2, st.access_ttl);
	a->key = sb_random(91);
	a->user_id = xstrdup(uid);
	a->scopes = sc;
	a->grant = grant;
	st.access++;
	cJSON_AddStringToObject(o, "token_type", "bearer");
	cJSON_AddNumberToObject(o, "expires_in", (double)st.access_ttl);
	cJSON_AddStringToObject(o, "access_token", a->key);
	cJSON_AddStringToObject(o, "scope", list);
	if (sc & SB_SCOPE_OFFLINE) {
		a = grant_new(TOK2, 0);
		a->key = sb_random(91);
		a->user_id = xstrdup(uid);
		a->scopes = sc;
		a->grant = grant;
		a->refresh = 1;
		cJSON_AddStringToObject(o, "refresh_token", a->key);
	}
	free(uid);
	free(list);
	sb_json(w, 200, o);
}

/* grant_type=authorization_code */
static void
token_code(struct sb_req *r, struct sb_resp *w)
{
	const char *code = fparam(r, "code"), *uri = fparam(r, "redirect_uri");
	const char *ver = fparam(r, "code_verifier");
	struct grant *g;
	char *want;
	int good;

	if (!code || !*code) {
		missing(w, "code");
		return;
	}
	if (!(g = grant_find(CODE, code, -1))) {
		bad_code(w);
		return;
	}
	g->dead = 1;    /* single use, whatever follows */
	good = uri && strcmp(uri, g->redirect) == 0 && ver && *ver;
	if (good) {
		want = g->s256 ? s256(ver) : xstrdup(ver);
		good = sb_secret_eq(want, g->challenge);
		free(want);
	}
	if (!good) {
		bad_code(w);
		return;
	}
	issue(w, g->user_id, g->scopes, ++st.grants);
}

/* grant_type=refresh_token: new tokens, the old refresh token dead */
static void
token_refresh(struct sb_req *r, struct sb_resp *w)
{
	const char *t = fparam(r, "refresh_token");
	struct grant *g;

	if (!t || !*t) {
		missing(w, "refresh_token");
		return;
	}
	if (!(g = grant_find(TOK2, t, 1))) {
		bad_code(w);
		return;
	}
	g->dead = 1;
	st.refreshed++;
	issue(w, g->user_id, g->scopes, g->grant);
}

/* POST /2/oauth2/token */
static void
token(struct sb_req *r, struct sb_resp *w)
{
	const char *gt = fparam(r, "grant_type");

	if (client_ok(r, w) < 0)
		return;
	if (!gt || !*gt)
		missing(w, "grant_type");
	else if (strcmp(gt, "authorization_code") == 0)
		token_code(r, w);
	else if (strcmp(gt, "refresh_token") == 0)
		token_refresh(r, w);
	else
		o2_error(w, 400, "unsupported_grant_type",
		    "The grant_type is not authorization_code or "
		    "refresh_token.");
}

/* POST /2/oauth2/revoke: an access token, or a refresh token and the
 * access tokens of its authorization (RFC 7009 2.1).  An unknown token
 * is answered the same (RFC 7009 2.2). */
static void
revoke(struct sb_req *r, struct sb_resp *w)
{
	const char *t = fparam(r, "token");
	struct grant *g;
	cJSON *o;
	size_t i;

	if (client_ok(r, w) < 0)
		return;
	if (!t || !*t) {
		missing(w, "token");
		return;
	}
	if ((g = grant_find(TOK2, t, -1))) {
		g->dead = 1;
		st.revoked++;
		for (i = 0; g->refresh && i < tab[TOK2].n; i++)
			if (tab[TOK2].v[i]->grant == g->grant)
				tab[TOK2].v[i]->dead = 1;
	}
	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "revoked", 1);
	sb_json(w, 200, o);
}

/* POST /oauth2/token: the app-only bearer token */
static void
app_token(struct sb_req *r, struct sb_resp *w)
{
	const char *gt = fparam(r, "grant_type");
	char *user = NULL, *pass = NULL;
	cJSON *o;
	int ok;

	ok = basic(r->auth, &user, &pass) == 0 &&
	    sb_secret_eq(user, sb.consumer_key) &&
	    sb_secret_eq(pass, sb.consumer_secret);
	free(user);
	free(pass);
	if (!ok) {
		x_error(w, 403, 99, "Unable to verify your credentials",
		    "authenticity_token_error");
		return;
	}
	if (!gt || strcmp(gt, "client_credentials") != 0) {
		x_error(w, 403, 170, "Missing required parameter: grant_type",
		    "forbidden_missing_parameter");
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "token_type", "bearer");
	cJSON_AddStringToObject(o, "access_token", sb.bearer_token);
	sb_json(w, 200, o);
}

static const struct {
	const char *method, *path;
	void (*fn)(struct sb_req *, struct sb_resp *);
} routes[] = {
	{ "POST", "/oauth/request_token", request_token },
	{ "GET", "/oauth/authorize", authorize1_page },
	{ "GET", "/oauth/authenticate", authorize1_page },
	{ "POST", "/oauth/authorize", authorize1 },
	{ "POST", "/oauth/authenticate", authorize1 },
	{ "POST", "/oauth/access_token", access_token },
	{ "POST", "/oauth2/token", app_token },
	{ "GET", "/i/oauth2/authorize", authorize2_page },
	{ "GET", "/2/oauth2/authorize", authorize2_page },
	{ "POST", "/i/oauth2/authorize", authorize2 },
	{ "POST", "/2/oauth2/authorize", authorize2 },
	{ "POST", "/2/oauth2/token", token },
	{ "POST", "/2/oauth2/revoke", revoke },
};

int
sb_oauth_route(struct sb_req *r, struct sb_resp *w)
{
	size_t i;
	int seen = 0;

	for (i = 0; i < sizeof routes / sizeof *routes; i++) {
		if (strcmp(routes[i].path, r->path) != 0)
			continue;
		if (strcmp(routes[i].method, r->method) == 0) {
			routes[i].fn(r, w);
			return 1;
		}
		seen = 1;
	}
	if (seen)
		sb_problem(w, 405, "about:blank", "Method Not Allowed",
		    "Method Not Allowed");
	return seen;
}

/* the sandbox's side */

void
sb_oauth_admin(struct sb_req *r, struct sb_resp *w)
{
	cJSON *o, *a;
	const cJSON *v;

	if (strcmp(r->method, "POST") == 0) {
		o = r->body ? cJSON_ParseWithLength(r->body, r->bodylen) : NULL;
		v = cJSON_GetObjectItemCaseSensitive(o, "access_ttl");
		if (!cJSON_IsObject(o) || (v && (!cJSON_IsNumber(v) ||
		    v->valuedouble < 1 || v->valuedouble > TTL_MAX ||
		    v->valuedouble != (double)(long)v->valuedouble))) {
			cJSON_Delete(o);
			o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "error", "oauth2: need "
			    "{\"access_ttl\": whole seconds, 1 to 31622400}");
			sb_json(w, 400, o);
			return;
		}
		if (v)
			st.access_ttl = (long)v->valuedouble;
		cJSON_Delete(o);
	}
	a = cJSON_CreateObject();
	cJSON_AddNumberToObject(a, "access_ttl", (double)st.access_ttl);
	sb_json(w, 200, a);
}

cJSON *
sb_oauth_counts(void)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "request_tokens", (double)st.issued[REQ]);
	cJSON_AddNumberToObject(o, "oauth1_tokens", (double)st.issued[TOK1]);
	cJSON_AddNumberToObject(o, "codes", (double)st.issued[CODE]);
	cJSON_AddNumberToObject(o, "oauth2_tokens", (double)st.access);
	cJSON_AddNumberToObject(o, "refreshed", (double)st.refreshed);
	cJSON_AddNumberToObject(o, "revoked", (double)st.revoked);
	return o;
}

void
sb_oauth_reset(void)
{
	size_t k, i;

	for (k = 0; k < NKINDS; k++) {
		for (i = 0; i < tab[k].n; i++)
			grant_free(tab[k].v[i]);
		free(tab[k].v);
		tab[k].v = NULL;
		tab[k].n = 0;
	}
	memset(&st, 0, sizeof st);
	st.access_ttl = ACCESS_TTL;
}
