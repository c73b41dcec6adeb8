/* stream.c - the filtered stream: rules kept equal to a file, reading
 * with reconnects and X's documented backoff, gaps filled by search */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compliance.h"
#include "stream.h"
#include "ndjson.h"
#include "timefmt.h"

struct rule {
	char *tag, *value;
};

struct rules {
	struct rule *v;
	int n;
};

static void
rules_add(struct rules *r, const char *tag, const char *value)
{
	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	r->v[r->n].tag = xstrdup(tag ? tag : "");
	r->v[r->n].value = xstrdup(value);
	r->n++;
}

static void
rules_free(struct rules *r)
{
	int i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].tag);
		free(r->v[i].value);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = 0;
	return s;
}

/* The rules file: one rule a line, "tag: value"; '#' comments and blank
 * lines are skipped. */
static int
rules_read(const char *file, struct rules *r)
{
	tw_reader rd;
	char *line, *sep, *tag, *val;
	int bad = 0, i;

	if (tw_reader_open(&rd, file) < 0)
		return TW_EXIT_USAGE;
	while ((line = tw_reader_line(&rd))) {
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		sep = strstr(line, ": ");
		if (!sep) {
			tw_warn_at(&rd.loc, "expected 'tag: rule'");
			bad = 1;
			continue;
		}
		*sep = 0;
		tag = trim(line);
		val = trim(sep + 2);
		if (!*tag || !*val) {
			tw_warn_at(&rd.loc, "%s",
			    *tag ? "the rule is empty" : "the tag is empty");
			bad = 1;
			continue;
		}
		if (strlen(val) > 1024) {
			tw_warn_at(&rd.loc, "the rule is longer than 1024 characters");
			bad = 1;
			continue;
		}
		for (i = 0; i < r->n; i++)
			if (!strcmp(r->v[i].value, val) && !strcmp(r->v[i].tag, tag))
				break;
		if (i == r->n)
			rules_add(r, tag, val);
	}
	if (rd.error || rd.bad)
		bad = 1;
	tw_reader_close(&rd);
	return bad ? TW_EXIT_USAGE : 0;
}

static int
rules_get(struct tw_fetch *f, cJSON **data)
{
	struct tw_req req = { 0 };
	struct tw_resp resp = { 0 };
	int rv;

	req.path = "/2/tweets/search/stream/rules";
	req.auth = TW_AUTH_APP;
	rv = tw_fetch_get(f, &req, &resp);
	tw_req_free(&req);
	if (!rv) {
		*data = cJSON_DetachItemFromObjectCaseSensitive(resp.json, "data");
		if (!*data)
			*data = cJSON_CreateArray();
	}
	tw_resp_free(&resp);
	return rv;
}

static int
rules_post(struct tw_fetch *f, cJSON *body)
{
	struct tw_req req = { 0 };
	struct tw_resp resp = { 0 };
	char *json = tw_json_line(body);
	int rv;

	req.method = "POST";
	req.path = "/2/tweets/search/stream/rules";
	req.auth = TW_AUTH_APP;
	req.json = json;
	rv = tw_fetch_get(f, &req, &resp);
	if (!rv && cJSON_GetObjectItemCaseSensitive(resp.json, "errors")) {
		const cJSON *e;

		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(resp.json,
		    "errors")) {
			const char *v = tw_json_str(e, "value");
			const char *t = tw_json_str(e, "title");
			const char *d = tw_json_str(e, "details");

			tw_warn("stream: rule '%s' refused: %s%s%s", v ? v : "?",
			    t ? t : "error", d ? ": " : "", d ? d : "");
		}
		rv = TW_EXIT_API;
	}
	tw_req_free(&req);
	tw_resp_free(&resp);
	free(json);
	return rv;
}

