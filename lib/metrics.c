/* metrics.c - care metrics in one pass over time.
 *
 * Each record or journal event is cut down to a few fields (struct ev)
 * and sorted by time with a bounded buffer: a full buffer is sorted and
 * spilled to an unlinked temporary file as a run, and the runs are merged
 * at the end, so input in any order costs constant memory.  The replay
 * keeps only the conversations that can still change (open, or waiting
 * for a survey answer) and keeps durations as counts per second, so the
 * memory grows with the open conversations and the distinct durations,
 * not with the events. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "hours.h"
#include "jscan.h"
#include "mcost.h"
#include "mreport.h"
#include "ndjson.h"
#include "timefmt.h"

/* The kinds of event: messages, survey and resolve events, and what the
 * case log (tw-case log) adds: a case opened or reopened, claimed or
 * assigned (the owner in S_AGENT), released (the previous owner in
 * S_AGENT), set pending, escalated (the new queue in S_QUEUE); and an
 * automatic message of the brand's ("auto": true, tw-ack(1)), which is
 * no response: counted apart. */
enum { EV_IN, EV_OUT, EV_SURVEY, EV_RESOLVE, EV_OPEN, EV_CLAIM, EV_RELEASE,
    EV_PENDING, EV_ESCALATE, EV_AUTO, NKIND };
enum { CH_PUBLIC, CH_DM };
/* S_GROUP: an inbound record's values at the -g paths, joined by a
 * unit separator. */
enum { S_ACCT, S_CUST, S_AGENT, S_QUEUE, S_CASE, S_GROUP, NSTR };
/* The keys -g groups by: the fixed ones, and a path into the record. */
enum { G_ACCOUNT, G_AGENT, G_QUEUE, G_CHANNEL, G_DAY, G_WEEK, G_HOUR,
    G_PATH };

/* Buffered events before a spill, and runs before they are merged into
 * one (which bounds the open files). */
#define CHUNK_EV    (1 << 17)
#define CHUNK_BYTES (8u << 20)
#define MAX_RUNS    256
#define MAX_ACCT    8           /* accounts the report names */

/* One event as sorted and spilled: the strings follow it (in the chunk's
 * arena at off, or in the run file right after it). */
struct ev {
	int64_t t;
	int64_t seq;                /* the case log's "seq", 0 for others */
	uint64_t h;                 /* a hash of the rest, for equal times */
	uint64_t id;                /* a message: a hash of its id, 0 none */
	signed char kind, channel;
	signed char sentiment;      /* -1 negative, 0 neutral, 1 positive, 2 none */
	signed char answer;         /* a bare number in an inbound DM, or -1 */
	char survey;                /* 'c' csat, 'n' nps */
	uint16_t len[NSTR];         /* 0: absent */
	uint32_t off;
};

/* An event being replayed, with its strings. */
struct rev {
	struct ev e;
	const char *s[NSTR];
};

/* A distribution of whole seconds: value -> count, open addressing. */
struct dist {
	long *val, *cnt;
	size_t used, cap;
	long n;
	double sum;
};

struct group {
	char *key;
	long conversations, inbound, responded, frt_public, frt_dm;
	long autos;                 /* automatic messages (tw-ack) */
	long sla_met, sla_breached, sla_pending;
	long csat_n, csat_good, nps_n, nps_pro, nps_det;
	long neg_start, converted;
	long resolved;              /* conversations ended by a resolve */
	long hours[24];
	struct dist frt, frtb, reply, aht, ttr, handle, backlog;
};

struct conv {
	struct conv *next;
	unsigned long h;
	char *acct, *cust;          /* one allocation */
	int open, responded, first_sent, last_sent;
	time_t first_in, last_t, turn, first_out, last_out;
	struct group *g;
	int survey_kind;            /* open survey: 'c' or 'n', 0 none */
	time_t survey_t;
	long nin, *hours;           /* inbound before a group was known */
	uint64_t seen[8];           /* recent message ids, to count one once */
	unsigned nseen;
	/* its case, from the case log: unresolved since case_t; the owner
	 * and whether they are handling it (since hold_t) */
	int case_open, case_ch, holding;
	time_t case_t, hold_t;
	char *case_id, *owner, *case_queue;
	/* its first inbound message's queue, channel and -g path values,
	 * for a group chosen later (-g agent) */
	char *gqueue, *gpath;
	int gch;
};

/* An unanswered conversation that ended before its SLA deadline: met
 * or breached is known only at the end of the data. */
struct undecided {
	time_t first_in;
	struct group *g;
};

/* Runs on disk, packed: a byte of channel, whether an id follows,
 * sentiment and survey; a byte of the answer and the kind; the time as a
 * varint against the previous event of the run (the time only grows);
 * the case log's seq as a varint; the id; the string lengths (255 and
 * two bytes more for a long one); the strings.  About half the size of
 * struct ev with its strings.  The hash is made again on reading. */
struct pack {
	int64_t t;                  /* the previous event's */
};

struct run {
	FILE *f;
	struct pack pk;             /* the last event read */
	struct rev cur;
	char *rbuf;                 /* read ahead from f */
	size_t pos, len, rcap;
	char *buf;                  /* cur's strings */
	size_t scap;
};

struct tw_metrics {
	struct tw_metrics_opts o;
	int key[TW_MG_KEYS];        /* -g: G_*, in order */
	const char *path[TW_MG_KEYS];   /* the paths of the G_PATH keys */
	int npath, by_agent, by_time;
	char *byname;               /* -g as given, "all" without */
	/* the sort: the chunk being filled */
	struct ev *ev;
	size_t nev, chunk;
	char *arena;
	size_t arenan, arenacap;
	int cases;                  /* case log events were read */
	int autos;                  /* automatic messages were read */
	/* a full chunk is sorted and written out by a thread of its own
	 * while the next one fills: the job, and a spare pair of buffers */
	pthread_t th;
	int th_on;
	struct ev *jev, *sev;
	size_t jnev, sarenacap;
	char *jarena, *sarena;
	struct key *ord, *ord2;     /* the job's order, and radix scratch */
	struct run *runs;           /* written by the job */
	size_t nruns;
	/* the replay */
	struct group **g;
	size_t ng;
	struct conv **tab;
	size_t tabn, nconv, sweep_at, floor;
	struct undecided *und;
	size_t nund, undcap;
	time_t now;                 /* the event being replayed */
	time_t end;                 /* the last event */
	time_t first;               /* the first event, 0 before it */
	struct tw_mcost cost;       /* the usage lines read */
	/* the accounts read, for the report (want_acct): up to MAX_ACCT */
	int want_acct, more_acct;
	char **acct;
	size_t nacct;
};

int
tw_metrics_group(struct tw_metrics_opts *o, const char *arg,
    const char **why)
{
	const char *p = arg, *e;
	size_t n;

	if (!strcmp(arg, "all"))
		return 0;
	do {
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		if (!n || p[0] == '.' || p[n - 1] == '.' || memmem(p, n, "..", 2)) {
			*why = "an empty key";
			return -1;
		}
		if (o->nby == TW_MG_KEYS) {
			*why = "at most 4 keys";
			return -1;
		}
		o->by[o->nby++] = xstrndup(p, n);
		p = e + 1;
	} while (e);
	return 0;
}

int
tw_metrics_key(const char *name, const char **path)
{
	static const char *const fixed[] = { "account", "agent", "queue",
	    "channel", "day", "week", "hour", NULL };
	int k;

	for (k = 0; fixed[k] && strcmp(fixed[k], name); k++)
		;
	if (k == G_PATH)
		*path = strcmp(name, "intent") ? name : "triage.intent";
	return k;
}

/* The keys of -g: the fixed names, "intent" for triage.intent, and any
 * other a path into the inbound record. */
static void
group_keys(struct tw_metrics *m)
{
	tw_buf b = { 0 };
	int i, k;

	for (i = 0; i < m->o.nby; i++) {
		k = m->key[i] = tw_metrics_key(m->o.by[i], &m->path[m->npath]);
		m->npath += k == G_PATH;
		m->by_agent |= k == G_AGENT;
		m->by_time |= k >= G_DAY && k <= G_HOUR;
		tw_buf_printf(&b, "%s%s", i ? "," : "", m->o.by[i]);
	}
	m->byname = b.s ? b.s : xstrdup("all");
}

struct tw_metrics *
tw_metrics_new(const struct tw_metrics_opts *o)
{
	struct tw_metrics *m = xcalloc(1, sizeof *m);

	m->o = *o;
	if (m->o.gap <= 0)
		m->o.gap = 24 * 3600;
	if (m->o.survey_window <= 0)
		m->o.survey_window = 7 * 24 * 3600;
	/* TW_METRICS_CHUNK: events to buffer before a spill, and the fewest
	 * conversations before a sweep (for the tests) */
	m->chunk = getenv("TW_METRICS_CHUNK") ?
	    strtoul(getenv("TW_METRICS_CHUNK"), NULL, 10) : 0;
	if (m->chunk < 2 || m->chunk > CHUNK_EV)
		m->chunk = CHUNK_EV;
	m->ev = xmalloc(m->chunk * sizeof *m->ev);
	m->arenacap = 1 << 16;
	m->arena = xmalloc(m->arenacap);
	m->tabn = 4096;
	m->tab = xcalloc(m->tabn, sizeof *m->tab);
	m->floor = m->chunk < 4096 ? m->chunk : 4096;
	m->sweep_at = m->floor;
	group_keys(m);
	return m;
}

/* Durations */

