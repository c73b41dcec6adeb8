/* tw-fetch - get tweets and DMs from the X API as records */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tw.h"

enum {
	O_SINCE = 256, O_UNTIL, O_START, O_END, O_NOWAIT, O_BUDGET, O_RULES
};

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account from the config file" },
	{ 'n', "max", "MAX", "at most MAX records" },
	{ 'R', "raw", NULL, "print the API's own pages, not records" },
	{ 'r', NULL, "RULESFILE", "stream: make the server's rules equal the file" },
	{ 's', "state", "NAME", "keep a checkpoint NAME; fetch only what is new" },
	{ 'v', "verbose", NULL, "report requests, posts read and cost" },
	{ O_BUDGET, "budget", "N", "stop before reading more than N posts" },
	{ O_END, "end", "TIME", "only posts before TIME" },
	{ O_NOWAIT, "no-wait", NULL, "exit 5 at a rate limit instead of waiting" },
	{ O_RULES, "rules", NULL, "stream: print the server's rules" },
	{ O_SINCE, "since-id", "ID", "only posts newer than ID" },
	{ O_START, "start", "TIME", "only posts from TIME on" },
	{ O_UNTIL, "until-id", "ID", "only posts older than ID" },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"SOURCE [ARG...]",
	"Get mentions, searches, DMs, the filtered stream, tweets, threads and "
	    "users as records.",
	opts,
	"mentions search archive dms stream tweets conversation users"
};

static long
number(const char *s, const char *what)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (!*s || *end || n <= 0)
		tw_die(TW_EXIT_USAGE, "%s: not a positive number: '%s'", what, s);
	return n;
}

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
	const char *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (!*s || *p || p - s > 19)
		tw_die(TW_EXIT_USAGE, "%s: not a post id: '%s'", what, s);
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

