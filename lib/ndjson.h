/* ndjson.h - reading and writing newline-delimited JSON records */
#ifndef TW_NDJSON_H
#define TW_NDJSON_H

#include "util.h"


/* A line reader that keeps one line in memory.  CRLF and a missing final
 * newline are tolerated; blank lines are skipped by tw_each_record.  Lines
 * longer than tw_max_line(), with invalid UTF-8 or with a NUL byte are
 * reported with their location and skipped, counted in bad. */
typedef struct tw_reader {
	FILE *fp;
	struct tw_loc loc;
	char *line;             /* the current line, NUL-terminated */
	size_t len;
	int own;                /* fclose at tw_reader_close */
	int error;              /* a read error was reported */
	int eof;
	unsigned long bad;      /* lines skipped under the input policy */
	unsigned run, before;   /* bad lines in a row (before this one) */
	int stopped;            /* not NDJSON: the rest was skipped */
	char *buf;              /* [start, end) is input not yet handed out */
	size_t cap, start, end, scan, max;
} tw_reader;

/* The longest line any program accepts: TW_MAX_LINE bytes (k, M, G
 * suffixes), 16 MiB by default. */
size_t tw_max_line(void);

int tw_reader_open(tw_reader *r, const char *path);  /* "-" = stdin; -1 + warn */
void tw_reader_from(tw_reader *r, FILE *fp, const char *name);
/* Next line without its newline (and without a trailing CR); NULL at EOF
 * or after a read error (then r->error is set and a warning was given). */
char *tw_reader_line(tw_reader *r);
/* Input that is not NDJSON is not read to its end: a NUL byte in the
 * first line (a binary file) or TW_BAD_RUN bad lines in a row stop it,
 * with one line saying so; tw_reader_line then gives NULL, and stopped
 * is set (exit 2).  The reader counts the lines it refuses itself; the
 * caller tells it of a line it handed out that was no good either (not
 * JSON), and it returns 1 when that stopped the input. */
#define TW_BAD_RUN 5
int tw_reader_bad(tw_reader *r);
void tw_reader_close(tw_reader *r);

/* Called once per record; return 0, or -1 when the record failed (the
 * callback has already said why).  rec is freed after the call: detach or
 * duplicate what must outlive it. */
typedef int (*tw_record_fn)(cJSON *rec, const struct tw_loc *loc, void *ctx);

/* Parse one line; NULL after a location-tagged warning
 * "prog: FILE:LINE: invalid JSON: ... at column N". */
cJSON *tw_parse_line(const char *line, size_t len, const struct tw_loc *loc);

/* Read every record of the files named in argv[0..argc) ("-" or none =
 * stdin), normalising API pages and v1.1 tweets to records (record.h) on
 * the way.  A bad line is reported with its location and skipped; so is
 * a line that is not a JSON object or array, and an API error body.  An
 * unreadable file is reported and the next one read; so is one that is
 * not NDJSON (tw_reader_bad).  Returns TW_EXIT_OK, TW_EXIT_PARTIAL when
 * any line, file or callback failed, or TW_EXIT_USAGE when an input was
 * not NDJSON. */
struct tw_ident;     /* record.h: the account, for direction; may be NULL */
int tw_each_record(int argc, char *argv[], const struct tw_ident *acct,
    tw_record_fn fn, void *ctx);
/* The same, setting "source" on records that have none (NULL: leave it). */
int tw_each_record_src(int argc, char *argv[], const struct tw_ident *acct,
    const char *source, tw_record_fn fn, void *ctx);
/* In the record callback: the line the record was parsed from, when the
 * record is just that line (no account or source filled in, not made
 * from an API page), else NULL.  A caller that writes the record out
 * unchanged can copy the line instead.  Valid until the callback
 * returns; len gets its length. */
const char *tw_each_line(size_t *len);

/* Speed for filters that keep nothing: while tw_each_record runs, cJSON
 * allocates from an arena emptied after each input line, so there is no
 * malloc or free per JSON node.  The callback must then keep no part of
 * a record (not even a detached one) past its return, nor anything else
 * made with cJSON, and must not free(3) cJSON printer output.  Off by
 * default; tw-norm turns it on. */
void tw_ndjson_arena(int on);

/* A fast path for tw_each_record: fn sees each raw line first (with the
 * ctx given to tw_each_record) and returns 1 when it handled it, -1 when
 * it handled it and it failed (having said why), or 0 to have it parsed
 * and handed to the record callback as usual.  NULL: none. */
typedef int (*tw_line_fn)(const char *line, size_t len,
    const struct tw_loc *loc, void *ctx);
void tw_ndjson_prefilter(tw_line_fn fn);

/* fn(ctx) is called whenever the input would block, before stdout is
 * flushed (tw-case add commits its batch there); NULL: nothing. */
void tw_ndjson_idle(void (*fn)(void *), void *ctx);

/* Write one record as one line on stdout (line-buffered: the line is out
 * when tw_emit returns).  Write errors are found by tw_finish. */
void tw_emit(const cJSON *rec);
/* Records for a person: with fn set, tw_emit hands each record to fn
 * (tw-fetch on a terminal shows it as tw-show does) instead of writing
 * its JSON; fn NULL: JSON again. */
void tw_emit_hook(void (*fn)(const cJSON *rec, void *ctx), void *ctx);

/* The same for a line that is already one record in JSON (without its
 * newline): written as it is. */
void tw_emit_line(const char *line, size_t len);

/* Append o as compact JSON to b, as cJSON_PrintUnformatted would, but
 * for a number whose 15 digits do not read back exactly: cJSON takes
 * them when they are within an epsilon, tw gives 17 (every bit kept). */
void tw_json_append(tw_buf *b, const cJSON *o);
/* s as a JSON string, quoted and escaped; NULL as null. */
void tw_json_append_str(tw_buf *b, const char *s);

#endif
