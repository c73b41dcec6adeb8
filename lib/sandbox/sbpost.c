/* sbpost.c - tw-sandbox: the write endpoints (POST /2/tweets with the
 * 2026 reply rule, DM sends) and the admin endpoints under /_sandbox.
 *
 * Layer: endpoints (lib/sandbox/README).  Calls the store (sbstate.c
 * too), the parameters and rendering layer, and sbstream.c to publish
 * a new post. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sbapi.h"
#include "opt.h"
#include "sboauth.h"
#include "sbparam.h"
#include "sbrender.h"
#include "sbstore.h"
#include "text.h"
#include "timefmt.h"

static void
invalid(struct sb_resp *w, const char *msg)
{
	cJSON *e = cJSON_CreateArray(), *o = cJSON_CreateObject();

	cJSON_AddObjectToObject(o, "parameters");
	cJSON_AddStringToObject(o, "message", msg);
	cJSON_AddItemToArray(e, o);
	sb_invalid(w, e);
}

/* The JSON body of a write, or NULL after answering 400. */
static cJSON *
json_body(struct sb_req *r, struct sb_resp *w)
{
	cJSON *o;

	if (!r->ctype || strncasecmp(r->ctype, "application/json", 16) != 0) {
		invalid(w, "Requests with bodies must have content-type of "
		    "application/json.");
		return NULL;
	}
	o = r->body ? cJSON_ParseWithLength(r->body, r->bodylen) : NULL;
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		invalid(w, "The request body is not valid JSON.");
		return NULL;
	}
	return o;
}

static int
only_keys(struct sb_resp *w, const cJSON *o, const char *keys)
{
	const cJSON *e;
	char msg[256];

	cJSON_ArrayForEach(e, o) {
		if (!sb_list_has(keys, ' ', e->string)) {
			snprintf(msg, sizeof msg, "$.%.60s: is not defined in the "
			    "schema and the schema does not allow additional "
			    "properties", e->string);
			invalid(w, msg);
			return -1;
		}
	}
	return 0;
}

static void
forbidden(struct sb_resp *w, const char *detail)
{
	sb_problem(w, 403, "about:blank", "Forbidden", detail);
}

/* X's count (twitter-text v3, as X counts today); -1 for text that is
 * not UTF-8. */
static long
weight(const char *s)
{
	struct tw_text_result r;

	if (tw_text_parse(s, strlen(s), tw_text_config_v3(), &r) < 0)
		return -1;
	return r.weighted_length;
}

/* Did the author of t summon me: @mention me, or quote one of my posts? */
static int
summoned(const struct sb_tweet *t, const struct sb_user *me)
{
	const struct sb_tweet *q;

	if (strcmp(t->author_id, me->id) == 0 || sb_mentions_user(t, me))
		return 1;
	return t->quote_of && (q = sb_tweet_by_id(t->quote_of)) &&
	    strcmp(q->author_id, me->id) == 0;
}

/* The media keys of the post o's media.media_ids (at most 4): 0, or -1
 * with the error in w. */
static int
media_keys(struct sb_resp *w, const cJSON *o, const struct sb_user *me,
    char **keys, size_t *nk)
{
	const cJSON *v = tw_json_path(o, "media.media_ids"), *e;
	struct sb_media *m;
	char msg[256];

	if (cJSON_GetObjectItemCaseSensitive(o, "media") &&
	    (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1 ||
	    cJSON_GetArraySize(v) > 4)) {
		invalid(w, "$.media.media_ids: there must be 1 to 4 media ids");
		return -1;
	}
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || !(m = sb_media_by_id(e->valuestring)) ||
		    strcmp(m->owner_id, me->id) != 0) {
			snprintf(msg, sizeof msg, "$.media.media_ids: media id "
			    "[%.30s] is not valid", cJSON_IsString(e) ?
			    e->valuestring : "");
			invalid(w, msg);
			return -1;
		}
		if (!m->finalized || (strcmp(m->type, "photo") && m->polls < 2)) {
			snprintf(msg, sizeof msg, "$.media.media_ids: media id "
			    "[%s] is not ready: finalize it and wait for "
			    "processing to succeed", m->id);
			invalid(w, msg);
			return -1;
		}
		keys[(*nk)++] = m->key;
	}
	return 0;
}

