/* show.c - rendering records for a person (show.h, tw-show(1)) */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "show.h"
#include "text.h"
#include "timefmt.h"

static int
width_from(const char *v)
{
	char *end;
	long w;

	if (!v || !*v)
		return 0;
	w = strtol(v, &end, 10);
	return *end || w < 20 || w > 1000 ? -1 : (int)w;
}

int
tw_show_setup(struct tw_show *s, const char *arg)
{
	struct winsize ws;
	const char *nc;
	int w, rv = 0;

	if ((w = width_from(arg)) < 0)
		rv = -1;
	if (w <= 0)
		w = width_from(getenv("COLUMNS"));
	/* the terminal's: stdout's, else stderr's (tw-show | less -R) */
	if (w <= 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 20)
		w = ws.ws_col;
	if (w <= 0 && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 20)
		w = ws.ws_col;
	s->width = w > 0 ? w : 80;
	s->color = isatty(STDOUT_FILENO) && !((nc = getenv("NO_COLOR")) &&
	    *nc) && !((nc = getenv("TERM")) && !strcmp(nc, "dumb"));
	if (tw_clock(&s->now) < 0 && !rv)
		rv = -2;
	return rv;
}

void
tw_show_color(tw_buf *out, const struct tw_show *s, const char *sgr)
{
	if (s->color)
		tw_buf_adds(out, sgr);
}

char *
tw_show_age(time_t now, time_t t, char *buf, size_t n)
{
	long d = now > t ? (long)(now - t) : 0;

	if (d < 60)
		snprintf(buf, n, "%lds", d);
	else if (d < 3600)
		snprintf(buf, n, "%ldm", d / 60);
	else if (d < 48 * 3600)
		snprintf(buf, n, "%ldh", d / 3600);
	else if (d < 14 * 86400)
		snprintf(buf, n, "%ldd", d / 86400);
	else
		snprintf(buf, n, "%ldw", d / (7 * 86400));
	return buf;
}

char *
tw_show_count(double v, char *buf, size_t n)
{
	if (v < 1000)
		snprintf(buf, n, "%.0f", v);
	else if (v < 10000)
		snprintf(buf, n, "%.1fk", floor(v / 100) / 10);
	else if (v < 1e6)
		snprintf(buf, n, "%.0fk", floor(v / 1000));
	else
		snprintf(buf, n, "%.1fM", floor(v / 1e5) / 10);
	return buf;
}

char *
tw_show_flat(const char *s)
{
	char *o = xmalloc(strlen(s) + 1), *p = o;
	int sp = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			sp = p > o;
			continue;
		}
		if (sp)
			*p++ = ' ';
		sp = 0;
		*p++ = *s;
	}
	*p = '\0';
	return o;
}

