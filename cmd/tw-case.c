/* tw-case - cases: file records, the queue, claims, the whole story */
#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tw.h"

enum { O_MINE = 256, O_UNASSIGNED, O_STATUS, O_REASON, O_SINCE, O_CRM,
    O_FOLLOW };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account from the config file" },
	{ 'f', "format", "FORMAT", "customer export: ndjson (the default) or "
	    "csv" },
	{ 'k', "top", "N", "print only the N highest, best first" },
	{ 'o', "owner", "AGENT", "ls: the cases AGENT holds" },
	{ 'q', "queue", "QUEUE", "ls, next: only cases in QUEUE" },
	{ O_CRM, "crm", "CRMFILE", "customer tiers and tags (NDJSON)" },
	{ O_FOLLOW, "follow", NULL, "ls: then each case again as it changes" },
	{ O_MINE, "mine", NULL, "ls: the cases this agent holds" },
	{ O_REASON, "reason", "TEXT", "why: kept with the event" },
	{ O_SINCE, "since", "TIME", "log: events from TIME on" },
	{ O_STATUS, "status", "STATE", "ls: cases in STATE (new, open, "
	    "pending, resolved, escalated)" },
	{ O_UNASSIGNED, "unassigned", NULL, "ls: cases nobody holds" },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"add [FILE...] | ls | next | show CASE | log | journal | migrate [TW_HOME] | "
	    "batch | customer import [FILE...]|export|show USER... | claim|release|pending|"
	    "resolve|reopen CASE... | assign AGENT CASE... | note TEXT CASE... | "
	    "tag +T|-T... CASE... | escalate QUEUE CASE...",
	"File records into cases; the queue, claims, notes and resolutions; a "
	    "customer's whole story; the case events; the journal; a machine's state into the team's store; customer profiles.",
	opts,
	"add ls next show log journal migrate batch customer claim release assign note tag pending resolve "
	    "reopen escalate"
};

struct args {
	const char *account, *queue, *owner, *status, *reason, *since, *crm,
	    *format;
	int mine, unassigned, follow;
	long top;
};

/* ---- add ---- */

#define BATCH 2000

struct adder {
	struct tw_cases *c;
	tw_buf out;             /* the batch's records, out after commit */
	int n, intx;
};

/* Commit the batch, then let its records go on. */
static void
commit(void *vctx)
{
	struct adder *a = vctx;

	if (!a->intx)
		return;
	a->intx = 0;
	if (tw_store_commit(a->c->st) < 0) {
		/* nothing of the batch is out, nothing of it is in */
		fflush(stdout);
		exit(tw_finish(tw_store_exit()));
	}
	fwrite(a->out.s, 1, a->out.len, stdout);
	tw_out_ok();
	tw_buf_reset(&a->out);
	a->n = 0;
}

static int
add_one(cJSON *rec, const struct tw_loc *loc, void *vctx)
{
	struct adder *a = vctx;
	size_t len;
	int r;

	if (!a->intx) {
		if (tw_store_begin(a->c->st) < 0)
			exit(tw_finish(tw_store_exit()));
		a->intx = 1;
	}
	len = a->out.len;
	a->c->raw = tw_each_line(&a->c->rawlen);
	if ((r = tw_case_add(a->c, rec, loc, &a->out)) == -2) {
		tw_store_rollback(a->c->st);
		fflush(stdout);
		exit(tw_finish(tw_store_exit()));
	}
	if (a->out.len == len)  /* not filed: passed on as it came */
		tw_json_append(&a->out, rec);
	tw_buf_addc(&a->out, '\n');
	if (++a->n >= BATCH)
		commit(a);
	return r < 0 ? -1 : 0;
}

