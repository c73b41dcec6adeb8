/* metrics.c - care metrics.  Events (inbound and outbound records,
 * journal events) are kept compact, sorted by time, and replayed once:
 * each account and customer pair has at most one open conversation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tw.h"

enum { EV_IN, EV_OUT, EV_SURVEY, EV_RESOLVE };
enum { CH_PUBLIC, CH_DM };

struct ev {
	time_t t;
	long seq;                   /* input order, for equal times */
	int kind, channel;
	int sentiment;              /* -1 negative, 0 neutral, 1 positive, 2 none */
	int answer;                 /* a bare number in an inbound DM, or -1 */
	char survey;                /* 'c' csat, 'n' nps */
	char *acct, *cust, *agent, *queue;
};

struct stat {
	double *v;
	size_t n, cap;
};

struct group {
	char *key;
	long conversations, inbound, responded, frt_public, frt_dm;
	long sla_met, sla_breached, sla_pending;
	long csat_n, csat_good, nps_n, nps_pro, nps_det;
	long neg_start, converted;
	long hours[24];
	struct stat frt, frtb, reply, aht, ttr;
};

struct conv {
	char *key;                  /* acct \t cust */
	struct conv *next;
	int open, responded, first_sent, last_sent;
	time_t first_in, last_t, turn, first_out, last_out;
	struct group *g;
	int survey_kind;            /* open survey: 'c' or 'n', 0 none */
	time_t survey_t;
	long nin, hours[24];        /* inbound before a group was known */
};

struct tw_metrics {
	struct tw_metrics_opts o;
	struct ev *ev;
	size_t nev, cap;
	long seq;
	tw_kvs seen;                /* outbound ids, to count a reply once */
	struct group **g;
	size_t ng;
	struct conv **tab;
	size_t tabn;
	time_t end;                 /* the last event */
};

struct tw_metrics *
tw_metrics_new(const struct tw_metrics_opts *o)
{
	struct tw_metrics *m = xcalloc(1, sizeof *m);

	m->o = *o;
	if (m->o.gap <= 0)
		m->o.gap = 24 * 3600;
	if (m->o.survey_window <= 0)
		m->o.survey_window = 7 * 24 * 3600;
	m->tabn = 4096;
	m->tab = xcalloc(m->tabn, sizeof *m->tab);
	return m;
}