void
sb_post_tweet(struct sb_req *r, struct sb_resp *w, char **arg)
{
	cJSON *o, *resp, *d, *a;
	const cJSON *v;
	const char *text = "", *reply = NULL, *quote = NULL, *err;
	struct sb_user *me = (struct sb_user *)(uintptr_t)r->me;
	struct sb_tweet *target, *t;
	char *keys[4], msg[256];
	size_t nk = 0, i;
	long wl;

	(void)arg;
	if (!(o = json_body(r, w)))
		return;
	if (only_keys(w, o, "text reply media quote_tweet_id poll "
	    "reply_settings direct_message_deep_link card_uri geo "
	    "for_super_followers_only nullcast community_id made_with_ai "
	    "paid_partnership edit_options share_with_followers") < 0)
		goto out;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "text"))) {
		if (!cJSON_IsString(v)) {
			invalid(w, "$.text: string expected");
			goto out;
		}
		text = v->valuestring;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "reply"))) {
		reply = tw_json_str(v, "in_reply_to_tweet_id");
		if (!reply || !*reply) {
			invalid(w, "$.reply.in_reply_to_tweet_id: is missing but "
			    "it is required");
			goto out;
		}
	}
	quote = tw_json_str(o, "quote_tweet_id");
	if (media_keys(w, o, me, keys, &nk) < 0)
		goto out;
	if (!*text && !nk) {
		invalid(w, "$.text: a post needs text or media");
		goto out;
	}
	if ((wl = weight(text)) > 280) {
		invalid(w, "$.text: Your post is too long (more than 280 "
		    "weighted characters).");
		goto out;
	}
	if (wl < 0) {
		invalid(w, "$.text: not valid UTF-8");
		goto out;
	}
	if (quote && !sb_tweet_by_id(quote)) {
		snprintf(msg, sizeof msg, "$.quote_tweet_id: the post [%.30s] "
		    "does not exist", quote);
		invalid(w, msg);
		goto out;
	}
	if (reply) {
		if (!(target = sb_tweet_by_id(reply))) {
			snprintf(msg, sizeof msg, "$.reply.in_reply_to_tweet_id: "
			    "the post [%.30s] does not exist", reply);
			invalid(w, msg);
			goto out;
		}
		if (!summoned(target, me)) {
			forbidden(w, "Reply to this conversation is not allowed "
			    "because you have not been mentioned or otherwise "
			    "engaged by the author of the post you are replying "
			    "to.");
			goto out;
		}
	}
	for (i = 0; *text && i < sb.ntweets; i++) {
		t = sb.tweets[i];
		if (strcmp(t->author_id, me->id) == 0 &&
		    strcmp(t->note ? t->note : t->text, text) == 0 &&
		    t->created_at > sb_now() - 86400) {
			forbidden(w, "You are not allowed to create a Tweet with "
			    "duplicate content.");
			goto out;
		}
	}
	if (!(t = sb_tweet_new(me, text, reply, quote, NULL, keys, nk, "api",
	    &err))) {
		invalid(w, err);
		goto out;
	}
	sb_publish(t);
	resp = cJSON_CreateObject();
	d = cJSON_AddObjectToObject(resp, "data");
	cJSON_AddStringToObject(d, "id", t->id);
	cJSON_AddStringToObject(d, "text", t->text);
	a = cJSON_AddArrayToObject(d, "edit_history_tweet_ids");
	cJSON_AddItemToArray(a, cJSON_CreateString(t->id));
	sb_json(w, 201, resp);
out:
	cJSON_Delete(o);
}

static void
send_dm(struct sb_req *r, struct sb_resp *w, struct sb_user *to)
{
	cJSON *o, *resp, *d;
	const cJSON *att;
	const char *text, *mid = NULL;
	struct sb_media *m = NULL;
	struct sb_user *me = (struct sb_user *)(uintptr_t)r->me;
	struct sb_dm *dm;

	if (!(o = json_body(r, w)))
		return;
	if (only_keys(w, o, "text attachments") < 0)
		goto out;
	text = tw_json_str(o, "text");
	att = cJSON_GetObjectItemCaseSensitive(o, "attachments");
	if (att) {
		if (!cJSON_IsArray(att) || cJSON_GetArraySize(att) != 1 ||
		    !(mid = tw_json_str(cJSON_GetArrayItem(att, 0), "media_id")) ||
		    !(m = sb_media_by_id(mid)) || !m->finalized) {
			invalid(w, "$.attachments: one attachment, a finalized "
			    "media_id of yours, is allowed");
			goto out;
		}
	}
	if ((!text || !*text) && !m) {
		invalid(w, "$.text: is missing but it is required");
		goto out;
	}
	if (to == me) {
		invalid(w, "You cannot send a Direct Message to yourself.");
		goto out;
	}
	/* beside the 15-minute window, 1,440 a day per user (docs:
	 * rate-limits, reference NOTES.md 1.1) */
	if (sb_rate_day(r, w, "dm", 1440) < 0)
		goto out;
	dm = sb_dm_new(me, to, text ? text : "", m ? m->key : NULL);
	resp = cJSON_CreateObject();
	d = cJSON_AddObjectToObject(resp, "data");
	cJSON_AddStringToObject(d, "dm_conversation_id", dm->conv_id);
	cJSON_AddStringToObject(d, "dm_event_id", dm->id);
	sb_json(w, 201, resp);
out:
	cJSON_Delete(o);
}

