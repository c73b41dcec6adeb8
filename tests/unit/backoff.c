/* backoff.c - unit tests for the stream's reconnect backoff
 * (tw_backoff_next in lib/stream.c) against X's documented schedule,
 * all the way to the caps. */
#include "tw.h"
#include "tap.h"

int
main(void)
{
	struct tw_backoff b;
	long v, last;
	int i;

	tw_backoff_reset(&b);
	is_int(tw_backoff_next(&b, TW_BACKOFF_NET), 0, "network: the first reconnect is at once");
	is_int(tw_backoff_next(&b, TW_BACKOFF_NET), 250, "then 250 ms");
	is_int(tw_backoff_next(&b, TW_BACKOFF_NET), 500, "then 500 ms: 250 more each time");
	for (i = 0, last = 500; i < 100; i++)
		last = tw_backoff_next(&b, TW_BACKOFF_NET);
	is_int(last, 16000, "network: capped at 16 s");
	is_int(b.net_ms, 16000, "and stays there");

	tw_backoff_reset(&b);
	is_int(tw_backoff_next(&b, TW_BACKOFF_HTTP), 5000, "HTTP errors: 5 s first");
	is_int(tw_backoff_next(&b, TW_BACKOFF_HTTP), 10000, "then doubling: 10 s");
	for (i = 0, v = 10000; i < 4; i++)
		v = tw_backoff_next(&b, TW_BACKOFF_HTTP);
	is_int(v, 160000, "20, 40, 80, 160 s");
	tw_backoff_next(&b, TW_BACKOFF_HTTP);
	is_int(tw_backoff_next(&b, TW_BACKOFF_HTTP), 320000, "capped at 320 s");

	tw_backoff_reset(&b);
	is_int(tw_backoff_next(&b, TW_BACKOFF_RATE), 60000, "429: 60 s first");
	is_int(tw_backoff_next(&b, TW_BACKOFF_RATE), 120000, "then doubling");

	tw_backoff_reset(&b);
	is_int(tw_backoff_next(&b, TW_BACKOFF_NET), 0, "data resets it: at once again");
	return tap_done();
}
