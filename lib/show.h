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

/* For a person at standard output: the width from arg (NULL: $COLUMNS,
 * else the terminal's, else 80), colours when stdout is a terminal and
 * neither NO_COLOR nor TERM=dumb says no, now from TW_NOW or the clock.
 * Returns 0; -1 when arg is not 20..1000 (the width comes from
 * elsewhere); -2 when TW_NOW is not a time (now is the clock). */
int tw_show_setup(struct tw_show *s, const char *arg);

/* "3m", "2h", "5d", "8w": the age of t at now. */
char *tw_show_age(time_t now, time_t t, char *buf, size_t n);
/* 950, 1.2k, 32k, 1.5M */
char *tw_show_count(double v, char *buf, size_t n);

/* One line (with its newline), or the long form (a block and a blank
 * line), appended to out.  The line's columns: priority, age, the end of
 * the id (its last 6 digits), followers (never cut: 950, 21k, 1.2M),
 * author, sentiment mark, queue ("case N" for a case's records; a
 * message's case state and owner lead its text), text; the queue is left
 * out under 64 columns, the followers under 48. */
void tw_show_line(tw_buf *out, const cJSON *rec, const struct tw_show *s);
/* The column names over tw_show_line's lines, with its newline. */
void tw_show_line_header(tw_buf *out, const struct tw_show *s);
void tw_show_long(tw_buf *out, const cJSON *rec, const struct tw_show *s);

/* The thread view: add records, then render every customer's
 * conversations, tweets and DMs interleaved by time. */
struct tw_show_threads;
struct tw_show_threads *tw_show_threads_new(void);
void tw_show_threads_add(struct tw_show_threads *th, const cJSON *rec);
void tw_show_threads_render(struct tw_show_threads *th, tw_buf *out,
    const struct tw_show *s);
void tw_show_threads_free(struct tw_show_threads *th);

/* --- showcase.c: cases (tw-case(1) records) --- */

/* A "case" header record ({"type":"case","case":{...},"profile":{...}})
 * or an event ("type":"event", or a tw-case log line). */
int tw_show_is_case(const cJSON *rec);
int tw_show_is_event(const cJSON *rec);
/* The case a record is in: "case":{"id":...} or "case":"24"; or NULL. */
const char *tw_show_case_id(const cJSON *rec);
/* "20m", "1h5m", "3d2h": a span of d seconds. */
char *tw_show_span(long d, char *buf, size_t n);
/* An event as a sentence: "alice claimed", "note by alice: text". */
void tw_show_event_text(tw_buf *out, const cJSON *ev);
/* The case's header lines (number, state, owner, queue, priority, tags,
 * due, opened) and its customer's profile (from profile, else from the
 * author and triage of msg; either may be NULL). */
void tw_show_case_head(tw_buf *out, const cJSON *cs, const cJSON *profile,
    const cJSON *msg, const struct tw_show *s);
/* One message (time, direction, who, channel; the text wrapped below)
 * or one event (a dim line) of a case's story. */
void tw_show_case_item(tw_buf *out, const cJSON *rec,
    const struct tw_show *s);

/* A case header or an event as a record tw_show_line() shows: the
 * customer as author, "case N" as queue, a summary as text; NULL for
 * any other record.  Caller deletes. */
cJSON *tw_show_case_as_line(const cJSON *rec, const struct tw_show *s);

/* --- shared by show.c and showcase.c --- */
#define TW_SGR_RESET "\033[0m"
#define TW_SGR_BOLD "\033[1m"
#define TW_SGR_DIM "\033[2m"
#define TW_SGR_RED "\033[31m"
#define TW_SGR_GREEN "\033[32m"
#define TW_SGR_YELLOW "\033[33m"
#define TW_SGR_CYAN "\033[36m"
/* Append the SGR sequence when s->color. */
void tw_show_color(tw_buf *out, const struct tw_show *s, const char *sgr);
/* s with every run of whitespace one space, trimmed; caller frees. */
char *tw_show_flat(const char *s);
/* Past the leading @mentions of a reply. */
const char *tw_show_skip_mentions(const char *s);
/* text wrapped at spaces, or before a wide character that may start a
 * line: the first line in first columns (the caller wrote what goes
 * before it), the others indented by indent; each line ended. */
void tw_show_wrap(tw_buf *out, const char *text, int first, int indent,
    int width);
/* A record's time: created_at, else time (events); 0 when none. */
time_t tw_show_time(const cJSON *rec);

/* CSV (sep ',', RFC 4180 quoting) or TSV (sep '\t'; tabs and newlines
 * in values become spaces).  fields: NULL-terminated dotted paths. */
void tw_show_row_header(tw_buf *out, char *const *fields, int sep);
void tw_show_row(tw_buf *out, const cJSON *rec, char *const *fields,
    int sep);

#endif