void
sb_post_dm_with(struct sb_req *r, struct sb_resp *w, char **arg)
{
	struct sb_user *to = sb_user_by_id(arg[0]);
	char msg[128];

	if (!to) {
		snprintf(msg, sizeof msg, "$.participant_id: the user [%.30s] "
		    "does not exist", arg[0]);
		invalid(w, msg);
		return;
	}
	send_dm(r, w, to);
}

void
sb_post_dm_conv(struct sb_req *r, struct sb_resp *w, char **arg)
{
	const char *dash = strchr(arg[0], '-');
	char *a = dash ? xstrndup(arg[0], dash - arg[0]) : NULL;
	struct sb_user *to = NULL;

	if (a && strcmp(a, r->me->id) == 0)
		to = sb_user_by_id(dash + 1);
	else if (a && strcmp(dash + 1, r->me->id) == 0)
		to = sb_user_by_id(a);
	free(a);
	if (!to) {
		forbidden(w, "You are not a participant in this conversation.");
		return;
	}
	send_dm(r, w, to);
}

/* Likes: POST /2/users/:id/likes {"tweet_id"} and DELETE
 * /2/users/:id/likes/:tweet_id, answered {"data":{"liked":true}} and
 * {"data":{"liked":false}} (live answers recorded by tweepy); liking
 * what is liked, or unliking what is not, answers the same.  Both share
 * a day's window of 1,000 per user (docs: rate-limits). */
#define LIKES_A_DAY 1000

/* The path's id is the user asking ("The value must be the same as the
 * authenticated user", the OpenAPI description; the message is that of
 * X's own emulator, xdevplatform/playground).  0, or -1 after 400. */
static int
me_in_path(struct sb_req *r, struct sb_resp *w, const char *id)
{
	cJSON *e;

	if (strcmp(id, r->me->id) == 0)
		return 0;
	e = cJSON_CreateArray();
	cJSON_AddItemToArray(e, sb_param_error("id", id, "The `id` query "
	    "parameter value [%.40s] must be the same as the authenticating "
	    "user [%s]", id, r->me->id));
	sb_invalid(w, e);
	return -1;
}

static void
liked(struct sb_resp *w, int on)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddBoolToObject(cJSON_AddObjectToObject(o, "data"), "liked", on);
	sb_json(w, 200, o);
}

/* Like (on) or unlike post id: the answer, or 400 for a post that is
 * not there. */
static void
like(struct sb_req *r, struct sb_resp *w, const char *param,
    const char *id, int on)
{
	struct sb_tweet *t;
	char msg[128];

	if (!tw_is_id(id) || !(t = sb_tweet_by_id(id))) {
		snprintf(msg, sizeof msg, "%s: the post [%.30s] does not exist",
		    param, id);
		invalid(w, msg);
		return;
	}
	if (sb_rate_day(r, w, "likes", LIKES_A_DAY) < 0)
		return;
	if (sb_like_set(r->me->id, t, on, 1))
		sb.dirty = 1;
	liked(w, on);
}

void
sb_like_post(struct sb_req *r, struct sb_resp *w, char **arg)
{
	cJSON *o;
	const char *id;

	if (me_in_path(r, w, arg[0]) < 0 || !(o = json_body(r, w)))
		return;
	if (only_keys(w, o, "tweet_id") == 0) {
		if (!(id = tw_json_str(o, "tweet_id")))
			invalid(w, "$.tweet_id: is missing but it is required");
		else
			like(r, w, "$.tweet_id", id, 1);
	}
	cJSON_Delete(o);
}

void
sb_like_delete(struct sb_req *r, struct sb_resp *w, char **arg)
{
	if (me_in_path(r, w, arg[0]) == 0)
		like(r, w, "tweet_id", arg[1], 0);
}

