/* tw.h - libtw, the library every tw program shares.
 *
 * One header per concern, included from here; each lib/NAME.c owns the
 * declarations in lib/NAME.h.  This file holds the basics every program
 * uses: diagnostics, allocation, buffers, exit codes, option tables.
 */
#ifndef TW_H
#define TW_H

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
	TW_EXIT_RATE = 5     /* rate-limited or usage-capped: try later */
};

/* util.c */
extern const char *tw_progname;

void tw_init(const char *argv0);      /* progname, line-buffered stdout,
                                         cJSON hooks, locale-free */
int tw_finish(int rv);                /* flush and check stdout: returns
                                         rv, or 4 after a write error */
void tw_out_check(void);              /* after writing stdout: a closed
                                         pipe ends the program quietly */
void tw_warn(const char *fmt, ...) TW_PRINTF(1, 2);     /* "prog: msg" */
TW_NORETURN void tw_die(int code, const char *fmt, ...) TW_PRINTF(2, 3);
int tw_isatty_err(void);              /* stderr is a terminal */

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

/* cJSON helpers */
const char *tw_json_str(const cJSON *o, const char *key);   /* or NULL */
const cJSON *tw_json_path(const cJSON *o, const char *path); /* "a.b.c" */
char *tw_json_line(const cJSON *o);   /* unformatted, caller frees */

/* opt.c - option tables.  One table per program drives getopt_long,
 * --help, and --tw-options (the machine-readable list the docs test and
 * the completions are checked against), so they cannot disagree. */
struct tw_option {
	int val;            /* short option letter, or >= 256 for long-only */
	const char *name;   /* long name, or NULL */
	const char *arg;    /* metavariable ("ACCOUNT"), NULL for a flag */
	const char *help;   /* one line */
	int old_of;         /* an old spelling of the option whose val this
	                       is: accepted with a warning for one release,
	                       returned as that val, listed nowhere */
};

struct tw_cmd {
	const char *synopsis;   /* operands after the options: "[FILE...]" */
	const char *purpose;    /* one line: what the program does */
	const struct tw_option *opts; /* ends with {0} */
	const char *words;      /* operand words to complete ("mentions
	                           search ..."), or NULL */
};

/* getopt_long over cmd->opts; handles -h/--help, -V/--version and
 * --tw-options itself (exit 0), and exits 2 with the usage on an unknown
 * option or a missing argument.  Returns the option's val, or -1 at the
 * first operand; the argument is in tw_optarg, the next operand index in
 * tw_optind. */
extern char *tw_optarg;
extern int tw_optind;
int tw_getopt(int argc, char *argv[], const struct tw_cmd *cmd);
/* Whether s is an X id: 1 to 19 decimal digits. */
int tw_is_id(const char *s);
/* An option's number in [min, max], or exit 2 with
 * "prog: OPT: not a number from MIN to MAX: 'S'". */
long tw_opt_number(const char *opt, const char *s, long min, long max);
TW_NORETURN void tw_usage(const struct tw_cmd *cmd);   /* stderr, exit 2 */

#include "ndjson.h"
#include "jscan.h"
#include "record.h"
#include "timefmt.h"
#include "config.h"
#include "oauth.h"
#include "http.h"
#include "state.h"
#include "query.h"
#include "fetch.h"
#include "media.h"
#include "respond.h"
#include "text.h"
#include "sentiment.h"
#include "triage.h"
#include "show.h"
#include "hours.h"
#include "metrics.h"

#endif
