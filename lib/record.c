/* record.c - classify API payloads and normalise them into tw records
 *
 * The record is tw-record(5).  Inputs: X API v2 pages and bare objects
 * (tweets, DM events, users), X Activity API events, v1.1 statuses,
 * users, DM events and their envelopes (search, DM lists, Account
 * Activity).  Records already normalised pass through with their keys in
 * order; anything unrecognised passes through untouched.
 */
#include <ctype.h>
#include <stdint.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "jscan.h"
#include "record.h"
#include "timefmt.h"

#define GET cJSON_GetObjectItemCaseSensitive

/* Keys of the record (tw-record(5)), sorted: API fields of these names
 * are never carried over, since the record gives them their meaning. */
static const char *const record_keys[] = {
	"account", "agent", "author", "case", "client", "conversation_id",
	"created_at", "direction", "dm_conversation_id", "entities", "event",
	"id", "in_reply_to", "lang", "media", "metrics", "quote_of",
	"recipient", "referenced", "retweet_of", "sent", "source", "text",
	"triage", "type"
};

/* API fields mapped into the record (sorted); the rest are carried. */
/* v2 tweet fields, sorted; the index is the slot (enum below). */
static const char *const v2_tweet_keys[] = {
	"attachments", "author_id", "conversation_id", "created_at",
	"entities", "id", "in_reply_to_user_id", "lang", "note_tweet",
	"public_metrics", "referenced_tweets", "source", "text"
};
enum {
	TF_ATT, TF_AUTHOR, TF_CONV, TF_CREATED, TF_ENT, TF_ID, TF_IRT, TF_LANG,
	TF_NOTE, TF_PM, TF_REFS, TF_SOURCE, TF_TEXT, TF_N
};
static const char *const v2_dm_keys[] = {
	"attachments", "event_type", "sender_id"
};
static const char *const v2_user_keys[] = {
	"description", "location", "name", "public_metrics", "username",
	"verified"
};
static const char *const v11_tweet_keys[] = {
	"extended_entities", "extended_tweet", "favorite_count", "full_text",
	"id_str", "in_reply_to_status_id", "in_reply_to_status_id_str",
	"in_reply_to_user_id", "in_reply_to_user_id_str", "quote_count",
	"quoted_status", "quoted_status_id", "quoted_status_id_str",
	"reply_count", "retweet_count", "retweeted_status", "truncated", "user"
};
static const char *const v11_user_keys[] = {
	"description", "followers_count", "friends_count", "id_str",
	"listed_count", "location", "name", "screen_name", "statuses_count",
	"verified"
};
static const char *const v11_dm_keys[] = {
	"created_timestamp", "message_create"
};
static const char *const page_keys[] = {
	"data", "errors", "includes", "meta"
};

struct keys {
	const char *const *v;
	size_t n;
};
#define KEYS(a) { a, sizeof a / sizeof a[0] }

static int
cmpkey(const void *a, const void *b)
{
	return strcmp(a, *(const char *const *)b);
}

static int
in_keys(const struct keys *k, const char *s)
{
	return bsearch(s, k->v, k->n, sizeof *k->v, cmpkey) != NULL;
}

static const struct keys rkeys = KEYS(record_keys);

/* Objects of one page (includes.users, ...) sorted by id for lookup. */
struct ent {
	const char *id;
	const cJSON *o;
	cJSON *built;               /* users: the author object, made once */
};
struct idx {
	struct ent *v;
	size_t n, cap;
};

static int
cmpent(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->id, ((const struct ent *)b)->id);
}

static void
idx_clear(struct idx *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		cJSON_Delete(x->v[i].built);
	x->n = 0;
}

static void
idx_build(struct idx *x, const cJSON *arr, const char *key)
{
	const cJSON *it;
	const char *id;

	idx_clear(x);
	cJSON_ArrayForEach(it, arr) {
		if (!(id = tw_json_str(it, key)))
			continue;
		if (x->n == x->cap) {
			x->cap = x->cap ? 2 * x->cap : 16;
			x->v = xrealloc(x->v, x->cap * sizeof *x->v);
		}
		x->v[x->n].id = id;
		x->v[x->n].o = it;
		x->v[x->n].built = NULL;
		x->n++;
	}
	if (x->n > 1)
		qsort(x->v, x->n, sizeof *x->v, cmpent);
}

static struct ent *
idx_find(const struct idx *x, const char *id)
{
	struct ent k = { id, NULL, NULL };

	if (!id || !x->n)
		return NULL;
	return bsearch(&k, x->v, x->n, sizeof *x->v, cmpent);
}

static const cJSON *
idx_get(const struct idx *x, const char *id)
{
	const struct ent *e = idx_find(x, id);

	return e ? e->o : NULL;
}

/* One call of tw_normalize. */
struct norm {
	const struct tw_ident *acct;
	struct tw_ident own;        /* from an envelope's for_user_id */
	const char *source;
	tw_emit_fn emit;
	void *ctx;
	int n;
	int steal;                  /* the input is ours: move, not copy */
	const cJSON *page;          /* page-level keys to carry */
	const cJSON *umap;          /* v1.1 {"id": user, ...} */
	struct idx users, tweets, media;
};

static const struct tw_ident *
account(const struct norm *n)
{
	if (n->acct && (n->acct->id || n->acct->username))
		return n->acct;
	if (n->own.id)
		return &n->own;
	return NULL;
}

/* small builders */

static void
add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddItemToObjectCS(o, k, cJSON_CreateString(v));
}

static void
add_num(cJSON *o, const char *k, const cJSON *v)
{
	if (cJSON_IsNumber(v))
		cJSON_AddItemToObjectCS(o, k, cJSON_CreateNumber(v->valuedouble));
	else if (cJSON_IsString(v) && v->valuestring[0] &&
	    strspn(v->valuestring, "0123456789") == strlen(v->valuestring))
		cJSON_AddItemToObjectCS(o, k,
		    cJSON_CreateNumber(strtod(v->valuestring, NULL)));
}

