/* tw-fetch - get tweets and DMs from the X API as records */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tw.h"
#include "compliance.h"
#include "oauth2.h"

enum {
	O_SINCE = 256, O_UNTIL, O_SINCE_ID, O_UNTIL_ID, O_NOWAIT, O_BUDGET,
	O_LIST_RULES, O_MAX, O_OLD_START, O_OLD_END, O_JSON
};

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account from the config file" },
	{ 'R', "raw", NULL, "print the API's own pages, not records" },
	{ 'r', "rules", "FILE", "stream: make the server's rules equal the file" },
	{ 's', "state", "NAME", "keep a checkpoint NAME; fetch only what is new" },
	{ 'v', "verbose", NULL, "report requests, posts read and cost" },
	{ O_BUDGET, "budget", "N", "stop before reading more than N posts" },
	{ O_JSON, "json", NULL, "records even on a terminal, not tw-show's lines" },
	{ O_LIST_RULES, "list-rules", NULL, "stream: print the server's rules" },
	{ O_MAX, "max", "N", "at most N records" },
	{ O_NOWAIT, "no-wait", NULL, "exit 5 at a rate limit instead of waiting" },
	{ O_SINCE, "since", "TIME", "only posts from TIME on" },
	{ O_SINCE_ID, "since-id", "ID", "only posts newer than ID" },
	{ O_UNTIL, "until", "TIME", "only posts before TIME" },
	{ O_UNTIL_ID, "until-id", "ID", "only posts older than ID" },
	/* old spellings, until tw 0.2 (NEWS.md) */
	{ 'n', NULL, "N", NULL, O_MAX },
	{ O_OLD_START, "start", "TIME", NULL, O_SINCE },
	{ O_OLD_END, "end", "TIME", NULL, O_UNTIL },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"SOURCE [ARG...]",
	"Get mentions, searches, DMs, the filtered stream, tweets, threads and "
	    "users as records.",
	opts,
	"mentions search archive dms stream tweets conversation users "
	    "compliance user-compliance compliance-stream user-compliance-stream"
};

static const char *
time_arg(const char *s, const char *what)
{
	static char buf[2][32];
	static int i;
	time_t t;

	if (tw_time_parse(s, time(NULL), &t) < 0)
		tw_die(TW_EXIT_USAGE, "%s: not a time: '%s' (use RFC 3339 such as "
		    "2026-11-21T09:00:00Z, or 2h, 3d ago)", what, s);
	i = !i;
	return tw_time_format(t, buf[i], sizeof buf[i]);
}

static void
check_id(const char *s, const char *what)
{
	if (!tw_is_id(s))
		tw_die(TW_EXIT_USAGE, "%s: not a post id: '%s'", what, s);
}

/* A profile (type user) as the line shows a post's author: the name
 * and followers, then the display name and the bio as its text. */
static cJSON *
user_as_line(const cJSON *u)
{
	const char *name = tw_json_str(u, "name"), *bio = tw_json_str(u,
	    "description");
	const cJSON *fo = cJSON_GetObjectItemCaseSensitive(u, "followers");
	cJSON *r = cJSON_CreateObject(), *a;
	char *text;

	cJSON_AddStringToObject(r, "type", "user");
	a = cJSON_AddObjectToObject(r, "author");
	cJSON_AddStringToObject(a, "username", tw_json_str(u, "username") ?
	    tw_json_str(u, "username") : "?");
	if (cJSON_IsNumber(fo))
		cJSON_AddNumberToObject(a, "followers", fo->valuedouble);
	text = xasprintf("%s%s%s", name ? name : "", name && bio && *bio ?
	    ": " : "", bio ? bio : "");
	cJSON_AddStringToObject(r, "text", text);
	free(text);
	return r;
}

/* On a terminal, each record as tw-show shows it (show.h), not JSON. */
static void
show_rec(const cJSON *rec, void *ctx)
{
	static tw_buf b;
	const char *type = tw_json_str(rec, "type");
	cJSON *u = type && !strcmp(type, "user") ? user_as_line(rec) : NULL;

	tw_buf_reset(&b);
	tw_show_line(&b, u ? u : rec, ctx);
	fwrite(b.s, 1, b.len, stdout);
	cJSON_Delete(u);
}

