/* fetch.c - paging through the API with checkpoints and budgets */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "config.h"
#include "ndjson.h"
#include "state.h"
#include "timefmt.h"

volatile int tw_fetch_stop;

static void
on_signal(int sig)
{
	tw_fetch_stop = sig;
}

void
tw_fetch_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

#define SEEN_MAX 4096

int
tw_id_cmp(const char *a, const char *b)
{
	size_t la, lb;

	while (*a == '0' && a[1])
		a++;
	while (*b == '0' && b[1])
		b++;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

void
tw_fetch_init(struct tw_fetch *f, struct tw_client *c,
    const struct tw_account *acct)
{
	memset(f, 0, sizeof *f);
	f->client = c;
	f->ident.id = acct->user_id;
	f->ident.username = acct->username;
}

static void
clear_sweep(struct tw_fetch *f)
{
	free(f->oldest);
	free(f->newest);
	f->oldest = f->newest = NULL;
}

void
tw_fetch_free(struct tw_fetch *f)
{
	size_t i;

	clear_sweep(f);
	for (i = 0; i < f->nseen; i++)
		free(f->seen[i]);
	free(f->seen);
	free(f->ckpt_key);
	cJSON_Delete(f->collect);
}

void
tw_fetch_tweet_params(tw_kvs *q)
{
	tw_kvs_set(q, "tweet.fields", "attachments,author_id,conversation_id,"
	    "created_at,entities,in_reply_to_user_id,lang,note_tweet,"
	    "public_metrics,referenced_tweets,reply_settings");
	tw_kvs_set(q, "expansions", "author_id,referenced_tweets.id,"
	    "referenced_tweets.id.author_id,attachments.media_keys,"
	    "in_reply_to_user_id");
	tw_kvs_set(q, "user.fields", "created_at,description,location,name,"
	    "public_metrics,username,verified");
	tw_kvs_set(q, "media.fields", "media_key,type,url,preview_image_url");
}

void
tw_fetch_dm_params(tw_kvs *q)
{
	tw_kvs_set(q, "dm_event.fields", "id,text,event_type,created_at,"
	    "dm_conversation_id,sender_id,participant_ids,referenced_tweets,"
	    "attachments");
	tw_kvs_set(q, "expansions", "sender_id,participant_ids");
	tw_kvs_set(q, "user.fields", "created_at,description,location,name,"
	    "public_metrics,username,verified");
}

void
tw_fetch_user_params(tw_kvs *q)
{
	tw_kvs_set(q, "user.fields", "created_at,description,location,name,"
	    "public_metrics,username,verified");
}

static void
progress(struct tw_fetch *f, int done)
{
	if (!f->progress)
		return;
	f->progress_len = fprintf(stderr, "\r%s: %s: %ld record%s, %ld page%s"
	    "\033[K", tw_progname, f->what, f->emitted, tw_s(f->emitted),
	    f->pages, tw_s(f->pages));
	fputs(done ? "\n" : " ", stderr);
	fflush(stderr);
	f->progress_len = done || f->progress_len < 0 ? 0 : f->progress_len;
}

/* Lines on the same terminal as the progress: wipe it first. */
static void
progress_wipe(struct tw_fetch *f)
{
	if (!f->shown || !f->progress_len)
		return;
	fprintf(stderr, "\r%*s\r", f->progress_len, "");
	fflush(stderr);
	f->progress_len = 0;
}

int
tw_fetch_get(struct tw_fetch *f, struct tw_req *req, struct tw_resp *resp)
{
	long long now, wait;
	const char *hint;
	int rv;

	if (f->min_interval_ms && f->last_req_ms) {
		now = tw_now_ms();
		wait = f->last_req_ms + f->min_interval_ms - now;
		if (wait > 0)
			usleep((useconds_t)wait * 1000);
	}
	if (!req->cancel)
		req->cancel = &tw_fetch_stop;
	rv = tw_http(f->client, req, resp);
	f->last_req_ms = tw_now_ms();
	if (tw_fetch_stop)
		return TW_EXIT_OK == rv && resp->json ? rv : TW_EXIT_PARTIAL;
	if (rv != TW_EXIT_OK) {
		if (f->progress)
			fputc('\n', stderr);
		hint = tw_http_hint(resp);
		tw_warn("%s: %s%s%s", f->what,
		    resp->error ? resp->error : "request failed",
		    hint ? " -- " : "", hint ? hint : "");
	}
	return rv;
}

static int
seen_before(struct tw_fetch *f, const char *id)
{
	size_t i;

	if (!f->seen)
		return 0;
	for (i = 0; i < f->nseen; i++)
		if (strcmp(f->seen[i], id) == 0)
			return 1;
	if (f->nseen < SEEN_MAX) {
		f->seen[f->nseen++] = xstrdup(id);
	} else {
		free(f->seen[f->seenpos]);
		f->seen[f->seenpos] = xstrdup(id);
		f->seenpos = (f->seenpos + 1) % SEEN_MAX;
	}
	return 0;
}

static void
note_id(struct tw_fetch *f, const char *id)
{
	if (!id)
		return;
	if (!f->oldest || tw_id_cmp(id, f->oldest) < 0) {
		free(f->oldest);
		f->oldest = xstrdup(id);
	}
	if (!f->newest || tw_id_cmp(id, f->newest) > 0) {
		free(f->newest);
		f->newest = xstrdup(id);
	}
}

static void
emit_rec(cJSON *rec, void *ctx)
{
	struct tw_fetch *f = ctx;
	const char *id = tw_json_str(rec, "id");

	if (f->max && f->emitted >= f->max) {
		f->stopped = 1;
		cJSON_Delete(rec);
		return;
	}
	if (id && seen_before(f, id)) {
		cJSON_Delete(rec);
		return;
	}
	note_id(f, id);
	f->emitted++;
	if (f->collect) {
		cJSON_AddItemToArray(f->collect, rec);
		return;
	}
	progress_wipe(f);
	tw_emit(rec);
	cJSON_Delete(rec);
}

void
tw_fetch_page(struct tw_fetch *f, const cJSON *page)
{
	const char *err = NULL;
	const cJSON *d, *it;
	char *line;

	f->pages++;
	if (f->raw) {
		line = tw_json_line(page);
		fputs(line, stdout);
		fputc('\n', stdout);
		if (ferror(stdout))
			tw_out_check();
		free(line);
		d = cJSON_GetObjectItemCaseSensitive(page, "data");
		cJSON_ArrayForEach(it, d) {
			note_id(f, tw_json_str(it, "id"));
			f->emitted++;
		}
		if (cJSON_IsObject(d))
			note_id(f, tw_json_str(d, "id"));
	} else if (tw_normalize(page, &f->ident, f->source, emit_rec, f,
	    &err) < 0) {
		tw_warn("%s: cannot read the API's answer: %s", f->what,
		    err ? err : "unknown shape");
	}
	fflush(stdout);
	progress(f, 0);
}

/* The checkpoint value: "SINCE" when the last sweep finished, or
 * "SINCE UNTIL NEWEST" while one is unfinished (everything newer than
 * UNTIL and up to NEWEST is out; what lies between SINCE and UNTIL is
 * still to fetch).  One key, so it is replaced atomically. */
struct ckpt {
	char *since, *until, *newest;
};

static void
ckpt_read(struct tw_fetch *f, struct ckpt *c)
{
	char *v, *p, *q;

	memset(c, 0, sizeof *c);
	if (!f->ckpt_name)
		return;
	v = tw_checkpoint_get(f->ckpt_name, f->ckpt_key);
	if (!v || !*v) {
		free(v);
		return;
	}
	p = strchr(v, ' ');
	if (!p) {
		c->since = v;
		return;
	}
	*p++ = 0;
	q = strchr(p, ' ');
	if (q) {
		*q++ = 0;
		c->until = xstrdup(p);
		c->newest = xstrdup(q);
	}
	c->since = xstrdup(v);
	free(v);
	if (!strcmp(c->since, "-")) {
		free(c->since);
		c->since = NULL;
	}
}

static void
ckpt_free(struct ckpt *c)
{
	free(c->since);
	free(c->until);
	free(c->newest);
}

static int
ckpt_write(struct tw_fetch *f, const char *since, const char *until,
    const char *newest)
{
	char *v;
	int rv;

	if (!f->ckpt_name)
		return 0;
	if (until && newest)
		v = xasprintf("%s %s %s", since ? since : "-", until, newest);
	else if (since)
		v = xstrdup(since);
	else
		return 0;
	/* Only after the records it covers are out. */
	if (fflush(stdout) != 0)
		tw_out_ok();
	rv = tw_checkpoint_put(f->ckpt_name, f->ckpt_key, v);
	free(v);
	return rv;
}

static long
page_size(struct tw_fetch *f, int page_min, int page_max)
{
	long n = page_max;

	if (f->max && f->max - f->emitted < n)
		n = f->max - f->emitted;
	if (f->budget && f->budget - f->read < n)
		n = f->budget - f->read;
	if (n < page_min) {
		if (f->budget && f->budget - f->read < page_min)
			return 0;       /* would read past the budget */
		n = page_min;
	}
	return n;
}

static int
limit_reached(struct tw_fetch *f, int page_min, int page_max)
{
	if (f->max && f->emitted >= f->max)
		return 1;
	if (f->budget && page_size(f, page_min, page_max) == 0) {
		tw_warn("%s: stopping: the budget of %ld post%s is reached",
		    f->what, f->budget, tw_s(f->budget));
		return 1;
	}
	return 0;
}

static long
result_count(const cJSON *page)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(page, "data");

	if (cJSON_IsArray(d))
		return cJSON_GetArraySize(d);
	return cJSON_IsObject(d) ? 1 : 0;
}

