/* tw-dm - send direct messages, exactly once */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tw.h"

enum { O_NOWAIT = 300, O_SURVEY = 256, O_QUEUE, O_APPROVE, O_LIST, O_OLD_QUEUE, O_AGAIN, O_JSON, O_KEY, O_MACRO, O_REJECT, O_REASON, O_EDIT };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account from the config file" },
	{ 'm', "media", "FILE", "attach one image, GIF or video" },
	{ 'n', "dry-run", NULL, "print the request that would be sent" },
	{ 'K', "kb", "DIR", "the knowledge base for --macro (default: the account's kb)" },
	{ 'S', "signature", "SIG", "append the agent's signature" },
	{ O_AGAIN, "again", NULL, "send even when a colleague holds the case" },
	{ O_APPROVE, "approve", NULL, "send the drafts named (or all of them)" },
	{ O_JSON, "json", NULL, "records even on a terminal, not a line per DM" },
	{ O_KEY, "key", "KEY", "the message's exactly-once key" },
	{ O_EDIT, "edit", NULL, "change a draft's text: ID TEXT (its author or an approver)" },
	{ O_LIST, "list", NULL, "list the drafts awaiting approval" },
	{ O_MACRO, "macro", "ID", "the text: the knowledge base's answer ID, filled from the customer's record" },
	{ O_NOWAIT, "no-wait", NULL, "exit 5 at a rate limit instead of waiting" },
	{ O_REASON, "reason", "TEXT", "why a draft is rejected (--reject)" },
	{ O_REJECT, "reject", NULL, "reject the drafts named (their author or an approver)" },
	{ O_QUEUE, "draft", NULL, "put the messages in the drafts spool" },
	{ O_SURVEY, "survey", "KIND", "send the csat or nps survey question" },
	{ O_OLD_QUEUE, "queue", NULL, NULL, O_QUEUE },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"[USER TEXT | --macro ID [USER] | --survey KIND USER | --approve [ID...]]",
	"Send direct messages from the command line or from intents on "
	    "standard input, exactly once.",
	opts, NULL
};

int
main(int argc, char *argv[])
{
	struct tw_account acct;
	struct tw_client client;
	struct tw_sender s;
	struct tw_send_ctx c = { 0 };
	const char *account = NULL, *key = NULL, *sig = NULL, *survey = NULL;
	const char *macro = NULL, *kb = NULL;
	int ch, rv, no_wait = 0, dry = 0, queue = 0, approve = 0, list = 0, again = 0;
	int json = 0;
	cJSON *in;

	tw_init(argv[0]);
	while ((ch = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (ch) {
		case 'a': account = tw_optarg; break;
		case 'm':
			if (c.nmedia)
				tw_die(TW_EXIT_USAGE, "-m: a DM takes one attachment");
			c.media[0] = tw_optarg;
			c.nmedia = 1;
			break;
		case 'n': dry = 1; break;
		case 'K': kb = tw_optarg; break;
		case 'S': sig = tw_optarg; break;
		case O_MACRO: macro = tw_optarg; break;
		case O_REJECT: c.reject = 1; break;
		case O_REASON: c.reason = tw_optarg; break;
		case O_EDIT: c.edit = 1; break;
		case O_AGAIN: again = 1; break;
		case O_APPROVE: approve = 1; break;
		case O_JSON: json = 1; break;
		case O_KEY: key = tw_optarg; break;
		case O_LIST: list = 1; break;
		case O_NOWAIT: no_wait = 1; break;
		case O_QUEUE: queue = 1; break;
		case O_SURVEY:
			if (strcmp(tw_optarg, "csat") && strcmp(tw_optarg, "nps"))
				tw_die(TW_EXIT_USAGE, "--survey: csat or nps, not '%s'",
				    tw_optarg);
			survey = tw_optarg;
			break;
		}
	}
	argc -= tw_optind;
	argv += tw_optind;
	approve = tw_send_modes(&c, queue, approve, list, key, argc, argv);
	if ((macro && (survey || approve || list || argc > 1)) ||
	    (!macro && !approve && argc != 0 && argc != 2 &&
	    !(survey && argc == 1))) {
		tw_warn(macro ? "--macro ID: give USER, or records on standard "
		    "input" : "give USER and TEXT, or intents on standard input");
		tw_usage(&cmd);
	}
	tw_arg_utf8("--macro", macro);
	/* nothing invalid goes into a request or a record */
	tw_arg_utf8("-S", sig);
	if (!list && !approve && argc >= 1) {
		tw_arg_utf8("USER", argv[0]);
		tw_arg_utf8("TEXT", argc == 2 ? argv[1] : NULL);
	}
	if ((rv = tw_config_load(account, 1, &acct)) != 0)
		return tw_finish(rv);
	tw_client_init(&client, &acct);
	client.no_wait = no_wait;
	tw_sender_init(&s, &client, &acct, "dm");
	if (sig)
		s.signature = sig;
	s.dry_run = dry;
	s.queue = queue;
	s.again = again;
	s.survey = survey;
	/* a person at a terminal reads one line per DM; -n prints the
	 * request */
	s.human = !json && !dry && isatty(STDOUT_FILENO);
	c.s = &s;

	in = NULL;
	if (macro && (rv = tw_send_macro(&c, &acct, macro, kb)) != 0) {
		tw_client_free(&client);
		tw_account_free(&acct);
		return tw_finish(rv);
	}
	if (!list && !approve && argc >= 1) {
		in = cJSON_CreateObject();
		cJSON_AddStringToObject(in, "to", argv[0]);
		if (argc == 2)
			cJSON_AddStringToObject(in, "text", argv[1]);
		if (key)
			cJSON_AddStringToObject(in, "key", key);
	}
	rv = tw_send_run(&c, list, approve, argv, argc, in);
	tw_client_free(&client);
	tw_account_free(&acct);
	return tw_finish(rv);
}
