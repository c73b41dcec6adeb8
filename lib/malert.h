/* malert.h - volume anomalies for tw-metrics --alert: an hour's inbound
 * volume or negative share against the same hour of the days before. */
#ifndef TW_MALERT_H
#define TW_MALERT_H

#include <time.h>

#include "util.h"

struct tw_malert_opts {
	int days;           /* the days of the baseline; default 7 */
	double sigma;       /* standard deviations above the mean; default 3 */
	long min;           /* the fewest messages in the hour; default 10 */
	time_t until;       /* check the hour before it; 0: the newest hour */
};

struct tw_malert;

struct tw_malert *tw_malert_new(const struct tw_malert_opts *o);
/* Take one record: inbound posts and DMs count, anything else is
 * ignored.  0, or -1 with *why set for a record without a time. */
int tw_malert_add(struct tw_malert *a, const cJSON *rec, const char **why);
/* Judge the hour: print one line on stdout and return 1 when its volume
 * or negative share is over the baseline, else 0 in silence. */
int tw_malert_check(struct tw_malert *a);
void tw_malert_free(struct tw_malert *a);

#endif
