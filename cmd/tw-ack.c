/* tw-ack - acknowledge new cases nobody has answered, once each */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tw.h"
#include "kb.h"
#include "macro.h"

enum { O_NOWAIT = 256 };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account from the config file" },
	{ 'D', "delay", "DURATION", "acknowledge after this wait (default: ack_delay, 5m)" },
	{ 'e', "every", "DURATION", "run again after each DURATION, until killed" },
	{ 'H', "hours", "HOURSFILE", "business hours (default: hours_file)" },
	{ 'K', "kb", "DIR", "the knowledge base for ack_answer (default: the account's kb)" },
	{ 'n', "dry-run", NULL, "print the requests that would be sent" },
	{ O_NOWAIT, "no-wait", NULL, "exit 5 at a rate limit instead of waiting" },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"",
	"Acknowledge each new case that no agent answered within the delay, "
	    "once, in or out of business hours.",
	opts, NULL
};

#define AGENT "tw-ack"

/* What one run needs. */
struct ack {
	struct tw_account acct;
	struct tw_client client;
	struct tw_sender reply, dm;
	struct tw_kb *kb;
	struct tw_macro_ctx mctx;
	const char *text[2], *answer[2];    /* [0] in hours, [1] out of them */
	struct tw_hours *hours;
	long delay;
	int out;                            /* now is out of business hours */
	int rv;
};

static long
duration(const char *s, const char *what, int code)
{
	long v;

	if (tw_duration_parse(s, &v) < 0 || v < 0)
		tw_die(code, "%s: not a duration: '%s'", what, s);
	return v;
}

/* The texts from the config: ack_text or ack_answer, and the same
 * out of hours.  0, or an exit code after one line. */
static int
texts(struct ack *a, const char *kbdir)
{
	static const char *const key[2][2] = {
		{ "ack_text", "ack_answer" },
		{ "ack_out_of_hours_text", "ack_out_of_hours_answer" } };
	const char *dir;
	int i, bad;

	for (i = 0; i < 2; i++) {
		a->text[i] = tw_account_get(&a->acct, key[i][0]);
		a->answer[i] = tw_account_get(&a->acct, key[i][1]);
		if (a->text[i] && a->answer[i]) {
			tw_warn("config: %s and %s exclude each other",
			    key[i][0], key[i][1]);
			return TW_EXIT_CONFIG;
		}
	}
	if (!a->text[0] && !a->answer[0]) {
		tw_warn("config: no acknowledgement: set ack_text or ack_answer "
		    "in the account's section (tw-config(5))");
		return TW_EXIT_CONFIG;
	}
	if ((a->text[1] || a->answer[1]) && !a->hours) {
		tw_warn("config: %s needs business hours: hours_file, or -H",
		    a->text[1] ? key[1][0] : key[1][1]);
		return TW_EXIT_CONFIG;
	}
	a->mctx = tw_kb_macro_ctx(&a->acct);
	a->mctx.keep = 0;
	a->mctx.agent = AGENT;
	if (!a->answer[0] && !a->answer[1])
		return 0;
	if (!(dir = tw_kb_dir(&a->acct, kbdir))) {
		tw_warn("config: ack_answer: no knowledge base: -K DIR, or kb = "
		    "DIR in the account's section (tw-config(5))");
		return TW_EXIT_CONFIG;
	}
	if (!(a->kb = tw_kb_open(dir, &bad)))
		return TW_EXIT_CONFIG;
	for (i = 0; i < 2; i++)
		if (a->answer[i] && !tw_kb_get(a->kb, a->answer[i])) {
			tw_warn("config: %s: no answer '%s' in %s",
			    i ? key[1][1] : key[0][1], a->answer[i], dir);
			return TW_EXIT_CONFIG;
		}
	return 0;
}

/* The acknowledgement's text for rec, filled; NULL after a warning. */
static char *
fill(struct ack *a, long long id, const cJSON *rec)
{
	int o = a->out && (a->text[1] || a->answer[1]);
	char *out = NULL, *why = NULL;
	int r;

	if (a->answer[o])
		r = tw_kb_fill(a->kb, a->answer[o], rec, &a->mctx, &out, &why);
	else
		r = tw_macro_fill(a->text[o], rec, &a->mctx, &out, &why);
	if (r == TW_MACRO_OK)
		return out;
	tw_warn("case %lld: the acknowledgement cannot be filled (%s%s%s); "
	    "not sent", id, r == TW_MACRO_MISSING ? "{" : "", why ? why : "?",
	    r == TW_MACRO_MISSING ? "}" : "");
	free(out);
	free(why);
	return NULL;
}

/* Acknowledge case id at its first unanswered message rec (tw_case_due
 * calls it): a reply to a post, a DM to a DM's author.  Non-zero stops
 * the run (bad credentials, a rate limit). */
