/* respond.c - replies and DMs, exactly once
 *
 * Each intent gets a key: from its own "key" when it has one, else from
 * (kind, account, target, text, media).  The ledger (TW_HOME/ledger/KEY)
 * records "pending" before the request and "sent" with the posted id
 * after it.  A rerun skips what was sent; when a crash fell between the
 * request and the ledger write ("pending"), the API is asked whether the
 * post exists before posting again.  A failure whose outcome is unclear
 * (a dropped connection, a 5xx) is treated the same way: look, then
 * retry.  A one-off from the command line without a key may repeat an
 * earlier message on purpose: see ledger_check. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kb.h"
#include "respond.h"
#include "case.h"
#include "fetch.h"
#include "config.h"
#include "drafts.h"
#include "ledger.h"
#include "media.h"
#include "opt.h"
#include "show.h"
#include "state.h"
#include "store.h"
#include "team.h"
#include "text.h"
#include "timefmt.h"

#define DEFAULT_CSAT "How would you rate the help you got from us today, " \
	"from 1 (very poor) to 5 (excellent)? Just reply with the number."
#define DEFAULT_NPS "How likely are you to recommend us to a friend, " \
	"from 0 (not at all) to 10 (very likely)? Just reply with the number."

/* X's limit on a DM's text: 10,000 characters, counted as characters
 * (not the weighted count of a post).  Neither openapi.json (its
 * CreateTextMessageRequest gives text only minLength 1) nor NOTES.md
 * states it; it is the limit Twitter announced when DMs left the
 * 140-character limit (developer forum and blog, Sachin Agarwal, August
 * 2015), unchanged in X's help pages since. */
#define DM_MAX_CHARS 10000

/* A one-off from the command line, repeated to the same person later
 * than this, is a new message (the config's repeat_after, minutes). */
#define REPEAT_AFTER_MIN 10

void
tw_hash_hex(const char *s, size_t n, char out[33])
{
	/* FNV-1a, two 64-bit lanes with different offsets */
	unsigned long long a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		a = (a ^ (unsigned char)s[i]) * 0x100000001b3ULL;
		b = (b ^ (unsigned char)s[n - 1 - i]) * 0x100000001b3ULL;
	}
	snprintf(out, 33, "%016llx%016llx", a, b);
}

void
tw_sender_init(struct tw_sender *s, struct tw_client *c, struct tw_account *a,
    const char *what)
{
	const char *t;

	memset(s, 0, sizeof *s);
	s->client = c;
	s->acct = a;
	s->what = what;
	s->agent = tw_agent_name();
	s->signature = tw_account_get(a, "signature");
	s->retries = 4;
	/* A request that takes longer is an unclear failure: look, then
	 * post again only if nothing was posted. */
	if ((t = tw_account_get(a, "timeout")) && atol(t) > 0)
		c->timeout = atol(t);
	s->repeat_after = 60L * REPEAT_AFTER_MIN;
	if ((t = tw_account_get(a, "repeat_after")) && atol(t) >= 0 &&
	    strspn(t, "0123456789") == strlen(t))
		s->repeat_after = 60L * atol(t);
}

/* The time of a send: $TW_NOW when set, as tw-case takes it, so that a
 * replay's case keeps one clock; else now. */
static void
now_str(char *buf, size_t n)
{
	time_t t;

	tw_clock(&t);
	tw_time_format(t, buf, n);
}


static void
bad(const struct tw_intent *it, const char *msg)
{
	if (it->loc.file)
		tw_warn_at(&it->loc, "%s", msg);
	else
		tw_warn("%s", msg);
}

/* An API error for this intent, with the hint tw-fetch gives too. */
static void
bad_resp(const struct tw_intent *it, const struct tw_resp *resp,
    const char *fallback)
{
	const char *hint = tw_http_hint(resp);
	char *msg = xasprintf("%s%s%s", resp->error ? resp->error : fallback,
	    hint ? " -- " : "", hint ? hint : "");

	bad(it, msg);
	free(msg);
}

int
tw_intent_load(struct tw_sender *s, struct tw_intent *it, cJSON *in,
    const struct tw_loc *loc)
{
	const cJSON *m, *e;
	const char *text, *sig = s->signature;
	tw_buf k = { 0 };
	int i;

	memset(it, 0, sizeof *it);
	it->kind = strcmp(s->what, "dm") ? TW_SEND_REPLY : TW_SEND_DM;
	it->in = in;
	if (loc)
		it->loc = *loc;
	if (!cJSON_IsObject(in)) {
		bad(it, "an intent is a JSON object");
		return -1;
	}
	if (it->kind == TW_SEND_REPLY) {
		e = cJSON_GetObjectItemCaseSensitive(in, "in_reply_to");
		if (cJSON_IsNumber(e)) {
			bad(it, "in_reply_to must be a string: ids do not fit a JSON number");
			return -1;
		}
		it->in_reply_to = tw_json_str(in, "in_reply_to");
		if (!it->in_reply_to || !tw_is_id(it->in_reply_to)) {
			bad(it, "in_reply_to: a post id is needed");
			return -1;
		}
	} else {
		it->to = tw_json_str(in, "to");
		it->dm_conversation_id = tw_json_str(in, "dm_conversation_id");
		if (!it->to && !it->dm_conversation_id) {
			bad(it, "a DM needs \"to\" (@name or id) or \"dm_conversation_id\"");
			return -1;
		}
	}
	text = tw_json_str(in, "text");
	if (s->survey && (!text || !*text)) {
		text = tw_account_get(s->acct, strcmp(s->survey, "nps") ?
		    "survey_csat" : "survey_nps");
		if (!text)
			text = strcmp(s->survey, "nps") ? DEFAULT_CSAT : DEFAULT_NPS;
		sig = NULL;
	}
	if (!text || !*text) {
		bad(it, "the text is empty");
		return -1;
	}
	if (tw_json_str(in, "agent"))
		it->agent = tw_json_str(in, "agent");
	else
		it->agent = s->agent;
	it->alt = tw_json_str(in, "alt");
	m = cJSON_GetObjectItemCaseSensitive(in, "media");
	if (m && !cJSON_IsArray(m)) {
		bad(it, "media: a list of file names is needed");
		return -1;
	}
	cJSON_ArrayForEach(e, m) {
		if (!cJSON_IsString(e) || it->nmedia == 4) {
			bad(it, "media: at most 4 file names");
			return -1;
		}
		it->media[it->nmedia++] = e->valuestring;
	}
	/* The signature, once. */
	if (sig && *sig) {
		size_t tl = strlen(text), sl = strlen(sig);

		if (tl >= sl && !strcmp(text + tl - sl, sig))
			it->text = xstrdup(text);
		else
			it->text = xasprintf("%s%s%s", text,
			    isspace((unsigned char)*sig) ? "" : " ", sig);
	} else
		it->text = xstrdup(text);

	e = cJSON_GetObjectItemCaseSensitive(in, "key");
	if (e && (!cJSON_IsString(e) || !*e->valuestring ||
	    strlen(e->valuestring) > 256)) {
		bad(it, "key: a string of 1 to 256 bytes is needed");
		free(it->text);
		it->text = NULL;
		return -1;
	}
	it->ukey = e ? e->valuestring : NULL;
	/* its own key is the message's identity, whatever the text: the
	 * account's and the kind's, so two accounts never share one */
	if (it->ukey)
		tw_buf_printf(&k, "key%c%s%c%s%c%s", 0, s->what, 0,
		    s->acct->user_id ? s->acct->user_id : s->acct->name, 0,
		    it->ukey);
	else {
		tw_buf_printf(&k, "%s%c%s%c%s%c%s%c%s", s->what, 0,
		    s->acct->user_id ? s->acct->user_id : s->acct->name, 0,
		    it->in_reply_to ? it->in_reply_to : it->to ? it->to : "",
		    0, it->dm_conversation_id ? it->dm_conversation_id : "", 0,
		    it->text);
		for (i = 0; i < it->nmedia; i++)
			tw_buf_printf(&k, "%c%s", 0, it->media[i]);
	}
	tw_hash_hex(k.s, k.len, it->key);
	memcpy(it->base, it->key, sizeof it->base);
	tw_buf_free(&k);
	return 0;
}

