/* tw-suggest - add suggested answers from the team's knowledge base to
 * inbound records */
#include <stdlib.h>
#include <string.h>

#include "tw.h"
#include "kb.h"
#include "macro.h"

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the brand account (direction, {dm_link}, "
	    "kb, hours)" },
	{ 'K', "kb", "DIR", "the knowledge base (default: the account's kb)" },
	{ 'k', "top", "N", "suggest the N best answers (default 3)" },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"[FILE...]",
	"Add suggested answers from a knowledge base to inbound records.",
	opts,
	NULL
};

struct ctx {
	struct tw_kb *kb;
	struct tw_macro_ctx mctx;
	size_t top;
};

/* A post or DM that is not the brand's own. */
static int
inbound(const cJSON *rec)
{
	const char *type = tw_json_str(rec, "type"),
	    *dir = tw_json_str(rec, "direction");

	if (!type || (strcmp(type, "tweet") && strcmp(type, "dm")))
		return 0;
	return !dir || !strcmp(dir, "in");
}

static int
suggest(cJSON *rec, const struct tw_loc *loc, void *ctx)
{
	struct ctx *c = ctx;
	const char *line;
	size_t len;

	(void)loc;
	if (!inbound(rec)) {
		if ((line = tw_each_line(&len)))
			tw_emit_line(line, len);
		else
			tw_emit(rec);
		tw_out_ok();
		return 0;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "suggest");
	cJSON_AddItemToObject(rec, "suggest", tw_kb_suggest_json(c->kb, rec,
	    &c->mctx, c->top));
	tw_emit(rec);
	tw_out_ok();
	return 0;
}

struct run {
	struct ctx c;
	const char *account, *dir;
	struct tw_account acct;
	struct tw_ident id, *idp;
	int bad;
};

static void
options(struct run *r, int argc, char *argv[])
{
	int ch;

	while ((ch = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (ch) {
		case 'a':
			r->account = tw_optarg;
			break;
		case 'K':
			r->dir = tw_optarg;
			break;
		case 'k':
			r->c.top = (size_t)tw_opt_number("-k", tw_optarg, 1, 100);
			break;
		}
	}
}

/* The account, then the knowledge base: 0, or an exit code. */
static int
setup(struct run *r)
{
	const char *dir;
	int rv;

	if ((rv = tw_config_load(r->account, r->account ||
	    getenv("TW_ACCOUNT"), &r->acct)))
		return rv;
	if (r->acct.user_id || r->acct.username) {
		r->id.id = r->acct.user_id;
		r->id.username = r->acct.username;
		r->idp = &r->id;
	}
	if (!(dir = tw_kb_dir(&r->acct, r->dir))) {
		tw_warn("no knowledge base: give -K DIR, or kb = DIR in the "
		    "account's section (tw-config(5))");
		return TW_EXIT_USAGE;
	}
	if (!(r->c.kb = tw_kb_open(dir, &r->bad)))
		return TW_EXIT_CONFIG;
	if (!tw_kb_size(r->c.kb))
		tw_warn("%s: no answers", dir);
	r->c.mctx = tw_kb_macro_ctx(&r->acct);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct run r = { .c.top = 3 };
	int rv;

	tw_init(argv[0]);
	options(&r, argc, argv);
	argc -= tw_optind;
	argv += tw_optind;
	if (!(rv = setup(&r))) {
		rv = tw_each_record(argc, argv, r.idp, suggest, &r.c);
		if (r.bad && !rv)
			rv = TW_EXIT_PARTIAL;
	}
	tw_kb_free(r.c.kb);
	tw_account_free(&r.acct);
	return tw_finish(rv);
}