static void
add_bool(cJSON *o, const char *k, const cJSON *v)
{
	if (cJSON_IsBool(v))
		cJSON_AddItemToObjectCS(o, k, cJSON_CreateBool(cJSON_IsTrue(v)));
}

static void
add_obj(cJSON *o, const char *k, cJSON *v)
{
	if (!v)
		return;
	if (!v->child && (cJSON_IsObject(v) || cJSON_IsArray(v))) {
		cJSON_Delete(v);
		return;
	}
	cJSON_AddItemToObjectCS(o, k, v);
}

static void
add_time(cJSON *o, const char *k, const char *s)
{
	char b[32];

	if (!s)
		return;
	add_str(o, k, tw_record_time(s, b, sizeof b) == 0 ? b : s);
}

/* times */

static int
fast_rfc3339(const char *s, char *buf, size_t n)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	for (i = 0; i < 19; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pat[i])
			return -1;
	if (s[19] == '.') {
		for (i = 20; isdigit((unsigned char)s[i]); i++)
			;
		if (i == 20)
			return -1;
	} else
		i = 19;
	if (s[i] != 'Z' || s[i + 1] || n < 21)
		return -1;
	memcpy(buf, s, 19);
	buf[19] = 'Z';
	buf[20] = 0;
	return 0;
}

static int
v11_time(const char *s, char *buf, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *m;
	char iso[40];
	int mon;
	time_t t;

	/* "Wed Oct 10 20:19:24 +0000 2018" */
	if (strlen(s) != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' ||
	    s[19] != ' ' || (s[20] != '+' && s[20] != '-') || s[25] != ' ')
		return -1;
	for (m = months; *m; m += 3)
		if (strncmp(m, s + 4, 3) == 0)
			break;
	if (!*m)
		return -1;
	mon = (int)(m - months) / 3 + 1;
	snprintf(iso, sizeof iso, "%.4s-%02d-%.2sT%.8s%c%.2s:%.2s",
	    s + 26, mon, s + 8, s + 11, s[20], s + 21, s + 23);
	if (iso[8] == ' ')
		iso[8] = '0';
	if (tw_time_parse_rfc3339(iso, &t) < 0)
		return -1;
	tw_time_format(t, buf, n);
	return 0;
}

int
tw_record_time(const char *s, char *buf, size_t n)
{
	time_t t;
	size_t len;

	if (!s || n < 21)
		return -1;
	len = strlen(s);
	if (len >= 20 && fast_rfc3339(s, buf, n) == 0)
		return 0;
	if (tw_time_parse_rfc3339(s, &t) == 0) {
		tw_time_format(t, buf, n);
		return 0;
	}
	if (len >= 10 && len <= 15 && strspn(s, "0123456789") == len) {
		/* milliseconds since the epoch (v1.1 DM events) */
		t = (time_t)(strtoll(s, NULL, 10) / 1000);
		tw_time_format(t, buf, n);
		return 0;
	}
	return v11_time(s, buf, n);
}

/* users */

static void
user_fields(cJSON *o, const cJSON *u, int v11)
{
	const cJSON *pm;
	const char *s;

	if (v11) {
		/* Account Activity's users have a string "id" and no id_str */
		if (!(s = tw_json_str(u, "id_str")))
			s = tw_json_str(u, "id");
		add_str(o, "id", s);
		add_str(o, "username", tw_json_str(u, "screen_name"));
		add_str(o, "name", tw_json_str(u, "name"));
		add_num(o, "followers", GET(u, "followers_count"));
		add_num(o, "following", GET(u, "friends_count"));
		add_num(o, "tweets", GET(u, "statuses_count"));
		add_num(o, "listed", GET(u, "listed_count"));
	} else {
		add_str(o, "id", tw_json_str(u, "id"));
		add_str(o, "username", tw_json_str(u, "username"));
		add_str(o, "name", tw_json_str(u, "name"));
		pm = GET(u, "public_metrics");
		add_num(o, "followers", GET(pm, "followers_count"));
		add_num(o, "following", GET(pm, "following_count"));
		add_num(o, "tweets", GET(pm, "tweet_count"));
		add_num(o, "listed", GET(pm, "listed_count"));
	}
	add_bool(o, "verified", GET(u, "verified"));
	if (!(s = tw_json_str(u, "created_at")))
		s = tw_json_str(u, "created_timestamp");
	add_time(o, "created_at", s);
	add_str(o, "description", tw_json_str(u, "description"));
	add_str(o, "location", tw_json_str(u, "location"));
}

cJSON *
tw_user_from_v2(const cJSON *u)
{
	cJSON *o = cJSON_CreateObject();

	user_fields(o, u, 0);
	return o;
}

cJSON *
tw_user_from_v11(const cJSON *u)
{
	cJSON *o = cJSON_CreateObject();

	user_fields(o, u, 1);
	return o;
}

/* The user with this id from the page's includes or the envelope's
 * users map; NULL when neither has it. */
static cJSON *
user_lookup(const struct norm *n, const char *id)
{
	struct ent *e;
	const cJSON *u;

	if ((e = idx_find(&n->users, id))) {
		if (!e->built)
			e->built = tw_user_from_v2(e->o);
		return cJSON_Duplicate(e->built, 1);
	}
	if (n->umap && id && (u = GET(n->umap, id))) {
		if (cJSON_IsObject(GET(u, "data")))
			return tw_user_from_v2(GET(u, "data"));
		if (tw_json_str(u, "screen_name"))
			return tw_user_from_v11(u);
		return tw_user_from_v2(u);
	}
	return NULL;
}

static cJSON *
user_by_id(const struct norm *n, const char *id)
{
	cJSON *u = user_lookup(n, id);

	if (!u) {
		u = cJSON_CreateObject();
		add_str(u, "id", id);
	}
	return u;
}

/* account and direction */

static void
add_account(cJSON *rec, const struct tw_ident *a)
{
	cJSON *o;

	if (!a)
		return;
	o = cJSON_CreateObject();
	add_str(o, "id", a->id);
	add_str(o, "username", a->username);
	cJSON_AddItemToObjectCS(rec, "account", o);
}