int
tw_stream_sync_rules(struct tw_fetch *f, const char *file)
{
	struct rules want = { 0 };
	cJSON *have = NULL, *add, *del, *ids, *it, *o;
	int i, rv, found, added = 0, deleted = 0, kept = 0;
	char *keep;

	if ((rv = rules_read(file, &want)) != 0) {
		rules_free(&want);
		return rv;
	}
	if ((rv = rules_get(f, &have)) != 0) {
		rules_free(&want);
		return rv;
	}
	keep = xcalloc(want.n + 1, 1);
	del = cJSON_CreateObject();
	ids = cJSON_AddArrayToObject(del, "ids");
	cJSON_ArrayForEach(it, have) {
		const char *v = tw_json_str(it, "value");
		const char *t = tw_json_str(it, "tag");

		found = 0;
		for (i = 0; i < want.n && v; i++)
			if (!keep[i] && !strcmp(want.v[i].value, v) &&
			    !strcmp(want.v[i].tag, t ? t : "")) {
				keep[i] = found = 1;
				break;
			}
		if (found)
			kept++;
		else if (tw_json_str(it, "id")) {
			cJSON_AddItemToArray(ids,
			    cJSON_CreateString(tw_json_str(it, "id")));
			deleted++;
		}
	}
	if (deleted) {
		o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "delete", del);
		del = NULL;
		rv = rules_post(f, o);
		cJSON_Delete(o);
	}
	cJSON_Delete(del);
	if (!rv) {
		o = cJSON_CreateObject();
		add = cJSON_AddArrayToObject(o, "add");
		for (i = 0; i < want.n; i++) {
			if (keep[i])
				continue;
			it = cJSON_CreateObject();
			cJSON_AddStringToObject(it, "value", want.v[i].value);
			cJSON_AddStringToObject(it, "tag", want.v[i].tag);
			cJSON_AddItemToArray(add, it);
			added++;
		}
		if (added)
			rv = rules_post(f, o);
		cJSON_Delete(o);
	}
	if (!rv)
		tw_warn("stream: rules: %d added, %d deleted, %d unchanged",
		    added, deleted, kept);
	free(keep);
	cJSON_Delete(have);
	rules_free(&want);
	return rv;
}

int
tw_stream_print_rules(struct tw_fetch *f)
{
	cJSON *have = NULL, *it;
	int rv;

	if ((rv = rules_get(f, &have)) != 0)
		return rv;
	cJSON_ArrayForEach(it, have) {
		const char *t = tw_json_str(it, "tag");

		printf("%s: %s\n", t && *t ? t : "untagged",
		    tw_json_str(it, "value") ? tw_json_str(it, "value") : "");
	}
	cJSON_Delete(have);
	return 0;
}

/* Reading the stream */

/* A connection that stayed up this long with keep-alives (X sends one
 * every 20 s) was a good one, even without a post: see tw-fetch(1). */
#define STREAM_STABLE_S 60

struct sctx {
	struct tw_fetch *f;
	struct tw_client *bc;     /* a second client for the backfill */
	tw_buf buf;
	int data;                 /* bytes arrived on this connection */
	long posts;               /* posts arrived on this connection */
	long keepalives;          /* and keep-alive lines */
	int disconnect;           /* an operational-disconnect message */
	int backfill;             /* fill the gap once connected */
	char *since;              /* the last id before the gap */
	time_t since_t;           /* without an id: when the stream began */
	cJSON *rules;
	int comp_again;           /* a compliance stream reconnecting */
};

/* After a reconnect: a recent search for what the rules match since the
 * last id seen; duplicates of what the stream delivers are dropped. */
static void
backfill(struct sctx *s)
{
	struct tw_fetch *f = s->f;
	struct tw_client *saved = f->client;
	tw_kvs q = { 0 };
	tw_buf query = { 0 };
	const char *saved_src = f->source, *saved_what = f->what;
	const char *ss = f->since_id, *su = f->until_id, *st = f->start_time,
	    *se = f->end_time, *sk = f->ckpt_name;
	long saved_max = f->max;
	char *last = f->newest ? xstrdup(f->newest) : NULL;
	char tbuf[32];
	const cJSON *it;
	int n = 0;

	cJSON_ArrayForEach(it, s->rules) {
		const char *v = tw_json_str(it, "value");

		if (!v)
			continue;
		if (n++)
			tw_buf_adds(&query, " OR ");
		tw_buf_printf(&query, "(%s)", v);
	}
	if (!n || (!s->since && !s->since_t)) {
		tw_buf_free(&query);
		free(last);
		return;
	}
	tw_kvs_add(&q, "query", query.s);
	tw_fetch_tweet_params(&q);
	f->client = s->bc;
	f->what = "stream: backfill";
	f->since_id = s->since;
	f->until_id = f->start_time = f->end_time = NULL;
	if (!s->since) {
		/* nothing seen yet: everything since the stream began */
		tw_time_format(s->since_t - 2, tbuf, sizeof tbuf);
		f->start_time = tbuf;
	}
	f->ckpt_name = NULL;
	f->max = 0;
	f->auth = TW_AUTH_APP;      /* the stream's own credentials */
	if (tw_fetch_timeline(f, "/2/tweets/search/recent", &q, 10, 100) != 0)
		tw_warn("stream: the gap since %s could not be filled",
		    s->since ? s->since : f->start_time);
	f->client = saved;
	f->source = saved_src;
	f->what = saved_what;
	f->since_id = ss;
	f->until_id = su;
	f->start_time = st;
	f->end_time = se;
	f->ckpt_name = sk;
	f->max = saved_max;
	f->auth = TW_AUTH_USER;
	/* the stream goes on from the newest id either has seen */
	if (last && (!f->newest || tw_id_cmp(last, f->newest) > 0)) {
		free(f->newest);
		f->newest = last;
		last = NULL;
	}
	free(last);
	tw_kvs_free(&q);
	tw_buf_free(&query);
}

