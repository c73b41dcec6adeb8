/* fetch.h - getting tweets and DMs: paging, checkpoints, budgets, the
 * filtered stream.  Used by tw-fetch. */
#ifndef TW_FETCH_H
#define TW_FETCH_H

#include "http.h"
#include "record.h"

struct tw_fetch {
	struct tw_client *client;
	struct tw_ident ident;      /* the account, for direction */
	const char *what;           /* for messages: "mentions", "search" */
	const char *source;         /* the records' "source" */
	long max;                   /* -n: at most this many records; 0 none */
	long budget;                /* --budget: posts read at most; 0 none */
	int raw;                    /* -R: the API's pages, not records */
	int progress;               /* progress on stderr (a terminal) */
	int shown;                  /* records shown as lines on a terminal:
	                             * the progress line is wiped before
	                             * the next lines */
	int progress_len;           /* columns of the progress line now on
	                             * the terminal (no newline yet) */
	const char *since_id, *until_id;  /* the user's bounds */
	const char *start_time, *end_time;
	long min_interval_ms;       /* pacing: archive search 1000 */
	enum tw_auth auth;          /* user context, or app-only (archive) */
	const char *comp_stream;    /* a compliance stream's path (its
	                               events as compliance records), or
	                               NULL: the filtered stream */
	const char *partition;      /* its partition, 1 to 4 */

	/* checkpoint: -s NAME keeps, under key, the newest id done */
	const char *ckpt_name;
	char *ckpt_key;

	/* counters */
	long emitted, pages, read;
	int stopped;                /* max or budget reached */
	long long last_req_ms;

	/* conversation: collect instead of printing */
	cJSON *collect;
	/* what the current sweep has seen */
	char *oldest, *newest;
	/* dedupe (stream and its backfill): a ring of recent ids */
	char **seen;
	size_t nseen, seenpos;
};

/* Compare two decimal ids as numbers (they exceed 2^53). */
int tw_id_cmp(const char *a, const char *b);

void tw_fetch_init(struct tw_fetch *f, struct tw_client *c,
    const struct tw_account *acct);
void tw_fetch_free(struct tw_fetch *f);

/* The fields and expansions that make records complete. */
void tw_fetch_tweet_params(tw_kvs *q);
void tw_fetch_dm_params(tw_kvs *q);
void tw_fetch_user_params(tw_kvs *q);

/* One request; pages the caller's way.  Prints the error line
 * ("tw-fetch: WHAT: ...") and returns the exit code on failure. */
int tw_fetch_get(struct tw_fetch *f, struct tw_req *req, struct tw_resp *resp);

/* Emit what a page holds (records, or the page itself with -R). */
void tw_fetch_page(struct tw_fetch *f, const cJSON *page);

/* A timeline-like source that takes since_id/until_id and pages with
 * pagination_token: mentions, recent and full-archive search.  Keeps the
 * checkpoint (an unfinished sweep is resumed, never skipped).
 * page_min/page_max bound max_results. */
int tw_fetch_timeline(struct tw_fetch *f, const char *path,
    const tw_kvs *params, int page_min, int page_max);

/* DM events (no since_id in the API: pages back to the checkpoint). */
int tw_fetch_dms(struct tw_fetch *f, const char *path);

/* Ids in batches of 100 (tweets), or usernames (users). */
int tw_fetch_lookup(struct tw_fetch *f, const char *path, const char *key,
    char **ids, int n, void (*params)(tw_kvs *));

/* The thread of a tweet, root first, replies in reply order. */
int tw_fetch_conversation(struct tw_fetch *f, const char *id);

/* Drop records whose id was already emitted (the stream and its
 * backfill after a reconnect). */
void tw_fetch_dedupe(struct tw_fetch *f);

/* stream.c: SIGINT and SIGTERM set tw_fetch_stop to the signal's number;
 * paging and the stream end cleanly when it is set (tw-fetch then exits
 * 130 after SIGINT, 0 after SIGTERM). */
extern volatile int tw_fetch_stop;
void tw_fetch_catch_signals(void);

#endif
