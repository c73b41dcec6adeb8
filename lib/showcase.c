/* showcase.c - cases for a person (show.h, tw-show(1)): a case's header
 * and its customer's profile, events as sentences, and the story's
 * messages and events wrapped to the width. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "show.h"
#include "text.h"
#include "timefmt.h"

#define DASH "\xe2\x80\x94"     /* — */
#define ARROW "\xe2\x86\x92"    /* → */
#define ELLIPSIS "\xe2\x80\xa6" /* … */
#define INDENT 6                /* a message's text, an event's next lines */

int
tw_show_is_case(const cJSON *rec)
{
	const char *t = tw_json_str(rec, "type");

	return t && !strcmp(t, "case");
}

int
tw_show_is_event(const cJSON *rec)
{
	const char *t = tw_json_str(rec, "type");

	/* a log line's "type" is the kind of its message */
	return (t && !strcmp(t, "event")) || (tw_json_str(rec, "event") &&
	    !tw_json_str(rec, "created_at"));
}

const char *
tw_show_case_id(const cJSON *rec)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(rec, "case");

	if (cJSON_IsString(c))
		return c->valuestring;
	return tw_json_str(c, "id");
}

char *
tw_show_span(long d, char *buf, size_t n)
{
	if (d < 0)
		d = -d;
	if (d < 60)
		snprintf(buf, n, "%lds", d);
	else if (d < 3600)
		snprintf(buf, n, "%ldm", d / 60);
	else if (d < 48 * 3600 && d % 3600 / 60)
		snprintf(buf, n, "%ldh%ldm", d / 3600, d % 3600 / 60);
	else if (d < 48 * 3600)
		snprintf(buf, n, "%ldh", d / 3600);
	else if (d % 86400 / 3600)
		snprintf(buf, n, "%ldd%ldh", d / 86400, d % 86400 / 3600);
	else
		snprintf(buf, n, "%ldd", d / 86400);
	return buf;
}

/* "11-20 12:00" */
static char *
stamp(time_t t, char *buf, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%m-%d %H:%M", &tm);
	return buf;
}

static time_t
when(const cJSON *o, const char *key)
{
	const char *v = tw_json_str(o, key);
	time_t t = 0;

	if (v)
		tw_time_parse_rfc3339(v, &t);
	return t;
}

/* " by alice", or nothing without an agent */
static void
by(tw_buf *out, const char *agent)
{
	if (agent)
		tw_buf_printf(out, " by %s", agent);
}

/* "+a +b -c" of a tag event */
static void
tags(tw_buf *out, const cJSON *ev)
{
	const cJSON *t;
	int n = 0;

	cJSON_ArrayForEach(t, tw_json_path(ev, "add"))
		if (cJSON_IsString(t))
			tw_buf_printf(out, "%s+%s", n++ ? " " : "", t->valuestring);
	cJSON_ArrayForEach(t, tw_json_path(ev, "remove"))
		if (cJSON_IsString(t))
			tw_buf_printf(out, "%s-%s", n++ ? " " : "", t->valuestring);
}