void
tw_intent_free(struct tw_intent *it)
{
	free(it->text);
	free(it->to_id);
	free(it->after);
	it->text = it->to_id = it->after = NULL;
}



/* What one send learns before it posts. */
struct sendst {
	struct tw_resp target;      /* replies: the post replied to */
	char *conv;                 /* its conversation, or the DM's */
	char *tuser;                /* replies: the post's author */
	char *tname;                /* replies: the author's username */
	char *pending_agent;        /* a pending ledger entry: who began it */
	int pending;                /* the ledger says a run was cut short */
};

static void
sendst_free(struct sendst *st)
{
	tw_resp_free(&st->target);
	free(st->conv);
	free(st->tuser);
	free(st->tname);
	free(st->pending_agent);
}

/* The output record of what was sent. */
static cJSON *
sent_record(struct tw_sender *s, struct tw_intent *it, const char *id,
    const struct sendst *st, const char *recovered, const char *now)
{
	cJSON *r = cJSON_CreateObject(), *o, *e;

	cJSON_AddStringToObject(r, "type", it->kind == TW_SEND_REPLY ? "tweet" : "dm");
	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "created_at", now);
	cJSON_AddStringToObject(r, "text", it->text);
	o = cJSON_AddObjectToObject(r, "account");
	if (s->acct->user_id)
		cJSON_AddStringToObject(o, "id", s->acct->user_id);
	if (s->acct->username)
		cJSON_AddStringToObject(o, "username", s->acct->username);
	cJSON_AddStringToObject(r, "direction", "out");
	o = cJSON_AddObjectToObject(r, "author");
	if (s->acct->user_id)
		cJSON_AddStringToObject(o, "id", s->acct->user_id);
	if (s->acct->username)
		cJSON_AddStringToObject(o, "username", s->acct->username);
	if (it->kind == TW_SEND_REPLY) {
		if (st->conv)
			cJSON_AddStringToObject(r, "conversation_id", st->conv);
		o = cJSON_AddObjectToObject(r, "in_reply_to");
		cJSON_AddStringToObject(o, "id", it->in_reply_to);
		if (st->tuser)
			cJSON_AddStringToObject(o, "user_id", st->tuser);
	} else {
		if (st->conv)
			cJSON_AddStringToObject(r, "dm_conversation_id", st->conv);
		o = cJSON_AddObjectToObject(r, "recipient");
		if (it->to_id)
			cJSON_AddStringToObject(o, "id", it->to_id);
		if (it->to && *it->to == '@')
			cJSON_AddStringToObject(o, "username", it->to + 1);
	}
	if (s->nmedia) {
		/* as tw-record(5) has media: key and type */
		o = cJSON_AddArrayToObject(r, "media");
		for (int i = 0; i < s->nmedia; i++) {
			cJSON *x = cJSON_CreateObject();

			if (s->media[i].key)
				cJSON_AddStringToObject(x, "key", s->media[i].key);
			cJSON_AddStringToObject(x, "type",
			    s->media[i].cls == TW_MEDIA_VIDEO ? "video" :
			    s->media[i].cls == TW_MEDIA_GIF ? "animated_gif" :
			    "photo");
			cJSON_AddItemToArray(o, x);
		}
	}
	cJSON_AddStringToObject(r, "source", it->kind == TW_SEND_REPLY ? "reply" : "dm");
	cJSON_AddStringToObject(r, "agent", it->agent);
	o = cJSON_AddObjectToObject(r, "sent");
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "time", now);
	cJSON_AddStringToObject(o, "key", it->key);
	if (s->approver)
		cJSON_AddStringToObject(o, "approver", s->approver);
	if (recovered)
		cJSON_AddStringToObject(o, "recovered", recovered);
	/* the intent's other keys pass through */
	cJSON_ArrayForEach(e, it->in)
		if (!cJSON_GetObjectItemCaseSensitive(r, e->string) &&
		    strcmp(e->string, "to") && strcmp(e->string, "media") &&
		    strcmp(e->string, "alt"))
			cJSON_AddItemToObject(r, e->string, cJSON_Duplicate(e, 1));
	return r;
}

/* For the audit trail (tw-audit(1)): to whom, the exact text, and the
 * media's ids as uploaded (their files when recovered). */
static void
audit_fields(cJSON *ev, const struct tw_sender *s,
    const struct tw_intent *it, const struct sendst *st)
{
	cJSON *a;
	char *at;
	int i;

	if (it->kind == TW_SEND_REPLY && st->tname) {
		at = xasprintf("@%s", st->tname);
		cJSON_AddStringToObject(ev, "to", at);
		free(at);
	} else if (it->kind != TW_SEND_REPLY && it->to)
		cJSON_AddStringToObject(ev, "to", it->to);
	cJSON_AddStringToObject(ev, "text", it->text);
	if (s->draft)
		cJSON_AddStringToObject(ev, "draft", s->draft);
	if (!it->nmedia)
		return;
	a = cJSON_AddArrayToObject(ev, "media");
	for (i = 0; i < it->nmedia; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(i < s->nmedia &&
		    s->media[i].id ? s->media[i].id : it->media[i]));
}

/* The journal line of what was sent. */
static cJSON *
journal_line(struct tw_sender *s, struct tw_intent *it, const char *id,
    const struct sendst *st, const char *now)
{
	cJSON *ev = cJSON_CreateObject();

	cJSON_AddStringToObject(ev, "time", now);
	cJSON_AddStringToObject(ev, "event", s->survey ? "survey" :
	    it->kind == TW_SEND_REPLY ? "reply" : "dm");
	if (s->survey)
		cJSON_AddStringToObject(ev, "survey", s->survey);
	cJSON_AddStringToObject(ev, "agent", it->agent);
	if (s->approver)
		cJSON_AddStringToObject(ev, "approver", s->approver);
	cJSON_AddStringToObject(ev, "account", s->acct->name);
	if (s->acct->user_id)
		cJSON_AddStringToObject(ev, "account_id", s->acct->user_id);
	cJSON_AddStringToObject(ev, "id", id);
	if (it->in_reply_to)
		cJSON_AddStringToObject(ev, "in_reply_to", it->in_reply_to);
	if (st->tuser)
		cJSON_AddStringToObject(ev, "customer_id", st->tuser);
	if (it->to_id)
		cJSON_AddStringToObject(ev, "customer_id", it->to_id);
	if (st->conv)
		cJSON_AddStringToObject(ev, it->kind == TW_SEND_REPLY ?
		    "conversation_id" : "dm_conversation_id", st->conv);
	cJSON_AddStringToObject(ev, "key", it->key);
	/* tw-ack's acknowledgement: not a response (tw-metrics(1)) */
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it->in, "auto")))
		cJSON_AddTrueToObject(ev, "auto");
	audit_fields(ev, s, it, st);
	return ev;
}