static char *
dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static int
label(const cJSON *rec)
{
	const char *l = tw_json_str(tw_json_path(rec, "triage.sentiment"),
	    "label");

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

static int
seen_id(struct tw_metrics *m, const char *id)
{
	if (!id)
		return 0;
	if (tw_kvs_get(&m->seen, id))
		return 1;
	tw_kvs_add(&m->seen, id, "");
	return 0;
}

static struct ev *
push(struct tw_metrics *m)
{
	if (m->nev == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->ev = xrealloc(m->ev, m->cap * sizeof *m->ev);
	}
	memset(&m->ev[m->nev], 0, sizeof m->ev[0]);
	m->ev[m->nev].seq = m->seq++;
	m->ev[m->nev].answer = -1;
	m->ev[m->nev].sentiment = 2;
	return &m->ev[m->nev++];
}

int
tw_metrics_add(struct tw_metrics *m, const cJSON *rec, const char **why)
{
	const char *type = tw_json_str(rec, "type"), *ev = tw_json_str(rec, "event");
	const char *dir, *acct, *cust = NULL, *t, *id;
	struct ev *e;
	time_t when;

	if (ev) {               /* a journal event */
		t = tw_json_str(rec, "time");
		if (!t || tw_time_parse_rfc3339(t, &when) < 0) {
			*why = "a journal event needs a \"time\"";
			return -1;
		}
		acct = tw_json_str(rec, "account_id") ? tw_json_str(rec,
		    "account_id") : tw_json_str(rec, "account");
		cust = tw_json_str(rec, "customer_id");
		if (!acct || !cust)
			return 0;       /* not about a customer: ignored */
		if (!strcmp(ev, "reply") || !strcmp(ev, "dm")) {
			if (seen_id(m, tw_json_str(rec, "id")))
				return 0;
			e = push(m);
			e->kind = EV_OUT;
			e->channel = strcmp(ev, "dm") ? CH_PUBLIC : CH_DM;
			e->agent = dup_or_null(tw_json_str(rec, "agent"));
		} else if (!strcmp(ev, "survey")) {
			e = push(m);
			e->kind = EV_SURVEY;
			e->survey = tw_json_str(rec, "survey") &&
			    !strcmp(tw_json_str(rec, "survey"), "nps") ? 'n' : 'c';
		} else if (!strcmp(ev, "resolve")) {
			e = push(m);
			e->kind = EV_RESOLVE;
		} else
			return 0;
		e->t = when;
		e->acct = xstrdup(acct);
		e->cust = xstrdup(cust);
		return 0;
	}
	if (!type || (strcmp(type, "tweet") && strcmp(type, "dm"))) {
		*why = "neither a tweet or DM record nor a journal event";
		return -1;
	}
	t = tw_json_str(rec, "created_at");
	if (!t || tw_time_parse_rfc3339(t, &when) < 0) {
		*why = "a record needs \"created_at\"";
		return -1;
	}
	if (tw_json_str(rec, "retweet_of") || cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(rec, "auto")))
		return 0;       /* excluded */
	dir = tw_json_str(rec, "direction");
	acct = tw_json_str(tw_json_path(rec, "account"), "id");
	if (!acct)
		acct = tw_json_str(tw_json_path(rec, "account"), "username");
	if (!acct || !dir) {
		*why = "a record needs \"account\" and \"direction\"";
		return -1;
	}
	id = tw_json_str(rec, "id");
	if (!strcmp(dir, "in")) {
		cust = tw_json_str(tw_json_path(rec, "author"), "id");
		if (!cust)
			return 0;
		e = push(m);
		e->kind = EV_IN;
		e->sentiment = label(rec);
		e->queue = dup_or_null(tw_json_str(tw_json_path(rec, "triage"),
		    "queue"));
		if (!strcmp(type, "dm"))
			e->answer = answer_of(tw_json_str(rec, "text"));
	} else {
		cust = !strcmp(type, "dm") ?
		    tw_json_str(tw_json_path(rec, "recipient"), "id") :
		    tw_json_str(tw_json_path(rec, "in_reply_to"), "user_id");
		if (!cust || !strcmp(cust, acct))
			return 0;       /* unsolicited, or to itself */
		if (seen_id(m, id))
			return 0;
		e = push(m);
		e->kind = EV_OUT;
		e->agent = dup_or_null(tw_json_str(rec, "agent"));
	}
	e->t = when;
	e->channel = strcmp(type, "dm") ? CH_PUBLIC : CH_DM;
	e->acct = xstrdup(acct);
	e->cust = xstrdup(cust);
	return 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
stat_add(struct stat *s, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = v;
}

static struct group *
group_of(struct tw_metrics *m, const struct ev *e, const char *agent)
{
	char key[64];
	const char *k = "all";
	struct tm tm;
	size_t i;

	gmtime_r(&e->t, &tm);
	switch (m->o.group) {
	case TW_MG_ALL: break;
	case TW_MG_ACCOUNT: k = e->acct; break;
	case TW_MG_AGENT: k = agent ? agent : "-"; break;
	case TW_MG_QUEUE: k = e->queue ? e->queue : "-"; break;
	case TW_MG_CHANNEL: k = e->channel == CH_DM ? "dm" : "public"; break;
	case TW_MG_DAY:
		strftime(key, sizeof key, "%Y-%m-%d", &tm);
		k = key;
		break;
	case TW_MG_WEEK:
		strftime(key, sizeof key, "%G-W%V", &tm);
		k = key;
		break;
	case TW_MG_HOUR:
		strftime(key, sizeof key, "%H", &tm);
		k = key;
		break;
	}
	for (i = 0; i < m->ng; i++)
		if (!strcmp(m->g[i]->key, k))
			return m->g[i];
	m->g = xrealloc(m->g, (m->ng + 1) * sizeof *m->g);
	m->g[m->ng] = xcalloc(1, sizeof **m->g);
	m->g[m->ng]->key = xstrdup(k);
	return m->g[m->ng++];
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
	for (i = 0; i < 24; i++)
		g->hours[i] += c->hours[i];
	c->nin = 0;
	memset(c->hours, 0, sizeof c->hours);
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

static struct conv *
conv_of(struct tw_metrics *m, const struct ev *e)
{
	unsigned long h = hash(e->acct, e->cust) % m->tabn;
	struct conv *c;
	char *key = xasprintf("%s\t%s", e->acct, e->cust);

	for (c = m->tab[h]; c; c = c->next)
		if (!strcmp(c->key, key)) {
			free(key);
			return c;
		}
	c = xcalloc(1, sizeof *c);
	c->key = key;
	c->next = m->tab[h];
	m->tab[h] = c;
	return c;
}

static int
in_range(const struct tw_metrics *m, time_t t)
{
	return (!m->o.since || t >= m->o.since) && (!m->o.until || t < m->o.until);
}

/* Seconds from a to b against the SLA: business time with -H. */
static long
elapsed(const struct tw_metrics *m, time_t a, time_t b)
{
	return m->o.hours ? tw_hours_between(m->o.hours, a, b) : (long)(b - a);
}

/* A conversation ends: by the gap, a resolve event, or the end of data. */
static void
close_conv(struct tw_metrics *m, struct conv *c, time_t resolved)
{
	struct group *g = c->g;

	if (!c->open)
		return;
	c->open = 0;
	if (!g && m->o.group == TW_MG_AGENT && in_range(m, c->first_in)) {
		struct ev first = { 0 };

		/* unanswered: no agent */
		first.t = c->first_in;
		attach(c, g = group_of(m, &first, NULL));
	}
	if (!g)
		return;
	if (c->responded) {
		stat_add(&g->aht, (double)((resolved ? resolved : c->last_out) -
		    c->first_out));
		/* closed by a resolve event, or by the gap after our reply */
		if (resolved)
			stat_add(&g->ttr, (double)(resolved - c->first_in));
		else if (c->last_out >= c->last_t)
			stat_add(&g->ttr, (double)(c->last_out - c->first_in));
	}
	if (m->o.sla && !c->responded) {
		if (elapsed(m, c->first_in, m->end) > m->o.sla)
			g->sla_breached++;
		else
			g->sla_pending++;
	}
	if (c->first_sent == -1) {
		g->neg_start++;
		if (c->last_sent != -1)
			g->converted++;
	}
}

static void
replay(struct tw_metrics *m)
{
	struct ev *e;
	struct conv *c;
	struct group *g;
	struct tm tm;
	size_t i;

	qsort(m->ev, m->nev, sizeof *m->ev, by_time);
	if (m->nev)
		m->end = m->ev[m->nev - 1].t;
	for (i = 0; i < m->nev; i++) {
		e = &m->ev[i];
		c = conv_of(m, e);
		if (c->open && e->t - c->last_t > m->o.gap)
			close_conv(m, c, 0);
		switch (e->kind) {
		case EV_IN:
			if (e->answer >= 0 && c->survey_kind &&
			    e->t - c->survey_t <= m->o.survey_window) {
				g = c->g ? c->g : group_of(m, e, NULL);
				if (c->survey_kind == 'c' && e->answer >= 1 &&
				    e->answer <= 5) {
					g->csat_n++;
					g->csat_good += e->answer >= 4;
				} else if (c->survey_kind == 'n') {
					g->nps_n++;
					g->nps_pro += e->answer >= 9;
					g->nps_det += e->answer <= 6;
				}
				c->survey_kind = 0;
				c->last_t = e->t;
				break;  /* an answer is not a new request */
			}
			if (!c->open) {
				if (!in_range(m, e->t)) {
					c->g = NULL;
				} else {
					/* grouped by the first inbound; by agent
					 * once someone answers */
					c->g = m->o.group == TW_MG_AGENT ? NULL :
					    group_of(m, e, NULL);
					if (c->g)
						c->g->conversations++;
				}
				c->open = 1;
				c->responded = 0;
				c->nin = 0;
				memset(c->hours, 0, sizeof c->hours);
				c->first_in = e->t;
				c->first_sent = e->sentiment;
				c->turn = 0;
			}
			if (!c->turn)
				c->turn = e->t;
			if (e->sentiment != 2)
				c->last_sent = e->sentiment;
			gmtime_r(&e->t, &tm);
			if (c->g) {
				c->g->inbound++;
				c->g->hours[tm.tm_hour]++;
			} else if (in_range(m, c->first_in)) {
				c->nin++;
				c->hours[tm.tm_hour]++;
			}
			break;
		case EV_OUT:
			if (!c->open)
				break;  /* unsolicited: no open conversation */
			if (!c->g && m->o.group == TW_MG_AGENT &&
			    in_range(m, c->first_in)) {
				struct ev first = *e;

				first.t = c->first_in;
				attach(c, group_of(m, &first, e->agent));
			}
			g = c->g;
			if (!c->responded) {
				c->responded = 1;
				c->first_out = e->t;
				if (g) {
					g->responded++;
					stat_add(&g->frt, (double)(e->t - c->first_in));
					if (m->o.hours)
						stat_add(&g->frtb, (double)elapsed(m,
						    c->first_in, e->t));
					if (e->channel == CH_DM)
						g->frt_dm++;
					else
						g->frt_public++;
					if (m->o.sla) {
						if (elapsed(m, c->first_in, e->t) <= m->o.sla)
							g->sla_met++;
						else
							g->sla_breached++;
					}
				}
			}
			if (c->turn && g)
				stat_add(&g->reply, (double)(e->t - c->turn));
			c->turn = 0;
			c->last_out = e->t;
			break;
		case EV_SURVEY:
			c->survey_kind = e->survey;
			c->survey_t = e->t;
			break;
		case EV_RESOLVE:
			close_conv(m, c, e->t);
			break;
		}
		c->last_t = e->t;
	}
	/* What is still open at the end of the data. */
	for (i = 0; i < m->tabn; i++)
		for (c = m->tab[i]; c; c = c->next) {
			if (c->open && !c->g && m->o.group == TW_MG_AGENT &&
			    in_range(m, c->first_in)) {
				struct ev first = { 0 };

				first.t = c->first_in;
				attach(c, group_of(m, &first, NULL));
			}
			if (c->open && c->g && m->o.sla && !c->responded) {
				if (elapsed(m, c->first_in, m->end) > m->o.sla)
					c->g->sla_breached++;
				else
					c->g->sla_pending++;
			}
			if (c->open && c->g && c->first_sent == -1) {
				c->g->neg_start++;
				if (c->last_sent != -1)
					c->g->converted++;
			}
		}
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* n, mean, median (the mean of the two middle values when n is even) and
 * p90 (nearest rank: the ceil(0.9 n)-th smallest), in seconds. */
static cJSON *
summary(struct stat *s, int p90)
{
	cJSON *o = cJSON_CreateObject();
	double sum = 0, med;
	size_t i, r;

	cJSON_AddNumberToObject(o, "n", (double)s->n);
	if (!s->n)
		return o;
	qsort(s->v, s->n, sizeof *s->v, dcmp);
	for (i = 0; i < s->n; i++)
		sum += s->v[i];
	med = s->n % 2 ? s->v[s->n / 2] :
	    (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
	cJSON_AddNumberToObject(o, "mean_s", round(sum / s->n * 10) / 10);
	cJSON_AddNumberToObject(o, "median_s", med);
	if (p90) {
		r = (size_t)ceil(0.9 * (double)s->n);
		cJSON_AddNumberToObject(o, "p90_s", s->v[r ? r - 1 : 0]);
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
	if (m->o.hours)
		cJSON_AddItemToObject(o, "frt_business", summary(&g->frtb, 1));
	cJSON_AddItemToObject(o, "reply_time", summary(&g->reply, 1));
	cJSON_AddItemToObject(o, "aht", summary(&g->aht, 0));
	cJSON_AddItemToObject(o, "ttr", summary(&g->ttr, 0));
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
dur(char *buf, size_t n, const cJSON *v)
{
	long s;

	if (!cJSON_IsNumber(v)) {
		snprintf(buf, n, "-");
		return;
	}
	s = (long)v->valuedouble;
	if (s < 60)
		snprintf(buf, n, "%lds", s);
	else if (s < 3600)
		snprintf(buf, n, "%ldm%02lds", s / 60, s % 60);
	else
		snprintf(buf, n, "%ldh%02ldm", s / 3600, s % 3600 / 60);
}

static void
xml_text(const char *t)
{
	for (; *t; t++)
		switch (*t) {
		case '<': fputs("&lt;", stdout); break;
		case '>': fputs("&gt;", stdout); break;
		case '&': fputs("&amp;", stdout); break;
		case '"': fputs("&quot;", stdout); break;
		default: putchar(*t);
		}
}

/* One bar chart: n bars with labels, at (x, y), w by h. */
static void
svg_bars(int x, int y, int w, int h, const char *title, const char *cls,
    const double *v, const char *const *label, int n, const char *unit)
{
	double max = 0;
	int i, bw;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	bw = n ? (w - 20) / n : w;
	printf("<g class=\"chart\"><text x=\"%d\" y=\"%d\" class=\"title\">",
	    x, y - 8);
	xml_text(title);
	printf("</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"#f6f7f9\"/>\n", x, y, w, h);
	for (i = 0; i < n; i++) {
		int bh = max > 0 ? (int)(v[i] / max * (h - 30)) : 0;

		printf("<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"#2f6fdf\"><title>", cls, x + 10 + i * bw,
		    y + h - 18 - bh, bw > 3 ? bw - 2 : 1, bh);
		xml_text(label[i]);
		printf(": %g%s</title></rect>\n", v[i], unit);
		if (n <= 12 || i % 3 == 0) {
			printf("<text x=\"%d\" y=\"%d\" class=\"label\">",
			    x + 10 + i * bw, y + h - 5);
			xml_text(label[i]);
			printf("</text>\n");
		}
	}
	printf("</g>\n");
}

/* A self-contained SVG report: the FRT histogram, volume by hour, and
 * FRT median and SLA compliance by group. */
static void
svg_report(struct tw_metrics *m)
{
	static const char *const bins[] = { "<5m", "5-15m", "15-30m",
	    "30m-1h", "1-2h", "2-4h", "4-8h", "8-24h", ">24h" };
	static const double edge[] = { 300, 900, 1800, 3600, 7200, 14400,
	    28800, 86400 };
	double hist[9] = { 0 }, vol[24] = { 0 }, *med, *sla;
	const char *hours[24], **keys;
	char hbuf[24][16];
	size_t i, j;
	int k, ng = (int)m->ng;

	for (i = 0; i < m->ng; i++) {
		for (j = 0; j < m->g[i]->frt.n; j++) {
			for (k = 0; k < 8 && m->g[i]->frt.v[j] >= edge[k]; k++)
				;
			hist[k]++;
		}
		for (k = 0; k < 24; k++)
			vol[k] += (double)m->g[i]->hours[k];
	}
	for (k = 0; k < 24; k++) {
		snprintf(hbuf[k], sizeof hbuf[k], "%02d", k);
		hours[k] = hbuf[k];
	}
	med = xcalloc(m->ng + 1, sizeof *med);
	sla = xcalloc(m->ng + 1, sizeof *sla);
	keys = xcalloc(m->ng + 1, sizeof *keys);
	for (i = 0; i < m->ng; i++) {
		cJSON *o = group_json(m, m->g[i]);
		const cJSON *v = tw_json_path(o, "frt.median_s");

		keys[i] = m->g[i]->key;
		med[i] = cJSON_IsNumber(v) ? v->valuedouble / 60 : 0;
		v = tw_json_path(o, "sla.rate");
		sla[i] = cJSON_IsNumber(v) ? v->valuedouble * 100 : 0;
		cJSON_Delete(o);
	}
	printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" "
	    "height=\"%d\" viewBox=\"0 0 960 %d\" font-family=\"sans-serif\">\n"
	    "<style>.title{font-size:15px;font-weight:bold;fill:#222}"
	    ".label{font-size:10px;fill:#555}</style>\n"
	    "<rect width=\"960\" height=\"%d\" fill=\"#ffffff\"/>\n"
	    "<text x=\"20\" y=\"30\" font-size=\"20\" fill=\"#111\">"
	    "tw-metrics: care report</text>\n", m->o.sla ? 760 : 520,
	    m->o.sla ? 760 : 520, m->o.sla ? 760 : 520);
	svg_bars(20, 70, 440, 200, "First response time (conversations)",
	    "frt", hist, bins, 9, "");
	svg_bars(500, 70, 440, 200, "Inbound messages by hour (UTC)", "vol",
	    vol, hours, 24, "");
	svg_bars(20, 310, 920, 200, "FRT median by group (minutes)", "med",
	    med, keys, ng, " min");
	if (m->o.sla)
		svg_bars(20, 550, 920, 200, "SLA compliance by group (%)", "sla",
		    sla, keys, ng, "%");
	printf("</svg>\n");
	free(med);
	free(sla);
	free(keys);
}

void
tw_metrics_report(struct tw_metrics *m, int table)
{
	char med[48], p90[48], sla[32], csat[32], nps[32];
	const cJSON *x;
	cJSON *o;
	size_t i;

	replay(m);
	qsort(m->g, m->ng, sizeof *m->g, by_key);
	if (table == 2) {
		svg_report(m);
		return;
	}
	if (table)
		printf("%-16s %6s %6s %6s %9s %9s %6s %6s %6s\n", "group", "conv",
		    "in", "resp%", "FRT med", "FRT p90", "SLA%", "CSAT", "NPS");
	for (i = 0; i < m->ng; i++) {
		o = group_json(m, m->g[i]);
		if (!table) {
			tw_emit(o);
			cJSON_Delete(o);
			continue;
		}
		dur(med, sizeof med, tw_json_path(o, "frt.median_s"));
		dur(p90, sizeof p90, tw_json_path(o, "frt.p90_s"));
		x = tw_json_path(o, "sla.rate");
		snprintf(sla, sizeof sla, x ? "%.0f" : "-", x ? x->valuedouble * 100 : 0);
		x = tw_json_path(o, "csat.score");
		snprintf(csat, sizeof csat, x ? "%.0f%%" : "-", x ? x->valuedouble * 100 : 0);
		x = tw_json_path(o, "nps.score");
		snprintf(nps, sizeof nps, x ? "%+.0f" : "-", x ? x->valuedouble : 0);
		printf("%-16.16s %6.0f %6.0f %6.0f %9s %9s %6s %6s %6s\n",
		    m->g[i]->key, tw_json_path(o, "conversations")->valuedouble,
		    tw_json_path(o, "inbound")->valuedouble,
		    tw_json_path(o, "response_rate")->valuedouble * 100,
		    med, p90, sla, csat, nps);
		cJSON_Delete(o);
	}
}

void
tw_metrics_free(struct tw_metrics *m)
{
	struct conv *c, *n;
	size_t i;

	for (i = 0; i < m->nev; i++) {
		free(m->ev[i].acct);
		free(m->ev[i].cust);
		free(m->ev[i].agent);
		free(m->ev[i].queue);
	}
	free(m->ev);
	for (i = 0; i < m->tabn; i++)
		for (c = m->tab[i]; c; c = n) {
			n = c->next;
			free(c->key);
			free(c);
		}
	free(m->tab);
	for (i = 0; i < m->ng; i++) {
		free(m->g[i]->key);
		free(m->g[i]->frt.v);
		free(m->g[i]->frtb.v);
		free(m->g[i]->reply.v);
		free(m->g[i]->aht.v);
		free(m->g[i]->ttr.v);
		free(m->g[i]);
	}
	free(m->g);
	tw_kvs_free(&m->seen);
	free(m);
}
