/* tw-audit - the journal as an audit trail: export a period, verify the
 * chain */
#include <stdlib.h>
#include <string.h>

#include "tw.h"

enum { O_SINCE = 256, O_UNTIL, O_VERIFY, O_HEAD };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account whose journal (a team's store)" },
	{ 'f', "format", "FORMAT", "ndjson (the default) or csv" },
	{ O_HEAD, "head", "HASH", "with --verify: a line with this hash is still there" },
	{ O_SINCE, "since", "TIME", "events at TIME or later" },
	{ O_UNTIL, "until", "TIME", "events before TIME" },
	{ O_VERIFY, "verify", NULL, "check the whole chain instead" },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"[-f ndjson|csv] [--since TIME] [--until TIME] | --verify [--head HASH]",
	"Export the journal's events for a period, or verify that none was "
	    "changed, removed or moved.",
	opts, NULL
};

/* The trail's columns: the journal's keys, in this order. */
static const char *const cols[] = {
	"line", "time", "event", "action", "agent", "approver", "author",
	"account", "to", "customer_id", "in_reply_to", "case", "id", "draft",
	"text", "before", "after", "media", "reason", "auto", "key", "purge",
	"targets", "was", NULL
};

struct audit {
	time_t since, until;
	int csv;
	long line;              /* the journal's line number */
	int failed;
	/* --verify */
	char prev[65];          /* the hash of the line before */
	char **pending;         /* redacted lines no purge has vouched for: */
	long *pline;            /* their hashes ("was") and line numbers */
	size_t npending;
	long first;             /* the first chained line, or 0 */
	const char *head;       /* --head */
	int head_seen;
	long broken;            /* the line where the chain broke */
};

/* A value as CSV text: strings as they are, numbers, true and false;
 * an array's strings joined by spaces (media ids). */
static void
csv_value(tw_buf *b, const cJSON *v)
{
	tw_buf t = { 0 };
	const cJSON *e;

	if (cJSON_IsString(v))
		tw_csv_field(b, v->valuestring);
	else if (cJSON_IsNumber(v)) {
		tw_buf_printf(&t, "%.17g", v->valuedouble);
		tw_csv_field(b, t.s);
	} else if (cJSON_IsBool(v))
		tw_buf_adds(b, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(e, v) {
			char *j = cJSON_IsString(e) ? NULL : tw_json_line(e);

			tw_buf_printf(&t, "%s%s", t.len ? " " : "",
			    j ? j : e->valuestring);
			free(j);
		}
		tw_csv_field(b, t.s ? t.s : "");
	}
	tw_buf_free(&t);
}

/* The event of journal line j as the trail's record: its line number,
 * a case's action as the event ("claim", not "case"). */
static cJSON *
trail_record(const cJSON *j, long line)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *v;
	const char *ev = tw_json_str(j, "event");
	int i;

	cJSON_AddNumberToObject(o, "line", (double)line);
	for (i = 1; cols[i]; i++) {
		v = cJSON_GetObjectItemCaseSensitive(j, cols[i]);
		if (!strcmp(cols[i], "event") && ev && !strcmp(ev, "case") &&
		    tw_json_str(j, "action"))
			v = cJSON_GetObjectItemCaseSensitive(j, "action");
		if (!strcmp(cols[i], "action"))
			continue;
		if (v && !cJSON_IsNull(v))
			cJSON_AddItemToObject(o, cols[i], cJSON_Duplicate(v, 1));
	}
	return o;
}

static void
csv_row(const cJSON *o)
{
	tw_buf b = { 0 };
	int i, n = 0;

	for (i = 0; cols[i]; i++) {
		if (!strcmp(cols[i], "action"))
			continue;
		if (n++)
			tw_buf_addc(&b, ',');
		csv_value(&b, cJSON_GetObjectItemCaseSensitive(o, cols[i]));
	}
	tw_buf_adds(&b, "\r\n");
	fwrite(b.s, 1, b.len, stdout);
	tw_buf_free(&b);
}

static void
csv_header(void)
{
	int i, n = 0;

	for (i = 0; cols[i]; i++)
		if (strcmp(cols[i], "action"))
			printf("%s%s", n++ ? "," : "", cols[i]);
	fputs("\r\n", stdout);
}

static int
export(const char *line, size_t len, void *ctx)
{
	struct audit *a = ctx;
	const char *t;
	cJSON *j, *o;
	time_t when;

	(void)len;
	a->line++;
	if (!(j = cJSON_Parse(line))) {
		tw_warn("journal:%ld: not a JSON object; skipped", a->line);
		a->failed = 1;
		return 0;
	}
	t = tw_json_str(j, "time");
	if (t && tw_time_parse_rfc3339(t, &when) == 0 &&
	    (!a->since || when >= a->since) && (!a->until || when < a->until)) {
		o = trail_record(j, a->line);
		if (a->csv)
			csv_row(o);
		else
			tw_emit(o);
		cJSON_Delete(o);
		tw_out_ok();
	}
	cJSON_Delete(j);
	return 0;
}

/* The "prev" a line ends with: ,"prev":"<64 hex>"} (the journal puts
 * it last), or NULL. */
static const char *
prev_of(const char *line, size_t len)
{
	static const char tag[] = ",\"prev\":\"";
	const char *p;
	size_t k = sizeof tag - 1, i;

	if (len < k + 64 + 2 || memcmp(line + len - 2, "\"}", 2))
		return NULL;
	p = line + len - 2 - 64;
	if (memcmp(p - k, tag, k))
		return NULL;
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", p[i]))
			return NULL;
	return p;
}