static int
do_add(struct tw_cases *c, int argc, char *argv[])
{
	struct adder a = { c, { 0 }, 0, 0 };
	int rv;

	if (tw_store_bulk(c->st) < 0)
		return tw_store_exit();
	tw_ndjson_idle(commit, &a);
	tw_ndjson_arena(1);     /* add_one keeps no cJSON past a line */
	rv = tw_each_record(argc, argv, NULL, add_one, &a);
	tw_ndjson_arena(0);
	commit(&a);
	tw_ndjson_idle(NULL, NULL);
	tw_buf_free(&a.out);
	return rv;
}

/* ---- the rest ---- */

static cJSON *
load_crm(const char *path)
{
	tw_reader r;
	cJSON *all = cJSON_CreateArray(), *o;
	char *line;

	if (tw_reader_open(&r, path) < 0)
		exit(tw_finish(TW_EXIT_USAGE));
	while ((line = tw_reader_line(&r)))
		if (*line && (o = tw_parse_line(line, r.len, &r.loc)))
			cJSON_AddItemToArray(all, o);
	tw_reader_close(&r);
	return all;
}

static int
store_rv(int r)
{
	return r == -2 ? tw_store_exit() : r ? TW_EXIT_PARTIAL : 0;
}

static int
do_show(struct tw_cases *c, const struct args *o, int argc, char *argv[])
{
	cJSON *crm = o->crm ? load_crm(o->crm) : NULL;
	long long id;
	int r, rv = 0;

	if (argc < 1)
		tw_die(TW_EXIT_USAGE, "show: which case?");
	for (int i = 0; i < argc && rv < TW_EXIT_CONFIG; i++) {
		if ((r = tw_case_find(c, argv[i], &id)) == 0)
			r = tw_case_show(c, id, crm);
		if (store_rv(r) > rv)
			rv = store_rv(r);
	}
	cJSON_Delete(crm);
	return rv;
}

static void
keep_rec(const cJSON *rec, void *vb)
{
	tw_json_append(vb, rec);
	tw_buf_addc(vb, '\n');
}

/* The claimed case and its story, into the buffer b, read inside the
 * claim's transaction (tw_case_next_then). */
static int
show_claimed(struct tw_cases *c, long long id, void *b)
{
	int r;

	tw_emit_hook(keep_rec, b);
	r = tw_case_show(c, id, NULL);
	tw_emit_hook(NULL, NULL);
	return r < 0 ? -2 : 0;
}

static int
do_next(struct tw_cases *c, const struct args *o)
{
	tw_buf out = { 0 };
	long long id;
	int r = tw_case_next_then(c, o->queue, &id, show_claimed, &out);

	if (r == 1) {           /* printed once the claim is committed */
		fwrite(out.s, 1, out.len, stdout);
		tw_out_ok();
	}
	tw_buf_free(&out);
	if (r == 0) {
		tw_warn("no case to claim%s%s", o->queue ? " in " : "",
		    o->queue ? o->queue : "");
		return TW_EXIT_PARTIAL;
	}
	return r < 0 ? tw_store_exit() : 0;
}

