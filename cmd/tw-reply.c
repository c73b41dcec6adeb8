/* tw-reply - post replies, exactly once */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tw.h"
#include "kb.h"

enum { O_NOWAIT = 300, O_ALT = 256, O_DMLINK, O_FORCE, O_AGAIN, O_QUEUE, O_APPROVE, O_LIST, O_OLD_QUEUE, O_JSON, O_KEY, O_MACRO, O_REJECT, O_REASON, O_EDIT };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account from the config file" },
	{ 'c', "check", NULL, "only count the text as X does; send nothing" },
	{ 'm', "media", "FILE", "attach an image, GIF or video (up to 4 images)" },
	{ 'n', "dry-run", NULL, "print the request that would be sent" },
	{ 'K', "kb", "DIR", "the knowledge base for --macro (default: the account's kb)" },
	{ 'S', "signature", "SIG", "append the agent's signature" },
	{ O_AGAIN, "again", NULL, "reply even when a colleague already did" },
	{ O_ALT, "alt", "TEXT", "alt text for the media" },
	{ O_APPROVE, "approve", NULL, "send the drafts named (or all of them)" },
	{ O_DMLINK, "dm-link", NULL, "add the brand's DM deep link" },
	{ O_FORCE, "force", NULL, "skip the reply rule (exempt accounts)" },
	{ O_JSON, "json", NULL, "records even on a terminal, not a line per reply" },
	{ O_KEY, "key", "KEY", "the reply's exactly-once key" },
	{ O_EDIT, "edit", NULL, "change a draft's text: ID TEXT (its author or an approver)" },
	{ O_LIST, "list", NULL, "list the drafts awaiting approval" },
	{ O_MACRO, "macro", "ID", "the text: the knowledge base's answer ID, filled from the post's record" },
	{ O_NOWAIT, "no-wait", NULL, "exit 5 at a rate limit instead of waiting" },
	{ O_REASON, "reason", "TEXT", "why a draft is rejected (--reject)" },
	{ O_REJECT, "reject", NULL, "reject the drafts named (their author or an approver)" },
	{ O_QUEUE, "draft", NULL, "put the replies in the drafts spool" },
	{ O_OLD_QUEUE, "queue", NULL, NULL, O_QUEUE },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"[TWEET_ID TEXT | --macro ID [TWEET_ID] | --approve [ID...]]",
	"Post replies from the command line or from intents on standard input, "
	    "exactly once.",
	opts, NULL
};

/* The intent of the operands: TWEET_ID (the end of an id, as tw-show
 * shows it: the post in a case whose id ends so, else the number as it
 * is) and TEXT, unless --macro makes the text.  NULL with *rv set when
 * the id cannot be looked up. */
static cJSON *
one_off(const struct tw_account *acct, char **argv, const char *key,
    int macro, int *rv);

/* Fewer digits than any post id since 2010: maybe the end of one. */
static int
short_id(const char *s)
{
	size_t n = strlen(s);

	return n >= TW_SHORT_ID && n < 15 && strspn(s, "0123456789") == n;
}

static cJSON *
one_off(const struct tw_account *acct, char **argv, const char *key,
    int macro, int *rv)
{
	char *full = NULL;
	cJSON *in;
	int r;

	if (short_id(argv[0]) &&
	    (r = tw_case_post_id(acct, argv[0], &full)) < 0) {
		*rv = r == -1 ? TW_EXIT_USAGE : tw_store_exit();
		return NULL;
	}
	in = cJSON_CreateObject();
	cJSON_AddStringToObject(in, "in_reply_to", full ? full : argv[0]);
	free(full);
	if (!macro)
		cJSON_AddStringToObject(in, "text", argv[1]);
	if (key)
		cJSON_AddStringToObject(in, "key", key);
	return in;
}

int
main(int argc, char *argv[])
{
	struct tw_account acct;
	struct tw_client client;
	struct tw_sender s;
	struct tw_send_ctx c = { 0 };
	const char *account = NULL, *key = NULL, *sig = NULL, *macro = NULL,
	    *kb = NULL;
	int ch, rv, no_wait = 0, dry = 0, check = 0, force = 0, again = 0, dmlink = 0;
	int queue = 0, approve = 0, list = 0, json = 0, ops;
	cJSON *in;

	tw_init(argv[0]);
	while ((ch = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (ch) {
		case 'a': account = tw_optarg; break;
		case 'c': check = 1; break;
		case 'm':
			if (c.nmedia == 4)
				tw_die(TW_EXIT_USAGE, "-m: at most 4 files");
			c.media[c.nmedia++] = tw_optarg;
			break;
		case 'n': dry = 1; break;
		case 'K': kb = tw_optarg; break;
		case 'S': sig = tw_optarg; break;
		case O_AGAIN: again = 1; break;
		case O_ALT: c.alt = tw_optarg; break;
		case O_MACRO: macro = tw_optarg; break;
		case O_REJECT: c.reject = 1; break;
		case O_REASON: c.reason = tw_optarg; break;
		case O_EDIT: c.edit = 1; break;
		case O_APPROVE: approve = 1; break;
		case O_DMLINK: dmlink = 1; break;
		case O_FORCE: force = 1; break;
		case O_JSON: json = 1; break;
		case O_KEY: key = tw_optarg; break;
		case O_LIST: list = 1; break;
		case O_NOWAIT: no_wait = 1; break;
		case O_QUEUE: queue = 1; break;
		}
	}
	argc -= tw_optind;
	argv += tw_optind;
	approve = tw_send_modes(&c, queue, approve, list, key, argc, argv);
	ops = macro ? 1 : 2;    /* --macro makes the text */
	if ((macro && (approve || list)) ||
	    (!approve && argc != 0 && argc != ops)) {
		tw_warn(macro ? "--macro ID: give TWEET_ID, or records on "
		    "standard input" : "give TWEET_ID and TEXT, or intents on "
		    "standard input");
		tw_usage(&cmd);
	}
	/* nothing invalid goes into a request or a record */
	tw_arg_utf8("-S", sig);
	tw_arg_utf8("--alt", c.alt);
	if (!approve && argc == 2)
		tw_arg_utf8("TEXT", argv[1]);
	tw_arg_utf8("--macro", macro);
	if ((rv = tw_config_load(account, !check, &acct)) != 0)
		return tw_finish(rv);
	tw_client_init(&client, &acct);
	client.no_wait = no_wait;
	tw_sender_init(&s, &client, &acct, "reply");
	if (sig)
		s.signature = sig;
	s.dry_run = dry;
	s.check_only = check;
	s.force = force;
	s.again = again;
	s.dm_link = dmlink;
	s.queue = queue;
	/* a person at a terminal reads one line per reply; -c and -n
	 * print what they print */
	s.human = !json && !check && !dry && isatty(STDOUT_FILENO);
	c.s = &s;

	in = NULL;
	rv = macro ? tw_send_macro(&c, &acct, macro, kb) : 0;
	if (!rv && !list && !approve && argc == ops)
		in = one_off(&acct, argv, key, macro != NULL, &rv);
	if (!rv)
		rv = tw_send_run(&c, list, approve, argv, argc, in);
	else
		tw_kb_free(c.kb);       /* tw_send_run's to free, had it run */
	tw_client_free(&client);
	tw_account_free(&acct);
	return tw_finish(rv);
}
