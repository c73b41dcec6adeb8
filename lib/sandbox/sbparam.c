/* sbparam.c - tw-sandbox: a request's query and form parameters,
 * decoded, and checked the way X checks them, answered with its
 * invalid-request problem; pagination tokens.
 *
 * Layer: parameters and rendering (lib/sandbox/README).  Calls
 * sbanswer.c and sbrender.c (the names of fields). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sbparam.h"
#include "opt.h"
#include "oauth.h"
#include "timefmt.h"

static const char b36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

/* A token names a position by id ("the next item is older than n"), so a
 * page never repeats or skips an item when new ones arrive.  Sixteen
 * base-36 characters: "b", 13 digits of n, two of check. */
char *
sb_token_make(uint64_t n)
{
	char s[17];
	uint64_t v = n, sum = 0;
	int i;

	s[0] = 'b';
	for (i = 13; i >= 1; i--) {
		s[i] = b36[v % 36];
		v /= 36;
	}
	for (i = 1; i <= 13; i++)
		sum = sum * 31 + (unsigned char)s[i];
	s[14] = b36[sum % 36];
	s[15] = b36[sum / 36 % 36];
	s[16] = 0;
	return xstrdup(s);
}

int
sb_token_parse(const char *s, uint64_t *n)
{
	const char *p;
	uint64_t v = 0, sum = 0;
	int i;

	if (strlen(s) != 16 || s[0] != 'b')
		return -1;
	for (i = 1; i <= 13; i++) {
		if (!(p = strchr(b36, s[i])) || !*p)
			return -1;
		v = v * 36 + (uint64_t)(p - b36);
		sum = sum * 31 + (unsigned char)s[i];
	}
	if (s[14] != b36[sum % 36] || s[15] != b36[sum / 36 % 36])
		return -1;
	*n = v;
	return 0;
}

/* a=b&c=d, decoded ('+' is a space), in order */
static void
pairs(const char *s, size_t n, tw_kvs *out)
{
	const char *end = s + n, *amp, *eq;
	char *k, *v;

	while (s < end) {
		amp = memchr(s, '&', (size_t)(end - s));
		if (!amp)
			amp = end;
		if (amp > s) {
			eq = memchr(s, '=', (size_t)(amp - s));
			k = tw_pct_decode(s, (size_t)((eq ? eq : amp) - s), 1);
			v = eq ? tw_pct_decode(eq + 1, (size_t)(amp - eq - 1), 1) :
			    xstrdup("");
			tw_kvs_add(out, k, v);
			free(k);
			free(v);
		}
		s = amp + 1;
	}
}

void
sb_req_params(struct sb_req *r, const char *query)
{
	if (query)
		pairs(query, strlen(query), &r->query);
	if (r->ctype && strncasecmp(r->ctype,
	    "application/x-www-form-urlencoded", 33) == 0 && r->bodylen)
		pairs(r->body, r->bodylen, &r->form);
}

int
sb_query_time(const struct sb_req *r, const char *k, time_t *t)
{
	const char *v = tw_kvs_get(&r->query, k);

	return v && tw_time_parse_rfc3339(v, t) == 0;
}

/* Is word one of the items of list, separated by sep?  Item by item, so
 * an empty word, or a piece of an item, is never in it. */
int
sb_list_has(const char *list, int sep, const char *word)
{
	size_t n = strlen(word), k;
	const char *p = list, *e;

	if (!n || !list)
		return 0;
	for (;;) {
		e = strchr(p, sep);
		k = e ? (size_t)(e - p) : strlen(p);
		if (k == n && memcmp(p, word, n) == 0)
			return 1;
		if (!e)
			return 0;
		p = e + 1;
	}
}

static char *
commas(const char *list)
{
	char *s = xstrdup(list), *p;

	for (p = s; *p; p++)
		if (*p == ' ')
			*p = ',';
	return s;
}

static void
fields(cJSON *errs, const char *kind, const char *param, const char *v,
    unsigned *mask)
{
	char *bad = NULL;

	if (sb_field_mask(kind, v, mask, &bad) < 0) {
		cJSON_AddItemToArray(errs, sb_param_error(param, bad,
		    "The `%s` query parameter value [%s] is not one of [%s]",
		    param, bad, sb_field_names(kind)));
		free(bad);
	}
}

