/* engage.c - the engagement of the account's replies: the replies named
 * by the records and the journal, read again from GET /2/tweets 100 ids
 * at a time (the private metrics only for posts under 30 days old, as X
 * gives them only for those), summed per agent, queue, intent and -g
 * group.  The queue, intent and paths are the customer's: of the inbound
 * record the reply answers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engage.h"
#include "timefmt.h"

enum { M_IMPR, M_LIKE, M_REPLY, M_REPOST, M_QUOTE, M_PROFILE, M_URL, NM };
static const char *const mname[NM] = { "impressions", "likes", "replies",
    "reposts", "quotes", "profile_visits", "url_clicks" };

enum { P_UNREAD, P_READ, P_ERROR };

struct post {
	char *id, *agent, *acct, *parent;
	time_t t;                   /* 0: unknown */
	int state, priv;            /* priv: with its private metrics */
	long v[NM];
};

struct inb {
	char *id, *queue, *intent, *gpath;
};

/* One line of the report: a group of one grouping. */
struct row {
	int by;                     /* 0 all, 1 agent, 2 queue, 3 intent, 4 -g */
	char *group;
	long posts, read, errors, unread, priv;
	long v[NM];
};

#define BYS 5
static const char *const byname[BYS - 1] = { "all", "agent", "queue",
    "intent" };

struct tw_engage {
	struct tw_engage_opts o;
	int key[TW_MG_KEYS];
	const char *path[TW_MG_KEYS];
	int npath;
	char *gname;                /* -g as given */
	struct post *p;
	size_t np, pcap;
	struct inb *in;
	size_t nin, incap;
	long requests, batch;
	int stopped;                /* the budget ran out */
	struct row *rows;
	size_t nrows;
};

struct tw_engage *
tw_engage_new(const struct tw_engage_opts *o)
{
	struct tw_engage *e = xcalloc(1, sizeof *e);
	const char *b = getenv("TW_ENGAGE_BATCH");
	tw_buf g = { 0 };
	int i;

	e->o = *o;
	for (i = 0; i < o->nby; i++) {
		e->key[i] = tw_metrics_key(o->by[i], &e->path[e->npath]);
		e->npath += e->key[i] == TW_MG_PATH;
		tw_buf_printf(&g, "%s%s", i ? "," : "", o->by[i]);
	}
	e->gname = g.s;
	/* TW_ENGAGE_BATCH: ids a request, for the tests */
	e->batch = b ? atol(b) : 100;
	if (e->batch < 1 || e->batch > 100)
		e->batch = 100;
	return e;
}

static char *
dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static void
post_add(struct tw_engage *e, const char *id, const char *agent,
    const char *acct, const char *parent, const char *at)
{
	struct post *p;
	time_t t = 0;

	if (!id || !*id)
		return;
	if (e->np == e->pcap) {
		e->pcap = e->pcap ? e->pcap * 2 : 64;
		e->p = xrealloc(e->p, e->pcap * sizeof *e->p);
	}
	p = &e->p[e->np++];
	memset(p, 0, sizeof *p);
	p->id = xstrdup(id);
	p->agent = dup_or_null(agent);
	p->acct = dup_or_null(acct);
	p->parent = dup_or_null(parent);
	if (at && tw_time_parse_rfc3339(at, &t) < 0)
		t = 0;
	p->t = t;
}

static void
inb_add(struct tw_engage *e, const cJSON *rec)
{
	const char *id = tw_json_str(rec, "id");
	const cJSON *tri = cJSON_GetObjectItemCaseSensitive(rec, "triage");
	struct inb *in;
	tw_buf b = { 0 };

	if (!id || !*id)
		return;
	if (e->nin == e->incap) {
		e->incap = e->incap ? e->incap * 2 : 64;
		e->in = xrealloc(e->in, e->incap * sizeof *e->in);
	}
	in = &e->in[e->nin++];
	in->id = xstrdup(id);
	in->queue = dup_or_null(tw_json_str(tri, "queue"));
	in->intent = dup_or_null(tw_json_str(tri, "intent"));
	in->gpath = e->npath ? xstrdup(tw_metrics_path_values(e->path,
	    e->npath, rec, &b)) : NULL;
	tw_buf_free(&b);
}