void
tw_show_event_text(tw_buf *out, const cJSON *ev)
{
	const char *e = tw_json_str(ev, "event"), *a = tw_json_str(ev, "agent");
	const char *prev = tw_json_str(ev, "previous"), *x;
	const char *why = tw_json_str(ev, "reason");
	const cJSON *p;

	if (!e)
		e = "event";
	if (!strcmp(e, "open")) {
		tw_buf_adds(out, "opened");
		if ((x = tw_json_str(ev, "queue")))
			tw_buf_printf(out, " in %s", x);
		if (cJSON_IsNumber(p = tw_json_path(ev, "priority")))
			tw_buf_printf(out, ", priority %d", p->valueint);
	} else if (!strcmp(e, "claim")) {
		tw_buf_printf(out, "%s claimed", a ? a : "someone");
		if (prev)
			tw_buf_printf(out, " from %s", prev);
	} else if (!strcmp(e, "release")) {
		tw_buf_printf(out, "%s released", a ? a : "someone");
		if (prev && (!a || strcmp(a, prev)))
			tw_buf_printf(out, " %s's claim", prev);
	} else if (!strcmp(e, "assign")) {
		tw_buf_printf(out, "assigned to %s", (x = tw_json_str(ev,
		    "owner")) ? x : "?");
		by(out, a);
		if (prev)
			tw_buf_printf(out, " (was %s)", prev);
	} else if (!strcmp(e, "note")) {
		tw_buf_adds(out, "note");
		by(out, a);
		tw_buf_printf(out, ": %s", (x = tw_json_str(ev, "text")) ? x : "");
	} else if (!strcmp(e, "tag")) {
		tw_buf_adds(out, "tagged ");
		tags(out, ev);
		by(out, a);
	} else if (!strcmp(e, "pending")) {
		tw_buf_adds(out, "marked pending");
		by(out, a);
	} else if (!strcmp(e, "resolve")) {
		tw_buf_adds(out, "resolved");
		by(out, a);
	} else if (!strcmp(e, "reopen")) {
		tw_buf_adds(out, "reopened");
		by(out, a);
	} else if (!strcmp(e, "escalate")) {
		tw_buf_adds(out, "escalated ");
		if ((x = tw_json_str(ev, "from")))
			tw_buf_printf(out, "%s " ARROW " ", x);
		tw_buf_adds(out, (x = tw_json_str(ev, "queue")) ? x : "?");
		by(out, a);
		if (why)
			tw_buf_printf(out, " (%s)", why);
		return;
	} else {
		tw_buf_adds(out, e);
		if ((x = tw_json_str(ev, "type")) && strcmp(x, "event"))
			tw_buf_printf(out, " %s", x);
		if ((x = tw_json_str(ev, "id")))
			tw_buf_printf(out, " %s", x);
		by(out, a);
	}
	if (why)
		tw_buf_printf(out, ": %s", why);
}

/* Words flowed onto lines of at most width columns, two spaces apart;
 * the lines after the first indented. */
struct flow {
	tw_buf *out;
	const struct tw_show *s;
	int col, indent;
	const char *sep;        /* between words: two spaces, or ", " */
	int words;              /* on this line: a separator before the next
	                           (col alone cannot tell when the first word
	                           is as wide as the indent: "@a") */
};

static void
flow(struct flow *f, const char *sgr, const char *fmt, ...) TW_PRINTF(3, 4);

static void
flow(struct flow *f, const char *sgr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	size_t len, n;
	int w, room;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	len = strlen(buf);
	w = tw_text_width(buf, len);
	if (f->words && f->col + 2 + w > f->s->width) {
		tw_buf_printf(f->out, "\n%*s", f->indent, "");
		f->col = f->indent;
	} else if (f->words) {
		tw_buf_adds(f->out, f->sep ? f->sep : "  ");
		f->col += 2;
	}
	room = f->s->width - f->col;
	if (sgr)
		tw_show_color(f->out, f->s, sgr);
	if (w > room) {
		n = tw_text_cut(buf, len, room - 1);
		tw_buf_add(f->out, buf, n);
		tw_buf_adds(f->out, ELLIPSIS);
		w = tw_text_width(buf, n) + 1;
	} else
		tw_buf_add(f->out, buf, len);
	if (sgr)
		tw_show_color(f->out, f->s, TW_SGR_RESET);
	f->col += w;
	f->words++;
}

/* Whether a line may break before p: a wide character (CJK writes no
 * spaces) that may start a line (not closing punctuation). */