/* The field an expansion names goes into the object with it, as X does
 * (docs: fundamentals/expansions): a client links includes through it,
 * so expansions=author_id gives data.author_id without tweet.fields. */
static void
implied(struct sb_fields *f, const struct sb_req *r)
{
	static const struct {
		int xkind;
		const char *exp, *kind, *field;
	} map[] = {
		{ SB_EXP_TWEET, "author_id", "tweet.fields", "author_id" },
		{ SB_EXP_TWEET, "referenced_tweets.id", "tweet.fields",
		    "referenced_tweets" },
		{ SB_EXP_TWEET, "referenced_tweets.id.author_id",
		    "tweet.fields", "referenced_tweets" },
		{ SB_EXP_TWEET, "attachments.media_keys", "tweet.fields",
		    "attachments" },
		{ SB_EXP_TWEET, "in_reply_to_user_id", "tweet.fields",
		    "in_reply_to_user_id" },
		{ SB_EXP_USER, "pinned_tweet_id", "user.fields",
		    "pinned_tweet_id" },
		{ SB_EXP_USER, "most_recent_tweet_id", "user.fields",
		    "most_recent_tweet_id" },
		{ SB_EXP_DM, "sender_id", "dm_event.fields", "sender_id" },
		{ SB_EXP_DM, "participant_ids", "dm_event.fields",
		    "participant_ids" },
		{ SB_EXP_DM, "attachments.media_keys", "dm_event.fields",
		    "attachments" },
		{ SB_EXP_DM, "referenced_tweets.id", "dm_event.fields",
		    "referenced_tweets" },
	};
	static const char *const xkinds[] = { "tweet.expansions",
	    "user.expansions", "dm.expansions" };
	unsigned xm, fm, *into;
	char *bad = NULL;
	size_t i;

	/* and who asks: own posts' private metrics are theirs */
	f->me = r->me && !r->app ? r->me->id : NULL;
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].xkind != f->xkind ||
		    sb_field_mask(xkinds[f->xkind], map[i].exp, &xm, &bad) < 0 ||
		    !(f->xf & xm) ||
		    sb_field_mask(map[i].kind, map[i].field, &fm, &bad) < 0)
			continue;
		into = !strcmp(map[i].kind, "tweet.fields") ? &f->tf :
		    !strcmp(map[i].kind, "user.fields") ? &f->uf : &f->df;
		*into |= fm;
	}
	free(bad);
}

int
sb_params(struct sb_req *r, struct sb_resp *w, const struct sb_pspec *p,
    struct sb_fields *f)
{
	static const char *const xkinds[] = { "tweet.expansions",
	    "user.expansions", "dm.expansions" };
	cJSON *errs = cJSON_CreateArray();
	const char *k, *v;
	char *list, *end;
	unsigned dummy;
	time_t t;
	uint64_t n;
	long m;
	size_t i, j;

