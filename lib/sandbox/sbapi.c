/* sbapi.c - tw-sandbox: routing, authentication and rate limits per
 * endpoint, and the read endpoints (users, posts, mentions, search,
 * DMs).  Called with sb.mu held.
 *
 * Layer: endpoints, their top (lib/sandbox/README).  Calls the layers
 * below and the other endpoint files (sbauth.c, sbmedia.c, sbrules.c,
 * sbstream.c, sbpost.c); none of them calls it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sbapi.h"
#include "opt.h"
#include "sboauth.h"
#include "sbparam.h"
#include "sbrender.h"
#include "sbstore.h"
#include "query.h"
#include "timefmt.h"

#define PROB "https://api.twitter.com/2/problems/"

#define TWEET_PARAMS "tweet.fields expansions media.fields poll.fields " \
	"user.fields place.fields"
#define USER_PARAMS "user.fields expansions tweet.fields"
#define DM_PARAMS "max_results pagination_token event_types " \
	"dm_event.fields expansions media.fields user.fields tweet.fields"

static void
invalid1(struct sb_resp *w, const char *param, const char *value,
    const char *msg)
{
	cJSON *e = cJSON_CreateArray();

	cJSON_AddItemToArray(e, sb_param_error(param, value, "%s", msg));
	sb_invalid(w, e);
}

static int
path_id(struct sb_resp *w, const char *name, const char *v)
{
	char msg[256];

	if (tw_is_id(v))
		return 0;
	snprintf(msg, sizeof msg, "The `%s` query parameter value [%.100s] does "
	    "not match ^[0-9]{1,19}$", name, v);
	invalid1(w, name, v, msg);
	return -1;
}

static cJSON *
not_found(const char *type, const char *param, const char *value,
    const char *what)
{
	cJSON *e = cJSON_CreateObject();
	char *d = xasprintf("Could not find %s with %s: [%s].", type, what, value);

	cJSON_AddStringToObject(e, "value", value);
	cJSON_AddStringToObject(e, "detail", d);
	cJSON_AddStringToObject(e, "title", "Not Found Error");
	cJSON_AddStringToObject(e, "resource_type", type);
	cJSON_AddStringToObject(e, "parameter", param);
	cJSON_AddStringToObject(e, "resource_id", value);
	cJSON_AddStringToObject(e, "type", PROB "resource-not-found");
	free(d);
	return e;
}

static void
errors_only(struct sb_resp *w, cJSON *err)
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "errors");

	cJSON_AddItemToArray(a, err);
	sb_json(w, 200, o);
}

static int
max_results(const struct sb_req *r, int def)
{
	const char *v = tw_kvs_get(&r->query, "max_results");

	return v ? atoi(v) : def;
}

static uint64_t
qid(const struct sb_req *r, const char *k)
{
	const char *v = tw_kvs_get(&r->query, k);

	return v ? strtoull(v, NULL, 10) : 0;
}

/* A timeline's previous_token: the position, with this bit set, of the
 * page's newest post; the page before it is the posts just newer. */
#define PREV_BIT ((uint64_t)1 << 63)

/* Whether post t passes the page's filters (not the token's). */
static int
in_window(const struct sb_tweet *t, uint64_t since, uint64_t until, int hs,
    time_t start, int he, time_t end)
{
	return !(since && t->n <= since) && !(until && t->n >= until) &&
	    !(hs && t->created_at < start) && !(he && t->created_at >= end);
}

/* A page of n items v[], newest first, at positions pos[]: the items it
 * holds are moved to the front of v, newest first, and counted.
 * The token r was given (at) is a position: the page has the items just
 * older; or, with PREV_BIT, just newer.  The page's meta gets next_token
 * and, when prev is set, previous_token (timelines page backwards too:
 * on every page but the first, or with PAGE_PREV_ALWAYS on every page
 * with items; a pagination_token that is one gives the page of the
 * items just newer). */
