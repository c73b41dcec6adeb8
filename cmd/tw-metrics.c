/* tw-metrics - care metrics from records and the journal */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tw.h"
#include "engage.h"
#include "malert.h"

enum { O_SLA = 256, O_SINCE, O_UNTIL, O_ALERT, O_ADAYS, O_AMIN, O_ASIGMA,
    O_BUDGET, O_ENGAGE, O_COST };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account from the config file "
	    "(--engagement)" },
	{ O_ALERT, "alert", NULL, "print one line and exit 1 when the last "
	    "hour's volume or negative share is unusual" },
	{ O_ADAYS, "alert-days", "DAYS", "the days of the --alert baseline (7)" },
	{ O_AMIN, "alert-min", "N", "the fewest messages in an hour for an "
	    "alert (10)" },
	{ O_ASIGMA, "alert-sigma", "K", "standard deviations over the mean "
	    "for an alert (3)" },
	{ O_BUDGET, "budget", "N", "--engagement: at most N requests" },
	{ O_COST, "cost", NULL, "requests and dollars per case and per "
	    "resolved case, from the usage lines" },
	{ O_ENGAGE, "engagement", NULL, "read the account's replies again: "
	    "impressions, likes, clicks per group" },
	{ 'f', "format", "FORMAT", "ndjson (the default), table or svg" },
	{ 'G', "gap", "GAP", "a silence that ends a conversation (24h)" },
	{ 'H', "hours", "HOURSFILE", "business hours: FRT and SLA in business time" },
	{ 'g', "group", "BY", "account, agent, queue, channel, day, week, hour, "
	    "intent or a record path; several with commas" },
	{ O_SINCE, "since", "TIME", "conversations that start at TIME or later" },
	{ O_SLA, "sla", "DUR", "the first-response target, such as 1h" },
	{ O_UNTIL, "until", "TIME", "conversations that start before TIME" },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"[FILE...]",
	"Report first response time, reply times, handling and resolution "
	    "times, SLA, CSAT and NPS per group.",
	opts, NULL
};

static int
add(cJSON *rec, const struct tw_loc *loc, void *ctx)
{
	const char *why = NULL;

	if (tw_metrics_add(ctx, rec, &why) < 0) {
		tw_warn_at(loc, "%s", why);
		return -1;
	}
	return 0;
}

static int
add_alert(cJSON *rec, const struct tw_loc *loc, void *ctx)
{
	const char *why = NULL;

	if (tw_malert_add(ctx, rec, &why) < 0) {
		tw_warn_at(loc, "%s", why);
		return -1;
	}
	return 0;
}

/* --alert: one line and exit 1 when the hour is unusual. */
static int
alert(int argc, char *argv[], const struct tw_malert_opts *o)
{
	struct tw_malert *a = tw_malert_new(o);
	int rv;

	rv = tw_each_record(argc, argv, NULL, add_alert, a);
	if (rv == TW_EXIT_OK || rv == TW_EXIT_PARTIAL)
		rv = tw_malert_check(a) ? TW_EXIT_PARTIAL : rv;
	tw_malert_free(a);
	return rv;
}

static int
add_engage(cJSON *rec, const struct tw_loc *loc, void *ctx)
{
	(void)loc;
	tw_engage_add(ctx, rec);
	return 0;
}

/* --engagement: the replies' metrics from the API. */
static int
engagement(int argc, char *argv[], const char *account,
    const struct tw_engage_opts *o, int table)
{
	struct tw_account acct;
	struct tw_client client;
	struct tw_engage *e;
	int rv, rv2;

	if ((rv = tw_config_load(account, 1, &acct)) != 0)
		return rv;
	tw_client_init(&client, &acct);
	e = tw_engage_new(o);
	rv = tw_each_record(argc, argv, NULL, add_engage, e);
	if (rv != TW_EXIT_USAGE) {
		rv2 = tw_engage_fetch(e, &client);
		tw_engage_report(e, table);
		rv = rv2 ? rv2 : rv;
	}
	tw_engage_free(e);
	tw_client_free(&client);
	tw_account_free(&acct);
	return rv;
}

/* The -g keys, when no tw_metrics took them. */
static void
free_by(struct tw_metrics_opts *o)
{
	int i;

	for (i = 0; i < o->nby; i++)
		free((void *)(uintptr_t)o->by[i]);
	o->nby = 0;
}