/* A compliance stream's event, as a record (compliance.h); --max ends
 * the stream. */
static void
comp_event(struct tw_fetch *f, const cJSON *o)
{
	cJSON *r = tw_compliance_from_event(o);

	if (!r) {
		tw_warn("stream: a compliance event of no known shape was "
		    "skipped");
		return;
	}
	tw_emit(r);
	cJSON_Delete(r);
	if (f->max && ++f->emitted >= f->max)
		f->stopped = 1;
}

static int
stream_line(struct sctx *s, char *line, size_t len)
{
	cJSON *o, *e;
	const char *type, *title;

	if (len && line[len - 1] == '\r')
		line[--len] = 0;
	if (!len) {
		s->keepalives++;        /* keep-alive */
		return 0;
	}
	if (tw_utf8_check(line, len) < len) {
		tw_warn("stream: a message that is not valid UTF-8 was skipped");
		return 0;
	}
	o = cJSON_ParseWithLength(line, len);
	if (!o) {
		tw_warn("stream: a message that is not JSON was skipped");
		return 0;
	}
	if (cJSON_GetObjectItemCaseSensitive(o, "data") && s->f->comp_stream) {
		s->posts++;
		comp_event(s->f, o);
	} else if (cJSON_GetObjectItemCaseSensitive(o, "data")) {
		s->posts++;
		tw_fetch_page(s->f, o);
	} else {
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o, "errors")) {
			type = tw_json_str(e, "type");
			title = tw_json_str(e, "title");
			if ((type && strstr(type, "operational-disconnect")) ||
			    (title && strstr(title, "operational-disconnect")) ||
			    (title && strstr(title, "Operational Disconnect"))) {
				s->disconnect = 1;
				tw_warn("stream: the server asked to reconnect (%s)",
				    tw_json_str(e, "disconnect_type") ?
				    tw_json_str(e, "disconnect_type") : "operational disconnect");
			}
		}
	}
	cJSON_Delete(o);
	return s->disconnect ? -1 : 0;
}

static int
on_data(const char *p, size_t n, void *ctx)
{
	struct sctx *s = ctx;
	char *nl;
	size_t off;

	s->data = 1;
	if (s->backfill) {
		s->backfill = 0;
		backfill(s);
	}
	tw_buf_add(&s->buf, p, n);
	while ((nl = memchr(s->buf.s, '\n', s->buf.len))) {
		off = nl - s->buf.s;
		*nl = 0;
		if (stream_line(s, s->buf.s, off) < 0) {
			tw_buf_reset(&s->buf);
			return -1;
		}
		memmove(s->buf.s, nl + 1, s->buf.len - off - 1);
		s->buf.len -= off + 1;
		s->buf.s[s->buf.len] = 0;
	}
	fflush(stdout);         /* each post on its way at once */
	if (s->buf.len > 16 << 20) {
		tw_warn("stream: a message over 16 MiB; reconnecting");
		tw_buf_reset(&s->buf);
		return -1;
	}
	return tw_fetch_stop || s->f->stopped ? -1 : 0;
}

static void
nap(long ms)
{
	while (ms > 0 && !tw_fetch_stop) {
		usleep((ms > 100 ? 100 : ms) * 1000);
		ms -= 100;
	}
}

void
tw_backoff_reset(struct tw_backoff *b)
{
	memset(b, 0, sizeof *b);
}

long
tw_backoff_next(struct tw_backoff *b, enum tw_backoff_kind k)
{
	switch (k) {
	case TW_BACKOFF_RATE:
		return b->rate_ms = b->rate_ms ? b->rate_ms * 2 : 60000;
	case TW_BACKOFF_HTTP:
		return b->http_ms = b->http_ms ? (b->http_ms * 2 > 320000 ?
		    320000 : b->http_ms * 2) : 5000;
	case TW_BACKOFF_NET:
		if (!b->used) {         /* the first: at once */
			b->used = 1;
			return 0;
		}
		return b->net_ms = b->net_ms + 250 > 16000 ? 16000 :
		    b->net_ms + 250;
	}
	return 0;
}