#define PAGE_PREV_ALWAYS 2
static size_t
page_pick(const struct sb_req *r, const uint64_t *pos, void **v, size_t n,
    int max, int prev, cJSON *meta)
{
	const char *tok = tw_kvs_get(&r->query, "pagination_token");
	uint64_t at = 0;
	int back = 0, more = 0;
	size_t i, j, k = 0, x, *pick = xcalloc(n + 1, sizeof *pick);
	void **out;
	char *s;

	if (!tok)
		tok = tw_kvs_get(&r->query, "next_token");
	if (tok)
		sb_token_parse(tok, &at);
	if (prev && (at & PREV_BIT)) {
		back = 1;
		at &= ~PREV_BIT;
	}
	for (i = 0; i < n; i++) {
		/* backwards: from the oldest of those newer than at */
		j = back ? n - 1 - i : i;
		if ((at && !back && pos[j] >= at) || (back && pos[j] <= at))
			continue;
		if ((int)k == max) {
			more = 1;
			break;
		}
		pick[k++] = j;
	}
	for (i = 0; back && i < k / 2; i++) {   /* newest first again */
		x = pick[i];
		pick[i] = pick[k - 1 - i];
		pick[k - 1 - i] = x;
	}
	cJSON_AddNumberToObject(meta, "result_count", (double)k);
	if (k && (back || more)) {
		cJSON_AddStringToObject(meta, "next_token",
		    (s = sb_token_make(pos[pick[k - 1]])));
		free(s);
	}
	if (k && (prev == PAGE_PREV_ALWAYS ||
	    (prev && (back ? more : at != 0)))) {
		cJSON_AddStringToObject(meta, "previous_token",
		    (s = sb_token_make(pos[pick[0]] | PREV_BIT)));
		free(s);
	}
	out = xcalloc(k + 1, sizeof *out);
	for (i = 0; i < k; i++)
		out[i] = v[pick[i]];
	memcpy(v, out, k * sizeof *v);
	free(out);
	free(pick);
	return k;
}

/* One page of a newest-first list of posts: since_id/until_id, times,
 * the token (a position by id), max_results, meta.  A timeline
 * (mentions: ids take precedence over times) also pages backwards, as
 * X's timelines do (page_pick). */
static void
tweet_page(struct sb_req *r, struct sb_resp *w, struct sb_tweet **v, size_t n,
    const struct sb_fields *f, int def, int timeline)
{
	uint64_t since = qid(r, "since_id"), until = qid(r, "until_id");
	uint64_t *pos = xcalloc(n + 1, sizeof *pos);
	time_t start = 0, end = 0;
	int hs, he;
	void **in = xcalloc(n + 1, sizeof *in);
	size_t i, k, m = 0;
	cJSON *page, *meta = cJSON_CreateObject();

	hs = sb_query_time(r, "start_time", &start) && !(timeline && since);
	he = sb_query_time(r, "end_time", &end) && !(timeline && until);
	for (i = 0; i < n; i++)
		if (in_window(v[i], since, until, hs, start, he, end)) {
			pos[m] = v[i]->n;
			in[m++] = v[i];
		}
	k = page_pick(r, pos, in, m, max_results(r, def), timeline, meta);
	page = sb_page_tweets((struct sb_tweet **)in, k, 0, f);
	cJSON_AddItemToObject(page, "meta", meta);
	if (k) {
		cJSON_AddStringToObject(meta, "newest_id",
		    ((struct sb_tweet *)in[0])->id);
		cJSON_AddStringToObject(meta, "oldest_id",
		    ((struct sb_tweet *)in[k - 1])->id);
	}
	sb.reads += (long)k;
	free(pos);
	free(in);
	sb_json(w, 200, page);
}

static const struct sb_pspec mentions_spec = {
	"since_id until_id max_results pagination_token start_time end_time "
	TWEET_PARAMS, SB_EXP_TWEET, 5, 100, 10, 1
};

static void
mentions(struct sb_req *r, struct sb_resp *w, char **arg)
{
	struct sb_fields f;
	struct sb_user *u;
	struct sb_tweet **v, *t, *rt;
	size_t i, n = 0;

	if (sb_params(r, w, &mentions_spec, &f) < 0 || path_id(w, "id", arg[0]))
		return;
	if (!(u = sb_user_by_id(arg[0]))) {
		errors_only(w, not_found("user", "id", arg[0], "id"));
		return;
	}
	v = xcalloc(sb.ntweets + 1, sizeof *v);
	for (i = sb.ntweets; i-- > 0;) {
		t = sb.tweets[i];
		if (sb.mention_cap > 0 && (long)n >= sb.mention_cap)
			break;
		if (strcmp(t->author_id, u->id) == 0 || !sb_mentions_user(t, u))
			continue;
		if (t->retweet_of && (rt = sb_tweet_by_id(t->retweet_of)) &&
		    strcmp(rt->author_id, u->id) == 0)
			continue;
		v[n++] = t;
	}
	tweet_page(r, w, v, n, &f, 10, 1);
	free(v);
}

/* Search's times and ids: "at most one of start_time/since_id and at
 * most one of end_time/until_id may be sent" (the OpenAPI description
 * 2.162's search description, reference NOTES.md 1.1), and a window that
 * ends before it starts is refused, not answered empty.  0, or -1 after
 * 400. */
