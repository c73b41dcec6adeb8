/* sb.h - tw-sandbox internals: the store (users, posts, DMs, media,
 * stream rules), the seed, rendering with fields and expansions, and the
 * API's endpoints.  Nothing here calls libmicrohttpd: cmd/tw-sandbox.c
 * turns HTTP requests into struct sb_req and struct sb_resp back into
 * responses.  Only tw-sandbox links these files. */
#ifndef TW_SB_H
#define TW_SB_H

#include <pthread.h>
#include <stdint.h>

#include "tw.h"

struct sb_user {
	char *id, *username, *name, *description, *location, *url;
	long followers, following, tweets, listed;
	int verified, protected;
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

/* One connected filtered-stream client. */
struct sb_sub {
	struct sb_sub *next;
	unsigned tf, uf, mf, xf;        /* fields and expansions (render) */
	char **q;                       /* pending lines, without \r\n */
	size_t nq, capq;
	int closed, probe;
	long sent;
	void *wake;                     /* for sb.wake: its connection */
};

struct sb_faults {
	long latency_ms;
	int p5xx, p429, pdrop, pmalformed;  /* percent of /2 requests */
	int ptimeout;                   /* percent of POSTs performed, then
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
	struct sb_user *brand;
	uint64_t last_id;
	time_t t0;                      /* sandbox time at start */
	long long ms0;                  /* monotonic ms at start */
	struct sb_sub *subs;
	int nsubs, stream_max;
	long mention_cap, usage_cap, reads;
	int dirty;
	struct sb_faults faults;
	uint64_t rng;
	/* credentials of the brand's app and token */
	char *consumer_key, *consumer_secret, *access_token;
	char *access_token_secret, *bearer_token;
	int verbose;
	volatile int shutting;          /* streams end */
	/* Called (under mu) when a stream has something new to send: a
	 * post, or a probe; set by tw-sandbox's HTTP glue. */
	void (*wake)(struct sb_sub *s);
};

extern struct sb_store sb;

/* sbstore.c */
void sb_store_init(time_t now);
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
/* Create a post now (or at t when t > 0); runs the stream rules.  NULL
 * with *err set when in_reply_to or quote_of is unknown. */
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
void sb_synthetic(long n);
int sb_save(const char *path);          /* atomic; 0 or -1 with warning */
cJSON *sb_state_json(void);
char *sb_lang_guess(const char *text);

/* sbseed.c */
extern const char *const sb_seed_lines[];

/* sbrender.c - fields and expansions */
enum {
	SB_EXP_TWEET, SB_EXP_USER, SB_EXP_DM
};
struct sb_fields {
	unsigned tf, uf, mf, df, xf;
	int xkind;
};
cJSON *sb_render_tweet(const struct sb_tweet *t, unsigned tf);
cJSON *sb_render_user(const struct sb_user *u, unsigned uf);
cJSON *sb_render_media(const struct sb_media *m, unsigned mf);
cJSON *sb_render_dm(const struct sb_dm *d, unsigned df);
/* {"data":...,"includes":...}: data is an array of posts or one post */
cJSON *sb_page_tweets(struct sb_tweet **v, size_t n, int single,
    const struct sb_fields *f);
cJSON *sb_page_users(struct sb_user **v, size_t n, int single,
    const struct sb_fields *f);
cJSON *sb_page_dms(struct sb_dm **v, size_t n, const struct sb_fields *f);
/* The stream message for t, or NULL when no rule matches. */
char *sb_stream_line(const struct sb_tweet *t, const struct sb_sub *s);
/* Parse a comma list of field names against table kind; bit mask, or -1
 * when name is not in it (*bad points to it). */
int sb_field_mask(const char *kind, const char *list, unsigned *mask,
    char **bad);
const char *sb_field_names(const char *kind);   /* "a,b,c" */

/* sbapi.c - requests */
struct sb_req {
	const char *method, *path;
	tw_kvs query;                   /* decoded, in order */
	tw_kvs form;                    /* urlencoded body, decoded */
	const char *ctype, *host, *auth;
	const char *body;
	size_t bodylen;
	/* set by authentication */
	int app;                        /* bearer (app-only) */
	const struct sb_user *me;       /* user context */
	char ident[64];                 /* rate-limit identity */
};

struct sb_resp {
	int status;
	tw_buf body;
	tw_kvs headers;
	const char *ctype;
	struct sb_sub *sub;             /* a stream was opened */
};

void sb_handle(struct sb_req *r, struct sb_resp *w);
void sb_admin(struct sb_req *r, struct sb_resp *w);
void sb_problem(struct sb_resp *w, int status, const char *type,
    const char *title, const char *detail);
void sb_json(struct sb_resp *w, int status, cJSON *o); /* frees o; the
                                                          text is made UTF-8 */
/* Append s[0..n) to out with every byte that is not part of valid UTF-8
 * replaced by U+FFFD. */
void sb_utf8_scrub(tw_buf *out, const char *s, size_t n);
/* tw_warn with control bytes, invalid UTF-8 and \ escaped as \xHH: every
 * line tw-sandbox logs goes through it. */
void sb_log(const char *fmt, ...) TW_PRINTF(1, 2);
void sb_sub_free(struct sb_sub *s);
void sb_publish(const struct sb_tweet *t);   /* to every stream */

/* sbauth.c - authentication, rate limits, the usage cap */
void sb_creds_random(void);
int sb_config_write(const char *path, const char *base);
/* 0 when the request may go on; otherwise w holds the error. */
int sb_authenticate(struct sb_req *r, struct sb_resp *w, int allow_user,
    int allow_app);
int sb_rate(struct sb_req *r, struct sb_resp *w, const char *endpoint,
    long user_limit, long app_limit, long window, int per_second);
void sb_rate_override(long limit, long window);
uint32_t sb_rand(void);                 /* seeded; under the lock */

/* sbmedia.c */
void sb_media_initialize(struct sb_req *r, struct sb_resp *w);
void sb_media_append(struct sb_req *r, struct sb_resp *w, const char *id);
void sb_media_finalize(struct sb_req *r, struct sb_resp *w, const char *id);
void sb_media_status(struct sb_req *r, struct sb_resp *w);
void sb_media_metadata(struct sb_req *r, struct sb_resp *w);

/* sbrules.c */
void sb_rules_get(struct sb_req *r, struct sb_resp *w);
void sb_rules_post(struct sb_req *r, struct sb_resp *w);
cJSON *sb_rules_matching(const struct sb_tweet *t);   /* or NULL */

/* sbparam.c - X's parameter validation */
struct sb_params;
struct sb_pspec {
	const char *allowed;            /* space-separated parameter names */
	int xkind;                      /* which expansions */
	int min, max, def;              /* max_results */
	int token_min;                  /* pagination token minimum length */
};
/* Validate r->query against spec; collects every problem in the X shape
 * and answers 400 on w.  Fills f.  0 or -1. */
int sb_params(struct sb_req *r, struct sb_resp *w, const struct sb_pspec *p,
    struct sb_fields *f);
void sb_invalid(struct sb_resp *w, cJSON *errors);  /* 400, takes errors */
cJSON *sb_param_error(const char *param, const char *value,
    const char *fmt, ...) TW_PRINTF(3, 4);
/* Is word (not empty) an item of list, items separated by sep? */
int sb_list_has(const char *list, int sep, const char *word);
char *sb_token_make(uint64_t n);
int sb_token_parse(const char *s, uint64_t *n);

#endif
