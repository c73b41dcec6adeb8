/* sbstore.c - tw-sandbox's store: users, posts, DMs, media, stream rules
 * and the streams' queues; snowflake ids; entities; the tw record built
 * for query matching and the rules a post matches; loading seed lines.
 *
 * Layer: store (lib/sandbox/README).  Calls sblog.c and sbseed.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sbstore.h"
#include "sblog.h"
#include "ndjson.h"
#include "query.h"
#include "text.h"
#include "timefmt.h"

struct sb_store sb;

/* X's snowflake epoch: ids are (ms since it) << 22 | sequence, so they
 * are 19 digits today and ordered by time. */
#define SB_EPOCH_MS 1288834974657LL

void
sb_store_init(time_t now)
{
	pthread_mutex_init(&sb.mu, NULL);
	pthread_cond_init(&sb.cv, NULL);
	sb.t0 = now;
	sb.ms0 = tw_now_ms();
	sb.mention_cap = 800;
	sb.stream_max = 1;
	sb.faults.keepalive = 20;
	sb.faults.timeout_ms = 65000;
	sb.rng = 0x9e3779b97f4a7c15ULL;
}

time_t
sb_now(void)
{
	return sb.t0 + (time_t)((tw_now_ms() - sb.ms0) / 1000);
}

long long
sb_now_ms(void)
{
	return (long long)sb.t0 * 1000 + (tw_now_ms() - sb.ms0);
}

static uint64_t
snowflake(long long ms)
{
	if (ms < SB_EPOCH_MS)
		ms = SB_EPOCH_MS;
	return (uint64_t)(ms - SB_EPOCH_MS) << 22;
}

uint64_t
sb_next_id(long long ms)
{
	uint64_t n = snowflake(ms);

	if (n <= sb.last_id)
		n = sb.last_id + 1;
	sb.last_id = n;
	return n;
}

/* Ids for seeded objects in the past: unique, ordered by time. */
static uint32_t past_seq;

static uint64_t
past_id(time_t t)
{
	uint64_t n = snowflake((long long)t * 1000) | (past_seq++ & 0x3fffff);

	if (n > sb.last_id)
		sb.last_id = n;
	return n;
}

static void
saw_id(uint64_t n)
{
	if (n > sb.last_id)
		sb.last_id = n;
}

char *
sb_id_str(uint64_t n)
{
	return xasprintf("%llu", (unsigned long long)n);
}

static uint64_t
parse_u64(const char *s)
{
	uint64_t n = 0;

	if (!s || !*s)
		return 0;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s) || n > UINT64_MAX / 10 - 1)
			return 0;
		n = n * 10 + (*s - '0');
	}
	return n;
}

/* users */

struct sb_user *
sb_user_by_id(const char *id)
{
	size_t i;

	for (i = 0; id && i < sb.nusers; i++)
		if (strcmp(sb.users[i]->id, id) == 0)
			return sb.users[i];
	return NULL;
}

struct sb_user *
sb_user_by_name(const char *name)
{
	size_t i;

	if (name && *name == '@')
		name++;
	for (i = 0; name && i < sb.nusers; i++)
		if (strcasecmp(sb.users[i]->username, name) == 0)
			return sb.users[i];
	return NULL;
}

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)tolower((unsigned char)*s);
		h *= 1099511628211ULL;
	}
	return h;
}

static int
valid_username(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '_')
			return 0;
	return n >= 1 && n <= 15;
}

static struct sb_user *
user_add(const char *id, const char *username)
{
	struct sb_user *u = xcalloc(1, sizeof *u);
	uint64_t h = fnv(username), n;
	char buf[24];

	if (id) {
		u->id = xstrdup(id);
	} else {
		/* Accounts made 2008-2024 have 8 to 19 digit ids; a stable
		 * hash of the name keeps them the same run after run. */
		n = h % 3 == 0 ? 10000000 + h % 90000000 :
		    h % 3 == 1 ? 100000000 + h % 4000000000ULL :
		    700000000000000000ULL + h % 1200000000000000000ULL;
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)n);
		while (sb_user_by_id(buf))
			snprintf(buf, sizeof buf, "%llu", (unsigned long long)++n);
		u->id = xstrdup(buf);
	}
	u->username = xstrdup(username);
	u->name = xstrdup(username);
	u->description = xstrdup("");
	u->verified_type = xstrdup("none");
	u->followers = (long)(h % 400);
	u->following = (long)(h / 7 % 600);
	u->tweets = (long)(h / 11 % 5000);
	u->listed = (long)(h / 13 % 5);
	u->created_at = sb.t0 - (time_t)(86400 * (400 + h / 17 % 4000));
	sb.users = xrealloc(sb.users, (sb.nusers + 1) * sizeof *sb.users);
	sb.users[sb.nusers++] = u;
	sb.dirty = 1;
	return u;
}

struct sb_user *
sb_user_ensure(const char *username)
{
	struct sb_user *u;

	if (username && *username == '@')
		username++;
	if (!username || !valid_username(username))
		return NULL;
	if ((u = sb_user_by_name(username)))
		return u;
	return user_add(NULL, username);
}

/* posts */

