/* mreport.c - tw-metrics -f svg: the report a care manager forwards.
 *
 * Every figure is read from the objects -f ndjson prints (the total, as
 * without -g, and each group), never computed again here.  Percentages
 * are drawn on a 0-100 scale: a track is 100%, whatever the best group
 * did.  Missing data is written n/a and draws no bar.  The page paints
 * its own opaque background and every colour it uses, with a dark
 * palette for viewers that prefer one, so it reads the same in a light
 * or dark viewer, a mail client or a printout. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mreport.h"
#include "show.h"
#include "util.h"

#define W       960             /* the page's width */
#define TILE_W  176
#define TILE_H  84
#define TRACK_W 180             /* a percentage track: 0 to 100% */
#define ROW_H   24

static const char *const bin_label[TW_MREPORT_BINS] = { "<5m", "5-15m",
    "15-30m", "30m-1h", "1-2h", "2-4h", "4-8h", "8-24h", ">24h" };
static const long bin_edge[TW_MREPORT_BINS - 1] = { 300, 900, 1800, 3600,
    7200, 14400, 28800, 86400 };

int
tw_mreport_bin(long s)
{
	int k;

	for (k = 0; k < TW_MREPORT_BINS - 1 && s >= bin_edge[k]; k++)
		;
	return k;
}

void
tw_mreport_dur(char *buf, size_t n, const cJSON *v)
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

/* Text for XML: escaped, control characters (not allowed in XML 1.0)
 * as '?', and at most max characters (0: all), cut with an ellipsis. */
static void
xml_text_n(const char *t, int max)
{
	int chars = 0;

	for (; *t; t++) {
		if (((unsigned char)*t & 0xc0) != 0x80 && max && chars++ == max) {
			fputs("\xe2\x80\xa6", stdout);  /* U+2026 */
			return;
		}
		switch (*t) {
		case '<': fputs("&lt;", stdout); break;
		case '>': fputs("&gt;", stdout); break;
		case '&': fputs("&amp;", stdout); break;
		case '"': fputs("&quot;", stdout); break;
		default: putchar((unsigned char)*t < 0x20 ? '?' : *t);
		}
	}
}

static void
xml_text(const char *t)
{
	xml_text_n(t, 0);
}

