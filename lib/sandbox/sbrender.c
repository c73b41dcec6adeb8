/* sbrender.c - tw-sandbox: v2 objects with the fields asked for, and the
 * "includes" that expansions pull in; stream messages.
 *
 * Layer: parameters and rendering (lib/sandbox/README).  Calls the store
 * layer. */
#include <stdlib.h>
#include <string.h>

#include "sbrender.h"
#include "sblog.h"
#include "timefmt.h"

/* The enums of openapi.json, in its order: bit i is name i. */
static const char *const tweet_fields[] = {
	"article", "attachments", "author_id", "card_uri", "community_id",
	"context_annotations", "conversation_id", "created_at",
	"display_text_range", "edit_controls", "edit_history_tweet_ids",
	"entities", "geo", "id", "in_reply_to_user_id", "lang",
	"media_metadata", "non_public_metrics", "note_tweet", "organic_metrics",
	"possibly_sensitive", "promoted_metrics", "public_metrics",
	"referenced_tweets", "reply_settings", "scopes", "source",
	"suggested_source_links", "suggested_source_links_with_counts", "text",
	"withheld", NULL
};
static const char *const user_fields[] = {
	"affiliation", "confirmed_email", "connection_status", "created_at",
	"description", "entities", "id", "is_identity_verified", "location",
	"most_recent_tweet_id", "name", "parody", "pinned_tweet_id",
	"profile_banner_url", "profile_image_url", "protected", "public_metrics",
	"receives_your_dm", "subscription", "subscription_type", "url",
	"username", "verified", "verified_followers_count", "verified_type",
	"withheld", NULL
};
static const char *const media_fields[] = {
	"alt_text", "duration_ms", "height", "media_key", "non_public_metrics",
	"organic_metrics", "preview_image_url", "promoted_metrics",
	"public_metrics", "type", "url", "variants", "width", NULL
};
static const char *const poll_fields[] = {
	"duration_minutes", "end_datetime", "id", "options", "voting_status",
	NULL
};
static const char *const place_fields[] = {
	"contained_within", "country", "country_code", "full_name", "geo", "id",
	"name", "place_type", NULL
};
static const char *const dm_fields[] = {
	"attachments", "created_at", "dm_conversation_id", "entities",
	"event_type", "id", "participant_ids", "referenced_tweets", "sender_id",
	"text", NULL
};
static const char *const tweet_exp[] = {
	"article.cover_media", "article.media_entities", "attachments.media_keys",
	"attachments.media_source_tweet", "attachments.poll_ids", "author_id",
	"edit_history_tweet_ids", "entities.mentions.username", "geo.place_id",
	"in_reply_to_user_id", "entities.note.mentions.username",
	"referenced_tweets.id", "referenced_tweets.id.attachments.media_keys",
	"referenced_tweets.id.author_id", NULL
};
static const char *const user_exp[] = {
	"affiliation.user_id", "most_recent_tweet_id", "pinned_tweet_id", NULL
};
static const char *const dm_exp[] = {
	"attachments.media_keys", "participant_ids", "referenced_tweets.id",
	"sender_id", NULL
};
static const char *const event_types[] = {
	"MessageCreate", "ParticipantsJoin", "ParticipantsLeave", NULL
};

#define B(tab, name) (1u << bit(tab, name))

static const struct {
	const char *kind;
	const char *const *names;
} tables[] = {
	{ "tweet.fields", tweet_fields }, { "user.fields", user_fields },
	{ "media.fields", media_fields }, { "poll.fields", poll_fields },
	{ "place.fields", place_fields }, { "dm_event.fields", dm_fields },
	{ "tweet.expansions", tweet_exp }, { "user.expansions", user_exp },
	{ "dm.expansions", dm_exp }, { "event_types", event_types },
};

static const char *const *
table(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof tables / sizeof *tables; i++)
		if (strcmp(tables[i].kind, kind) == 0)
			return tables[i].names;
	return NULL;
}