static struct sb_tweet *
tweet_find(uint64_t n)
{
	size_t lo = 0, hi = sb.ntweets, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sb.tweets[mid]->n == n)
			return sb.tweets[mid];
		if (sb.tweets[mid]->n < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct sb_tweet *
sb_tweet_by_id(const char *id)
{
	uint64_t n = parse_u64(id);

	return n ? tweet_find(n) : NULL;
}

struct sb_dm *
sb_dm_by_id(const char *id)
{
	size_t i;

	for (i = 0; id && i < sb.ndms; i++)
		if (strcmp(sb.dms[i]->id, id) == 0)
			return sb.dms[i];
	return NULL;
}

struct sb_media *
sb_media_by_id(const char *id)
{
	size_t i;

	for (i = 0; id && i < sb.nmedia; i++)
		if (strcmp(sb.media[i]->id, id) == 0)
			return sb.media[i];
	return NULL;
}

struct sb_media *
sb_media_by_key(const char *key)
{
	size_t i;

	for (i = 0; key && i < sb.nmedia; i++)
		if (strcmp(sb.media[i]->key, key) == 0)
			return sb.media[i];
	return NULL;
}

char *
sb_conv_id(const char *a, const char *b)
{
	uint64_t x = parse_u64(a), y = parse_u64(b);

	return x < y ? xasprintf("%s-%s", a, b) : xasprintf("%s-%s", b, a);
}

static int
tweet_cmp(const void *a, const void *b)
{
	const struct sb_tweet *x = *(struct sb_tweet *const *)a;
	const struct sb_tweet *y = *(struct sb_tweet *const *)b;

	return x->n < y->n ? -1 : x->n > y->n;
}

static int
dm_cmp(const void *a, const void *b)
{
	const struct sb_dm *x = *(struct sb_dm *const *)a;
	const struct sb_dm *y = *(struct sb_dm *const *)b;

	return x->n < y->n ? -1 : x->n > y->n;
}

void
sb_sort(void)
{
	if (sb.ntweets)
		qsort(sb.tweets, sb.ntweets, sizeof *sb.tweets, tweet_cmp);
	if (sb.ndms)
		qsort(sb.dms, sb.ndms, sizeof *sb.dms, dm_cmp);
}

/* entities: @mentions, #hashtags, $cashtags and URLs with code point
 * offsets (start inclusive, end exclusive), as v2 gives them */

static int
namec(int c)
{
	return isalnum(c) || c == '_';
}

static int
tagc(const unsigned char *p)
{
	if (*p < 0x80)
		return namec(*p);
	/* CJK punctuation (U+3000-303F) and full-width forms end a tag */
	if (p[0] == 0xe3 && p[1] == 0x80)
		return 0;
	if (p[0] == 0xef && (p[1] == 0xbc || p[1] == 0xbd))
		return 0;
	return 1;
}

static size_t
cps(const char *s, size_t n)       /* code points in s[0..n) */
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static void
ent_add(cJSON *ents, const char *kind, const char *text, const char *s,
    const char *e, const char *key, const char *val)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(ents, kind), *o;

	if (!arr)
		arr = cJSON_AddArrayToObject(ents, kind);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "start", (double)cps(text, s - text));
	cJSON_AddNumberToObject(o, "end", (double)cps(text, e - text));
	cJSON_AddStringToObject(o, key, val);
	cJSON_AddItemToArray(arr, o);
}

static cJSON *
extract(const char *text)
{
	cJSON *ents = cJSON_CreateObject(), *arr, *o;
	const unsigned char *p = (const unsigned char *)text, *q;
	const struct sb_user *u;
	char *v;
	int digits;

	while (*p) {
		int lead = p == (const unsigned char *)text ||
		    !namec(p[-1]);

		if (*p == '@' && lead && namec(p[1])) {
			for (q = p + 1; namec(*q) && q - p <= 15; q++)
				;
			if (!namec(*q)) {
				v = xstrndup((const char *)p + 1, q - p - 1);
				ent_add(ents, "mentions", text, (const char *)p,
				    (const char *)q, "username", v);
				if ((u = sb_user_by_name(v))) {
					arr = cJSON_GetObjectItemCaseSensitive(ents,
					    "mentions");
					o = cJSON_GetArrayItem(arr,
					    cJSON_GetArraySize(arr) - 1);
					cJSON_AddStringToObject(o, "id", u->id);
				}
				free(v);
			}
			p = q;
			continue;
		}
		if ((*p == '#' || *p == '$') && lead && p[1] && tagc(p + 1)) {
			digits = 1;
			for (q = p + 1; *q && tagc(q); q++) {
				if (!isdigit(*q))
					digits = 0;
				if (*q >= 0x80)
					while ((q[1] & 0xc0) == 0x80)
						q++;
			}
			v = xstrndup((const char *)p + 1, q - p - 1);
			if (!digits && (*p == '#' || q - p <= 7))
				ent_add(ents, *p == '#' ? "hashtags" : "cashtags",
				    text, (const char *)p, (const char *)q,
				    "tag", v);
			free(v);
			p = q;
			continue;
		}
		if ((strncmp((const char *)p, "https://", 8) == 0 ||
		    strncmp((const char *)p, "http://", 7) == 0) && lead) {
			for (q = p; *q && !isspace(*q); q++)
				;
			while (q > p && strchr(".,!?)'\"", q[-1]))
				q--;
			v = xstrndup((const char *)p, q - p);
			ent_add(ents, "urls", text, (const char *)p,
			    (const char *)q, "url", v);
			arr = cJSON_GetObjectItemCaseSensitive(ents, "urls");
			o = cJSON_GetArrayItem(arr, cJSON_GetArraySize(arr) - 1);
			cJSON_AddStringToObject(o, "expanded_url", v);
			cJSON_AddStringToObject(o, "display_url",
			    v + (v[4] == 's' ? 8 : 7));
			free(v);
			p = q;
			continue;
		}
		p++;
	}
	return ents;
}

