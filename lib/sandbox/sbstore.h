/* sbstore.h - tw-sandbox's store layer, the bottom of lib/sandbox
 * (README): the store itself (users, posts, DMs, media, stream rules and
 * the streams' queues), its seed, and its state as seed lines.  Nothing
 * here knows of requests or HTTP.  Only tw-sandbox links these files. */
#ifndef TW_SBSTORE_H
#define TW_SBSTORE_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include <cJSON.h>

struct tw_loc;
struct tw_query;

struct sb_user {
	char *id, *username, *name, *description, *location, *url;
	long followers, following, tweets, listed;
	int verified, protected;
	int suspended, deleted;         /* compliance: still served (README) */
	char *verified_type;            /* blue, business, government, none */
	time_t created_at;
};

struct sb_tweet {
	char *id;
	uint64_t n;                     /* id as a number: order = time */
	time_t created_at;
	char *author_id;
	char *text;                     /* the API's text (<= 280) */
	char *note;                     /* full text of a long post, or NULL */
	char *lang;
	char *reply_to, *reply_user_id, *conversation_id;
	char *quote_of, *retweet_of;
	char **media_keys;
	size_t nmedia;
	long likes, retweets, replies, quotes, impressions, bookmarks;
	char *source;                   /* "seed", "api", "admin", "synthetic" */
	cJSON *entities;                /* v2 FullTextEntities of the full text */
};

struct sb_dm {
	char *id;
	uint64_t n;
	time_t created_at;
	char *conv_id, *sender_id, *recipient_id, *text, *event_type;
	char *media_key;                /* or NULL */
};

struct sb_media {
	char *id, *key, *type;          /* photo, video, animated_gif */
	char *media_type, *category, *owner_id;
	long long total_bytes, received;
	int segments, finalized, polls, width, height;
	long duration_ms;
	time_t created_at;
	char *alt;                      /* alt text, or NULL */
};

struct sb_rule {
	char *id, *value, *tag;
	struct tw_query *q;
};

/* A user's like of a post; n orders the likes (the pages' positions). */
struct sb_like {
	char *user_id, *tweet_id;
	uint64_t n;
};

/* One connected filtered-stream client. */
struct sb_sub {
	struct sb_sub *next;
	unsigned tf, uf, mf, xf;        /* fields and expansions (render) */
	char **q;                       /* pending lines, without \r\n */
	size_t nq, capq;
	int closed, probe;
	int comp, partition;            /* a compliance stream: 't' posts or
	                                   'u' users, partition 1-4; else 0 */
	long sent;
	void *wake;                     /* for sb.wake: its connection */
};

/* A compliance event (COMPLIANCE-LIKES.md): something that happened to
 * a post or an account, for the compliance jobs and streams. */
struct sb_cev {
	char *event;                    /* delete, user_suspend, user_protect,
	                                   user_delete, user_unsuspend... */
	char *tweet_id;                 /* a post's event; else NULL */
	char *user_id;                  /* the post's author, or the user */
	time_t at, created_at;          /* when; the post's own time */
};

/* A batch compliance job: its ids once uploaded. */
struct sb_job {
	char *id, *type, *name, *secret;
	int resumable, polls;
	time_t created_at;
	char *ids;                      /* the upload, or NULL */
};

struct sb_faults {
	long latency_ms;
	long p5xx, p429, pdrop, pmalformed; /* percent of /2 requests */
	long ptimeout;                  /* percent of POSTs performed, then
	                                   answered only after timeout_ms */
	long timeout_ms;                /* default 65000: past a client's
	                                   60-second limit */
	long stream_disconnect;         /* close a stream after N posts */
	long stream_stall;              /* seconds of silence, once */
	long keepalive;                 /* seconds between \r\n (default 20) */
};