/* One page: the query (taken over and freed) with the page token; on
 * success the posts it holds count against the budget. */
static int
get_page(struct tw_fetch *f, const char *path, tw_kvs *query,
    const char *token, struct tw_resp *resp)
{
	struct tw_req req;
	int rv;

	memset(&req, 0, sizeof req);
	memset(resp, 0, sizeof *resp);
	req.path = path;
	req.auth = f->auth;
	req.query = *query;
	memset(query, 0, sizeof *query);
	if (token)
		tw_kvs_set(&req.query, "pagination_token", token);
	rv = tw_fetch_get(f, &req, resp);
	tw_req_free(&req);
	if (rv)
		tw_resp_free(resp);
	else
		f->read += result_count(resp->json);
	return rv;
}

/* The next page's token, or NULL at the end. */
static char *
next_token(const struct tw_fetch *f, const cJSON *page)
{
	const char *nt = tw_json_str(tw_json_path(page, "meta"), "next_token");

	return nt && !f->stopped ? xstrdup(nt) : NULL;
}

/* One sweep from the newest down: since < id < until.  Returns the exit
 * code; *complete when every page was read.  Progress goes into the
 * checkpoint (SINCE, the oldest id out so far, the sweep's newest). */
static int
sweep(struct tw_fetch *f, const char *path, const tw_kvs *params,
    int page_min, int page_max, const char *since, const char *until,
    const char *pending_newest, int *complete)
{
	struct tw_resp resp;
	tw_kvs q = { 0 };
	char *token = NULL, num[32];
	size_t i;
	int rv = 0;

	*complete = 0;
	clear_sweep(f);
	if (pending_newest)
		note_id(f, pending_newest);
	for (;;) {
		if (limit_reached(f, page_min, page_max)) {
			f->stopped = 1;
			break;
		}
		for (i = 0; i < params->n; i++)
			tw_kvs_add(&q, params->v[i].key, params->v[i].val);
		snprintf(num, sizeof num, "%ld", page_size(f, page_min, page_max));
		tw_kvs_set(&q, "max_results", num);
		if (since)
			tw_kvs_set(&q, "since_id", since);
		else if (f->start_time)
			tw_kvs_set(&q, "start_time", f->start_time);
		if (until)
			tw_kvs_set(&q, "until_id", until);
		else if (f->end_time)
			tw_kvs_set(&q, "end_time", f->end_time);
		if ((rv = get_page(f, path, &q, token, &resp)) != 0)
			break;
		tw_fetch_page(f, resp.json);
		free(token);
		token = next_token(f, resp.json);
		tw_resp_free(&resp);
		if (!token) {
			*complete = !f->stopped;
			break;
		}
		if (f->oldest && f->newest)
			ckpt_write(f, since, f->oldest, f->newest);
	}
	free(token);
	return rv;
}