int
sb_mentions_user(const struct sb_tweet *t, const struct sb_user *u)
{
	const cJSON *e;
	const char *v;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(t->entities,
	    "mentions"))
		if ((v = tw_json_str(e, "username")) &&
		    strcasecmp(v, u->username) == 0)
			return 1;
	return 0;
}

/* X's weighted length (twitter-text v3); text that is not UTF-8 is kept
 * whole. */
static long
weighted(const char *s)
{
	struct tw_text_result r;

	if (tw_text_parse(s, strlen(s), tw_text_config_v3(), &r) < 0)
		return 0;
	return r.weighted_length;
}

/* The first 279 weighted characters and an ellipsis. */
static char *
truncate_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long w = 0;
	tw_buf b = { 0 };
	size_t n;

	while (*p) {
		n = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
		w += *p >= 0xe1 ? 2 : 1;
		if (w > 278)
			break;
		tw_buf_add(&b, p, n);
		p += n;
		while (*p && (*p & 0xc0) == 0x80)
			tw_buf_addc(&b, *p++);
	}
	tw_buf_adds(&b, "\xe2\x80\xa6");
	return tw_buf_steal(&b);
}

/* A crude language guess for posts made at run time. */
char *
sb_lang_guess(const char *text)
{
	static const struct {
		const char *lang, *words;
	} langs[] = {
		{ "es", " el la los que por vuelo gracias mi maleta " },
		{ "fr", " le les est mon vol merci je pas une " },
		{ "de", " der die das ist mein nicht und flug danke " },
		{ "pt", " o meu voo obrigado não uma para " },
	};
	const unsigned char *p;
	char word[32];
	size_t i, n, best = 0, hits[4] = { 0 };
	const char *w;

	for (p = (const unsigned char *)text; *p; p++) {
		if (p[0] == 0xe3 && (p[1] == 0x81 || p[1] == 0x82 ||
		    p[1] == 0x83))
			return xstrdup("ja");
		if (p[0] >= 0xea && p[0] <= 0xed)
			return xstrdup("ko");
	}
	for (p = (const unsigned char *)text; *p; p++)
		if (p[0] >= 0xe4 && p[0] <= 0xe9)
			return xstrdup("zh");
	for (w = text; *w;) {
		while (*w && !isalpha((unsigned char)*w) &&
		    (unsigned char)*w < 0x80)
			w++;
		for (n = 0; w[n] && (isalpha((unsigned char)w[n]) ||
		    (unsigned char)w[n] >= 0x80) && n < 28; n++)
			;
		if (!n)
			break;
		word[0] = ' ';
		for (i = 0; i < n; i++)
			word[i + 1] = (char)tolower((unsigned char)w[i]);
		word[n + 1] = ' ';
		word[n + 2] = 0;
		for (i = 0; i < 4; i++)
			if (strstr(langs[i].words, word))
				hits[i]++;
		w += n;
	}
	for (i = 1; i < 4; i++)
		if (hits[i] > hits[best])
			best = i;
	return xstrdup(hits[best] >= 2 ? langs[best].lang : "en");
}

static struct sb_tweet *
tweet_alloc(uint64_t n, time_t t, struct sb_user *a, const char *text)
{
	struct sb_tweet *tw = xcalloc(1, sizeof *tw);

	tw->n = n;
	tw->id = sb_id_str(n);
	tw->created_at = t;
	tw->author_id = xstrdup(a->id);
	if (weighted(text) > 280) {
		tw->note = xstrdup(text);
		tw->text = truncate_text(text);
	} else {
		tw->text = xstrdup(text);
	}
	tw->entities = extract(text);
	tw->conversation_id = xstrdup(tw->id);
	return tw;
}

static void
tweet_append(struct sb_tweet *t)
{
	sb.tweets = xrealloc(sb.tweets, (sb.ntweets + 1) * sizeof *sb.tweets);
	sb.tweets[sb.ntweets++] = t;
	sb.dirty = 1;
}

/* Link t to the post it replies to, quotes or retweets. */
static void
tweet_link(struct sb_tweet *t, struct sb_tweet *parent, struct sb_tweet *quote,
    struct sb_tweet *rt, int count)
{
	if (parent) {
		t->reply_to = xstrdup(parent->id);
		t->reply_user_id = xstrdup(parent->author_id);
		free(t->conversation_id);
		t->conversation_id = xstrdup(parent->conversation_id);
		parent->replies += count;
	}
	if (quote) {
		t->quote_of = xstrdup(quote->id);
		quote->quotes += count;
	}
	if (rt) {
		t->retweet_of = xstrdup(rt->id);
		rt->retweets += count;
	}
}