static int
search_window(struct sb_req *r, struct sb_resp *w)
{
	static const char *const pairs[][2] = { { "since_id", "start_time" },
	    { "until_id", "end_time" } };
	const char *a, *b;
	time_t s, e;
	char msg[256];
	size_t i;

	for (i = 0; i < 2; i++) {
		a = tw_kvs_get(&r->query, pairs[i][0]);
		b = tw_kvs_get(&r->query, pairs[i][1]);
		if (a && b) {
			snprintf(msg, sizeof msg, "At most one of %s and %s may be "
			    "given", pairs[i][0], pairs[i][1]);
			invalid1(w, pairs[i][0], a, msg);
			return -1;
		}
	}
	if (sb_query_time(r, "start_time", &s) &&
	    sb_query_time(r, "end_time", &e) && e <= s) {
		b = tw_kvs_get(&r->query, "end_time");
		snprintf(msg, sizeof msg, "Invalid 'end_time':'%.40s'. 'end_time' "
		    "must be after 'start_time'", b);
		invalid1(w, "end_time", b, msg);
		return -1;
	}
	return 0;
}

static void
search(struct sb_req *r, struct sb_resp *w, int all)
{
	static const struct sb_pspec recent_spec = {
		"query start_time end_time since_id until_id max_results "
		"next_token pagination_token sort_order " TWEET_PARAMS,
		SB_EXP_TWEET, 10, 100, 10, 1
	};
	static const struct sb_pspec all_spec = {
		"query start_time end_time since_id until_id max_results "
		"next_token pagination_token sort_order " TWEET_PARAMS,
		SB_EXP_TWEET, 10, 500, 10, 1
	};
	struct sb_fields f;
	const char *q = tw_kvs_get(&r->query, "query"), *err;
	struct tw_query *tq;
	struct sb_tweet **v;
	cJSON *rec;
	time_t now = sb_now(), t, floor = all ? 1142899200 : now - 7 * 86400;
	char msg[512], buf[32];
	size_t i, n = 0;

	if (sb_params(r, w, all ? &all_spec : &recent_spec, &f) < 0 ||
	    search_window(r, w) < 0)
		return;
	if (!q || !*q) {
		invalid1(w, "query", q ? q : "",
		    "The `query` query parameter can not be empty");
		return;
	}
	if (strlen(q) > 4096) {
		invalid1(w, "query", q, "The `query` query parameter value is "
		    "longer than 4096 characters");
		return;
	}
	if (!(tq = tw_query_parse(q, &err))) {
		snprintf(msg, sizeof msg, "There were errors processing your "
		    "request: %s", err);
		invalid1(w, "query", q, msg);
		return;
	}
	if (sb_query_time(r, "start_time", &t) && t < floor) {
		snprintf(msg, sizeof msg, "Invalid 'start_time':'%s'. "
		    "'start_time' must be on or after %s",
		    tw_kvs_get(&r->query, "start_time"),
		    tw_time_format(floor, buf, sizeof buf));
		invalid1(w, "start_time", tw_kvs_get(&r->query, "start_time"),
		    msg);
		tw_query_free(tq);
		return;
	}
	if (sb_query_time(r, "end_time", &t) && t > now - 10) {
		snprintf(msg, sizeof msg, "Invalid 'end_time':'%s'. 'end_time' "
		    "must be a minimum of 10 seconds prior to the request time.",
		    tw_kvs_get(&r->query, "end_time"));
		invalid1(w, "end_time", tw_kvs_get(&r->query, "end_time"), msg);
		tw_query_free(tq);
		return;
	}
	v = xcalloc(sb.ntweets + 1, sizeof *v);
	for (i = sb.ntweets; i-- > 0;) {
		if (sb.tweets[i]->created_at < floor)
			break;
		rec = sb_tweet_record(sb.tweets[i]);
		if (tw_query_match(tq, rec))
			v[n++] = sb.tweets[i];
		cJSON_Delete(rec);
	}
	tweet_page(r, w, v, n, &f, 10, 0);
	tw_query_free(tq);
	free(v);
}

static void
search_recent(struct sb_req *r, struct sb_resp *w, char **arg)
{
	(void)arg;
	search(r, w, 0);
}

static void
search_all(struct sb_req *r, struct sb_resp *w, char **arg)
{
	(void)arg;
	search(r, w, 1);
}