int
tw_fetch_timeline(struct tw_fetch *f, const char *path, const tw_kvs *params,
    int page_min, int page_max)
{
	struct ckpt c;
	const char *since, *until;
	char *newest;
	int rv = 0, complete;

	ckpt_read(f, &c);
	since = f->since_id ? f->since_id : c.since;
	until = f->until_id;

	/* First finish a sweep a earlier run left unfinished. */
	if (c.until && !f->since_id && !f->until_id) {
		rv = sweep(f, path, params, page_min, page_max, since, c.until,
		    c.newest, &complete);
		if (rv || !complete) {
			if (!rv && f->oldest && f->newest)
				ckpt_write(f, since, f->oldest, f->newest);
			goto out;
		}
		ckpt_write(f, c.newest, NULL, NULL);
		since = c.newest;
	}
	rv = sweep(f, path, params, page_min, page_max, since, until, NULL,
	    &complete);
	if (!rv && f->newest) {
		newest = xstrdup(f->newest);
		if (complete)
			ckpt_write(f, newest, NULL, NULL);
		else if (f->oldest)
			ckpt_write(f, since, f->oldest, newest);
		free(newest);
	}
out:
	progress(f, 1);
	ckpt_free(&c);
	return rv;
}

/* DM events: the API pages from the newest back; there is no since_id,
 * so a sweep stops at the first event at or below the checkpoint. */