static void
dist_grow(struct dist *d)
{
	size_t oc = d->cap, i, j;
	long *ov = d->val, *on = d->cnt;

	d->cap = oc ? oc * 2 : 64;
	d->val = xmalloc(d->cap * sizeof *d->val);
	d->cnt = xcalloc(d->cap, sizeof *d->cnt);
	for (i = 0; i < oc; i++) {
		if (!on[i])
			continue;
		for (j = (size_t)ov[i] * 2654435761u & (d->cap - 1); d->cnt[j];
		    j = (j + 1) & (d->cap - 1))
			;
		d->val[j] = ov[i];
		d->cnt[j] = on[i];
	}
	free(ov);
	free(on);
}

static void
dist_addn(struct dist *d, long v, long c)
{
	size_t j;

	if (d->used * 2 >= d->cap)
		dist_grow(d);
	for (j = (size_t)v * 2654435761u & (d->cap - 1); d->cnt[j];
	    j = (j + 1) & (d->cap - 1))
		if (d->val[j] == v) {
			d->cnt[j] += c;
			goto counted;
		}
	d->val[j] = v;
	d->cnt[j] = c;
	d->used++;
counted:
	d->n += c;
	d->sum += (double)v * (double)c;
}

static void
dist_add(struct dist *d, long v)
{
	dist_addn(d, v, 1);
}

/* Add the durations of from to to. */
static void
dist_merge(struct dist *to, const struct dist *from)
{
	size_t i;

	for (i = 0; i < from->cap; i++)
		if (from->cnt[i])
			dist_addn(to, from->val[i], from->cnt[i]);
}

struct vc {
	long v, c;
};

static int
vc_cmp(const void *a, const void *b)
{
	long x = ((const struct vc *)a)->v, y = ((const struct vc *)b)->v;

	return x < y ? -1 : x > y;
}

/* The distinct values in order, with their counts; *n of them. */
static struct vc *
dist_sorted(const struct dist *d, size_t *n)
{
	struct vc *a = xmalloc((d->used + 1) * sizeof *a);
	size_t i, k = 0;

	for (i = 0; i < d->cap; i++)
		if (d->cnt[i]) {
			a[k].v = d->val[i];
			a[k++].c = d->cnt[i];
		}
	qsort(a, k, sizeof *a, vc_cmp);
	*n = k;
	return a;
}

/* The k-th smallest value (0-based). */
static long
nth(const struct vc *a, size_t n, long k)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (k < a[i].c)
			return a[i].v;
		k -= a[i].c;
	}
	return n ? a[n - 1].v : 0;
}

static void
dist_free(struct dist *d)
{
	free(d->val);
	free(d->cnt);
}

/* Taking events in */

static int
label(const char *l)
{
	if (!l)
		return 2;
	return !strcmp(l, "negative") ? -1 : !strcmp(l, "positive") ? 1 : 0;
}

/* A bare number, possibly followed by words: "4", "9/10", "5 thanks". */
static int
answer_of(const char *text)
{
	char *end;
	long n;

	if (!text)
		return -1;
	while (*text == ' ')
		text++;
	if (*text < '0' || *text > '9')
		return -1;
	n = strtol(text, &end, 10);
	if (n < 0 || n > 10 || (*end && *end != ' ' && *end != '/' &&
	    *end != '.' && *end != '!' && *end != ','))
		return -1;
	return (int)n;
}

static uint64_t
id_hash(const char *id)
{
	uint64_t h = 1469598103934665603ULL;

	if (!id || !*id)
		return 0;
	while (*id)
		h = (h ^ (unsigned char)*id++) * 1099511628211ULL;
	return h ? h : 1;
}

/* The order of events: by time, and at the same second by what they
 * are, never by where they were in the input, so that any order of the
 * same input gives the same replay.  At one second: cases opened, then
 * inbound messages, then the case log's claims and releases (in its own
 * order, seq), then outbound messages, surveys, survey answers, and
 * resolves last.  Of
 * two copies of one message the fuller goes first and counts: a record
 * before the case log's "in", a copy that names the agent before one
 * that does not. */
static int
rank_of(const struct ev *e)
{
	static const signed char r[NKIND] = { 2, 6, 8, 10, 0, 4, 4, 4, 4, 6 };

	/* an answer to a survey sent the same second comes after it (and
	 * before a resolve): the customer cannot answer before the
	 * question, however the seconds fall */
	return e->kind == EV_IN && e->answer >= 0 ? 9 : r[e->kind];
}

static int
poorer(const struct ev *e)
{
	return e->kind == EV_IN ? e->len[S_CASE] != 0 :
	    e->kind == EV_OUT ? e->len[S_AGENT] == 0 : 0;
}

static uint64_t
ev_hash(const struct ev *e, const char *const s[NSTR])
{
	uint64_t h = 1469598103934665603ULL ^ e->id;
	const char *p;
	int i;

	h = (h ^ (uint64_t)(e->kind | e->channel << 4 | (e->sentiment + 1) << 5 |
	    (e->answer + 1) << 8 | (unsigned char)e->survey << 12)) *
	    1099511628211ULL;
	for (i = 0; i < NSTR; i++) {
		for (p = s[i]; p && *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		h = (h ^ 0x100) * 1099511628211ULL;
	}
	return h;
}

static int
strs_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* ev_cmp without the strings: 0 when it takes them to tell. */
static int
ev_cmp_head(const struct ev *x, const struct ev *y)
{
	int d;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if ((d = rank_of(x) - rank_of(y)) ||
	    (d = poorer(x) - poorer(y)))
		return d;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return 0;
}

static int
ev_cmp(const struct ev *x, const char *const xs[NSTR], const struct ev *y,
    const char *const ys[NSTR])
{
	int i, d;

	if ((d = ev_cmp_head(x, y)))
		return d;
	/* the same hash: tell them apart for certain */
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if ((d = x->kind - y->kind) || (d = x->channel - y->channel) ||
	    (d = x->sentiment - y->sentiment) || (d = x->answer - y->answer) ||
	    (d = x->survey - y->survey))
		return d;
	for (i = 0; i < NSTR; i++)
		if ((d = strs_cmp(xs[i], ys[i])))
			return d;
	return 0;
}

/* The chunk in time order: sorting 16-byte keys and reading the events
 * through them moves far less than sorting the events. */
struct key {
	int64_t t;
	uint32_t i;                 /* the index: input order for equal times */
};

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void chunk_strings(const char *arena, const struct ev *e,
    const char *s[NSTR]);

struct chunk {
	const struct ev *ev;
	const char *arena;
};

static int
key_ev_cmp(const void *a, const void *b, void *arg)
{
	const struct chunk *c = arg;
	const struct ev *x = &c->ev[((const struct key *)a)->i];
	const struct ev *y = &c->ev[((const struct key *)b)->i];
	const char *xs[NSTR], *ys[NSTR];
	int d;

	if ((d = ev_cmp_head(x, y)))
		return d;
	chunk_strings(c->arena, x, xs);
	chunk_strings(c->arena, y, ys);
	return ev_cmp(x, xs, y, ys);
}

/* Events of the same second in the order of ev_cmp. */
static void
order_ties(struct key *a, size_t nev, const struct ev *ev, const char *arena)
{
	struct chunk c = { ev, arena };
	size_t i, j;

	for (i = 0; i < nev; i = j) {
		for (j = i + 1; j < nev && a[j].t == a[i].t; j++)
			;
		if (j - i > 1)
			qsort_r(a + i, j - i, sizeof *a, key_ev_cmp, &c);
	}
}

/* The chunk in time order.  Within a chunk the times span little, so a
 * stable LSD radix sort on the time less the earliest, 11 bits a pass,
 * does it in two or three passes; then the events of one second are put
 * in the order of ev_cmp.  A span of more than 2^33 s (272 years) falls
 * back to qsort. */
static const struct key *
chunk_order(struct tw_metrics *m, struct ev *ev, size_t nev,
    const char *arena)
{
	size_t cnt[2048];
	struct key *a, *b, *x;
	int64_t lo, hi;
	uint64_t span;
	size_t i, c, sum;
	int shift;

	if (!m->ord) {
		m->ord = xmalloc(m->chunk * sizeof *m->ord);
		m->ord2 = xmalloc(m->chunk * sizeof *m->ord2);
	}
	a = m->ord;
	b = m->ord2;
	lo = hi = nev ? ev[0].t : 0;
	for (i = 0; i < nev; i++) {
		const char *s[NSTR];

		chunk_strings(arena, &ev[i], s);
		ev[i].h = ev_hash(&ev[i], s);
		a[i].t = ev[i].t;
		a[i].i = (uint32_t)i;
		if (a[i].t < lo)
			lo = a[i].t;
		if (a[i].t > hi)
			hi = a[i].t;
	}
	span = (uint64_t)hi - (uint64_t)lo;
	if (span >> 33) {
		qsort(a, nev, sizeof *a, key_cmp);
		order_ties(a, nev, ev, arena);
		return a;
	}
	for (shift = 0; shift < 33 && (span >> shift); shift += 11) {
		memset(cnt, 0, sizeof cnt);
		for (i = 0; i < nev; i++)
			cnt[((uint64_t)(a[i].t - lo) >> shift) & 2047]++;
		for (c = 0, sum = 0; c < 2048; c++) {
			size_t k = cnt[c];

			cnt[c] = sum;
			sum += k;
		}
		for (i = 0; i < nev; i++)
			b[cnt[((uint64_t)(a[i].t - lo) >> shift) & 2047]++] = a[i];
		x = a;
		a = b;
		b = x;
	}
	order_ties(a, nev, ev, arena);
	return a;
}

static FILE *
tmp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/tw-metrics.XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	FILE *f;

	if (fd < 0)
		tw_die(TW_EXIT_WRITE, "cannot make a temporary file in %s: %s "
		    "(set TMPDIR)", dir && *dir ? dir : "/tmp", strerror(errno));
	unlink(path);
	free(path);
	if (!(f = fdopen(fd, "w+")))
		tw_die(TW_EXIT_WRITE, "fdopen: %s", strerror(errno));
	return f;
}