void
tw_engage_add(struct tw_engage *e, const cJSON *rec)
{
	const char *ev = tw_json_str(rec, "event"), *type, *dir, *acct;

	if (ev) {
		/* the journal's line of a reply sent */
		if (!strcmp(ev, "reply"))
			post_add(e, tw_json_str(rec, "id"), tw_json_str(rec,
			    "agent"), (acct = tw_json_str(rec, "account")) ? acct :
			    tw_json_str(rec, "account_id"), tw_json_str(rec,
			    "in_reply_to"), tw_json_str(rec, "time"));
		return;
	}
	type = tw_json_str(rec, "type");
	dir = tw_json_str(rec, "direction");
	if (!type || strcmp(type, "tweet") || !dir ||
	    tw_json_str(rec, "retweet_of"))
		return;
	if (!strcmp(dir, "in")) {
		inb_add(e, rec);
		return;
	}
	if (strcmp(dir, "out") || !tw_json_path(rec, "in_reply_to.id"))
		return;         /* not a reply */
	acct = tw_json_str(tw_json_path(rec, "account"), "username");
	post_add(e, tw_json_str(rec, "id"), tw_json_str(rec, "agent"),
	    acct ? acct : tw_json_str(tw_json_path(rec, "account"), "id"),
	    tw_json_str(tw_json_path(rec, "in_reply_to"), "id"),
	    tw_json_str(rec, "created_at"));
}

static int
post_cmp(const void *a, const void *b)
{
	return strcmp(((const struct post *)a)->id,
	    ((const struct post *)b)->id);
}

static int
inb_cmp(const void *a, const void *b)
{
	return strcmp(((const struct inb *)a)->id,
	    ((const struct inb *)b)->id);
}

static void
post_free(struct post *p)
{
	free(p->id);
	free(p->agent);
	free(p->acct);
	free(p->parent);
}

/* Fill what the kept copy lacks from another copy of the same post. */
static void
post_merge(struct post *to, struct post *from)
{
	char **a[3] = { &to->agent, &to->acct, &to->parent };
	char **b[3] = { &from->agent, &from->acct, &from->parent };
	int i;

	for (i = 0; i < 3; i++)
		if (!*a[i]) {
			*a[i] = *b[i];
			*b[i] = NULL;
		}
	if (!to->t || (from->t && from->t < to->t))
		to->t = from->t;
	post_free(from);
}

/* Sorted by id, each post once (a record and its journal line). */
static void
prepare(struct tw_engage *e)
{
	size_t i, n = 0;

	if (!e->np)
		return;         /* qsort's and bsearch's arrays may not be NULL */
	qsort(e->p, e->np, sizeof *e->p, post_cmp);
	for (i = 0; i < e->np; i++) {
		if (n && !strcmp(e->p[n - 1].id, e->p[i].id))
			post_merge(&e->p[n - 1], &e->p[i]);
		else
			e->p[n++] = e->p[i];
	}
	e->np = n;
	if (e->nin)
		qsort(e->in, e->nin, sizeof *e->in, inb_cmp);
}

static struct post *
post_find(struct tw_engage *e, const char *id)
{
	struct post key;

	key.id = (char *)(uintptr_t)id;
	return id && e->np ? bsearch(&key, e->p, e->np, sizeof *e->p,
	    post_cmp) : NULL;
}

static long
count(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) && v->valuedouble >= 0 ?
	    (long)v->valuedouble : 0;
}

/* A post of the answer: its public metrics, and the private ones when
 * given (non_public_metrics, else organic_metrics). */
static void
post_read(struct tw_engage *e, const cJSON *d)
{
	struct post *p = post_find(e, tw_json_str(d, "id"));
	const cJSON *pub = cJSON_GetObjectItemCaseSensitive(d, "public_metrics");
	const cJSON *np = cJSON_GetObjectItemCaseSensitive(d,
	    "non_public_metrics");

	if (!p)
		return;
	if (!np)
		np = cJSON_GetObjectItemCaseSensitive(d, "organic_metrics");
	p->state = P_READ;
	p->priv = np != NULL;
	p->v[M_IMPR] = count(np ? np : pub, "impression_count");
	p->v[M_LIKE] = count(pub, "like_count");
	p->v[M_REPLY] = count(pub, "reply_count");
	p->v[M_REPOST] = count(pub, "retweet_count");
	p->v[M_QUOTE] = count(pub, "quote_count");
	p->v[M_PROFILE] = count(np, "user_profile_clicks");
	p->v[M_URL] = count(np, "url_link_clicks");
}

/* The answer to one request: the posts given, and the ones X names in
 * "errors" (deleted, or not found) or leaves out, counted as errors; a
 * field refused on a post (not-authorized-for-field) still gives it. */