struct sb_store {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct sb_user **users;
	size_t nusers;
	struct sb_tweet **tweets;       /* ascending id */
	size_t ntweets;
	struct sb_dm **dms;             /* ascending id */
	size_t ndms;
	struct sb_media **media;
	size_t nmedia;
	struct sb_rule **rules;
	size_t nrules;
	struct sb_like **likes;         /* in the order given */
	size_t nlikes;
	uint64_t like_seq;
	struct sb_user *brand;
	struct sb_cev **cevs;           /* compliance events, in time order */
	size_t ncevs;
	struct sb_job **jobs;
	size_t njobs;
	uint64_t last_id;
	time_t t0;                      /* sandbox time at start */
	long long ms0;                  /* monotonic ms at start */
	struct sb_sub *subs;
	int nsubs;
	long stream_max;                /* streams allowed at once */
	long mention_cap, usage_cap, reads;
	int dirty;
	struct sb_faults faults;
	uint64_t rng;
	/* credentials of the brand's app and token */
	char *consumer_key, *consumer_secret, *access_token;
	char *access_token_secret, *bearer_token;
	char *client_id, *client_secret; /* its OAuth 2.0 client */
	int verbose;
	volatile int shutting;          /* streams end */
	/* Called (under mu) when a stream has something new to send: a
	 * post, or a probe; set by the HTTP glue (sbmhd.c), which is above
	 * every other layer and so can only be called back. */
	void (*wake)(struct sb_sub *s);
};

extern struct sb_store sb;

/* sbstore.c */
void sb_store_init(time_t now);
void sb_store_free(void);               /* all of it: as before init */
time_t sb_now(void);
long long sb_now_ms(void);
uint64_t sb_next_id(long long ms);      /* a fresh snowflake id >= ms */
char *sb_id_str(uint64_t n);
struct sb_user *sb_user_by_id(const char *id);
struct sb_user *sb_user_by_name(const char *username);
struct sb_user *sb_user_ensure(const char *username);
struct sb_tweet *sb_tweet_by_id(const char *id);
struct sb_media *sb_media_by_id(const char *id);
struct sb_media *sb_media_by_key(const char *key);
struct sb_dm *sb_dm_by_id(const char *id);
char *sb_conv_id(const char *a, const char *b);  /* "small-large" */
int sb_mentions_user(const struct sb_tweet *t, const struct sb_user *u);
/* Create a post now.  NULL with *err set when in_reply_to or quote_of is
 * unknown.  The caller publishes it to the streams (sb_publish). */
struct sb_tweet *sb_tweet_new(struct sb_user *author, const char *text,
    const char *in_reply_to, const char *quote_of, const char *lang,
    char **media_keys, size_t nmedia, const char *source, const char **err);
struct sb_dm *sb_dm_new(struct sb_user *from, struct sb_user *to,
    const char *text, const char *media_key);
cJSON *sb_tweet_record(const struct sb_tweet *t);  /* tw record, for query */
void sb_sort(void);
/* Load seed/state lines (NDJSON, tw-sandbox(1) SEED FORMAT).  -1 after a
 * located warning. */
int sb_load_line(const char *line, const struct tw_loc *loc);
int sb_load_file(const char *path);
void sb_load_builtin(void);
char *sb_lang_guess(const char *text);
/* The rules t matches, as a stream message's "matching_rules", or NULL
 * when none does. */
cJSON *sb_rules_matching(const struct sb_tweet *t);
void sb_sub_free(struct sb_sub *s);     /* off sb.subs, and freed */
/* User user_id likes post t (on) or no longer does; t's like_count
 * follows when count is set.  1 when that changed anything, else 0. */
int sb_like_set(const char *user_id, struct sb_tweet *t, int on, int count);
/* Compliance: an event recorded (and returned); a post deleted (gone
 * from the store, its event kept); an account's state changed by a
 * user_* event (user_suspend sets suspended...).  NULL when the post
 * or the event is unknown. */
struct sb_cev *sb_cev_add(const char *event, const char *tweet_id,
    const char *user_id, time_t at, time_t created_at);
struct sb_cev *sb_tweet_delete(const char *id, time_t at);
struct sb_cev *sb_user_event(struct sb_user *u, const char *event,
    time_t at);

/* sbseed.c */
extern const char *const sb_seed_lines[];

/* sbstate.c - the store as seed lines (--state, GET /_sandbox/state) */
int sb_save(const char *path);          /* atomic; 0 or -1 with warning */
cJSON *sb_state_json(void);
void sb_synthetic(long n);               /* n mentions, made up */

#endif