static unsigned
bit(const char *const *tab, const char *name)
{
	unsigned i;

	for (i = 0; tab[i]; i++)
		if (strcmp(tab[i], name) == 0)
			return i;
	abort();
}

const char *
sb_field_names(const char *kind)
{
	static tw_buf cache[sizeof tables / sizeof *tables];
	const char *const *tab;
	size_t i, k;

	for (k = 0; k < sizeof tables / sizeof *tables; k++)
		if (strcmp(tables[k].kind, kind) == 0)
			break;
	if (k == sizeof tables / sizeof *tables)
		return "";
	if (!cache[k].len) {
		tab = tables[k].names;
		for (i = 0; tab[i]; i++) {
			if (i)
				tw_buf_addc(&cache[k], ',');
			tw_buf_adds(&cache[k], tab[i]);
		}
	}
	return cache[k].s;
}

int
sb_field_mask(const char *kind, const char *list, unsigned *mask, char **bad)
{
	const char *const *tab = table(kind);
	const char *p = list, *e;
	size_t i, n;

	*mask = 0;
	for (;;) {
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		for (i = 0; tab[i]; i++)
			if (strlen(tab[i]) == n && strncmp(tab[i], p, n) == 0)
				break;
		if (!tab[i]) {
			*bad = xstrndup(p, n);
			return -1;
		}
		*mask |= 1u << i;
		if (!e)
			return 0;
		p = e + 1;
	}
}

static void
addtime(cJSON *o, const char *key, time_t t)
{
	char buf[32];

	tw_time_format(t, buf, sizeof buf);
	/* X writes milliseconds: 2026-11-21T09:14:03.000Z */
	if (strlen(buf) == 20 && buf[19] == 'Z')
		strcpy(buf + 19, ".000Z");
	cJSON_AddStringToObject(o, key, buf);
}

static size_t
cplen(const char *s)
{
	size_t c = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			c++;
	return c;
}

/* Entities within the first limit code points (every one: limit 0). */
static cJSON *
entities(const cJSON *all, size_t limit)
{
	static const char *const kinds[] = { "cashtags", "hashtags", "mentions",
	    "urls" };
	cJSON *o = cJSON_CreateObject(), *arr;
	const cJSON *e;
	size_t i;

	for (i = 0; i < 4; i++) {
		arr = NULL;
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(all,
		    kinds[i])) {
			if (limit && cJSON_GetObjectItemCaseSensitive(e,
			    "end")->valuedouble > (double)limit)
				continue;
			if (!arr)
				arr = cJSON_AddArrayToObject(o, kinds[i]);
			cJSON_AddItemToArray(arr, cJSON_Duplicate(e, 1));
		}
	}
	return o;
}

