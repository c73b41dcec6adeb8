/* util.h - the basics every part of libtw uses: exit codes, diagnostics,
 * allocation, byte buffers, key/value lists, cJSON helpers (util.c). */
#ifndef TW_UTIL_H
#define TW_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <cJSON.h>

#ifndef TW_VERSION
#define TW_VERSION "0.0.0"
#endif

#define TW_NORETURN __attribute__((noreturn))
#define TW_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Exit status, the same for every program (tw(7) EXIT STATUS). */
enum {
	TW_EXIT_OK = 0,      /* all done */
	TW_EXIT_PARTIAL = 1, /* some records failed; the rest were processed */
	TW_EXIT_USAGE = 2,   /* bad command line */
	TW_EXIT_CONFIG = 3,  /* config or credentials */
	TW_EXIT_API = 4,     /* API or network error */
	TW_EXIT_RATE = 5,    /* rate-limited or usage-capped: try later */
	TW_EXIT_WRITE = 6,   /* output could not be written (disk full...) */
	TW_EXIT_INTR = 130   /* interrupted (^C): SIGINT, 128 + 2 */
};

/* util.c */
extern const char *tw_progname;

void tw_init(const char *argv0);      /* progname, line-buffered stdout,
                                         cJSON hooks, locale-free */
int tw_finish(int rv);                /* flush and check stdout: returns
                                         rv, or 6 after a write error */
void tw_out_ok(void);                 /* after writing stdout: a closed
                                         pipe ends the program as SIGPIPE
                                         would, another error exits 6 */
void tw_out_check(void);              /* after writing stdout: a closed
                                         pipe ends the program quietly */
void tw_warn(const char *fmt, ...) TW_PRINTF(1, 2);     /* "prog: msg" */
/* Where a line came from, for diagnostics: "FILE:LINE". */
struct tw_loc {
	const char *file;       /* "<stdin>" for standard input */
	unsigned long line;
};
/* "prog: FILE:LINE: msg"; "prog: msg" when loc is NULL */
void tw_warn_at(const struct tw_loc *loc, const char *fmt, ...) TW_PRINTF(2, 3);
TW_NORETURN void tw_die(int code, const char *fmt, ...) TW_PRINTF(2, 3);
/* How tw_die and tw_usage end: exit(code), or, while a catcher is set,
 * the catcher (which must not return: it longjmps back to a loop that
 * runs one command after another, as tw-case batch does).  The catcher
 * NULL: exit again.  tw_die_caught: whether one is set. */
void tw_die_catch(TW_NORETURN void (*fn)(int code));
int tw_die_caught(void);
TW_NORETURN void tw_exit(int code);
/* Split a command line into words, in place: words are separated by
 * blanks; '...' keeps everything to the next ', "..." everything to the
 * next " but for \" and \\, and a backslash outside quotes keeps the
 * next character.  At most max words; their count, or -1 with *err set
 * ("unterminated quote", "too many words"). */
int tw_split_words(char *line, char **words, int max, const char **err);
int tw_isatty_err(void);              /* stderr is a terminal */
/* The digits of a post or DM id that tw-show shows (its last ones);
 * tw-case and tw-reply take that many or more for the whole id. */
#define TW_SHORT_ID 6
/* "s" unless n is 1, for counts in messages: "%ld record%s", n,
 * tw_s(n) gives "1 record", "2 records", "0 records". */
const char *tw_s(long n);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) TW_PRINTF(1, 2);

/* A growable byte buffer, always NUL-terminated after its data. */
typedef struct tw_buf {
	char *s;
	size_t len, cap;
} tw_buf;

void tw_buf_add(tw_buf *b, const void *p, size_t n);
void tw_buf_adds(tw_buf *b, const char *s);
void tw_buf_addc(tw_buf *b, int c);
void tw_buf_printf(tw_buf *b, const char *fmt, ...) TW_PRINTF(2, 3);
void tw_buf_reset(tw_buf *b);
void tw_buf_free(tw_buf *b);
char *tw_buf_steal(tw_buf *b);        /* caller frees; b is emptied */
/* One CSV field (RFC 4180) on b: quoted when it holds a comma, a quote
 * or a line break, its quotes doubled. */
void tw_csv_field(tw_buf *b, const char *s);
/* The whole file at path, NUL-terminated (the caller frees), or NULL
 * with errno set. */
char *tw_read_file(const char *path);
/* mkdir -p, each new directory 0700.  0 or -1 (errno). */
int tw_mkdirs(const char *path);
/* write(2) all of p, again on EINTR.  0 or -1 (errno). */
int tw_write_all(int fd, const char *p, size_t n);
/* fsync a directory (after a rename in it).  0 or -1 (errno). */
int tw_fsync_dir(const char *dir);
/* Replace DIR/NAME with data, atomically: a temporary file (mode 0600),
 * fsync, rename, fsync of the directory.  0, or -1 after a warning. */
int tw_replace_file(const char *dir, const char *name, const char *data,
    size_t n);

/* Key/value list: query and form parameters, headers, config entries.
 * Order is kept; keys may repeat where the caller allows it. */
struct tw_kv {
	char *key, *val;
};
typedef struct tw_kvs {
	struct tw_kv *v;
	size_t n, cap;
} tw_kvs;

void tw_kvs_add(tw_kvs *l, const char *key, const char *val);
void tw_kvs_set(tw_kvs *l, const char *key, const char *val); /* replace */
const char *tw_kvs_get(const tw_kvs *l, const char *key);
void tw_kvs_free(tw_kvs *l);

/* The offset of the first byte of s[0..n) that does not begin valid
 * UTF-8 (RFC 3629), or n when all of it is valid. */
size_t tw_utf8_check(const char *s, size_t n);
/* A command-line operand or option that becomes text in a record or a
 * request: when s is not valid UTF-8, exit 2 naming it and the byte,
 * "TEXT: invalid UTF-8 at byte 4 (0xe9)".  NULL is fine. */
void tw_arg_utf8(const char *what, const char *s);

/* cJSON helpers */
const char *tw_json_str(const cJSON *o, const char *key);   /* or NULL */
const cJSON *tw_json_path(const cJSON *o, const char *path); /* "a.b.c" */
/* A number as a long, clamped to LONG_MIN..LONG_MAX (converting a double
 * out of range is undefined); def when v is not a number. */
long tw_json_long(const cJSON *v, long def);
char *tw_json_line(const cJSON *o);   /* unformatted, caller frees */

#endif