int
tw_fetch_dms(struct tw_fetch *f, const char *path)
{
	struct ckpt c;
	struct tw_resp resp;
	tw_kvs q = { 0 };
	cJSON *page, *d, *it, *next;
	const char *since, *until, *id;
	char *token = NULL, num[16], *pending = NULL;
	int rv = 0, done = 0, pass;

	ckpt_read(f, &c);
	for (pass = 0; pass < 2 && !rv; pass++) {
		/* pass 0 finishes an unfinished sweep, pass 1 is the new one */
		if (pass == 0 && !c.until)
			continue;
		since = c.since;
		until = pass == 0 ? c.until : NULL;
		clear_sweep(f);
		if (pass == 0)
			note_id(f, c.newest);
		done = 0;
		while (!done) {
			if (limit_reached(f, 1, 100)) {
				f->stopped = 1;
				break;
			}
			tw_fetch_dm_params(&q);
			snprintf(num, sizeof num, "%ld", page_size(f, 1, 100));
			tw_kvs_set(&q, "max_results", num);
			if ((rv = get_page(f, path, &q, token, &resp)) != 0)
				break;
			/* Keep only since < id < until. */
			page = cJSON_Duplicate(resp.json, 1);
			d = cJSON_GetObjectItemCaseSensitive(page, "data");
			for (it = d ? d->child : NULL; it; it = next) {
				next = it->next;
				id = tw_json_str(it, "id");
				if (id && since && tw_id_cmp(id, since) <= 0) {
					done = 1;
					cJSON_Delete(cJSON_DetachItemViaPointer(d, it));
				} else if (id && until && tw_id_cmp(id, until) >= 0)
					cJSON_Delete(cJSON_DetachItemViaPointer(d, it));
			}
			tw_fetch_page(f, page);
			cJSON_Delete(page);
			free(token);
			token = done ? NULL : next_token(f, resp.json);
			tw_resp_free(&resp);
			if (!token) {
				done = !f->stopped;
				break;
			}
			if (f->oldest && f->newest)
				ckpt_write(f, since, f->oldest, f->newest);
		}
		free(token);
		token = NULL;
		if (rv)
			break;
		if (!done) {
			if (f->oldest && f->newest)
				ckpt_write(f, since, f->oldest, f->newest);
			break;
		}
		/* finished: everything up to the sweep's newest is out */
		pending = f->newest ? xstrdup(f->newest) :
		    (since ? xstrdup(since) : NULL);
		if (pending)
			ckpt_write(f, pending, NULL, NULL);
		free(c.since);
		c.since = pending;
		pending = NULL;
	}
	progress(f, 1);
	ckpt_free(&c);
	return rv;
}

int
tw_fetch_lookup(struct tw_fetch *f, const char *path, const char *key,
    char **ids, int n, void (*params)(tw_kvs *))
{
	struct tw_resp resp;
	struct tw_req req;
	tw_buf list = { 0 };
	int i, j, rv = 0;

	for (i = 0; i < n && !rv; i += 100) {
		if (limit_reached(f, 1, 100)) {
			f->stopped = 1;
			break;
		}
		tw_buf_reset(&list);
		for (j = i; j < n && j < i + 100; j++) {
			const char *v = ids[j];

			if (*v == '@')
				v++;
			if (j > i)
				tw_buf_addc(&list, ',');
			tw_buf_adds(&list, v);
		}
		memset(&req, 0, sizeof req);
		memset(&resp, 0, sizeof resp);
		req.path = path;
		tw_kvs_add(&req.query, key, list.s);
		params(&req.query);
		rv = tw_fetch_get(f, &req, &resp);
		tw_req_free(&req);
		if (!rv) {
			f->read += result_count(resp.json);
			tw_fetch_page(f, resp.json);
			/* partial errors: ids not found */
			if (cJSON_GetObjectItemCaseSensitive(resp.json, "errors")) {
				const cJSON *e;

				cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(
				    resp.json, "errors")) {
					const char *det = tw_json_str(e, "detail");

					tw_warn("%s: %s", f->what,
					    det ? det : "partial error");
				}
				rv = TW_EXIT_PARTIAL;
			}
		}
		tw_resp_free(&resp);
	}
	tw_buf_free(&list);
	progress(f, 1);
	return rv;
}