/* An action on each CASE operand. */
static int
do_act(struct tw_cases *c, const struct args *o, int act, int argc,
    char *argv[])
{
	const char *arg = NULL;
	long long id;
	int i = 0, r, rv = 0;
	tw_buf tags = { 0 };

	if (act == TW_CASE_ASSIGN || act == TW_CASE_NOTE ||
	    act == TW_CASE_ESCALATE) {
		if (argc < 1 || !*argv[0])
			tw_die(TW_EXIT_USAGE, "%s: give the %s first",
			    argv[-1], act == TW_CASE_ASSIGN ? "agent" :
			    act == TW_CASE_NOTE ? "text" : "queue");
		arg = argv[i++];
	} else if (act == TW_CASE_TAG) {
		for (; i < argc && (argv[i][0] == '+' || argv[i][0] == '-'); i++) {
			if (!argv[i][1] || strpbrk(argv[i] + 1, " \t,+"))
				tw_die(TW_EXIT_USAGE, "tag: bad tag '%s'", argv[i]);
			tw_arg_utf8("tag", argv[i]);
		}
		if (i == 0)
			tw_die(TW_EXIT_USAGE, "tag: give +TAG or -TAG first");
	}
	/* nothing invalid goes into the store or the case log */
	tw_arg_utf8(act == TW_CASE_NOTE ? "note" : act == TW_CASE_ASSIGN ?
	    "agent" : "queue", arg);
	tw_arg_utf8("--reason", o->reason);
	if (i >= argc)
		tw_die(TW_EXIT_USAGE, "%s: which case?", argv[-1]);
	/* checked before anything is held, so a batch's usage error leaks
	 * nothing */
	for (int k = 0; act == TW_CASE_TAG && k < i; k++)
		tw_buf_printf(&tags, "%s ", argv[k]);
	if (act == TW_CASE_TAG)
		arg = tags.s;
	for (; i < argc && rv < TW_EXIT_CONFIG; i++) {
		if ((r = tw_case_find(c, argv[i], &id)) == 0)
			r = tw_case_act(c, id, act, arg, o->reason);
		if (store_rv(r) > rv)
			rv = store_rv(r);
	}
	tw_buf_free(&tags);
	return rv;
}

static int
do_list(struct tw_cases *c, const struct args *o)
{
	static const char *const states[] = { "new", "open", "pending",
	    "resolved", "escalated" };
	struct tw_case_filter f = { o->queue, o->owner, o->status,
	    o->unassigned, o->top };
	size_t i;

	if (o->mine)
		f.owner = c->agent;
	for (i = 0; f.state && i < sizeof states / sizeof states[0]; i++)
		if (!strcmp(f.state, states[i]))
			break;
	if (f.state && i == sizeof states / sizeof states[0])
		tw_die(TW_EXIT_USAGE, "--status: no state '%s' (new, open, "
		    "pending, resolved, escalated)", f.state);
	return store_rv(o->follow ? tw_case_follow(c, &f) :
	    tw_case_list(c, &f));
}

static int
print_line(const char *line, void *ctx)
{
	(void)ctx;
	puts(line);
	tw_out_ok();
	return 0;
}

/* The journal: TW_HOME's, or the team's on its store. */
static int
do_journal(const struct tw_account *a)
{
	if (tw_team_use(a) < 0)
		return tw_store_exit();
	if (tw_journal_scan(NULL, NULL, print_line, NULL) < 0)
		return tw_state_exit(TW_EXIT_CONFIG);
	return 0;
}

/* A TW_HOME (this one, or the one named) into the team's store. */
static int
do_migrate(const struct tw_account *a, int argc, char **argv)
{
	struct tw_migrated m;
	struct tw_store *to;
	const char *home = argc > 0 ? argv[0] : tw_home();

	if (argc > 1)
		tw_die(TW_EXIT_USAGE, "migrate: one TW_HOME at a time");
	if (!tw_store_is_pg(a))
		tw_die(TW_EXIT_USAGE, "migrate: the store is not on PostgreSQL: "
		    "name the team's (store = postgresql://... in the config's "
		    "[store] section, or TW_STORE) first; see tw-config(5)");
	if (access(home, F_OK) < 0)
		tw_die(TW_EXIT_USAGE, "migrate: %s: %s", home, strerror(errno));
	if (!(to = tw_store_open(a, 0)))
		return tw_store_exit();
	if (tw_migrate(home, to, &m) < 0) {
		tw_store_close(to);
		return tw_store_exit();
	}
	tw_warn("migrated %s into %s: %ld case%s (%ld event%s, %ld message%s), "
	    "%ld ledger, draft and checkpoint file%s, %ld journal line%s, "
	    "%ld customer profile%s; there already: %ld case%s, %ld file%s, "
	    "%ld journal line%s, %ld profile%s", home,
	    tw_store_path(to), m.cases, tw_s(m.cases), m.events,
	    tw_s(m.events), m.messages, tw_s(m.messages), m.state,
	    tw_s(m.state), m.journal, tw_s(m.journal), m.customers,
	    tw_s(m.customers), m.cases_there, tw_s(m.cases_there),
	    m.state_there, tw_s(m.state_there), m.journal_there,
	    tw_s(m.journal_there), m.customers_there, tw_s(m.customers_there));
	tw_store_close(to);
	return 0;
}