struct sb_tweet *
sb_tweet_new(struct sb_user *a, const char *text, const char *in_reply_to,
    const char *quote_of, const char *lang, char **media_keys, size_t nmedia,
    const char *source, const char **err)
{
	struct sb_tweet *parent = NULL, *quote = NULL, *t;
	struct sb_user *pa;
	char *full = NULL;
	size_t i;

	if (in_reply_to && !(parent = sb_tweet_by_id(in_reply_to))) {
		*err = "the post to reply to does not exist";
		return NULL;
	}
	if (quote_of && !(quote = sb_tweet_by_id(quote_of))) {
		*err = "the quoted post does not exist";
		return NULL;
	}
	/* X puts the replied-to author's @name in front of a reply */
	if (parent && strcmp(parent->author_id, a->id) != 0 &&
	    (pa = sb_user_by_id(parent->author_id))) {
		size_t n = strlen(pa->username);

		if (!(text[0] == '@' && strncasecmp(text + 1, pa->username,
		    n) == 0 && !namec((unsigned char)text[n + 1])))
			text = full = xasprintf("@%s %s", pa->username, text);
	}
	t = tweet_alloc(sb_next_id(sb_now_ms()), sb_now(), a, text);
	t->lang = lang ? xstrdup(lang) : sb_lang_guess(text);
	t->source = xstrdup(source ? source : "api");
	tweet_link(t, parent, quote, NULL, 1);
	if (nmedia) {
		t->media_keys = xcalloc(nmedia, sizeof *t->media_keys);
		for (i = 0; i < nmedia; i++)
			t->media_keys[i] = xstrdup(media_keys[i]);
		t->nmedia = nmedia;
	}
	a->tweets++;
	free(full);
	tweet_append(t);
	return t;
}

static struct sb_dm *
dm_alloc(uint64_t n, time_t t, const struct sb_user *from,
    const struct sb_user *to, const char *text)
{
	struct sb_dm *d = xcalloc(1, sizeof *d);

	d->n = n;
	d->id = sb_id_str(n);
	d->created_at = t;
	d->conv_id = sb_conv_id(from->id, to->id);
	d->sender_id = xstrdup(from->id);
	d->recipient_id = xstrdup(to->id);
	d->text = xstrdup(text ? text : "");
	d->event_type = xstrdup("MessageCreate");
	return d;
}

static void
dm_append(struct sb_dm *d)
{
	sb.dms = xrealloc(sb.dms, (sb.ndms + 1) * sizeof *sb.dms);
	sb.dms[sb.ndms++] = d;
	sb.dirty = 1;
}

struct sb_dm *
sb_dm_new(struct sb_user *from, struct sb_user *to, const char *text,
    const char *media_key)
{
	struct sb_dm *d = dm_alloc(sb_next_id(sb_now_ms()), sb_now(), from, to,
	    text);

	if (media_key)
		d->media_key = xstrdup(media_key);
	dm_append(d);
	pthread_cond_broadcast(&sb.cv);
	return d;
}

/* The tw record of a post (tw-record(5)), as much as query matching
 * needs: tw-triage routes the same records with the same matcher. */
cJSON *
sb_tweet_record(const struct sb_tweet *t)
{
	cJSON *r = cJSON_CreateObject(), *o, *ents, *arr, *e;
	const struct sb_user *u = sb_user_by_id(t->author_id), *ru;
	const struct sb_tweet *rt;
	const cJSON *x;
	const char *kinds[] = { "mentions", "hashtags", "cashtags", "urls" };
	size_t i;

	cJSON_AddStringToObject(r, "type", "tweet");
	cJSON_AddStringToObject(r, "id", t->id);
	cJSON_AddStringToObject(r, "text", t->note ? t->note : t->text);
	if (t->lang)
		cJSON_AddStringToObject(r, "lang", t->lang);
	o = cJSON_AddObjectToObject(r, "author");
	cJSON_AddStringToObject(o, "id", t->author_id);
	if (u) {
		cJSON_AddStringToObject(o, "username", u->username);
		cJSON_AddBoolToObject(o, "verified", u->verified);
		cJSON_AddNumberToObject(o, "followers", (double)u->followers);
	}
	cJSON_AddStringToObject(r, "conversation_id", t->conversation_id);
	if (t->reply_to) {
		o = cJSON_AddObjectToObject(r, "in_reply_to");
		cJSON_AddStringToObject(o, "id", t->reply_to);
		cJSON_AddStringToObject(o, "user_id", t->reply_user_id);
		if ((ru = sb_user_by_id(t->reply_user_id)))
			cJSON_AddStringToObject(o, "username", ru->username);
	}
	if (t->retweet_of) {
		cJSON_AddStringToObject(r, "retweet_of", t->retweet_of);
		if ((rt = sb_tweet_by_id(t->retweet_of)) &&
		    (ru = sb_user_by_id(rt->author_id)))
			cJSON_AddStringToObject(r, "retweet_of_username",
			    ru->username);
	}
	if (t->quote_of)
		cJSON_AddStringToObject(r, "quote_of", t->quote_of);
	ents = cJSON_AddObjectToObject(r, "entities");
	for (i = 0; i < 4; i++) {
		arr = cJSON_AddArrayToObject(ents, kinds[i]);
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(t->entities,
		    kinds[i])) {
			e = cJSON_CreateObject();
			if (i == 3) {
				cJSON_AddStringToObject(e, "url", tw_json_str(x, "url"));
				cJSON_AddStringToObject(e, "expanded_url",
				    tw_json_str(x, "expanded_url"));
			} else {
				cJSON_AddStringToObject(e, i ? "tag" : "username",
				    tw_json_str(x, i ? "tag" : "username"));
			}
			cJSON_AddItemToArray(arr, e);
		}
	}
	if (t->nmedia) {
		arr = cJSON_AddArrayToObject(r, "media");
		for (i = 0; i < t->nmedia; i++) {
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "key", t->media_keys[i]);
			cJSON_AddItemToArray(arr, e);
		}
	}
	return r;
}

/* compliance */