/* Reply order: the root, then each reply followed by its own replies,
 * siblings oldest first; replies whose parent is missing follow the
 * root's thread, oldest first. */
static int
by_id(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	const char *ix = tw_json_str(x, "id"), *iy = tw_json_str(y, "id");

	return tw_id_cmp(ix ? ix : "0", iy ? iy : "0");
}

static const char *
parent_of(const cJSON *r)
{
	return tw_json_str(tw_json_path(r, "in_reply_to"), "id");
}

static void
emit_thread(cJSON **v, int n, char *used, const char *id)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *p = parent_of(v[i]);

		if (used[i] || !p || strcmp(p, id) != 0)
			continue;
		used[i] = 1;
		tw_emit(v[i]);
		emit_thread(v, n, used, tw_json_str(v[i], "id"));
	}
}

int
tw_fetch_conversation(struct tw_fetch *f, const char *id)
{
	struct tw_resp resp;
	struct tw_req req;
	tw_kvs q = { 0 };
	cJSON **v, *it;
	char *root = NULL, *query, *used, *p;
	const char *conv;
	int n, i, rv;

	f->collect = cJSON_CreateArray();
	tw_fetch_dedupe(f);     /* the search gives the root again */
	/* the tweet itself tells the conversation's root */
	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	req.path = p = xasprintf("/2/tweets/%s", id);
	tw_fetch_tweet_params(&req.query);
	rv = tw_fetch_get(f, &req, &resp);
	free(p);
	tw_req_free(&req);
	if (rv) {
		tw_resp_free(&resp);
		return rv;
	}
	f->read += result_count(resp.json);
	conv = tw_json_str(tw_json_path(resp.json, "data"), "conversation_id");
	root = xstrdup(conv ? conv : id);
	if (strcmp(root, id) != 0) {
		tw_resp_free(&resp);
		memset(&req, 0, sizeof req);
		memset(&resp, 0, sizeof resp);
		req.path = p = xasprintf("/2/tweets/%s", root);
		tw_fetch_tweet_params(&req.query);
		rv = tw_fetch_get(f, &req, &resp);
		free(p);
		tw_req_free(&req);
		if (rv == TW_EXIT_OK)
			f->read += result_count(resp.json);
		else
			rv = 0;   /* the root may be gone; the replies are not */
	}
	if (resp.json)
		tw_fetch_page(f, resp.json);
	tw_resp_free(&resp);

	query = xasprintf("conversation_id:%s", root);
	tw_kvs_add(&q, "query", query);
	tw_fetch_tweet_params(&q);
	rv = tw_fetch_timeline(f, "/2/tweets/search/recent", &q, 10, 100);
	tw_kvs_free(&q);
	free(query);

	n = cJSON_GetArraySize(f->collect);
	v = xcalloc(n + 1, sizeof *v);
	used = xcalloc(n + 1, 1);
	i = 0;
	cJSON_ArrayForEach(it, f->collect)
		v[i++] = it;
	qsort(v, n, sizeof *v, by_id);
	for (i = 0; i < n; i++)
		if (!strcmp(tw_json_str(v[i], "id"), root)) {
			used[i] = 1;
			tw_emit(v[i]);
		}
	emit_thread(v, n, used, root);
	for (i = 0; i < n; i++)
		if (!used[i]) {
			used[i] = 1;
			tw_emit(v[i]);
			emit_thread(v, n, used, tw_json_str(v[i], "id"));
		}
	free(v);
	free(used);
	free(root);
	cJSON_Delete(f->collect);
	f->collect = NULL;
	return rv;
}

void
tw_fetch_dedupe(struct tw_fetch *f)
{
	if (!f->seen)
		f->seen = xcalloc(SEEN_MAX, sizeof *f->seen);
}
