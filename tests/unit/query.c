/* query.c - unit tests for lib/query.c: parse errors and matching */
#include "tw.h"
#include "tap.h"

static const char *rec_json =
    "{\"type\":\"tweet\",\"id\":\"1900000000000000001\","
    "\"text\":\"@SkyWay my flight SW12 was delayed 3 hours and my bag is "
    "lost #lostluggage #SkyWayFail \\u00e7a suffit https://t.co/x\","
    "\"lang\":\"en\",\"conversation_id\":\"1900000000000000000\","
    "\"author\":{\"id\":\"42\",\"username\":\"anna_k\",\"verified\":true},"
    "\"in_reply_to\":{\"id\":\"1900000000000000000\",\"user_id\":\"7\","
    "\"username\":\"skyway\"},"
    "\"entities\":{\"mentions\":[{\"username\":\"SkyWay\"}],"
    "\"hashtags\":[\"lostluggage\",{\"tag\":\"SkyWayFail\"}],"
    "\"urls\":[{\"url\":\"https://t.co/x\","
    "\"expanded_url\":\"https://skyway.example/claims/99\"}]},"
    "\"media\":[{\"key\":\"3_1\",\"type\":\"photo\"}]}";

static const char *plain_json =
    "{\"type\":\"tweet\",\"id\":\"5\",\"text\":\"RT @skyway: \\u9045\\u5ef6"
    "\\u3057\\u307e\\u3057\\u305f #delay\",\"lang\":\"ja\","
    "\"retweet_of\":\"4\",\"author\":{\"id\":\"43\",\"username\":\"taro\"}}";

static const char *dm_json =
    "{\"type\":\"dm\",\"id\":\"9\",\"text\":\"my booking ref is ABC123\","
    "\"author\":{\"id\":\"42\",\"username\":\"anna_k\"},"
    "\"recipient\":{\"id\":\"7\",\"username\":\"skyway\"}}";

static int
m(const char *q, const cJSON *rec)
{
	const char *err = NULL;
	struct tw_query *t = tw_query_parse(q, &err);
	int r;

	if (!t) {
		printf("# parse error for '%s': %s\n", q, err);
		return -1;
	}
	r = tw_query_match(t, rec);
	tw_query_free(t);
	return r;
}

static int
bad(const char *q)
{
	const char *err = NULL;
	struct tw_query *t = tw_query_parse(q, &err);

	if (t) {
		tw_query_free(t);
		return 0;
	}
	return err != NULL && *err != 0;
}

int
main(void)
{
	cJSON *r = cJSON_Parse(rec_json), *p = cJSON_Parse(plain_json);
	cJSON *d = cJSON_Parse(dm_json);

	tw_init("query");
	ok(r && p && d, "fixtures parse");

	/* keywords */
	is_int(m("delayed", r), 1, "keyword");
	is_int(m("DELAYED", r), 1, "keyword is case-insensitive");
	is_int(m("delay", r), 0, "keyword matches whole words only");
	is_int(m("delayed lost", r), 1, "implicit AND");
	is_int(m("delayed refund", r), 0, "implicit AND needs both");
	is_int(m("refund OR lost", r), 1, "OR");
	is_int(m("refund OR cancelled", r), 0, "OR of misses");
	is_int(m("refund OR bag delayed", r), 1, "AND binds tighter than OR");
	is_int(m("(refund OR bag) delayed", r), 1, "parentheses");
	is_int(m("(refund OR cancelled) delayed", r), 0, "parentheses miss");
	is_int(m("delayed -refund", r), 1, "negation");
	is_int(m("delayed -lost", r), 0, "negated hit");
	is_int(m("delayed -(refund OR lost)", r), 0, "negated group");
	is_int(m("\"bag is lost\"", r), 1, "phrase");
	is_int(m("\"lost bag\"", r), 0, "phrase word order");
	is_int(m("\"BAG IS\"", r), 1, "phrase is case-insensitive");
	is_int(m("\xc3\xa7" "a", r), 1, "non-ASCII keyword");
	is_int(m("\xe9\x81\x85\xe5\xbb\xb6", p), 1, "CJK keyword inside text");
	is_int(m("\xe9\x81\x85\xe5\xbb\xb6 lang:ja", p), 1, "CJK and lang:");

	/* operators */
	is_int(m("from:anna_k", r), 1, "from: username");
	is_int(m("from:ANNA_K", r), 1, "from: is case-insensitive");
	is_int(m("from:@anna_k", r), 1, "from:@name");
	is_int(m("from:42", r), 1, "from: id");
	is_int(m("from:taro", r), 0, "from: other");
	is_int(m("to:skyway", r), 1, "to: username of the replied-to user");
	is_int(m("to:7", r), 1, "to: user id");
	is_int(m("to:1900000000000000000", r), 0, "to: is not the tweet id");
	is_int(m("to:skyway", p), 0, "to: on a non-reply");
	is_int(m("@skyway", r), 1, "@mention from entities");
	is_int(m("@skyway", p), 1, "@mention scanned from text");
	is_int(m("@sky", p), 0, "@mention is a whole name");
	is_int(m("#lostluggage", r), 1, "#hashtag string entity");
	is_int(m("#skywayfail", r), 1, "#hashtag object entity");
	is_int(m("#lost", r), 0, "#hashtag whole tag");
	is_int(m("#delay", p), 1, "#hashtag scanned from text");
	is_int(m("lang:en", r), 1, "lang:");
	is_int(m("lang:ja", r), 0, "lang: other");
	is_int(m("is:reply", r), 1, "is:reply");
	is_int(m("is:reply", p), 0, "is:reply on a retweet");
	is_int(m("is:retweet", p), 1, "is:retweet");
	is_int(m("@skyway -is:retweet", p), 0, "-is:retweet");
	is_int(m("is:verified delayed", r), 1, "is:verified");
	is_int(m("is:verified @skyway", p), 0, "is:verified false");
	is_int(m("is:quote delayed", r), 0, "is:quote");
	is_int(m("has:media has:links delayed", r), 1, "has:media has:links");
	is_int(m("has:media #delay", p), 0, "has:media false");
	is_int(m("conversation_id:1900000000000000000", r), 1,
	    "conversation_id:");
	is_int(m("conversation_id:1", r), 0, "conversation_id: other");
	is_int(m("url:\"skyway.example/claims\"", r), 1, "url: quoted");
	is_int(m("url:nowhere.example", r), 0, "url: miss");
	is_int(m("from:anna_k to:skyway ABC123", d), 1, "DM from:/to:");

	/* syntax errors */
	ok(bad(""), "empty query is an error");
	ok(bad("(delayed"), "missing ) is an error");
	ok(bad("delayed)"), "stray ) is an error");
	ok(bad("\"open phrase"), "unterminated phrase is an error");
	ok(bad("delayed OR"), "dangling OR is an error");
	ok(bad("OR delayed"), "leading OR is an error");
	ok(bad("-delayed"), "only negations is an error");
	ok(bad("foo:bar"), "unknown operator is an error");
	ok(bad("is:happy"), "unknown is: is an error");
	is_int(m("see https://skyway.example", r), 0,
	    "a URL keyword is not an operator");

	cJSON_Delete(r);
	cJSON_Delete(p);
	cJSON_Delete(d);
	return tap_done();
}
