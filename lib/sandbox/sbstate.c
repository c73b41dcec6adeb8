/* sbstate.c - tw-sandbox's state: the whole store as seed lines (for
 * --state and GET /_sandbox/state), and synthetic mentions.
 *
 * Layer: store, its top (lib/sandbox/README).  Calls sblog.c and
 * sbstore.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbstore.h"
#include "sblog.h"
#include "ndjson.h"
#include "timefmt.h"

static void
addtime(cJSON *o, const char *key, time_t t)
{
	char buf[32];

	cJSON_AddStringToObject(o, key, tw_time_format(t, buf, sizeof buf));
}

static void
addstr(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
}

static cJSON *
user_line(const struct sb_user *u)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", u == sb.brand ? "account" : "user");
	cJSON_AddStringToObject(o, "id", u->id);
	cJSON_AddStringToObject(o, "username", u->username);
	cJSON_AddStringToObject(o, "name", u->name);
	cJSON_AddStringToObject(o, "description", u->description);
	addstr(o, "location", u->location);
	addstr(o, "url", u->url);
	cJSON_AddNumberToObject(o, "followers", (double)u->followers);
	cJSON_AddNumberToObject(o, "following", (double)u->following);
	cJSON_AddNumberToObject(o, "tweets", (double)u->tweets);
	cJSON_AddNumberToObject(o, "listed", (double)u->listed);
	cJSON_AddBoolToObject(o, "verified", u->verified);
	cJSON_AddStringToObject(o, "verified_type", u->verified_type);
	cJSON_AddBoolToObject(o, "protected", u->protected);
	addtime(o, "created_at", u->created_at);
	return o;
}

static cJSON *
tweet_line(const struct sb_tweet *t)
{
	cJSON *o = cJSON_CreateObject(), *m;
	const struct sb_user *u = sb_user_by_id(t->author_id);
	size_t i;

	cJSON_AddStringToObject(o, "type", "tweet");
	cJSON_AddStringToObject(o, "id", t->id);
	cJSON_AddStringToObject(o, "username", u ? u->username : "");
	cJSON_AddStringToObject(o, "author_id", t->author_id);
	cJSON_AddStringToObject(o, "text", t->note ? t->note : t->text);
	addstr(o, "lang", t->lang);
	addtime(o, "created_at", t->created_at);
	cJSON_AddStringToObject(o, "conversation_id", t->conversation_id);
	addstr(o, "in_reply_to", t->reply_to);
	addstr(o, "quote_of", t->quote_of);
	addstr(o, "retweet_of", t->retweet_of);
	addstr(o, "source", t->source);
	m = cJSON_AddObjectToObject(o, "metrics");
	cJSON_AddNumberToObject(m, "likes", (double)t->likes);
	cJSON_AddNumberToObject(m, "retweets", (double)t->retweets);
	cJSON_AddNumberToObject(m, "replies", (double)t->replies);
	cJSON_AddNumberToObject(m, "quotes", (double)t->quotes);
	cJSON_AddNumberToObject(m, "impressions", (double)t->impressions);
	cJSON_AddNumberToObject(m, "bookmarks", (double)t->bookmarks);
	if (t->nmedia) {
		m = cJSON_AddArrayToObject(o, "media");
		for (i = 0; i < t->nmedia; i++)
			cJSON_AddItemToArray(m,
			    cJSON_CreateString(t->media_keys[i]));
	}
	return o;
}

static cJSON *
dm_line(const struct sb_dm *d)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", "dm");
	cJSON_AddStringToObject(o, "id", d->id);
	cJSON_AddStringToObject(o, "event_type", d->event_type);
	cJSON_AddStringToObject(o, "dm_conversation_id", d->conv_id);
	cJSON_AddStringToObject(o, "from", d->sender_id);
	cJSON_AddStringToObject(o, "to", d->recipient_id);
	cJSON_AddStringToObject(o, "text", d->text);
	addstr(o, "media_key", d->media_key);
	addtime(o, "created_at", d->created_at);
	return o;
}

static cJSON *
media_line(const struct sb_media *m)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", "media");
	cJSON_AddStringToObject(o, "id", m->id);
	cJSON_AddStringToObject(o, "media_key", m->key);
	cJSON_AddStringToObject(o, "media_type_name", m->type);
	addstr(o, "media_type", m->media_type);
	addstr(o, "media_category", m->category);
	addstr(o, "owner_id", m->owner_id);
	cJSON_AddNumberToObject(o, "total_bytes", (double)m->total_bytes);
	cJSON_AddNumberToObject(o, "received", (double)m->received);
	cJSON_AddNumberToObject(o, "segments", m->segments);
	cJSON_AddNumberToObject(o, "finalized", m->finalized);
	cJSON_AddNumberToObject(o, "polls", m->polls);
	cJSON_AddNumberToObject(o, "width", m->width);
	cJSON_AddNumberToObject(o, "height", m->height);
	cJSON_AddNumberToObject(o, "duration_ms", (double)m->duration_ms);
	addstr(o, "alt_text", m->alt);
	addtime(o, "created_at", m->created_at);
	return o;
}

static cJSON *
rule_line(const struct sb_rule *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", "rule");
	cJSON_AddStringToObject(o, "id", r->id);
	cJSON_AddStringToObject(o, "value", r->value);
	addstr(o, "tag", r->tag);
	return o;
}

static cJSON *
like_line(const struct sb_like *l)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", "like");
	cJSON_AddStringToObject(o, "user", l->user_id);
	cJSON_AddStringToObject(o, "tweet", l->tweet_id);
	return o;
}

static cJSON *
cev_line(const struct sb_cev *e)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", "compliance");
	cJSON_AddStringToObject(o, "event", e->event);
	addstr(o, "tweet", e->tweet_id);
	cJSON_AddStringToObject(o, "user", e->user_id);
	addtime(o, "created_at", e->at);
	return o;
}

/* Every object in load order: users first (the account first of all),
 * then media, posts (oldest first, so replies follow what they answer),
 * DMs and rules. */
