/* hours.c - business hours in a time zone, with holidays */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hours.h"
#include "ndjson.h"
#include "timefmt.h"

#define MAXIV 8

struct iv {
	int start, end;             /* minutes from local midnight; end <= start
	                               means it runs past midnight */
};

struct tw_hours {
	char *tz;
	struct iv day[7][MAXIV];    /* 0 = Sunday */
	int n[7];
	char (*holiday)[11];        /* "YYYY-MM-DD", local dates */
	int nholiday;
};

static const char *const days[7] = { "sun", "mon", "tue", "wed", "thu",
    "fri", "sat" };

/* Local time in zone tz: set TZ for the call, then put it back. */
static char *saved_tz;

static void
enter_tz(const char *tz)
{
	const char *cur = getenv("TZ");

	free(saved_tz);
	saved_tz = cur ? xstrdup(cur) : NULL;
	setenv("TZ", tz, 1);
	tzset();
}

static void
leave_tz(void)
{
	if (saved_tz)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
}

static int
hhmm(const char *s, int *min)
{
	int h, m;
	char extra;

	if (sscanf(s, "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 ||
	    m < 0 || m > 59 || (h == 24 && m))
		return -1;
	*min = h * 60 + m;
	return 0;
}

static int
iv_cmp(const void *a, const void *b)
{
	const struct iv *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

struct tw_hours *
tw_hours_load(const char *path)
{
	struct tw_hours *h = xcalloc(1, sizeof *h);
	char *line, *tok, *save, *dash, zpath[512];
	tw_reader r;
	int d, err = 0;

	if (tw_reader_open(&r, path) < 0) {
		free(h);
		return NULL;
	}
#define BAD(...) do { tw_warn_at(&r.loc, __VA_ARGS__); err = 1; goto out; } while (0)
	while ((line = tw_reader_line(&r))) {
		if (strchr(line, '#'))
			*strchr(line, '#') = 0;
		if (!(tok = strtok_r(line, " \t", &save)))
			continue;
		if (!strcmp(tok, "tz")) {
			if (!(tok = strtok_r(NULL, " \t", &save)) ||
			    strtok_r(NULL, " \t", &save))
				BAD("%s",
				    "expected 'tz Area/City'");
			snprintf(zpath, sizeof zpath, "/usr/share/zoneinfo/%s", tok);
			if (strstr(tok, "..") || access(zpath, R_OK) != 0)
				BAD("unknown time zone '%s' (see /usr/share/zoneinfo)", tok);
			free(h->tz);
			h->tz = xstrdup(tok);
			continue;
		}
		if (!strcmp(tok, "holiday")) {
			time_t t;
			char buf[32];

			if (!(tok = strtok_r(NULL, " \t", &save)) || strlen(tok) != 10)
				BAD("%s",
				    "expected 'holiday YYYY-MM-DD'");
			snprintf(buf, sizeof buf, "%sT00:00:00Z", tok);
			if (tw_time_parse_rfc3339(buf, &t) < 0)
				BAD("not a date: '%s'", tok);
			h->holiday = xrealloc(h->holiday, (h->nholiday + 1) *
			    sizeof *h->holiday);
			memcpy(h->holiday[h->nholiday++], tok, 11);
			continue;
		}
		for (d = 0; d < 7 && strcmp(days[d], tok); d++)
			;
		if (d == 7)
			BAD("unknown word '%s': expected tz, holiday, or a day "
			    "(mon ... sun)", tok);
		while ((tok = strtok_r(NULL, " \t", &save))) {
			struct iv iv;

			if (!(dash = strchr(tok, '-')))
				BAD("expected HH:MM-HH:MM, not '%s'", tok);
			*dash = 0;
			if (hhmm(tok, &iv.start) < 0 || hhmm(dash + 1, &iv.end) < 0 ||
			    iv.start == iv.end)
				BAD("bad interval '%s-%s'",
				    tok, dash + 1);
			if (h->n[d] == MAXIV)
				BAD("more than %d intervals for %s", MAXIV, days[d]);
			h->day[d][h->n[d]++] = iv;
		}
	}
	if (r.error || r.bad)
		err = 1;
	if (!h->tz)
		h->tz = xstrdup("UTC");
	/* each day's intervals by start: tw_hours_between counts them in
	 * order of time */
	for (d = 0; d < 7; d++)
		qsort(h->day[d], (size_t)h->n[d], sizeof h->day[d][0], iv_cmp);
out:
#undef BAD
	tw_reader_close(&r);
	if (err) {
		tw_hours_free(h);
		return NULL;
	}
	return h;
}

void
tw_hours_free(struct tw_hours *h)
{
	if (!h)
		return;
	free(h->tz);
	free(h->holiday);
	free(h);
}

static int
holiday(const struct tw_hours *h, const struct tm *tm)
{
	char d[32];
	int i;

	snprintf(d, sizeof d, "%04d-%02d-%02d", tm->tm_year + 1900,
	    tm->tm_mon + 1, tm->tm_mday);
	for (i = 0; i < h->nholiday; i++)
		if (!strcmp(h->holiday[i], d))
			return 1;
	return 0;
}

/* The instant of local date (y, mon, mday) at minute min; min may pass
 * 24h (overnight intervals), mktime normalises it, DST included. */
static time_t
at(const struct tm *day, int min)
{
	struct tm t = *day;

	t.tm_hour = min / 60;
	t.tm_min = min % 60;
	t.tm_sec = 0;
	t.tm_isdst = -1;
	return mktime(&t);
}

long
tw_hours_between(const struct tw_hours *h, time_t a, time_t b)
{
	return tw_hours_upto(h, a, b, LONG_MAX);
}

long
tw_hours_upto(const struct tw_hours *h, time_t a, time_t b, long max)
{
	struct tm day;
	time_t s, e, t, till = a;
	long sum = 0;
	int i, wd, any = 0;

	for (wd = 0; wd < 7; wd++)
		any |= h->n[wd] > 0;
	if (b <= a || !any)
		return 0;
	enter_tz(h->tz);
	/* From the local day before a (an overnight interval may reach
	 * into a) to the day of b. */
	t = a - 86400;
	localtime_r(&t, &day);
	day.tm_hour = 12;       /* noon: safe from DST edges when stepping */
	day.tm_min = day.tm_sec = 0;
	day.tm_isdst = -1;
	for (;;) {
		t = mktime(&day);
		localtime_r(&t, &day);
		if (at(&day, 0) >= b)
			break;
		wd = day.tm_wday;
		if (!holiday(h, &day))
			for (i = 0; i < h->n[wd]; i++) {
				const struct iv *iv = &h->day[wd][i];

				s = at(&day, iv->start);
				e = at(&day, iv->end > iv->start ? iv->end :
				    iv->end + 24 * 60);
				/* Intervals that overlap (in a day, or a night
				 * shift with the next morning) count once: they
				 * come in order of start, so what is before
				 * till has been counted. */
				if (s < till)
					s = till;
				if (e > b)
					e = b;
				if (e > s) {
					sum += (long)(e - s);
					till = e;
				}
			}
		if (sum > max)
			break;
		day.tm_mday++;
		day.tm_hour = 12;
		day.tm_isdst = -1;
	}
	leave_tz();
	return sum;
}
