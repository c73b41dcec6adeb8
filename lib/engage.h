/* engage.h - tw-metrics --engagement: the brand's replies read again
 * from the API, 100 ids a request, and their impressions, likes,
 * replies, reposts, quotes, profile visits and link clicks summed per
 * agent, queue, intent and -g group (tw-metrics(1)). */
#ifndef TW_ENGAGE_H
#define TW_ENGAGE_H

#include <time.h>

#include "http.h"
#include "metrics.h"
#include "util.h"

struct tw_engage_opts {
	const char *const *by;  /* -g keys, as tw_metrics_opts has them */
	int nby;
	long budget;            /* requests at most; 0: no limit */
	time_t now;             /* a post younger than 30 days before now
	                           is asked for its private metrics */
};

struct tw_engage;

struct tw_engage *tw_engage_new(const struct tw_engage_opts *o);
/* Take one record or journal line: the account's replies (outbound
 * posts, "reply" events) are kept to be read, and inbound records for
 * the group of the replies that answer them; others are ignored. */
void tw_engage_add(struct tw_engage *e, const cJSON *rec);
/* Read the replies' metrics: 0, or the exit code of a request that
 * failed (the rest stay unread).  A post not returned is counted as an
 * error, not a failure. */
int tw_engage_fetch(struct tw_engage *e, struct tw_client *c);
/* One object a group: all, then by agent, queue, intent and -g. */
void tw_engage_report(struct tw_engage *e, int table);
void tw_engage_free(struct tw_engage *e);

#endif
