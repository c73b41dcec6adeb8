/* hours.h - business hours: weekly intervals (several a day, overnight
 * ones), an IANA time zone (DST-correct through the system's tz
 * database), holidays; the business seconds between two instants. */
#ifndef TW_HOURS_H
#define TW_HOURS_H

#include <time.h>

struct tw_hours;

/* Read an hours file (tw-metrics(1) BUSINESS HOURS).  NULL after
 * "prog: FILE:LINE: message" on the first bad line. */
struct tw_hours *tw_hours_load(const char *path);
void tw_hours_free(struct tw_hours *h);

/* Business seconds in [a, b). */
long tw_hours_between(const struct tw_hours *h, time_t a, time_t b);
/* The same, but the count stops as soon as it passes max (the result is
 * then some value > max): against an SLA the work is bounded by the days
 * it takes to pass the target, not by how far away b is. */
long tw_hours_upto(const struct tw_hours *h, time_t a, time_t b, long max);

#endif