const char *
tw_show_skip_mentions(const char *s)
{
	const char *p = s;

	while (*p == '@') {
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return *p ? p : s;
}

/* Append s cut to cols columns ("…" when cut) and padded to cols. */
static int
cell(tw_buf *out, const char *s, int cols, int padto)
{
	size_t len = strlen(s), n;
	int w = tw_text_width(s, len);

	if (w > cols) {
		n = tw_text_cut(s, len, cols - 1);
		tw_buf_add(out, s, n);
		tw_buf_adds(out, "\xe2\x80\xa6");
		w = tw_text_width(s, n) + 1;
	} else
		tw_buf_add(out, s, len);
	for (; padto && w < cols; w++)
		tw_buf_addc(out, ' ');
	return w;
}

static const char *
author_name(const cJSON *rec)
{
	const char *u = tw_json_str(tw_json_path(rec, "author"), "username");

	return u ? u : "?";
}

static int
priority(const cJSON *rec)
{
	const cJSON *p = tw_json_path(rec, "triage.priority");

	return cJSON_IsNumber(p) ? p->valueint : -1;
}

static const char *
mark(const cJSON *rec, const char **col)
{
	const char *l = tw_json_str(tw_json_path(rec, "triage.sentiment"),
	    "label");

	*col = NULL;
	if (!l)
		return " ";
	if (!strcmp(l, "negative")) {
		*col = TW_SGR_RED;
		return "-";
	}
	if (!strcmp(l, "positive")) {
		*col = TW_SGR_GREEN;
		return "+";
	}
	return "~";
}

time_t
tw_show_time(const cJSON *rec)
{
	const char *c = tw_json_str(rec, "created_at");
	time_t t = 0;

	if (!c)
		c = tw_json_str(rec, "time");

	if (c)
		tw_time_parse_rfc3339(c, &t);
	return t;
}

static void
prio_cell(tw_buf *out, const cJSON *rec, const struct tw_show *s)
{
	int p = priority(rec);

	if (p < 0) {
		tw_buf_adds(out, "  -");
		return;
	}
	if (p >= 70)
		tw_show_color(out, s, TW_SGR_BOLD TW_SGR_RED);
	else if (p >= 40)
		tw_show_color(out, s, TW_SGR_YELLOW);
	tw_buf_printf(out, "%3d", p);
	if (p >= 40)
		tw_show_color(out, s, TW_SGR_RESET);
}

/* Followers in at most 4 columns, never cut: 950, 9.9k, 21k, 150k, 1.2M,
 * 12M, 1.2B. */
static char *
followers(double v, char *buf, size_t n)
{
	if (v < 1e7)
		return tw_show_count(v, buf, n);
	if (v < 1e9)
		snprintf(buf, n, "%.0fM", floor(v / 1e6));
	else if (v < 1e10)
		snprintf(buf, n, "%.1fB", floor(v / 1e8) / 10);
	else
		snprintf(buf, n, "%.0fB", fmin(floor(v / 1e9), 999));
	return buf;
}

/* The one-line view's columns at a width: the author and the queue
 * grow with it; under 64 columns the queue goes, under 48 the
 * followers too, so the text keeps some room. */
struct cols {
	int aw, qw;             /* 0: the column is left out */
	int fw;
	int text;               /* what is left for the text */
};

static struct cols
line_cols(int width)
{
	struct cols c;

	c.aw = width / 6 > 20 ? 20 : width / 6 < 8 ? 8 : width / 6;
	c.qw = width < 64 ? 0 : width / 8 > 12 ? 12 : width / 8;
	c.fw = width < 48 ? 0 : 4;
	/* PRI AGE ID [FOLL] AUTHOR M [QUEUE] TEXT */
	c.text = width - (3 + 1 + 4 + 1 + TW_SHORT_ID + 1 +
	    (c.fw ? c.fw + 1 : 0) + c.aw + 1 + 1 + 1 + (c.qw ? c.qw + 1 : 0));
	return c;
}

/* The end of a post or DM id, to name it to tw-reply and tw-case:
 * "2123265004139446312" is "446312". */
static const char *
short_id(const cJSON *rec)
{
	const char *id = tw_json_str(rec, "id");
	size_t n;

	if (!id)
		return "";
	n = strlen(id);
	return n > TW_SHORT_ID ? id + n - TW_SHORT_ID : id;
}

/* A message filed in a case: "case 22" as its queue, and the case's
 * state and owner before the text. */
static const cJSON *
line_case(const cJSON *rec, tw_buf *queue, tw_buf *pre)
{
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(rec, "case");
	const char *id = tw_json_str(cs, "id"), *st, *ow;

	if (!cJSON_IsObject(cs) || !id)
		return NULL;
	tw_buf_printf(queue, "case %s", id);
	st = tw_json_str(cs, "state");
	ow = tw_json_str(cs, "owner");
	tw_buf_printf(pre, "[%s, %s] ", st ? st : "?", ow ? ow : "unclaimed");
	return cs;
}

void
tw_show_line_header(tw_buf *out, const struct tw_show *s)
{
	struct cols c = line_cols(s->width);

	tw_show_color(out, s, TW_SGR_BOLD);
	tw_buf_printf(out, "PRI  AGE %-*s ", TW_SHORT_ID, "ID");
	if (c.fw)
		tw_buf_printf(out, "%*s ", c.fw, "FOLL");
	tw_buf_printf(out, "%-*s S ", c.aw, "AUTHOR");
	if (c.qw)
		tw_buf_printf(out, "%-*s ", c.qw, "QUEUE");
	tw_buf_adds(out, "TEXT");
	tw_show_color(out, s, TW_SGR_RESET);
	tw_buf_addc(out, '\n');
}

/* PRI AGE ID FOLL @author M queue text */
void
tw_show_line(tw_buf *out, const cJSON *rec, const struct tw_show *s)
{
	char age[16], cnt[16], *text;
	const char *q, *m, *mc, *t;
	const cJSON *fo;
	tw_buf who = { 0 }, cq = { 0 }, pre = { 0 };
	struct cols c = line_cols(s->width);
	cJSON *as;

	if ((as = tw_show_case_as_line(rec, s))) {
		tw_show_line(out, as, s);
		cJSON_Delete(as);
		return;
	}
	prio_cell(out, rec, s);
	tw_buf_printf(out, " %4s %-*s ", tw_show_time(rec) ?
	    tw_show_age(s->now, tw_show_time(rec), age, sizeof age) : "",
	    TW_SHORT_ID, short_id(rec));
	fo = tw_json_path(rec, "author.followers");
	if (c.fw)
		tw_buf_printf(out, "%*s ", c.fw, cJSON_IsNumber(fo) ?
		    followers(fo->valuedouble, cnt, sizeof cnt) : "");
	tw_buf_printf(&who, "@%s", author_name(rec));
	tw_show_color(out, s, TW_SGR_CYAN);
	cell(out, who.s, c.aw, 1);
	tw_show_color(out, s, TW_SGR_RESET);
	m = mark(rec, &mc);
	tw_buf_addc(out, ' ');
	if (mc)
		tw_show_color(out, s, mc);
	tw_buf_adds(out, m);
	if (mc)
		tw_show_color(out, s, TW_SGR_RESET);
	tw_buf_addc(out, ' ');
	if (line_case(rec, &cq, &pre))
		q = cq.s;
	else if (!(q = tw_json_str(tw_json_path(rec, "triage"), "noise")) &&
	    !(q = tw_json_str(tw_json_path(rec, "triage"), "queue")))
		q = tw_json_str(rec, "type");
	if (c.qw) {
		tw_show_color(out, s, TW_SGR_DIM);
		cell(out, q ? q : "", c.qw, 1);
		tw_show_color(out, s, TW_SGR_RESET);
		tw_buf_addc(out, ' ');
	}
	t = tw_json_str(rec, "text");
	if (!t && q && !strcmp(q, "compliance"))    /* tw-fetch compliance */
		tw_buf_printf(&pre, "%s %s: %s (%s)", tw_json_str(rec, "kind") ?
		    tw_json_str(rec, "kind") : "?", tw_json_str(rec, "id") ?
		    tw_json_str(rec, "id") : "?", tw_json_str(rec, "action") ?
		    tw_json_str(rec, "action") : "?", tw_json_str(rec,
		    "reason") ? tw_json_str(rec, "reason") : "");
	tw_buf_adds(&pre, tw_show_skip_mentions(t ? t : ""));
	text = tw_show_flat(pre.s);
	if (c.text > 1)
		cell(out, text, c.text, 0);
	free(text);
	tw_buf_free(&who);
	tw_buf_free(&cq);
	tw_buf_free(&pre);
	/* no trailing blanks */
	while (out->len && out->s[out->len - 1] == ' ')
		out->s[--out->len] = '\0';
	tw_buf_addc(out, '\n');
}

/* The answers tw-suggest put on the record: id, title, score and why,
 * then the text, wrapped; the variables it could not fill named. */
static void
long_suggest(tw_buf *out, const cJSON *rec, const struct tw_show *s)
{
	const cJSON *a, *sc, *m;
	const char *x;
	char *text;
	int i = 0;

	cJSON_ArrayForEach(a, tw_json_path(rec, "suggest")) {
		if (!i++)
			tw_buf_adds(out, "    suggested answers:\n");
		sc = tw_json_path(a, "score");
		tw_buf_printf(out, "    %d. ", i);
		tw_show_color(out, s, TW_SGR_BOLD);
		tw_buf_adds(out, (x = tw_json_str(a, "id")) ? x : "?");
		tw_show_color(out, s, TW_SGR_RESET);
		tw_buf_printf(out, "  %s", (x = tw_json_str(a, "title")) ? x :
		    "");
		tw_show_color(out, s, TW_SGR_DIM);
		if (cJSON_IsNumber(sc))
			tw_buf_printf(out, "  (%.2f", sc->valuedouble);
		if ((x = tw_json_str(a, "why")))
			tw_buf_printf(out, "%s%s", cJSON_IsNumber(sc) ? ": " :
			    "  (", x);
		if (cJSON_IsNumber(sc) || x)
			tw_buf_addc(out, ')');
		tw_show_color(out, s, TW_SGR_RESET);
		tw_buf_addc(out, '\n');
		x = tw_json_str(a, "text");
		text = tw_show_flat(x ? x : "");
		if (*text) {
			tw_buf_adds(out, "       ");
			tw_show_wrap(out, text, s->width - 7, 7, s->width);
		}
		free(text);
		if (cJSON_GetArraySize(m = tw_json_path(a, "missing")) > 0) {
			tw_buf_adds(out, "       unfilled:");
			cJSON_ArrayForEach(m, tw_json_path(a, "missing"))
				if (cJSON_IsString(m))
					tw_buf_printf(out, " {%s}", m->valuestring);
			tw_buf_addc(out, '\n');
		}
	}
}

void
tw_show_long(tw_buf *out, const cJSON *rec, const struct tw_show *s)
{
	const cJSON *tr = tw_json_path(rec, "triage"), *w, *u, *sv;
	const char *type = tw_json_str(rec, "type"), *x, *mc;
	char age[16], cnt[16], *text;
	tw_buf b = { 0 };

	if (tw_show_is_case(rec) || tw_show_is_event(rec)) {
		if (tw_show_is_case(rec))
			tw_show_case_head(out, tw_json_path(rec, "case"),
			    tw_json_path(rec, "profile"), NULL, s);
		else
			tw_show_case_item(out, rec, s);
		tw_buf_addc(out, '\n');
		return;
	}
	prio_cell(out, rec, s);
	tw_buf_adds(out, "  ");
	tw_show_color(out, s, TW_SGR_CYAN);
	tw_buf_printf(out, "@%s", author_name(rec));
	tw_show_color(out, s, TW_SGR_RESET);
	sv = tw_json_path(rec, "author.followers");
	tw_buf_printf(out, " (%s follower%s%s)",
	    tw_show_count(cJSON_IsNumber(sv) ? sv->valuedouble : 0, cnt,
	    sizeof cnt),
	    cJSON_IsNumber(sv) && sv->valuedouble == 1 ? "" : "s",
	    cJSON_IsTrue(tw_json_path(rec, "author.verified")) ?
	    ", verified" : "");
	tw_buf_printf(out, "  %s %s", type ? type : "record",
	    (x = tw_json_str(rec, "id")) ? x : "?");
	if (tw_show_time(rec))
		tw_buf_printf(out, "  %s ago", tw_show_age(s->now, tw_show_time(rec),
		    age, sizeof age));
	tw_buf_addc(out, '\n');
	x = tw_json_str(rec, "text");
	text = tw_show_flat(x ? x : "");
	if (*text) {
		tw_buf_adds(out, "    ");
		tw_show_wrap(out, text, s->width - 4, 4, s->width);
	}
	free(text);
	if (tr) {
		tw_buf_adds(out, "    ");
		if ((x = tw_json_str(tr, "noise")))
			tw_buf_printf(out, "noise %s  ", x);
		if ((x = tw_json_str(tr, "queue")))
			tw_buf_printf(out, "queue %s  ", x);
		if ((x = tw_json_str(tr, "intent")))
			tw_buf_printf(out, "intent %s  ", x);
		sv = tw_json_path(tr, "sentiment.score");
		mark(rec, &mc);
		if (cJSON_IsNumber(sv)) {
			tw_buf_adds(out, "sentiment ");
			if (mc)
				tw_show_color(out, s, mc);
			/* -0.003 is 0.00, not -0.00 */
			tw_buf_printf(out, "%.2f", fabs(sv->valuedouble) < 0.005 ?
			    0.0 : sv->valuedouble);
			if (mc)
				tw_show_color(out, s, TW_SGR_RESET);
			tw_buf_adds(out, "  ");
		}
		if ((x = tw_json_str(tr, "tier")))
			tw_buf_printf(out, "tier %s  ", x);
		if (cJSON_IsTrue(tw_json_path(tr, "vip")))
			tw_buf_adds(out, "vip  ");
		cJSON_ArrayForEach(u, tw_json_path(tr, "urgent")) {
			if (cJSON_IsString(u)) {
				tw_show_color(out, s, TW_SGR_BOLD TW_SGR_RED);
				tw_buf_printf(out, "URGENT %s  ", u->valuestring);
				tw_show_color(out, s, TW_SGR_RESET);
			}
		}
		while (out->len && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		tw_buf_addc(out, '\n');
		cJSON_ArrayForEach(w, tw_json_path(tr, "why")) {
			const cJSON *pt = tw_json_path(w, "points");
			tw_buf_reset(&b);
			tw_buf_adds(&b, (x = tw_json_str(w, "term")) ? x : "?");
			if ((x = tw_json_str(w, "detail")))
				tw_buf_printf(&b, " (%s)", x);
			tw_buf_printf(out, "    %+4d  %s\n", cJSON_IsNumber(pt) ?
			    pt->valueint : 0, b.s);
		}
	}
	long_suggest(out, rec, s);
	tw_buf_free(&b);
	tw_buf_addc(out, '\n');
}

/* --- thread view --- */

struct item {
	time_t t;
	unsigned long seq;
	char *line;             /* the record, compact */
};

struct group {
	char *key, *name;       /* customer id or name, or case number;
	                           @name to show */
	int is_case;            /* a case: records that carry "case" */
	char *head;             /* its "case" header record, compact */
	char *cs;               /* else the latest "case" object seen */
	struct item *it;
	size_t n, cap;
	int prio;
	time_t first;
};

struct tw_show_threads {
	struct group *g;
	size_t n, cap;
	unsigned long seq;
	tw_kvs names;           /* id -> username, from authors */
};

struct tw_show_threads *
tw_show_threads_new(void)
{
	return xcalloc(1, sizeof(struct tw_show_threads));
}

/* The customer of a record: its author when it comes in; the recipient
 * of a DM or the user replied to when it goes out. */
static void
customer(struct tw_show_threads *th, const cJSON *rec, const char **id,
    const char **name)
{
	const char *dir = tw_json_str(rec, "direction");
	const cJSON *o;

	o = tw_json_path(rec, "author");
	if (dir && !strcmp(dir, "out")) {
		if (!(o = tw_json_path(rec, "recipient")))
			o = tw_json_path(rec, "in_reply_to");
		*id = tw_json_str(o, "user_id");
		if (!*id)
			*id = tw_json_str(o, "id");
	} else
		*id = tw_json_str(o, "id");
	*name = tw_json_str(o, "username");
	if (!*name && *id)
		*name = tw_kvs_get(&th->names, *id);
}

/* The group of key (an id, else a name, matched without case), made
 * when there is none. */
static struct group *
group(struct tw_show_threads *th, const char *id, const char *name,
    int is_case)
{
	struct group *g;
	size_t i;

	for (i = 0; i < th->n; i++) {
		g = &th->g[i];
		if (g->is_case == is_case && ((id && !strcmp(g->key, id)) ||
		    (!id && name && !strcasecmp(g->key, name))))
			return g;
	}
	if (th->n == th->cap) {
		th->cap = th->cap ? th->cap * 2 : 16;
		th->g = xrealloc(th->g, th->cap * sizeof *th->g);
	}
	g = &th->g[th->n++];
	memset(g, 0, sizeof *g);
	g->key = xstrdup(id ? id : name ? name : "?");
	g->is_case = is_case;
	g->prio = -1;
	return g;
}

static void
item_add(struct tw_show_threads *th, struct group *g, const cJSON *rec)
{
	struct item it;

	it.t = tw_show_time(rec);
	it.seq = th->seq++;
	it.line = tw_json_line(rec);
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->it = xrealloc(g->it, g->cap * sizeof *g->it);
	}
	g->it[g->n++] = it;
	if (!g->first || (it.t && it.t < g->first))
		g->first = it.t;
}

/* A record of a case: its header kept apart, the rest its story. */
static void
case_add(struct tw_show_threads *th, const cJSON *rec, const char *cid)
{
	struct group *g = group(th, cid, NULL, 1);
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(rec, "case"), *p;
	const char *op = tw_json_str(cs, "opened");
	time_t t;

	if (tw_show_is_case(rec)) {
		free(g->head);
		g->head = tw_json_line(rec);
		if (op && tw_time_parse_rfc3339(op, &t) == 0 &&
		    (!g->first || t < g->first))
			g->first = t;
	} else
		item_add(th, g, rec);
	if (cJSON_IsObject(cs) && (tw_show_is_case(rec) || !g->head)) {
		free(g->cs);
		g->cs = tw_json_line(cs);
		if (cJSON_IsNumber(p = tw_json_path(cs, "priority")))
			g->prio = p->valueint;
	}
}

void
tw_show_threads_add(struct tw_show_threads *th, const cJSON *rec)
{
	const char *id, *name, *dir, *aid, *aname, *cid;
	struct group *g;
	int p;

	dir = tw_json_str(rec, "direction");
	aid = tw_json_str(tw_json_path(rec, "author"), "id");
	aname = tw_json_str(tw_json_path(rec, "author"), "username");
	if (aid && aname && (!dir || strcmp(dir, "out")) &&
	    !tw_kvs_get(&th->names, aid))
		tw_kvs_add(&th->names, aid, aname);
	if ((cid = tw_show_case_id(rec))) {
		case_add(th, rec, cid);
		return;
	}
	customer(th, rec, &id, &name);
	g = group(th, id, name, 0);
	if (!g->name && name)
		g->name = xstrdup(name);
	item_add(th, g, rec);
	if ((p = priority(rec)) > g->prio)
		g->prio = p;
}

static int
cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio > y->prio ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->is_case != y->is_case)
		return x->is_case ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* A customer's records: a line each, with a line where a conversation
 * starts. */
