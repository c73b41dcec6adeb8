/* tw-purge - remove what tw keeps about deleted posts and about people
 * (X's compliance, erasure requests), or export what it keeps about one
 * person */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tw.h"
#include "compliance.h"
#include "purge.h"

enum { O_EXPORT = 256, O_FILE };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account whose store and journal" },
	{ O_EXPORT, "export", "@USER", "write what tw keeps about USER instead" },
	{ O_FILE, "file", "FILE", "an NDJSON file to purge too (repeatable)" },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"[--file FILE]... [ID | @USER]... | --export @USER [--file FILE]...",
	"Remove every trace of posts (deleted, or an account's since "
	    "suspended or protected) and of people from the store, the ledger, "
	    "the drafts, the journal and NDJSON files, as compliance records "
	    "or ids say; or export what tw keeps about a person.",
	opts, NULL
};

/* An operand or an input line: a post id, @USER, or a record of type
 * compliance.  0, or -1 (said) for one that is none of these. */
static int
target(struct tw_purge *p, const char *s, const struct tw_loc *loc)
{
	cJSON *o;
	const char *kind, *action;
	int rv = 0;

	s += strspn(s, " \t");
	if (*s == '@' && s[1] && strlen(s) <= 16)
		tw_purge_add(p, 'u', NULL, s, NULL);
	else if (tw_is_id(s))
		tw_purge_add(p, 't', s, NULL, NULL);
	else if (*s == '{' && (o = tw_parse_line(s, strlen(s), loc))) {
		kind = tw_json_str(o, "kind");
		action = tw_json_str(o, "action");
		if (!tw_json_str(o, "type") || strcmp(tw_json_str(o, "type"),
		    "compliance") || !tw_is_id(tw_json_str(o, "id"))) {
			tw_warn("%s:%lu: not a compliance record", loc->file,
			    loc->line);
			rv = -1;
		} else if (tw_compliance_removes(action))
			tw_purge_add(p, kind && !strcmp(kind, "user") ? 'u' : 't',
			    tw_json_str(o, "id"), NULL, action);
		cJSON_Delete(o);
	} else if (*s && *s != '{') {
		tw_warn("%s:%lu: not a post id, @USER or compliance record: "
		    "'%.40s'", loc->file, loc->line, s);
		rv = -1;
	} else if (*s)
		rv = -1;
	return rv;
}

/* The targets from standard input.  0, or TW_EXIT_PARTIAL when some
 * line was not one. */
static int
read_targets(struct tw_purge *p)
{
	tw_reader rd;
	char *line;
	int rv = 0;

	tw_reader_from(&rd, stdin, "<stdin>");
	while ((line = tw_reader_line(&rd)))
		if (target(p, line, &rd.loc) < 0)
			rv = TW_EXIT_PARTIAL;
	if (rd.error || rd.stopped)
		rv = TW_EXIT_USAGE;
	tw_reader_close(&rd);
	return rv;
}

struct run {
	struct tw_account acct;
	struct tw_store *st;
	struct tw_purge p;
	char **files;
	int nfiles;
};

/* Learn (ids and names, the texts and the people's posts), from every
 * place, before any changes. */
static int
learn(struct run *r)
{
	int i, rv = 0;

	if (r->st && tw_purge_store_learn(&r->p, r->st) < 0)
		return tw_store_exit();
	for (i = 0; i < r->nfiles; i++)
		if (tw_purge_file(&r->p, r->files[i], 1) < 0)
			rv = TW_EXIT_USAGE;
	return rv;
}

static int
purge(struct run *r)
{
	int i, rv = 0;

	if (r->st && tw_purge_store(&r->p, r->st) < 0)
		return tw_store_exit();
	for (i = 0; i < r->nfiles; i++)
		if (tw_purge_file(&r->p, r->files[i], 0) < 0)
			rv = TW_EXIT_PARTIAL;
	if (tw_purge_state(&r->p) < 0)
		rv = tw_state_exit(TW_EXIT_CONFIG);
	if (tw_purge_journal(&r->p, tw_agent_name(), r->acct.name) < 0)
		return tw_state_exit(TW_EXIT_CONFIG);
	tw_warn("purged: %ld case%s, %ld message%s, %ld event%s, %ld "
	    "record%s in %ld file%s, %ld ledger or draft entr%s, %ld journal "
	    "line%s redacted", r->p.cases, tw_s(r->p.cases), r->p.messages,
	    tw_s(r->p.messages), r->p.events, tw_s(r->p.events), r->p.records,
	    tw_s(r->p.records), r->p.files, tw_s(r->p.files), r->p.state,
	    r->p.state == 1 ? "y" : "ies", r->p.journal, tw_s(r->p.journal));
	return rv;
}

static int
export(struct run *r)
{
	int i, rv = 0;

	r->p.exporting = 1;
	if ((rv = learn(r)) != 0)
		return rv;
	if (r->st && tw_purge_export_store(&r->p, r->st) < 0)
		return tw_store_exit();
	for (i = 0; i < r->nfiles; i++)
		if (tw_purge_export_file(&r->p, r->files[i]) < 0)
			rv = TW_EXIT_USAGE;
	if (tw_purge_export_state(&r->p) < 0)
		rv = tw_state_exit(TW_EXIT_CONFIG);
	return rv;
}

int
main(int argc, char *argv[])
{
	struct run r;
	const char *account = NULL, *who = NULL;
	struct tw_loc loc = { "argument", 0 };
	int c, i, rv = 0;

	tw_init(argv[0]);
	memset(&r, 0, sizeof r);
	tw_purge_init(&r.p);
	r.files = xcalloc(argc + 1, sizeof *r.files);
	while ((c = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (c) {
		case 'a': account = tw_optarg; break;
		case O_EXPORT: who = tw_optarg; break;
		case O_FILE: r.files[r.nfiles++] = tw_optarg; break;
		}
	}
	if (who && (tw_optind < argc || *who != '@' || !who[1]))
		tw_die(TW_EXIT_USAGE, "--export: one @USER, and no other "
		    "operand");
	if (who)
		tw_purge_add(&r.p, 'u', NULL, who, NULL);
	for (i = tw_optind; i < argc; i++) {
		loc.line = (unsigned long)(i - tw_optind + 1);
		if (target(&r.p, argv[i], &loc) < 0)
			tw_usage(&cmd);
	}
	if (!who && tw_optind == argc && isatty(STDIN_FILENO)) {
		tw_warn("what to purge? ids, @USERs or compliance records, as "
		    "operands or on standard input");
		tw_usage(&cmd);
	}
	if (!who && tw_optind == argc && (rv = read_targets(&r.p)) ==
	    TW_EXIT_USAGE)
		return tw_finish(rv);
	if ((c = tw_config_load(account, 0, &r.acct)) != 0)
		return tw_finish(c);
	if (tw_team_use(&r.acct) < 0)
		return tw_finish(tw_store_exit());
	if (tw_store_exists(&r.acct) && !(r.st = tw_store_open(&r.acct, 1)))
		return tw_finish(tw_store_exit());
	if (who)
		c = export(&r);
	else if (!r.p.nt)
		c = 0;          /* nothing asked: nothing done, nothing said */
	else if ((c = learn(&r)) == 0)
		c = purge(&r);
	if (c)
		rv = c;
	tw_store_close(r.st);
	tw_purge_free(&r.p);
	tw_account_free(&r.acct);
	free(r.files);
	return tw_finish(rv);
}