/* admin */

static void
admin_error(struct sb_resp *w, int status, const char *msg)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "error", msg);
	sb_json(w, status, o);
}

static void
admin_tweet(struct sb_req *r, struct sb_resp *w)
{
	cJSON *o = r->body ? cJSON_ParseWithLength(r->body, r->bodylen) : NULL;
	const char *name = tw_json_str(o, "username"), *text, *err;
	const cJSON *v;
	struct sb_user *u;
	struct sb_tweet *t;
	struct sb_fields f = { 0xffffffffu, 0xffffffffu, 0xffffffffu, 0,
	    (1u << 5) | (1u << 9), SB_EXP_TWEET };

	text = tw_json_str(o, "text");
	if (!name || !text || !*text) {
		admin_error(w, 400, "need {\"username\",\"text\"}");
		goto out;
	}
	/* A refused post changes nothing: the posts it refers to are
	 * checked before its author is made or changed. */
	if (tw_json_str(o, "in_reply_to") &&
	    !sb_tweet_by_id(tw_json_str(o, "in_reply_to"))) {
		admin_error(w, 400, "the post to reply to does not exist");
		goto out;
	}
	if (tw_json_str(o, "quote_of") &&
	    !sb_tweet_by_id(tw_json_str(o, "quote_of"))) {
		admin_error(w, 400, "the quoted post does not exist");
		goto out;
	}
	if (!(u = sb_user_by_name(name)) && !(u = sb_user_ensure(name))) {
		admin_error(w, 400, "bad username");
		goto out;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "followers")) &&
	    cJSON_IsNumber(v))
		u->followers = tw_json_long(v, 0);
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "verified")))
		u->verified = cJSON_IsTrue(v);
	if (tw_json_str(o, "name")) {
		free(u->name);
		u->name = xstrdup(tw_json_str(o, "name"));
	}
	sb.dirty = 1;
	t = sb_tweet_new(u, text, tw_json_str(o, "in_reply_to"),
	    tw_json_str(o, "quote_of"), tw_json_str(o, "lang"), NULL, 0,
	    "admin", &err);
	if (!t) {
		admin_error(w, 400, err);
		goto out;
	}
	sb_publish(t);
	sb_json(w, 201, sb_page_tweets(&t, 1, 1, &f));
out:
	cJSON_Delete(o);
}

static struct sb_user *
admin_who(const char *s, int make)
{
	struct sb_user *u;

	if (!s)
		return NULL;
	if ((u = sb_user_by_id(s)) || (u = sb_user_by_name(s)))
		return u;
	return make ? sb_user_ensure(s) : NULL;
}

static void
admin_dm(struct sb_req *r, struct sb_resp *w)
{
	cJSON *o = r->body ? cJSON_ParseWithLength(r->body, r->bodylen) : NULL;
	struct sb_user *from = admin_who(tw_json_str(o, "from"), 1);
	struct sb_user *to = admin_who(tw_json_str(o, "to"), 1);
	const char *text = tw_json_str(o, "text");
	struct sb_dm *d;
	cJSON *resp;

	if (!from || !to || from == to || !text || !*text) {
		admin_error(w, 400, "need {\"from\",\"to\",\"text\"}: two "
		    "different users (username or id)");
		goto out;
	}
	d = sb_dm_new(from, to, text, NULL);
	resp = cJSON_CreateObject();
	cJSON_AddItemToObject(resp, "data", sb_render_dm(d, 0xffffffffu));
	sb_json(w, 201, resp);
out:
	cJSON_Delete(o);
}

static cJSON *
faults_json(void)
{
	cJSON *o = cJSON_CreateObject();
	const struct sb_faults *f = &sb.faults;

	cJSON_AddNumberToObject(o, "latency_ms", (double)f->latency_ms);
	cJSON_AddNumberToObject(o, "error_5xx", f->p5xx);
	cJSON_AddNumberToObject(o, "error_429", f->p429);
	cJSON_AddNumberToObject(o, "drop", f->pdrop);
	cJSON_AddNumberToObject(o, "malformed", f->pmalformed);
	cJSON_AddNumberToObject(o, "stream_disconnect",
	    (double)f->stream_disconnect);
	cJSON_AddNumberToObject(o, "stream_stall", (double)f->stream_stall);
	cJSON_AddNumberToObject(o, "keepalive", (double)f->keepalive);
	cJSON_AddNumberToObject(o, "timeout", f->ptimeout);
	cJSON_AddNumberToObject(o, "timeout_ms", (double)f->timeout_ms);
	return o;
}

