/* tw-sandbox - a local X API v2 server for demos, onboarding and tests.
 *
 * Options, start, wait: the server is lib/sandbox (its README). */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>

#include "sandbox/sblog.h"
#include "sandbox/sbserve.h"
#include "sandbox/sbstore.h"
#include "tw.h"

enum {
	O_STATE_FILE = 256, O_NOW, O_MENTIONS, O_MENTION_CAP, O_RATE_WINDOW,
	O_RATE_LIMIT, O_USAGE_CAP, O_SEED, O_LATENCY, O_F5XX, O_F429, O_FDROP,
	O_FMALFORMED, O_FTIMEOUT, O_SDISCONNECT, O_SSTALL, O_KEEPALIVE, O_STREAM_MAX,
	O_TIMEOUT, O_MAX_CONN, O_BODY_CAP, O_LOAD, O_OLD_STATE
};

static const struct tw_option opts[] = {
	{ 'b', "bind", "ADDR", "listen on ADDR (default 127.0.0.1)" },
	{ 'C', "config", "FILE", "write a tw config for the account to FILE" },
	{ 'p', "port", "PORT", "listen on PORT (0: a free one)" },
	{ 'v', "verbose", NULL, "log one line per request on stderr" },
	{ O_BODY_CAP, "body-cap", "MB", "request bodies held at once, in all (256)" },
	{ O_F429, "fault-429", "PCT", "answer PCT% of API requests with 429" },
	{ O_F5XX, "fault-5xx", "PCT", "answer PCT% of API requests with 503" },
	{ O_FDROP, "fault-drop", "PCT", "drop PCT% of connections mid-body" },
	{ O_FMALFORMED, "fault-malformed", "PCT", "truncate PCT% of JSON bodies" },
	{ O_FTIMEOUT, "fault-timeout", "PCT", "answer PCT% of API posts after 65 s" },
	{ O_KEEPALIVE, "keepalive", "SECS", "stream keep-alive interval (20)" },
	{ O_LATENCY, "latency", "MS", "delay every API response by MS" },
	{ O_LOAD, "load", "FILE", "load the seed from FILE instead of the built-in one" },
	{ O_MAX_CONN, "max-connections", "N", "connections served at once (2048)" },
	{ O_MENTION_CAP, "mention-cap", "N", "mentions reach back N posts (800, 0: all)" },
	{ O_MENTIONS, "mentions", "N", "add N synthetic customer mentions" },
	{ O_NOW, "now", "TIME", "the sandbox's clock starts at TIME" },
	{ O_RATE_LIMIT, "rate-limit", "N", "every endpoint allows N requests a window" },
	{ O_RATE_WINDOW, "rate-window", "SECS", "every rate-limit window lasts SECS" },
	{ O_SEED, "seed", "N", "seed for the fault dice" },
	{ O_STATE_FILE, "state-file", "FILE", "load and save the sandbox's state in FILE" },
	{ O_SDISCONNECT, "stream-disconnect", "N", "close a stream after N posts" },
	{ O_STREAM_MAX, "stream-max", "N", "allowed stream connections (1)" },
	{ O_SSTALL, "stream-stall", "SECS", "the next stream stays silent SECS" },
	{ O_TIMEOUT, "timeout", "SECS", "close a connection idle for SECS (30, 0: never)" },
	{ O_USAGE_CAP, "usage-cap", "N", "after N posts read, answer usage-capped" },
	/* old spellings, until tw 0.2 (NEWS.md) */
	{ 'd', "data", "FILE", NULL, O_LOAD },
	{ O_OLD_STATE, "state", "FILE", NULL, O_STATE_FILE },
	{ 0, NULL, NULL, NULL }
};

static const struct tw_cmd cmd = {
	"", "a local X API v2 server with a seeded brand inbox", opts, NULL
};

static struct sb_serve o = {
	"127.0.0.1", NULL, NULL, NULL, -1, 0, 0, 0, 30, 2048, 256, -1
};