struct sb_cev *
sb_cev_add(const char *event, const char *tweet_id, const char *user_id,
    time_t at, time_t created_at)
{
	struct sb_cev *e = xcalloc(1, sizeof *e);
	size_t i;

	e->event = xstrdup(event);
	e->tweet_id = tweet_id ? xstrdup(tweet_id) : NULL;
	e->user_id = xstrdup(user_id ? user_id : "");
	e->at = at;
	e->created_at = created_at ? created_at : at;
	sb.cevs = xrealloc(sb.cevs, (sb.ncevs + 1) * sizeof *sb.cevs);
	/* in time order: a seed's events may come in any order */
	for (i = sb.ncevs; i > 0 && sb.cevs[i - 1]->at > at; i--)
		sb.cevs[i] = sb.cevs[i - 1];
	sb.cevs[i] = e;
	sb.ncevs++;
	sb.dirty = 1;
	return e;
}

static void
tweet_free(struct sb_tweet *t)
{
	size_t j;

	free(t->id);
	free(t->author_id);
	free(t->text);
	free(t->note);
	free(t->lang);
	free(t->reply_to);
	free(t->reply_user_id);
	free(t->conversation_id);
	free(t->quote_of);
	free(t->retweet_of);
	for (j = 0; j < t->nmedia; j++)
		free(t->media_keys[j]);
	free(t->media_keys);
	free(t->source);
	cJSON_Delete(t->entities);
	free(t);
}

/* Its author deleted the post: gone from the store (every read and
 * stream), its event kept. */
struct sb_cev *
sb_tweet_delete(const char *id, time_t at)
{
	struct sb_tweet *t = sb_tweet_by_id(id);
	struct sb_cev *e;
	size_t i;

	if (!t)
		return NULL;
	e = sb_cev_add("delete", t->id, t->author_id, at, t->created_at);
	for (i = 0; i < sb.ntweets && sb.tweets[i] != t; i++)
		;
	memmove(sb.tweets + i, sb.tweets + i + 1,
	    (sb.ntweets - i - 1) * sizeof *sb.tweets);
	sb.ntweets--;
	tweet_free(t);
	return e;
}

/* An account's event: its state follows (user_suspend, user_unsuspend,
 * user_protect, user_unprotect, user_delete, user_undelete). */
struct sb_cev *
sb_user_event(struct sb_user *u, const char *event, time_t at)
{
	static const char *const names[] = { "suspend", "protect", "delete" };
	const char *what;
	int *flag[3], on, i;

	if (strncmp(event, "user_", 5) != 0)
		return NULL;
	what = event + 5;
	on = strncmp(what, "un", 2) != 0;
	if (!on)
		what += 2;
	flag[0] = &u->suspended;
	flag[1] = &u->protected;
	flag[2] = &u->deleted;
	for (i = 0; i < 3; i++)
		if (strcmp(what, names[i]) == 0) {
			*flag[i] = on;
			return sb_cev_add(event, NULL, u->id, at, 0);
		}
	return NULL;
}

static void
cevs_free(void)
{
	size_t i;

	for (i = 0; i < sb.ncevs; i++) {
		free(sb.cevs[i]->event);
		free(sb.cevs[i]->tweet_id);
		free(sb.cevs[i]->user_id);
		free(sb.cevs[i]);
	}
	free(sb.cevs);
	for (i = 0; i < sb.njobs; i++) {
		free(sb.jobs[i]->id);
		free(sb.jobs[i]->type);
		free(sb.jobs[i]->name);
		free(sb.jobs[i]->secret);
		free(sb.jobs[i]->ids);
		free(sb.jobs[i]);
	}
	free(sb.jobs);
}

/* seed and state loading */

static tw_kvs labels;   /* seed "key" -> post id */

static const char *
resolve(const char *ref)
{
	const char *id;

	if (!ref)
		return NULL;
	if ((id = tw_kvs_get(&labels, ref)))
		return id;
	return ref;
}

static long
num(const cJSON *o, const char *key, long def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (cJSON_IsNumber(v))
		return tw_json_long(v, def);
	if (cJSON_IsString(v) && isdigit((unsigned char)*v->valuestring))
		return strtol(v->valuestring, NULL, 10);
	return def;
}

static int
when(const cJSON *o, time_t *t, const struct tw_loc *loc)
{
	const char *s;
	long secs;

	if ((s = tw_json_str(o, "created_at"))) {
		if (tw_time_parse(s, sb.t0, t) < 0)
			goto bad;
		return 0;
	}
	if ((s = tw_json_str(o, "ago"))) {
		if (tw_duration_parse(s, &secs) < 0)
			goto bad;
		*t = sb.t0 - secs;
		return 0;
	}
	*t = sb.t0;
	return 0;
bad:
	sb_log("%s:%lu: bad time '%s'", loc->file, loc->line, s);
	return -1;
}

static void
setstr(char **dst, const cJSON *o, const char *key)
{
	const char *v = tw_json_str(o, key);

	if (v) {
		free(*dst);
		*dst = xstrdup(v);
	}
}