static void
render_customer(struct tw_show_threads *th, struct group *g, tw_buf *out,
    const struct tw_show *s)
{
	char tm[32], age[16], *text;
	const char *x, *dir, *type, *conv, *prevconv = NULL;
	struct tm tmv;
	size_t j;
	cJSON *rec;
	int used;

	if (!g->name)
		g->name = xstrdup(tw_kvs_get(&th->names, g->key) ?
		    tw_kvs_get(&th->names, g->key) : g->key);
	tw_show_color(out, s, TW_SGR_BOLD);
	tw_buf_printf(out, "@%s", g->name);
	tw_show_color(out, s, TW_SGR_RESET);
	tw_buf_printf(out, "  %zu item%s", g->n, g->n == 1 ? "" : "s");
	if (g->prio >= 0)
		tw_buf_printf(out, ", priority %d", g->prio);
	if (g->first)
		tw_buf_printf(out, ", since %s", tw_show_age(s->now,
		    g->first, age, sizeof age));
	tw_buf_addc(out, '\n');
	for (j = 0; j < g->n; j++) {
		if (!(rec = cJSON_Parse(g->it[j].line)))
			continue;
		type = tw_json_str(rec, "type");
		dir = tw_json_str(rec, "direction");
		conv = tw_json_str(rec, type && !strcmp(type, "dm") ?
		    "dm_conversation_id" : "conversation_id");
		if (conv && (!prevconv || strcmp(conv, prevconv))) {
			tw_show_color(out, s, TW_SGR_DIM);
			tw_buf_printf(out, "  %s %s\n", type &&
			    !strcmp(type, "dm") ? "dm" : "thread", conv);
			tw_show_color(out, s, TW_SGR_RESET);
		}
		free((char *)(uintptr_t)prevconv);
		prevconv = conv ? xstrdup(conv) : NULL;
		gmtime_r(&g->it[j].t, &tmv);
		strftime(tm, sizeof tm, "%m-%d %H:%M", &tmv);
		tw_buf_printf(out, "  %s %s %s ", tm,
		    type && !strcmp(type, "dm") ? "dm" : "tw",
		    dir && !strcmp(dir, "out") ? "->" : "<-");
		used = 2 + 11 + 1 + 2 + 1 + 2 + 1;
		if (dir && !strcmp(dir, "out")) {
			x = tw_json_str(rec, "agent");
			if (!x)
				x = author_name(rec);
			tw_show_color(out, s, TW_SGR_DIM);
			tw_buf_printf(out, "[%s] ", x);
			tw_show_color(out, s, TW_SGR_RESET);
			used += tw_text_width(x, strlen(x)) + 3;
		}
		x = tw_json_str(rec, "text");
		text = tw_show_flat(tw_show_skip_mentions(x ? x : ""));
		if (s->width - used > 1)
			cell(out, text, s->width - used, 0);
		free(text);
		tw_buf_addc(out, '\n');
		cJSON_Delete(rec);
	}
	free((char *)(uintptr_t)prevconv);
}