/* Who a message goes to, for a person: "@name", else the user's or the
 * post's id, else the DM conversation. */
static void
recipient(tw_buf *b, const struct tw_intent *it, const struct sendst *st)
{
	if (it->kind == TW_SEND_REPLY) {
		if (st && st->tname)
			tw_buf_printf(b, "@%s", st->tname);
		else
			tw_buf_printf(b, "post %s", it->in_reply_to);
	} else if (it->to)
		tw_buf_printf(b, "%s%s", tw_is_id(it->to) ? "user " : "",
		    it->to);
	else
		tw_buf_printf(b, "conversation %s", it->dm_conversation_id);
}

/* The start of the text, quoted, on one line of at most 40 columns. */
static void
text_start(tw_buf *b, const char *text)
{
	char *flat = tw_show_flat(text);
	size_t len = strlen(flat), n;

	tw_buf_addc(b, '"');
	if (tw_text_width(flat, len) > 40) {
		n = tw_text_cut(flat, len, 39);
		while (n && flat[n - 1] == ' ')
			n--;
		tw_buf_add(b, flat, n);
		tw_buf_adds(b, "\xe2\x80\xa6");
	} else
		tw_buf_add(b, flat, len);
	tw_buf_addc(b, '"');
	free(flat);
}

/* For a person at a terminal, instead of the record: one line saying
 * who it went to, the start of the text, and where to see it.
 *   replied to @gus: "Sorry about the wait!…" https://x.com/skyway/status/ID
 *   DM to @gus: "Here is your refund reference…" https://x.com/messages/CONV */
static void
confirm(const struct tw_sender *s, const struct tw_intent *it,
    const cJSON *r, const struct sendst *st, const char *id,
    const char *recovered)
{
	tw_buf b = { 0 };
	const char *cs = tw_show_case_id(r);

	tw_buf_adds(&b, it->kind == TW_SEND_REPLY ? "replied to " : "DM to ");
	recipient(&b, it, st);
	tw_buf_adds(&b, ": ");
	text_start(&b, it->text);
	if (it->kind == TW_SEND_REPLY)
		tw_buf_printf(&b, " https://x.com/%s/status/%s",
		    s->acct->username ? s->acct->username : "i", id);
	else if (st->conv)
		tw_buf_printf(&b, " https://x.com/messages/%s", st->conv);
	if (cs)
		tw_buf_printf(&b, " (case %s)", cs);
	if (recovered)
		tw_buf_printf(&b, " (%s)", recovered);
	tw_buf_addc(&b, '\n');
	fwrite(b.s, 1, b.len, stdout);
	tw_buf_free(&b);
}

/* The output record (or, for a person, the line) and the journal line
 * for what was sent: 0, or -1 when the journal could not be written
 * (said). */
static int
sent(struct tw_sender *s, struct tw_intent *it, const char *id,
    const struct sendst *st, const char *recovered)
{
	cJSON *r, *ev;
	char now[32];
	int rv;

	now_str(now, sizeof now);
	r = sent_record(s, it, id, st, recovered, now);
	/* on its case, when the account keeps cases: pending */
	tw_case_sent(s->acct, r);
	if (s->human)
		confirm(s, it, r, st, id, recovered);
	else
		tw_emit(r);
	s->nsent++;
	ev = journal_line(s, it, id, st, now);
	/* one journal line per send: a recovery after a crash between the
	 * journal and the ledger finds it there already */
	rv = 0;
	if (!recovered || !tw_journal_has(it->key))
		rv = tw_journal_append(ev);
	cJSON_Delete(ev);
	cJSON_Delete(r);
	return rv;
}

/* GET a post with what the reply rule and approval need. */
static int
get_target(struct tw_sender *s, const char *id, struct tw_resp *resp)
{
	struct tw_req req;
	char *path = xasprintf("/2/tweets/%s", id);
	int rv;

	memset(&req, 0, sizeof req);
	memset(resp, 0, sizeof *resp);
	req.path = path;
	tw_kvs_add(&req.query, "tweet.fields",
	    "author_id,conversation_id,entities,referenced_tweets,created_at");
	tw_kvs_add(&req.query, "expansions",
	    "author_id,referenced_tweets.id,referenced_tweets.id.author_id");
	tw_kvs_add(&req.query, "user.fields", "public_metrics,username");
	rv = tw_http(s->client, &req, resp);
	tw_req_free(&req);
	free(path);
	return rv;
}

/* The 2026 rule: a reply is allowed when the post mentions the account
 * or quotes one of its posts. */
static int
summoned(const struct tw_sender *s, const cJSON *page)
{
	const cJSON *d = tw_json_path(page, "data"), *e, *inc;
	const char *me = s->acct->user_id, *name = s->acct->username;

	if (me && tw_json_str(d, "author_id") &&
	    !strcmp(tw_json_str(d, "author_id"), me))
		return 1;       /* a thread of our own */
	cJSON_ArrayForEach(e, tw_json_path(d, "entities.mentions")) {
		const char *u = tw_json_str(e, "username"), *i = tw_json_str(e, "id");

		if ((u && name && !strcasecmp(u, name)) || (i && me && !strcmp(i, me)))
			return 1;
	}
	inc = tw_json_path(page, "includes.tweets");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(d, "referenced_tweets")) {
		const char *t = tw_json_str(e, "type"), *rid = tw_json_str(e, "id");
		const cJSON *q;

		if (!t || strcmp(t, "quoted") || !rid)
			continue;
		cJSON_ArrayForEach(q, inc)
			if (tw_json_str(q, "id") && !strcmp(tw_json_str(q, "id"), rid) &&
			    me && tw_json_str(q, "author_id") &&
			    !strcmp(tw_json_str(q, "author_id"), me))
				return 1;
	}
	return 0;
}

/* The author's username, from the post's page; NULL if not there. */
static char *
author_name(const cJSON *page)
{
	const char *aid = tw_json_str(tw_json_path(page, "data"), "author_id");
	const cJSON *u;

	cJSON_ArrayForEach(u, tw_json_path(page, "includes.users"))
		if (aid && tw_json_str(u, "id") && !strcmp(tw_json_str(u, "id"),
		    aid) && tw_json_str(u, "username"))
			return xstrdup(tw_json_str(u, "username"));
	return NULL;
}

static long
followers_of_author(const cJSON *page)
{
	const char *aid = tw_json_str(tw_json_path(page, "data"), "author_id");
	const cJSON *u;

	cJSON_ArrayForEach(u, tw_json_path(page, "includes.users"))
		if (aid && tw_json_str(u, "id") && !strcmp(tw_json_str(u, "id"), aid)) {
			const cJSON *f = tw_json_path(u, "public_metrics.followers_count");

			return cJSON_IsNumber(f) ? (long)f->valuedouble : 0;
		}
	return 0;
}



/* Text without the @mentions X puts in front of a reply. */
static const char *
skip_mentions(const char *t)
{
	while (t && *t == '@') {
		const char *sp = strchr(t, ' ');

		if (!sp)
			break;
		t = sp + 1;
	}
	return t;
}

/* The brand's reply to a post, found through search: for recovery after
 * an unclear failure and to see a colleague's reply.  With text, only a
 * reply with that exact text counts. */