static int
cjk_break(const char *p, size_t len)
{
	static const char *const nostart[] = { "\xe3\x80\x81" /* 、 */,
	    "\xe3\x80\x82" /* 。 */, "\xef\xbc\x8c" /* ， */,
	    "\xef\xbc\x8e" /* ． */, "\xef\xbc\x81" /* ！ */,
	    "\xef\xbc\x9f" /* ？ */, "\xef\xbc\x89" /* ） */,
	    "\xe3\x80\x8d" /* 」 */, "\xe3\x80\x8f" /* 』 */,
	    "\xe3\x83\xbc" /* ー */, "\xe3\x80\x91" /* 】 */, NULL };
	size_t i;

	/* a narrow cluster fits in one column */
	if (tw_text_cut(p, len, 1) > 0 || tw_text_cut(p, len, 2) == 0)
		return 0;
	for (i = 0; nostart[i]; i++)
		if (!strncmp(p, nostart[i], strlen(nostart[i])))
			return 0;
	return 1;
}

void
tw_show_wrap(tw_buf *out, const char *text, int first, int indent,
    int width)
{
	const char *p = text;
	int cols = first;
	size_t len, n, k;

	if (!*p)
		tw_buf_addc(out, '\n');
	while (*p) {
		if (cols < 8)
			cols = 8;
		len = strlen(p);
		n = tw_text_cut(p, len, cols);
		if (n < len && p[n] != ' ' && !cjk_break(p + n, len - n)) {
			for (k = n; k > 0 && p[k] != ' '; k--)
				;
			if (k > 0)
				n = k;
			else if (n == 0)
				n = 1;
		}
		if (p != text)
			tw_buf_printf(out, "%*s", indent, "");
		for (k = n; k > 0 && p[k - 1] == ' '; k--)
			;
		tw_buf_add(out, p, k);
		tw_buf_addc(out, '\n');
		p += n;
		while (*p == ' ')
			p++;
		cols = width - indent;
	}
}

static void
head_case(struct flow *f, const cJSON *cs)
{
	const char *st = tw_json_str(cs, "state"), *x;
	const struct tw_show *s = f->s;
	const cJSON *p, *t;
	char a[32], b[16];
	time_t due, res, op;
	tw_buf tg = { 0 };

	if (st)
		flow(f, st && !strcmp(st, "escalated") ? TW_SGR_RED : st &&
	    !strcmp(st, "resolved") ? TW_SGR_GREEN : NULL, "%s", st);
	if ((x = tw_json_str(cs, "owner")))
		flow(f, NULL, "owner %s", x);
	else if (cJSON_GetObjectItemCaseSensitive(cs, "owner"))
		flow(f, NULL, "unclaimed");
	if ((x = tw_json_str(cs, "queue")))
		flow(f, NULL, "queue %s", x);
	if (cJSON_IsNumber(p = tw_json_path(cs, "priority")))
		flow(f, NULL, "priority %d", p->valueint);
	cJSON_ArrayForEach(t, tw_json_path(cs, "tags"))
		if (cJSON_IsString(t))
			tw_buf_printf(&tg, "%s%s", tg.len ? ", " : "",
			    t->valuestring);
	if (tg.len)
		flow(f, NULL, "tags %s", tg.s);
	tw_buf_free(&tg);
	if ((res = when(cs, "resolved")) && st && !strcmp(st, "resolved"))
		flow(f, NULL, "resolved %s", stamp(res, a, sizeof a));
	else if ((due = when(cs, "due")) && due > s->now)
		flow(f, NULL, "due in %s", tw_show_span(due - s->now, b,
		    sizeof b));
	else if (due)
		flow(f, TW_SGR_BOLD TW_SGR_RED, "overdue %s",
		    tw_show_span(s->now - due, b, sizeof b));
	if ((op = when(cs, "opened")))
		flow(f, NULL, "opened %s, %s ago", stamp(op, a, sizeof a),
		    tw_show_age(s->now, op, b, sizeof b));
}