/* The filtered stream's request, or a compliance stream's (its
 * partition; --since, or after a reconnect the last 5 minutes again). */
static void
stream_request(struct tw_fetch *f, struct tw_req *req, struct sctx *s)
{
	req->auth = TW_AUTH_APP;
	if (!f->comp_stream) {
		req->path = "/2/tweets/search/stream";
		tw_fetch_tweet_params(&req->query);
		return;
	}
	req->path = f->comp_stream;
	tw_kvs_add(&req->query, "partition", f->partition);
	if (s->comp_again)
		tw_kvs_add(&req->query, "backfill_minutes", "5");
	else if (f->start_time)
		tw_kvs_add(&req->query, "start_time", f->start_time);
	s->comp_again = 1;
}

int
tw_stream_run(struct tw_fetch *f)
{
	struct tw_client bc;
	struct sctx s;
	struct tw_req req;
	struct tw_resp resp;
	struct tw_backoff bo;
	long delay;
	const char *env, *why;
	long idle = 30;
	time_t up;
	int rv = 0, no_wait = f->client->no_wait;

	if ((env = getenv("TW_STREAM_IDLE")) && atol(env) > 0)
		idle = atol(env);
	memset(&s, 0, sizeof s);
	tw_backoff_reset(&bo);
	s.f = f;
	tw_client_init(&bc, f->client->acct);
	s.bc = &bc;
	tw_fetch_dedupe(f);
	if (!f->comp_stream && (rv = rules_get(f, &s.rules)) != 0) {
		if (tw_fetch_stop)
			rv = 0;     /* interrupted while waiting: a clean end */
		goto out;
	}
	s.since_t = time(NULL);
	if (!f->comp_stream && cJSON_GetArraySize(s.rules) == 0)
		tw_warn("stream: the stream has no rules; add some with -r FILE");

	while (!tw_fetch_stop && !f->stopped) {
		memset(&req, 0, sizeof req);
		memset(&resp, 0, sizeof resp);
		stream_request(f, &req, &s);
		req.on_data = on_data;
		req.ctx = &s;
		req.idle_timeout = idle;
		req.no_retry = 1;
		req.cancel = &tw_fetch_stop;
		s.data = s.disconnect = 0;
		s.posts = s.keepalives = 0;
		tw_buf_reset(&s.buf);
		up = time(NULL);
		f->client->no_wait = 1;   /* the stream has its own backoff */
		rv = tw_http(f->client, &req, &resp);
		f->client->no_wait = no_wait;
		tw_req_free(&req);
		if (tw_fetch_stop || f->stopped) {
			rv = 0;
			tw_resp_free(&resp);
			break;
		}
		/* Only a good connection ends the backoff: one that gave a
		 * post, or kept alive for STREAM_STABLE_S.  Bytes alone do
		 * not: a server that answers with an error line or garbage
		 * and closes gets the growing delays, not a storm. */
		if (s.posts > 0 || (s.keepalives > 0 &&
		    time(NULL) - up >= STREAM_STABLE_S))
			tw_backoff_reset(&bo);
		if (resp.status == 401 || resp.status == 403) {
			tw_warn("stream: %s", resp.error ? resp.error : "forbidden");
			tw_resp_free(&resp);
			rv = TW_EXIT_CONFIG;
			break;
		}
		if (resp.status == 429) {
			if (no_wait) {
				tw_warn("stream: %s", resp.error ? resp.error :
				    "429 Too Many Requests");
				tw_resp_free(&resp);
				rv = TW_EXIT_RATE;
				break;
			}
			delay = tw_backoff_next(&bo, TW_BACKOFF_RATE);
			why = "429 Too Many Requests";
		} else if (resp.status >= 400) {
			delay = tw_backoff_next(&bo, TW_BACKOFF_HTTP);
			why = resp.error ? resp.error : "HTTP error";
		} else {
			/* a network error, a stall, the server closing, or
			 * an operational disconnect */
			why = s.disconnect ? "operational disconnect" :
			    resp.error ? resp.error : "connection closed";
			delay = tw_backoff_next(&bo, TW_BACKOFF_NET);
		}
		tw_warn("stream: %s; reconnecting in %ld.%03lds", why,
		    delay / 1000, delay % 1000);
		tw_resp_free(&resp);
		free(s.since);
		s.since = f->newest ? xstrdup(f->newest) : NULL;
		s.backfill = !f->comp_stream;
		nap(delay);
		rv = 0;
	}
out:
	free(s.since);
	cJSON_Delete(s.rules);
	tw_buf_free(&s.buf);
	tw_client_free(&bc);
	return rv;
}