static void
tweets_lookup(struct sb_req *r, struct sb_resp *w, char **arg)
{
	static const struct sb_pspec spec = { "ids " TWEET_PARAMS, SB_EXP_TWEET,
	    0, 0, 0, 1 };
	struct sb_fields f;
	const char *ids = tw_kvs_get(&r->query, "ids");
	struct sb_tweet **v, *t;
	cJSON *page, *errs = NULL;
	char *list, *p, *save = NULL, msg[256];
	size_t n = 0, cnt = 1;

	(void)arg;
	if (sb_params(r, w, &spec, &f) < 0)
		return;
	if (!ids || !*ids) {
		invalid1(w, "ids", "", "The `ids` query parameter can not be empty");
		return;
	}
	for (p = (char *)(uintptr_t)ids; *p; p++)
		cnt += *p == ',';
	if (cnt > 100) {
		snprintf(msg, sizeof msg, "The number of values in the `ids` "
		    "query parameter list [%zu] is not between 1 and 100", cnt);
		invalid1(w, "ids", ids, msg);
		return;
	}
	list = xstrdup(ids);
	for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (!tw_is_id(p)) {
			snprintf(msg, sizeof msg, "The `ids` query parameter "
			    "value [%.40s] does not match ^[0-9]{1,19}$", p);
			invalid1(w, "ids", p, msg);
			free(list);
			return;
		}
	free(list);
	list = xstrdup(ids);
	v = xcalloc(cnt + 1, sizeof *v);
	for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if ((t = sb_tweet_by_id(p))) {
			v[n++] = t;
			continue;
		}
		if (!errs)
			errs = cJSON_CreateArray();
		cJSON_AddItemToArray(errs, not_found("tweet", "ids", p, "ids"));
	}
	page = sb_page_tweets(v, n, 0, &f);
	if (errs) {     /* the posts not found first, then any of fields */
		cJSON *had = cJSON_DetachItemFromObjectCaseSensitive(page,
		    "errors"), *e;

		while (had && (e = cJSON_DetachItemFromArray(had, 0)))
			cJSON_AddItemToArray(errs, e);
		cJSON_Delete(had);
		cJSON_AddItemToObject(page, "errors", errs);
	}
	sb.reads += (long)n;
	free(v);
	free(list);
	sb_json(w, 200, page);
}

static void
tweet_one(struct sb_req *r, struct sb_resp *w, char **arg)
{
	static const struct sb_pspec spec = { TWEET_PARAMS, SB_EXP_TWEET,
	    0, 0, 0, 1 };
	struct sb_fields f;
	struct sb_tweet *t;

	if (sb_params(r, w, &spec, &f) < 0 || path_id(w, "id", arg[0]))
		return;
	if (!(t = sb_tweet_by_id(arg[0]))) {
		errors_only(w, not_found("tweet", "id", arg[0], "id"));
		return;
	}
	sb.reads++;
	sb_json(w, 200, sb_page_tweets(&t, 1, 1, &f));
}

static const struct sb_pspec user_spec = { USER_PARAMS, SB_EXP_USER,
    0, 0, 0, 1 };

static void
users_me(struct sb_req *r, struct sb_resp *w, char **arg)
{
	struct sb_fields f;
	struct sb_user *me = (struct sb_user *)(uintptr_t)r->me;

	(void)arg;
	if (sb_params(r, w, &user_spec, &f) < 0)
		return;
	sb_json(w, 200, sb_page_users(&me, 1, 1, &f));
}

static int
is_username(const char *s)
{
	size_t n;

	for (n = 0; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '_')
			return 0;
	return n >= 1 && n <= 15;
}

static void
user_by_name(struct sb_req *r, struct sb_resp *w, char **arg)
{
	struct sb_fields f;
	struct sb_user *u;
	char msg[256];

	if (sb_params(r, w, &user_spec, &f) < 0)
		return;
	if (!is_username(arg[0])) {
		snprintf(msg, sizeof msg, "The `username` query parameter value "
		    "[%.40s] does not match ^[A-Za-z0-9_]{1,15}$", arg[0]);
		invalid1(w, "username", arg[0], msg);
		return;
	}
	if (!(u = sb_user_by_name(arg[0]))) {
		errors_only(w, not_found("user", "username", arg[0], "username"));
		return;
	}
	sb_json(w, 200, sb_page_users(&u, 1, 1, &f));
}