static void
head_profile(struct flow *f, const cJSON *pr, const cJSON *tr)
{
	const cJSON *p, *t;
	const char *x;
	char n[16];
	tw_buf tg = { 0 };

	flow(f, TW_SGR_CYAN, "@%s", (x = tw_json_str(pr, "username")) ? x : "?");
	if ((x = tw_json_str(pr, "name")) && *x)
		flow(f, TW_SGR_BOLD, "%s", x);
	if (cJSON_IsNumber(p = tw_json_path(pr, "followers")))
		flow(f, NULL, "%s follower%s", tw_show_count(p->valuedouble, n,
		    sizeof n), p->valuedouble == 1 ? "" : "s");
	if (cJSON_IsTrue(tw_json_path(pr, "verified")))
		flow(f, NULL, "verified");
	if ((x = tw_json_str(pr, "location")) && *x)
		flow(f, NULL, "%s", x);
	if ((x = tw_json_str(pr, "tier")) || (x = tw_json_str(tr, "tier")))
		flow(f, NULL, "tier %s", x);
	cJSON_ArrayForEach(t, tw_json_path(pr, "crm_tags"))
		if (cJSON_IsString(t))
			tw_buf_printf(&tg, "%s%s", tg.len ? ", " : "",
			    t->valuestring);
	if (tg.len)
		flow(f, NULL, "crm %s", tg.s);
	tw_buf_free(&tg);
	if ((x = tw_json_str(pr, "lang")) && *x)
		flow(f, NULL, "lang %s", x);
	if (cJSON_IsNumber(p = tw_json_path(pr, "csat")))
		flow(f, NULL, "CSAT %d/5", p->valueint);
	if (cJSON_IsTrue(tw_json_path(pr, "vip")) ||
	    cJSON_IsTrue(tw_json_path(tr, "vip")))
		flow(f, TW_SGR_BOLD TW_SGR_YELLOW, "VIP");
}

/* The profile's notes, a line each: "  note: TEXT", wrapped. */
static void
head_notes(tw_buf *out, const char *notes, const struct tw_show *s)
{
	const char *e;
	char *line, *text;

	for (; notes && *notes; notes = *e ? e + 1 : e) {
		e = strchr(notes, '\n');
		if (!e)
			e = notes + strlen(notes);
		line = xasprintf("note: %.*s", (int)(e - notes), notes);
		text = tw_show_flat(line);
		tw_buf_adds(out, "  ");
		tw_show_wrap(out, text, s->width - 2, 8, s->width);
		free(text);
		free(line);
	}
}

void
tw_show_case_head(tw_buf *out, const cJSON *cs, const cJSON *profile,
    const cJSON *msg, const struct tw_show *s)
{
	struct flow f = { out, s, 0, 2, NULL };
	const char *bio, *x;
	char *text;

	flow(&f, TW_SGR_BOLD, "case %s", (x = tw_json_str(cs, "id")) ? x : "?");
	head_case(&f, cs);
	tw_buf_addc(out, '\n');
	if (!profile && !(profile = tw_json_path(msg, "author")))
		return;
	f.col = 0;
	f.words = 0;
	head_profile(&f, profile, profile == tw_json_path(msg, "author") ?
	    tw_json_path(msg, "triage") : NULL);
	tw_buf_addc(out, '\n');
	if ((bio = tw_json_str(profile, "description")) && *bio) {
		text = tw_show_flat(bio);
		tw_buf_adds(out, "  ");
		tw_show_wrap(out, text, s->width - 2, 2, s->width);
		free(text);
	}
	head_notes(out, tw_json_str(profile, "notes"), s);
}

