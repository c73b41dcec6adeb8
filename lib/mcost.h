/* mcost.h - tw-metrics --cost: what the programs spent (the lines of
 * TW_HOME/usage each writes at exit) per case and per resolved case. */
#ifndef TW_MCOST_H
#define TW_MCOST_H

#include <time.h>

#include "util.h"

struct tw_mcost {
	long runs, requests, posts_read, posts_written, dm_read, dm_written;
	double usd;
};

/* Take a usage line ({"usage": PROGRAM, "time", "requests", ...}) whose
 * time is in [since, until) (0: open): 1 when rec is one, 0 when it is
 * not, -1 with *why set when it is one without a time. */
int tw_mcost_add(struct tw_mcost *k, const cJSON *rec, time_t since,
    time_t until, const char **why);
/* One object {"cost":{...}} (or lines for people): the sums, and per
 * case and per resolved case. */
void tw_mcost_report(const struct tw_mcost *k, long cases, long resolved,
    int table);

#endif