/* ---- customer profiles ---- */

static int
customer_import(struct tw_cases *c, int argc, char *argv[])
{
	const char *acct = c->acct ? c->acct->user_id : NULL;
	long changed = 0, same = 0;
	int i, r, rv = 0;

	for (i = 0; i < argc || (i == 0 && argc == 0); i++) {
		r = tw_customer_import(c->st, acct, argc ? argv[i] : "-",
		    c->now, &changed, &same);
		if (r == -2)
			return tw_store_exit();
		if (r == 2)
			r = TW_EXIT_USAGE;
		if (r > rv)
			rv = r;
	}
	tw_warn("customers: %ld profile%s changed, %ld the same", changed,
	    tw_s(changed), same);
	return rv;
}

static int
customer_show(struct tw_cases *c, int argc, char *argv[])
{
	struct tw_customer cu;
	cJSON *o;
	int i, n, rv = 0;

	if (argc < 1)
		tw_die(TW_EXIT_USAGE, "customer show: which customer (@name or "
		    "user id)?");
	for (i = 0; i < argc; i++) {
		n = tw_customer_find(c->st, c->acct ? c->acct->user_id : NULL,
		    argv[i][0] == '@' ? NULL : argv[i], argv[i][0] == '@' ?
		    argv[i] : NULL, &cu);
		if (n < 0)
			return tw_store_exit();
		if (n == 0) {
			tw_warn("customer show: no profile for %s", argv[i]);
			rv = TW_EXIT_PARTIAL;
			continue;
		}
		o = tw_customer_json(&cu);
		tw_emit(o);
		cJSON_Delete(o);
		tw_customer_free(&cu);
	}
	return rv;
}

/* customer import [FILE...] | export | show USER... */
static int
do_customer(struct tw_cases *c, const struct args *o, int argc, char *argv[])
{
	const char *what = argc > 0 ? argv[0] : "";

	if (o->format && strcmp(o->format, "ndjson") && strcmp(o->format, "csv"))
		tw_die(TW_EXIT_USAGE, "-f: ndjson or csv, not '%s'", o->format);
	if (!strcmp(what, "import"))
		return customer_import(c, argc - 1, argv + 1);
	if (!strcmp(what, "show"))
		return customer_show(c, argc - 1, argv + 1);
	if (strcmp(what, "export"))
		tw_die(TW_EXIT_USAGE, "customer: import, export or show, not "
		    "'%s'", what);
	if (argc > 1)
		tw_die(TW_EXIT_USAGE, "customer export: no operands");
	return tw_customer_export(c->st, c->acct ? c->acct->user_id : NULL,
	    o->format && !strcmp(o->format, "csv")) < 0 ? tw_store_exit() : 0;
}

/* Options may come before or after the command word, except that every
 * word after "tag" or "note" is theirs ("-vip" is a tag, not an
 * option).  The operands are moved to argv[1..]; their count. */