static int
ack_one(long long id, cJSON *rec, void *arg)
{
	struct ack *a = arg;
	const char *type = tw_json_str(rec, "type"), *dir;
	const char *author = tw_json_str(tw_json_path(rec, "author"), "id");
	struct tw_loc loc = { "<case>", 0 };
	struct tw_intent it;
	struct tw_sender *s;
	cJSON *in;
	char key[48], *text;
	int rv;

	dir = tw_json_str(rec, "direction");
	/* never to the brand's own posts */
	if (!type || !author || (dir && strcmp(dir, "in")) ||
	    (a->acct.user_id && !strcmp(author, a->acct.user_id)))
		return 0;
	if (!(text = fill(a, id, rec))) {
		a->rv = a->rv ? a->rv : TW_EXIT_PARTIAL;
		return 0;
	}
	loc.line = id;
	snprintf(key, sizeof key, "ack-case-%lld", id);
	in = cJSON_CreateObject();
	if (!strcmp(type, "dm")) {
		s = &a->dm;
		cJSON_AddStringToObject(in, "to", author);
	} else {
		s = &a->reply;
		cJSON_AddStringToObject(in, "in_reply_to", tw_json_str(rec, "id"));
	}
	cJSON_AddStringToObject(in, "text", text);
	cJSON_AddStringToObject(in, "key", key);
	cJSON_AddStringToObject(in, "agent", AGENT);
	cJSON_AddTrueToObject(in, "auto");
	cJSON_AddStringToObject(in, "ack", a->out && (a->text[1] ||
	    a->answer[1]) ? "out_of_hours" : "hours");
	free(text);
	rv = TW_EXIT_PARTIAL;
	if (tw_intent_load(s, &it, in, &loc) == 0) {
		rv = tw_send(s, &it);
		tw_intent_free(&it);
	}
	cJSON_Delete(in);
	if (rv > a->rv && a->rv != TW_EXIT_RATE)
		a->rv = rv;
	return rv == TW_EXIT_CONFIG || rv == TW_EXIT_RATE ? rv : 0;
}

/* One pass over the store.  An exit code. */
static int
run(struct ack *a)
{
	struct tw_cases c;
	int rv;

	if (!tw_store_exists(&a->acct))
		return 0;       /* nothing filed yet: nothing to acknowledge */
	if ((rv = tw_cases_open(&c, &a->acct, 1)) != 0)
		return rv;
	a->out = a->hours && tw_hours_between(a->hours, c.now, c.now + 1) == 0;
	a->rv = 0;
	rv = tw_case_due(&c, c.now - a->delay, ack_one, a);
	tw_cases_close(&c);
	if (rv == -2)
		return tw_store_exit();
	return a->rv;
}

int
main(int argc, char *argv[])
{
	static struct ack a;
	const char *account = NULL, *delay = NULL, *hfile = NULL, *kb = NULL;
	const char *cfgh = NULL;
	int ch, rv, dry = 0, no_wait = 0;
	long every = 0;

	tw_init(argv[0]);
	while ((ch = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (ch) {
		case 'a': account = tw_optarg; break;
		case 'D':
			delay = tw_optarg;
			duration(delay, "-D", TW_EXIT_USAGE);
			break;
		case 'e': every = duration(tw_optarg, "-e", TW_EXIT_USAGE); break;
		case 'H': hfile = tw_optarg; break;
		case 'K': kb = tw_optarg; break;
		case 'n': dry = 1; break;
		case O_NOWAIT: no_wait = 1; break;
		}
	}
	if (tw_optind != argc)
		tw_usage(&cmd);
	if ((rv = tw_config_load(account, 1, &a.acct)) != 0)
		return tw_finish(rv);
	a.delay = delay ? duration(delay, "-D", TW_EXIT_USAGE) : 300;
	if (!delay && tw_account_get(&a.acct, "ack_delay"))
		a.delay = duration(tw_account_get(&a.acct, "ack_delay"),
		    "config: ack_delay", TW_EXIT_CONFIG);
	/* the file tw-metrics -H takes: -H, else the config's hours_file */
	if (!hfile && (cfgh = tw_account_get(&a.acct, "hours_file")))
		hfile = cfgh;
	if (hfile && !(a.hours = tw_hours_load(hfile)))
		return tw_finish(cfgh ? TW_EXIT_CONFIG : TW_EXIT_USAGE);
	if ((rv = texts(&a, kb)) != 0)
		return tw_finish(rv);
	tw_client_init(&a.client, &a.acct);
	a.client.no_wait = no_wait;
	tw_sender_init(&a.reply, &a.client, &a.acct, "reply");
	tw_sender_init(&a.dm, &a.client, &a.acct, "dm");
	a.reply.signature = a.dm.signature = NULL;
	a.reply.dry_run = a.dm.dry_run = dry;
	for (;;) {
		rv = run(&a);
		if (!every || rv == TW_EXIT_CONFIG || fflush(stdout) == EOF)
			break;
		sleep((unsigned)every);
	}
	tw_client_free(&a.client);
	tw_kb_free(a.kb);
	tw_hours_free(a.hours);
	tw_account_free(&a.acct);
	return tw_finish(rv);
}
