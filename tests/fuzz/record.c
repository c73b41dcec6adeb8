/* record.c - the record reader and normaliser, as tw-norm and tw-triage
 * run them on every line: tw_each_record_src over a file (the line
 * reader and its input policy, tw_parse_line, the shape, tw_normalize
 * for v2 pages, v1.1 tweets, DMs, Account Activity and error bodies),
 * then per record what the programs do with it: tw-norm prints it
 * (tw_json_append, in cJSON arena mode as tw-norm runs), tw-triage
 * triages and prints it.
 *
 * Findings (abort), besides crashes, leaks and sanitizer reports:
 *  - a printed record is not what cJSON_PrintUnformatted prints for it
 *    (tw_json_append promises the same bytes, ndjson.h);
 *  - tw-norm's output normalised again is not the same output (records
 *    pass through, filled only where they lack a key). */
#include "fuzz.h"

static struct tw_triage *tri;
static tw_buf out;
static tw_buf *lines;           /* where norm() keeps what it prints */
static int toolong;             /* one was past TW_MAX_LINE */

static void
check_print(const cJSON *rec)
{
	char *c = cJSON_PrintUnformatted(rec);

	tw_buf_reset(&out);
	tw_json_append(&out, rec);
	FZ_ASSERT(c && strcmp(c, out.s) == 0, "tw_json_append gives\n%s\n"
	    "cJSON_PrintUnformatted gives\n%s", out.s, c ? c : "(null)");
	cJSON_free(c);
}

/* tw-norm's callback: the record printed */
static int
norm(cJSON *rec, const struct tw_loc *loc, void *ctx)
{
	(void)loc;
	(void)ctx;
	check_print(rec);
	if (lines) {
		tw_buf_add(lines, out.s, out.len);
		tw_buf_addc(lines, '\n');
		toolong |= out.len > 8192;
	}
	return 0;
}

/* tw-triage's: triaged, then printed */
static int
triage(cJSON *rec, const struct tw_loc *loc, void *ctx)
{
	(void)loc;
	(void)ctx;
	tw_triage_record(tri, rec);
	check_print(rec);
	return 0;
}

static void
done(void)
{
	tw_triage_free(tri);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	/* lines past 8 KiB are skipped: the fuzzer reaches that bound */
	setenv("TW_MAX_LINE", "8k", 1);
	/* one triage for the run (a new one costs 13 ms under ASan); its
	 * clock fixed */
	tri = tw_triage_new();
	tw_triage_now(tri, 1795000000);
	atexit(done);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tw_ident acct = { "100", "brand" };
	char *argv[] = { fz_file("input", data, size), NULL };

	tw_buf once = { 0 }, twice = { 0 };
	char *again[] = { NULL, NULL };

	/* tw-norm -s mentions, an account set: the cJSON arena; then its
	 * output through it again */
	tw_ndjson_arena(1);
	lines = &once;
	toolong = 0;
	tw_each_record_src(1, argv, &acct, "mentions", norm, NULL);
	if (once.len && !toolong) {
		again[0] = fz_file("output", (const uint8_t *)once.s, once.len);
		lines = &twice;
		tw_each_record_src(1, again, &acct, "mentions", norm, NULL);
		FZ_ASSERT(twice.len == once.len &&
		    memcmp(twice.s, once.s, once.len) == 0,
		    "tw-norm's output changes when normalised again:\n%s---\n%s",
		    once.s, twice.s ? twice.s : "");
	}
	lines = NULL;
	tw_buf_free(&once);
	tw_buf_free(&twice);
	tw_ndjson_arena(0);
	/* tw-triage: as new each time (it remembers ids and texts) */
	tw_triage_reset(tri);
	tw_triage_account(tri, acct.id, acct.username);
	tw_each_record(1, argv, &acct, triage, NULL);
	/* and with no account at all */
	tw_each_record(1, argv, NULL, norm, NULL);
	tw_buf_free(&out);
	return 0;
}
