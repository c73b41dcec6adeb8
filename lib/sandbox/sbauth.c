/* sbauth.c - tw-sandbox: credentials, the config file it writes,
 * authentication as X does it (OAuth 1.0a user context, with the
 * sandbox's token or one its login endpoints issued; OAuth 2.0 bearer,
 * the app's or a user's) and rate-limit windows.
 *
 * Layer: endpoints (lib/sandbox/README).  Calls the store, sbanswer.c
 * and sboauth.c, which holds the tokens the login endpoints issued. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sbapi.h"
#include "sblog.h"
#include "sboauth.h"
#include "sbstore.h"
#include "oauth.h"
#include "timefmt.h"

void
sb_creds_random(void)
{
	char *t = sb_random(40);

	sb.consumer_key = sb_random(25);
	sb.consumer_secret = sb_random(50);
	sb.access_token = xasprintf("%s-%s", sb.brand ? sb.brand->id : "1", t);
	sb.access_token_secret = sb_random(45);
	free(t);
	t = sb_random(90);
	sb.bearer_token = xasprintf("AAAAAAAAAAAAAAAAAAAAA%s", t);
	free(t);
	/* the OAuth 2.0 client: X's client ids are 34 characters */
	sb.client_id = sb_random(34);
	sb.client_secret = sb_random(50);
}

