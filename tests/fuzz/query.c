/* query.c - the X search query language (lib/query.c): parse the input
 * as a query; when it parses, match it against a few records of every
 * shape the matcher reads (entities as strings and as objects, none at
 * all, a DM, a retweet, a quote, a record with the wrong types).
 *
 * Findings (abort), besides crashes, leaks and sanitizer reports:
 *  - a query that parses but "(Q)", or "(Q) OR (Q)", or "(Q) (Q)", does
 *    not (other than for nesting past the limit), or one of them
 *    matches a record Q does not match, or the other way round;
 *  - a parse error without a message. */
#include "fuzz.h"

static const char *const records[] = {
	"{\"type\":\"tweet\",\"id\":\"1900000000000000001\","
	"\"text\":\"@SkyWay my flight SW12 was delayed 3 hours and my bag is "
	"lost #lostluggage #SkyWayFail \\u00e7a suffit $SKY https://t.co/x\","
	"\"lang\":\"en\",\"conversation_id\":\"1900000000000000000\","
	"\"author\":{\"id\":\"42\",\"username\":\"anna_k\",\"verified\":true},"
	"\"in_reply_to\":{\"id\":\"1900000000000000000\",\"user_id\":\"7\","
	"\"username\":\"skyway\"},"
	"\"entities\":{\"mentions\":[{\"username\":\"SkyWay\"}],"
	"\"hashtags\":[\"lostluggage\",{\"tag\":\"SkyWayFail\"}],"
	"\"cashtags\":[{\"tag\":\"SKY\"}],"
	"\"urls\":[{\"url\":\"https://t.co/x\","
	"\"expanded_url\":\"https://skyway.example/claims/99\"}]},"
	"\"media\":[{\"key\":\"3_1\",\"type\":\"photo\"}]}",

	"{\"type\":\"tweet\",\"id\":\"5\",\"text\":\"RT @skyway: \\u9045\\u5ef6"
	"\\u3057\\u307e\\u3057\\u305f #delay\",\"lang\":\"ja\","
	"\"retweet_of\":\"4\",\"author\":{\"id\":\"43\",\"username\":\"taro\"}}",

	"{\"type\":\"dm\",\"id\":\"9\",\"text\":\"my booking ref is ABC123\","
	"\"author\":{\"id\":\"42\",\"username\":\"anna_k\"},"
	"\"recipient\":{\"id\":\"7\",\"username\":\"skyway\"}}",

	"{\"type\":\"tweet\",\"id\":\"11\",\"text\":\"so @skyway, #refund? "
	"$LUV up 3% skyway.example/a?b=c \\\"quoted words\\\" caf\\u00e9\","
	"\"quote_of\":\"10\",\"conversation_id\":\"11\","
	"\"author\":{\"id\":\"44\",\"username\":\"Bo_B\",\"verified\":false}}",

	"{\"type\":\"tweet\",\"id\":12,\"text\":[\"not\",\"text\"],\"lang\":7,"
	"\"author\":\"nobody\",\"in_reply_to\":\"12\",\"entities\":{"
	"\"mentions\":\"x\",\"hashtags\":[1,null,{\"tag\":2}],\"urls\":[{}]},"
	"\"media\":{}}",

	"{\"type\":\"tweet\",\"id\":\"13\",\"text\":\"\",\"author\":{}}",
};
#define NREC (sizeof records / sizeof records[0])
static cJSON *rec[NREC];

static void
done(void)
{
	size_t i;

	for (i = 0; i < NREC; i++)
		cJSON_Delete(rec[i]);
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
	atexit(done);
	return 0;
}

/* Q wrapped as fmt says; it must parse and match as Q does (m). */
static void
same(const char *q, const char *fmt, const int *m)
{
	char *w = xasprintf(fmt, q, q);
	struct tw_query *t;
	const char *err = NULL;
	size_t i;

	t = tw_query_parse(w, &err);
	if (!t) {
		FZ_ASSERT(err && strcmp(err, "query nested too deeply") == 0,
		    "'%s' parses, '%s' does not: %s", q, w, err);
		free(w);
		return;
	}
	for (i = 0; i < NREC; i++)
		FZ_ASSERT(tw_query_match(t, rec[i]) == m[i],
		    "'%s' and '%s' differ on record %zu", q, w, i);
	tw_query_free(t);
	free(w);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = fz_cstr(data, size);
	const char *err = NULL;
	struct tw_query *t;
	int m[NREC];
	size_t i;

	if (!(t = tw_query_parse(q, &err))) {
		FZ_ASSERT(err && *err, "a parse error without a message");
		free(q);
		return 0;
	}
	for (i = 0; i < NREC; i++)
		m[i] = tw_query_match(t, rec[i]);
	tw_query_free(t);
	same(q, "(%s)", m);
	same(q, "(%s) OR (%s)", m);
	same(q, "(%s) (%s)", m);
	free(q);
	return 0;
}