/* The number at path in o, or NAN. */
static double
num(const cJSON *o, const char *path)
{
	const cJSON *v = tw_json_path(o, path);

	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* A rate as a whole percentage, or n/a when nothing was counted. */
static void
pct(char *buf, size_t n, double rate, double of)
{
	if (isnan(rate) || !(of > 0))
		snprintf(buf, n, "n/a");
	else
		snprintf(buf, n, "%.0f%%", rate * 100);
}

/* A target as it would be typed: 90s, 15m, 1h, 1h30m. */
static void
target(char *buf, size_t n, long s)
{
	if (s % 3600 == 0)
		snprintf(buf, n, "%ldh", s / 3600);
	else if (s >= 3600 && s % 60 == 0)
		snprintf(buf, n, "%ldh%02ldm", s / 3600, s % 3600 / 60);
	else if (s % 60 == 0)
		snprintf(buf, n, "%ldm", s / 60);
	else
		snprintf(buf, n, "%lds", s);
}

static void
utc(char *buf, size_t n, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

/* ": account 100" or ": accounts 100, 200 and more", or nothing. */
static void
accounts(const struct tw_mreport *r)
{
	size_t i;

	if (!r->naccounts)
		return;
	printf(": account%s ", r->naccounts > 1 ? "s" : "");
	for (i = 0; i < r->naccounts; i++) {
		printf("%s", i ? ", " : "");
		xml_text(r->accounts[i]);
	}
	if (r->more_accounts)
		printf(" and more");
}

/* The page, its palettes and the title. */
static void
header(const struct tw_mreport *r, int height)
{
	printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n"
	    "<title>Care report", W, height, W, height);
	accounts(r);
	printf("</title>\n<style>\n"
	    "text{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif}\n"
	    ".bg{fill:#ffffff}.fg{fill:#16191d}.muted{fill:#4a525c}"
	    ".panel{fill:#f1f3f6}.track{fill:#dfe3e8}.bar{fill:#2360c9}"
	    ".over{fill:#b3261e}.ok{fill:#1d7a3a}\n"
	    "@media (prefers-color-scheme:dark){.bg{fill:#121417}"
	    ".fg{fill:#eef1f4}.muted{fill:#aab2bc}.panel{fill:#1f242b}"
	    ".track{fill:#343b45}.bar{fill:#6ea2ff}.over{fill:#ff8a80}"
	    ".ok{fill:#6fd38f}}\n"
	    ".h1{font-size:22px;font-weight:bold}"
	    ".h2{font-size:15px;font-weight:bold}"
	    ".big{font-size:24px;font-weight:bold}.small{font-size:11px}"
	    ".tick{font-size:10px}"
	    ".cell{font-size:12px}\n</style>\n"
	    "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" "
	    "fill=\"#ffffff\"/>\n<text x=\"20\" y=\"34\" class=\"h1 fg\">"
	    "Care report", W, height);
	accounts(r);
	printf("</text>\n");
}

/* Under the title: the period covered and the SLA target. */
static void
period(const struct tw_mreport *r)
{
	char a[32], b[32];
	double t = num(r->total, "sla.target_s");
	const cJSON *how = tw_json_path(r->total, "sla.time");

	printf("<text x=\"20\" y=\"58\" class=\"cell muted\" id=\"period\">");
	if (r->first) {
		utc(a, sizeof a, r->first);
		utc(b, sizeof b, r->last);
		printf("Period (first to last event): %s to %s UTC", a, b);
	} else
		printf("Period: n/a (no events read)");
	if (r->since) {
		utc(a, sizeof a, r->since);
		printf("; conversations begun from %s", a);
	}
	if (r->until) {
		utc(b, sizeof b, r->until);
		printf("%s before %s", r->since ? "," :
		    "; conversations begun", b);
	}
	printf("</text>\n<text x=\"20\" y=\"78\" class=\"cell fg\" id=\"target\">");
	if (isnan(t))
		printf("SLA target: none set (tw-metrics --sla)");
	else {
		target(a, sizeof a, (long)t);
		printf("SLA target: first response within %s, in %s time; "
		    "on time = at most the target", a, cJSON_IsString(how) ?
		    how->valuestring : "calendar");
	}
	printf("</text>\n");
}

/* One headline figure: what, the value (with the key and exact number
 * of -f ndjson it shows), and its n or why it is missing. */
static void
tile(int i, const char *what, const char *key, double v, const char *shown,
    const char *cls, const char *sub)
{
	int x = 20 + i % 5 * (TILE_W + 10), y = 96 + i / 5 * (TILE_H + 10);

	printf("<g class=\"tile\"><rect class=\"panel\" x=\"%d\" y=\"%d\" "
	    "width=\"%d\" height=\"%d\" rx=\"4\"/>\n<text x=\"%d\" y=\"%d\" "
	    "class=\"small muted\">%s</text>\n", x, y, TILE_W, TILE_H, x + 10,
	    y + 19, what);
	printf("<text x=\"%d\" y=\"%d\" class=\"big %s\" data-key=\"%s\"",
	    x + 10, y + 51, cls, key);
	if (!isnan(v))
		printf(" data-value=\"%.15g\"", v);
	printf(">%s</text>\n<text x=\"%d\" y=\"%d\" class=\"small muted\">%s"
	    "</text></g>\n", shown, x + 10, y + 72, sub);
}

/* Volume, response rate, unanswered. */
static void
headline_volume(const cJSON *o)
{
	char v[48], s[64];
	double conv = num(o, "conversations"), x = num(o, "response_rate");

	snprintf(v, sizeof v, "%.0f", num(o, "inbound"));
	snprintf(s, sizeof s, "in %.0f conversations", conv);
	tile(0, "Volume (inbound)", "inbound", num(o, "inbound"), v, "fg", s);
	pct(v, sizeof v, x, conv);
	snprintf(s, sizeof s, "%.0f of %.0f answered", num(o, "responded"),
	    conv);
	tile(1, "Response rate", "response_rate", conv > 0 ? x : NAN, v, "fg",
	    s);
	snprintf(v, sizeof v, "%.0f", num(o, "unanswered"));
	snprintf(s, sizeof s, "of %.0f conversations", conv);
	tile(2, "Unanswered", "unanswered", num(o, "unanswered"), v, "fg", s);
}

/* The class of a time against the target: within it, over it, or
 * neither when either is missing. */
static const char *
vs_target(double v, double t)
{
	return isnan(v) || isnan(t) ? "fg" : v <= t ? "ok" : "over";
}

/* FRT median, p90 against the target, SLA met: in business time when
 * there are business hours, as the SLA is judged. */
static void
headline_frt(const cJSON *o)
{
	int biz = tw_json_path(o, "frt_business") != NULL;
	const char *f = biz ? "frt_business" : "frt";
	char key[32], v[48], s[64], tg[32];
	double t = num(o, "sla.target_s"), p90, due, n;

	snprintf(key, sizeof key, "%s.n", f);
	n = num(o, key);
	snprintf(key, sizeof key, "%s.median_s", f);
	tw_mreport_dur(v, sizeof v, tw_json_path(o, key));
	snprintf(s, sizeof s, biz ? "n = %.0f, business time" :
	    "n = %.0f first responses", n);
	tile(3, "FRT median", key, num(o, key), n > 0 ? v : "n/a",
	    vs_target(num(o, key), t), s);
	snprintf(key, sizeof key, "%s.p90_s", f);
	p90 = num(o, key);
	tw_mreport_dur(v, sizeof v, tw_json_path(o, key));
	if (!isnan(t))
		target(tg, sizeof tg, (long)t);
	if (isnan(p90))
		snprintf(s, sizeof s, "no first response");
	else if (isnan(t))
		snprintf(s, sizeof s, "no SLA target");
	else
		snprintf(s, sizeof s, p90 <= t ? "within the %s target" :
		    "over the %s target", tg);
	tile(4, "FRT p90", key, p90, isnan(p90) ? "n/a" : v,
	    vs_target(p90, t), s);
	due = num(o, "sla.met") + num(o, "sla.breached");
	pct(v, sizeof v, num(o, "sla.rate"), due);
	if (isnan(t))
		snprintf(s, sizeof s, "no target (--sla)");
	else
		snprintf(s, sizeof s, "%.0f of %.0f on time, %.0f pending",
		    num(o, "sla.met"), due, num(o, "sla.pending"));
	tile(5, "SLA met", "sla.rate", due > 0 ? num(o, "sla.rate") : NAN, v,
	    "fg", s);
}

/* TTR, backlog, CSAT and NPS, each with its n. */
static void
headline_rest(const cJSON *o)
{
	char v[48], s[64], d[32];
	double n = num(o, "ttr.n");

	tw_mreport_dur(v, sizeof v, tw_json_path(o, "ttr.median_s"));
	snprintf(s, sizeof s, "n = %.0f closed", n);
	tile(6, "TTR median", "ttr.median_s", num(o, "ttr.median_s"),
	    n > 0 ? v : "n/a", "fg", s);
	n = num(o, "backlog.n");
	snprintf(v, sizeof v, "%.0f", n);
	tw_mreport_dur(d, sizeof d, tw_json_path(o, "backlog.oldest_age_s"));
	if (isnan(n))
		snprintf(s, sizeof s, "no case log in the input");
	else if (n > 0)
		snprintf(s, sizeof s, "oldest open %s", d);
	else
		snprintf(s, sizeof s, "none open");
	tile(7, "Backlog (open cases)", "backlog.n", n, isnan(n) ? "n/a" : v,
	    "fg", s);
	n = num(o, "csat.n");
	pct(v, sizeof v, num(o, "csat.score"), n);
	snprintf(s, sizeof s, "n = %.0f answers", n);
	tile(8, "CSAT (4-5 of 1-5)", "csat.score", num(o, "csat.score"), v,
	    "fg", s);
	n = num(o, "nps.n");
	snprintf(v, sizeof v, n > 0 ? "%+.0f" : "n/a", num(o, "nps.score"));
	snprintf(s, sizeof s, "n = %.0f answers", n);
	tile(9, "NPS (-100 to +100)", "nps.score", num(o, "nps.score"), v,
	    "fg", s);
}

/* A bar chart of counts: n bars with labels, at (x, y), w by h, scaled
 * to the largest (the count is written on each bar that has room). */
static void
bars(int x, int y, int w, int h, const char *title, const char *cls,
    const long *v, const char *const *label, int n)
{
	long max = 0;
	char num_[32];
	int i, bw = (w - 20) / n, bh;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	printf("<g class=\"chart\"><text x=\"%d\" y=\"%d\" class=\"h2 fg\">%s"
	    "</text>\n<rect class=\"panel\" x=\"%d\" y=\"%d\" width=\"%d\" "
	    "height=\"%d\"/>\n", x, y - 8, title, x, y, w, h);
	for (i = 0; i < n; i++) {
		bh = max ? (int)((double)v[i] / (double)max * (h - 36)) : 0;
		printf("<rect class=\"bar %s\" x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\"><title>", cls, x + 10 + i * bw,
		    y + h - 18 - bh, bw > 3 ? bw - 2 : 1, bh);
		xml_text(label[i]);
		printf(": %ld</title></rect>\n", v[i]);
		if (bw >= 24 && v[i]) {
			tw_show_count((double)v[i], num_, sizeof num_);
			printf("<text x=\"%d\" y=\"%d\" class=\"small fg\" "
			    "text-anchor=\"middle\">%s</text>\n", x + 10 + i * bw +
			    (bw - 2) / 2, y + h - 21 - bh, num_);
		}
		if (n <= 12 || i % 3 == 0) {
			printf("<text x=\"%d\" y=\"%d\" class=\"tick muted\">",
			    x + 10 + i * bw, y + h - 5);
			xml_text(label[i]);
			printf("</text>\n");
		}
	}
	printf("</g>\n");
}

/* A percentage on its 0-100% track: no bar and n/a when nothing was
 * counted (of is 0). */
static void
track(int x, int y, const char *cls, const char *key, double rate, double of)
{
	char v[32];

	printf("<rect class=\"track\" x=\"%d\" y=\"%d\" width=\"%d\" "
	    "height=\"14\" data-track=\"%s\"/>\n", x, y, TRACK_W, cls);
	if (!isnan(rate) && of > 0)
		printf("<rect class=\"bar %s\" x=\"%d\" y=\"%d\" width=\"%.0f\" "
		    "height=\"14\"/>\n", cls, x, y, rint(rate * TRACK_W));
	pct(v, sizeof v, rate, of);
	printf("<text x=\"%d\" y=\"%d\" class=\"cell fg\" data-key=\"%s\"",
	    x + TRACK_W + 8, y + 12, key);
	if (!isnan(rate) && of > 0)
		printf(" data-value=\"%.15g\"", rate);
	printf(">%s", v);
	if (of > 0)
		printf(" of %.0f", of);
	printf("</text>\n");
}

/* A right-aligned figure of a group's row. */
static void
cell(int x, int y, const char *key, double v, const char *shown)
{
	printf("<text x=\"%d\" y=\"%d\" class=\"cell fg\" text-anchor=\"end\" "
	    "data-key=\"%s\"", x, y, key);
	if (!isnan(v))
		printf(" data-value=\"%.15g\"", v);
	printf(">%s</text>\n", shown);
}

/* One group's row: conversations, response rate and SLA met on 0-100%
 * tracks, FRT median, unanswered. */
static void
group_row(const cJSON *g, int y)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(g, "group");
	const char *name = cJSON_IsString(k) ? k->valuestring : "?";
	double conv = num(g, "conversations");
	char v[32];

	printf("<g class=\"group\" data-group=\"");
	xml_text(name);
	printf("\">\n<text x=\"20\" y=\"%d\" class=\"cell fg\">", y + 12);
	xml_text_n(name, 18);
	printf("</text>\n");
	snprintf(v, sizeof v, "%.0f", conv);
	cell(190, y + 12, "conversations", conv, v);
	track(205, y, "rr", "response_rate", num(g, "response_rate"), conv);
	track(500, y, "sla", "sla.rate", num(g, "sla.rate"),
	    num(g, "sla.met") + num(g, "sla.breached"));
	tw_mreport_dur(v, sizeof v, tw_json_path(g, "frt.median_s"));
	cell(865, y + 12, "frt.median_s", num(g, "frt.median_s"),
	    num(g, "frt.n") > 0 ? v : "n/a");
	snprintf(v, sizeof v, "%.0f", num(g, "unanswered"));
	cell(940, y + 12, "unanswered", num(g, "unanswered"), v);
	printf("</g>\n");
}

