/* mcost.c - the cost of care: the usage lines the programs write (one
 * a run that sent requests, from the counters of lib/http.c) summed, and
 * divided by the cases and resolved cases tw-metrics counted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcost.h"
#include "ndjson.h"
#include "timefmt.h"

static long
num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) && v->valuedouble > 0 &&
	    v->valuedouble < 9e15 ? (long)v->valuedouble : 0;
}

int
tw_mcost_add(struct tw_mcost *k, const cJSON *rec, time_t since,
    time_t until, const char **why)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(rec, "usage");
	const char *at;
	time_t t;

	if (!cJSON_IsString(u))
		return 0;
	at = tw_json_str(rec, "time");
	if (!at || tw_time_parse_rfc3339(at, &t) < 0) {
		*why = "a usage line needs a \"time\"";
		return -1;
	}
	if ((since && t < since) || (until && t >= until))
		return 1;
	k->runs++;
	k->requests += num(rec, "requests");
	k->posts_read += num(rec, "posts_read");
	k->posts_written += num(rec, "posts_written");
	k->dm_read += num(rec, "dm_read");
	k->dm_written += num(rec, "dm_written");
	u = cJSON_GetObjectItemCaseSensitive(rec, "usd");
	if (cJSON_IsNumber(u) && u->valuedouble > 0 && u->valuedouble < 1e12)
		k->usd += u->valuedouble;
	return 1;
}

/* a / b rounded to 1 / scale */
static double
per(double a, long b, double scale)
{
	return round(a / (double)b * scale) / scale;
}

static void
table_per(const struct tw_mcost *k, const char *what, long n, int priced)
{
	if (!n)
		return;
	printf("per %s (%ld): %.2f requests", what, n,
	    per((double)k->requests, n, 100));
	if (priced)
		printf(", $%.4f", per(k->usd, n, 10000));
	printf("\n");
}

void
tw_mcost_report(const struct tw_mcost *k, long cases, long resolved,
    int table)
{
	cJSON *o = cJSON_CreateObject(), *c = cJSON_AddObjectToObject(o, "cost");
	int priced = k->usd > 0;

	if (table) {
		printf("requests %ld in %ld run%s", k->requests, k->runs,
		    k->runs == 1 ? "" : "s");
		if (priced)
			printf(", est. $%.4f", k->usd);
		printf("\n");
		table_per(k, "case", cases, priced);
		table_per(k, "resolved case", resolved, priced);
		cJSON_Delete(o);
		return;
	}
	cJSON_AddNumberToObject(c, "runs", (double)k->runs);
	cJSON_AddNumberToObject(c, "requests", (double)k->requests);
	cJSON_AddNumberToObject(c, "posts_read", (double)k->posts_read);
	cJSON_AddNumberToObject(c, "posts_written", (double)k->posts_written);
	cJSON_AddNumberToObject(c, "dm_read", (double)k->dm_read);
	cJSON_AddNumberToObject(c, "dm_written", (double)k->dm_written);
	if (priced)
		cJSON_AddNumberToObject(c, "usd", round(k->usd * 1e6) / 1e6);
	cJSON_AddNumberToObject(c, "cases", (double)cases);
	cJSON_AddNumberToObject(c, "resolved", (double)resolved);
	if (cases)
		cJSON_AddNumberToObject(c, "requests_per_case",
		    per((double)k->requests, cases, 100));
	if (cases && priced)
		cJSON_AddNumberToObject(c, "usd_per_case", per(k->usd, cases,
		    10000));
	if (resolved)
		cJSON_AddNumberToObject(c, "requests_per_resolved",
		    per((double)k->requests, resolved, 100));
	if (resolved && priced)
		cJSON_AddNumberToObject(c, "usd_per_resolved", per(k->usd,
		    resolved, 10000));
	tw_emit(o);
	cJSON_Delete(o);
}
