/* tw-triage - add priority, sentiment, intent, urgency and a queue to
 * records; drop the noise */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "tw.h"

enum { O_CRM = 256, O_MIN, O_MODEL, O_NOMODEL };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the brand account (echo, addressing)" },
	{ 'A', "all", NULL, "keep the noise, marked, instead of dropping it" },
	{ 'k', "top", "N", "print only the N highest, best first" },
	{ 'L', "lexicon", "LEXICON", "add a sentiment lexicon: [LANG=]FILE" },

	{ 'r', "rules", "FILE", "weights, ladder, queues, VIPs (tw-triage(1))" },
	{ 's', "state", "NAME", "remember ids across runs, drop repeats" },
	{ O_CRM, "crm", "CRMFILE", "customer tiers and tags (NDJSON)" },
	{ O_MIN, "min", "MIN", "print only records with priority >= MIN" },
	{ O_MODEL, "model", NULL, "sentiment by the care model (the default)" },
	{ O_NOMODEL, "no-model", NULL, "sentiment by the lexicon alone" },
	/* old spellings, until tw 0.2 (NEWS.md) */
	{ 'm', NULL, "MIN", NULL, O_MIN },
	{ 't', NULL, "CRMFILE", NULL, O_CRM },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"[FILE...]",
	"Add priority, sentiment, intent, urgency and a queue to records.",
	opts,
	NULL
};

struct top {
	int prio;
	time_t created;
	unsigned long seq;
	char *line;
};

struct ctx {
	struct tw_triage *t;
	int all;
	long min;
	size_t k;
	struct top *heap;
	size_t nheap;
	unsigned long seq;
	FILE *state;
};

/* a is worse than b: lower priority, then newer, then later */
static int
worse(const struct top *a, const struct top *b)
{
	if (a->prio != b->prio)
		return a->prio < b->prio;
	if (a->created != b->created)
		return a->created > b->created;
	return a->seq > b->seq;
}

