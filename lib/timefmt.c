/* timefmt.c - RFC 3339 times, relative times, durations */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), so no time zone or timegm(3) is involved. */
static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Its inverse (civil_from_days): the date of day z since 1970-01-01. */
static void
civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(long y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* exactly n digits */
static int
digits(const char **sp, int n, int *out)
{
	const char *s = *sp;
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return 0;
}

/* "YYYY-MM-DD" and, when time is set, what follows it. */
static int
parse_date(const char **sp, int *y, int *mo, int *d)
{
	const char *s = *sp;

	if (digits(&s, 4, y) || *s++ != '-' || digits(&s, 2, mo) ||
	    *s++ != '-' || digits(&s, 2, d))
		return -1;
	if (*mo < 1 || *mo > 12 || *d < 1 || *d > mdays(*y, *mo))
		return -1;
	*sp = s;
	return 0;
}

int
tw_time_parse_rfc3339(const char *s, time_t *t)
{
	int y, mo, d, h, mi, se, oh, om, sign;
	long long v;

	if (!s || parse_date(&s, &y, &mo, &d))
		return -1;
	if (*s != 'T' && *s != 't' && *s != ' ')
		return -1;
	s++;
	if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi) ||
	    *s++ != ':' || digits(&s, 2, &se))
		return -1;
	/* 60 is a leap second: it folds onto the next second */
	if (h > 23 || mi > 59 || se > 60)
		return -1;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
	}
	v = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60 + se;
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh) || *s++ != ':' || digits(&s, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
		/* local = UTC + offset, so UTC = local - offset */
		v -= sign * (oh * 3600LL + om * 60LL);
	} else
		return -1;
	if (*s)
		return -1;
	if ((time_t)v != v)
		return -1;
	*t = (time_t)v;
	return 0;
}

static int
unit_secs(int c, long *mul)
{
	switch (c) {
	case 's': *mul = 1; return 0;
	case 'm': *mul = 60; return 0;
	case 'h': *mul = 3600; return 0;
	case 'd': *mul = 86400; return 0;
	case 'w': *mul = 7 * 86400; return 0;
	}
	return -1;
}

/* "1h30m", "90s", "2d"; a bare number is seconds when bare is set.
 * Units must not repeat out of order; overflow is an error. */
static int
duration(const char *s, int bare, long *secs)
{
	long total = 0, n, mul, last = LONG_MAX;
	int units = 0;

	if (!s || !*s)
		return -1;
	while (*s) {
		if (!isdigit((unsigned char)*s))
			return -1;
		n = 0;
		while (isdigit((unsigned char)*s)) {
			if (n > (LONG_MAX - 9) / 10)
				return -1;
			n = n * 10 + (*s++ - '0');
		}
		if (!*s) {
			if (units || !bare)
				return -1;
			*secs = n;
			return 0;
		}
		if (unit_secs(*s++, &mul) || mul >= last)
			return -1;
		last = mul;
		units++;
		if (n > (LONG_MAX - total) / mul)
			return -1;
		total += n * mul;
	}
	*secs = total;
	return 0;
}

int
tw_duration_parse(const char *s, long *secs)
{
	return duration(s, 1, secs);
}

int
tw_time_parse(const char *s, time_t now, time_t *t)
{
	long secs;
	int y, mo, d;
	const char *p;

	if (!s)
		return -1;
	if (strcmp(s, "now") == 0) {
		*t = now;
		return 0;
	}
	if (tw_time_parse_rfc3339(s, t) == 0)
		return 0;
	p = s;
	if (parse_date(&p, &y, &mo, &d) == 0 && *p == 0) {
		/* a bare date is its midnight, UTC */
		*t = (time_t)(days_from_civil(y, mo, d) * 86400);
		return 0;
	}
	if (duration(s, 0, &secs) == 0) {
		*t = now - secs;
		return 0;
	}
	return -1;
}

/* v (0 to 99) as two digits at p */
static void
two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* By arithmetic, not gmtime_r(3) and strftime(3): a record can carry
 * a handful of times, and tw-case writes them for every one. */
char *
tw_time_format(time_t t, char *buf, size_t n)
{
	long long days = (long long)t / 86400, secs = (long long)t % 86400, y;
	int m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999 || n < 21) {
		if (n)
			buf[0] = 0;
		return buf;
	}
	/* "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ", digit by digit:
	 * snprintf took 95% of the time here (9,000 instructions of
	 * tw-case add's every record) */
	two(buf, (int)(y / 100));
	two(buf + 2, (int)(y % 100));
	buf[4] = '-';
	two(buf + 5, m);
	buf[7] = '-';
	two(buf + 8, d);
	buf[10] = 'T';
	two(buf + 11, (int)(secs / 3600));
	buf[13] = ':';
	two(buf + 14, (int)(secs / 60 % 60));
	buf[16] = ':';
	two(buf + 17, (int)(secs % 60));
	buf[19] = 'Z';
	buf[20] = '\0';
	return buf;
}

char *
tw_duration_format(long secs, char *buf, size_t n)
{
	long d, h, m;

	if (secs < 0)
		secs = 0;
	d = secs / 86400;
	h = secs / 3600 % 24;
	m = secs / 60 % 60;
	secs %= 60;
	if (d)
		snprintf(buf, n, "%ldd%ldh", d, h);
	else if (h)
		snprintf(buf, n, "%ldh%ldm%lds", h, m, secs);
	else if (m)
		snprintf(buf, n, "%ldm%lds", m, secs);
	else
		snprintf(buf, n, "%lds", secs);
	return buf;
}

long long
tw_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int
tw_clock(time_t *t)
{
	const char *e = getenv("TW_NOW");
	time_t now = time(NULL);

	*t = now;
	if (!e || !*e)
		return 0;
	if (tw_time_parse(e, now, t) < 0) {
		*t = now;
		return -1;
	}
	return 0;
}