/* The tw config for the brand account, written 0600 by rename. */
int
sb_config_write(const char *path, const char *base)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *fp;
	int fd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0 || !(fp = fdopen(fd, "w"))) {
		sb_log("%s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(tmp);
		return -1;
	}
	fprintf(fp, "# tw-sandbox at %s\n[account sandbox]\n", base);
	fprintf(fp, "user_id = %s\nusername = %s\n", sb.brand->id,
	    sb.brand->username);
	fprintf(fp, "consumer_key = %s\nconsumer_secret = %s\n",
	    sb.consumer_key, sb.consumer_secret);
	fprintf(fp, "access_token = %s\naccess_token_secret = %s\n",
	    sb.access_token, sb.access_token_secret);
	fprintf(fp, "bearer_token = %s\n", sb.bearer_token);
	fprintf(fp, "client_id = %s\nclient_secret = %s\n", sb.client_id,
	    sb.client_secret);
	fprintf(fp, "api_base = %s\n", base);
	if (fflush(fp) != 0 || fsync(fd) < 0 || fclose(fp) != 0 ||
	    rename(tmp, path) < 0) {
		sb_log("%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static void
unauthorized(struct sb_resp *w)
{
	sb_problem(w, 401, "about:blank", "Unauthorized", "Unauthorized");
}

/* Nonces seen in the last five minutes: a replayed request is refused. */
static struct {
	char nonce[64];
	time_t at;
} seen[512];
static size_t nseen;

static int
replayed(const char *nonce, time_t now)
{
	size_t i;

	for (i = 0; i < sizeof seen / sizeof *seen; i++)
		if (seen[i].at > now - 300 && strcmp(seen[i].nonce, nonce) == 0)
			return 1;
	i = nseen++ % (sizeof seen / sizeof *seen);
	snprintf(seen[i].nonce, sizeof seen[i].nonce, "%s", nonce);
	seen[i].at = now;
	return 0;
}

/* An OAuth 1.0a request signed with the consumer's key and an access
 * token: the sandbox's own, or one /oauth/access_token issued
 * (sboauth.c).  Its user, or NULL. */
static const struct sb_user *
oauth1(struct sb_req *r)
{
	tw_kvs op = { 0 }, params = { 0 };
	const char *ck, *tok, *ts, *nonce, *secret, *uid = NULL;
	const struct sb_user *u = NULL, *who;
	char *url, *end;
	long long t;
	time_t now = time(NULL);
	size_t i;

	if (tw_oauth1_parse_header(r->auth, &op) < 0)
		goto out;
	ck = tw_kvs_get(&op, "oauth_consumer_key");
	tok = tw_kvs_get(&op, "oauth_token");
	ts = tw_kvs_get(&op, "oauth_timestamp");
	nonce = tw_kvs_get(&op, "oauth_nonce");
	if (!ck || !tok || !ts || !nonce || !*nonce ||
	    !sb_secret_eq(ck, sb.consumer_key))
		goto out;
	if (sb_secret_eq(tok, sb.access_token)) {
		secret = sb.access_token_secret;
		who = sb.brand;
	} else if ((secret = sb_oauth1_token(tok, &uid))) {
		who = sb_user_by_id(uid);
	} else {
		goto out;
	}
	t = strtoll(ts, &end, 10);
	if (*end || t < (long long)now - 300 || t > (long long)now + 300)
		goto out;
	for (i = 0; i < r->query.n; i++)
		tw_kvs_add(&params, r->query.v[i].key, r->query.v[i].val);
	for (i = 0; i < r->form.n; i++)
		tw_kvs_add(&params, r->form.v[i].key, r->form.v[i].val);
	url = xasprintf("http://%s%s", r->host ? r->host : "", r->path);
	if (tw_oauth1_verify(r->method, url, &params, &op, sb.consumer_secret,
	    secret) == 0 && !replayed(nonce, now))
		u = who;
	free(url);
out:
	tw_kvs_free(&op);
	tw_kvs_free(&params);
	return u;
}

static int
unsupported(struct sb_resp *w, const char *what, const char *supported)
{
	char *d = xasprintf("Authenticating with %s is forbidden for this "
	    "endpoint.  Supported authentication types are [%s].", what,
	    supported);

	sb_problem(w, 403, "https://api.twitter.com/2/problems/"
	    "unsupported-authentication", "Unsupported Authentication", d);
	free(d);
	return -1;
}

/* r's user context: r->me, and its identity for the rate limits */
static void
user_context(struct sb_req *r, const struct sb_user *u)
{
	r->me = u;
	snprintf(r->ident, sizeof r->ident, "user:%s", u->id);
}

/* Authorization: Bearer, the app's token or an OAuth 2.0 user's */
static int
bearer(struct sb_req *r, struct sb_resp *w, const char *a, int allow_user,
    int allow_app)
{
	const struct sb_user *u;
	const char *uid;
	unsigned sc;

	if (sb_secret_eq(a, sb.bearer_token)) {
		r->app = 1;
		snprintf(r->ident, sizeof r->ident, "app");
		if (!allow_app)
			return unsupported(w, "OAuth 2.0 Application-Only",
			    "OAuth 1.0a User Context, OAuth 2.0 User Context");
		return 0;
	}
	/* expired and revoked tokens are not found */
	if (sb_oauth2_token(a, &uid, &sc) < 0 || !(u = sb_user_by_id(uid))) {
		unauthorized(w);
		return -1;
	}
	user_context(r, u);
	r->oauth2 = 1;
	r->scopes = sc;
	if (!allow_user)
		return unsupported(w, "OAuth 2.0 User Context",
		    "OAuth 2.0 Application-Only");
	return 0;
}

int
sb_authenticate(struct sb_req *r, struct sb_resp *w, int allow_user,
    int allow_app)
{
	const char *a = r->auth;
	const struct sb_user *u;

	if (!a) {
		unauthorized(w);
		return -1;
	}
	while (*a == ' ')
		a++;
	if (strncasecmp(a, "Bearer ", 7) == 0) {
		a += 7;
		while (*a == ' ')
			a++;
		return bearer(r, w, a, allow_user, allow_app);
	}
	if (strncasecmp(a, "OAuth ", 6) == 0 && (u = oauth1(r))) {
		user_context(r, u);
		if (!allow_user)
			return unsupported(w, "OAuth 1.0a User Context",
			    "OAuth 2.0 Application-Only");
		return 0;
	}
	unauthorized(w);
	return -1;
}

/* rate limits: one window per endpoint and identity, in wall-clock time
 * (x-rate-limit-reset is compared with the client's clock) */

static struct bucket {
	char *key;
	long used;
	time_t reset;
	long long last_ms;
} *buckets;
static size_t nbuckets;
static long over_limit, over_window;

void
sb_rate_override(long limit, long window)
{
	over_limit = limit;
	over_window = window;
}

static void
hdr(struct sb_resp *w, const char *k, long long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	tw_kvs_set(&w->headers, k, buf);
}

/* The window of key (an endpoint and an identity), new or renewed */
static struct bucket *
bucket(char *key, long window, time_t now)
{
	struct bucket *b = NULL;
	size_t i;

	for (i = 0; i < nbuckets; i++)
		if (strcmp(buckets[i].key, key) == 0)
			b = &buckets[i];
	if (!b) {
		buckets = xrealloc(buckets, (nbuckets + 1) * sizeof *buckets);
		b = &buckets[nbuckets++];
		b->key = key;
		b->used = 0;
		b->reset = now + window;
		b->last_ms = 0;
	} else {
		free(key);
	}
	if (now >= b->reset) {
		b->used = 0;
		b->reset = now + window;
	}
	return b;
}

static int
too_many(struct sb_resp *w)
{
	sb_problem(w, 429, "about:blank", "Too Many Requests",
	    "Too Many Requests");
	return -1;
}

int
sb_rate(struct sb_req *r, struct sb_resp *w, const char *endpoint,
    long ulimit, long alimit, long window, int per_second)
{
	long limit = r->app ? alimit : ulimit;
	time_t now = time(NULL);
	long long ms = tw_now_ms();
	struct bucket *b;

	if (over_limit > 0)
		limit = over_limit;
	if (over_window > 0)
		window = over_window;
	b = bucket(xasprintf("%s %s", endpoint, r->ident), window, now);
	hdr(w, "x-rate-limit-limit", limit);
	hdr(w, "x-rate-limit-reset", (long long)b->reset);
	if (b->used >= limit || (per_second && b->last_ms &&
	    ms - b->last_ms < 1000)) {
		hdr(w, "x-rate-limit-remaining", limit - b->used);
		return too_many(w);
	}
	b->used++;
	b->last_ms = ms;
	hdr(w, "x-rate-limit-remaining", limit - b->used);
	return 0;
}

/* A second window, of a day, that endpoints share (name), for users;
 * its headers are those X sends beside the 15-minute window's. */
int
sb_rate_day(struct sb_req *r, struct sb_resp *w, const char *name,
    long limit)
{
	time_t now = time(NULL);
	struct bucket *b;
	int over;

	if (over_limit > 0)
		limit = over_limit;
	b = bucket(xasprintf("%s 24h %s", name, r->ident),
	    over_window > 0 ? over_window : 86400, now);
	if (!(over = b->used >= limit))
		b->used++;
	hdr(w, "x-user-limit-24hour-limit", limit);
	hdr(w, "x-user-limit-24hour-remaining", limit - b->used);
	hdr(w, "x-user-limit-24hour-reset", (long long)b->reset);
	return over ? too_many(w) : 0;
}

/* Forget the rate-limit windows, the nonces seen and the tokens the
 * login endpoints issued (with sb_store_free: a sandbox as new). */
void
sb_auth_reset(void)
{
	size_t i;

	for (i = 0; i < nbuckets; i++)
		free(buckets[i].key);
	free(buckets);
	buckets = NULL;
	nbuckets = 0;
	memset(seen, 0, sizeof seen);
	nseen = 0;
	sb_oauth_reset();
}