cJSON *
sb_render_tweet(const struct sb_tweet *t, unsigned tf)
{
	cJSON *o = cJSON_CreateObject(), *a, *x;
	size_t i;

	cJSON_AddStringToObject(o, "id", t->id);
	cJSON_AddStringToObject(o, "text", t->text);
	a = cJSON_AddArrayToObject(o, "edit_history_tweet_ids");
	cJSON_AddItemToArray(a, cJSON_CreateString(t->id));
	if (tf & B(tweet_fields, "author_id"))
		cJSON_AddStringToObject(o, "author_id", t->author_id);
	if (tf & B(tweet_fields, "conversation_id"))
		cJSON_AddStringToObject(o, "conversation_id", t->conversation_id);
	if (tf & B(tweet_fields, "created_at"))
		addtime(o, "created_at", t->created_at);
	if ((tf & B(tweet_fields, "in_reply_to_user_id")) && t->reply_user_id)
		cJSON_AddStringToObject(o, "in_reply_to_user_id",
		    t->reply_user_id);
	if ((tf & B(tweet_fields, "lang")) && t->lang)
		cJSON_AddStringToObject(o, "lang", t->lang);
	if ((tf & B(tweet_fields, "attachments")) && t->nmedia) {
		x = cJSON_AddObjectToObject(o, "attachments");
		a = cJSON_AddArrayToObject(x, "media_keys");
		for (i = 0; i < t->nmedia; i++)
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(t->media_keys[i]));
	}
	if (tf & B(tweet_fields, "display_text_range")) {
		a = cJSON_AddArrayToObject(o, "display_text_range");
		cJSON_AddItemToArray(a, cJSON_CreateNumber(0));
		cJSON_AddItemToArray(a, cJSON_CreateNumber((double)cplen(t->text)));
	}
	if (tf & B(tweet_fields, "edit_controls")) {
		x = cJSON_AddObjectToObject(o, "edit_controls");
		cJSON_AddNumberToObject(x, "edits_remaining", 5);
		cJSON_AddBoolToObject(x, "is_edit_eligible", 0);
		addtime(x, "editable_until", t->created_at + 3600);
	}
	if (tf & B(tweet_fields, "entities")) {
		x = entities(t->entities, t->note ? cplen(t->text) : 0);
		if (cJSON_GetArraySize(x))
			cJSON_AddItemToObject(o, "entities", x);
		else
			cJSON_Delete(x);
	}
	if ((tf & B(tweet_fields, "note_tweet")) && t->note) {
		x = cJSON_AddObjectToObject(o, "note_tweet");
		cJSON_AddStringToObject(x, "text", t->note);
		a = entities(t->entities, 0);
		if (cJSON_GetArraySize(a))
			cJSON_AddItemToObject(x, "entities", a);
		else
			cJSON_Delete(a);
	}
	if (tf & B(tweet_fields, "possibly_sensitive"))
		cJSON_AddBoolToObject(o, "possibly_sensitive", 0);
	if (tf & B(tweet_fields, "public_metrics")) {
		x = cJSON_AddObjectToObject(o, "public_metrics");
		cJSON_AddNumberToObject(x, "retweet_count", (double)t->retweets);
		cJSON_AddNumberToObject(x, "reply_count", (double)t->replies);
		cJSON_AddNumberToObject(x, "like_count", (double)t->likes);
		cJSON_AddNumberToObject(x, "quote_count", (double)t->quotes);
		cJSON_AddNumberToObject(x, "bookmark_count", (double)t->bookmarks);
		cJSON_AddNumberToObject(x, "impression_count",
		    (double)t->impressions);
	}
	if ((tf & B(tweet_fields, "referenced_tweets")) &&
	    (t->reply_to || t->quote_of || t->retweet_of)) {
		a = cJSON_AddArrayToObject(o, "referenced_tweets");
		if (t->retweet_of) {
			x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "type", "retweeted");
			cJSON_AddStringToObject(x, "id", t->retweet_of);
			cJSON_AddItemToArray(a, x);
		}
		if (t->quote_of) {
			x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "type", "quoted");
			cJSON_AddStringToObject(x, "id", t->quote_of);
			cJSON_AddItemToArray(a, x);
		}
		if (t->reply_to) {
			x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "type", "replied_to");
			cJSON_AddStringToObject(x, "id", t->reply_to);
			cJSON_AddItemToArray(a, x);
		}
	}
	if (tf & B(tweet_fields, "reply_settings"))
		cJSON_AddStringToObject(o, "reply_settings", "everyone");
	return o;
}

static const char *
most_recent(const struct sb_user *u)
{
	size_t i;

	for (i = sb.ntweets; i-- > 0;)
		if (strcmp(sb.tweets[i]->author_id, u->id) == 0)
			return sb.tweets[i]->id;
	return NULL;
}