static void
each_line(void (*fn)(cJSON *, void *), void *ctx)
{
	size_t i;

	if (sb.brand)
		fn(user_line(sb.brand), ctx);
	for (i = 0; i < sb.nusers; i++)
		if (sb.users[i] != sb.brand)
			fn(user_line(sb.users[i]), ctx);
	for (i = 0; i < sb.nmedia; i++)
		fn(media_line(sb.media[i]), ctx);
	for (i = 0; i < sb.ntweets; i++)
		fn(tweet_line(sb.tweets[i]), ctx);
	for (i = 0; i < sb.ndms; i++)
		fn(dm_line(sb.dms[i]), ctx);
	for (i = 0; i < sb.nrules; i++)
		fn(rule_line(sb.rules[i]), ctx);
	for (i = 0; i < sb.nlikes; i++)
		fn(like_line(sb.likes[i]), ctx);
	for (i = 0; i < sb.ncevs; i++)
		fn(cev_line(sb.cevs[i]), ctx);
}

static void
to_json(cJSON *o, void *ctx)
{
	static const char *const names[][2] = {
		{ "account", "users" }, { "user", "users" }, { "tweet", "tweets" },
		{ "dm", "dms" }, { "media", "media" }, { "rule", "rules" },
		{ "like", "likes" },
		{ "compliance", "compliance" },
	};
	const char *type = tw_json_str(o, "type");
	cJSON *arr;
	size_t i;

	for (i = 0; i < sizeof names / sizeof *names - 1; i++)
		if (strcmp(type, names[i][0]) == 0)
			break;
	arr = cJSON_GetObjectItemCaseSensitive(ctx, names[i][1]);
	cJSON_AddItemToArray(arr, o);
}

cJSON *
sb_state_json(void)
{
	cJSON *o = cJSON_CreateObject();
	char buf[32];

	if (sb.brand)
		cJSON_AddStringToObject(o, "account", sb.brand->username);
	cJSON_AddStringToObject(o, "now", tw_time_format(sb_now(), buf,
	    sizeof buf));
	cJSON_AddArrayToObject(o, "users");
	cJSON_AddArrayToObject(o, "tweets");
	cJSON_AddArrayToObject(o, "dms");
	cJSON_AddArrayToObject(o, "media");
	cJSON_AddArrayToObject(o, "rules");
	cJSON_AddArrayToObject(o, "likes");
	cJSON_AddArrayToObject(o, "compliance");
	each_line(to_json, o);
	return o;
}

static void
to_buf(cJSON *o, void *ctx)
{
	char *s = tw_json_line(o);

	tw_buf_adds(ctx, s);
	tw_buf_addc(ctx, '\n');
	free(s);
	cJSON_Delete(o);
}

int
sb_save(const char *path)
{
	tw_buf b = { 0 };
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	size_t off = 0;
	ssize_t n;
	int fd;

	each_line(to_buf, &b);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		goto fail;
	while (off < b.len) {
		n = write(fd, b.s + off, b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		off += (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	sb.dirty = 0;
	free(tmp);
	tw_buf_free(&b);
	return 0;
fail:
	sb_log("%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	tw_buf_free(&b);
	return -1;
}

/* Synthetic customer mentions, for tests that need many pages: spread
 * over the last six days, from a pool of 200 customers. */
void
sb_synthetic(long n)
{
	static const char *const what[] = {
		"my flight SW%ld is delayed again, any update?",
		"still waiting for my refund on booking %ld",
		"bag tag %ld shows delivered but I have nothing",
		"can I change seat on SW%ld without a fee?",
		"thanks to the crew of SW%ld, lovely flight",
		"wifi on SW%ld did not work the whole way",
		"how do I add a bag to booking %ld?",
		"is SW%ld on time tonight?",
	};
	struct tw_loc loc = { "<synthetic>", 0 };
	char name[32], *line;
	long i, step;
	const char *brand = sb.brand ? sb.brand->username : "skyway";
	cJSON *o;
	char *text;

	if (n <= 0)
		return;
	step = 518400 / (n + 1);
	if (step < 1)
		step = 1;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "flyer_%03ld", i % 200);
		text = xasprintf(what[i % 8], 100 + i % 900);
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "tweet");
		cJSON_AddStringToObject(o, "username", name);
		line = xasprintf("@%s %s", brand, text);
		cJSON_AddStringToObject(o, "text", line);
		free(line);
		free(text);
		cJSON_AddStringToObject(o, "lang", "en");
		cJSON_AddStringToObject(o, "source", "synthetic");
		text = xasprintf("%lds", (n - i) * step);
		cJSON_AddStringToObject(o, "ago", text);
		free(text);
		line = tw_json_line(o);
		cJSON_Delete(o);
		loc.line = (unsigned long)i + 1;
		sb_load_line(line, &loc);
		free(line);
	}
	sb_sort();
}