static void
sift_down(struct top *h, size_t n, size_t i)
{
	size_t l, m;
	struct top x;

	for (;;) {
		m = i;
		l = 2 * i + 1;
		if (l < n && worse(&h[l], &h[m]))
			m = l;
		if (l + 1 < n && worse(&h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		x = h[i];
		h[i] = h[m];
		h[m] = x;
		i = m;
	}
}

static void
sift_up(struct top *h, size_t i)
{
	struct top x;

	while (i > 0 && worse(&h[i], &h[(i - 1) / 2])) {
		x = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = x;
		i = (i - 1) / 2;
	}
}

static int
cmp_best(const void *a, const void *b)
{
	const struct top *x = a, *y = b;

	return worse(x, y) ? 1 : worse(y, x) ? -1 : 0;
}

static void
keep(struct ctx *c, const cJSON *rec, int prio)
{
	struct top e;
	const char *s;

	memset(&e, 0, sizeof e);
	e.prio = prio;
	if ((s = tw_json_str(rec, "created_at")))
		tw_time_parse_rfc3339(s, &e.created);
	e.seq = c->seq++;
	if (c->nheap == c->k) {
		if (!worse(&c->heap[0], &e))
			return;
		free(c->heap[0].line);
		e.line = tw_json_line(rec);
		c->heap[0] = e;
		sift_down(c->heap, c->nheap, 0);
		return;
	}
	e.line = tw_json_line(rec);
	c->heap[c->nheap] = e;
	sift_up(c->heap, c->nheap++);
}

static int
triage(cJSON *rec, const struct tw_loc *loc, void *ctx)
{
	struct ctx *c = ctx;
	const char *noise, *id;
	const cJSON *p;
	int prio;

	(void)loc;
	noise = tw_triage_record(c->t, rec);
	if (c->state && (id = tw_json_str(rec, "id")) && tw_json_path(rec,
	    "triage"))
		fprintf(c->state, "%s\n", id);
	if (noise && !c->all)
		return 0;
	p = tw_json_path(rec, "triage.priority");
	prio = cJSON_IsNumber(p) ? p->valueint : -1;
	if (c->min > 0 && prio < c->min)
		return 0;
	if (c->k && prio >= 0)
		keep(c, rec, prio);
	else {
		tw_emit(rec);
		tw_out_ok();
	}
	return 0;
}


/* -s NAME: TW_HOME/triage/NAME.ids, or a path when NAME has a slash.
 * Loads the ids into the window; returns the file open for appending. */
static FILE *
state_open(struct tw_triage *t, const char *name, int *lock)
{
	char *path, *lname, *line;
	tw_reader r;
	FILE *fp;

	if (strchr(name, '/'))
		path = xstrdup(name);
	else {
		if (!*name || strchr(name, '.') == name)
			tw_die(TW_EXIT_USAGE, "bad state name '%s'", name);
		path = xasprintf("%s/triage-%s.ids", tw_home(), name);
	}
	lname = xasprintf("triage-%s", strchr(name, '/') ?
	    strrchr(name, '/') + 1 : name);
	if ((*lock = tw_lock(lname, 1)) < 0)
		exit(TW_EXIT_CONFIG);
	free(lname);
	if (access(path, F_OK) == 0) {
		if (tw_reader_open(&r, path) < 0)
			exit(TW_EXIT_CONFIG);
		while ((line = tw_reader_line(&r)))
			if (*line)
				tw_triage_seen(t, line);
		tw_reader_close(&r);
	}
	if (!(fp = fopen(path, "a")))
		tw_die(TW_EXIT_CONFIG, "%s: %s", path, strerror(errno));
	free(path);
	return fp;
}

/* The store's customer profiles (tw-case customer), asked for per
 * author: the store is opened at the first, when there is one and it
 * has a profile; otherwise nothing is asked. */
struct profiles {
	const struct tw_account *acct;
	struct tw_store *st;
	int state;      /* 0 not opened yet, 1 in use, -1 none, -2 failed */
};

/* Whether the store has profiles: state 1 or -1, -2 failed. */
static void
profiles_open(struct profiles *p)
{
	struct tw_q *q;
	int n, pg;

	p->state = -1;
	/* a team's store on PostgreSQL may have profiles and no case yet */
	if (!(pg = tw_store_is_pg(p->acct)) && !tw_store_exists(p->acct))
		return;
	if (!(p->st = tw_store_open(p->acct, !pg))) {
		p->state = -2;
		return;
	}
	q = tw_q(p->st, "SELECT 1 FROM customers LIMIT 1", "");
	n = tw_q_row(q);
	if (tw_q_end(q) < 0 || n < 0)
		p->state = -2;
	else if (n == 1)
		p->state = 1;
}

static int
profile_of(void *ctx, const char *account, const char *id,
    const char *username, char **tier, int *vip)
{
	struct profiles *p = ctx;
	struct tw_customer cu;
	const cJSON *t;
	cJSON *tags;
	int n;

	if (p->state == 0)
		profiles_open(p);
	if (p->state == 1 && (n = tw_customer_find(p->st, account, id,
	    username, &cu)) != 0) {
		if (n < 0)
			p->state = -2;
		else {
			*tier = cu.tier;
			cu.tier = NULL;
			tags = cJSON_Parse(cu.tags);
			cJSON_ArrayForEach(t, tags)
				if (cJSON_IsString(t) &&
				    !strcasecmp(t->valuestring, "vip"))
					*vip = 1;
			cJSON_Delete(tags);
			tw_customer_free(&cu);
		}
	}
	return p->state == -2 ? -1 : 0;
}

/* One run: the command line and what it holds until the end. */
struct run {
	struct ctx c;
	const char *account, *rules, *crm, *state;
	const char **lexarg;            /* -L [LANG=]FILE, in order */
	struct tw_lexicon **lexs;       /* the lexicons made for them */
	size_t nlex;
	struct tw_account acct;
	struct tw_ident id, *idp;       /* the brand, when configured */
	struct profiles prof;
	int lock, model;
};

/* The options into r. */
static void
options(struct run *r, int argc, char *argv[])
{
	int ch;

	while ((ch = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (ch) {
		case 'a':
			r->account = tw_optarg;
			break;
		case 'A':
			r->c.all = 1;
			break;
		case 'k':
			r->c.k = (size_t)tw_opt_number("-k", tw_optarg, 1,
			    1000000);
			break;
		case 'L':
			r->lexarg = xrealloc(r->lexarg, (r->nlex + 1) *
			    sizeof *r->lexarg);
			r->lexarg[r->nlex++] = tw_optarg;
			break;
		case O_MIN:
			r->c.min = tw_opt_number("--min", tw_optarg, 0, 100);
			break;
		case 'r':
			r->rules = tw_optarg;
			break;
		case 's':
			r->state = tw_optarg;
			break;
		case O_CRM:
			r->crm = tw_optarg;
			break;
		case O_MODEL:
		case O_NOMODEL:
			r->model = ch == O_MODEL;
			break;
		}
	}
}

/* -L [LANG=]FILE, each added to its language's lexicon: 0, or
 * TW_EXIT_USAGE when one does not load. */
static int
load_lexicons(struct run *r)
{
	size_t i;

	r->lexs = xcalloc(r->nlex + 1, sizeof *r->lexs);
	for (i = 0; i < r->nlex; i++) {
		const char *arg = r->lexarg[i], *eq = strchr(arg, '='),
		    *file = arg;
		char lang[16] = "en";
		struct tw_lexicon *lx;

		if (eq && eq > arg && (size_t)(eq - arg) < sizeof lang &&
		    !strchr(arg, '/')) {
			memcpy(lang, arg, (size_t)(eq - arg));
			lang[eq - arg] = '\0';
			file = eq + 1;
		}
		if (!(lx = tw_triage_get_lexicon(r->c.t, lang))) {
			lx = r->lexs[i] = tw_lexicon_new();
			tw_triage_lexicon(r->c.t, lang, lx);
		}
		if (tw_lexicon_load(lx, file) < 0)
			return TW_EXIT_USAGE;
		tw_triage_lexicon_only(r->c.t, lang);
	}
	return 0;
}

/* TW_NOW, RULES, CRM, lexicons, the account and the state, in that
 * order: 0, or an exit code. */
static int
setup(struct run *r)
{
	const char *now;
	time_t tnow;
	int rv;

	r->c.t = tw_triage_new();
	tw_triage_model(r->c.t, r->model);
	if ((now = getenv("TW_NOW")) && *now) {
		if (tw_time_parse(now, time(NULL), &tnow) < 0)
			tw_die(TW_EXIT_USAGE, "TW_NOW: bad time '%s'", now);
		tw_triage_now(r->c.t, tnow);
	}
	if ((r->rules && tw_triage_rules(r->c.t, r->rules) < 0) ||
	    (r->crm && tw_triage_crm(r->c.t, r->crm) < 0))
		return TW_EXIT_USAGE;
	if ((rv = load_lexicons(r)))
		return rv;
	/* An account named by -a or TW_ACCOUNT must exist; otherwise the
	 * config's default account is used when there is a config file. */
	if ((rv = tw_config_load(r->account, r->account ||
	    getenv("TW_ACCOUNT"), &r->acct)))
		return rv;
	if (r->acct.user_id || r->acct.username) {
		r->id.id = r->acct.user_id;
		r->id.username = r->acct.username;
		r->idp = &r->id;
		tw_triage_account(r->c.t, r->acct.user_id, r->acct.username);
	}
	r->prof.acct = &r->acct;
	tw_triage_lookup(r->c.t, profile_of, &r->prof);
	if (r->state)
		r->c.state = state_open(r->c.t, r->state, &r->lock);
	if (r->c.k)
		r->c.heap = xcalloc(r->c.k, sizeof *r->c.heap);
	return 0;
}

/* After the records: the -k best, then the state file closed. */
static int
finish(struct run *r, int rv)
{
	struct ctx *c = &r->c;
	size_t i;

	if (c->k) {
		qsort(c->heap, c->nheap, sizeof *c->heap, cmp_best);
		for (i = 0; i < c->nheap; i++) {
			fputs(c->heap[i].line, stdout);
			putchar('\n');
			free(c->heap[i].line);
		}
		free(c->heap);
	}
	/* a write error is said now, while errno is still the write's (the
	 * store's connection, closed later, may change it) */
	fflush(stdout);
	tw_out_ok();
	/* the ids are remembered once the records are out */
	if (fflush(stdout) == 0 && c->state && fclose(c->state) != 0) {
		tw_warn("%s: %s", r->state, strerror(errno));
		rv = TW_EXIT_CONFIG;
	}
	if (r->lock >= 0)
		close(r->lock);
	if (r->prof.state == -2 && tw_store_exit() > rv)
		rv = tw_store_exit();
	return rv;
}

/* Free what r holds (the lexicons after the triage, which uses them). */
static void
run_free(struct run *r)
{
	size_t i;

	tw_triage_free(r->c.t);
	tw_store_close(r->prof.st);
	for (i = 0; r->lexs && i < r->nlex; i++)
		tw_lexicon_free(r->lexs[i]);
	free(r->lexs);
	free(r->lexarg);
	tw_account_free(&r->acct);
}

int
main(int argc, char *argv[])
{
	struct run r = { .lock = -1, .model = 1 };
	int rv;

	tw_init(argv[0]);
	options(&r, argc, argv);
	argc -= tw_optind;
	argv += tw_optind;
	if (!(rv = setup(&r)))
		rv = finish(&r, tw_each_record(argc, argv, r.idp, triage,
		    &r.c));
	run_free(&r);
	return tw_finish(rv);
}