/* The options that take a number: its bounds, and where it goes. */
static const struct number {
	int val;
	const char *name;
	long min, max, *dst;
} numbers[] = {
	{ 'p', "-p", 0, 65535, &o.port },
	{ O_BODY_CAP, "--body-cap", 1, 1L << 20, &o.body_cap },
	{ O_F429, "--fault-429", 0, 100, &sb.faults.p429 },
	{ O_F5XX, "--fault-5xx", 0, 100, &sb.faults.p5xx },
	{ O_FDROP, "--fault-drop", 0, 100, &sb.faults.pdrop },
	{ O_FMALFORMED, "--fault-malformed", 0, 100, &sb.faults.pmalformed },
	{ O_FTIMEOUT, "--fault-timeout", 0, 100, &sb.faults.ptimeout },
	{ O_KEEPALIVE, "--keepalive", 1, 3600, &sb.faults.keepalive },
	{ O_LATENCY, "--latency", 0, 600000, &sb.faults.latency_ms },
	{ O_MAX_CONN, "--max-connections", 1, 1000000, &o.max_conn },
	{ O_MENTION_CAP, "--mention-cap", 0, LONG_MAX, &sb.mention_cap },
	{ O_MENTIONS, "--mentions", 0, 1000000, &o.mentions },
	{ O_RATE_LIMIT, "--rate-limit", 1, LONG_MAX, &o.rate_limit },
	{ O_RATE_WINDOW, "--rate-window", 1, 86400, &o.rate_window },
	{ O_SEED, "--seed", 0, LONG_MAX, &o.seed },
	{ O_SDISCONNECT, "--stream-disconnect", 0, LONG_MAX,
	    &sb.faults.stream_disconnect },
	{ O_STREAM_MAX, "--stream-max", 1, 100, &sb.stream_max },
	{ O_SSTALL, "--stream-stall", 0, 86400, &sb.faults.stream_stall },
	{ O_TIMEOUT, "--timeout", 0, 86400, &o.timeout },
	{ O_USAGE_CAP, "--usage-cap", 0, LONG_MAX, &sb.usage_cap },
	{ 0, NULL, 0, 0, NULL }
};

static void
options(int argc, char *argv[], time_t now)
{
	const struct number *n;
	int c;

	while ((c = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (c) {
		case 'b': o.bind = tw_optarg; break;
		case 'C': o.config = tw_optarg; break;
		case 'v': sb.verbose = 1; break;
		case O_LOAD: o.load = tw_optarg; break;
		case O_STATE_FILE: o.state_file = tw_optarg; break;
		case O_NOW:
			if (tw_time_parse(tw_optarg, now, &now) < 0) {
				sb_log("--now: bad time '%s'", tw_optarg);
				tw_usage(&cmd);
			}
			sb.t0 = now;
			break;
		default:
			for (n = numbers; n->val && n->val != c; n++)
				;
			if (n->val)
				*n->dst = tw_opt_number(n->name, tw_optarg,
				    n->min, n->max);
		}
	}
	if (tw_optind < argc) {
		sb_log("unexpected operand '%s'", argv[tw_optind]);
		tw_usage(&cmd);
	}
	if (o.port < 0) {
		sb_log("-p PORT is required (0 picks a free port)");
		tw_usage(&cmd);
	}
}

int
main(int argc, char *argv[])
{
	char *base;
	int rv, sig;

	tw_init(argv[0]);
	sb_store_init(time(NULL));
	options(argc, argv, sb.t0);
	if ((rv = sb_serve_start(&o, &base)) == TW_EXIT_USAGE)
		tw_usage(&cmd);
	if (rv != TW_EXIT_OK)
		return tw_finish(rv);
	printf("%s\n", base);
	fflush(stdout);
	free(base);
	/* ^C: 130, as for every program (tw(7)); SIGTERM: a clean 0 */
	sig = sb_serve_wait();
	return tw_finish(sb_serve_stop() < 0 ? TW_EXIT_API :
	    sig == SIGINT ? TW_EXIT_INTR : TW_EXIT_OK);
}
