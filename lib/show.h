/* show.h - rendering records for a person (tw-show(1)): one line each,
 * the long form with the triage reasons, a thread view by customer, and
 * CSV/TSV rows.  Widths are terminal columns (text.h). */
#ifndef TW_SHOW_H
#define TW_SHOW_H

#include "util.h"

struct tw_show {
	int width;              /* columns, at least 20 */
	int color;              /* ANSI colours */
	time_t now;             /* for ages */
};

/* "3m", "2h", "5d", "8w": the age of t at now. */
char *tw_show_age(time_t now, time_t t, char *buf, size_t n);
/* 950, 1.2k, 32k, 1.5M */
char *tw_show_count(double v, char *buf, size_t n);

/* One line (with its newline), or the long form (a block and a blank
 * line), appended to out. */
void tw_show_line(tw_buf *out, const cJSON *rec, const struct tw_show *s);
void tw_show_long(tw_buf *out, const cJSON *rec, const struct tw_show *s);

/* The thread view: add records, then render every customer's
 * conversations, tweets and DMs interleaved by time. */
struct tw_show_threads;
struct tw_show_threads *tw_show_threads_new(void);
void tw_show_threads_add(struct tw_show_threads *th, const cJSON *rec);
void tw_show_threads_render(struct tw_show_threads *th, tw_buf *out,
    const struct tw_show *s);
void tw_show_threads_free(struct tw_show_threads *th);

/* CSV (sep ',', RFC 4180 quoting) or TSV (sep '\t'; tabs and newlines
 * in values become spaces).  fields: NULL-terminated dotted paths. */
void tw_show_row_header(tw_buf *out, char *const *fields, int sep);
void tw_show_row(tw_buf *out, const cJSON *rec, char *const *fields,
    int sep);

#endif
