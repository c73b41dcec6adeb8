/* opt.c - option tables: getopt_long, --help, --version, --tw-options */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

char *tw_optarg;
int tw_optind = 1;

#define OPT_HELP 'h'
#define OPT_VERSION 'V'
#define OPT_LIST 0x7001

static const struct tw_cmd *built_for;
static struct option *longopts;
static char shortopts[256];

static void
build(const struct tw_cmd *cmd)
{
	const struct tw_option *o;
	size_t n = 0, i = 0, s = 0;

	for (o = cmd->opts; o->val; o++)
		n++;
	free(longopts);
	longopts = xcalloc(n + 4, sizeof *longopts);
	shortopts[s++] = '+';   /* stop at the first operand */
	shortopts[s++] = ':';   /* report a missing argument as ':' */
	for (o = cmd->opts; o->val; o++) {
		if (o->val < 256 && s + 3 < sizeof shortopts) {
			shortopts[s++] = (char)o->val;
			if (o->arg)
				shortopts[s++] = ':';
		}
		if (o->name) {
			longopts[i].name = o->name;
			longopts[i].has_arg = o->arg ? required_argument : no_argument;
			longopts[i].val = o->val;
			i++;
		}
	}
	shortopts[s++] = 'h';
	shortopts[s++] = 'V';
	shortopts[s] = 0;
	longopts[i++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	longopts[i++] = (struct option){ "version", no_argument, NULL, OPT_VERSION };
	longopts[i++] = (struct option){ "tw-options", no_argument, NULL, OPT_LIST };
	built_for = cmd;
}

static void
print_usage(FILE *fp, const struct tw_cmd *cmd)
{
	fprintf(fp, "usage: %s [options] %s\n", tw_progname, cmd->synopsis);
}

static void
print_help(const struct tw_cmd *cmd)
{
	const struct tw_option *o;
	char left[64];

	print_usage(stdout, cmd);
	printf("%s\n\noptions:\n", cmd->purpose);
	for (o = cmd->opts; o->val; o++) {
		if (o->old_of)
			continue;
		if (o->val < 256 && o->name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->val, o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		else if (o->val < 256)
			snprintf(left, sizeof left, "-%c%s%s", o->val,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		printf("  %-26s %s\n", left, o->help);
	}
	printf("  %-26s %s\n", "-h, --help", "show this help and exit");
	printf("  %-26s %s\n", "-V, --version", "show the version and exit");
	printf("\nSee %s(1) and tw(7).\n", tw_progname);
}

/* One line per option: "SHORT<TAB>LONG<TAB>ARG<TAB>HELP", "-" when absent.
 * Read by tests/0010-docs.t and usable by completion scripts. */
static void
print_table(const struct tw_cmd *cmd)
{
	const struct tw_option *o;

	for (o = cmd->opts; o->val; o++) {
		if (o->old_of)
			continue;
		if (o->val < 256)
			printf("-%c", o->val);
		else
			printf("-");
		printf("\t%s%s\t%s\t%s\n", o->name ? "--" : "-",
		    o->name ? o->name : "", o->arg ? o->arg : "-", o->help);
	}
	printf("-h\t--help\t-\tshow this help and exit\n");
	printf("-V\t--version\t-\tshow the version and exit\n");
	if (cmd->words)
		printf("@words\t%s\n", cmd->words);
}

void
tw_usage(const struct tw_cmd *cmd)
{
	if (!tw_die_caught()) {  /* in a batch, the warning before is enough */
		print_usage(stderr, cmd);
		fprintf(stderr, "Try '%s --help' for more information.\n",
		    tw_progname);
	}
	tw_exit(TW_EXIT_USAGE);
}

/* The current spelling of option val, for a message: "--max" or "-r". */
static void
spelling(const struct tw_cmd *cmd, int val, char *buf, size_t n)
{
	const struct tw_option *o;

	for (o = cmd->opts; o->val; o++)
		if (o->val == val && !o->old_of) {
			if (o->name)
				snprintf(buf, n, "--%s", o->name);
			else
				snprintf(buf, n, "-%c", o->val);
			return;
		}
	snprintf(buf, n, "?");
}

/* An old spelling was used: say what to write instead, and go on as if
 * the new one had been given. */
static int
renamed(const struct tw_cmd *cmd, int c, const char *given)
{
	const struct tw_option *o;
	char now[64];

	for (o = cmd->opts; o->val; o++)
		if (o->val == c && o->old_of) {
			spelling(cmd, o->old_of, now, sizeof now);
			tw_warn("warning: '%s' is an old spelling, accepted until "
			    "tw 0.2; use '%s' (see NEWS.md)", given, now);
			return o->old_of;
		}
	return c;
}

int
tw_is_id(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n > 0 && n <= 19 && !s[n];
}

long
tw_opt_number(const char *opt, const char *s, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (!*s || *end || errno || n < min || n > max)
		tw_die(TW_EXIT_USAGE, "%s: not a number from %ld to %ld: '%s'",
		    opt, min, max, s);
	return n;
}

int
tw_getopt(int argc, char *argv[], const struct tw_cmd *cmd)
{
	int c, prev;

	if (built_for != cmd) {
		build(cmd);
		optind = 1;
	}
	opterr = 0;
	optind = prev = tw_optind;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	tw_optind = optind;
	tw_optarg = optarg;
	if (c > 0 && c != '?' && c != ':') {
		char given[64];

		/* the word as typed: "--end", or "-n" (maybe in a group) */
		if (optind > prev && argv[prev][0] == '-' && argv[prev][1] == '-')
			snprintf(given, sizeof given, "%.*s", (int)strcspn(argv[prev],
			    "="), argv[prev]);
		else
			snprintf(given, sizeof given, "-%c", c < 256 ? c : '?');
		c = renamed(cmd, c, given);
	}
	switch (c) {
	case -1:
		return -1;
	case OPT_HELP:
		print_help(cmd);
		exit(tw_finish(0));
	case OPT_VERSION:
		printf("%s (tw) %s\n", tw_progname, TW_VERSION);
		exit(tw_finish(0));
	case OPT_LIST:
		print_table(cmd);
		exit(tw_finish(0));
	case ':':
		tw_warn("option '%s' needs an argument", argv[optind - 1]);
		tw_usage(cmd);
	case '?':
		if (optopt && optopt < 256)
			tw_warn("unknown option '-%c'", optopt);
		else
			tw_warn("unknown option '%s'", argv[optind - 1]);
		tw_usage(cmd);
	}
	return c;
}