static int
load_user(const cJSON *o, const struct tw_loc *loc, int brand)
{
	const char *name = tw_json_str(o, "username"), *id = tw_json_str(o, "id");
	struct sb_user *u;
	const cJSON *v;

	if (!name || !valid_username(name)) {
		sb_log("%s:%lu: user needs a username ([A-Za-z0-9_]{1,15})",
		    loc->file, loc->line);
		return -1;
	}
	if (id && !parse_u64(id)) {
		sb_log("%s:%lu: bad user id '%s'", loc->file, loc->line, id);
		return -1;
	}
	if (!(u = sb_user_by_name(name)))
		u = user_add(id, name);
	setstr(&u->name, o, "name");
	setstr(&u->description, o, "description");
	setstr(&u->location, o, "location");
	setstr(&u->url, o, "url");
	setstr(&u->verified_type, o, "verified_type");
	u->followers = num(o, "followers", u->followers);
	u->following = num(o, "following", u->following);
	u->tweets = num(o, "tweets", u->tweets);
	u->listed = num(o, "listed", u->listed);
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "verified")))
		u->verified = cJSON_IsTrue(v);
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "protected")))
		u->protected = cJSON_IsTrue(v);
	if (u->verified && strcmp(u->verified_type, "none") == 0) {
		free(u->verified_type);
		u->verified_type = xstrdup(brand ? "business" : "blue");
	}
	if (tw_json_str(o, "created_at") || tw_json_str(o, "ago"))
		if (when(o, &u->created_at, loc) < 0)
			return -1;
	if (brand || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "brand")))
		sb.brand = u;
	return 0;
}

static struct sb_user *
who(const char *s)
{
	struct sb_user *u;

	if (!s)
		return NULL;
	if ((u = sb_user_by_id(s)))
		return u;
	return sb_user_ensure(s);
}

static int
load_tweet(const cJSON *o, const struct tw_loc *loc)
{
	const char *id = tw_json_str(o, "id"), *text = tw_json_str(o, "text");
	const char *key = tw_json_str(o, "key"), *s;
	struct sb_user *a = who(tw_json_str(o, "username"));
	struct sb_tweet *t, *parent = NULL, *quote = NULL, *rt = NULL;
	const cJSON *m, *e;
	time_t at;
	uint64_t n;
	char *rtext = NULL;

	if (!a)
		a = who(tw_json_str(o, "author_id"));
	if (!a) {
		sb_log("%s:%lu: tweet needs a valid username", loc->file,
		    loc->line);
		return -1;
	}
	if ((s = tw_json_str(o, "in_reply_to")) &&
	    !(parent = sb_tweet_by_id(resolve(s))))
		goto unknown;
	if ((s = tw_json_str(o, "quote_of")) &&
	    !(quote = sb_tweet_by_id(resolve(s))))
		goto unknown;
	if ((s = tw_json_str(o, "retweet_of")) &&
	    !(rt = sb_tweet_by_id(resolve(s))))
		goto unknown;
	if (!text && rt) {
		const struct sb_user *ra = sb_user_by_id(rt->author_id);

		text = rtext = xasprintf("RT @%s: %s", ra ? ra->username : "",
		    rt->note ? rt->note : rt->text);
	}
	if (!text) {
		sb_log("%s:%lu: tweet needs a text", loc->file, loc->line);
		return -1;
	}
	if (when(o, &at, loc) < 0)
		return -1;
	if (id) {
		if (!(n = parse_u64(id))) {
			sb_log("%s:%lu: bad tweet id '%s'", loc->file,
			    loc->line, id);
			return -1;
		}
		saw_id(n);
	} else {
		n = past_id(at);
	}
	if (tweet_find(n)) {
		sb_log("%s:%lu: duplicate tweet id %s", loc->file, loc->line,
		    id ? id : "");
		free(rtext);
		return -1;
	}
	t = tweet_alloc(n, at, a, text);
	free(rtext);
	if ((s = tw_json_str(o, "lang")))
		t->lang = xstrdup(s);
	else
		t->lang = sb_lang_guess(t->note ? t->note : t->text);
	t->source = xstrdup((s = tw_json_str(o, "source")) ? s : "seed");
	tweet_link(t, parent, quote, rt, id == NULL);
	if ((s = tw_json_str(o, "conversation_id"))) {
		free(t->conversation_id);
		t->conversation_id = xstrdup(s);
	}
	m = cJSON_GetObjectItemCaseSensitive(o, "metrics");
	t->likes = num(m, "likes", t->likes);
	t->retweets = num(m, "retweets", t->retweets);
	t->replies = num(m, "replies", t->replies);
	t->quotes = num(m, "quotes", t->quotes);
	t->impressions = num(m, "impressions", t->impressions);
	t->bookmarks = num(m, "bookmarks", t->bookmarks);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o, "media")) {
		if (!cJSON_IsString(e))
			continue;
		t->media_keys = xrealloc(t->media_keys,
		    (t->nmedia + 1) * sizeof *t->media_keys);
		t->media_keys[t->nmedia++] = xstrdup(e->valuestring);
	}
	/* keep sorted so later lines can refer to this one */
	tweet_append(t);
	if (sb.ntweets > 1 && sb.tweets[sb.ntweets - 2]->n > n)
		sb_sort();
	if (key)
		tw_kvs_set(&labels, key, t->id);
	return 0;
unknown:
	sb_log("%s:%lu: unknown post '%s'", loc->file, loc->line, s);
	return -1;
}

static int
load_dm(const cJSON *o, const struct tw_loc *loc)
{
	struct sb_user *from = who(tw_json_str(o, "from"));
	struct sb_user *to = who(tw_json_str(o, "to"));
	const char *id = tw_json_str(o, "id"), *s;
	struct sb_dm *d;
	time_t at;
	uint64_t n;

	if (!from || !to || from == to) {
		sb_log("%s:%lu: dm needs two users, from and to", loc->file,
		    loc->line);
		return -1;
	}
	if (when(o, &at, loc) < 0)
		return -1;
	if (id) {
		if (!(n = parse_u64(id))) {
			sb_log("%s:%lu: bad dm id '%s'", loc->file, loc->line, id);
			return -1;
		}
		saw_id(n);
	} else {
		n = past_id(at);
	}
	d = dm_alloc(n, at, from, to, tw_json_str(o, "text"));
	if ((s = tw_json_str(o, "event_type"))) {
		free(d->event_type);
		d->event_type = xstrdup(s);
	}
	if ((s = tw_json_str(o, "media_key")))
		d->media_key = xstrdup(s);
	dm_append(d);
	return 0;
}