static void
add_direction(cJSON *rec, const struct tw_ident *a, const cJSON *author)
{
	const char *id, *un;
	int out;

	if (!a || !author)
		return;
	id = tw_json_str(author, "id");
	un = tw_json_str(author, "username");
	if (a->id && id)
		out = strcmp(a->id, id) == 0;
	else if (a->username && un)
		out = strcasecmp(a->username, un) == 0;
	else
		return;
	add_str(rec, "direction", out ? "out" : "in");
}

void
tw_record_fill(cJSON *rec, const struct tw_ident *acct, const char *source)
{
	const char *type = tw_json_str(rec, "type");

	if (acct && !acct->id && !acct->username)
		acct = NULL;
	if (acct && !GET(rec, "account"))
		add_account(rec, acct);
	if (acct && type && strcmp(type, "user") != 0 && !GET(rec, "direction"))
		add_direction(rec, acct, GET(rec, "author"));
	if (source && !GET(rec, "source"))
		add_str(rec, "source", source);
}

/* tw_record_shape's test for a record, on a scanned "type" */
static int
record_type(const struct tw_jspan *t)
{
	return t->type == 's' && !t->esc &&
	    ((t->n == 5 && !memcmp(t->p, "tweet", 5)) ||
	    (t->n == 2 && !memcmp(t->p, "dm", 2)) ||
	    (t->n == 4 && !memcmp(t->p, "user", 4)));
}

int
tw_record_as_is(const char *line, size_t len, const struct tw_ident *acct,
    const char *source)
{
	enum { K_TYPE, K_ID, K_ACCOUNT, K_DIRECTION, K_AUTHOR, K_SOURCE, K_N };
	static const char *const keys[K_N] = {
		"type", "id", "account", "direction", "author", "source"
	};
	struct tw_jspan v[K_N];

	if (tw_js_canonical(line, line + len, keys, K_N, v) < 0 ||
	    !record_type(&v[K_TYPE]) || v[K_ID].type != 's')
		return 0;
	/* what tw_record_fill would add, it must find there already (or,
	 * for "direction", have no author to take it from) */
	if (acct && !acct->id && !acct->username)
		acct = NULL;
	if (acct && (!v[K_ACCOUNT].type || (!v[K_DIRECTION].type &&
	    v[K_AUTHOR].type && v[K_TYPE].n != 4)))
		return 0;
	if (source && !v[K_SOURCE].type)
		return 0;
	return 1;
}

/* carrying unknown fields over */

/* v1.1 numbers that have a string twin ("id" and "id_str") lose digits
 * above 2^53: drop them, keep the twin. */
static int
has_str_twin(const cJSON *parent, const cJSON *it)
{
	char k[128];

	if (!cJSON_IsNumber(it) || !it->string ||
	    (size_t)snprintf(k, sizeof k, "%s_str", it->string) >= sizeof k)
		return 0;
	return GET(parent, k) != NULL;
}

static cJSON *
dup_v11(const cJSON *it)
{
	const cJSON *c;
	cJSON *o;

	if (cJSON_IsArray(it))
		o = cJSON_CreateArray();
	else if (cJSON_IsObject(it))
		o = cJSON_CreateObject();
	else
		return cJSON_Duplicate(it, 0);
	for (c = it->child; c; c = c->next) {
		if (cJSON_IsObject(it)) {
			if (!has_str_twin(it, c))
				cJSON_AddItemToObject(o, c->string, dup_v11(c));
		} else
			cJSON_AddItemToArray(o, dup_v11(c));
	}
	return o;
}

/* In steal mode the input is ours (tw_each_record): items move into
 * the record instead of being copied. */
static cJSON *
mut(const cJSON *o)
{
	uintptr_t u = (uintptr_t)o;

	return (cJSON *)u;
}

static void
carry_one(cJSON *rec, const cJSON *src, const cJSON *it, int steal)
{
	if (steal)
		cJSON_AddItemToArray(rec,
		    cJSON_DetachItemViaPointer(mut(src), mut(it)));
	else
		cJSON_AddItemToObject(rec, it->string, cJSON_Duplicate(it, 1));
}

static void
carry(cJSON *rec, const cJSON *src, const struct keys *mapped, int v11,
    int steal)
{
	const cJSON *it, *next;

	for (it = src->child; it; it = next) {
		next = it->next;
		if (!it->string || in_keys(&rkeys, it->string) ||
		    in_keys(mapped, it->string))
			continue;
		if (v11 && has_str_twin(src, it))
			continue;
		if (v11)
			cJSON_AddItemToObject(rec, it->string, dup_v11(it));
		else
			carry_one(rec, src, it, steal);
	}
}

/* One pass over an API object: the fields we map into their slots, the
 * ones to carry over into a list. */
#define MAXCARRY 64
struct fields {
	const cJSON *slot[TF_N];
	const cJSON *carry[MAXCARRY];
	size_t ncarry;
	int overflow;
};

static void
collect(const cJSON *o, const struct keys *names, struct fields *f)
{
	const char *const *k;
	const cJSON *it;

	memset(f->slot, 0, sizeof f->slot);
	f->ncarry = 0;
	f->overflow = 0;
	for (it = o->child; it; it = it->next) {
		if (!it->string)
			continue;
		k = bsearch(it->string, names->v, names->n, sizeof *names->v,
		    cmpkey);
		if (k) {
			if (!f->slot[k - names->v])
				f->slot[k - names->v] = it;
		} else if (in_keys(&rkeys, it->string))
			continue;
		else if (f->ncarry < MAXCARRY)
			f->carry[f->ncarry++] = it;
		else
			f->overflow = 1;
	}
}

static void
carry_fields(cJSON *rec, const cJSON *src, const struct keys *names,
    const struct fields *f, int steal)
{
	size_t i;

	if (f->overflow) {
		carry(rec, src, names, 0, steal);
		return;
	}
	for (i = 0; i < f->ncarry; i++)
		carry_one(rec, src, f->carry[i], steal);
}