static void
groups(const struct tw_mreport *r, int y)
{
	size_t i;

	printf("<text x=\"20\" y=\"%d\" class=\"h2 fg\">By %s</text>\n"
	    "<g class=\"small muted\"><text x=\"190\" y=\"%d\" "
	    "text-anchor=\"end\">conv.</text>\n"
	    "<text x=\"205\" y=\"%d\">Response rate (track = 100%%)</text>\n"
	    "<text x=\"500\" y=\"%d\">SLA met (track = 100%%)</text>\n"
	    "<text x=\"865\" y=\"%d\" text-anchor=\"end\">FRT median</text>\n"
	    "<text x=\"940\" y=\"%d\" text-anchor=\"end\">unanswered</text>"
	    "</g>\n", y, strcmp(r->by, "all") ? r->by : "group", y + 22,
	    y + 22, y + 22, y + 22, y + 22);
	for (i = 0; i < r->ng; i++)
		group_row(r->groups[i], y + 32 + (int)i * ROW_H);
}

void
tw_mreport_svg(const struct tw_mreport *r)
{
	const char *hours[24];
	char hbuf[24][12];
	long vol[24];
	int k, gy = 530, height = gy + 32 + (int)r->ng * ROW_H + 36;
	const cJSON *h = tw_json_path(r->total, "volume_by_hour"), *x;

	for (k = 0; k < 24; k++) {
		snprintf(hbuf[k], sizeof hbuf[k], "%02d", k);
		hours[k] = hbuf[k];
		x = cJSON_GetArrayItem(h, k);
		vol[k] = cJSON_IsNumber(x) ? (long)x->valuedouble : 0;
	}
	header(r, height);
	period(r);
	headline_volume(r->total);
	headline_frt(r->total);
	headline_rest(r->total);
	bars(20, 318, 440, 180, tw_json_path(r->total, "frt_business") ?
	    "First response time, business (conversations)" :
	    "First response time (conversations)", "frt", r->hist, bin_label,
	    TW_MREPORT_BINS);
	bars(500, 318, 440, 180, "Inbound messages by hour (UTC)", "vol", vol,
	    hours, 24);
	groups(r, gy);
	printf("<text x=\"20\" y=\"%d\" class=\"small muted\">tw-metrics "
	    TW_VERSION ": every figure as tw-metrics -f ndjson prints it; "
	    "percentages on a 0-100%% scale; n/a: no data</text>\n</svg>\n",
	    height - 14);
}