/* The account's user id, asking /2/users/me when the config lacks it. */
static int
whoami(struct tw_fetch *f, struct tw_account *a)
{
	struct tw_req req = { 0 };
	struct tw_resp resp = { 0 };
	const cJSON *d;
	int rv;

	if (a->user_id && *a->user_id)
		return 0;
	req.path = "/2/users/me";
	rv = tw_fetch_get(f, &req, &resp);
	d = tw_json_path(resp.json, "data");
	if (!rv && tw_json_str(d, "id")) {
		a->user_id = xstrdup(tw_json_str(d, "id"));
		if (!a->username && tw_json_str(d, "username"))
			a->username = xstrdup(tw_json_str(d, "username"));
		f->ident.id = a->user_id;
		f->ident.username = a->username;
	}
	tw_req_free(&req);
	tw_resp_free(&resp);
	return rv;
}

/* @name or a numeric id -> a user id */
static int
user_id(struct tw_fetch *f, const char *who, char **id)
{
	struct tw_req req = { 0 };
	struct tw_resp resp = { 0 };
	const char *p = who + (*who == '@');
	char *path;
	int rv;

	if (*who != '@' && strspn(who, "0123456789") == strlen(who)) {
		*id = xstrdup(who);
		return 0;
	}
	req.path = path = xasprintf("/2/users/by/username/%s", p);
	rv = tw_fetch_get(f, &req, &resp);
	free(path);
	if (!rv && tw_json_str(tw_json_path(resp.json, "data"), "id"))
		*id = xstrdup(tw_json_str(tw_json_path(resp.json, "data"), "id"));
	else if (!rv) {
		tw_warn("%s: no such user: %s", f->what, who);
		rv = TW_EXIT_API;
	}
	tw_req_free(&req);
	tw_resp_free(&resp);
	return rv;
}

/* What a run was asked for. */
struct run {
	struct tw_fetch f;
	struct tw_account acct;
	const char *source, *rulesfile;
	char **args;
	int nargs, list_rules;
};

/* One source: its operands, and how it is fetched. */
struct source {
	const char *name;
	int min, max;           /* operands after the source word */
	const char *need;       /* said when they are wrong */
	int (*fetch)(struct run *);
};

static int
fetch_mentions(struct run *r)
{
	tw_kvs q = { 0 };
	char *path;
	int rv;

	r->f.source = "mentions";
	if ((rv = whoami(&r->f, &r->acct)) != 0)
		return rv;
	path = xasprintf("/2/users/%s/mentions", r->acct.user_id);
	tw_fetch_tweet_params(&q);
	rv = tw_fetch_timeline(&r->f, path, &q, 5, 100);
	free(path);
	tw_kvs_free(&q);
	return rv;
}

static int
fetch_search(struct run *r)
{
	tw_kvs q = { 0 };
	int rv = 0, archive = !strcmp(r->source, "archive");

	r->f.source = r->source;
	if (archive) {
		r->f.min_interval_ms = 1000;   /* full-archive: 1 request/s */
		r->f.auth = TW_AUTH_APP;       /* and app-only */
	}
	tw_kvs_add(&q, "query", r->args[1]);
	tw_fetch_tweet_params(&q);
	if (!archive && !r->acct.user_id)
		rv = whoami(&r->f, &r->acct);
	if (!rv)
		rv = tw_fetch_timeline(&r->f, archive ? "/2/tweets/search/all" :
		    "/2/tweets/search/recent", &q, 10, archive ? 500 : 100);
	tw_kvs_free(&q);
	return rv;
}

static int
fetch_dms(struct run *r)
{
	char *path, *id = NULL;
	int rv;

	r->f.source = "dm";
	if ((rv = whoami(&r->f, &r->acct)) != 0)
		return rv;
	if (r->nargs == 2) {
		if ((rv = user_id(&r->f, r->args[1], &id)) != 0)
			return rv;
		path = xasprintf("/2/dm_conversations/with/%s/dm_events", id);
		free(id);
	} else
		path = xstrdup("/2/dm_events");
	rv = tw_fetch_dms(&r->f, path);
	free(path);
	return rv;
}

static int
fetch_stream(struct run *r)
{
	int rv;

	r->f.source = "stream";
	if (r->rulesfile && (rv = tw_stream_sync_rules(&r->f, r->rulesfile)))
		return rv;
	if (r->list_rules)
		return tw_stream_print_rules(&r->f);
	if (!r->acct.user_id && (r->acct.access_token ||
	    tw_oauth2_user(&r->acct)))
		whoami(&r->f, &r->acct);
	return tw_stream_run(&r->f);
}

static int
fetch_tweets(struct run *r)
{
	r->f.source = "lookup";
	return tw_fetch_lookup(&r->f, "/2/tweets", "ids", r->args + 1,
	    r->nargs - 1, tw_fetch_tweet_params);
}

