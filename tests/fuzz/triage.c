/* triage.c - tw-triage's RULES file (lib/triage.c): the input is read
 * by tw_triage_rules as tw-triage -r reads it; when it is taken, records
 * of several kinds are triaged under it (queues, urgency and request
 * queries with tw's own operators, weights, ladder, tiers, VIPs, SLA).
 *
 * Findings: crashes, leaks, sanitizer reports, and a record whose
 * "triage" object does not hold a priority from 0 to 100 whose "why"
 * terms add up to it (tw-triage(1)). */
#include "fuzz.h"

static const char *const records[] = {
	("{\"type\":\"tweet\",\"id\":\"1\",\"created_at\":\"2026-11-21T09:00:00Z\","
	"\"text\":\"@AcmeAir another delay today, my lawyer will call #appfail\","
	"\"lang\":\"en\",\"author\":{\"id\":\"u1\",\"username\":\"uservip\","
	"\"followers\":25000,\"verified\":true},\"account\":{\"id\":\"9\","
	"\"username\":\"AcmeAir\"},\"direction\":\"in\"}"),

	("{\"type\":\"dm\",\"id\":\"2\",\"created_at\":\"2026-11-21T08:00:00Z\","
	"\"text\":\"please send me the invoice?\",\"dm_conversation_id\":\"c1\","
	"\"author\":{\"id\":\"u2\",\"username\":\"userplat\"},"
	"\"recipient\":{\"id\":\"9\",\"username\":\"AcmeAir\"}}"),

	("{\"type\":\"tweet\",\"id\":\"3\",\"text\":\"@AcmeHotels Versp\\u00e4tung "
	"schon wieder\",\"lang\":\"de\",\"author\":{\"id\":\"u3\",\"username\":"
	"\"reporter_jo\",\"description\":\"journalist\"},\"account\":{\"id\":"
	"\"8\",\"username\":\"AcmeHotels\"},\"in_reply_to\":{\"id\":\"0\","
	"\"user_id\":\"8\"},\"metrics\":{\"impressions\":90000}}"),

	("{\"type\":\"tweet\",\"id\":\"4\",\"text\":\"RT @AcmeAir: sale\","
	"\"retweet_of\":\"0\",\"author\":{\"id\":\"u4\",\"username\":\"x\"}}"),
};
#define NREC (sizeof records / sizeof records[0])
static cJSON *rec[NREC];
static struct tw_triage *tri;

static void
done(void)
{
	size_t i;

	for (i = 0; i < NREC; i++)
		cJSON_Delete(rec[i]);
	tw_triage_free(tri);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	fz_init();
	for (i = 0; i < NREC; i++)
		if (!(rec[i] = cJSON_Parse(records[i])))
			abort();
	/* one triage for the run, reset before each input (a new one costs
	 * 13 ms under ASan); its clock fixed */
	tri = tw_triage_new();
	tw_triage_now(tri, 1795000000);
	atexit(done);
	return 0;
}

static void
check(const cJSON *r)
{
	const cJSON *p = tw_json_path(r, "triage.priority"), *w;
	const cJSON *why = tw_json_path(r, "triage.why");
	double sum = 0;

	if (!tw_json_path(r, "triage"))
		return;
	FZ_ASSERT(cJSON_IsNumber(p) && p->valuedouble >= 0 &&
	    p->valuedouble <= 100, "priority not 0..100");
	cJSON_ArrayForEach(w, why)
		if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(w, "points")))
			sum += cJSON_GetObjectItemCaseSensitive(w,
			    "points")->valuedouble;
	FZ_ASSERT(!cJSON_IsArray(why) || sum == p->valuedouble,
	    "the why terms add up to %g, the priority is %g", sum,
	    p->valuedouble);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *r;
	size_t i;

	tw_triage_reset(tri);
	tw_triage_account(tri, "9", "AcmeAir");
	if (tw_triage_rules(tri, fz_file("input", data, size)) < 0)
		return 0;
	for (i = 0; i < NREC; i++) {
		r = cJSON_Duplicate(rec[i], 1);
		tw_triage_record(tri, r);
		check(r);
		cJSON_Delete(r);
	}
	return 0;
}
