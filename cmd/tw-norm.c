/* tw-norm - normalise X API pages, v1.1 tweets and records to records */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tw.h"

enum { O_SOURCE = 256 };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account records are for (direction)" },
	{ O_SOURCE, "source", "SOURCE", "set \"source\" on records that have none" },
	/* old spellings, until tw 0.2 (NEWS.md) */
	{ 's', NULL, "SOURCE", NULL, O_SOURCE },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"[FILE...]",
	"Normalise X API v2 pages, v1.1 tweets and records into tw records.",
	opts,
	NULL
};

/* Who the records are for, and their source: what tw_record_fill adds. */
struct fill {
	const struct tw_ident *acct;
	const char *source;
};

/* A record that normalising would give back unchanged, byte for byte,
 * goes out as it came in, never parsed: records -> records at the speed
 * of a scan. */
static int
as_is(const char *line, size_t len, const struct tw_loc *loc, void *ctx)
{
	const struct fill *f = ctx;

	(void)loc;
	if (!tw_record_as_is(line, len, f->acct, f->source))
		return 0;
	tw_emit_line(line, len);
	tw_out_ok();
	return 1;
}

static int
emit(cJSON *rec, const struct tw_loc *loc, void *ctx)
{
	(void)loc;
	(void)ctx;
	tw_emit(rec);
	/* Stop at the first write error rather than read on for nothing. */
	tw_out_ok();
	return 0;
}

int
main(int argc, char *argv[])
{
	struct tw_account acct = { 0 };
	struct tw_ident id = { NULL, NULL }, *idp = NULL;
	const char *name = NULL, *source = NULL;
	struct fill f;
	int c, rv;

	tw_init(argv[0]);
	while ((c = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (c) {
		case 'a':
			name = tw_optarg;
			break;
		case O_SOURCE:
			if (!*tw_optarg)
				tw_die(TW_EXIT_USAGE, "empty source");
			source = tw_optarg;
			break;
		}
	}
	argc -= tw_optind;
	argv += tw_optind;

	/* An account named by -a or TW_ACCOUNT must exist; otherwise the
	 * config's default account is used when there is a config file. */
	if ((rv = tw_config_load(name, name || getenv("TW_ACCOUNT"), &acct)))
		return tw_finish(rv);
	if (acct.user_id || acct.username) {
		id.id = acct.user_id;
		id.username = acct.username;
		idp = &id;
	}
	tw_ndjson_arena(1);     /* emit keeps nothing */
	f.acct = idp;
	f.source = source;
	tw_ndjson_prefilter(as_is);
	rv = tw_each_record_src(argc, argv, idp, source, emit, &f);
	tw_account_free(&acct);
	return tw_finish(rv);
}