static void
users_by(struct sb_req *r, struct sb_resp *w, char **arg)
{
	static const struct sb_pspec spec = { "usernames " USER_PARAMS,
	    SB_EXP_USER, 0, 0, 0, 1 };
	struct sb_fields f;
	const char *names = tw_kvs_get(&r->query, "usernames");
	struct sb_user **v, *u;
	cJSON *page, *errs = NULL;
	char *list, *p, *save = NULL, msg[256];
	size_t n = 0, cnt = 1;

	(void)arg;
	if (sb_params(r, w, &spec, &f) < 0)
		return;
	if (!names || !*names) {
		invalid1(w, "usernames", "",
		    "The `usernames` query parameter can not be empty");
		return;
	}
	for (p = (char *)(uintptr_t)names; *p; p++)
		cnt += *p == ',';
	list = xstrdup(names);
	if (cnt > 100) {        /* as for ids: the count, the whole list */
		snprintf(msg, sizeof msg, "The number of values in the "
		    "`usernames` query parameter list [%zu] is not between 1 "
		    "and 100", cnt);
		invalid1(w, "usernames", names, msg);
		free(list);
		return;
	}
	for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (!is_username(p)) {
			snprintf(msg, sizeof msg, "The `usernames` query parameter "
			    "value [%.40s] does not match ^[A-Za-z0-9_]{1,15}$", p);
			invalid1(w, "usernames", p, msg);
			free(list);
			return;
		}
	free(list);
	list = xstrdup(names);
	v = xcalloc(cnt + 1, sizeof *v);
	for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if ((u = sb_user_by_name(p))) {
			v[n++] = u;
			continue;
		}
		if (!errs)
			errs = cJSON_CreateArray();
		/* "Could not find user with usernames: [x]." (live answers
		 * quoted by clients; by/username/:username says username) */
		cJSON_AddItemToArray(errs, not_found("user", "usernames", p,
		    "usernames"));
	}
	page = sb_page_users(v, n, 0, &f);
	if (errs)
		cJSON_AddItemToObject(page, "errors", errs);
	free(v);
	free(list);
	sb_json(w, 200, page);
}

/* The likes of post id (by_user 0) or by user id, newest first: the
 * users who liked it or the posts liked, paged by when they were liked;
 * meta as the OpenAPI description gives it (result_count, next_token,
 * previous_token: no newest_id or oldest_id). */
static void
like_page(struct sb_req *r, struct sb_resp *w, const char *id, int by_user,
    const struct sb_fields *f, int def)
{
	uint64_t *pos = xcalloc(sb.nlikes + 1, sizeof *pos);
	void **in = xcalloc(sb.nlikes + 1, sizeof *in);
	size_t i, k, m = 0;
	const struct sb_like *l;
	cJSON *page, *meta = cJSON_CreateObject();
	void *x;

	for (i = sb.nlikes; i-- > 0;) {
		l = sb.likes[i];
		if (strcmp(by_user ? l->user_id : l->tweet_id, id) != 0)
			continue;
		x = by_user ? (void *)sb_tweet_by_id(l->tweet_id) :
		    (void *)sb_user_by_id(l->user_id);
		if (x) {
			pos[m] = l->n;
			in[m++] = x;
		}
	}
	k = page_pick(r, pos, in, m, max_results(r, def), 1, meta);
	page = by_user ? sb_page_tweets((struct sb_tweet **)in, k, 0, f) :
	    sb_page_users((struct sb_user **)in, k, 0, f);
	cJSON_AddItemToObject(page, "meta", meta);
	sb.reads += (long)k;
	free(pos);
	free(in);
	sb_json(w, 200, page);
}

/* GET /2/tweets/:id/liking_users (max_results 1-100, default 100) and
 * GET /2/users/:id/liked_tweets (by_user; 5-100, no default in the
 * OpenAPI description: 100, as liking_users) */
static void
likes(struct sb_req *r, struct sb_resp *w, const char *id, int by_user)
{
	static const struct sb_pspec users_spec = { "max_results "
	    "pagination_token " USER_PARAMS, SB_EXP_USER, 1, 100, 100, 1 };
	static const struct sb_pspec tweets_spec = { "max_results "
	    "pagination_token " TWEET_PARAMS, SB_EXP_TWEET, 5, 100, 100, 1 };
	struct sb_fields f;

	if (sb_params(r, w, by_user ? &tweets_spec : &users_spec, &f) < 0 ||
	    path_id(w, "id", id))
		return;
	if (by_user ? !sb_user_by_id(id) : !sb_tweet_by_id(id))
		errors_only(w, not_found(by_user ? "user" : "tweet", "id", id,
		    "id"));
	else
		like_page(r, w, id, by_user, &f, 100);
}

static void
liking_users(struct sb_req *r, struct sb_resp *w, char **arg)
{
	likes(r, w, arg[0], 0);
}

