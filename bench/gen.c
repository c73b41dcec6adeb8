/* gen.c - write X API v2 mention pages for the record benchmark
 *
 *	gen MB FILE
 *
 * One page per line, 100 tweets each with the fields tw-fetch asks for
 * (author, conversation, reply, entities, metrics, note_tweet now and
 * then) and includes.users for their authors.  Texts mix ASCII, emoji
 * with ZWJ sequences, CJK and escapes.  Deterministic: the same MB gives
 * the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 100
#define NUSERS 5000

#define RND_SEED 0x9e3779b97f4a7c15ULL
#include "rnd.h"

static const char *const words[] = {
	"my", "flight", "was", "delayed", "again", "and", "nobody", "at",
	"the", "gate", "knows", "why", "booking", "ref", "please", "help",
	"refund", "still", "waiting", "thanks", "great", "service", "today",
	"lost", "bag", "hotel", "app", "crashes", "when", "I", "pay",
	"\\u00e9t\\u00e9", "caf\xc3\xa9", "\xf0\x9f\x98\xa1", "\xf0\x9f\x99\x8f",
	"\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
	"\xe6\x9d\xb1\xe4\xba\xac\xe8\xa1\x8c\xe3\x81\x8d\xe3\x81\xae\xe4\xbe\xbf"
	    "\xe3\x81\x8c\xe9\x81\x85\xe3\x82\x8c\xe3\x81\xa6\xe3\x81\x84\xe3\x81"
	    "\xbe\xe3\x81\x99",
	"\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "\\\"quoted\\\"",
	"line\\nbreak", "#fail", "$ACME", "100%", "&amp;"
};
#define NWORDS (sizeof words / sizeof words[0])

static const char *const langs[] = { "en", "en", "en", "de", "ja", "fr", "und" };

static void
text(FILE *fp, unsigned nwords)
{
	unsigned i;

	fputs("@AcmeAir ", fp);
	for (i = 0; i < nwords; i++)
		fprintf(fp, "%s%s", i ? " " : "", words[rnd(NWORDS)]);
}

static void
user(FILE *fp, unsigned u)
{
	fprintf(fp, "{\"id\":\"%u\",\"username\":\"customer_%u\","
	    "\"name\":\"Customer %u \xf0\x9f\x8c\xb8\",\"verified\":%s,"
	    "\"created_at\":\"2019-0%u-1%uT0%u:14:03.000Z\","
	    "\"description\":\"Frequent flyer. Opinions my own. #travel\","
	    "\"location\":\"%s\",\"protected\":false,"
	    "\"public_metrics\":{\"followers_count\":%u,\"following_count\":%u,"
	    "\"tweet_count\":%u,\"listed_count\":%u}}",
	    3000000000u + u, u, u, u % 17 ? "false" : "true", 1 + u % 9, u % 10,
	    u % 10, u % 3 ? "Berlin" : "\xe6\x9d\xb1\xe4\xba\xac",
	    rnd(100000), rnd(2000), rnd(50000), rnd(100));
}

static void
tweet(FILE *fp, unsigned long long id, unsigned author)
{
	unsigned long long conv = id - rnd(1000000);
	unsigned reply = rnd(3);

	fprintf(fp, "{\"id\":\"%llu\",\"text\":\"", id);
	text(fp, 6 + rnd(30));
	fprintf(fp, "\",\"author_id\":\"%u\",\"conversation_id\":\"%llu\","
	    "\"created_at\":\"2026-11-%02uT%02u:%02u:%02u.000Z\","
	    "\"lang\":\"%s\",\"edit_history_tweet_ids\":[\"%llu\"],"
	    "\"reply_settings\":\"everyone\",\"possibly_sensitive\":false,",
	    3000000000u + author, conv, 1 + rnd(28), rnd(24), rnd(60),
	    rnd(60), langs[rnd(7)], id);
	if (reply)
		fprintf(fp, "\"in_reply_to_user_id\":\"2244994945\","
		    "\"referenced_tweets\":[{\"type\":\"replied_to\","
		    "\"id\":\"%llu\"}],", conv);
	fprintf(fp, "\"entities\":{\"mentions\":[{\"start\":0,\"end\":8,"
	    "\"username\":\"AcmeAir\",\"id\":\"2244994945\"}]");
	if (rnd(4) == 0)
		fprintf(fp, ",\"hashtags\":[{\"start\":10,\"end\":15,"
		    "\"tag\":\"fail\"}],\"urls\":[{\"start\":20,\"end\":43,"
		    "\"url\":\"https://t.co/abc%u\",\"expanded_url\":"
		    "\"https://example.com/booking/%u\",\"display_url\":"
		    "\"example.com/booking/\\u2026\"}]", rnd(1000), rnd(100000));
	fputs("},", fp);
	if (rnd(20) == 0) {
		fputs("\"note_tweet\":{\"text\":\"", fp);
		text(fp, 80);
		fputs("\"},", fp);
	}
	fprintf(fp, "\"public_metrics\":{\"retweet_count\":%u,"
	    "\"reply_count\":%u,\"like_count\":%u,\"quote_count\":%u,"
	    "\"bookmark_count\":%u,\"impression_count\":%u}}",
	    rnd(10), rnd(10), rnd(100), rnd(5), rnd(5), rnd(10000));
}

int
main(int argc, char *argv[])
{
	unsigned long long id = 1860000000000000000ULL, want, newest;
	unsigned authors[PER_PAGE], i, j, n;
	FILE *fp;
	long off;

	if (argc != 3 || (want = strtoull(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: gen MB FILE\n");
		return 2;
	}
	want *= 1024 * 1024;
	if (!(fp = fopen(argv[2], "w"))) {
		perror(argv[2]);
		return 1;
	}
	for (off = 0; (unsigned long long)off < want; off = ftell(fp)) {
		newest = id + PER_PAGE;
		fputs("{\"data\":[", fp);
		for (i = 0; i < PER_PAGE; i++) {
			authors[i] = rnd(NUSERS);
			tweet(fp, newest - i, authors[i]);
			if (i + 1 < PER_PAGE)
				putc(',', fp);
		}
		fputs("],\"includes\":{\"users\":[", fp);
		for (i = n = 0; i < PER_PAGE; i++) {
			for (j = 0; j < i; j++)
				if (authors[j] == authors[i])
					break;
			if (j < i)
				continue;
			if (n++)
				putc(',', fp);
			user(fp, authors[i]);
		}
		fprintf(fp, "]},\"meta\":{\"newest_id\":\"%llu\",\"oldest_id\":\"%llu\","
		    "\"result_count\":%d,\"next_token\":\"b26v89c19zqg8o3f%llu\"}}\n",
		    newest, newest - PER_PAGE + 1, PER_PAGE, id);
		id = newest;
		if (off < 0)
			return 1;
	}
	if (fclose(fp) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