/* A case: its header and customer, then its messages and events. */
static void
render_case(struct group *g, tw_buf *out, const struct tw_show *s)
{
	cJSON *head = g->head ? cJSON_Parse(g->head) : NULL, *cs, *msg = NULL;
	cJSON **recs = xcalloc(g->n + 1, sizeof *recs);
	const char *dir;
	size_t j;

	cs = g->cs ? cJSON_Parse(g->cs) : NULL;
	if (!cs) {
		cs = cJSON_CreateObject();
		cJSON_AddStringToObject(cs, "id", g->key);
	}
	for (j = 0; j < g->n; j++) {
		recs[j] = cJSON_Parse(g->it[j].line);
		dir = tw_json_str(recs[j], "direction");
		if (recs[j] && !tw_show_is_event(recs[j]) &&
		    tw_json_path(recs[j], "author") && (!dir || strcmp(dir, "out")))
			msg = recs[j];
	}
	tw_show_case_head(out, cs, tw_json_path(head, "profile"), msg, s);
	for (j = 0; j < g->n; j++) {
		if (recs[j])
			tw_show_case_item(out, recs[j], s);
		cJSON_Delete(recs[j]);
	}
	free(recs);
	cJSON_Delete(cs);
	cJSON_Delete(head);
}

void
tw_show_threads_render(struct tw_show_threads *th, tw_buf *out,
    const struct tw_show *s)
{
	size_t i;

	/* (qsort may not be given NULL, even for nothing: a case's
	 * header alone has no items) */
	if (th->n > 1)
		qsort(th->g, th->n, sizeof *th->g, cmp_group);
	for (i = 0; i < th->n; i++) {
		if (th->g[i].n > 1)
			qsort(th->g[i].it, th->g[i].n, sizeof *th->g[i].it,
			    cmp_item);
		if (i)
			tw_buf_addc(out, '\n');
		if (th->g[i].is_case)
			render_case(&th->g[i], out, s);
		else
			render_customer(th, &th->g[i], out, s);
	}
}