static char *
put_varint(char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (char)(v & 0x7f) | (char)0x80;
		v >>= 7;
	}
	*p++ = (char)v;
	return p;
}

/* one thread writes a file: no stdio locking */
static void
ev_write(FILE *f, struct pack *pk, const struct ev *e,
    const char *const s[NSTR])
{
	char head[64], *p = head;
	int i;

	*p++ = (char)(e->channel | (e->id != 0) << 1 | (e->sentiment + 1) << 2 |
	    (e->survey == 'c' ? 1 : e->survey == 'n' ? 2 : 0) << 4);
	*p++ = (char)((e->answer + 1) | e->kind << 4);
	p = put_varint(p, (uint64_t)(e->t - pk->t));
	p = put_varint(p, (uint64_t)e->seq);
	pk->t = e->t;
	if (e->id) {
		memcpy(p, &e->id, sizeof e->id);
		p += sizeof e->id;
	}
	for (i = 0; i < NSTR; i++) {
		if (e->len[i] < 255)
			*p++ = (char)e->len[i];
		else {
			*p++ = (char)255;
			*p++ = (char)(e->len[i] >> 8);
			*p++ = (char)(e->len[i] & 0xff);
		}
	}
	fwrite_unlocked(head, 1, (size_t)(p - head), f);
	for (i = 0; i < NSTR; i++)
		if (e->len[i])
			fwrite_unlocked(s[i], 1, e->len[i], f);
}

static void
cut_short(void)
{
	tw_die(TW_EXIT_WRITE, "a temporary file was cut short");
}

/* At least n bytes of the run at r->p, unless the file ends first. */
static size_t
run_fill(struct run *r, size_t n)
{
	size_t have = r->len - r->pos, got;

	if (have >= n)
		return have;
	if (r->pos) {
		memmove(r->rbuf, r->rbuf + r->pos, have);
		r->pos = 0;
		r->len = have;
	}
	if (n + 4096 > r->rcap) {
		r->rcap = (n + 4096) * 2 > 65536 ? (n + 4096) * 2 : 65536;
		r->rbuf = xrealloc(r->rbuf, r->rcap);
	}
	while (r->len < n) {
		got = fread_unlocked(r->rbuf + r->len, 1, r->rcap - r->len, r->f);
		if (!got)
			break;
		r->len += got;
	}
	return r->len - r->pos;
}

static const unsigned char *
get_varint(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
	int shift = 0;

	*v = 0;
	do {
		if (p >= end || shift > 63)
			cut_short();
		*v |= (uint64_t)(*p & 0x7f) << shift;
		shift += 7;
	} while (*p++ & 0x80);
	return p;
}

/* The next event of a run into r->cur; 0 at its end.  Its strings stay
 * in the read buffer until the next call. */
static int
run_next(struct run *r)
{
	struct ev *e = &r->cur.e;
	const unsigned char *p, *end;
	size_t need = 0, have, i;
	uint64_t dt, ds;
	int flags;

	/* the head is at most 2 + 10 + 10 + 8 + 3 * NSTR bytes */
	if (!(have = run_fill(r, 30 + 3 * NSTR)))
		return 0;
	p = (const unsigned char *)r->rbuf + r->pos;
	end = p + have;
	memset(e, 0, sizeof *e);
	flags = *p++;
	if (p >= end)
		cut_short();
	e->answer = (signed char)((*p & 15) - 1);
	e->kind = (signed char)(*p++ >> 4);
	p = get_varint(p, end, &dt);
	p = get_varint(p, end, &ds);
	e->channel = (signed char)(flags & 1);
	e->sentiment = (signed char)((flags >> 2 & 3) - 1);
	e->survey = (flags >> 4 & 3) == 1 ? 'c' : (flags >> 4 & 3) == 2 ? 'n' : 0;
	e->t = r->pk.t += (int64_t)dt;
	e->seq = (int64_t)ds;
	if (flags & 2) {
		if (end - p < (ptrdiff_t)sizeof e->id)
			cut_short();
		memcpy(&e->id, p, sizeof e->id);
		p += sizeof e->id;
	}
	for (i = 0; i < NSTR; i++) {
		if (p >= end)
			cut_short();
		e->len[i] = *p++;
		if (e->len[i] == 255) {
			if (end - p < 2)
				cut_short();
			e->len[i] = (uint16_t)(p[0] << 8 | p[1]);
			p += 2;
		}
		need += e->len[i];
	}
	r->pos = (size_t)((const char *)p - r->rbuf);
	/* the strings, and room to end each with a NUL in place: the
	 * lengths byte before each string is already read, so shift */
	if (run_fill(r, need) < need)
		cut_short();
	if (need + NSTR > r->scap) {
		r->scap = (need + NSTR) * 2;
		r->buf = xrealloc(r->buf, r->scap);
	}
	{
		char *q = r->buf;
		const char *src = r->rbuf + r->pos;

		for (i = 0; i < NSTR; i++) {
			r->cur.s[i] = NULL;
			if (!e->len[i])
				continue;
			memcpy(q, src, e->len[i]);
			q[e->len[i]] = '\0';
			r->cur.s[i] = q;
			q += e->len[i] + 1;
			src += e->len[i];
		}
	}
	r->pos += need;
	e->h = ev_hash(e, r->cur.s);
	return 1;
}

static void
run_open(struct run *r)
{
	memset(&r->pk, 0, sizeof r->pk);
	r->pos = r->len = 0;
	fflush(r->f);
	if (ferror(r->f))
		tw_die(TW_EXIT_API, "cannot write a temporary file: %s",
		    strerror(errno));
	rewind(r->f);
}

static void
chunk_strings(const char *arena, const struct ev *e, const char *s[NSTR])
{
	const char *p = arena + e->off;
	int i;

	for (i = 0; i < NSTR; i++) {
		s[i] = e->len[i] ? p : NULL;
		p += e->len[i] ? e->len[i] + 1 : 0;
	}
}

static void merge(struct tw_metrics *m, struct run *runs, size_t n,
    FILE *out);

/* The job: sort the full chunk and write it out as a run. */
static void
spill_job(struct tw_metrics *m)
{
	struct pack pk;
	struct run *r;
	const struct key *ord;
	const char *s[NSTR];
	size_t i;

	if (m->nruns == MAX_RUNS) {
		/* merge the runs into one, to keep the open files few */
		FILE *f = tmp_file();

		for (i = 0; i < m->nruns; i++)
			run_open(&m->runs[i]);
		merge(m, m->runs, m->nruns, f);
		for (i = 0; i < m->nruns; i++) {
			fclose(m->runs[i].f);
			free(m->runs[i].buf);
			free(m->runs[i].rbuf);
		}
		m->nruns = 1;
		memset(&m->runs[0], 0, sizeof m->runs[0]);
		m->runs[0].f = f;
	}
	ord = chunk_order(m, m->jev, m->jnev, m->jarena);
	memset(&pk, 0, sizeof pk);
	m->runs = xrealloc(m->runs, (m->nruns + 1) * sizeof *m->runs);
	r = &m->runs[m->nruns++];
	memset(r, 0, sizeof *r);
	r->f = tmp_file();
	for (i = 0; i < m->jnev; i++) {
		chunk_strings(m->jarena, &m->jev[ord[i].i], s);
		ev_write(r->f, &pk, &m->jev[ord[i].i], s);
	}
}

static void *
spill_thread(void *arg)
{
	spill_job(arg);
	return NULL;
}

static void
spill_wait(struct tw_metrics *m)
{
	if (m->th_on) {
		pthread_join(m->th, NULL);
		m->th_on = 0;
	}
}

/* The chunk is full: hand it to a spill thread (once the last one is
 * done) and fill the spare. */
static void
spill(struct tw_metrics *m)
{
	struct ev *e = m->sev;
	char *a = m->sarena;
	size_t ac = m->sarenacap;

	if (!m->nev)
		return;
	spill_wait(m);
	m->jev = m->sev = m->ev;
	m->jnev = m->nev;
	m->jarena = m->sarena = m->arena;
	m->sarenacap = m->arenacap;
	m->ev = e ? e : xmalloc(m->chunk * sizeof *m->ev);
	if (!a)
		a = xmalloc(ac = 1 << 16);
	m->arena = a;
	m->arenacap = ac;
	m->nev = 0;
	m->arenan = 0;
	if (pthread_create(&m->th, NULL, spill_thread, m) == 0)
		m->th_on = 1;
	else
		spill_job(m);
}

static struct ev *
push(struct tw_metrics *m, int kind, time_t t, const char *const s[NSTR])
{
	struct ev *e;
	size_t need = 0, i, l;

	for (i = 0; i < NSTR; i++)
		if (s[i] && *s[i])
			need += strlen(s[i]) + 1;
	if (m->nev == m->chunk || m->arenan + need > CHUNK_BYTES)
		spill(m);
	if (m->arenan + need > m->arenacap) {
		while (m->arenan + need > m->arenacap)
			m->arenacap *= 2;
		m->arena = xrealloc(m->arena, m->arenacap);
	}
	e = &m->ev[m->nev++];
	memset(e, 0, sizeof *e);
	e->t = t;
	e->kind = (signed char)kind;
	e->answer = -1;
	e->sentiment = 2;
	e->off = (uint32_t)m->arenan;
	for (i = 0; i < NSTR; i++) {
		if (!s[i] || !*s[i])
			continue;
		l = strlen(s[i]);
		if (l > 0xffff)
			l = 0xffff;
		memcpy(m->arena + m->arenan, s[i], l);
		m->arena[m->arenan + l] = '\0';
		m->arenan += l + 1;
		e->len[i] = (uint16_t)l;
	}
	return e;
}