	*f = (struct sb_fields){ .xkind = p->xkind };
	for (i = 0; i < r->query.n; i++) {
		k = r->query.v[i].key;
		v = r->query.v[i].val;
		for (j = 0; j < i; j++)
			if (strcmp(r->query.v[j].key, k) == 0)
				break;
		if (j < i) {
			cJSON_AddItemToArray(errs, sb_param_error(k, v,
			    "Duplicate parameters are not allowed: the `%s` "
			    "query parameter", k));
			continue;
		}
		if (!sb_list_has(p->allowed, ' ', k)) {
			list = commas(p->allowed);
			cJSON_AddItemToArray(errs, sb_param_error(k, v,
			    "The query parameter [%s] is not one of [%s]", k, list));
			free(list);
			continue;
		}
		if (!*v && strcmp(k, "query") != 0) {
			cJSON_AddItemToArray(errs, sb_param_error(k, v,
			    "The `%s` query parameter can not be empty", k));
			continue;
		}
		if (strcmp(k, "tweet.fields") == 0)
			fields(errs, "tweet.fields", k, v, &f->tf);
		else if (strcmp(k, "user.fields") == 0)
			fields(errs, "user.fields", k, v, &f->uf);
		else if (strcmp(k, "media.fields") == 0)
			fields(errs, "media.fields", k, v, &f->mf);
		else if (strcmp(k, "dm_event.fields") == 0)
			fields(errs, "dm_event.fields", k, v, &f->df);
		else if (strcmp(k, "poll.fields") == 0)
			fields(errs, "poll.fields", k, v, &dummy);
		else if (strcmp(k, "place.fields") == 0)
			fields(errs, "place.fields", k, v, &dummy);
		else if (strcmp(k, "event_types") == 0)
			fields(errs, "event_types", k, v, &dummy);
		else if (strcmp(k, "expansions") == 0)
			fields(errs, xkinds[p->xkind], k, v, &f->xf);
		else if (strcmp(k, "max_results") == 0) {
			m = strtol(v, &end, 10);
			if (*end || !isdigit((unsigned char)*v) || m < p->min ||
			    m > p->max)
				cJSON_AddItemToArray(errs, sb_param_error(k, v,
				    "The `max_results` query parameter value [%s] "
				    "is not between %d and %d", v, p->min, p->max));
		} else if (strcmp(k, "since_id") == 0 ||
		    strcmp(k, "until_id") == 0 || strcmp(k, "media_id") == 0) {
			if (!tw_is_id(v))
				cJSON_AddItemToArray(errs, sb_param_error(k, v,
				    "The `%s` query parameter value [%s] does not "
				    "match ^[0-9]{1,19}$", k, v));
		} else if (strcmp(k, "start_time") == 0 ||
		    strcmp(k, "end_time") == 0) {
			if (tw_time_parse_rfc3339(v, &t) < 0)
				cJSON_AddItemToArray(errs, sb_param_error(k, v,
				    "Invalid '%s':'%s'. '%s' must be a valid "
				    "RFC 3339 date-time (YYYY-MM-DDTHH:mm:ssZ)",
				    k, v, k));
		} else if (strcmp(k, "pagination_token") == 0 ||
		    strcmp(k, "next_token") == 0) {
			if ((int)strlen(v) < p->token_min ||
			    sb_token_parse(v, &n) < 0)
				cJSON_AddItemToArray(errs, sb_param_error(k, v,
				    "The `%s` query parameter value [%s] is not a "
				    "valid token", k, v));
		} else if (strcmp(k, "sort_order") == 0) {
			if (strcmp(v, "recency") && strcmp(v, "relevancy"))
				cJSON_AddItemToArray(errs, sb_param_error(k, v,
				    "The `sort_order` query parameter value [%s] is "
				    "not one of [recency,relevancy]", v));
		} else if (strcmp(k, "dry_run") == 0 ||
		    strcmp(k, "delete_all") == 0) {
			if (strcmp(v, "true") && strcmp(v, "false"))
				cJSON_AddItemToArray(errs, sb_param_error(k, v,
				    "The `%s` query parameter value [%s] is not one "
				    "of [true,false]", k, v));
		} else if (strcmp(k, "backfill_minutes") == 0) {
			m = strtol(v, &end, 10);
			if (*end || !isdigit((unsigned char)*v) || m > 5)
				cJSON_AddItemToArray(errs, sb_param_error(k, v,
				    "The `backfill_minutes` query parameter value "
				    "[%s] is not between 0 and 5", v));
		} else if (strcmp(k, "command") == 0) {
			if (strcmp(v, "STATUS") != 0)
				cJSON_AddItemToArray(errs, sb_param_error(k, v,
				    "The `command` query parameter value [%s] is "
				    "not one of [STATUS]", v));
		}
	}
	if (tw_kvs_get(&r->query, "next_token") &&
	    tw_kvs_get(&r->query, "pagination_token"))
		cJSON_AddItemToArray(errs, sb_param_error("next_token",
		    tw_kvs_get(&r->query, "next_token"),
		    "At most one of next_token and pagination_token may be "
		    "given"));
	if (cJSON_GetArraySize(errs)) {
		sb_invalid(w, errs);
		return -1;
	}
	cJSON_Delete(errs);
	implied(f, r);
	return 0;
}
