/* timefmt.c - RFC 3339, relative times, durations, formatting */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tw.h"
#include "tap.h"

static void
rfc(const char *s, long long want)
{
	time_t t = 0;
	int r = tw_time_parse_rfc3339(s, &t);

	ok(r == 0 && (long long)t == want, "rfc3339 %s = %lld (got %d, %lld)",
	    s, want, r, (long long)t);
}

static void
bad(const char *s)
{
	time_t t;

	ok(tw_time_parse_rfc3339(s, &t) == -1, "rfc3339 refuses '%s'", s);
}

static void
dur(const char *s, long want)
{
	long v = -1;
	int r = tw_duration_parse(s, &v);

	ok(r == 0 && v == want, "duration %s = %ld (got %d, %ld)", s, want, r, v);
}

static void
baddur(const char *s)
{
	long v;

	ok(tw_duration_parse(s, &v) == -1, "duration refuses '%s'", s);
}

static void
rel(const char *s, time_t now, long long want)
{
	time_t t = 0;
	int r = tw_time_parse(s, now, &t);

	ok(r == 0 && (long long)t == want, "time %s = %lld (got %d, %lld)",
	    s, want, r, (long long)t);
}

int
main(void)
{
	char buf[32];
	time_t now = 1795000000, t;
	long long a, b;

	tw_init("timefmt");
	rfc("1970-01-01T00:00:00Z", 0);
	rfc("2026-11-21T09:14:03Z", 1795252443);
	rfc("2026-11-21T09:14:03.123Z", 1795252443);
	rfc("2026-11-21T09:14:03.999999999z", 1795252443);
	rfc("2026-11-21t09:14:03Z", 1795252443);
	rfc("2026-11-21 09:14:03Z", 1795252443);
	rfc("2026-11-21T10:14:03+01:00", 1795252443);
	rfc("2026-11-21T04:44:03-04:30", 1795252443);
	rfc("2026-11-21T09:14:03+00:00", 1795252443);
	rfc("2026-11-21T09:14:03-00:00", 1795252443);
	rfc("2026-11-22T00:14:03+15:00", 1795252443);
	/* leap years */
	rfc("2024-02-29T00:00:00Z", 1709164800);
	rfc("2000-02-29T12:00:00Z", 951825600);
	rfc("2024-03-01T00:00:00Z", 1709251200);
	rfc("2023-12-31T23:59:59Z", 1704067199);
	rfc("2016-12-31T23:59:60Z", 1483228800);   /* leap second folds */
	rfc("1969-12-31T23:59:59Z", -1);
	rfc("2038-01-19T03:14:08Z", 2147483648LL);
	bad("2023-02-29T00:00:00Z");
	bad("1900-02-29T00:00:00Z");
	bad("2026-13-01T00:00:00Z");
	bad("2026-04-31T00:00:00Z");
	bad("2026-11-21T24:00:00Z");
	bad("2026-11-21T09:60:00Z");
	bad("2026-11-21T09:14:03");
	bad("2026-11-21T09:14:03+0100");
	bad("2026-11-21T09:14:03.Z");
	bad("2026-11-21T09:14:03Zjunk");
	bad("2026-11-21");
	bad("26-11-21T09:14:03Z");
	bad("");

	dur("90", 90);
	dur("90s", 90);
	dur("15m", 900);
	dur("1h30m", 5400);
	dur("2d", 172800);
	dur("1w", 604800);
	dur("1d2h3m4s", 93784);
	dur("0s", 0);
	baddur("");
	baddur("h");
	baddur("5x");
	baddur("1m1h");
	baddur("1h1h");
	baddur("1h30");
	baddur("-5m");
	baddur("99999999999999999999s");
	baddur("9999999999999999w");

	rel("now", now, now);
	rel("2h", now, now - 7200);
	rel("3d", now, now - 3 * 86400);
	rel("90m", now, now - 5400);
	rel("1h30m", now, now - 5400);
	rel("2026-11-21T09:14:03Z", now, 1795252443);
	rel("2024-02-29", now, 1709164800);
	ok(tw_time_parse("90", now, &t) == -1, "time refuses a bare number");
	ok(tw_time_parse("yesterday", now, &t) == -1, "time refuses a word");
	ok(tw_time_parse("2024-02-30", now, &t) == -1, "time refuses 2024-02-30");

	is_str(tw_time_format(1795252443, buf, sizeof buf),
	    "2026-11-21T09:14:03Z", "format");
	is_str(tw_time_format(1709164800, buf, sizeof buf),
	    "2024-02-29T00:00:00Z", "format a leap day");
	is_str(tw_time_format(0, buf, 21), "1970-01-01T00:00:00Z",
	    "format fits 21 bytes");
	ok(tw_time_parse_rfc3339(tw_time_format(1234567890, buf, sizeof buf),
	    &t) == 0 && t == 1234567890, "format and parse round-trip");
	is_str(tw_time_format(-1, buf, sizeof buf), "1969-12-31T23:59:59Z",
	    "format a time before 1970");
	{
		/* the arithmetic against gmtime_r and strftime, every 7 days
		 * and an hour and 7 s from 1000 to 9999 */
		long bad = 0;
		char want[32];
		struct tm tm;

		for (long long s = -30610224000LL; s < 253402300799LL;
		    s += 7 * 86400 + 3607) {
			time_t x = (time_t)s;

			gmtime_r(&x, &tm);
			strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
			bad += strcmp(want, tw_time_format(x, buf,
			    sizeof buf)) != 0;
		}
		ok(bad == 0, "format agrees with gmtime_r from 1000 to 9999 "
		    "(%ld differ)", bad);
	}

	is_str(tw_duration_format(252, buf, sizeof buf), "4m12s", "4m12s");
	is_str(tw_duration_format(7, buf, sizeof buf), "7s", "7s");
	is_str(tw_duration_format(3605, buf, sizeof buf), "1h0m5s", "1h0m5s");
	is_str(tw_duration_format(2 * 86400 + 3 * 3600 + 59, buf, sizeof buf),
	    "2d3h", "2d3h");
	is_str(tw_duration_format(-3, buf, sizeof buf), "0s", "negative is 0s");

	a = tw_now_ms();
	b = tw_now_ms();
	ok(a > 0 && b >= a, "monotonic milliseconds");
	return tap_done();
}