/* The top-level keys tw_metrics_add looks at, found in one pass over
 * the object (a lookup by name each would compare every key again). */
struct fields {
	const cJSON *type, *event, *time, *account_id, *account, *customer_id,
	    *survey, *agent, *id, *created_at, *retweet_of, *autom, *direction,
	    *author, *recipient, *in_reply_to, *triage, *text, *kase, *seq,
	    *owner, *previous, *queue;
};

static void
fields_of(const cJSON *rec, struct fields *f)
{
	static const struct {
		const char *name;
		size_t off;
	} keys[] = {
#define K(n, m) { n, offsetof(struct fields, m) }
		K("type", type), K("event", event), K("time", time),
		K("account_id", account_id), K("account", account),
		K("customer_id", customer_id), K("survey", survey),
		K("agent", agent), K("id", id), K("created_at", created_at),
		K("retweet_of", retweet_of), K("auto", autom),
		K("direction", direction), K("author", author),
		K("recipient", recipient), K("in_reply_to", in_reply_to),
		K("triage", triage), K("text", text), K("case", kase),
		K("seq", seq), K("owner", owner), K("previous", previous),
		K("queue", queue),
#undef K
	};
	const cJSON *c;
	size_t i;

	memset(f, 0, sizeof *f);
	for (c = rec->child; c; c = c->next) {
		if (!c->string)
			continue;
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (c->string[0] == keys[i].name[0] &&
			    !strcmp(c->string, keys[i].name)) {
				const cJSON **slot = (const cJSON **)(void *)
				    ((char *)f + keys[i].off);

				if (!*slot)
					*slot = c;
				break;
			}
	}
}