static double
number(const char *s, const char *what)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v >= 0) || v > 1e9)
		tw_die(TW_EXIT_USAGE, "%s: not a number >= 0: '%s'", what, s);
	return v;
}

static long
duration(const char *s, const char *what)
{
	long v;

	if (tw_duration_parse(s, &v) < 0 || v <= 0)
		tw_die(TW_EXIT_USAGE, "%s: not a duration: '%s' (such as 90s, "
		    "15m, 1h, 2d)", what, s);
	return v;
}

static time_t
when(const char *s, const char *what)
{
	time_t t;

	if (tw_time_parse(s, time(NULL), &t) < 0)
		tw_die(TW_EXIT_USAGE, "%s: not a time: '%s'", what, s);
	return t;
}

int
main(int argc, char *argv[])
{
	struct tw_metrics_opts o = { 0 };
	struct tw_metrics *m;
	struct tw_hours *hours = NULL;
	struct tw_malert_opts ao = { 0, -1, 0, 0 };
	struct tw_engage_opts eo = { 0 };
	const char *account = NULL;
	const char *why;
	int c, table = 0, rv, alerting = 0, engage = 0;

	tw_init(argv[0]);
	while ((c = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(tw_optarg, "table"))
				table = 1;
			else if (!strcmp(tw_optarg, "svg"))
				table = 2;
			else if (strcmp(tw_optarg, "ndjson"))
				tw_die(TW_EXIT_USAGE, "-f: ndjson, table or svg, not "
				    "'%s'", tw_optarg);
			break;
		case 'G': o.gap = duration(tw_optarg, "-G"); break;
		case 'H':
			if (!(o.hours = hours = tw_hours_load(tw_optarg)))
				return tw_finish(TW_EXIT_USAGE);
			break;
		case 'g':
			if (tw_metrics_group(&o, tw_optarg, &why) < 0)
				tw_die(TW_EXIT_USAGE, "-g: %s: '%s'", why, tw_optarg);
			break;
		case 'a': account = tw_optarg; break;
		case O_ALERT: alerting = 1; break;
		case O_BUDGET:
			if ((eo.budget = (long)number(tw_optarg, "--budget")) < 1)
				tw_die(TW_EXIT_USAGE, "--budget: at least 1");
			break;
		case O_COST: o.cost = 1; break;
		case O_ENGAGE: engage = 1; break;
		case O_ADAYS:
			if ((ao.days = (int)number(tw_optarg, "--alert-days")) < 1)
				tw_die(TW_EXIT_USAGE, "--alert-days: at least 1");
			break;
		case O_AMIN:
			if ((ao.min = (long)number(tw_optarg, "--alert-min")) < 1)
				tw_die(TW_EXIT_USAGE, "--alert-min: at least 1");
			break;
		case O_ASIGMA: ao.sigma = number(tw_optarg, "--alert-sigma"); break;
		case O_SINCE: o.since = when(tw_optarg, "--since"); break;
		case O_SLA: o.sla = duration(tw_optarg, "--sla"); break;
		case O_UNTIL: o.until = when(tw_optarg, "--until"); break;
		}
	}
	if (engage + alerting + o.cost > 1)
		tw_die(TW_EXIT_USAGE, "one of --alert, --cost and --engagement");
	if ((engage || o.cost) && table == 2)
		tw_die(TW_EXIT_USAGE, "%s: -f ndjson or table", engage ?
		    "--engagement" : "--cost");
	if (engage) {
		eo.by = o.by;
		eo.nby = o.nby;
		if (tw_clock(&eo.now) < 0)
			tw_die(TW_EXIT_USAGE, "TW_NOW: bad time '%s'",
			    getenv("TW_NOW"));
		rv = engagement(argc - tw_optind, argv + tw_optind, account,
		    &eo, table);
		free_by(&o);
		return tw_finish(rv);
	}
	if (alerting) {
		ao.until = o.until;
		rv = alert(argc - tw_optind, argv + tw_optind, &ao);
		free_by(&o);
		return tw_finish(rv);
	}
	tw_ndjson_arena(1);     /* tw_metrics_add copies what it keeps */
	if (!getenv("TW_METRICS_NOSCAN"))
		tw_ndjson_prefilter(tw_metrics_line);
	m = tw_metrics_new(&o);
	rv = tw_each_record(argc - tw_optind, argv + tw_optind, NULL, add, m);
	tw_metrics_report(m, table);
	tw_metrics_free(m);
	tw_hours_free(hours);
	return tw_finish(rv);
}