static void
move_str(cJSON *rec, const char *k, const cJSON *parent, const cJSON *it,
    int steal)
{
	if (!cJSON_IsString(it))
		return;
	if (steal)
		cJSON_AddItemToObjectCS(rec, k,
		    cJSON_DetachItemViaPointer(mut(parent), mut(it)));
	else
		add_str(rec, k, it->valuestring);
}

static void
move_time(cJSON *rec, const char *k, const cJSON *parent, const cJSON *it,
    int steal)
{
	char b[32];

	if (!cJSON_IsString(it))
		return;
	if (tw_record_time(it->valuestring, b, sizeof b) < 0)
		move_str(rec, k, parent, it, steal);
	else if (steal && strlen(it->valuestring) > 20) {
		memcpy(mut(it)->valuestring, b, 21);
		move_str(rec, k, parent, it, steal);
	} else
		add_str(rec, k, b);
}

/* Page-level keys (a stream's "matching_rules") go on every record. */
static void
carry_page(cJSON *rec, const cJSON *page)
{
	static const struct keys pk = KEYS(page_keys);
	const cJSON *it;

	if (!page)
		return;
	for (it = page->child; it; it = it->next)
		if (it->string && !in_keys(&pk, it->string) &&
		    !in_keys(&rkeys, it->string) && !GET(rec, it->string))
			cJSON_AddItemToObject(rec, it->string,
			    cJSON_Duplicate(it, 1));
}

/* entities, media, metrics */

static cJSON *
strings_of(const cJSON *arr, const char *key, const char *alt, int steal)
{
	const cJSON *it, *v;
	cJSON *a = cJSON_CreateArray(), *c;

	cJSON_ArrayForEach(it, arr) {
		v = GET(it, key);
		if (!cJSON_IsString(v) || !*v->valuestring)
			v = alt ? GET(it, alt) : NULL;
		if (!cJSON_IsString(v) || !*v->valuestring)
			continue;
		if (steal) {
			/* take the string, leave an empty one */
			c = cJSON_CreateNull();
			c->type = cJSON_String;
			c->valuestring = v->valuestring;
			mut(v)->valuestring = NULL;
			mut(v)->type = cJSON_NULL;
		} else
			c = cJSON_CreateString(v->valuestring);
		cJSON_AddItemToArray(a, c);
	}
	return a;
}

static cJSON *
entities_v2(const cJSON *e, int steal)
{
	cJSON *o;

	if (!cJSON_IsObject(e))
		return NULL;
	o = cJSON_CreateObject();
	add_obj(o, "mentions", strings_of(GET(e, "mentions"), "username", NULL, steal));
	add_obj(o, "hashtags", strings_of(GET(e, "hashtags"), "tag", NULL, steal));
	add_obj(o, "urls", strings_of(GET(e, "urls"), "expanded_url", "url", steal));
	add_obj(o, "cashtags", strings_of(GET(e, "cashtags"), "tag", NULL, steal));
	return o;
}

static cJSON *
entities_v11(const cJSON *e)
{
	cJSON *o;

	if (!cJSON_IsObject(e))
		return NULL;
	o = cJSON_CreateObject();
	add_obj(o, "mentions",
	    strings_of(GET(e, "user_mentions"), "screen_name", NULL, 0));
	add_obj(o, "hashtags", strings_of(GET(e, "hashtags"), "text", NULL, 0));
	add_obj(o, "urls", strings_of(GET(e, "urls"), "expanded_url", "url", 0));
	add_obj(o, "cashtags", strings_of(GET(e, "symbols"), "text", NULL, 0));
	return o;
}

