/* opt.h - option tables and shared option parsing (opt.c) */
#ifndef TW_OPT_H
#define TW_OPT_H

#include "util.h"

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

#endif