int
main(int argc, char *argv[])
{
	struct tw_account acct;
	struct tw_client client;
	struct tw_fetch f;
	const char *account = NULL, *state = NULL, *rulesfile = NULL;
	const char *source, *since = NULL, *until = NULL, *start = NULL;
	const char *end = NULL;
	char **args, *path = NULL, *id = NULL, *enc, *lockname;
	long max = 0, budget = 0;
	int c, nargs = 0, raw = 0, verbose = 0, no_wait = 0, print_rules = 0;
	int rv = 0, lock = -1;
	tw_kvs q = { 0 };

	tw_init(argv[0]);
	args = xcalloc(argc + 1, sizeof *args);
	/* Options may follow SOURCE; "--" ends them (a query that starts
	 * with '-' needs it). */
	while (tw_optind < argc) {
		c = tw_getopt(argc, argv, &cmd);
		if (c == -1) {
			if (!strcmp(argv[tw_optind - 1], "--") && tw_optind > 1) {
				while (tw_optind < argc)
					args[nargs++] = argv[tw_optind++];
				break;
			}
			if (tw_optind < argc)
				args[nargs++] = argv[tw_optind++];
			continue;
		}
		switch (c) {
		case 'a': account = tw_optarg; break;
		case 'n': max = number(tw_optarg, "-n"); break;
		case 'R': raw = 1; break;
		case 'r': rulesfile = tw_optarg; break;
		case 's': state = tw_optarg; break;
		case 'v': verbose = 1; break;
		case O_BUDGET: budget = number(tw_optarg, "--budget"); break;
		case O_END: end = time_arg(tw_optarg, "--end"); break;
		case O_NOWAIT: no_wait = 1; break;
		case O_RULES: print_rules = 1; break;
		case O_SINCE: check_id(tw_optarg, "--since-id"); since = tw_optarg; break;
		case O_START: start = time_arg(tw_optarg, "--start"); break;
		case O_UNTIL: check_id(tw_optarg, "--until-id"); until = tw_optarg; break;
		}
	}
	if (nargs < 1) {
		tw_warn("which source? one of: %s", cmd.words);
		tw_usage(&cmd);
	}
	source = args[0];
	if (state && (!*state || strchr(state, '/') || state[0] == '.'))
		tw_die(TW_EXIT_USAGE, "-s: a checkpoint name is a plain word: '%s'",
		    state);

#define NEED(cond, msg) do { if (!(cond)) { tw_warn("%s: %s", source, msg); \
	tw_usage(&cmd); } } while (0)
	if (!strcmp(source, "mentions"))
		NEED(nargs == 1, "takes no argument");
	else if (!strcmp(source, "search") || !strcmp(source, "archive"))
		NEED(nargs == 2 && *args[1], "needs one QUERY (quote it)");
	else if (!strcmp(source, "dms"))
		NEED(nargs <= 2, "takes at most one USER");
	else if (!strcmp(source, "stream"))
		NEED(nargs == 1, "takes no argument (rules come from -r FILE)");
	else if (!strcmp(source, "tweets")) {
		NEED(nargs >= 2, "needs one or more IDs");
		for (c = 1; c < nargs; c++)
			check_id(args[c], "tweets");
	} else if (!strcmp(source, "conversation")) {
		NEED(nargs == 2, "needs one ID");
		check_id(args[1], "conversation");
	} else if (!strcmp(source, "users"))
		NEED(nargs >= 2, "needs one or more NAMEs");
	else {
		tw_warn("unknown source '%s'; one of: %s", source, cmd.words);
		tw_usage(&cmd);
	}
	if ((rulesfile || print_rules) && strcmp(source, "stream") != 0)
		tw_die(TW_EXIT_USAGE, "-r and --rules go with the stream source");

	if ((rv = tw_config_load(account, 1, &acct)) != 0)
		return tw_finish(rv);
	tw_client_init(&client, &acct);
	client.no_wait = no_wait;
	client.verbose = verbose;
	tw_fetch_init(&f, &client, &acct);
	f.what = source;
	f.max = max;
	f.budget = budget;
	f.raw = raw;
	f.progress = tw_isatty_err();
	f.since_id = since;
	f.until_id = until;
	f.start_time = start;
	f.end_time = end;
	/* The stream ends cleanly on SIGINT and SIGTERM; other sources die
	 * at once (their checkpoints never run ahead of their output). */
	if (!strcmp(source, "stream"))
		tw_fetch_catch_signals();

	if (state) {
		enc = nargs > 1 ? tw_pct_encode(args[1]) : NULL;
		f.ckpt_name = state;
		f.ckpt_key = enc ? xasprintf("%s/%s/%s", acct.name, source, enc) :
		    xasprintf("%s/%s", acct.name, source);
		free(enc);
		lockname = xasprintf("fetch-%s", state);
		lock = tw_lock(lockname, 0);
		free(lockname);
		if (lock < 0) {
			rv = TW_EXIT_RATE;
			goto out;
		}
	}

	if (!strcmp(source, "mentions")) {
		f.source = "mentions";
		if ((rv = whoami(&f, &acct)) != 0)
			goto out;
		path = xasprintf("/2/users/%s/mentions", acct.user_id);
		tw_fetch_tweet_params(&q);
		rv = tw_fetch_timeline(&f, path, &q, 5, 100);
	} else if (!strcmp(source, "search")) {
		f.source = "search";
		tw_kvs_add(&q, "query", args[1]);
		tw_fetch_tweet_params(&q);
		if (!acct.user_id && (rv = whoami(&f, &acct)) != 0)
			goto out;
		rv = tw_fetch_timeline(&f, "/2/tweets/search/recent", &q, 10, 100);
	} else if (!strcmp(source, "archive")) {
		f.source = "archive";
		f.min_interval_ms = 1000;   /* full-archive: 1 request/s */
		f.auth = TW_AUTH_APP;       /* and app-only */
		tw_kvs_add(&q, "query", args[1]);
		tw_fetch_tweet_params(&q);
		rv = tw_fetch_timeline(&f, "/2/tweets/search/all", &q, 10, 500);
	} else if (!strcmp(source, "dms")) {
		f.source = "dm";
		if ((rv = whoami(&f, &acct)) != 0)
			goto out;
		if (nargs == 2) {
			if ((rv = user_id(&f, args[1], &id)) != 0)
				goto out;
			path = xasprintf("/2/dm_conversations/with/%s/dm_events", id);
		} else
			path = xstrdup("/2/dm_events");
		rv = tw_fetch_dms(&f, path);
	} else if (!strcmp(source, "stream")) {
		f.source = "stream";
		if (rulesfile && (rv = tw_stream_sync_rules(&f, rulesfile)))
			;
		else if (print_rules)
			rv = tw_stream_print_rules(&f);
		else {
			if (!acct.user_id && acct.access_token)
				whoami(&f, &acct);
			rv = tw_stream_run(&f);
		}
	} else if (!strcmp(source, "tweets")) {
		f.source = "lookup";
		rv = tw_fetch_lookup(&f, "/2/tweets", "ids", args + 1, nargs - 1,
		    tw_fetch_tweet_params);
	} else if (!strcmp(source, "conversation")) {
		f.source = "lookup";
		rv = tw_fetch_conversation(&f, args[1]);
	} else if (!strcmp(source, "users")) {
		f.source = "lookup";
		rv = tw_fetch_lookup(&f, "/2/users/by", "usernames", args + 1,
		    nargs - 1, tw_fetch_user_params);
	}
out:
	if (verbose || tw_isatty_err())
		tw_cost_report(&client);
	if (lock >= 0)
		close(lock);
	tw_kvs_free(&q);
	free(path);
	free(id);
	free(args);
	tw_fetch_free(&f);
	tw_client_free(&client);
	tw_account_free(&acct);
	return tw_finish(rv);
}