cJSON *
sb_render_user(const struct sb_user *u, unsigned uf)
{
	cJSON *o = cJSON_CreateObject(), *x;
	const char *s;
	char *img;

	cJSON_AddStringToObject(o, "id", u->id);
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddStringToObject(o, "username", u->username);
	if (uf & B(user_fields, "created_at"))
		addtime(o, "created_at", u->created_at);
	if (uf & B(user_fields, "description"))
		cJSON_AddStringToObject(o, "description", u->description);
	if ((uf & B(user_fields, "location")) && u->location)
		cJSON_AddStringToObject(o, "location", u->location);
	if ((uf & B(user_fields, "most_recent_tweet_id")) &&
	    (s = most_recent(u)))
		cJSON_AddStringToObject(o, "most_recent_tweet_id", s);
	if (uf & B(user_fields, "profile_image_url")) {
		img = xasprintf("https://pbs.twimg.com/profile_images/%s/"
		    "avatar_normal.jpg", u->id);
		cJSON_AddStringToObject(o, "profile_image_url", img);
		free(img);
	}
	if (uf & B(user_fields, "protected"))
		cJSON_AddBoolToObject(o, "protected", u->protected);
	if (uf & B(user_fields, "public_metrics")) {
		x = cJSON_AddObjectToObject(o, "public_metrics");
		cJSON_AddNumberToObject(x, "followers_count", (double)u->followers);
		cJSON_AddNumberToObject(x, "following_count", (double)u->following);
		cJSON_AddNumberToObject(x, "tweet_count", (double)u->tweets);
		cJSON_AddNumberToObject(x, "listed_count", (double)u->listed);
		cJSON_AddNumberToObject(x, "like_count", (double)(u->tweets / 3));
	}
	if (uf & B(user_fields, "receives_your_dm"))
		cJSON_AddBoolToObject(o, "receives_your_dm", 1);
	if (uf & B(user_fields, "url"))
		cJSON_AddStringToObject(o, "url", u->url ? u->url : "");
	if (uf & B(user_fields, "verified"))
		cJSON_AddBoolToObject(o, "verified", u->verified);
	if (uf & B(user_fields, "verified_type"))
		cJSON_AddStringToObject(o, "verified_type", u->verified_type);
	if (uf & B(user_fields, "subscription_type"))
		cJSON_AddStringToObject(o, "subscription_type",
		    u->verified && strcmp(u->verified_type, "blue") == 0 ?
		    "Premium" : "None");
	return o;
}

cJSON *
sb_render_media(const struct sb_media *m, unsigned mf)
{
	cJSON *o = cJSON_CreateObject(), *a, *v;
	char *url;
	int video = strcmp(m->type, "photo") != 0;

	cJSON_AddStringToObject(o, "media_key", m->key);
	cJSON_AddStringToObject(o, "type", m->type);
	if ((mf & B(media_fields, "url")) && !video) {
		url = xasprintf("https://pbs.twimg.com/media/%s.jpg", m->id);
		cJSON_AddStringToObject(o, "url", url);
		free(url);
	}
	if ((mf & B(media_fields, "preview_image_url")) && video) {
		url = xasprintf("https://pbs.twimg.com/ext_tw_video_thumb/%s/"
		    "pu/img/preview.jpg", m->id);
		cJSON_AddStringToObject(o, "preview_image_url", url);
		free(url);
	}
	if (mf & B(media_fields, "width"))
		cJSON_AddNumberToObject(o, "width", m->width ? m->width : 1200);
	if (mf & B(media_fields, "height"))
		cJSON_AddNumberToObject(o, "height", m->height ? m->height : 800);
	/* "available when type is video" (media.fields): not a GIF's */
	if ((mf & B(media_fields, "duration_ms")) && !strcmp(m->type, "video"))
		cJSON_AddNumberToObject(o, "duration_ms",
		    (double)(m->duration_ms ? m->duration_ms : 12000));
	if ((mf & B(media_fields, "variants")) && video) {
		a = cJSON_AddArrayToObject(o, "variants");
		v = cJSON_CreateObject();
		cJSON_AddNumberToObject(v, "bit_rate", 2176000);
		cJSON_AddStringToObject(v, "content_type", "video/mp4");
		url = xasprintf("https://video.twimg.com/ext_tw_video/%s/pu/vid/"
		    "1280x720/video.mp4", m->id);
		cJSON_AddStringToObject(v, "url", url);
		free(url);
		cJSON_AddItemToArray(a, v);
	}
	return o;
}