static int
find_reply(struct tw_sender *s, const char *target, const char *conv,
    const char *text, const char *after, char **id, char **when)
{
	struct tw_req req;
	struct tw_resp resp;
	const cJSON *t, *r;
	char *q;
	int rv;

	*id = *when = NULL;
	if (!s->acct->username)
		return 0;
	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	q = xasprintf("conversation_id:%s from:%s", conv ? conv : target,
	    s->acct->username);
	req.path = "/2/tweets/search/recent";
	tw_kvs_add(&req.query, "query", q);
	tw_kvs_add(&req.query, "max_results", "100");
	tw_kvs_add(&req.query, "tweet.fields",
	    "created_at,referenced_tweets,note_tweet");
	rv = tw_http(s->client, &req, &resp);
	tw_req_free(&req);
	free(q);
	if (rv) {
		tw_resp_free(&resp);
		return rv;
	}
	cJSON_ArrayForEach(t, tw_json_path(resp.json, "data")) {
		const char *tx = tw_json_str(t, "text");

		if (tw_json_str(tw_json_path(t, "note_tweet"), "text"))
			tx = tw_json_str(tw_json_path(t, "note_tweet"), "text");
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(t,
		    "referenced_tweets")) {
			if (!tw_json_str(r, "type") || strcmp(tw_json_str(r, "type"),
			    "replied_to") || !tw_json_str(r, "id") ||
			    strcmp(tw_json_str(r, "id"), target))
				continue;
			if (text && (!tx || strcmp(skip_mentions(tx),
			    skip_mentions(text))))
				continue;
			if (after && (!tw_json_str(t, "id") ||
			    tw_id_cmp(tw_json_str(t, "id"), after) <= 0))
				continue;
			if (!*id) {
				*id = xstrdup(tw_json_str(t, "id"));
				*when = xstrdup(tw_json_str(t, "created_at") ?
				    tw_json_str(t, "created_at") : "?");
			}
		}
	}
	tw_resp_free(&resp);
	return 0;
}

/* The newest page of the DM conversation's events (one-to-one with the
 * recipient, or the conversation named): an exit code. */
static int
dm_events(struct tw_sender *s, const struct tw_intent *it,
    struct tw_resp *resp)
{
	struct tw_req req;
	char *path;
	int rv;

	memset(&req, 0, sizeof req);
	memset(resp, 0, sizeof *resp);
	if (it->to_id)
		path = xasprintf("/2/dm_conversations/with/%s/dm_events", it->to_id);
	else
		path = xasprintf("/2/dm_conversations/%s/dm_events",
		    it->dm_conversation_id);
	req.path = path;
	tw_kvs_add(&req.query, "dm_event.fields", "id,text,sender_id,event_type");
	tw_kvs_add(&req.query, "max_results", "100");
	rv = tw_http(s->client, &req, resp);
	tw_req_free(&req);
	free(path);
	return rv;
}

/* The account's DM with this text in the conversation, for recovery
 * after an unclear failure: the newest page of its events (a repeat:
 * only those after the earlier message). */
static int
find_dm(struct tw_sender *s, const struct tw_intent *it, char **id)
{
	struct tw_resp resp;
	const cJSON *e;
	int rv;

	*id = NULL;
	if (!(rv = dm_events(s, it, &resp)))
		cJSON_ArrayForEach(e, tw_json_path(resp.json, "data")) {
			const char *snd = tw_json_str(e, "sender_id");
			const char *tx = tw_json_str(e, "text");
			const char *eid = tw_json_str(e, "id");

			if (!*id && snd && s->acct->user_id &&
			    !strcmp(snd, s->acct->user_id) && tx &&
			    !strcmp(tx, it->text) && eid && (!it->after ||
			    tw_id_cmp(eid, it->after) > 0))
				*id = xstrdup(eid);
		}
	tw_resp_free(&resp);
	return rv;
}

/* Has the customer written in the DM conversation since our message
 * id?  1 yes, 0 no or cannot tell. */
static int
customer_wrote(struct tw_sender *s, const struct tw_intent *it,
    const char *id)
{
	struct tw_resp resp;
	const cJSON *e;
	int found = 0;

	if (!dm_events(s, it, &resp))
		cJSON_ArrayForEach(e, tw_json_path(resp.json, "data")) {
			const char *snd = tw_json_str(e, "sender_id");
			const char *ty = tw_json_str(e, "event_type");
			const char *eid = tw_json_str(e, "id");

			if (snd && (!s->acct->user_id || strcmp(snd,
			    s->acct->user_id)) && (!ty || !strcmp(ty,
			    "MessageCreate")) && eid && tw_id_cmp(eid, id) > 0)
				found = 1;
		}
	tw_resp_free(&resp);
	return found;
}

/* Was the intent posted after all?  1 yes (*id set), 0 no, -1 cannot
 * tell (the lookups failed too). */
static int
posted(struct tw_sender *s, const struct tw_intent *it, const char *conv,
    char **id)
{
	char *when = NULL;
	int i, r;

	for (i = 0; i < 5; i++) {
		if (it->kind == TW_SEND_REPLY)
			r = find_reply(s, it->in_reply_to, conv, it->text,
			    it->after, id, &when);
		else
			r = find_dm(s, it, id);
		free(when);
		when = NULL;
		if (r == 0)
			return *id != NULL;
		usleep(200000u << i);
	}
	return -1;
}



static int
resolve_to(struct tw_sender *s, struct tw_intent *it)
{
	struct tw_req req;
	struct tw_resp resp;
	char *path, *cached;
	const char *id, *hint;
	int rv;

	if (!it->to || it->to_id)
		return 0;
	if (tw_is_id(it->to)) {
		it->to_id = xstrdup(it->to);
		return 0;
	}
	if ((cached = tw_state_read("users", it->to + (*it->to == '@')))) {
		it->to_id = cached;
		return 0;
	}
	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	req.path = path = xasprintf("/2/users/by/username/%s",
	    it->to + (*it->to == '@'));
	rv = tw_http(s->client, &req, &resp);
	tw_req_free(&req);
	free(path);
	id = tw_json_str(tw_json_path(resp.json, "data"), "id");
	if (!rv && id) {
		it->to_id = xstrdup(id);
		tw_state_write("users", it->to + (*it->to == '@'), id);
	} else if (!rv || resp.status == 404 || resp.status == 400) {
		path = xasprintf("no such user @%s", it->to + (*it->to == '@'));
		bad(it, path);
		free(path);
		rv = TW_EXIT_PARTIAL;
	} else {
		hint = tw_http_hint(&resp);
		tw_warn("%s: %s%s%s", it->to, resp.error ? resp.error :
		    "lookup failed", hint ? " -- " : "", hint ? hint : "");
	}
	tw_resp_free(&resp);
	return rv;
}