static void
liked_tweets(struct sb_req *r, struct sb_resp *w, char **arg)
{
	likes(r, w, arg[0], 1);
}

/* DM events: newest first, by position token.  Every page with events
 * has a previous_token, the first too, as X's do (a live answer,
 * samples/recorded/v2_dm_manage_and_lookup.json: result_count 2 with
 * next_token and previous_token): it gives the events newer than the
 * page, those that came since. */
static void
dm_page(struct sb_req *r, struct sb_resp *w, const char *conv,
    const struct sb_fields *f)
{
	const char *types = tw_kvs_get(&r->query, "event_types");
	const char *me = r->me->id;
	uint64_t *pos = xcalloc(sb.ndms + 1, sizeof *pos);
	void **in = xcalloc(sb.ndms + 1, sizeof *in);
	struct sb_dm *d;
	size_t i, k, m = 0;
	cJSON *page, *meta = cJSON_CreateObject();

	for (i = sb.ndms; i-- > 0;) {
		d = sb.dms[i];
		if ((strcmp(d->sender_id, me) && strcmp(d->recipient_id, me)) ||
		    (conv && strcmp(d->conv_id, conv)) ||
		    (types && !sb_list_has(types, ',', d->event_type)))
			continue;
		pos[m] = d->n;
		in[m++] = d;
	}
	k = page_pick(r, pos, in, m, max_results(r, 100), PAGE_PREV_ALWAYS,
	    meta);
	page = sb_page_dms((struct sb_dm **)in, k, f);
	cJSON_AddItemToObject(page, "meta", meta);
	free(pos);
	free(in);
	sb_json(w, 200, page);
}

static const struct sb_pspec dm_spec = { DM_PARAMS, SB_EXP_DM, 1, 100, 100,
    16 };

static void
dm_events(struct sb_req *r, struct sb_resp *w, char **arg)
{
	struct sb_fields f;

	(void)arg;
	if (sb_params(r, w, &dm_spec, &f) == 0)
		dm_page(r, w, NULL, &f);
}

static void
dm_with(struct sb_req *r, struct sb_resp *w, char **arg)
{
	struct sb_fields f;
	char *conv;

	if (sb_params(r, w, &dm_spec, &f) < 0 ||
	    path_id(w, "participant_id", arg[0]))
		return;
	conv = sb_conv_id(r->me->id, arg[0]);
	dm_page(r, w, conv, &f);
	free(conv);
}

static int
is_conv(const char *s)
{
	const char *dash = strchr(s, '-');
	char *a;
	int ok;

	if (!dash) {
		ok = tw_is_id(s) && strlen(s) >= 15;
		return ok;
	}
	a = xstrndup(s, dash - s);
	ok = tw_is_id(a) && tw_is_id(dash + 1);
	free(a);
	return ok;
}

static void
dm_conv(struct sb_req *r, struct sb_resp *w, char **arg)
{
	struct sb_fields f;
	char msg[256];

	if (sb_params(r, w, &dm_spec, &f) < 0)
		return;
	if (!is_conv(arg[0])) {
		snprintf(msg, sizeof msg, "The `id` query parameter value [%.60s] "
		    "does not match ^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$",
		    arg[0]);
		invalid1(w, "id", arg[0], msg);
		return;
	}
	dm_page(r, w, arg[0], &f);
}

static void
media_init(struct sb_req *r, struct sb_resp *w, char **arg)
{
	(void)arg;
	sb_media_initialize(r, w);
}

static void
media_append(struct sb_req *r, struct sb_resp *w, char **arg)
{
	sb_media_append(r, w, arg[0]);
}

static void
media_finalize(struct sb_req *r, struct sb_resp *w, char **arg)
{
	sb_media_finalize(r, w, arg[0]);
}

static void
media_status(struct sb_req *r, struct sb_resp *w, char **arg)
{
	(void)arg;
	sb_media_status(r, w);
}

static void
media_metadata(struct sb_req *r, struct sb_resp *w, char **arg)
{
	(void)arg;
	sb_media_metadata(r, w);
}

static void
rules_get(struct sb_req *r, struct sb_resp *w, char **arg)
{
	(void)arg;
	sb_rules_get(r, w);
}

static void
rules_post(struct sb_req *r, struct sb_resp *w, char **arg)
{
	(void)arg;
	sb_rules_post(r, w);
}

enum { U = 1, A = 2 };

/* The scopes an OAuth 2.0 user token needs, per route: the OpenAPI
 * description's OAuth2UserToken security of each path. */