void
tw_show_threads_free(struct tw_show_threads *th)
{
	size_t i, j;

	if (!th)
		return;
	for (i = 0; i < th->n; i++) {
		for (j = 0; j < th->g[i].n; j++)
			free(th->g[i].it[j].line);
		free(th->g[i].it);
		free(th->g[i].key);
		free(th->g[i].name);
		free(th->g[i].head);
		free(th->g[i].cs);
	}
	free(th->g);
	tw_kvs_free(&th->names);
	free(th);
}

/* --- CSV and TSV --- */

static void
value(tw_buf *out, const char *v, int sep)
{
	const char *p;

	if (sep == '\t') {
		for (p = v; *p; p++)
			tw_buf_addc(out, *p == '\t' || *p == '\n' ||
			    *p == '\r' ? ' ' : *p);
		return;
	}
	if (!strpbrk(v, ",\"\r\n")) {
		tw_buf_adds(out, v);
		return;
	}
	tw_buf_addc(out, '"');
	for (p = v; *p; p++) {
		if (*p == '"')
			tw_buf_addc(out, '"');
		tw_buf_addc(out, *p);
	}
	tw_buf_addc(out, '"');
}

void
tw_show_row_header(tw_buf *out, char *const *fields, int sep)
{
	size_t i;

	for (i = 0; fields[i]; i++) {
		if (i)
			tw_buf_addc(out, (char)sep);
		value(out, fields[i], sep);
	}
	tw_buf_addc(out, '\n');
}

void
tw_show_row(tw_buf *out, const cJSON *rec, char *const *fields, int sep)
{
	const cJSON *v;
	char num[64], *j;
	size_t i;

	for (i = 0; fields[i]; i++) {
		if (i)
			tw_buf_addc(out, (char)sep);
		v = tw_json_path(rec, fields[i]);
		if (!v || cJSON_IsNull(v))
			continue;
		if (cJSON_IsString(v))
			value(out, v->valuestring, sep);
		else if (cJSON_IsNumber(v)) {
			if (v->valuedouble == floor(v->valuedouble) &&
			    fabs(v->valuedouble) < 1e15)
				snprintf(num, sizeof num, "%.0f", v->valuedouble);
			else
				snprintf(num, sizeof num, "%g", v->valuedouble);
			tw_buf_adds(out, num);
		} else if (cJSON_IsBool(v))
			tw_buf_adds(out, cJSON_IsTrue(v) ? "true" : "false");
		else {
			j = tw_json_line(v);
			value(out, j, sep);
			free(j);
		}
	}
	tw_buf_addc(out, '\n');
}