static cJSON *
media_v2(const struct norm *n, const cJSON *att)
{
	const cJSON *k, *m;
	const char *url;
	cJSON *a, *o;

	if (!cJSON_IsArray(GET(att, "media_keys")))
		return NULL;
	a = cJSON_CreateArray();
	cJSON_ArrayForEach(k, GET(att, "media_keys")) {
		if (!cJSON_IsString(k))
			continue;
		o = cJSON_CreateObject();
		add_str(o, "key", k->valuestring);
		if ((m = idx_get(&n->media, k->valuestring))) {
			add_str(o, "type", tw_json_str(m, "type"));
			if (!(url = tw_json_str(m, "url")))
				url = tw_json_str(m, "preview_image_url");
			add_str(o, "url", url);
		}
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static void
media_v11_one(cJSON *a, const cJSON *m)
{
	const char *type = tw_json_str(m, "type"), *id = tw_json_str(m, "id_str");
	const char *url;
	cJSON *o;
	char key[64];

	o = cJSON_CreateObject();
	if (id) {
		/* the v2 media key: 3_ photo, 7_ video, 16_ GIF */
		snprintf(key, sizeof key, "%s_%s", type && !strcmp(type, "video") ?
		    "7" : type && !strcmp(type, "animated_gif") ? "16" : "3", id);
		add_str(o, "key", key);
	}
	add_str(o, "type", type);
	if (!(url = tw_json_str(m, "media_url_https")))
		url = tw_json_str(m, "media_url");
	add_str(o, "url", url);
	cJSON_AddItemToArray(a, o);
}

static cJSON *
media_v11(const cJSON *list)
{
	const cJSON *m;
	cJSON *a;

	if (!list)
		return NULL;
	a = cJSON_CreateArray();
	if (cJSON_IsObject(list))
		media_v11_one(a, list);
	else
		for (m = list->child; m; m = m->next)
			media_v11_one(a, m);
	return a;
}

static cJSON *
metrics_v2(const cJSON *pm)
{
	cJSON *o;

	if (!cJSON_IsObject(pm))
		return NULL;
	o = cJSON_CreateObject();
	add_num(o, "impressions", GET(pm, "impression_count"));
	add_num(o, "likes", GET(pm, "like_count"));
	add_num(o, "retweets", GET(pm, "retweet_count"));
	add_num(o, "replies", GET(pm, "reply_count"));
	add_num(o, "quotes", GET(pm, "quote_count"));
	add_num(o, "bookmarks", GET(pm, "bookmark_count"));
	return o;
}

static cJSON *
metrics_v11(const cJSON *t)
{
	cJSON *o = cJSON_CreateObject();

	add_num(o, "likes", GET(t, "favorite_count"));
	add_num(o, "retweets", GET(t, "retweet_count"));
	add_num(o, "replies", GET(t, "reply_count"));
	add_num(o, "quotes", GET(t, "quote_count"));
	add_num(o, "bookmarks", GET(t, "bookmark_count"));
	return o;
}

static void
add_in_reply_to(cJSON *rec, const char *id, const char *uid)
{
	cJSON *o;

	if (!id && !uid)
		return;
	o = cJSON_CreateObject();
	add_str(o, "id", id);
	add_str(o, "user_id", uid);
	cJSON_AddItemToObjectCS(rec, "in_reply_to", o);
}

/* "RT @user: " and the original's full text, as X's clients show it. */
static void
add_rt_text(cJSON *rec, const char *user, const char *text)
{
	tw_buf b = { 0 };

	tw_buf_printf(&b, "RT @%s: %s", user, text);
	cJSON_AddItemToObjectCS(rec, "text", cJSON_CreateString(b.s));
	tw_buf_free(&b);
}

/* v2 tweets */

static const char *
v2_full_text(const cJSON *t)
{
	const char *s = tw_json_str(GET(t, "note_tweet"), "text");

	return s ? s : tw_json_str(t, "text");
}

static cJSON *
tweet_v2(struct norm *n, const cJSON *t, int nested)
{
	static const struct keys mk = KEYS(v2_tweet_keys);
	static const char *const kinds[] = { "replied_to", "quoted", "retweeted" };
	const char *ref[3] = { NULL, NULL, NULL };
	const struct tw_ident *a = nested ? NULL : account(n);
	const int steal = n->steal && !nested;
	const cJSON *it, *orig, *ent, *note, **f;
	const char *author_id, *s;
	cJSON *rec, *author = NULL, *refs, *u;
	struct fields fs;
	int i;

	collect(t, &mk, &fs);
	f = fs.slot;
	rec = cJSON_CreateObject();
	add_str(rec, "type", "tweet");
	move_str(rec, "id", t, f[TF_ID], steal);
	move_time(rec, "created_at", t, f[TF_CREATED], steal);
	add_account(rec, a);
	if (cJSON_IsString(f[TF_AUTHOR])) {
		author_id = f[TF_AUTHOR]->valuestring;
		author = user_by_id(n, author_id);
		add_direction(rec, a, author);
		cJSON_AddItemToObjectCS(rec, "author", author);
	}
	cJSON_ArrayForEach(it, f[TF_REFS]) {
		if (!(s = tw_json_str(it, "type")))
			continue;
		for (i = 0; i < 3; i++)
			if (strcmp(s, kinds[i]) == 0 && !ref[i])
				ref[i] = tw_json_str(it, "id");
	}
	orig = ref[2] ? idx_get(&n->tweets, ref[2]) : NULL;
	u = orig ? user_lookup(n, tw_json_str(orig, "author_id")) : NULL;
	note = f[TF_NOTE];
	if (u && tw_json_str(u, "username") && v2_full_text(orig))
		add_rt_text(rec, tw_json_str(u, "username"), v2_full_text(orig));
	else if (cJSON_IsString(GET(note, "text")))
		move_str(rec, "text", note, GET(note, "text"), steal);
	else
		move_str(rec, "text", t, f[TF_TEXT], steal);
	cJSON_Delete(u);
	move_str(rec, "lang", t, f[TF_LANG], steal);
	move_str(rec, "conversation_id", t, f[TF_CONV], steal);
	add_in_reply_to(rec, ref[0],
	    cJSON_IsString(f[TF_IRT]) ? f[TF_IRT]->valuestring : NULL);
	add_str(rec, "quote_of", ref[1]);
	add_str(rec, "retweet_of", ref[2]);
	if (!(ent = GET(note, "entities")))
		ent = f[TF_ENT];
	add_obj(rec, "entities", entities_v2(ent, steal));
	add_obj(rec, "media", media_v2(n, f[TF_ATT]));
	add_obj(rec, "metrics", metrics_v2(f[TF_PM]));
	move_str(rec, "client", t, f[TF_SOURCE], steal);
	if (nested)
		return rec;
	add_str(rec, "source", n->source);
	refs = cJSON_CreateObject();
	for (i = 0; i < 3; i++)
		if (ref[i] && (orig = idx_get(&n->tweets, ref[i])))
			cJSON_AddItemToObjectCS(refs, kinds[i],
			    tweet_v2(n, orig, 1));
	add_obj(rec, "referenced", refs);
	carry_fields(rec, t, &mk, &fs, steal);
	carry_page(rec, n->page);
	return rec;
}

/* v2 DM events */

/* The other participant of a one-to-one conversation "a-b". */
static const char *
other_party(const char *conv, const char *sender, char *buf, size_t n)
{
	const char *dash;
	size_t la;

	if (!conv || !sender || !(dash = strchr(conv, '-')))
		return NULL;
	la = (size_t)(dash - conv);
	if (strlen(sender) == la && strncmp(conv, sender, la) == 0)
		snprintf(buf, n, "%s", dash + 1);
	else if (strcmp(dash + 1, sender) == 0)
		snprintf(buf, n, "%.*s", (int)la, conv);
	else
		return NULL;
	return buf;
}

static void
add_recipient(cJSON *rec, const struct norm *n, const char *id)
{
	cJSON *o, *u;

	if (!id)
		return;
	o = cJSON_CreateObject();
	add_str(o, "id", id);
	if ((u = user_lookup(n, id))) {
		add_str(o, "username", tw_json_str(u, "username"));
		cJSON_Delete(u);
	}
	cJSON_AddItemToObjectCS(rec, "recipient", o);
}

static cJSON *
dm_v2(struct norm *n, const cJSON *d)
{
	static const struct keys mk = KEYS(v2_dm_keys);
	const struct tw_ident *a = account(n);
	const char *sender, *conv, *ev;
	char buf[64];
	cJSON *rec, *author;

	rec = cJSON_CreateObject();
	add_str(rec, "type", "dm");
	add_str(rec, "id", tw_json_str(d, "id"));
	add_time(rec, "created_at", tw_json_str(d, "created_at"));
	add_account(rec, a);
	sender = tw_json_str(d, "sender_id");
	conv = tw_json_str(d, "dm_conversation_id");
	if (sender) {
		author = user_by_id(n, sender);
		add_direction(rec, a, author);
		cJSON_AddItemToObjectCS(rec, "author", author);
	}
	add_recipient(rec, n, other_party(conv, sender, buf, sizeof buf));
	add_str(rec, "text", tw_json_str(d, "text"));
	add_str(rec, "dm_conversation_id", conv);
	add_obj(rec, "entities", entities_v2(GET(d, "entities"), 0));
	add_obj(rec, "media", media_v2(n, GET(d, "attachments")));
	ev = tw_json_str(d, "event_type");
	if (ev && strcmp(ev, "MessageCreate") != 0)
		add_str(rec, "event", ev);
	add_str(rec, "source", n->source);
	carry(rec, d, &mk, 0, 0);
	carry_page(rec, n->page);
	return rec;
}

static cJSON *
user_v2(struct norm *n, const cJSON *u)
{
	static const struct keys mk = KEYS(v2_user_keys);
	cJSON *rec = cJSON_CreateObject();

	add_str(rec, "type", "user");
	user_fields(rec, u, 0);
	add_account(rec, account(n));
	add_str(rec, "source", n->source);
	carry(rec, u, &mk, 0, 0);
	carry_page(rec, n->page);
	return rec;
}

/* v1.1 */

static const char *
v11_full_text(const cJSON *t)
{
	const char *s;

	if ((s = tw_json_str(GET(t, "extended_tweet"), "full_text")))
		return s;
	if ((s = tw_json_str(t, "full_text")))
		return s;
	return tw_json_str(t, "text");
}

static const cJSON *
v11_entities(const cJSON *t)
{
	const cJSON *e = GET(GET(t, "extended_tweet"), "entities");

	return e ? e : GET(t, "entities");
}

static const cJSON *
v11_media(const cJSON *t)
{
	const cJSON *x = GET(t, "extended_tweet"), *m;

	if ((m = GET(GET(x, "extended_entities"), "media")))
		return m;
	if ((m = GET(GET(x, "entities"), "media")))
		return m;
	if ((m = GET(GET(t, "extended_entities"), "media")))
		return m;
	return GET(GET(t, "entities"), "media");
}

static cJSON *
tweet_v11(struct norm *n, const cJSON *t, int nested)
{
	static const struct keys mk = KEYS(v11_tweet_keys);
	const struct tw_ident *a = nested ? NULL : account(n);
	const cJSON *rt, *qt, *user, *src;
	const char *rtuser, *quote;
	cJSON *rec, *author = NULL, *refs;

	rt = GET(t, "retweeted_status");
	if (!cJSON_IsObject(rt))
		rt = NULL;
	qt = GET(t, "quoted_status");
	if (!cJSON_IsObject(qt))
		qt = NULL;
	rec = cJSON_CreateObject();
	add_str(rec, "type", "tweet");
	add_str(rec, "id", tw_json_str(t, "id_str"));
	add_time(rec, "created_at", tw_json_str(t, "created_at"));
	add_account(rec, a);
	if (cJSON_IsObject(user = GET(t, "user"))) {
		author = tw_user_from_v11(user);
		add_direction(rec, a, author);
		cJSON_AddItemToObjectCS(rec, "author", author);
	}
	/* A retweet's own text is cut at 140: show the original's. */
	src = t;
	rtuser = rt ? tw_json_str(GET(rt, "user"), "screen_name") : NULL;
	if (rtuser && v11_full_text(rt)) {
		add_rt_text(rec, rtuser, v11_full_text(rt));
		src = rt;
	} else
		add_str(rec, "text", v11_full_text(t));
	add_str(rec, "lang", tw_json_str(t, "lang"));
	add_in_reply_to(rec, tw_json_str(t, "in_reply_to_status_id_str"),
	    tw_json_str(t, "in_reply_to_user_id_str"));
	if (!(quote = tw_json_str(t, "quoted_status_id_str")) && qt)
		quote = tw_json_str(qt, "id_str");
	add_str(rec, "quote_of", quote);
	add_str(rec, "retweet_of", rt ? tw_json_str(rt, "id_str") : NULL);
	add_obj(rec, "entities", entities_v11(v11_entities(src)));
	add_obj(rec, "media", media_v11(v11_media(src)));
	add_obj(rec, "metrics", metrics_v11(t));
	add_str(rec, "client", tw_json_str(t, "source"));
	if (nested)
		return rec;
	add_str(rec, "source", n->source);
	refs = cJSON_CreateObject();
	if (qt)
		cJSON_AddItemToObjectCS(refs, "quoted", tweet_v11(n, qt, 1));
	if (rt)
		cJSON_AddItemToObjectCS(refs, "retweeted", tweet_v11(n, rt, 1));
	add_obj(rec, "referenced", refs);
	carry(rec, t, &mk, 1, 0);
	return rec;
}

static cJSON *
user_v11(struct norm *n, const cJSON *u)
{
	static const struct keys mk = KEYS(v11_user_keys);
	cJSON *rec = cJSON_CreateObject();

	add_str(rec, "type", "user");
	user_fields(rec, u, 1);
	add_account(rec, account(n));
	add_str(rec, "source", n->source);
	carry(rec, u, &mk, 1, 0);
	return rec;
}

/* "lo-hi", the v2 id of the one-to-one conversation of two users. */
static const char *
conv_id(const char *a, const char *b, char *buf, size_t n)
{
	size_t la, lb;

	if (!a || !b)
		return NULL;
	la = strlen(a);
	lb = strlen(b);
	if (la > lb || (la == lb && strcmp(a, b) > 0)) {
		const char *t = a;
		a = b;
		b = t;
	}
	snprintf(buf, n, "%s-%s", a, b);
	return buf;
}

static cJSON *
dm_v11(struct norm *n, const cJSON *e)
{
	static const struct keys mk = KEYS(v11_dm_keys);
	const struct tw_ident *a = account(n);
	const cJSON *mc = GET(e, "message_create"), *md;
	const char *sender, *recip;
	char buf[64];
	cJSON *rec, *author;

	md = GET(mc, "message_data");
	sender = tw_json_str(mc, "sender_id");
	recip = tw_json_str(GET(mc, "target"), "recipient_id");
	rec = cJSON_CreateObject();
	add_str(rec, "type", "dm");
	add_str(rec, "id", tw_json_str(e, "id"));
	add_time(rec, "created_at", tw_json_str(e, "created_timestamp"));
	add_account(rec, a);
	if (sender) {
		author = user_by_id(n, sender);
		add_direction(rec, a, author);
		cJSON_AddItemToObjectCS(rec, "author", author);
	}
	add_recipient(rec, n, recip);
	add_str(rec, "text", tw_json_str(md, "text"));
	add_str(rec, "dm_conversation_id", conv_id(sender, recip, buf, sizeof buf));
	add_obj(rec, "entities", entities_v11(GET(md, "entities")));
	add_obj(rec, "media", media_v11(GET(GET(md, "attachment"), "media")));
	add_str(rec, "source", n->source);
	carry(rec, e, &mk, 1, 0);
	return rec;
}

/* dispatch */

static void
out(struct norm *n, cJSON *rec)
{
	n->n++;
	n->emit(rec, n->ctx);
}

static void
page_item(struct norm *n, const cJSON *it)
{
	if (!cJSON_IsObject(it))
		return;
	if (GET(it, "event_type"))
		out(n, dm_v2(n, it));
	else if (GET(it, "username") && !GET(it, "text"))
		out(n, user_v2(n, it));
	else if (cJSON_IsString(GET(it, "id")))
		out(n, tweet_v2(n, it, 0));
	else
		out(n, cJSON_Duplicate(it, 1));
}

static void
page(struct norm *n, const cJSON *data, const cJSON *inc)
{
	const cJSON *it;

	idx_build(&n->users, GET(inc, "users"), "id");
	idx_build(&n->tweets, GET(inc, "tweets"), "id");
	idx_build(&n->media, GET(inc, "media"), "media_key");
	if (cJSON_IsArray(data)) {
		for (it = data->child; it; it = it->next)
			page_item(n, it);
	} else
		page_item(n, data);
}

/* The brand account of an envelope, when the caller gave none: its id,
 * and its username from the users map or the includes. */
static void
own_account(struct norm *n, const char *id, const cJSON *inc)
{
	const cJSON *u = NULL, *it;

	if (!id || n->own.id)
		return;
	n->own.id = id;
	if (n->umap && (u = GET(n->umap, id)) && cJSON_IsObject(GET(u, "data")))
		u = GET(u, "data");
	cJSON_ArrayForEach(it, GET(inc, "users"))
		if (!u && (id = tw_json_str(it, "id")) && !strcmp(id, n->own.id))
			u = it;
	if (!(n->own.username = tw_json_str(u, "screen_name")))
		n->own.username = tw_json_str(u, "username");
}

static void
v11_list(struct norm *n, const cJSON *o)
{
	const cJSON *it;

	if (cJSON_IsObject(GET(o, "users")))
		n->umap = GET(o, "users");
	own_account(n, tw_json_str(o, "for_user_id"), NULL);
	cJSON_ArrayForEach(it, GET(o, "statuses"))
		if (cJSON_IsObject(it))
			out(n, tweet_v11(n, it, 0));
	cJSON_ArrayForEach(it, GET(o, "tweet_create_events"))
		if (cJSON_IsObject(it))
			out(n, tweet_v11(n, it, 0));
	cJSON_ArrayForEach(it, GET(o, "events"))
		if (cJSON_IsObject(GET(it, "message_create")))
			out(n, dm_v11(n, it));
	cJSON_ArrayForEach(it, GET(o, "direct_message_events"))
		if (cJSON_IsObject(GET(it, "message_create")))
			out(n, dm_v11(n, it));
	if (cJSON_IsObject(GET(GET(o, "event"), "message_create")))
		out(n, dm_v11(n, GET(o, "event")));
}

static const char *
api_error(const cJSON *o)
{
	static char msg[512];
	const cJSON *e = cJSON_GetArrayItem(GET(o, "errors"), 0);
	const char *title, *detail;

	if (!e)
		e = o;
	title = tw_json_str(e, "title");
	detail = tw_json_str(e, "detail");
	if (!detail)
		detail = tw_json_str(e, "message");
	if (!title && !detail && e != o) {
		title = tw_json_str(o, "title");
		detail = tw_json_str(o, "detail");
	}
	if (!title && detail && cJSON_IsNumber(GET(e, "code")))
		snprintf(msg, sizeof msg, "API error: %s (code %d)", detail,
		    GET(e, "code")->valueint);
	else if (title && detail)
		snprintf(msg, sizeof msg, "API error: %s: %s", title, detail);
	else if (title || detail)
		snprintf(msg, sizeof msg, "API error: %s", title ? title : detail);
	else if (cJSON_IsNumber(GET(e, "code")))
		snprintf(msg, sizeof msg, "API error: code %d",
		    GET(e, "code")->valueint);
	else
		snprintf(msg, sizeof msg, "API error");
	return msg;
}

static int
norm_one(struct norm *n, const cJSON *in, const char **err)
{
	const cJSON *d, *p, *it;
	cJSON *rec;

	switch (tw_record_shape(in)) {
	case TW_SHAPE_RECORD:
		rec = cJSON_Duplicate(in, 1);
		tw_record_fill(rec, account(n), n->source);
		out(n, rec);
		break;
	case TW_SHAPE_V2_PAGE:
		n->page = in;
		page(n, GET(in, "data"), GET(in, "includes"));
		n->page = NULL;
		break;
	case TW_SHAPE_V2_TWEET:
		out(n, tweet_v2(n, in, 0));
		break;
	case TW_SHAPE_V2_DM:
		out(n, dm_v2(n, in));
		break;
	case TW_SHAPE_V2_USER:
		out(n, user_v2(n, in));
		break;
	case TW_SHAPE_V11_TWEET:
		out(n, tweet_v11(n, in, 0));
		break;
	case TW_SHAPE_V11_USER:
		out(n, user_v11(n, in));
		break;
	case TW_SHAPE_V11_DM:
		out(n, dm_v11(n, in));
		break;
	case TW_SHAPE_V11_LIST:
		v11_list(n, in);
		break;
	case TW_SHAPE_ACTIVITY:
		d = GET(in, "data");
		p = GET(d, "payload");
		if (GET(p, "direct_message_events")) {
			n->umap = GET(p, "users");
			own_account(n, tw_json_str(GET(d, "filter"), "user_id"),
			    NULL);
			v11_list(n, p);
		} else if (cJSON_IsString(GET(p, "id"))) {
			own_account(n, tw_json_str(GET(d, "filter"), "user_id"),
			    GET(d, "includes"));
			page(n, p, GET(d, "includes"));
		} else
			out(n, cJSON_Duplicate(in, 1));
		break;
	case TW_SHAPE_ERROR:
		*err = api_error(in);
		return -1;
	case TW_SHAPE_ARRAY:
		cJSON_ArrayForEach(it, in) {
			if (!cJSON_IsObject(it) && !cJSON_IsArray(it)) {
				*err = "not a JSON object";
				return -1;
			}
			if (norm_one(n, it, err) < 0)
				return -1;
		}
		break;
	case TW_SHAPE_OTHER:
		out(n, cJSON_Duplicate(in, 1));
		break;
	}
	return 0;
}

static int
normalize(const cJSON *in, const struct tw_ident *acct, const char *source,
    tw_emit_fn emit, void *ctx, const char **err, int steal)
{
	struct norm n;
	const char *e = NULL;
	int rv;

	memset(&n, 0, sizeof n);
	n.acct = acct;
	n.source = source;
	n.emit = emit;
	n.ctx = ctx;
	n.steal = steal;
	rv = norm_one(&n, in, &e);
	idx_clear(&n.users);
	free(n.users.v);
	free(n.tweets.v);
	free(n.media.v);
	if (err)
		*err = e;
	return rv < 0 ? -1 : n.n;
}

int
tw_normalize(const cJSON *in, const struct tw_ident *acct,
    const char *source, tw_emit_fn emit, void *ctx, const char **err)
{
	return normalize(in, acct, source, emit, ctx, err, 0);
}

int
tw_normalize_own(cJSON *in, const struct tw_ident *acct,
    const char *source, tw_emit_fn emit, void *ctx, const char **err)
{
	return normalize(in, acct, source, emit, ctx, err, 1);
}

enum tw_shape
tw_record_shape(const cJSON *o)
{
	const cJSON *d;
	const char *s;

	if (cJSON_IsArray(o))
		return TW_SHAPE_ARRAY;
	if (!cJSON_IsObject(o))
		return TW_SHAPE_OTHER;
	s = tw_json_str(o, "type");
	if (s && (!strcmp(s, "tweet") || !strcmp(s, "dm") ||
	    !strcmp(s, "user")) && cJSON_IsString(GET(o, "id")))
		return TW_SHAPE_RECORD;
	if ((d = GET(o, "data"))) {
		if (cJSON_IsObject(d) && cJSON_IsObject(GET(d, "payload")) &&
		    GET(d, "event_type"))
			return TW_SHAPE_ACTIVITY;
		if (cJSON_IsArray(d) ||
		    (cJSON_IsObject(d) && cJSON_IsString(GET(d, "id"))))
			return TW_SHAPE_V2_PAGE;
		return TW_SHAPE_OTHER;
	}
	if (!GET(o, "id_str") && !GET(o, "id")) {
		if (cJSON_IsArray(GET(o, "errors")) ||
		    (tw_json_str(o, "title") && s))
			return TW_SHAPE_ERROR;
		if (cJSON_IsObject(GET(o, "meta")) ||
		    cJSON_IsObject(GET(o, "includes")))
			return TW_SHAPE_V2_PAGE;
		if (GET(o, "for_user_id") || cJSON_IsArray(GET(o, "statuses")) ||
		    cJSON_IsArray(GET(o, "events")) ||
		    cJSON_IsArray(GET(o, "direct_message_events")) ||
		    cJSON_IsObject(GET(GET(o, "event"), "message_create")))
			return TW_SHAPE_V11_LIST;
		return TW_SHAPE_OTHER;
	}
	/* a journal's event (tw-audit(1)): a send's line has the post's
	 * "id" and "text", but it is tw's own, never the API's */
	if (cJSON_IsString(GET(o, "event")) && cJSON_IsString(GET(o, "time")))
		return TW_SHAPE_OTHER;
	if (cJSON_IsString(GET(o, "id_str"))) {
		if (GET(o, "text") || GET(o, "full_text"))
			return TW_SHAPE_V11_TWEET;
		if (GET(o, "screen_name"))
			return TW_SHAPE_V11_USER;
	}
	if (s && !strcmp(s, "message_create") &&
	    cJSON_IsObject(GET(o, "message_create")))
		return TW_SHAPE_V11_DM;
	if (cJSON_IsString(GET(o, "id"))) {
		if (GET(o, "event_type"))
			return TW_SHAPE_V2_DM;
		if (GET(o, "text") || GET(o, "edit_history_tweet_ids") ||
		    GET(o, "author_id"))
			return TW_SHAPE_V2_TWEET;
		if (GET(o, "username"))
			return TW_SHAPE_V2_USER;
	}
	return TW_SHAPE_OTHER;
}