/* "-> alice @skyway  DM" or "<- @priya_n  public", cut to cols */
static void
who(tw_buf *out, const cJSON *rec, int cols, const struct tw_show *s)
{
	const char *dir = tw_json_str(rec, "direction"), *type, *ag, *u;
	int in = !dir || strcmp(dir, "out");
	tw_buf b = { 0 };
	size_t n;

	type = tw_json_str(rec, "type");
	ag = in ? NULL : tw_json_str(rec, "agent");
	if (!(u = tw_json_str(tw_json_path(rec, "author"), "username")) && !in)
		u = tw_json_str(tw_json_path(rec, "account"), "username");
	tw_buf_printf(&b, "%s %s%s@%s  %s", in ? "<-" : "->", ag ? ag : "",
	    ag ? " " : "", u ? u : "?", type && !strcmp(type, "dm") ? "DM" :
	    "public");
	tw_show_color(out, s, in ? TW_SGR_CYAN : TW_SGR_DIM);
	if (tw_text_width(b.s, b.len) > cols) {
		n = tw_text_cut(b.s, b.len, cols - 1);
		tw_buf_add(out, b.s, n);
		tw_buf_adds(out, ELLIPSIS);
	} else
		tw_buf_adds(out, b.s);
	tw_show_color(out, s, TW_SGR_RESET);
	tw_buf_free(&b);
}

void
tw_show_case_item(tw_buf *out, const cJSON *rec, const struct tw_show *s)
{
	char tm[32], *text;
	const char *x;
	tw_buf b = { 0 };

	tw_buf_printf(out, "  %s ", stamp(tw_show_time(rec), tm, sizeof tm));
	if (tw_show_is_event(rec)) {
		tw_show_color(out, s, TW_SGR_DIM);
		tw_buf_adds(out, DASH " ");
		tw_show_event_text(&b, rec);
		text = tw_show_flat(b.s ? b.s : "");
		tw_show_wrap(out, text, s->width - 16, INDENT, s->width);
		if (s->color) {
			out->len--;
			tw_buf_adds(out, TW_SGR_RESET "\n");
		}
		free(text);
		tw_buf_free(&b);
		return;
	}
	who(out, rec, s->width - 14, s);
	tw_buf_addc(out, '\n');
	x = tw_json_str(rec, "text");
	text = tw_show_flat(tw_show_skip_mentions(x ? x : ""));
	tw_buf_printf(out, "%*s", INDENT, "");
	tw_show_wrap(out, text, s->width - INDENT, INDENT, s->width);
	free(text);
}

/* "resolved, owner alice, queue general, tags refund, overdue 3h" */
cJSON *
tw_show_case_as_line(const cJSON *rec, const struct tw_show *s)
{
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(rec, "case"), *v;
	const cJSON *pr = tw_json_path(rec, "profile");
	struct tw_show one = *s;
	tw_buf b = { 0 };
	struct flow f = { &b, &one, 0, 0, ", " };
	cJSON *o, *a, *t;
	const char *x;

	if (!tw_show_is_case(rec) && !tw_show_is_event(rec))
		return NULL;
	o = cJSON_CreateObject();
	a = cJSON_AddObjectToObject(o, "author");
	t = cJSON_AddObjectToObject(o, "triage");
	x = tw_show_case_id(rec);
	tw_buf_printf(&b, "case %s", x ? x : "?");
	cJSON_AddStringToObject(t, "queue", b.s);
	tw_buf_reset(&b);
	if (tw_show_is_event(rec)) {
		if ((x = tw_json_str(rec, "time")))
			cJSON_AddStringToObject(o, "created_at", x);
		x = tw_json_str(rec, "customer");
		tw_buf_adds(&b, DASH " ");
		tw_show_event_text(&b, rec);
	} else {
		if ((x = tw_json_str(cs, "opened")))
			cJSON_AddStringToObject(o, "created_at", x);
		if (cJSON_IsNumber(v = tw_json_path(cs, "priority")))
			cJSON_AddNumberToObject(t, "priority", v->valuedouble);
		if (cJSON_IsNumber(v = tw_json_path(pr, "followers")))
			cJSON_AddNumberToObject(a, "followers", v->valuedouble);
		if (!(x = tw_json_str(pr, "username")))
			x = tw_json_str(tw_json_path(cs, "customer"), "username");
		one.width = 1000;
		one.color = 0;
		head_case(&f, cs);
	}
	if (x)
		cJSON_AddStringToObject(a, "username", x);
	cJSON_AddStringToObject(o, "text", b.s ? b.s : "");
	tw_buf_free(&b);
	return o;
}