static int
parse(int argc, char *argv[], struct args *o)
{
	int ch, n = 0;

	memset(o, 0, sizeof *o);
	for (;;) {
		while ((ch = tw_getopt(argc, argv, &cmd)) != -1) {
			switch (ch) {
			case 'a': o->account = tw_optarg; break;
			case 'f': o->format = tw_optarg; break;
			case 'k': o->top = tw_opt_number("-k", tw_optarg, 1,
			    1000000000); break;
			case 'o': o->owner = tw_optarg; break;
			case 'q': o->queue = tw_optarg; break;
			case O_CRM: o->crm = tw_optarg; break;
			case O_MINE: o->mine = 1; break;
			case O_REASON: o->reason = tw_optarg; break;
			case O_SINCE: o->since = tw_optarg; break;
			case O_STATUS: o->status = tw_optarg; break;
			case O_UNASSIGNED: o->unassigned = 1; break;
			case O_FOLLOW: o->follow = 1; break;
			}
		}
		if (tw_optind >= argc)
			break;
		if (!strcmp(argv[tw_optind - 1], "--") || (n > 0 &&
		    (!strcmp(argv[1], "tag") || !strcmp(argv[1], "note")))) {
			while (tw_optind < argc)
				argv[1 + n++] = argv[tw_optind++];
			break;
		}
		argv[1 + n++] = argv[tw_optind++];
		if (n == 1 && (!strcmp(argv[1], "tag") || !strcmp(argv[1], "note"))) {
			while (tw_optind < argc)
				argv[1 + n++] = argv[tw_optind++];
			break;
		}
	}
	return n;
}

/* One command on the open store: what (argv[-1]) with its operands. */
static int
run(struct tw_cases *c, const struct args *o, const char *what, int act,
    int argc, char *argv[])
{
	time_t since = 0;

	if (o->since && tw_time_parse(o->since, c->now, &since) < 0)
		tw_die(TW_EXIT_USAGE, "--since: bad time '%s'", o->since);
	if (!strcmp(what, "add"))
		return do_add(c, argc, argv);
	if (!strcmp(what, "ls"))
		return do_list(c, o);
	if (!strcmp(what, "next"))
		return do_next(c, o);
	if (!strcmp(what, "show"))
		return do_show(c, o, argc, argv);
	if (!strcmp(what, "customer"))
		return do_customer(c, o, argc, argv);
	if (!strcmp(what, "log"))
		return store_rv(tw_case_log(c, since));
	return do_act(c, o, act, argc, argv);
}

/* ---- batch: one process, one connection, many commands ---- */

#define BATCH_WORDS 1024

static jmp_buf batch_jmp;

static TW_NORETURN void
batch_catch(int code)
{
	longjmp(batch_jmp, code + 1);   /* setjmp's 0 is the first return */
}

/* A command word, to name in a done line (JSON as it is). */
static const char *
batch_word(const char *w)
{
	return tw_case_act_of(w) >= 0 || !strcmp(w, "ls") || !strcmp(w, "next")
	    || !strcmp(w, "show") || !strcmp(w, "log") ? w : "";
}

/* A command of a batch line, or a usage error (exit 2, one line). */
static int
batch_one(struct tw_cases *c, int argc, char *argv[])
{
	struct args o;
	const char *what;
	int act;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "tag") || !strcmp(argv[i], "note"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") ||
		    !strcmp(argv[i], "-V") || !strcmp(argv[i], "--version") ||
		    !strcmp(argv[i], "--tw-options"))
			tw_die(TW_EXIT_USAGE, "batch: %s is not a batch command",
			    argv[i]);
	}
	tw_optind = 0;          /* getopt starts afresh on each line */
	argc = parse(argc, argv, &o);
	if (argc < 1)
		return 0;
	what = argv[1];
	act = tw_case_act_of(what);
	if (act < 0 && strcmp(what, "ls") && strcmp(what, "next") &&
	    strcmp(what, "show") && strcmp(what, "log"))
		tw_die(TW_EXIT_USAGE, "batch: no command '%s' in a batch (ls, "
		    "next, show, log, or an action)", what);
	if (o.account || o.follow || o.crm)
		tw_die(TW_EXIT_USAGE, "batch: %s is the batch's own, not a line's",
		    o.account ? "-a" : o.follow ? "--follow" : "--crm");
	tw_clock(&c->now);      /* the claims' clock moves on */
	return run(c, &o, what, act, argc - 1, argv + 2);
}

/* The done record of the command on line n of the batch. */
static void
batch_done(unsigned long n, const char *word, int rv)
{
	fflush(stderr);
	printf("{\"type\":\"done\",\"line\":%lu,\"command\":\"%s\","
	    "\"exit\":%d}\n", n, word, rv);
	fflush(stdout);
	tw_out_ok();
}