static char *
request_body(struct tw_sender *s, struct tw_intent *it, struct tw_media *m,
    int nm)
{
	cJSON *b = cJSON_CreateObject(), *o, *a;
	char *json;
	int i;

	cJSON_AddStringToObject(b, "text", it->text);
	if (it->kind == TW_SEND_REPLY) {
		o = cJSON_AddObjectToObject(b, "reply");
		cJSON_AddStringToObject(o, "in_reply_to_tweet_id", it->in_reply_to);
		if (nm) {
			o = cJSON_AddObjectToObject(b, "media");
			a = cJSON_AddArrayToObject(o, "media_ids");
			for (i = 0; i < nm; i++)
				cJSON_AddItemToArray(a, cJSON_CreateString(
				    m[i].id ? m[i].id : "MEDIA_ID"));
		}
		if (s->dm_link && s->acct->user_id) {
			char *u = xasprintf("https://twitter.com/messages/compose?"
			    "recipient_id=%s", s->acct->user_id);

			cJSON_AddStringToObject(b, "direct_message_deep_link", u);
			free(u);
		}
	} else if (nm) {
		a = cJSON_AddArrayToObject(b, "attachments");
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "media_id", m[0].id ? m[0].id : "MEDIA_ID");
		cJSON_AddItemToArray(a, o);
	}
	json = tw_json_line(b);
	cJSON_Delete(b);
	return json;
}