/* Post ids a DM links to (https://x.com/NAME/status/ID). */
static cJSON *
dm_refs(const char *text)
{
	cJSON *a = NULL, *x;
	const char *p = text, *q;
	char *id;

	while ((p = strstr(p, "/status/"))) {
		p += 8;
		for (q = p; *q >= '0' && *q <= '9'; q++)
			;
		if (q > p && q - p <= 19) {
			if (!a)
				a = cJSON_CreateArray();
			x = cJSON_CreateObject();
			id = xstrndup(p, q - p);
			cJSON_AddStringToObject(x, "id", id);
			free(id);
			cJSON_AddItemToArray(a, x);
		}
		p = q;
	}
	return a;
}

cJSON *
sb_render_dm(const struct sb_dm *d, unsigned df)
{
	cJSON *o = cJSON_CreateObject(), *x, *a;
	int msg = strcmp(d->event_type, "MessageCreate") == 0;

	cJSON_AddStringToObject(o, "id", d->id);
	cJSON_AddStringToObject(o, "event_type", d->event_type);
	if (msg)
		cJSON_AddStringToObject(o, "text", d->text);
	if (!msg) {
		a = cJSON_AddArrayToObject(o, "participant_ids");
		cJSON_AddItemToArray(a, cJSON_CreateString(d->sender_id));
	}
	if (df & B(dm_fields, "created_at"))
		addtime(o, "created_at", d->created_at);
	if (df & B(dm_fields, "dm_conversation_id"))
		cJSON_AddStringToObject(o, "dm_conversation_id", d->conv_id);
	if (df & B(dm_fields, "sender_id"))
		cJSON_AddStringToObject(o, "sender_id", d->sender_id);
	if ((df & B(dm_fields, "attachments")) && d->media_key) {
		x = cJSON_AddObjectToObject(o, "attachments");
		a = cJSON_AddArrayToObject(x, "media_keys");
		cJSON_AddItemToArray(a, cJSON_CreateString(d->media_key));
	}
	if ((df & B(dm_fields, "referenced_tweets")) && msg &&
	    (a = dm_refs(d->text)))
		cJSON_AddItemToObject(o, "referenced_tweets", a);
	return o;
}

/* includes */

struct inc {
	cJSON *users, *tweets, *media;
	const struct sb_fields *f;
};

static int
has_id(const cJSON *arr, const char *key, const char *id)
{
	const cJSON *e;
	const char *v;

	cJSON_ArrayForEach(e, arr)
		if ((v = tw_json_str(e, key)) && strcmp(v, id) == 0)
			return 1;
	return 0;
}

static void
inc_user(struct inc *in, const char *id)
{
	const struct sb_user *u = sb_user_by_id(id);

	if (!u || has_id(in->users, "id", id))
		return;
	if (!in->users)
		in->users = cJSON_CreateArray();
	cJSON_AddItemToArray(in->users, sb_render_user(u, in->f->uf));
}

static void
inc_tweet(struct inc *in, const struct sb_tweet *t)
{
	if (!t || has_id(in->tweets, "id", t->id))
		return;
	if (!in->tweets)
		in->tweets = cJSON_CreateArray();
	cJSON_AddItemToArray(in->tweets, sb_render_tweet(t, in->f->tf));
}

static void
inc_media(struct inc *in, const char *key)
{
	const struct sb_media *m = sb_media_by_key(key);

	if (!m || has_id(in->media, "media_key", key))
		return;
	if (!in->media)
		in->media = cJSON_CreateArray();
	cJSON_AddItemToArray(in->media, sb_render_media(m, in->f->mf));
}

static void
inc_done(struct inc *in, cJSON *page)
{
	cJSON *o;

	if (!in->users && !in->tweets && !in->media)
		return;
	o = cJSON_AddObjectToObject(page, "includes");
	if (in->media)
		cJSON_AddItemToObject(o, "media", in->media);
	if (in->tweets)
		cJSON_AddItemToObject(o, "tweets", in->tweets);
	if (in->users)
		cJSON_AddItemToObject(o, "users", in->users);
}

