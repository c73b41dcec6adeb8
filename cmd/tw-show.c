/* tw-show - render records for a person at a terminal */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tw.h"

enum { OPT_CSV = 256, OPT_TSV, OPT_FIELDS, OPT_HEADER, OPT_NOHEADER };

static const struct tw_option opts[] = {
	{ 'l', "long", NULL, "the long form, with the triage reasons" },
	{ 't', "thread", NULL, "group by customer and conversation, by time" },
	{ 'w', "width", "N", "columns (default $COLUMNS, the terminal, 80)" },
	{ OPT_CSV, "csv", NULL, "comma-separated values with a header" },
	{ OPT_FIELDS, "fields", "FIELDS", "fields for --csv/--tsv: id,author.username,..." },
	{ OPT_HEADER, "header", NULL, "name the columns (the default on a terminal)" },
	{ OPT_NOHEADER, "no-header", NULL, "no line naming the columns" },
	{ OPT_TSV, "tsv", NULL, "tab-separated values with a header" },
	/* old spellings, until tw 0.2 (NEWS.md) */
	{ 'F', NULL, "FIELDS", NULL, OPT_FIELDS },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"[FILE...]",
	"Render records for a person: one line each, long, threads, CSV.",
	opts,
	NULL
};

#define DEFAULT_FIELDS \
	"id,created_at,type,author.username,author.followers," \
	"triage.priority,triage.queue,triage.sentiment.label,text"

enum mode { LINE, LONG, THREAD, ROWS };

struct ctx {
	enum mode mode;
	struct tw_show s;
	struct tw_show_threads *th;
	char **fields;
	int sep;
	tw_buf out;
};

static int
show(cJSON *rec, const struct tw_loc *loc, void *ctx)
{
	struct ctx *c = ctx;

	(void)loc;
	tw_buf_reset(&c->out);
	switch (c->mode) {
	case LINE:
		tw_show_line(&c->out, rec, &c->s);
		break;
	case LONG:
		tw_show_long(&c->out, rec, &c->s);
		break;
	case THREAD:
		tw_show_threads_add(c->th, rec);
		return 0;
	case ROWS:
		tw_show_row(&c->out, rec, c->fields, c->sep);
		break;
	}
	fwrite(c->out.s, 1, c->out.len, stdout);
	tw_out_ok();
	return 0;
}

static char **
split_fields(const char *s)
{
	char **f = xmalloc(sizeof *f), *copy = xstrdup(s), *p, *tok;
	size_t n = 0;

	for (p = copy; (tok = strsep(&p, ","));) {
		if (!*tok)
			tw_die(TW_EXIT_USAGE, "-F: empty field in '%s'", s);
		f = xrealloc(f, (n + 2) * sizeof *f);
		f[n++] = xstrdup(tok);
	}
	f[n] = NULL;
	free(copy);
	return f;
}

int
main(int argc, char *argv[])
{
	struct ctx c = { 0 };
	const char *w = NULL, *fields = NULL;
	size_t i;
	int ch, rv, header = -1;

	tw_init(argv[0]);
	c.mode = LINE;
	while ((ch = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (ch) {
		case OPT_FIELDS:
			fields = tw_optarg;
			break;
		case 'l':
			c.mode = LONG;
			break;
		case 't':
			c.mode = THREAD;
			break;
		case 'w':
			w = tw_optarg;
			break;
		case OPT_CSV:
			c.mode = ROWS;
			c.sep = ',';
			break;
		case OPT_TSV:
			c.mode = ROWS;
			c.sep = '\t';
			break;
		case OPT_HEADER:
			header = 1;
			break;
		case OPT_NOHEADER:
			header = 0;
			break;
		}
	}
	argc -= tw_optind;
	argv += tw_optind;
	if (fields && c.mode != ROWS)
		tw_die(TW_EXIT_USAGE, "-F goes with --csv or --tsv");

	switch (tw_show_setup(&c.s, w)) {
	case -1:
		tw_die(TW_EXIT_USAGE, "-w: expected 20..1000: '%s'", w);
	case -2:
		tw_die(TW_EXIT_USAGE, "TW_NOW: bad time '%s'", getenv("TW_NOW"));
	}
	if (c.mode == THREAD)
		c.th = tw_show_threads_new();
	/* The column names: for a person at a terminal, not for a pipe
	 * (a script reading the lines would take them for a record). */
	if (header < 0)
		header = isatty(STDOUT_FILENO);
	if (c.mode == LINE && header) {
		tw_show_line_header(&c.out, &c.s);
		fwrite(c.out.s, 1, c.out.len, stdout);
	}
	if (c.mode == ROWS) {
		c.fields = split_fields(fields ? fields : DEFAULT_FIELDS);
		tw_show_row_header(&c.out, c.fields, c.sep);
		fwrite(c.out.s, 1, c.out.len, stdout);
	}

	rv = tw_each_record(argc, argv, NULL, show, &c);

	if (c.mode == THREAD) {
		tw_buf_reset(&c.out);
		tw_show_threads_render(c.th, &c.out, &c.s);
		fwrite(c.out.s, 1, c.out.len, stdout);
		tw_show_threads_free(c.th);
	}
	for (i = 0; c.fields && c.fields[i]; i++)
		free(c.fields[i]);
	free(c.fields);
	tw_buf_free(&c.out);
	return tw_finish(rv);
}