static void
answer(struct tw_engage *e, const cJSON *j, struct post **batch, size_t n)
{
	const cJSON *x;
	const char *type, *id;
	struct post *p;
	size_t i;

	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(j, "data"))
		post_read(e, x);
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(j, "errors")) {
		type = tw_json_str(x, "type");
		if (type && strstr(type, "not-authorized-for-field"))
			continue;
		id = tw_json_str(x, "resource_id");
		if ((p = post_find(e, id ? id : tw_json_str(x, "value"))) &&
		    p->state == P_UNREAD)
			p->state = P_ERROR;
	}
	for (i = 0; i < n; i++)
		if (batch[i]->state == P_UNREAD)
			batch[i]->state = P_ERROR;
}

static int
request(struct tw_engage *e, struct tw_client *c, struct post **batch,
    size_t n, int recent)
{
	struct tw_req req;
	struct tw_resp resp;
	tw_buf ids = { 0 };
	size_t i;
	int rv;

	for (i = 0; i < n; i++)
		tw_buf_printf(&ids, "%s%s", i ? "," : "", batch[i]->id);
	memset(&req, 0, sizeof req);
	memset(&resp, 0, sizeof resp);
	req.path = "/2/tweets";
	tw_kvs_add(&req.query, "ids", ids.s);
	tw_kvs_add(&req.query, "tweet.fields", recent ? "public_metrics,"
	    "non_public_metrics,organic_metrics" : "public_metrics");
	e->requests++;
	if ((rv = tw_http(c, &req, &resp)) != 0)
		tw_warn("GET /2/tweets: %s", resp.error ? resp.error :
		    "request failed");
	else
		answer(e, resp.json, batch, n);
	tw_req_free(&req);
	tw_resp_free(&resp);
	tw_buf_free(&ids);
	return rv;
}

/* The unread posts under 30 days old (recent) or older, in batches. */
static int
pass(struct tw_engage *e, struct tw_client *c, int recent)
{
	struct post **batch = xcalloc((size_t)e->batch, sizeof *batch);
	size_t i = 0, n;
	int rv = 0, young;

	while (!rv) {
		for (n = 0; i < e->np && n < (size_t)e->batch; i++) {
			young = !e->p[i].t || e->o.now - e->p[i].t < 30 * 86400;
			if (e->p[i].state == P_UNREAD && young == recent)
				batch[n++] = &e->p[i];
		}
		if (!n)
			break;
		if (e->o.budget && e->requests >= e->o.budget) {
			e->stopped = 1;
			break;
		}
		rv = request(e, c, batch, n, recent);
	}
	free(batch);
	return rv;
}

int
tw_engage_fetch(struct tw_engage *e, struct tw_client *c)
{
	size_t i;
	long unread = 0;
	int rv;

	prepare(e);
	if (!(rv = pass(e, c, 1)))
		rv = pass(e, c, 0);
	for (i = 0; i < e->np; i++)
		unread += e->p[i].state == P_UNREAD;
	if (e->stopped)
		tw_warn("--budget %ld: %ld of %zu replies not read", e->o.budget,
		    unread, e->np);
	return rv;
}

/* The report */

static const struct inb *
inb_of(const struct tw_engage *e, const char *parent)
{
	struct inb key;

	if (!parent || !e->nin)
		return NULL;
	key.id = (char *)(uintptr_t)parent;
	return bsearch(&key, e->in, e->nin, sizeof *e->in, inb_cmp);
}

/* A reply's -g group: the fixed keys of the reply (its account, agent,
 * the day, week or hour it was sent), the queue and paths of the
 * customer's message it answers. */
static void
group_name(const struct tw_engage *e, const struct post *p,
    const struct inb *in, tw_buf *b)
{
	static const char *const fmt[] = { "%Y-%m-%d", "%G-W%V", "%H" };
	const char *pv = in ? in->gpath : NULL, *v, *end;
	char tb[32];
	struct tm tm;
	int i;

	for (i = 0; i < e->o.nby; i++) {
		if (i)
			tw_buf_printf(b, ",");
		if (e->key[i] == TW_MG_PATH) {
			v = pv ? pv : "-";
			end = strchr(v, '\037');
			tw_buf_printf(b, "%.*s", end ? (int)(end - v) :
			    (int)strlen(v), v);
			if (pv)
				pv = end ? end + 1 : v + strlen(v);
			continue;
		}
		v = e->key[i] == 0 ? p->acct : e->key[i] == 1 ? p->agent :
		    e->key[i] == 2 ? (in ? in->queue : NULL) :
		    e->key[i] == 3 ? "public" : NULL;
		if (e->key[i] > 3 && p->t) {
			gmtime_r(&p->t, &tm);
			strftime(tb, sizeof tb, fmt[e->key[i] - 4], &tm);
			v = tb;
		}
		tw_buf_printf(b, "%s", v ? v : "-");
	}
}