/* Commands from standard input, a line each, on one open store, each
 * followed by its done record (tw-case(1)); a line the reader skipped
 * (not text) gets one too, with exit 2, so that a client waiting for it
 * never hangs.  A store that fails ends the batch with its status. */
static int
do_batch(struct tw_cases *c, int argc)
{
	char *words[BATCH_WORDS], *line;
	const char *err = NULL;
	static char prog[] = "tw-case";
	volatile int rv = 0;
	volatile unsigned long last = 0;
	tw_reader r;
	int nw;

	if (argc > 0)
		tw_die(TW_EXIT_USAGE, "batch: the commands come on standard input");
	tw_reader_from(&r, stdin, "<stdin>");
	tw_die_catch(batch_catch);
	while (rv < TW_EXIT_CONFIG) {
		line = tw_reader_line(&r);
		while (++last < r.loc.line + !line)     /* lines skipped */
			batch_done(last, "", TW_EXIT_USAGE);
		if (!line)
			break;
		words[0] = prog;
		if ((nw = tw_split_words(line, words + 1, BATCH_WORDS - 2,
		    &err)) == 0 || (nw > 0 && words[1][0] == '#'))
			continue;
		words[nw > 0 ? nw + 1 : 1] = NULL;
		if ((rv = setjmp(batch_jmp)) != 0)
			rv--;           /* tw_die or tw_usage: its status */
		else if (nw < 0)
			tw_die(TW_EXIT_USAGE, "batch: line %lu: %s", r.loc.line, err);
		else
			rv = batch_one(c, nw + 1, words);
		batch_done(r.loc.line, nw > 0 ? batch_word(words[1]) : "", rv);
	}
	tw_die_catch(NULL);
	rv = rv >= TW_EXIT_CONFIG ? rv : r.stopped ? TW_EXIT_USAGE : 0;
	tw_reader_close(&r);
	return rv;
}

int
main(int argc, char *argv[])
{
	struct tw_account acct;
	struct tw_cases c;
	struct args o;
	const char *what;
	int rv, act;

	tw_init(argv[0]);
	argc = parse(argc, argv, &o);
	argv++;
	if (argc < 1) {
		tw_warn("what to do? add, ls, next, show, log, journal, migrate, "
		    "batch, customer, or an action");
		tw_usage(&cmd);
	}
	what = *argv++;
	argc--;
	act = tw_case_act_of(what);
	if (act < 0 && strcmp(what, "add") && strcmp(what, "ls") &&
	    strcmp(what, "next") && strcmp(what, "show") && strcmp(what, "log") &&
	    strcmp(what, "journal") && strcmp(what, "migrate") &&
	    strcmp(what, "batch") && strcmp(what, "customer")) {
		tw_warn("no command '%s'", what);
		tw_usage(&cmd);
	}
	if ((rv = tw_config_load(o.account, 0, &acct)) != 0)
		return tw_finish(rv);
	if (!strcmp(what, "journal") || !strcmp(what, "migrate")) {
		rv = !strcmp(what, "journal") ? do_journal(&acct) :
		    do_migrate(&acct, argc, argv);
		tw_account_free(&acct);
		return tw_finish(rv);
	}
	if ((rv = tw_cases_open(&c, &acct, 0)) != 0) {
		tw_account_free(&acct);
		return tw_finish(rv);
	}
	/* actions go in the journal: the team's, when it has one, on the
	 * same connection (each action's line commits with it) */
	if (act >= 0 || !strcmp(what, "next") || !strcmp(what, "batch"))
		tw_team_share(c.st);
	rv = !strcmp(what, "batch") ? do_batch(&c, argc) :
	    run(&c, &o, what, act, argc, argv);
	tw_team_unshare(c.st);
	tw_cases_close(&c);
	tw_account_free(&acct);
	return tw_finish(rv);
}
