/* mreport.h - tw-metrics' report for people (-f svg): a headline panel,
 * the FRT histogram, volume by hour and each group, drawn from the same
 * objects -f ndjson prints, so the two cannot disagree (mreport.c). */
#ifndef TW_MREPORT_H
#define TW_MREPORT_H

#include <stddef.h>
#include <time.h>

#include <cJSON.h>

#define TW_MREPORT_BINS 9           /* <5m 5-15m ... 8-24h >24h */

struct tw_mreport {
	const cJSON *total;             /* the whole input, as without -g */
	cJSON *const *groups;           /* each group, as -f ndjson */
	size_t ng;
	const char *by;                 /* -g: "all", "agent", ... */
	long hist[TW_MREPORT_BINS];     /* first responses by bin */
	time_t first, last;             /* the first and last event; 0: none */
	time_t since, until;            /* --since, --until; 0: not given */
	const char *const *accounts;    /* the accounts read, sorted */
	size_t naccounts;
	int more_accounts;              /* more than naccounts were read */
};

/* The bin of a first response time of s seconds: [low, high). */
int tw_mreport_bin(long s);
/* A duration as the table writes it: 45s, 12m05s, 3h20m; "-" for NULL
 * or a value that is not a number. */
void tw_mreport_dur(char *buf, size_t n, const cJSON *v);
void tw_mreport_svg(const struct tw_mreport *r);

#endif