static void
row_add(struct tw_engage *e, int by, const char *g, const struct post *p)
{
	struct row *r;
	size_t i;
	int k;

	if (!g)
		g = "-";
	for (i = 0; i < e->nrows; i++)
		if (e->rows[i].by == by && !strcmp(e->rows[i].group, g))
			break;
	if (i == e->nrows) {
		e->rows = xrealloc(e->rows, (e->nrows + 1) * sizeof *e->rows);
		memset(&e->rows[i], 0, sizeof *e->rows);
		e->rows[i].by = by;
		e->rows[i].group = xstrdup(g);
		e->nrows++;
	}
	r = &e->rows[i];
	if (!p)
		return;
	r->posts++;
	r->read += p->state == P_READ;
	r->errors += p->state == P_ERROR;
	r->unread += p->state == P_UNREAD;
	r->priv += p->priv;
	for (k = 0; k < NM; k++)
		r->v[k] += p->v[k];
}

static int
row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return x->by != y->by ? x->by - y->by : strcmp(x->group, y->group);
}

static void
row_print(const struct tw_engage *e, const struct row *r, int table)
{
	const char *by = r->by < BYS - 1 ? byname[r->by] : e->gname;
	cJSON *o;
	char *s;
	int k;

	if (table) {
		printf("%-8s %-16s %5ld %4ld", by, r->group, r->posts, r->errors);
		for (k = 0; k < NM; k++)
			printf(" %9ld", r->v[k]);
		printf("\n");
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "by", by);
	cJSON_AddStringToObject(o, "group", r->group);
	cJSON_AddNumberToObject(o, "posts", (double)r->posts);
	cJSON_AddNumberToObject(o, "read", (double)r->read);
	cJSON_AddNumberToObject(o, "errors", (double)r->errors);
	cJSON_AddNumberToObject(o, "unread", (double)r->unread);
	cJSON_AddNumberToObject(o, "private", (double)r->priv);
	for (k = 0; k < NM; k++)
		cJSON_AddNumberToObject(o, mname[k], (double)r->v[k]);
	if (r->by == 0)
		cJSON_AddNumberToObject(o, "requests", (double)e->requests);
	s = tw_json_line(o);
	printf("%s\n", s);
	free(s);
	cJSON_Delete(o);
}

void
tw_engage_report(struct tw_engage *e, int table)
{
	const struct post *p;
	const struct inb *in;
	tw_buf g = { 0 };
	size_t i;

	row_add(e, 0, "all", NULL);
	for (i = 0; i < e->np; i++) {
		p = &e->p[i];
		in = inb_of(e, p->parent);
		row_add(e, 0, "all", p);
		row_add(e, 1, p->agent, p);
		row_add(e, 2, in ? in->queue : NULL, p);
		row_add(e, 3, in ? in->intent : NULL, p);
		if (e->o.nby) {
			tw_buf_reset(&g);
			group_name(e, p, in, &g);
			row_add(e, 4, g.s, p);
		}
	}
	tw_buf_free(&g);
	qsort(e->rows, e->nrows, sizeof *e->rows, row_cmp);
	if (table)
		printf("%-8s %-16s %5s %4s %9s %9s %9s %9s %9s %9s %9s\n", "by",
		    "group", "posts", "err", "impr", "likes", "replies",
		    "reposts", "quotes", "profile", "url");
	for (i = 0; i < e->nrows; i++)
		row_print(e, &e->rows[i], table);
}

void
tw_engage_free(struct tw_engage *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->np; i++)
		post_free(&e->p[i]);
	free(e->p);
	for (i = 0; i < e->nin; i++) {
		free(e->in[i].id);
		free(e->in[i].queue);
		free(e->in[i].intent);
		free(e->in[i].gpath);
	}
	free(e->in);
	for (i = 0; i < e->nrows; i++)
		free(e->rows[i].group);
	free(e->rows);
	free(e->gname);
	free(e);
}