static void
tweet_refs(const struct sb_tweet *t, void (*fn)(struct inc *,
    const struct sb_tweet *), struct inc *in)
{
	if (t->retweet_of)
		fn(in, sb_tweet_by_id(t->retweet_of));
	if (t->quote_of)
		fn(in, sb_tweet_by_id(t->quote_of));
	if (t->reply_to)
		fn(in, sb_tweet_by_id(t->reply_to));
}

static void
ref_author(struct inc *in, const struct sb_tweet *t)
{
	if (t)
		inc_user(in, t->author_id);
}

static void
ref_media(struct inc *in, const struct sb_tweet *t)
{
	size_t i;

	for (i = 0; t && i < t->nmedia; i++)
		inc_media(in, t->media_keys[i]);
}

static void
tweet_includes(struct inc *in, const struct sb_tweet *t)
{
	unsigned x = in->f->xf;
	const cJSON *e;
	const char *name;
	const struct sb_user *u;

	if (x & B(tweet_exp, "author_id"))
		inc_user(in, t->author_id);
	if ((x & B(tweet_exp, "in_reply_to_user_id")) && t->reply_user_id)
		inc_user(in, t->reply_user_id);
	if (x & (B(tweet_exp, "entities.mentions.username") |
	    B(tweet_exp, "entities.note.mentions.username")))
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(
		    t->entities, "mentions"))
			if ((name = tw_json_str(e, "username")) &&
			    (u = sb_user_by_name(name)))
				inc_user(in, u->id);
	if (x & B(tweet_exp, "attachments.media_keys"))
		ref_media(in, t);
	if (x & B(tweet_exp, "referenced_tweets.id"))
		tweet_refs(t, inc_tweet, in);
	if (x & B(tweet_exp, "referenced_tweets.id.author_id"))
		tweet_refs(t, ref_author, in);
	if (x & B(tweet_exp, "referenced_tweets.id.attachments.media_keys"))
		tweet_refs(t, ref_media, in);
}

/* non_public_metrics and organic_metrics: X gives them for the asking
 * user's own posts of the last 30 days; for any other post the post
 * comes without them and an error names the field and the post (a
 * partial result, "errors" beside "data"). */
static void
private_metrics(cJSON *o, const struct sb_tweet *t, const struct sb_fields *f,
    cJSON **errs)
{
	static const char *const names[] = { "non_public_metrics",
	    "organic_metrics" };
	int own = f->me && !strcmp(f->me, t->author_id) &&
	    sb_now() - t->created_at < 30 * 86400;
	cJSON *x, *e;
	char *d;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (!(f->tf & B(tweet_fields, names[i])))
			continue;
		if (own) {
			x = cJSON_AddObjectToObject(o, names[i]);
			cJSON_AddNumberToObject(x, "impression_count",
			    (double)t->impressions);
			if (i == 1) {
				cJSON_AddNumberToObject(x, "like_count",
				    (double)t->likes);
				cJSON_AddNumberToObject(x, "reply_count",
				    (double)t->replies);
				cJSON_AddNumberToObject(x, "retweet_count",
				    (double)t->retweets);
			}
			cJSON_AddNumberToObject(x, "url_link_clicks", 0);
			cJSON_AddNumberToObject(x, "user_profile_clicks", 0);
			continue;
		}
		if (!*errs)
			*errs = cJSON_CreateArray();
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "value", t->id);
		cJSON_AddStringToObject(e, "detail", (d = xasprintf("Sorry, you "
		    "are not authorized to access '%s' on the Tweet with ids: "
		    "%s.", names[i], t->id)));
		free(d);
		cJSON_AddStringToObject(e, "title", "Field Authorization Error");
		cJSON_AddStringToObject(e, "resource_type", "tweet");
		cJSON_AddStringToObject(e, "parameter", "tweet.fields");
		cJSON_AddStringToObject(e, "field", names[i]);
		cJSON_AddStringToObject(e, "section", "data");
		cJSON_AddStringToObject(e, "resource_id", t->id);
		cJSON_AddStringToObject(e, "type", "https://api.twitter.com/2/"
		    "problems/not-authorized-for-field");
		cJSON_AddItemToArray(*errs, e);
	}
}