static int
fetch_conversation(struct run *r)
{
	r->f.source = "lookup";
	return tw_fetch_conversation(&r->f, r->args[1]);
}

static int
fetch_users(struct run *r)
{
	r->f.source = "lookup";
	return tw_fetch_lookup(&r->f, "/2/users/by", "usernames", r->args + 1,
	    r->nargs - 1, tw_fetch_user_params);
}

/* A batch compliance job over the ids of a file (stdin by default). */
static int
fetch_compliance(struct run *r)
{
	r->f.source = "compliance";
	r->f.auth = TW_AUTH_APP;
	return tw_compliance_job(&r->f, strcmp(r->source, "compliance") ?
	    "users" : "tweets", r->nargs > 1 ? r->args[1] : "-");
}

/* A compliance stream, posts' or users', one partition of four. */
static int
fetch_comp_stream(struct run *r)
{
	const char *p = r->args[1];

	if (strlen(p) != 1 || *p < '1' || *p > '4')
		tw_die(TW_EXIT_USAGE, "%s: a partition is 1, 2, 3 or 4: '%s'",
		    r->source, p);
	r->f.source = "compliance";
	r->f.comp_stream = strncmp(r->source, "user", 4) ?
	    "/2/tweets/compliance/stream" : "/2/users/compliance/stream";
	r->f.partition = p;
	return tw_stream_run(&r->f);
}

static const struct source sources[] = {
	{ "mentions", 0, 0, "takes no argument", fetch_mentions },
	{ "search", 1, 1, "needs one QUERY (quote it)", fetch_search },
	{ "archive", 1, 1, "needs one QUERY (quote it)", fetch_search },
	{ "dms", 0, 1, "takes at most one USER", fetch_dms },
	{ "stream", 0, 0, "takes no argument (rules come from -r FILE)",
	    fetch_stream },
	{ "tweets", 1, 1000, "needs one or more IDs", fetch_tweets },
	{ "conversation", 1, 1, "needs one ID", fetch_conversation },
	{ "users", 1, 1000, "needs one or more NAMEs", fetch_users },
	{ "compliance", 0, 1, "takes at most one FILE of post ids",
	    fetch_compliance },
	{ "user-compliance", 0, 1, "takes at most one FILE of user ids",
	    fetch_compliance },
	{ "compliance-stream", 1, 1, "needs one PARTITION (1 to 4)",
	    fetch_comp_stream },
	{ "user-compliance-stream", 1, 1, "needs one PARTITION (1 to 4)",
	    fetch_comp_stream },
	{ NULL, 0, 0, NULL, NULL }
};

/* The source named by the first operand, its operands checked. */
static const struct source *
source_of(struct run *r)
{
	const struct source *src;
	int i;

	if (r->nargs < 1) {
		tw_warn("which source? one of: %s", cmd.words);
		tw_usage(&cmd);
	}
	r->source = r->args[0];
	for (src = sources; src->name && strcmp(src->name, r->source); src++)
		;
	if (!src->name) {
		tw_warn("unknown source '%s'; one of: %s", r->source, cmd.words);
		tw_usage(&cmd);
	}
	if (r->nargs - 1 < src->min || r->nargs - 1 > src->max ||
	    (src->min && src->max == 1 && !*r->args[1])) {
		tw_warn("%s: %s", r->source, src->need);
		tw_usage(&cmd);
	}
	if (!strcmp(r->source, "tweets") || !strcmp(r->source, "conversation"))
		for (i = 1; i < r->nargs; i++)
			check_id(r->args[i], r->source);
	if ((r->rulesfile || r->list_rules) && strcmp(r->source, "stream"))
		tw_die(TW_EXIT_USAGE, "-r and --list-rules go with the stream "
		    "source");
	return src;
}

/* "--rules" without a file was once the way to print the rules: until
 * tw 0.2 it still is, when nothing or another option follows it. */
static void
old_rules(int argc, char *argv[])
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--rules") &&
		    (i + 1 == argc || argv[i + 1][0] == '-')) {
			tw_warn("warning: '--rules' without a file is an old "
			    "spelling, accepted until tw 0.2; use '--list-rules' "
			    "(see NEWS.md)");
			argv[i] = "--list-rules";
		}
}