static int
pct(const cJSON *o, const char *k, long *dst)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 100)
		return -1;
	*dst = (long)v->valuedouble;
	return 0;
}

static int
nonneg(const cJSON *o, const char *k, double max, long *dst)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!v)
		return 0;
	/* the options' bounds: nothing out of a long's range, no sleep
	 * whose microseconds overflow */
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > max)
		return -1;
	*dst = (long)v->valuedouble;
	return 0;
}

static void
admin_faults(struct sb_req *r, struct sb_resp *w)
{
	cJSON *o;
	struct sb_faults f = sb.faults;

	if (strcmp(r->method, "GET") == 0) {
		sb_json(w, 200, faults_json());
		return;
	}
	o = r->body ? cJSON_ParseWithLength(r->body, r->bodylen) : NULL;
	if (!cJSON_IsObject(o) || pct(o, "error_5xx", &f.p5xx) ||
	    pct(o, "error_429", &f.p429) || pct(o, "drop", &f.pdrop) ||
	    pct(o, "malformed", &f.pmalformed) ||
	    pct(o, "timeout", &f.ptimeout) ||
	    nonneg(o, "timeout_ms", 86400000, &f.timeout_ms) ||
	    nonneg(o, "latency_ms", 600000, &f.latency_ms) ||
	    nonneg(o, "stream_disconnect", 1e15, &f.stream_disconnect) ||
	    nonneg(o, "stream_stall", 86400, &f.stream_stall) ||
	    nonneg(o, "keepalive", 3600, &f.keepalive)) {
		admin_error(w, 400, "faults: percentages 0-100, other values "
		    "non-negative numbers within the options' bounds "
		    "(timeout_ms up to 86400000)");
	} else {
		if (f.keepalive == 0)
			f.keepalive = 20;
		if (f.timeout_ms == 0)
			f.timeout_ms = 65000;
		sb.faults = f;
		sb_json(w, 200, faults_json());
	}
	cJSON_Delete(o);
}

/* The clock: GET reads it; POST {"now": TIME} moves it forward (never
 * back: ids follow the clock), for tests that play out days. */
static void
admin_clock(struct sb_req *r, struct sb_resp *w)
{
	cJSON *o = r->body ? cJSON_ParseWithLength(r->body, r->bodylen) : NULL;
	const char *to = tw_json_str(o, "now");
	cJSON *a;
	char buf[32];
	time_t t;

	if (strcmp(r->method, "POST") == 0) {
		if (!to || tw_time_parse_rfc3339(to, &t) < 0) {
			admin_error(w, 400, "need {\"now\": an RFC 3339 time}");
			goto out;
		}
		if (t < sb_now()) {
			admin_error(w, 409, "the clock only moves forward");
			goto out;
		}
		sb.t0 += t - sb_now();
	}
	a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "now", tw_time_format(sb_now(), buf,
	    sizeof buf));
	sb_json(w, 200, a);
out:
	cJSON_Delete(o);
}

/* The store, and what the login endpoints issued */
static void
admin_state(struct sb_resp *w)
{
	cJSON *o = sb_state_json();

	cJSON_AddItemToObject(o, "oauth", sb_oauth_counts());
	sb_json(w, 200, o);
}

void
sb_admin(struct sb_req *r, struct sb_resp *w)
{
	int post = strcmp(r->method, "POST") == 0;

	if (sb_comp_admin(r, w))
		;       /* compliance (sbcomp.c) */
	else if (post && strcmp(r->path, "/_sandbox/tweets") == 0)
		admin_tweet(r, w);
	else if (post && strcmp(r->path, "/_sandbox/dms") == 0)
		admin_dm(r, w);
	else if (strcmp(r->path, "/_sandbox/state") == 0 &&
	    strcmp(r->method, "GET") == 0)
		admin_state(w);
	else if (strcmp(r->path, "/_sandbox/faults") == 0 &&
	    (post || strcmp(r->method, "GET") == 0))
		admin_faults(r, w);
	else if (strcmp(r->path, "/_sandbox/clock") == 0 &&
	    (post || strcmp(r->method, "GET") == 0))
		admin_clock(r, w);
	else if (strcmp(r->path, "/_sandbox/oauth2") == 0 &&
	    (post || strcmp(r->method, "GET") == 0))
		sb_oauth_admin(r, w);
	else
		admin_error(w, 404, "unknown admin endpoint");
}