static char *
request_path(const struct tw_intent *it)
{
	if (it->kind == TW_SEND_REPLY)
		return xstrdup("/2/tweets");
	if (it->dm_conversation_id && !it->to_id)
		return xasprintf("/2/dm_conversations/%s/messages",
		    it->dm_conversation_id);
	return xasprintf("/2/dm_conversations/with/%s/messages", it->to_id);
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int
check_text(struct tw_sender *s, struct tw_intent *it)
{
	struct tw_text_result res;
	cJSON *out, *c;
	char msg[160];
	long n;

	if (it->kind == TW_SEND_DM) {
		/* a DM counts characters, up to 10,000 (DM_MAX_CHARS) */
		if ((n = tw_text_chars(it->text, strlen(it->text))) < 0)
			bad(it, "the text is not valid UTF-8");
		else if (n > DM_MAX_CHARS) {
			snprintf(msg, sizeof msg, "the text is %ld character%s "
			    "too long (%ld, of %d for a DM); nothing was cut or "
			    "sent", n - DM_MAX_CHARS, n - DM_MAX_CHARS == 1 ? "" :
			    "s", n, DM_MAX_CHARS);
			bad(it, msg);
		} else
			return 0;
		return TW_EXIT_PARTIAL;
	}
	tw_text_parse(it->text, strlen(it->text), tw_text_config_v3(), &res);
	if (s->check_only) {
		out = cJSON_Duplicate(it->in, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(out, "check");
		c = cJSON_AddObjectToObject(out, "check");
		cJSON_AddNumberToObject(c, "weighted_length", res.weighted_length);
		cJSON_AddBoolToObject(c, "valid", res.valid);
		cJSON_AddStringToObject(c, "text", it->text);
		tw_emit(out);
		cJSON_Delete(out);
		return res.valid ? 0 : TW_EXIT_PARTIAL;
	}
	if (!*it->text || res.valid)
		return 0;
	if (res.weighted_length > 280)
		snprintf(msg, sizeof msg, "the text is %d character%s too long "
		    "(%d as X counts, of 280); nothing was cut or sent",
		    res.weighted_length - 280,
		    tw_s(res.weighted_length - 280), res.weighted_length);
	else
		snprintf(msg, sizeof msg, "the text holds characters X refuses");
	bad(it, msg);
	return TW_EXIT_PARTIAL;
}


/* -n: the request that would be made, as one JSON line. */
static int
dry_run(struct tw_sender *s, struct tw_intent *it, struct tw_media *m, int nm)
{
	cJSON *o;
	char *url, *path, *body;
	int rv;

	if ((rv = resolve_to(s, it)) != 0)
		return rv;
	o = cJSON_CreateObject();
	path = request_path(it);
	body = request_body(s, it, m, nm);
	url = xasprintf("%s%s", s->acct->api_base, path);
	cJSON_AddStringToObject(o, "method", "POST");
	cJSON_AddStringToObject(o, "url", url);
	cJSON_AddItemToObject(o, "body", cJSON_Parse(body));
	cJSON_AddStringToObject(o, "key", it->key);
	if (nm)
		cJSON_AddNumberToObject(o, "media_uploads", nm);
	tw_emit(o);
	cJSON_Delete(o);
	free(url);
	free(path);
	free(body);
	return 0;
}

/* Sent as id, but the journal or the ledger's "sent" could not be
 * written (a team's store that went away): the ledger keeps it pending,
 * and the next run finds it posted and records it.  An exit code. */
static int
unrecorded(struct tw_intent *it, const char *id)
{
	char msg[200];

	snprintf(msg, sizeof msg, "sent as %s, but not recorded: the ledger "
	    "keeps it pending, and the next run finds it and records it", id);
	bad(it, msg);
	return tw_state_exit(TW_EXIT_PARTIAL);
}

/* After a run that was cut between its request and the ledger's "sent":
 * ask the API whether the message exists.  1: found and recorded (as
 * the agent who began it), 0: not there, post it; else an exit code. */
static int
recover(struct tw_sender *s, struct tw_intent *it, struct sendst *st)
{
	const char *agent = it->agent;
	char *fid = NULL;
	int r;

	switch (posted(s, it, st->conv, &fid)) {
	case 1:
		if (st->pending_agent)
			it->agent = st->pending_agent;
		r = sent(s, it, fid, st, "found after an interrupted run");
		it->agent = agent;
		if (r < 0 || tw_ledger_put(it, s->approver, "sent", fid) < 0)
			r = unrecorded(it, fid);
		free(fid);
		return r ? r : 1;
	case 0:
		return 0;
	}
	bad(it, "cannot tell whether it was sent; try again later");
	return TW_EXIT_API;
}

/* A 200 answer without the post: X's way of saying it does not exist
 * (or was deleted), or that it cannot be seen.  Says so; 1 then. */
static int
target_missing(const struct tw_intent *it, const cJSON *page)
{
	const cJSON *e = cJSON_GetArrayItem(tw_json_path(page, "errors"), 0);
	const char *type = tw_json_str(e, "type"), *detail;
	char *msg;

	if (tw_json_path(page, "data"))
		return 0;
	if (!e || (type && strstr(type, "resource-not-found")))
		msg = xasprintf("post %s does not exist (a wrong id, or it was "
		    "deleted); nothing sent", it->in_reply_to);
	else {
		detail = tw_json_str(e, "detail");
		msg = xasprintf("post %s cannot be read: %s; nothing sent",
		    it->in_reply_to, detail ? detail :
		    (type ? type : "no data"));
	}
	bad(it, msg);
	free(msg);
	return 1;
}

/* Replies: the target post, the reply rule, colleagues.  Runs under the
 * target's lock, so two agents never both reply to one post.  0: go on;
 * -1: done (recovered, refused, queued); else an exit code. */
static int
reply_preflight(struct tw_sender *s, struct tw_intent *it, struct sendst *st,
    int *rv)
{
	const cJSON *d;
	cJSON *col;
	char *fid = NULL, *fwhen = NULL, msg[256];
	const char *why;
	int r;

	if ((*rv = get_target(s, it->in_reply_to, &st->target)) != 0) {
		bad_resp(it, &st->target, "cannot read the post");
		return -1;
	}
	if (target_missing(it, st->target.json)) {
		*rv = TW_EXIT_PARTIAL;
		return -1;
	}
	d = tw_json_path(st->target.json, "data");
	st->conv = tw_json_str(d, "conversation_id") ?
	    xstrdup(tw_json_str(d, "conversation_id")) : NULL;
	st->tuser = tw_json_str(d, "author_id") ?
	    xstrdup(tw_json_str(d, "author_id")) : NULL;
	st->tname = author_name(st->target.json);
	if (!s->force && !summoned(s, st->target.json)) {
		bad(it, "the 2026 reply rule: this post neither mentions "
		    "nor quotes the account, so X refuses a reply; use "
		    "--force if the account is exempt");
		*rv = TW_EXIT_PARTIAL;
		return -1;
	}
	if (st->pending && (r = recover(s, it, st)) != 0) {
		*rv = r == 1 ? 0 : r;
		return -1;
	}
	if (!s->again) {
		if ((r = tw_case_send_check(s->acct, it->in_reply_to,
		    st->tuser, it->agent, msg, sizeof msg))) {
			bad(it, msg);
			*rv = r == 2 ? tw_store_exit() : TW_EXIT_PARTIAL;
			return -1;
		}
		if ((col = tw_journal_reply(it->in_reply_to, it->key))) {
			snprintf(msg, sizeof msg, "%s already replied to %s at %s "
			    "(post %s); not sent: use --again to reply anyway",
			    tw_json_str(col, "agent") ? tw_json_str(col, "agent") :
			    "another agent", it->in_reply_to,
			    tw_json_str(col, "time") ? tw_json_str(col, "time") : "?",
			    tw_json_str(col, "id") ? tw_json_str(col, "id") : "?");
			bad(it, msg);
			cJSON_Delete(col);
			*rv = TW_EXIT_PARTIAL;
			return -1;
		}
		if ((*rv = find_reply(s, it->in_reply_to, st->conv, NULL, NULL,
		    &fid, &fwhen)) != 0)
			return -1;
		if (fid) {
			snprintf(msg, sizeof msg, "@%s already replied to %s at "
			    "%s (post %s); not sent: use --again to reply anyway",
			    s->acct->username, it->in_reply_to, fwhen, fid);
			bad(it, msg);
			free(fid);
			free(fwhen);
			*rv = TW_EXIT_PARTIAL;
			return -1;
		}
	}
	if ((why = tw_draft_needed(s, it, followers_of_author(st->target.json))) ||
	    s->queue) {
		*rv = tw_draft_queue(s, it, s->queue ? NULL : why);
		return -1;
	}
	return 0;
}

/* DMs: the recipient, a cut-short run, approval. */
static int
dm_preflight(struct tw_sender *s, struct tw_intent *it, struct sendst *st,
    int *rv)
{
	const char *why;
	int r;

	char msg[256];

	if ((*rv = resolve_to(s, it)) != 0)
		return -1;
	if (st->pending && (r = recover(s, it, st)) != 0) {
		*rv = r == 1 ? 0 : r;
		return -1;
	}
	if (!s->again && (r = tw_case_send_check(s->acct, NULL, it->to_id,
	    it->agent, msg, sizeof msg))) {
		bad(it, msg);
		*rv = r == 2 ? tw_store_exit() : TW_EXIT_PARTIAL;
		return -1;
	}
	if ((why = tw_draft_needed(s, it, 0)) || s->queue) {
		*rv = tw_draft_queue(s, it, s->queue ? NULL : why);
		return -1;
	}
	return 0;
}

/* Post, with the ledger "pending" first.  An unclear failure is looked
 * for before any retry, and never posted again without having looked. */
static int
post(struct tw_sender *s, struct tw_intent *it, struct sendst *st,
    struct tw_media *m, int nm)
{
	struct tw_req req;
	struct tw_resp resp;
	char *path, *body, *newid = NULL;
	const char *sid;
	int rv, attempt;

	for (int i = 0; i < nm; i++)
		if ((rv = tw_media_upload(s->client, &m[i],
		    it->kind == TW_SEND_DM, it->alt)) != 0)
			return rv;
	if (tw_ledger_put(it, s->approver, "pending", NULL) < 0)
		return tw_state_exit(TW_EXIT_PARTIAL);
	s->media = m;
	s->nmedia = nm;
	path = request_path(it);
	body = request_body(s, it, m, nm);
	for (attempt = 0; ; attempt++) {
		memset(&req, 0, sizeof req);
		memset(&resp, 0, sizeof resp);
		req.method = "POST";
		req.path = path;
		req.json = body;
		req.no_retry = 1;
		rv = tw_http(s->client, &req, &resp);
		tw_req_free(&req);
		if (!rv) {
			const cJSON *d = tw_json_path(resp.json, "data");

			sid = tw_json_str(d, it->kind == TW_SEND_REPLY ? "id" :
			    "dm_event_id");
			if (it->kind == TW_SEND_DM && !st->conv &&
			    tw_json_str(d, "dm_conversation_id"))
				st->conv = xstrdup(tw_json_str(d,
				    "dm_conversation_id"));
			newid = xstrdup(sid ? sid : "?");
			tw_resp_free(&resp);
			break;
		}
		if (resp.status && resp.status < 500) {
			/* A clear refusal: nothing was posted.  Bad credentials
			 * and rate limits stop the run; anything else (the reply
			 * rule, a deleted post) fails this intent only. */
			bad_resp(it, &resp, "refused");
			tw_ledger_remove(it->key);
			tw_resp_free(&resp);
			if (rv != TW_EXIT_CONFIG && rv != TW_EXIT_RATE)
				rv = TW_EXIT_PARTIAL;
			goto out;
		}
		tw_warn("%s %.8s: %s; checking whether it was posted", s->what,
		    it->key, resp.error ? resp.error : "no answer");
		tw_resp_free(&resp);
		switch (posted(s, it, st->conv, &newid)) {
		case 1:
			break;
		case -1:
			bad(it, "cannot tell whether it was posted; the ledger "
			    "keeps it pending, and the next run checks first");
			rv = TW_EXIT_API;
			goto out;
		}
		if (newid)
			break;
		if (attempt >= s->retries) {
			bad(it, "giving up; the ledger keeps it pending, and the "
			    "next run checks before posting");
			goto out;
		}
		usleep((useconds_t)(500000u << (attempt < 4 ? attempt : 4)));
	}
	/* the journal first: a crash before the ledger says "sent" is
	 * recovered without a second journal line (journal_has) */
	rv = 0;
	if (sent(s, it, newid, st, NULL) < 0 ||
	    tw_ledger_put(it, s->approver, "sent", newid) < 0)
		rv = unrecorded(it, newid);
out:
	s->media = NULL;
	s->nmedia = 0;
	free(newid);
	free(path);
	free(body);
	return rv;
}

/* A send the ledger has as sent: one line on stderr says what was
 * skipped and why, and the summary counts it.  The exit status stays 0:
 * a rerun that finds its work done has succeeded. */
static void
skipped(struct tw_sender *s, struct tw_intent *it, const cJSON *led,
    long age)
{
	tw_buf b = { 0 };
	char ago[16];

	tw_buf_printf(&b, "skipped %s to ", it->kind == TW_SEND_REPLY ?
	    "reply" : "DM");
	recipient(&b, it, NULL);
	tw_buf_adds(&b, " (");
	text_start(&b, it->text);
	tw_buf_printf(&b, "): already sent as %s at %s",
	    tw_json_str(led, "id") ? tw_json_str(led, "id") : "?",
	    tw_json_str(led, "time") ? tw_json_str(led, "time") : "?");
	if (it->ukey)
		tw_buf_printf(&b, " with the key \"%s\"", it->ukey);
	else if (it->oneoff)
		tw_buf_printf(&b, ", %s ago%s: taken for a rerun (--key KEY "
		    "sends it anyway)", tw_show_age(age, 0, ago, sizeof ago),
		    it->kind == TW_SEND_DM ? ", with no message from them since" :
		    "");
	else
		tw_buf_adds(&b, " (the same intent is sent once; an intent "
		    "with a \"key\" of its own is a message of its own)");
	bad(it, b.s);
	tw_buf_free(&b);
	s->nskipped++;
}

/* Is a one-off that repeats the message in led a new message?  Yes when
 * that one is older than repeat_after, or (DMs) the customer wrote
 * since; when we cannot tell, no: a rerun must not send twice. */
static int
repeat_is_new(struct tw_sender *s, struct tw_intent *it, const cJSON *led,
    long *age)
{
	const char *when = tw_json_str(led, "time"), *id = tw_json_str(led, "id");
	time_t now, t;

	*age = 0;
	if (!when || !id || !tw_is_id(id) || tw_time_parse_rfc3339(when, &t) < 0)
		return 0;
	tw_clock(&now);
	*age = now > t ? (long)(now - t) : 0;
	if (*age >= s->repeat_after)
		return 1;
	return it->kind == TW_SEND_DM && resolve_to(s, it) == 0 &&
	    customer_wrote(s, it, id);
}

/* What the ledger says of the intent, under its lock.  0: send it (with
 * st->pending, a run was cut short: look first); 1: sent already (said).
 *
 * An intent with its own key, or from a file or pipe, is one message
 * for ever.  A one-off from the command line without a key is one
 * invocation: run again (after a crash, a Ctrl-C, by an agent not sure
 * it went) it is the same message, but the same text to the same person
 * later than repeat_after, or after the customer wrote, is a new one
 * ("Anything else we can help with?").  The n-th such message's key is
 * made from the base key and the (n-1)-th's posted id, so a rerun of it
 * walks the same chain to the same key; the walk holds the base key's
 * lock, as the ledger is the team's, so two agents never both send. */
static int
ledger_check(struct tw_sender *s, struct tw_intent *it, struct sendst *st)
{
	cJSON *led;
	const char *state, *id;
	tw_buf k = { 0 };
	long age = 0;

	while ((led = tw_ledger_get(it->key))) {
		state = tw_json_str(led, "state");
		if (!state || strcmp(state, "sent")) {
			st->pending = 1;
			if (tw_json_str(led, "agent"))
				st->pending_agent = xstrdup(tw_json_str(led,
				    "agent"));
			break;
		}
		if (!it->oneoff || !repeat_is_new(s, it, led, &age)) {
			skipped(s, it, led, age);
			cJSON_Delete(led);
			tw_buf_free(&k);
			return 1;
		}
		id = tw_json_str(led, "id");
		free(it->after);
		it->after = xstrdup(id);
		tw_buf_reset(&k);
		tw_buf_printf(&k, "%s%crepeat%c%s", it->base, 0, 0, id);
		tw_hash_hex(k.s, k.len, it->key);
		cJSON_Delete(led);
	}
	cJSON_Delete(led);
	tw_buf_free(&k);
	return 0;
}

/* Everything from the ledger check to the ledger's "sent" happens under
 * the intent's own lock (TW_HOME/locks/send-KEY, KEY its base key), for
 * replies and DMs alike: a second process with the same intent waits,
 * then finds it sent and skips it; nothing is sent or journaled twice.
 * A "pending" entry seen under the lock was left by a process that
 * died. */
static int
send_locked(struct tw_sender *s, struct tw_intent *it, struct tw_media *m,
    int nm)
{
	struct sendst st;
	char *name = xasprintf("send-%s", it->base), *tname = NULL;
	int rv = 0, lock, tlock = -1;

	memset(&st, 0, sizeof st);
	/* on a team's store, the ledger and the locks are the team's */
	if (tw_team_use(s->acct) < 0) {
		free(name);
		return tw_store_exit();
	}
	lock = tw_lock(name, 1);
	free(name);
	if (lock < 0)
		return tw_state_exit(TW_EXIT_PARTIAL);
	if (ledger_check(s, it, &st))
		goto out;
	if (it->kind == TW_SEND_REPLY) {
		tname = xasprintf("reply-%s", it->in_reply_to);
		if ((tlock = tw_lock(tname, 1)) < 0) {
			rv = tw_state_exit(TW_EXIT_PARTIAL);
			goto out;
		}
		if (reply_preflight(s, it, &st, &rv) != 0)
			goto out;
	} else if (dm_preflight(s, it, &st, &rv) != 0)
		goto out;
	rv = post(s, it, &st, m, nm);
out:
	tw_unlock(tlock);
	tw_unlock(lock);
	free(tname);
	sendst_free(&st);
	return rv;
}

int
tw_send(struct tw_sender *s, struct tw_intent *it)
{
	struct tw_media m[4];
	char *merr = NULL;
	int rv, nm;

	if ((rv = check_text(s, it)) != 0 || s->check_only)
		return rv;
	if (it->nmedia && tw_media_check(it->media, it->nmedia,
	    it->kind == TW_SEND_DM, m, &merr) < 0) {
		bad(it, merr);
		free(merr);
		return TW_EXIT_PARTIAL;
	}
	nm = it->nmedia;
	if (it->alt && utf8_chars(it->alt) > 1000) {
		bad(it, "the alt text may have at most 1000 characters");
		rv = TW_EXIT_PARTIAL;
	} else if (s->dry_run)
		rv = dry_run(s, it, m, nm);
	else
		rv = send_locked(s, it, m, nm);
	if (nm)
		tw_media_free(m, nm);
	return rv;
}

/* --macro ID: the intent for a record (a customer's post or DM) or an
 * intent, its text the answer's filled from it; NULL after a line saying
 * why nothing is sent (an unfilled variable, no such answer). */
static cJSON *
macro_intent(struct tw_send_ctx *c, const cJSON *in,
    const struct tw_loc *loc)
{
	static const char *const keep[] = { "in_reply_to", "to", "key",
	    "agent", NULL };
	const cJSON *au = cJSON_GetObjectItemCaseSensitive(in, "author");
	const char *id = tw_json_str(in, "id"), *v;
	char *text = NULL, *why = NULL;
	cJSON *it;
	int r = tw_kb_fill(c->kb, c->macro, in, c->mctx, &text, &why);

	if (r != TW_MACRO_OK) {
		tw_warn_at(loc, "--macro %s: %s%s%s; nothing sent", c->macro,
		    r == TW_MACRO_MISSING ? "{" : "", why ? why : "cannot be "
		    "filled", r == TW_MACRO_MISSING ? "} cannot be filled from "
		    "the record (pipe the customer's record: tw-case next | "
		    "tw-reply --macro ID)" : "");
		free(text);
		free(why);
		return NULL;
	}
	it = cJSON_CreateObject();
	for (int i = 0; keep[i]; i++)
		if ((v = tw_json_str(in, keep[i])))
			cJSON_AddStringToObject(it, keep[i], v);
	if (!strcmp(c->s->what, "reply") && !tw_json_str(in, "in_reply_to") &&
	    id)
		cJSON_AddStringToObject(it, "in_reply_to", id);
	else if (strcmp(c->s->what, "reply") && !tw_json_str(in, "to") &&
	    (v = tw_json_str(au, "id")))
		cJSON_AddStringToObject(it, "to", v);
	cJSON_AddStringToObject(it, "text", text);
	cJSON_AddStringToObject(it, "macro", c->macro);
	free(text);
	free(why);
	return it;
}

/* --macro on records: what is not a customer's message is passed over
 * (a case's header and events, the brand's own messages); a message of
 * a case is held, so that a case (tw-case next prints its whole story)
 * gets one answer, to its latest inbound message.  1 when in was taken
 * care of here, 0 when it is to be answered now. */
static int
macro_hold(struct tw_send_ctx *c, const cJSON *in)
{
	const char *type = tw_json_str(in, "type"), *dir, *cid, *t, *pt;
	const cJSON *prev;

	if (!type)
		return 0;               /* an intent */
	dir = tw_json_str(in, "direction");
	if ((strcmp(type, "tweet") && strcmp(type, "dm")) ||
	    (dir && strcmp(dir, "in")))
		return 1;
	if (!(cid = tw_json_str(cJSON_GetObjectItemCaseSensitive(in, "case"),
	    "id")))
		return 0;
	if (!c->latest)
		c->latest = cJSON_CreateObject();
	prev = cJSON_GetObjectItemCaseSensitive(c->latest, cid);
	t = tw_json_str(in, "created_at");
	pt = prev ? tw_json_str(prev, "created_at") : NULL;
	if (!prev || (t && (!pt || strcmp(t, pt) >= 0))) {
		cJSON_DeleteItemFromObjectCaseSensitive(c->latest, cid);
		cJSON_AddItemToObject(c->latest, cid, cJSON_Duplicate(in, 1));
	}
	return 1;
}

/* The held messages, one a case, answered. */
static void
macro_flush(struct tw_send_ctx *c)
{
	cJSON *e;

	if (!c->latest)
		return;
	c->macro_flushing = 1;
	cJSON_ArrayForEach(e, c->latest)
		if (tw_send_each(e, NULL, c) < 0 && !c->rv)
			c->rv = TW_EXIT_PARTIAL;
	cJSON_Delete(c->latest);
	c->latest = NULL;
}

int
tw_send_each(cJSON *in, const struct tw_loc *loc, void *vctx)
{
	struct tw_send_ctx *c = vctx;
	struct tw_intent it;
	cJSON *m, *made = NULL;
	int i, r;

	if (c->macro && !c->oneoff && !c->macro_flushing &&
	    macro_hold(c, in))
		return 0;
	if (c->macro) {
		if (!(made = in = macro_intent(c, in, loc))) {
			if (!c->rv)
				c->rv = TW_EXIT_PARTIAL;
			return -1;
		}
	}

	if (c->nmedia && !cJSON_GetObjectItemCaseSensitive(in, "media")) {
		m = cJSON_AddArrayToObject(in, "media");
		for (i = 0; i < c->nmedia; i++)
			cJSON_AddItemToArray(m, cJSON_CreateString(c->media[i]));
	}
	if (c->alt && !cJSON_GetObjectItemCaseSensitive(in, "alt"))
		cJSON_AddStringToObject(in, "alt", c->alt);
	if (tw_intent_load(c->s, &it, in, loc) < 0) {
		cJSON_Delete(made);
		return -1;
	}
	it.oneoff = c->oneoff && !it.ukey;
	r = tw_send(c->s, &it);
	tw_intent_free(&it);
	cJSON_Delete(made);
	if (r && r != TW_EXIT_PARTIAL && (!c->rv || c->rv == TW_EXIT_PARTIAL))
		c->rv = r;
	/* the rest of a batch waits for a rerun (one intent: its own line
	 * said all) */
	if (r >= TW_EXIT_CONFIG && loc)
		tw_die(r, "stopping; what was sent is in the ledger, and a rerun "
		    "goes on from there");
	return r ? -1 : 0;
}

int
tw_send_macro(struct tw_send_ctx *c, const struct tw_account *a,
    const char *id, const char *dir)
{
	static struct tw_macro_ctx mctx;
	const char *d = tw_kb_dir(a, dir);
	int bad;

	if (!d) {
		tw_warn("--macro %s: no knowledge base: -K DIR, or kb = DIR in "
		    "the account's section (tw-config(5))", id);
		return TW_EXIT_USAGE;
	}
	if (!(c->kb = tw_kb_open(d, &bad)))
		return TW_EXIT_CONFIG;
	if (!tw_kb_get(c->kb, id)) {
		tw_warn("--macro: no answer '%s' in %s", id, d);
		tw_kb_free(c->kb);
		c->kb = NULL;
		return TW_EXIT_USAGE;
	}
	mctx = tw_kb_macro_ctx(a);
	mctx.keep = 0;          /* an unfilled variable is refused */
	c->macro = id;
	c->mctx = &mctx;
	return 0;
}

int
tw_send_modes(const struct tw_send_ctx *c, int queue, int approve, int list,
    const char *key, int argc, char **argv)
{
	if (queue + approve + list + c->reject + c->edit > 1)
		tw_die(TW_EXIT_USAGE, "--draft, --approve, --list, --reject and "
		    "--edit exclude each other");
	if ((c->reject && argc < 1) || (c->edit && argc != 2) ||
	    (c->reason && !c->reject))
		tw_die(TW_EXIT_USAGE, c->reason && !c->reject ? "--reason goes "
		    "with --reject" : c->reject ? "--reject: name the drafts" :
		    "--edit: give ID and TEXT");
	if (c->edit)
		tw_arg_utf8("TEXT", argv[1]);
	tw_arg_utf8("--reason", c->reason);
	approve |= c->reject | c->edit;   /* operands are draft ids */
	if (key && (approve || list || argc == 0))
		tw_die(TW_EXIT_USAGE, "--key goes with the operands; an intent on "
		    "standard input carries its own \"key\"");
	return approve;
}

static int send_run(struct tw_send_ctx *c, int list, int approve,
    char **argv, int argc, cJSON *one);

int
tw_send_run(struct tw_send_ctx *c, int list, int approve, char **argv,
    int argc, cJSON *one)
{
	int rv = send_run(c, list, approve, argv, argc, one);

	tw_kb_free(c->kb);      /* --macro's */
	c->kb = NULL;
	return rv;
}

static int
send_run(struct tw_send_ctx *c, int list, int approve, char **argv,
    int argc, cJSON *one)
{
	int rv;

	if ((list || approve || c->reject || c->edit) &&
	    tw_team_use(c->s->acct) < 0)
		return tw_store_exit();
	if (c->reject)
		return tw_drafts_reject(c->s, argv, argc, c->reason);
	if (c->edit)
		return tw_drafts_edit(c->s, argv[0], argv[1]);
	if (list)
		return tw_drafts_list(c->s);
	if (one) {
		c->oneoff = 1;
		rv = tw_send_each(one, NULL, c) ? (c->rv ? c->rv :
		    TW_EXIT_PARTIAL) : 0;
		cJSON_Delete(one);
		return rv;
	}
	if (approve) {
		c->s->approver = c->s->agent;
		rv = tw_drafts_approve(c->s, argv, argc);
	} else {
		rv = tw_each_record(0, NULL, NULL, tw_send_each, c);
		macro_flush(c);
		rv = c->rv ? c->rv : rv;
	}
	/* the skips said one by one; what was done, in one line */
	if (c->s->nskipped)
		tw_warn("%ld sent, %ld skipped as sent before", c->s->nsent,
		    c->s->nskipped);
	return rv;
}

