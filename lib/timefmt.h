/* timefmt.h - time arithmetic: RFC 3339, relative times, durations */
#ifndef TW_TIMEFMT_H
#define TW_TIMEFMT_H

#include <time.h>

/* "2026-11-21T09:14:03Z", "2026-11-21T09:14:03.123Z", "...+01:00".
 * Returns 0 and the UTC time, or -1. */
int tw_time_parse_rfc3339(const char *s, time_t *t);

/* RFC 3339, or a time relative to now: "2h", "3d", "90m", "1h30m", "now".
 * "2h" means two hours ago.  Returns 0 or -1. */
int tw_time_parse(const char *s, time_t now, time_t *t);

/* A duration: "90", "90s", "15m", "1h30m", "2d", "1w".  Seconds. 0 / -1. */
int tw_duration_parse(const char *s, long *secs);

/* Format t as "2026-11-21T09:14:03Z" into buf (at least 21 bytes). */
char *tw_time_format(time_t t, char *buf, size_t n);

/* A duration for people: "4m12s", "1h0m5s", "7s", "2d3h".  Returns buf. */
char *tw_duration_format(long secs, char *buf, size_t n);

/* The time now: $TW_NOW when set (RFC 3339, or relative to the clock:
 * "2h"), for replays and tests; else the clock.  0, or -1 when TW_NOW is
 * set but not a time (then *t is the clock). */
int tw_clock(time_t *t);

/* Monotonic milliseconds, for timeouts and pacing. */
long long tw_now_ms(void);

#endif
