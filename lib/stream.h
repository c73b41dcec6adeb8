/* stream.h - the filtered stream: rules kept equal to a file, reading
 * until interrupted, reconnects with X's backoff (stream.c) */
#ifndef TW_STREAM_H
#define TW_STREAM_H

#include "fetch.h"

/* Make the server's rules equal the file; print them. */
int tw_stream_sync_rules(struct tw_fetch *f, const char *file);
int tw_stream_print_rules(struct tw_fetch *f);
/* X's reconnect backoff for the stream: network errors and stalls
 * (the first at once, then 250 ms more each time, up to 16 s), HTTP
 * errors (5 s, doubling to 320 s), 429 (60 s, doubling).  A good
 * connection resets it: one that gave a post, or stayed up with
 * keep-alives for 60 s. */
enum tw_backoff_kind { TW_BACKOFF_NET, TW_BACKOFF_HTTP, TW_BACKOFF_RATE };
struct tw_backoff {
	long net_ms, http_ms, rate_ms;
	int used;               /* a network error since the last data */
};
void tw_backoff_reset(struct tw_backoff *b);
long tw_backoff_next(struct tw_backoff *b, enum tw_backoff_kind k);
/* Read the filtered stream until SIGINT/SIGTERM. */
int tw_stream_run(struct tw_fetch *f);

#endif