int
main(int argc, char *argv[])
{
	struct tw_client client;
	struct run r;
	const struct source *src;
	const char *account = NULL, *state = NULL;
	const char *since_id = NULL, *until_id = NULL, *since = NULL, *until = NULL;
	char *enc, *lockname;
	long max = 0, budget = 0;
	struct tw_show show;
	int c, raw = 0, verbose = 0, no_wait = 0, rv = 0, lock = -1, json = 0;

	tw_init(argv[0]);
	memset(&r, 0, sizeof r);
	r.args = xcalloc(argc + 1, sizeof *r.args);
	old_rules(argc, argv);
	/* Options may follow SOURCE; "--" ends them (a query that starts
	 * with '-' needs it). */
	while (tw_optind < argc) {
		c = tw_getopt(argc, argv, &cmd);
		if (c == -1) {
			if (!strcmp(argv[tw_optind - 1], "--") && tw_optind > 1) {
				while (tw_optind < argc)
					r.args[r.nargs++] = argv[tw_optind++];
				break;
			}
			if (tw_optind < argc)
				r.args[r.nargs++] = argv[tw_optind++];
			continue;
		}
		switch (c) {
		case 'a': account = tw_optarg; break;
		case 'R': raw = 1; break;
		case 'r': r.rulesfile = tw_optarg; break;
		case 's': state = tw_optarg; break;
		case 'v': verbose = 1; break;
		case O_BUDGET:
			budget = tw_opt_number("--budget", tw_optarg, 1, LONG_MAX);
			break;
		case O_JSON: json = 1; break;
		case O_LIST_RULES: r.list_rules = 1; break;
		case O_MAX: max = tw_opt_number("--max", tw_optarg, 1, LONG_MAX); break;
		case O_NOWAIT: no_wait = 1; break;
		case O_SINCE: since = time_arg(tw_optarg, "--since"); break;
		case O_SINCE_ID:
			check_id(tw_optarg, "--since-id");
			since_id = tw_optarg;
			break;
		case O_UNTIL: until = time_arg(tw_optarg, "--until"); break;
		case O_UNTIL_ID:
			check_id(tw_optarg, "--until-id");
			until_id = tw_optarg;
			break;
		}
	}
	src = source_of(&r);
	if (state && (!*state || strchr(state, '/') || state[0] == '.'))
		tw_die(TW_EXIT_USAGE, "-s: a checkpoint name is a plain word: '%s'",
		    state);

	if ((rv = tw_config_load(account, 1, &r.acct)) != 0)
		return tw_finish(rv);
	tw_client_init(&client, &r.acct);
	client.no_wait = no_wait;
	client.verbose = verbose;
	tw_fetch_init(&r.f, &client, &r.acct);
	r.f.what = r.source;
	r.f.max = max;
	r.f.budget = budget;
	r.f.raw = raw;
	r.f.progress = tw_isatty_err();
	/* a person at a terminal reads lines; a program (a pipe, a file,
	 * --json) gets the records */
	if (!json && !raw && isatty(STDOUT_FILENO)) {
		tw_show_setup(&show, NULL);
		tw_emit_hook(show_rec, &show);
		r.f.shown = 1;
	}
	r.f.since_id = since_id;
	r.f.until_id = until_id;
	r.f.start_time = since;
	r.f.end_time = until;
	/* The stream ends cleanly on SIGINT and SIGTERM; other sources die
	 * at once (their checkpoints never run ahead of their output). */
	if (strstr(r.source, "stream"))
		tw_fetch_catch_signals();

	if (state) {
		enc = r.nargs > 1 ? tw_pct_encode(r.args[1]) : NULL;
		r.f.ckpt_name = state;
		r.f.ckpt_key = enc ? xasprintf("%s/%s/%s", r.acct.name, r.source,
		    enc) : xasprintf("%s/%s", r.acct.name, r.source);
		free(enc);
		lockname = xasprintf("fetch-%s", state);
		/* a team's fetchers share their checkpoints and this lock */
		if (tw_team_use(&r.acct) < 0)
			rv = tw_store_exit();
		else if ((lock = tw_lock(lockname, 0)) < 0)
			rv = tw_state_exit(TW_EXIT_RATE);
		free(lockname);
	}
	if (!rv)
		rv = src->fetch(&r);
	if (verbose || tw_isatty_err())
		tw_cost_report(&client);
	tw_unlock(lock);
	free(r.args);
	tw_fetch_free(&r.f);
	tw_client_free(&client);
	tw_account_free(&r.acct);
	/* ^C, with what was read written: 130, as the shell says of a
	 * program SIGINT killed.  SIGTERM is a service manager's clean
	 * stop: 0. */
	if (tw_fetch_stop == SIGINT)
		rv = TW_EXIT_INTR;
	return tw_finish(rv);
}
