/* metrics.h - care metrics from records and journal events: conversations,
 * first response time, reply times, AHT, TTR, SLA, CSAT, NPS, sentiment
 * conversion, volume; tw-metrics(1) defines each. */
#ifndef TW_METRICS_H
#define TW_METRICS_H

#include "util.h"

/* -g: up to TW_MG_KEYS keys, each a fixed name (account, agent, queue,
 * channel, day, week, hour) or a path into the inbound record, such as
 * triage.intent; none: one group, "all". */
#define TW_MG_KEYS 4

struct tw_metrics_opts {
	const char *by[TW_MG_KEYS];
	int nby;
	long gap;                   /* seconds that end a conversation */
	long sla;                   /* seconds; 0: no SLA */
	time_t since, until;        /* conversations starting in [since, until) */
	long survey_window;         /* seconds an answer may follow a survey */
	const struct tw_hours *hours;   /* business hours, or NULL */
	int cost;                   /* report the cost (usage lines) instead */
};

struct tw_metrics;

/* Add the keys of one -g argument (comma-separated) to o: 0, or -1 with
 * *why set (too many keys, an empty one). */
int tw_metrics_group(struct tw_metrics_opts *o, const char *arg,
    const char **why);

/* A -g key: 0 to 6 for account, agent, queue, channel, day, week, hour;
 * TW_MG_PATH for a path into the inbound record, set in *path ("intent"
 * is triage.intent). */
#define TW_MG_PATH 7
int tw_metrics_key(const char *name, const char **path);
/* The record's values at paths[0..n), joined by a unit separator, into
 * b: a string as it is, a number, true or false, an object or array as
 * JSON, "-" when absent or null.  Returns b->s. */
const char *tw_metrics_path_values(const char *const *paths, int n,
    const cJSON *rec, tw_buf *b);

struct tw_metrics *tw_metrics_new(const struct tw_metrics_opts *o);
/* Take one record or journal event (any order).  0, or -1 when it is
 * neither (with *why set). */
int tw_metrics_add(struct tw_metrics *m, const cJSON *rec, const char **why);
/* The same from a raw NDJSON line, for tw_ndjson_prefilter: 1 taken, -1
 * taken but bad (reported), 0 not handled here (parse it and call
 * tw_metrics_add). */
struct tw_loc;
int tw_metrics_line(const char *line, size_t len, const struct tw_loc *loc,
    void *ctx);
/* Compute and write: NDJSON (one object per group), a table (1) or an
 * SVG report (2). */
void tw_metrics_report(struct tw_metrics *m, int table);
void tw_metrics_free(struct tw_metrics *m);

#endif