static int
load_media(const cJSON *o, const struct tw_loc *loc)
{
	struct sb_media *m = xcalloc(1, sizeof *m);
	const char *id = tw_json_str(o, "id");

	if (!id || !parse_u64(id) || sb_media_by_id(id)) {
		sb_log("%s:%lu: media needs a new numeric id", loc->file,
		    loc->line);
		free(m);
		return -1;
	}
	saw_id(parse_u64(id));
	m->id = xstrdup(id);
	m->key = xstrdup(tw_json_str(o, "media_key") ?
	    tw_json_str(o, "media_key") : id);
	m->type = xstrdup(tw_json_str(o, "media_type_name") ?
	    tw_json_str(o, "media_type_name") : "photo");
	setstr(&m->media_type, o, "media_type");
	setstr(&m->alt, o, "alt_text");
	setstr(&m->category, o, "media_category");
	setstr(&m->owner_id, o, "owner_id");
	m->total_bytes = num(o, "total_bytes", 0);
	m->received = num(o, "received", 0);
	m->segments = (int)num(o, "segments", 0);
	m->finalized = (int)num(o, "finalized", 0);
	m->polls = (int)num(o, "polls", 0);
	m->width = (int)num(o, "width", 0);
	m->height = (int)num(o, "height", 0);
	m->duration_ms = num(o, "duration_ms", 0);
	when(o, &m->created_at, loc);
	sb.media = xrealloc(sb.media, (sb.nmedia + 1) * sizeof *sb.media);
	sb.media[sb.nmedia++] = m;
	return 0;
}

static int
load_rule(const cJSON *o, const struct tw_loc *loc)
{
	struct sb_rule *r;
	const char *v = tw_json_str(o, "value"), *id = tw_json_str(o, "id");
	const char *err;
	struct tw_query *q;

	if (!v || !(q = tw_query_parse(v, &err))) {
		sb_log("%s:%lu: bad rule", loc->file, loc->line);
		return -1;
	}
	r = xcalloc(1, sizeof *r);
	r->q = q;
	r->value = xstrdup(v);
	r->id = id ? xstrdup(id) : sb_id_str(sb_next_id(sb_now_ms()));
	if (id)
		saw_id(parse_u64(id));
	if ((v = tw_json_str(o, "tag")))
		r->tag = xstrdup(v);
	sb.rules = xrealloc(sb.rules, (sb.nrules + 1) * sizeof *sb.rules);
	sb.rules[sb.nrules++] = r;
	return 0;
}

/* {"type":"like","user":...,"tweet":...}: the post's metrics already
 * count it */
static int
load_like(const cJSON *o, const struct tw_loc *loc)
{
	struct sb_user *u = who(tw_json_str(o, "user"));
	struct sb_tweet *t = sb_tweet_by_id(resolve(tw_json_str(o, "tweet")));

	if (!u || !t) {
		sb_log("%s:%lu: a like needs a user and a known post", loc->file,
		    loc->line);
		return -1;
	}
	sb_like_set(u->id, t, 1, 0);
	return 0;
}

/* {"type":"compliance","event":E,"tweet":KEY|ID} or {...,"user":NAME|ID},
 * with "ago" or "created_at" for when; a post's event names a post the
 * store has (deleted now), or one it no longer has by id and "author". */
static int
load_compliance(const cJSON *o, const struct tw_loc *loc)
{
	const char *ev = tw_json_str(o, "event"), *tw = tw_json_str(o, "tweet");
	struct sb_user *u = who(tw_json_str(o, "user"));
	time_t at;

	if (!ev || when(o, &at, loc) < 0)
		goto bad;
	if (tw && sb_tweet_by_id(resolve(tw)))
		return sb_tweet_delete(resolve(tw), at) ? 0 : -1;
	if (tw && parse_u64(tw) && u) {
		sb_cev_add(ev, tw, u->id, at, 0);
		return 0;
	}
	if (!tw && u && sb_user_event(u, ev, at))
		return 0;
bad:
	sb_log("%s:%lu: compliance needs an event and a post or a user",
	    loc->file, loc->line);
	return -1;
}

int
sb_load_line(const char *line, const struct tw_loc *loc)
{
	cJSON *o;
	const char *type;
	int rv = -1;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '#')
		return 0;
	if (!(o = tw_parse_line(line, strlen(line), loc)))
		return -1;
	type = tw_json_str(o, "type");
	if (!type)
		sb_log("%s:%lu: no \"type\"", loc->file, loc->line);
	else if (strcmp(type, "account") == 0)
		rv = load_user(o, loc, 1);
	else if (strcmp(type, "user") == 0)
		rv = load_user(o, loc, 0);
	else if (strcmp(type, "tweet") == 0)
		rv = load_tweet(o, loc);
	else if (strcmp(type, "dm") == 0)
		rv = load_dm(o, loc);
	else if (strcmp(type, "media") == 0)
		rv = load_media(o, loc);
	else if (strcmp(type, "rule") == 0)
		rv = load_rule(o, loc);
	else if (strcmp(type, "like") == 0)
		rv = load_like(o, loc);
	else if (strcmp(type, "compliance") == 0)
		rv = load_compliance(o, loc);
	else
		sb_log("%s:%lu: unknown type '%s'", loc->file, loc->line, type);
	cJSON_Delete(o);
	return rv;
}

