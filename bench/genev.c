/* genev.c - write care events (tw records) for the metrics benchmark
 *
 *	genev N FILE
 *
 * N records, inbound and outbound, as tw-fetch, tw-reply and tw-dm write
 * them: conversations start every two seconds or so over the weeks from
 * 2026-01-05, each an inbound mention or DM from one of 1,000,000
 * customers of two brand accounts, answered (mostly) by one of eight
 * agents after seconds to hours, with a follow-up now and then.  Each
 * conversation is written whole before the next, so the file is not in
 * time order, as when the output of several programs is concatenated.
 * Deterministic: the same N gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define RND_SEED 0x2545f4914f6cdd1dULL
#include "rnd.h"

static const char *const agents[] = { "ana", "ben", "cho", "dev", "eli",
    "fay", "gus", "hal" };
static const char *const queues[] = { "baggage", "delays", "refunds",
    "general" };
static const char *const labels[] = { "negative", "neutral", "positive" };

static unsigned long long id = 1800000000000000000ULL;
static long long n, max;

static void
stamp(char *buf, size_t sz, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
in(FILE *f, int acct, unsigned cust, int dm, time_t t)
{
	char ts[32];

	if (n++ >= max)
		return;
	stamp(ts, sizeof ts, t);
	fprintf(f, "{\"type\":\"%s\",\"id\":\"%llu\",\"created_at\":\"%s\","
	    "\"text\":\"@brand%d my flight was delayed again, still waiting "
	    "for help\",\"account\":{\"id\":\"%d\",\"username\":\"brand%d\"},"
	    "\"direction\":\"in\",\"author\":{\"id\":\"%u\",\"username\":"
	    "\"c%u\"},\"triage\":{\"queue\":\"%s\",\"sentiment\":{\"label\":"
	    "\"%s\"}}}\n", dm ? "dm" : "tweet", id++, ts, acct, acct, acct,
	    cust, cust, queues[cust % 4], labels[rnd(3)]);
}

static void
out(FILE *f, int acct, unsigned cust, int dm, time_t t, unsigned long long to)
{
	char ts[32];

	if (n++ >= max)
		return;
	stamp(ts, sizeof ts, t);
	if (dm)
		fprintf(f, "{\"type\":\"dm\",\"id\":\"%llu\",\"created_at\":\"%s\","
		    "\"text\":\"Sorry about that, can you send us your booking "
		    "ref?\",\"account\":{\"id\":\"%d\",\"username\":\"brand%d\"},"
		    "\"direction\":\"out\",\"recipient\":{\"id\":\"%u\","
		    "\"username\":\"c%u\"},\"agent\":\"%s\",\"source\":\"dm\"}\n",
		    id++, ts, acct, acct, cust, cust, agents[cust % 8]);
	else
		fprintf(f, "{\"type\":\"tweet\",\"id\":\"%llu\",\"created_at\":"
		    "\"%s\",\"text\":\"@c%u Sorry about that, please DM us your "
		    "booking ref\",\"account\":{\"id\":\"%d\",\"username\":"
		    "\"brand%d\"},\"direction\":\"out\",\"in_reply_to\":{\"id\":"
		    "\"%llu\",\"user_id\":\"%u\"},\"agent\":\"%s\",\"source\":"
		    "\"reply\"}\n", id++, ts, cust, acct, acct, to, cust,
		    agents[cust % 8]);
}

/* seconds to an answer: mostly minutes, now and then hours */
static time_t
delay(void)
{
	return 20 + rnd(900) + (rnd(8) == 0 ? rnd(6 * 3600) : 0);
}

int
main(int argc, char *argv[])
{
	time_t t = 1767571200;     /* 2026-01-05T00:00:00Z */
	unsigned long long first;
	unsigned cust;
	int acct, dm;
	FILE *f;

	if (argc != 3 || (max = atoll(argv[1])) <= 0) {
		fprintf(stderr, "usage: genev N FILE\n");
		return 2;
	}
	if (!(f = fopen(argv[2], "w"))) {
		perror(argv[2]);
		return 1;
	}
	while (n < max) {
		t += rnd(5);
		cust = 1000000 + rnd(1000000);
		acct = 100 + 100 * (int)rnd(2);
		dm = rnd(10) < 3;
		first = id;
		in(f, acct, cust, dm, t);
		if (rnd(100) < 85) {
			time_t r = t + delay();

			out(f, acct, cust, dm, r, first);
			if (rnd(100) < 40) {
				time_t u = r + 60 + rnd(1800);

				first = id;
				in(f, acct, cust, dm, u);
				if (rnd(100) < 80)
					out(f, acct, cust, dm, u + delay(), first);
			}
		}
	}
	if (fclose(f) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