static const char *
str(const cJSON *v)
{
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The instants tw-metrics accepts: from X's first post to the end of
 * 2099 (tw-metrics(1) LIMITS), so that no date makes the work for one
 * record unbounded. */
#define WHEN_RANGE "2006-03-21 to 2099-12-31"

static int
when_ok(time_t t)
{
	return t >= 1142899200 && t < 4102444800;
}

/* What a tweet or DM record gives: the fields, found by cJSON or by
 * the scanner. */
struct recf {
	const char *type, *created_at, *direction, *acct, *author, *queue,
	    *label, *text, *recipient, *reply_user, *agent, *id;
	const char *gpath;      /* the -g path values (S_GROUP) */
	int excluded;           /* a retweet */
	int autom;              /* marked auto: the brand's automatic message */
};

static int
add_record(struct tw_metrics *m, const struct recf *r, const char **why)
{
	const char *cust, *s[NSTR] = { 0 };
	struct ev *e;
	time_t when;

	if (!r->created_at || tw_time_parse_rfc3339(r->created_at, &when) < 0) {
		*why = "a record needs \"created_at\"";
		return -1;
	}
	if (!when_ok(when)) {
		*why = "\"created_at\" is out of range (" WHEN_RANGE ")";
		return -1;
	}
	if (r->excluded || (r->autom && !strcmp(r->direction ?
	    r->direction : "", "in")))
		return 0;
	if (!r->acct || !*r->acct || !r->direction) {
		*why = "a record needs \"account\" and \"direction\"";
		return -1;
	}
	s[S_ACCT] = r->acct;
	if (!strcmp(r->direction, "in")) {
		if (!r->author || !*r->author)
			return 0;
		s[S_CUST] = r->author;
		s[S_QUEUE] = r->queue;
		s[S_GROUP] = r->gpath;
		e = push(m, EV_IN, when, s);
		e->id = id_hash(r->id);
		e->sentiment = (signed char)label(r->label);
		if (!strcmp(r->type, "dm"))
			e->answer = (signed char)answer_of(r->text);
	} else {
		cust = !strcmp(r->type, "dm") ? r->recipient : r->reply_user;
		if (!cust || !*cust || !strcmp(cust, r->acct))
			return 0;       /* unsolicited, or to itself */
		s[S_CUST] = cust;
		s[S_AGENT] = r->agent;
		e = push(m, r->autom ? EV_AUTO : EV_OUT, when, s);
		m->autos |= r->autom;
		e->id = id_hash(r->id);
	}
	e->channel = strcmp(r->type, "dm") ? CH_PUBLIC : CH_DM;
	return 0;
}

/* The journal's events, and the case log's (tw-case log): the same
 * shape, with "case" and "seq". */
static int
add_event(struct tw_metrics *m, const struct fields *f, const char *ev,
    const char **why)
{
	static const struct {
		const char *name;
		int kind;
	} kinds[] = {
		{ "reply", EV_OUT }, { "dm", EV_OUT }, { "out", EV_OUT },
		{ "in", EV_IN }, { "survey", EV_SURVEY }, { "resolve", EV_RESOLVE },
		{ "open", EV_OPEN }, { "reopen", EV_OPEN }, { "claim", EV_CLAIM },
		{ "assign", EV_CLAIM }, { "release", EV_RELEASE },
		{ "pending", EV_PENDING }, { "escalate", EV_ESCALATE },
	};
	const char *acct, *cust, *t, *s[NSTR] = { 0 };
	struct ev *e;
	time_t when;
	size_t k;
	int auto_out;

	t = str(f->time);
	if (!t || tw_time_parse_rfc3339(t, &when) < 0) {
		*why = "a journal event needs a \"time\"";
		return -1;
	}
	if (!when_ok(when)) {
		*why = "\"time\" is out of range (" WHEN_RANGE ")";
		return -1;
	}
	acct = str(f->account_id) ? str(f->account_id) : str(f->account);
	cust = str(f->customer_id);
	for (k = 0; k < sizeof kinds / sizeof kinds[0] &&
	    strcmp(ev, kinds[k].name); k++)
		;
	if (!acct || !cust || !*acct || !*cust || k == sizeof kinds /
	    sizeof kinds[0])
		return 0;       /* not about a customer, or not read: ignored */
	s[S_ACCT] = acct;
	s[S_CUST] = cust;
	s[S_CASE] = str(f->kase);
	if (s[S_CASE])
		m->cases = 1;
	/* who: the agent; the assignee; the owner released */
	s[S_AGENT] = !strcmp(ev, "assign") ? str(f->owner) :
	    !strcmp(ev, "release") ? str(f->previous) : str(f->agent);
	if (kinds[k].kind == EV_OPEN || kinds[k].kind == EV_ESCALATE)
		s[S_QUEUE] = str(f->queue);
	if ((kinds[k].kind == EV_IN || kinds[k].kind == EV_CLAIM) &&
	    !s[S_CASE])
		return 0;       /* the case log's only */
	if (kinds[k].kind == EV_IN)
		s[S_AGENT] = NULL;
	auto_out = kinds[k].kind == EV_OUT && cJSON_IsTrue(f->autom);
	m->autos |= auto_out;
	e = push(m, auto_out ? EV_AUTO : kinds[k].kind, when, s);
	e->seq = s[S_CASE] && cJSON_IsNumber(f->seq) && f->seq->valuedouble > 0 &&
	    f->seq->valuedouble < 9e15 ? (int64_t)f->seq->valuedouble : 0;
	if (e->kind == EV_IN || e->kind == EV_OUT || e->kind == EV_AUTO) {
		e->id = id_hash(str(f->id));
		e->channel = !strcmp(ev, "dm") || (str(f->type) &&
		    !strcmp(str(f->type), "dm")) ? CH_DM : CH_PUBLIC;
	} else if (e->kind == EV_SURVEY)
		e->survey = str(f->survey) && !strcmp(str(f->survey), "nps") ?
		    'n' : 'c';
	return 0;
}

const char *
tw_metrics_path_values(const char *const *paths, int n, const cJSON *rec,
    tw_buf *b)
{
	const cJSON *v;
	char *t;
	int i;

	for (i = 0; i < n; i++) {
		v = tw_json_path(rec, paths[i]);
		if (i)
			tw_buf_printf(b, "\037");
		if (cJSON_IsString(v) && *v->valuestring)
			tw_buf_printf(b, "%s", v->valuestring);
		else if (cJSON_IsBool(v))
			tw_buf_printf(b, "%s", cJSON_IsTrue(v) ? "true" : "false");
		else if (cJSON_IsNumber(v))
			tw_buf_printf(b, "%.15g", v->valuedouble);
		else if ((cJSON_IsObject(v) || cJSON_IsArray(v)) &&
		    (t = cJSON_PrintUnformatted(v))) {
			tw_buf_printf(b, "%s", t);
			cJSON_free(t);
		} else
			tw_buf_printf(b, "-");
	}
	return b->s;
}

int
tw_metrics_add(struct tw_metrics *m, const cJSON *rec, const char **why)
{
	struct fields f;
	struct recf r;
	const char *type, *ev;
	tw_buf gb = { 0 };
	int rv;

	if ((rv = tw_mcost_add(&m->cost, rec, m->o.since, m->o.until, why)))
		return rv < 0 ? -1 : 0;
	fields_of(rec, &f);
	type = str(f.type);
	ev = str(f.event);
	if (ev)
		return add_event(m, &f, ev, why);
	if (!type || (strcmp(type, "tweet") && strcmp(type, "dm"))) {
		*why = "neither a tweet or DM record nor a journal event";
		return -1;
	}
	r.type = type;
	r.created_at = str(f.created_at);
	r.excluded = str(f.retweet_of) != NULL;
	r.autom = cJSON_IsTrue(f.autom);
	r.direction = str(f.direction);
	r.acct = tw_json_str(f.account, "id");
	if (!r.acct)
		r.acct = tw_json_str(f.account, "username");
	r.author = tw_json_str(f.author, "id");
	r.queue = tw_json_str(f.triage, "queue");
	r.label = tw_json_str(tw_json_path(f.triage, "sentiment"), "label");
	r.text = str(f.text);
	r.recipient = tw_json_str(f.recipient, "id");
	r.reply_user = tw_json_str(f.in_reply_to, "user_id");
	r.agent = str(f.agent);
	r.id = str(f.id);
	r.gpath = m->npath && r.direction && !strcmp(r.direction, "in") ?
	    tw_metrics_path_values(m->path, m->npath, rec, &gb) : NULL;
	rv = add_record(m, &r, why);
	tw_buf_free(&gb);
	return rv;
}

/* The fast path: a tweet or DM record whose fields need no unescaping
 * is read by the scanner; anything else goes to cJSON as usual. */
enum { F_TYPE, F_ID, F_CREATED, F_RT, F_AUTO, F_DIR, F_ACCT, F_AUTHOR,
    F_TRIAGE, F_TEXT, F_RECIP, F_IRT, F_AGENT, F_EVENT, NF };

/* A member's string: NULL when absent or not a string, *ok = 0 when it
 * is one the scanner cannot give (escapes, too long). */
static const char *
sub(const struct tw_jspan *v, char *buf, size_t n, int *ok)
{
	const char *r;

	if (v->type != 's')
		return NULL;
	if (!(r = tw_js_str(v, buf, n)))
		*ok = 0;
	return r;
}

/* The members keys[] of the object at v into out (all absent when v is
 * not an object). */
static void
members(const struct tw_jspan *v, const char *const *keys, int n,
    struct tw_jspan *out, int *ok)
{
	memset(out, 0, (size_t)n * sizeof *out);
	if (v->type == 'o' && tw_js_object(v->p, v->p + v->n, keys, n, out) < 0)
		*ok = 0;
}

/* One member of the object at v, as sub() gives it. */
static const char *
member(const struct tw_jspan *v, const char *key, char *buf, size_t n,
    int *ok)
{
	const char *const keys[1] = { key };
	struct tw_jspan x;

	members(v, keys, 1, &x, ok);
	return sub(&x, buf, n, ok);
}

int
tw_metrics_line(const char *line, size_t len, const struct tw_loc *loc,
    void *ctx)
{
	static const char *const keys[NF] = { "type", "id", "created_at",
	    "retweet_of", "auto", "direction", "account", "author", "triage",
	    "text", "recipient", "in_reply_to", "agent", "event" };
	struct tw_metrics *m = ctx;
	static const char *const ak[2] = { "id", "username" };
	static const char *const tk[2] = { "queue", "sentiment" };
	struct tw_jspan v[NF], x[2];
	char b[13][256];
	const char *why = NULL;
	struct recf r;
	int ok = 1;

	if (m->npath || tw_js_object(line, line + len, keys, NF, v) < 0 ||
	    v[F_EVENT].type)
		return 0;       /* -g paths: the parser reads them */
	memset(&r, 0, sizeof r);
	r.type = sub(&v[F_TYPE], b[0], sizeof b[0], &ok);
	/* the record shape of tw-record(5): anything else is normalised */
	if (!ok || !r.type || (strcmp(r.type, "tweet") && strcmp(r.type, "dm")) ||
	    v[F_ID].type != 's')
		return 0;
	r.id = sub(&v[F_ID], b[1], sizeof b[1], &ok);
	r.created_at = sub(&v[F_CREATED], b[2], sizeof b[2], &ok);
	r.excluded = v[F_RT].type == 's';
	r.autom = v[F_AUTO].type == 't';
	r.direction = sub(&v[F_DIR], b[3], sizeof b[3], &ok);
	members(&v[F_ACCT], ak, 2, x, &ok);
	r.acct = sub(&x[0], b[4], sizeof b[4], &ok);
	if (!r.acct)
		r.acct = sub(&x[1], b[5], sizeof b[5], &ok);
	r.author = member(&v[F_AUTHOR], "id", b[6], sizeof b[6], &ok);
	members(&v[F_TRIAGE], tk, 2, x, &ok);
	r.queue = sub(&x[0], b[7], sizeof b[7], &ok);
	r.label = member(&x[1], "label", b[8], sizeof b[8], &ok);
	/* the text matters only for a survey answer in a DM */
	if (!strcmp(r.type, "dm") && v[F_TEXT].type == 's')
		r.text = sub(&v[F_TEXT], b[9], sizeof b[9], &ok);
	r.recipient = member(&v[F_RECIP], "id", b[10], sizeof b[10], &ok);
	r.reply_user = member(&v[F_IRT], "user_id", b[11], sizeof b[11], &ok);
	r.agent = sub(&v[F_AGENT], b[12], sizeof b[12], &ok);
	if (!ok)
		return 0;
	if (add_record(m, &r, &why) < 0) {
		tw_warn_at(loc, "%s", why);
		return -1;
	}
	return 1;
}

/* The replay */

static void set_str(char **p, const char *v);

/* One key's part of a group's name. */
static void
group_part(struct tw_metrics *m, int k, const struct rev *e,
    const char *agent, const char **pv, tw_buf *b)
{
	static const char *const fmt[] = { "%Y-%m-%d", "%G-W%V", "%H" };
	char tb[32];
	struct tm tm;
	time_t t = (time_t)e->e.t;
	const char *v, *end;

	switch (m->key[k]) {
	case G_ACCOUNT: v = e->s[S_ACCT]; break;
	case G_AGENT: v = agent ? agent : "-"; break;
	case G_QUEUE: v = e->s[S_QUEUE] ? e->s[S_QUEUE] : "-"; break;
	case G_CHANNEL: v = e->e.channel == CH_DM ? "dm" : "public"; break;
	case G_PATH:
		/* the next of the path values, "-" without them */
		v = *pv ? *pv : "-";
		end = strchr(v, '\037');
		tw_buf_printf(b, "%.*s", end ? (int)(end - v) : (int)strlen(v),
		    v);
		*pv = end ? end + 1 : *pv ? v + strlen(v) : NULL;
		return;
	default:
		gmtime_r(&t, &tm);
		strftime(tb, sizeof tb, fmt[m->key[k] - G_DAY], &tm);
		v = tb;
		break;
	}
	tw_buf_printf(b, "%s", v ? v : "-");
}

/* The group of an event: its values of the -g keys joined by commas. */
static struct group *
group_of(struct tw_metrics *m, const struct rev *e, const char *agent)
{
	tw_buf b = { 0 };
	const char *k, *pv = e->s[S_GROUP];
	size_t i;
	int j;

	for (j = 0; j < m->o.nby; j++) {
		if (j)
			tw_buf_printf(&b, ",");
		group_part(m, j, e, agent, &pv, &b);
	}
	k = b.s ? b.s : "all";
	for (i = 0; i < m->ng; i++)
		if (!strcmp(m->g[i]->key, k)) {
			tw_buf_free(&b);
			return m->g[i];
		}
	m->g = xrealloc(m->g, (m->ng + 1) * sizeof *m->g);
	m->g[m->ng] = xcalloc(1, sizeof **m->g);
	m->g[m->ng]->key = xstrdup(k);
	tw_buf_free(&b);
	return m->g[m->ng++];
}

/* The group of a conversation by its first inbound message, with agent
 * (-g agent: who answered first, NULL for none). */
static struct group *
conv_group(struct tw_metrics *m, const struct conv *c, const char *agent)
{
	struct rev r;

	memset(&r, 0, sizeof r);
	r.e.t = c->first_in;
	r.e.channel = (signed char)c->gch;
	r.s[S_ACCT] = c->acct;
	r.s[S_CUST] = c->cust;
	r.s[S_QUEUE] = c->gqueue;
	r.s[S_GROUP] = c->gpath;
	return group_of(m, &r, agent);
}

/* Grouped by agent, a conversation joins its group when it is first
 * answered (or, unanswered, when it ends): bring what it had so far. */
static void
attach(struct conv *c, struct group *g)
{
	int i;

	c->g = g;
	g->conversations++;
	g->inbound += c->nin;
	if (c->hours)
		for (i = 0; i < 24; i++)
			g->hours[i] += c->hours[i];
	c->nin = 0;
	free(c->hours);
	c->hours = NULL;
}

static unsigned long
hash(const char *a, const char *b)
{
	unsigned long h = 5381;

	while (*a)
		h = h * 33 + (unsigned char)*a++;
	h = h * 33 + '\t';
	while (*b)
		h = h * 33 + (unsigned char)*b++;
	return h;
}

static void
rehash(struct tw_metrics *m, size_t n)
{
	struct conv **tab = xcalloc(n, sizeof *tab), *c, *next;
	size_t i;

	for (i = 0; i < m->tabn; i++)
		for (c = m->tab[i]; c; c = next) {
			next = c->next;
			c->next = tab[c->h % n];
			tab[c->h % n] = c;
		}
	free(m->tab);
	m->tab = tab;
	m->tabn = n;
}

static struct conv *
conv_of(struct tw_metrics *m, const struct rev *e)
{
	const char *a = e->s[S_ACCT], *u = e->s[S_CUST];
	unsigned long h = hash(a, u);
	struct conv *c;
	size_t la = strlen(a);

	for (c = m->tab[h % m->tabn]; c; c = c->next)
		if (c->h == h && !strcmp(c->acct, a) && !strcmp(c->cust, u))
			return c;
	if (m->nconv >= m->tabn)
		rehash(m, m->tabn * 4);
	c = xcalloc(1, sizeof *c);
	c->h = h;
	c->acct = xmalloc(la + strlen(u) + 2);
	memcpy(c->acct, a, la + 1);
	c->cust = c->acct + la + 1;
	strcpy(c->cust, u);
	c->next = m->tab[h % m->tabn];
	m->tab[h % m->tabn] = c;
	m->nconv++;
	return c;
}

static void
conv_free(struct conv *c)
{
	free(c->acct);
	free(c->hours);
	free(c->case_id);
	free(c->owner);
	free(c->case_queue);
	free(c->gqueue);
	free(c->gpath);
	free(c);
}

static int
in_range(const struct tw_metrics *m, time_t t)
{
	return (!m->o.since || t >= m->o.since) && (!m->o.until || t < m->o.until);
}

/* Seconds from a to b: business time with -H. */
static long
elapsed(const struct tw_metrics *m, time_t a, time_t b)
{
	return m->o.hours ? tw_hours_between(m->o.hours, a, b) : (long)(b - a);
}

/* Whether more than the SLA passed from a to b; with -H the business
 * time is counted only until it passes the target. */
static int
over_sla(const struct tw_metrics *m, time_t a, time_t b)
{
	return (m->o.hours ? tw_hours_upto(m->o.hours, a, b, m->o.sla) :
	    (long)(b - a)) > m->o.sla;
}

/* An unanswered conversation against the SLA: breached once its time is
 * past the target, pending if it is not by the end of the data. */
static void
sla_unanswered(struct tw_metrics *m, const struct conv *c, int at_end)
{
	if (over_sla(m, c->first_in, m->now))
		c->g->sla_breached++;
	else if (at_end)
		c->g->sla_pending++;
	else {
		if (m->nund == m->undcap) {
			m->undcap = m->undcap ? m->undcap * 2 : 64;
			m->und = xrealloc(m->und, m->undcap * sizeof *m->und);
		}
		m->und[m->nund].first_in = c->first_in;
		m->und[m->nund++].g = c->g;
	}
}

static void
sentiment_end(const struct conv *c)
{
	if (c->first_sent == -1) {
		c->g->neg_start++;
		if (c->last_sent != -1)
			c->g->converted++;
	}
}

/* A conversation ends: by the gap, a resolve event, or the end of data. */
static void
close_conv(struct tw_metrics *m, struct conv *c, time_t resolved)
{
	struct group *g = c->g;

	if (!c->open)
		return;
	c->open = 0;
	if (!g && m->by_agent && in_range(m, c->first_in))
		attach(c, g = conv_group(m, c, NULL));
	if (!g)
		return;
	g->resolved += resolved != 0;
	if (c->responded) {
		dist_add(&g->aht, (long)((resolved ? resolved : c->last_out) -
		    c->first_out));
		/* closed by a resolve event, or by the gap after our reply */
		if (resolved)
			dist_add(&g->ttr, (long)(resolved - c->first_in));
		else if (c->last_out >= c->last_t)
			dist_add(&g->ttr, (long)(c->last_out - c->first_in));
	}
	if (m->o.sla && !c->responded)
		sla_unanswered(m, c, 0);
	sentiment_end(c);
}

/* Forget the conversations that can no longer change: ended by the gap
 * (closed now if not yet), with no survey waiting for an answer. */
static void
sweep(struct tw_metrics *m)
{
	struct conv **pp, *c;
	size_t i;

	for (i = 0; i < m->tabn; i++)
		for (pp = &m->tab[i]; (c = *pp); ) {
			if (c->open && !c->case_open &&
			    m->now - c->last_t > m->o.gap)
				close_conv(m, c, 0);
			if (!c->open && m->now - c->last_t > m->o.gap &&
			    (!c->survey_kind ||
			    m->now - c->survey_t > m->o.survey_window) &&
			    !c->case_open && !c->owner) {
				*pp = c->next;
				conv_free(c);
				m->nconv--;
			} else
				pp = &c->next;
		}
	m->sweep_at = m->nconv * 2 > m->floor ? m->nconv * 2 : m->floor;
}

static int
seen_id(struct conv *c, uint64_t id)
{
	unsigned i;

	if (!id)
		return 0;
	for (i = 0; i < 8; i++)
		if (c->seen[i] == id)
			return 1;
	c->seen[c->nseen++ % 8] = id;
	return 0;
}

/* The group of a case's handling session or of a case in the backlog:
 * the agent, and the case's account, queue and channel, at time t; NULL
 * when t is outside --since and --until. */
static struct group *
case_group(struct tw_metrics *m, const struct conv *c, time_t t,
    const char *agent)
{
	struct rev r;

	if (!in_range(m, t))
		return NULL;
	memset(&r, 0, sizeof r);
	r.e.t = t;
	r.e.channel = (signed char)(c->case_ch < 0 ? CH_PUBLIC : c->case_ch);
	r.s[S_ACCT] = c->acct;
	r.s[S_CUST] = c->cust;
	r.s[S_QUEUE] = c->case_queue;
	r.s[S_GROUP] = c->gpath;
	return group_of(m, &r, agent ? agent : "-");
}

/* The owner stops handling the case at t. */
static void
session_end(struct tw_metrics *m, struct conv *c, time_t t)
{
	struct group *g;

	if (!c->holding)
		return;
	c->holding = 0;
	if ((g = case_group(m, c, c->hold_t, c->owner)))
		dist_add(&g->handle, (long)(t - c->hold_t));
}

static void
set_str(char **p, const char *v)
{
	free(*p);
	*p = v ? xstrdup(v) : NULL;
}

/* The case log names case id at t (its "open", "reopen", or its first
 * message, which may be older than the "open" when records were filed
 * newest first): it begins here unless it is open already. */
static void
case_start(struct tw_metrics *m, struct conv *c, const char *id, time_t t)
{
	int same = id && c->case_id && !strcmp(c->case_id, id);

	if (same && c->case_open)
		return;
	session_end(m, c, t);
	if (!same) {
		set_str(&c->case_id, id);
		set_str(&c->owner, NULL);
		set_str(&c->case_queue, NULL);
	}
	c->case_open = 1;
	c->case_t = t;
	c->case_ch = -1;
}

/* The case log's events: the case opened, claimed, released, set
 * pending or escalated. */
static void
replay_case(struct tw_metrics *m, struct conv *c, const struct rev *e)
{
	const char *who = e->s[S_AGENT];
	time_t t = (time_t)e->e.t;

	switch (e->e.kind) {
	case EV_OPEN:
		case_start(m, c, e->s[S_CASE], t);
		if (e->s[S_QUEUE] && !c->case_queue)
			set_str(&c->case_queue, e->s[S_QUEUE]);
		break;
	case EV_CLAIM:
		if (!who)
			break;
		if (c->owner && strcmp(c->owner, who)) {
			session_end(m, c, t);   /* passed to another */
			set_str(&c->owner, NULL);
		}
		if (!c->owner)
			set_str(&c->owner, who);
		if (!c->holding) {
			c->holding = 1;
			c->hold_t = t;
		}
		break;
	case EV_RELEASE:
		if (who && c->owner && strcmp(c->owner, who))
			break;  /* not the owner's claim any more */
		session_end(m, c, t);
		set_str(&c->owner, NULL);
		break;
	case EV_PENDING:
		session_end(m, c, t);
		break;
	case EV_ESCALATE:
		session_end(m, c, t);
		set_str(&c->owner, NULL);
		if (e->s[S_QUEUE])
			set_str(&c->case_queue, e->s[S_QUEUE]);
		break;
	}
}

/* An inbound message: a survey answer, or a request that opens or
 * continues the conversation. */
static void
replay_in(struct tw_metrics *m, struct conv *c, const struct rev *e)
{
	time_t t = (time_t)e->e.t;
	struct group *g;
	int hour;

	if (seen_id(c, e->e.id))
		return;  /* the same message again, or the case log's copy */
	if (c->case_open && c->case_ch < 0)
		c->case_ch = e->e.channel;
	if (e->e.answer >= 0 && c->survey_kind &&
	    t - c->survey_t <= m->o.survey_window) {
		g = c->g ? c->g : group_of(m, e, NULL);
		if (c->survey_kind == 'c' && e->e.answer >= 1 &&
		    e->e.answer <= 5) {
			g->csat_n++;
			g->csat_good += e->e.answer >= 4;
		} else if (c->survey_kind == 'n') {
			g->nps_n++;
			g->nps_pro += e->e.answer >= 9;
			g->nps_det += e->e.answer <= 6;
		}
		c->survey_kind = 0;
		return;  /* an answer is not a new request */
	}
	if (!c->open) {
		if (!in_range(m, t)) {
			c->g = NULL;
		} else {
			/* grouped by the first inbound; by agent once
			 * someone answers */
			c->g = m->by_agent ? NULL :
			    group_of(m, e, NULL);
			if (c->g)
				c->g->conversations++;
		}
		c->open = 1;
		c->responded = 0;
		c->nin = 0;
		free(c->hours);
		c->hours = NULL;
		c->first_in = t;
		c->first_sent = e->e.sentiment;
		if (m->by_agent || m->npath) {
			set_str(&c->gqueue, e->s[S_QUEUE]);
			set_str(&c->gpath, e->s[S_GROUP]);
			c->gch = e->e.channel;
		}
		c->turn = 0;
	}
	if (!c->turn)
		c->turn = t;
	if (e->e.sentiment != 2)
		c->last_sent = e->e.sentiment;
	hour = (int)((t % 86400 + 86400) % 86400 / 3600);   /* UTC */
	if (c->g) {
		c->g->inbound++;
		c->g->hours[hour]++;
	} else if (in_range(m, c->first_in)) {
		if (!c->hours)
			c->hours = xcalloc(24, sizeof *c->hours);
		c->nin++;
		c->hours[hour]++;
	}
}

/* An outbound message: the first response, or another reply. */
static void
replay_out(struct tw_metrics *m, struct conv *c, const struct rev *e)
{
	time_t t = (time_t)e->e.t;
	struct group *g;

	if (!c->open)
		return;  /* unsolicited: no open conversation */
	if (!c->g && m->by_agent && in_range(m, c->first_in)) {
		attach(c, conv_group(m, c, e->s[S_AGENT]));
	}
	g = c->g;
	if (!c->responded) {
		c->responded = 1;
		c->first_out = t;
		if (g) {
			g->responded++;
			dist_add(&g->frt, (long)(t - c->first_in));
			if (m->o.hours)
				dist_add(&g->frtb, elapsed(m, c->first_in, t));
			if (e->e.channel == CH_DM)
				g->frt_dm++;
			else
				g->frt_public++;
			if (m->o.sla) {
				if (!over_sla(m, c->first_in, t))
					g->sla_met++;
				else
					g->sla_breached++;
			}
		}
	}
	if (c->turn && g)
		dist_add(&g->reply, (long)(t - c->turn));
	c->turn = 0;
	c->last_out = t;
}

/* An account read, for the report's title. */
static void
note_account(struct tw_metrics *m, const char *a)
{
	size_t i;

	for (i = 0; i < m->nacct; i++)
		if (!strcmp(m->acct[i], a))
			return;
	if (m->nacct == MAX_ACCT) {
		m->more_acct = 1;
		return;
	}
	if (!m->acct)
		m->acct = xcalloc(MAX_ACCT, sizeof *m->acct);
	m->acct[m->nacct++] = xstrdup(a);
}

static void
replay_one(struct tw_metrics *m, const struct rev *e)
{
	struct conv *c;
	time_t t = (time_t)e->e.t;

	m->now = m->end = t;
	if (!m->first)
		m->first = t;
	if (m->want_acct && e->s[S_ACCT])
		note_account(m, e->s[S_ACCT]);
	if (m->nconv >= m->sweep_at)
		sweep(m);
	c = conv_of(m, e);
	/* the gap ends a conversation, unless its case is open */
	if (c->open && !c->case_open && t - c->last_t > m->o.gap)
		close_conv(m, c, 0);
	switch (e->e.kind) {
	case EV_IN:
		if (e->s[S_CASE])
			case_start(m, c, e->s[S_CASE], t);
		replay_in(m, c, e);
		break;
	case EV_OUT:
		if (seen_id(c, e->e.id))
			return;  /* the same reply, from the journal too */
		session_end(m, c, t);   /* the case waits for the customer */
		replay_out(m, c, e);
		break;
	case EV_AUTO:
		/* an acknowledgement: no response, and the gap runs on */
		if (!seen_id(c, e->e.id) && c->open && c->g)
			c->g->autos++;
		return;
	case EV_SURVEY:
		c->survey_kind = e->e.survey;
		c->survey_t = t;
		break;
	case EV_RESOLVE:
		session_end(m, c, t);
		set_str(&c->owner, NULL);
		c->case_open = 0;
		close_conv(m, c, t);
		break;
	default:
		replay_case(m, c, e);
		return;  /* not a message: the gap runs on */
	}
	c->last_t = t;
}

/* A binary heap of runs by their current event. */
static int
run_less(const struct run *a, const struct run *b)
{
	return ev_cmp(&a->cur.e, a->cur.s, &b->cur.e, b->cur.s) < 0;
}

static void
heap_down(struct run **h, size_t n, size_t i)
{
	struct run *x;
	size_t k;

	for (;;) {
		k = 2 * i + 1;
		if (k >= n)
			return;
		if (k + 1 < n && run_less(h[k + 1], h[k]))
			k++;
		if (!run_less(h[k], h[i]))
			return;
		x = h[i];
		h[i] = h[k];
		h[k] = x;
		i = k;
	}
}

/* Merge runs in time order into out, or into the replay when out is
 * NULL. */
static void
merge(struct tw_metrics *m, struct run *runs, size_t n, FILE *out)
{
	struct run **h = xmalloc((n + 1) * sizeof *h);
	struct pack pk = { 0 };
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		if (run_next(&runs[i]))
			h[k++] = &runs[i];
	for (i = k; i-- > 0; )
		heap_down(h, k, i);
	while (k) {
		if (out)
			ev_write(out, &pk, &h[0]->cur.e, h[0]->cur.s);
		else
			replay_one(m, &h[0]->cur);
		if (!run_next(h[0]))
			h[0] = h[--k];
		heap_down(h, k, 0);
	}
	free(h);
}

/* The cases not resolved at the end of the data, and how long since
 * each was opened or reopened. */
static void
backlog(struct tw_metrics *m)
{
	struct group *g;
	struct conv *c;
	size_t i;

	for (i = 0; i < m->tabn; i++)
		for (c = m->tab[i]; c; c = c->next)
			if (c->case_open && (g = case_group(m, c, c->case_t,
			    c->owner)))
				dist_add(&g->backlog, (long)(m->end - c->case_t));
}

static void
replay(struct tw_metrics *m)
{
	struct conv *c;
	struct rev r;
	size_t i;

	spill_wait(m);
	if (m->nruns) {
		spill(m);
		spill_wait(m);
		for (i = 0; i < m->nruns; i++)
			run_open(&m->runs[i]);
		merge(m, m->runs, m->nruns, NULL);
	} else {
		const struct key *ord = chunk_order(m, m->ev, m->nev, m->arena);

		for (i = 0; i < m->nev; i++) {
			r.e = m->ev[ord[i].i];
			chunk_strings(m->arena, &m->ev[ord[i].i], r.s);
			replay_one(m, &r);
		}
	}
	/* What is still open at the end of the data: ended by the gap, or
	 * open. */
	for (i = 0; i < m->tabn; i++)
		for (c = m->tab[i]; c; c = c->next) {
			if (!c->open)
				continue;
			if (m->end - c->last_t > m->o.gap && !c->case_open) {
				close_conv(m, c, 0);
				continue;
			}
			if (!c->g && m->by_agent &&
			    in_range(m, c->first_in))
				attach(c, conv_group(m, c, NULL));
			if (!c->g)
				continue;
			if (m->o.sla && !c->responded)
				sla_unanswered(m, c, 1);
			sentiment_end(c);
		}
	for (i = 0; i < m->nund; i++) {
		if (over_sla(m, m->und[i].first_in, m->end))
			m->und[i].g->sla_breached++;
		else
			m->und[i].g->sla_pending++;
	}
	backlog(m);
}

/* n, mean, median (the mean of the two middle values when n is even) and
 * p90 (nearest rank: the ceil(0.9 n)-th smallest), in seconds. */
static cJSON *
summary(const struct dist *d, int p90)
{
	cJSON *o = cJSON_CreateObject();
	struct vc *a;
	size_t n;
	double med;
	long r;

	cJSON_AddNumberToObject(o, "n", (double)d->n);
	if (!d->n)
		return o;
	a = dist_sorted(d, &n);
	med = d->n % 2 ? (double)nth(a, n, d->n / 2) :
	    ((double)nth(a, n, d->n / 2 - 1) + (double)nth(a, n, d->n / 2)) / 2;
	cJSON_AddNumberToObject(o, "mean_s", round(d->sum / (double)d->n * 10) /
	    10);
	cJSON_AddNumberToObject(o, "median_s", med);
	if (p90) {
		r = (long)ceil(0.9 * (double)d->n);
		cJSON_AddNumberToObject(o, "p90_s", (double)nth(a, n, r ? r - 1 :
		    0));
	}
	free(a);
	return o;
}

/* The open cases: how many, the median and the oldest age. */
static cJSON *
backlog_json(const struct dist *d)
{
	cJSON *o = summary(d, 0), *x;
	struct vc *a;
	size_t n;

	cJSON_DeleteItemFromObjectCaseSensitive(o, "mean_s");
	if ((x = cJSON_DetachItemFromObjectCaseSensitive(o, "median_s")))
		cJSON_AddItemToObject(o, "median_age_s", x);
	if (d->n) {
		a = dist_sorted(d, &n);
		cJSON_AddNumberToObject(o, "oldest_age_s", (double)a[n - 1].v);
		free(a);
	}
	return o;
}

static double
ratio(long a, long b)
{
	return b ? round((double)a / (double)b * 1000) / 1000 : 0;
}

static cJSON *
group_json(const struct tw_metrics *m, struct group *g)
{
	cJSON *o = cJSON_CreateObject(), *x, *h;
	int i;

	cJSON_AddStringToObject(o, "group", g->key);
	cJSON_AddNumberToObject(o, "conversations", (double)g->conversations);
	cJSON_AddNumberToObject(o, "inbound", (double)g->inbound);
	cJSON_AddNumberToObject(o, "responded", (double)g->responded);
	cJSON_AddNumberToObject(o, "unanswered",
	    (double)(g->conversations - g->responded));
	cJSON_AddNumberToObject(o, "response_rate",
	    ratio(g->responded, g->conversations));
	x = summary(&g->frt, 1);
	cJSON_AddNumberToObject(x, "public", (double)g->frt_public);
	cJSON_AddNumberToObject(x, "dm", (double)g->frt_dm);
	cJSON_AddItemToObject(o, "frt", x);
	if (m->autos)
		cJSON_AddNumberToObject(o, "auto", (double)g->autos);
	if (m->o.hours)
		cJSON_AddItemToObject(o, "frt_business", summary(&g->frtb, 1));
	cJSON_AddItemToObject(o, "reply_time", summary(&g->reply, 1));
	cJSON_AddItemToObject(o, "aht", summary(&g->aht, 0));
	cJSON_AddItemToObject(o, "ttr", summary(&g->ttr, 0));
	if (m->cases) {
		cJSON_AddItemToObject(o, "handle", summary(&g->handle, 1));
		cJSON_AddItemToObject(o, "backlog", backlog_json(&g->backlog));
	}
	if (m->o.sla) {
		x = cJSON_AddObjectToObject(o, "sla");
		cJSON_AddNumberToObject(x, "target_s", (double)m->o.sla);
		cJSON_AddStringToObject(x, "time", m->o.hours ? "business" :
		    "calendar");
		cJSON_AddNumberToObject(x, "met", (double)g->sla_met);
		cJSON_AddNumberToObject(x, "breached", (double)g->sla_breached);
		cJSON_AddNumberToObject(x, "pending", (double)g->sla_pending);
		cJSON_AddNumberToObject(x, "rate", ratio(g->sla_met,
		    g->sla_met + g->sla_breached));
	}
	x = cJSON_AddObjectToObject(o, "csat");
	cJSON_AddNumberToObject(x, "n", (double)g->csat_n);
	if (g->csat_n)
		cJSON_AddNumberToObject(x, "score", ratio(g->csat_good, g->csat_n));
	x = cJSON_AddObjectToObject(o, "nps");
	cJSON_AddNumberToObject(x, "n", (double)g->nps_n);
	if (g->nps_n)
		cJSON_AddNumberToObject(x, "score", round((double)(g->nps_pro -
		    g->nps_det) * 1000 / (double)g->nps_n) / 10);
	x = cJSON_AddObjectToObject(o, "sentiment");
	cJSON_AddNumberToObject(x, "negative_start", (double)g->neg_start);
	cJSON_AddNumberToObject(x, "converted", (double)g->converted);
	cJSON_AddNumberToObject(x, "rate", ratio(g->converted, g->neg_start));
	h = cJSON_AddArrayToObject(o, "volume_by_hour");
	for (i = 0; i < 24; i++)
		cJSON_AddItemToArray(h, cJSON_CreateNumber((double)g->hours[i]));
	return o;
}

static int
by_key(const void *a, const void *b)
{
	return strcmp((*(struct group *const *)a)->key,
	    (*(struct group *const *)b)->key);
}

static void
group_free(struct group *g)
{
	free(g->key);
	dist_free(&g->frt);
	dist_free(&g->frtb);
	dist_free(&g->reply);
	dist_free(&g->aht);
	dist_free(&g->ttr);
	dist_free(&g->handle);
	dist_free(&g->backlog);
	free(g);
}

/* The whole input as one group: every conversation, session and open
 * case is in exactly one group, so this is what -g all counts. */
static struct group *
group_total(const struct tw_metrics *m)
{
	struct group *t = xcalloc(1, sizeof *t);
	const struct group *g;
	size_t i;
	int k;

	t->key = xstrdup("all");
	for (i = 0; i < m->ng; i++) {
		g = m->g[i];
		t->conversations += g->conversations;
		t->inbound += g->inbound;
		t->responded += g->responded;
		t->frt_public += g->frt_public;
		t->frt_dm += g->frt_dm;
		t->autos += g->autos;
		t->sla_met += g->sla_met;
		t->sla_breached += g->sla_breached;
		t->sla_pending += g->sla_pending;
		t->csat_n += g->csat_n;
		t->csat_good += g->csat_good;
		t->nps_n += g->nps_n;
		t->nps_pro += g->nps_pro;
		t->nps_det += g->nps_det;
		t->neg_start += g->neg_start;
		t->converted += g->converted;
		t->resolved += g->resolved;
		for (k = 0; k < 24; k++)
			t->hours[k] += g->hours[k];
		dist_merge(&t->frt, &g->frt);
		dist_merge(&t->frtb, &g->frtb);
		dist_merge(&t->reply, &g->reply);
		dist_merge(&t->aht, &g->aht);
		dist_merge(&t->ttr, &g->ttr);
		dist_merge(&t->handle, &g->handle);
		dist_merge(&t->backlog, &g->backlog);
	}
	return t;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The report for people (mreport.c), from the objects -f ndjson prints:
 * the total and each group. */
static void
svg_report(struct tw_metrics *m)
{
	struct tw_mreport r = { 0 };
	struct group *t = group_total(m);
	const struct dist *d = m->o.hours ? &t->frtb : &t->frt;
	cJSON **o = xcalloc(m->ng + 1, sizeof *o), *total;
	size_t i;

	for (i = 0; i < d->cap; i++)
		if (d->cnt[i])
			r.hist[tw_mreport_bin(d->val[i])] += d->cnt[i];
	for (i = 0; i < m->ng; i++)
		o[i] = group_json(m, m->g[i]);
	r.total = total = group_json(m, t);
	r.groups = o;
	r.ng = m->ng;
	r.by = m->byname;
	r.first = m->first;
	r.last = m->first ? m->end : 0;
	r.since = m->o.since;
	r.until = m->o.until;
	if (m->nacct)
		qsort(m->acct, m->nacct, sizeof *m->acct, str_cmp);
	r.accounts = (const char *const *)m->acct;
	r.naccounts = m->nacct;
	r.more_accounts = m->more_acct;
	tw_mreport_svg(&r);
	for (i = 0; i < m->ng; i++)
		cJSON_Delete(o[i]);
	free(o);
	cJSON_Delete(total);
	group_free(t);
}
void
tw_metrics_report(struct tw_metrics *m, int table)
{
	char med[48], p90[48], sla[32], csat[32], nps[32];
	const cJSON *x;
	cJSON *o;
	size_t i;

	m->want_acct = table == 2;
	replay(m);
	if (m->ng)      /* qsort's array may not be NULL, even empty */
		qsort(m->g, m->ng, sizeof *m->g, by_key);
	if (table == 2) {
		svg_report(m);
		return;
	}
	if (m->o.cost) {
		struct group *t = group_total(m);

		tw_mcost_report(&m->cost, t->conversations, t->resolved, table);
		group_free(t);
		return;
	}
	if (table)
		printf("%-16s %6s %6s %6s %9s %9s %6s %6s %6s%s%s\n", "group", "conv",
		    "in", "resp%", "FRT med", "FRT p90", "SLA%", "CSAT", "NPS",
		    m->cases ? "   AHT med  open    oldest" : "",
		    m->autos ? "   auto" : "");
	for (i = 0; i < m->ng; i++) {
		o = group_json(m, m->g[i]);
		if (!table) {
			tw_emit(o);
			cJSON_Delete(o);
			continue;
		}
		tw_mreport_dur(med, sizeof med, tw_json_path(o, "frt.median_s"));
		tw_mreport_dur(p90, sizeof p90, tw_json_path(o, "frt.p90_s"));
		x = tw_json_path(o, "sla.rate");
		snprintf(sla, sizeof sla, x ? "%.0f" : "-", x ? x->valuedouble * 100 : 0);
		x = tw_json_path(o, "csat.score");
		snprintf(csat, sizeof csat, x ? "%.0f%%" : "-", x ? x->valuedouble * 100 : 0);
		x = tw_json_path(o, "nps.score");
		snprintf(nps, sizeof nps, x ? "%+.0f" : "-", x ? x->valuedouble : 0);
		printf("%-16.16s %6.0f %6.0f %6.0f %9s %9s %6s %6s %6s",
		    m->g[i]->key, tw_json_path(o, "conversations")->valuedouble,
		    tw_json_path(o, "inbound")->valuedouble,
		    tw_json_path(o, "response_rate")->valuedouble * 100,
		    med, p90, sla, csat, nps);
		if (m->cases) {
			tw_mreport_dur(med, sizeof med, tw_json_path(o, "handle.median_s"));
			tw_mreport_dur(p90, sizeof p90, tw_json_path(o, "backlog.oldest_age_s"));
			printf(" %9s %5ld %9s", med, m->g[i]->backlog.n, p90);
		}
		if (m->autos)
			printf(" %6ld", m->g[i]->autos);
		putchar('\n');
		cJSON_Delete(o);
	}
}

void
tw_metrics_free(struct tw_metrics *m)
{
	struct conv *c, *n;
	size_t i;

	spill_wait(m);
	free(m->ev);
	free(m->sev);
	free(m->sarena);
	free(m->ord);
	free(m->ord2);
	free(m->arena);
	for (i = 0; i < m->nruns; i++) {
		fclose(m->runs[i].f);
		free(m->runs[i].buf);
		free(m->runs[i].rbuf);
	}
	free(m->runs);
	for (i = 0; i < m->tabn; i++)
		for (c = m->tab[i]; c; c = n) {
			n = c->next;
			conv_free(c);
		}
	free(m->tab);
	for (i = 0; i < m->ng; i++)
		group_free(m->g[i]);
	free(m->g);
	for (i = 0; i < m->nacct; i++)
		free(m->acct[i]);
	free(m->acct);
	free(m->und);
	free(m->byname);
	for (i = 0; i < (size_t)m->o.nby; i++)
		free((void *)(uintptr_t)m->o.by[i]);
	free(m);
}