/* A redacted line (tw-purge, REDACTION in tw-audit(1)) stands in the
 * chain for the line it was: its "was" is that line's hash, put in
 * hash, and waits for the purge line that names it.  A purge line
 * vouches for the redactions it names.  -1 for any other line. */
static int
redaction(struct audit *a, const char *line, size_t len, char hash[65])
{
	cJSON *o, *e;
	const char *ev, *was;
	size_t i;
	int rv = -1;

	if (!memmem(line, len, "\"event\":\"redacted\"", 18) &&
	    !memmem(line, len, "\"event\":\"purge\"", 15))
		return -1;
	o = cJSON_ParseWithLength(line, len);
	ev = tw_json_str(o, "event");
	was = tw_json_str(o, "was");
	if (ev && !strcmp(ev, "redacted") && was && strlen(was) == 64) {
		memcpy(hash, was, 65);
		a->pending = xrealloc(a->pending, (a->npending + 1) *
		    sizeof *a->pending);
		a->pline = xrealloc(a->pline, (a->npending + 1) *
		    sizeof *a->pline);
		a->pline[a->npending] = a->line;
		a->pending[a->npending++] = xstrdup(was);
		rv = 0;
	} else if (ev && !strcmp(ev, "purge")) {
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o,
		    "redacted"))
			for (i = 0; cJSON_IsString(e) && i < a->npending; i++)
				if (!strcmp(a->pending[i], e->valuestring)) {
					free(a->pending[i]);
					a->pending[i] = a->pending[--a->npending];
					a->pline[i] = a->pline[a->npending];
					break;
				}
	}
	cJSON_Delete(o);
	return rv;
}

static int
verify(const char *line, size_t len, void *ctx)
{
	struct audit *a = ctx;
	const char *p = prev_of(line, len);
	char hash[65];

	a->line++;
	if (p && !a->first)
		a->first = a->line;
	if (a->first && !p) {
		tw_warn("line %ld has no prev: changed, or written by something "
		    "else than tw", a->line);
		return a->broken = a->line, 1;
	}
	if (p && memcmp(p, a->prev, 64)) {
		if (a->line == 1)
			tw_warn("line 1: its prev is not the journal's start: "
			    "lines before it were removed");
		else
			tw_warn("line %ld: its prev does not match line %ld: "
			    "line %ld was changed, or a line was removed or "
			    "moved", a->line, a->line - 1, a->line - 1);
		return a->broken = a->line, 1;
	}
	if (redaction(a, line, len, hash) < 0)
		tw_sha256_hex(line, len, hash);
	memcpy(a->prev, hash, sizeof hash);
	if (a->head && !strcmp(a->head, hash))
		a->head_seen = 1;
	return 0;
}

static int
do_verify(struct audit *a)
{
	tw_sha256_hex("", 0, a->prev);
	if (tw_journal_walk(verify, a) < 0)
		return tw_state_exit(TW_EXIT_CONFIG);
	if (!a->broken && a->npending) {
		tw_warn("line %ld is a redaction no purge line names: changed, "
		    "or written by something else than tw-purge", a->pline[0]);
		a->broken = a->pline[0];
	}
	while (a->npending > 0)
		free(a->pending[--a->npending]);
	free(a->pending);
	free(a->pline);
	if (a->broken)
		return TW_EXIT_PARTIAL;
	if (a->head && !a->head_seen) {
		tw_warn("no line has the hash %s: the line recorded was changed "
		    "or removed, or the lines after it", a->head);
		return TW_EXIT_PARTIAL;
	}
	printf("%ld event%s, chain intact", a->line, tw_s(a->line));
	if (a->first > 1)
		printf(" from line %ld (the lines before it predate the "
		    "chain)", a->first);
	if (a->line)
		printf("; head %s", a->prev);
	putchar('\n');
	return 0;
}

static time_t
when(const char *s, const char *opt)
{
	time_t t;

	if (tw_time_parse(s, time(NULL), &t) < 0)
		tw_die(TW_EXIT_USAGE, "%s: bad time '%s'", opt, s);
	return t;
}

int
main(int argc, char *argv[])
{
	struct tw_account acct;
	struct audit a = { 0 };
	const char *account = NULL, *fmt = "ndjson";
	int c, rv, check = 0;

	tw_init(argv[0]);
	while ((c = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (c) {
		case 'a': account = tw_optarg; break;
		case 'f': fmt = tw_optarg; break;
		case O_HEAD: a.head = tw_optarg; break;
		case O_SINCE: a.since = when(tw_optarg, "--since"); break;
		case O_UNTIL: a.until = when(tw_optarg, "--until"); break;
		case O_VERIFY: check = 1; break;
		}
	}
	if (tw_optind < argc)
		tw_usage(&cmd);
	if (strcmp(fmt, "ndjson") && strcmp(fmt, "csv")) {
		tw_warn("-f: no format '%s' (ndjson or csv)", fmt);
		tw_usage(&cmd);
	}
	if (a.head && (!check || strlen(a.head) != 64)) {
		tw_warn("--head: a line's hash (64 hex digits) with --verify");
		tw_usage(&cmd);
	}
	a.csv = !strcmp(fmt, "csv");
	if ((rv = tw_config_load(account, 0, &acct)) != 0)
		return tw_finish(rv);
	if (tw_team_use(&acct) < 0)
		rv = tw_store_exit();
	else if (check)
		rv = do_verify(&a);
	else {
		if (a.csv)
			csv_header();
		if (tw_journal_walk(export, &a) < 0)
			rv = tw_state_exit(TW_EXIT_CONFIG);
		else
			rv = a.failed ? TW_EXIT_PARTIAL : 0;
	}
	tw_account_free(&acct);
	return tw_finish(rv);
}