#define READ (SB_SCOPE_TWEET_READ | SB_SCOPE_USERS_READ)
#define WRITE (READ | SB_SCOPE_TWEET_WRITE)
#define DMR (READ | SB_SCOPE_DM_READ)
#define DMW (READ | SB_SCOPE_DM_WRITE)
#define MEDIA SB_SCOPE_MEDIA_WRITE
#define LIKER (READ | SB_SCOPE_LIKE_READ)
#define LIKEW (READ | SB_SCOPE_LIKE_WRITE)

static const struct route {
	const char *method, *pattern;
	int auth;
	long ulimit, alimit, window;
	int per_second, reads;
	void (*fn)(struct sb_req *, struct sb_resp *, char **);
	unsigned scopes;
} routes[] = {
	{ "GET", "/2/users/me", U, 75, 0, 900, 0, 0, users_me, READ },
	{ "GET", "/2/users/by/username/:", U | A, 900, 300, 900, 0, 0,
	    user_by_name, READ },
	{ "GET", "/2/users/by", U | A, 900, 300, 900, 0, 0, users_by, READ },
	{ "GET", "/2/users/:/mentions", U | A, 300, 450, 900, 0, 1, mentions,
	    READ },
	{ "GET", "/2/tweets/search/recent", U | A, 300, 450, 900, 0, 1,
	    search_recent, READ },
	{ "GET", "/2/tweets/search/all", A, 0, 300, 900, 1, 1, search_all, 0 },
	{ "GET", "/2/tweets/search/stream/rules", A, 0, 450, 900, 0, 0,
	    rules_get, 0 },
	{ "POST", "/2/tweets/search/stream/rules", A, 0, 100, 900, 0, 0,
	    rules_post, 0 },
	{ "GET", "/2/tweets/search/stream", A, 0, 50, 900, 0, 1,
	    sb_stream_connect, 0 },
	{ "GET", "/2/tweets", U | A, 5000, 3500, 900, 0, 1, tweets_lookup,
	    READ },
	{ "POST", "/2/tweets", U, 100, 0, 900, 0, 0, sb_post_tweet, WRITE },
	{ "GET", "/2/tweets/:", U | A, 900, 450, 900, 0, 1, tweet_one, READ },
	{ "GET", "/2/dm_events", U, 15, 0, 900, 0, 0, dm_events, DMR },
	{ "GET", "/2/dm_conversations/with/:/dm_events", U, 15, 0, 900, 0, 0,
	    dm_with, DMR },
	{ "GET", "/2/dm_conversations/:/dm_events", U, 15, 0, 900, 0, 0,
	    dm_conv, DMR },
	{ "POST", "/2/dm_conversations/with/:/messages", U, 15, 0, 900, 0, 0,
	    sb_post_dm_with, DMW },
	{ "POST", "/2/dm_conversations/:/messages", U, 15, 0, 900, 0, 0,
	    sb_post_dm_conv, DMW },
	{ "POST", "/2/media/upload/initialize", U, 1875, 0, 900, 0, 0,
	    media_init, MEDIA },
	{ "POST", "/2/media/upload/:/append", U, 1875, 0, 900, 0, 0,
	    media_append, MEDIA },
	{ "POST", "/2/media/upload/:/finalize", U, 1875, 0, 900, 0, 0,
	    media_finalize, MEDIA },
	{ "GET", "/2/media/upload", U, 1000, 0, 900, 0, 0, media_status,
	    MEDIA },
	{ "POST", "/2/media/metadata", U, 500, 0, 900, 0, 0, media_metadata,
	    MEDIA },
	/* likes: OAuth 2.0 user (like.write or like.read, tweet.read,
	 * users.read) or OAuth 1.0a user (the OpenAPI description); the
	 * lookups also app-only, whose per-app limit the rate-limit table
	 * gives and whose quickstart uses a Bearer Token */
	{ "POST", "/2/users/:/likes", U, 50, 0, 900, 0, 0, sb_like_post,
	    LIKEW },
	{ "DELETE", "/2/users/:/likes/:", U, 50, 0, 900, 0, 0, sb_like_delete,
	    LIKEW },
	{ "GET", "/2/tweets/:/liking_users", U | A, 75, 75, 900, 0, 1,
	    liking_users, LIKER },
	{ "GET", "/2/users/:/liked_tweets", U | A, 75, 75, 900, 0, 1,
	    liked_tweets, LIKER },
	{ "POST", "/2/compliance/jobs", A, 0, 150, 900, 0, 0, sb_comp_create,
	    0 },
	{ "GET", "/2/compliance/jobs", A, 0, 150, 900, 0, 0, sb_comp_list, 0 },
	{ "GET", "/2/compliance/jobs/:", A, 0, 150, 900, 0, 0, sb_comp_get,
	    0 },
	{ "GET", "/2/tweets/compliance/stream", A, 0, 100, 900, 0, 0,
	    sb_comp_stream, 0 },
	{ "GET", "/2/users/compliance/stream", A, 0, 100, 900, 0, 0,
	    sb_comp_stream, 0 },
};