int
sb_load_file(const char *path)
{
	tw_reader r;
	char *line;
	int rv = 0;

	if (tw_reader_open(&r, path) < 0)
		return -1;
	while ((line = tw_reader_line(&r)))
		if (sb_load_line(line, &r.loc) < 0)
			rv = -1;
	if (r.error || r.bad)
		rv = -1;
	tw_reader_close(&r);
	sb_sort();
	return rv;
}

void
sb_load_builtin(void)
{
	struct tw_loc loc = { "<built-in seed>", 0 };
	size_t i;

	for (i = 0; sb_seed_lines[i]; i++) {
		loc.line = i + 1;
		if (sb_load_line(sb_seed_lines[i], &loc) < 0)
			tw_die(TW_EXIT_CONFIG, "the built-in seed is broken");
	}
	sb_sort();
}

/* The rules t matches, as the stream's "matching_rules", or NULL. */
cJSON *
sb_rules_matching(const struct sb_tweet *t)
{
	cJSON *rec, *out = NULL, *e;
	size_t i;

	if (!sb.nrules)
		return NULL;
	rec = sb_tweet_record(t);
	for (i = 0; i < sb.nrules; i++) {
		if (!sb.rules[i]->q || !tw_query_match(sb.rules[i]->q, rec))
			continue;
		if (!out)
			out = cJSON_CreateArray();
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "id", sb.rules[i]->id);
		if (sb.rules[i]->tag)
			cJSON_AddStringToObject(e, "tag", sb.rules[i]->tag);
		cJSON_AddItemToArray(out, e);
	}
	cJSON_Delete(rec);
	return out;
}

/* A stream client is gone: off the list, with what it had not sent. */
int
sb_like_set(const char *user_id, struct sb_tweet *t, int on, int count)
{
	struct sb_like *l;
	size_t i;

	for (i = 0; i < sb.nlikes; i++)
		if (!strcmp(sb.likes[i]->user_id, user_id) &&
		    !strcmp(sb.likes[i]->tweet_id, t->id))
			break;
	if ((i < sb.nlikes) == !!on)
		return 0;
	if (on) {
		l = xcalloc(1, sizeof *l);
		l->user_id = xstrdup(user_id);
		l->tweet_id = xstrdup(t->id);
		l->n = ++sb.like_seq;
		sb.likes = xrealloc(sb.likes, (sb.nlikes + 1) * sizeof *sb.likes);
		sb.likes[sb.nlikes++] = l;
	} else {
		l = sb.likes[i];
		memmove(sb.likes + i, sb.likes + i + 1,
		    (--sb.nlikes - i) * sizeof *sb.likes);
		free(l->user_id);
		free(l->tweet_id);
		free(l);
	}
	if (count)
		t->likes += on ? 1 : (t->likes > 0 ? -1 : 0);
	return 1;
}

void
sb_sub_free(struct sb_sub *s)
{
	struct sb_sub **pp;
	size_t i;

	for (pp = &sb.subs; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			sb.nsubs--;
			break;
		}
	for (i = 0; i < s->nq; i++)
		free(s->q[i]);
	free(s->q);
	free(s);
}

/* Everything the store holds, freed; the store is then as before
 * sb_store_init (a harness loads the same seed again and again). */
void
sb_store_free(void)
{
	size_t i;

	for (i = 0; i < sb.nusers; i++) {
		struct sb_user *u = sb.users[i];

		free(u->id);
		free(u->username);
		free(u->name);
		free(u->description);
		free(u->location);
		free(u->url);
		free(u->verified_type);
		free(u);
	}
	for (i = 0; i < sb.ntweets; i++)
		tweet_free(sb.tweets[i]);
	cevs_free();
	for (i = 0; i < sb.ndms; i++) {
		struct sb_dm *d = sb.dms[i];

		free(d->id);
		free(d->conv_id);
		free(d->sender_id);
		free(d->recipient_id);
		free(d->text);
		free(d->event_type);
		free(d->media_key);
		free(d);
	}
	for (i = 0; i < sb.nmedia; i++) {
		struct sb_media *m = sb.media[i];

		free(m->id);
		free(m->key);
		free(m->type);
		free(m->media_type);
		free(m->category);
		free(m->owner_id);
		free(m->alt);
		free(m);
	}
	for (i = 0; i < sb.nrules; i++) {
		free(sb.rules[i]->id);
		free(sb.rules[i]->value);
		free(sb.rules[i]->tag);
		tw_query_free(sb.rules[i]->q);
		free(sb.rules[i]);
	}
	for (i = 0; i < sb.nlikes; i++) {
		free(sb.likes[i]->user_id);
		free(sb.likes[i]->tweet_id);
		free(sb.likes[i]);
	}
	while (sb.subs)
		sb_sub_free(sb.subs);
	free(sb.likes);
	free(sb.users);
	free(sb.tweets);
	free(sb.dms);
	free(sb.media);
	free(sb.rules);
	free(sb.consumer_key);
	free(sb.consumer_secret);
	free(sb.access_token);
	free(sb.access_token_secret);
	free(sb.bearer_token);
	free(sb.client_id);
	free(sb.client_secret);
	tw_kvs_free(&labels);
	pthread_mutex_destroy(&sb.mu);
	pthread_cond_destroy(&sb.cv);
	memset(&sb, 0, sizeof sb);
	past_seq = 0;
}