cJSON *
sb_page_tweets(struct sb_tweet **v, size_t n, int single,
    const struct sb_fields *f)
{
	cJSON *page = cJSON_CreateObject(), *data = NULL, *o, *errs = NULL;
	struct inc in = { NULL, NULL, NULL, f };
	size_t i;

	if (n && !single)
		data = cJSON_AddArrayToObject(page, "data");
	for (i = 0; i < (single && n ? 1 : n); i++) {
		o = sb_render_tweet(v[i], f->tf);
		private_metrics(o, v[i], f, &errs);
		if (data)
			cJSON_AddItemToArray(data, o);
		else
			cJSON_AddItemToObject(page, "data", o);
	}
	for (i = 0; i < n; i++)
		tweet_includes(&in, v[i]);
	inc_done(&in, page);
	if (errs)
		cJSON_AddItemToObject(page, "errors", errs);
	return page;
}

cJSON *
sb_page_users(struct sb_user **v, size_t n, int single,
    const struct sb_fields *f)
{
	cJSON *page = cJSON_CreateObject(), *data;
	struct inc in = { NULL, NULL, NULL, f };
	const char *id;
	size_t i;

	if (single && n) {
		cJSON_AddItemToObject(page, "data", sb_render_user(v[0], f->uf));
	} else if (n) {
		data = cJSON_AddArrayToObject(page, "data");
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(data, sb_render_user(v[i], f->uf));
	}
	if (f->xf & B(user_exp, "most_recent_tweet_id"))
		for (i = 0; i < n; i++)
			if ((id = most_recent(v[i])))
				inc_tweet(&in, sb_tweet_by_id(id));
	inc_done(&in, page);
	return page;
}

cJSON *
sb_page_dms(struct sb_dm **v, size_t n, const struct sb_fields *f)
{
	cJSON *page = cJSON_CreateObject(), *data, *refs;
	const cJSON *e;
	struct inc in = { NULL, NULL, NULL, f };
	size_t i;

	if (n) {
		data = cJSON_AddArrayToObject(page, "data");
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(data, sb_render_dm(v[i], f->df));
	}
	for (i = 0; i < n; i++) {
		if (f->xf & B(dm_exp, "sender_id"))
			inc_user(&in, v[i]->sender_id);
		if ((f->xf & B(dm_exp, "participant_ids")) &&
		    strcmp(v[i]->event_type, "MessageCreate") != 0)
			inc_user(&in, v[i]->sender_id);
		if ((f->xf & B(dm_exp, "attachments.media_keys")) &&
		    v[i]->media_key)
			inc_media(&in, v[i]->media_key);
		if ((f->xf & B(dm_exp, "referenced_tweets.id")) &&
		    (refs = dm_refs(v[i]->text))) {
			cJSON_ArrayForEach(e, refs)
				inc_tweet(&in, sb_tweet_by_id(tw_json_str(e,
				    "id")));
			cJSON_Delete(refs);
		}
	}
	inc_done(&in, page);
	return page;
}

char *
sb_stream_line(const struct sb_tweet *t, const struct sb_sub *s)
{
	struct sb_fields f = { s->tf, s->uf, s->mf, 0, s->xf, SB_EXP_TWEET };
	cJSON *rules = sb_rules_matching(t), *page;
	struct sb_tweet *one = (struct sb_tweet *)(uintptr_t)t;
	tw_buf b = { 0 };
	char *line;

	if (!rules)
		return NULL;
	page = sb_page_tweets(&one, 1, 1, &f);
	cJSON_AddItemToObject(page, "matching_rules", rules);
	line = tw_json_line(page);
	cJSON_Delete(page);
	sb_utf8_scrub(&b, line, strlen(line));     /* as sb_json does */
	free(line);
	return tw_buf_steal(&b);
}