/* An OAuth 2.0 user token without a scope the route needs: 403.  X
 * answers it with a plain problem, {"title":"Forbidden","type":
 * "about:blank","status":403,"detail":"Forbidden"} (reported by
 * clients, e.g. node-twitter-api-v2 issue 265: /2/users/me with
 * users.read alone), not client-forbidden, which the OpenAPI
 * description keeps for apps not enrolled (its reason enum). */
static int
scoped(const struct sb_req *r, struct sb_resp *w, unsigned need)
{
	if (!r->oauth2 || (r->scopes & need) == need)
		return 0;
	sb_problem(w, 403, "about:blank", "Forbidden", "Forbidden");
	return -1;
}

/* The ":" captures of one route: owned by sb_handle, emptied (freed and
 * NULL) before every match, so a failed match never leaves a pointer
 * that was freed. */
static void
args_clear(char **arg)
{
	free(arg[0]);
	free(arg[1]);
	arg[0] = arg[1] = NULL;
}

/* Match path against pattern ("/2/users/:/mentions"); ":" segments are
 * copied to arg (at most 2), which must be empty.  On a mismatch arg is
 * left empty. */
static int
match(const char *pattern, const char *path, char **arg)
{
	const char *p = pattern, *s = path, *e;
	int n = 0;

	while (*p && *s) {
		if (*p == ':') {
			e = strchr(s, '/');
			if (!e)
				e = s + strlen(s);
			if (e == s || n == 2)
				goto no;
			arg[n++] = xstrndup(s, e - s);
			s = e;
			p++;
			continue;
		}
		if (*p != *s)
			goto no;
		p++;
		s++;
	}
	if (!*p && !*s)
		return 1;
no:
	args_clear(arg);
	return 0;
}

void
sb_handle(struct sb_req *r, struct sb_resp *w)
{
	const struct route *rt;
	char *arg[2] = { NULL, NULL }, name[128];
	size_t i;
	int path_seen = 0;
	cJSON *o;

	for (i = 0; i < sizeof routes / sizeof *routes; i++) {
		rt = &routes[i];
		args_clear(arg);
		if (!match(rt->pattern, r->path, arg))
			continue;
		if (strcmp(rt->method, r->method) != 0) {
			path_seen = 1;
			continue;
		}
		if (sb_authenticate(r, w, rt->auth & U, rt->auth & A) < 0 ||
		    scoped(r, w, rt->scopes) < 0)
			goto out;
		snprintf(name, sizeof name, "%s %s", rt->method, rt->pattern);
		if (sb_rate(r, w, name, rt->ulimit, rt->alimit, rt->window,
		    rt->per_second) < 0)
			goto out;
		if (rt->reads && sb.usage_cap > 0 && sb.reads >= sb.usage_cap) {
			o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "title", "UsageCapExceeded");
			cJSON_AddStringToObject(o, "detail",
			    "Usage cap exceeded: Monthly product cap");
			cJSON_AddStringToObject(o, "type", PROB "usage-capped");
			cJSON_AddStringToObject(o, "period", "Monthly");
			cJSON_AddStringToObject(o, "scope", "Product");
			cJSON_AddNumberToObject(o, "status", 429);
			w->ctype = "application/problem+json";
			sb_json(w, 429, o);
			goto out;
		}
		rt->fn(r, w, arg);
		goto out;
	}
	if (path_seen)
		sb_problem(w, 405, "about:blank", "Method Not Allowed",
		    "Method Not Allowed");
	else
		sb_problem(w, 404, "about:blank", "Not Found Error",
		    "Sorry, that page does not exist");
out:
	args_clear(arg);
}

void
sb_route(struct sb_req *r, struct sb_resp *w)
{
	if (strncmp(r->path, "/_sandbox/", 10) == 0)
		sb_admin(r, w);
	else if (sb_oauth_route(r, w))
		;       /* a login endpoint (sboauth.c) */
	else if (strncmp(r->path, "/2/", 3) == 0)
		sb_handle(r, w);
	else
		sb_problem(w, 404, "about:blank", "Not Found Error",
		    "Sorry, that page does not exist");
}
