/* http.h - talking to the X API over HTTP.  libcurl is called from
 * lib/http.c only. */
#ifndef TW_HTTP_H
#define TW_HTTP_H

#include <time.h>

#include "util.h"

enum tw_auth {
	TW_AUTH_USER,    /* user context: OAuth 1.0a, or an OAuth 2.0 user
	                    token (oauth2.h: tw_oauth2_user) */
	TW_AUTH_APP,     /* OAuth 2 bearer (app-only) */
	TW_AUTH_NONE
};

struct tw_oauth1;

/* One part of a multipart/form-data body. */
struct tw_part {
	const char *name;
	const char *data;         /* bytes, or NULL with path */
	size_t len;
	const char *path;         /* a file to send */
	const char *type;         /* content type, or NULL */
};

struct tw_req {
	const char *method;       /* "GET" (default), "POST", "DELETE" */
	const char *path;         /* "/2/tweets", joined to the api base; or a
	                             full http(s) URL */
	tw_kvs query;             /* query parameters (signed) */
	tw_kvs form;              /* x-www-form-urlencoded body (signed) */
	const char *json;         /* JSON body (not signed) */
	const char *json_type;    /* its Content-Type when not JSON
	                             ("text/plain": an upload); NULL */
	const struct tw_part *parts; /* multipart body (not signed) */
	size_t nparts;
	enum tw_auth auth;
	/* Streaming: when set, body bytes go to on_data as they arrive
	 * instead of into the response buffer; return 0 to go on, -1 to
	 * stop the transfer (tw_http then returns 0). */
	int (*on_data)(const char *p, size_t n, void *ctx);
	void *ctx;
	long idle_timeout;        /* seconds without a byte before giving up
	                             (streams: 30); 0 = default */
	int no_retry;             /* do not retry 5xx/network errors (posts
	                             whose outcome must be checked first) */
	volatile int *cancel;     /* when set and *cancel becomes non-zero
	                             (a signal handler), the transfer stops
	                             within a second; tw_http returns 0 */
	/* The logins (tw-auth): with TW_AUTH_USER, sign with these OAuth
	 * 1.0a credentials (a request token, an oauth_callback) instead of
	 * the account's; with TW_AUTH_NONE, this Authorization value (HTTP
	 * Basic client credentials). */
	const struct tw_oauth1 *oauth1;
	const char *authorization;
};

struct tw_ratelimit {
	int have;
	long limit, remaining;
	time_t reset;             /* Unix time */
};

struct tw_resp {
	long status;              /* HTTP status, 0 when no response */
	tw_buf body;
	char *content_type;
	struct tw_ratelimit rl;
	cJSON *json;              /* body parsed, when it was JSON */
	char *error;              /* one line: "401 Unauthorized: ..." */
};

/* What a client spent, for "requests N, posts read N, est. $X". */
struct tw_cost {
	long requests;
	long posts_read;
	long posts_written;
	long dm_read;
	long dm_written;
};

struct tw_client {
	const struct tw_account *acct;
	int no_wait;              /* 429: exit code 5 instead of waiting */
	int verbose;
	int max_retries;          /* tries for 5xx and network errors, the
	                             first included (1: no retry); default 5;
	                             the delay starts at $TW_RETRY_BASE_MS
	                             (500) and doubles */
	long timeout;             /* whole request, seconds; default 60 */
	size_t max_body;          /* cap on a response body; default 64 MiB */
	struct tw_cost cost;
	void *priv;               /* curl handle, per-endpoint rate state */
};

void tw_client_init(struct tw_client *c, const struct tw_account *acct);
void tw_client_free(struct tw_client *c);

/* Send a request: signs it, waits out a known spent rate-limit window,
 * retries 5xx and network errors with backoff, waits on 429 until the
 * reset (a countdown on stderr when it is a terminal) unless no_wait.
 * Returns TW_EXIT_OK for a 2xx answer, else the exit code class
 * (TW_EXIT_CONFIG for 401 and auth-type 403s, TW_EXIT_API, TW_EXIT_RATE)
 * with resp->error set to one clear line.  resp must be freed. */
int tw_http(struct tw_client *c, struct tw_req *req, struct tw_resp *resp);
void tw_req_free(struct tw_req *req);
void tw_resp_free(struct tw_resp *resp);

/* One clear line for an error body: X's problem JSON
 * ({"title","detail","type"}) and the old {"errors":[{"code","message"}]}
 * alike.  Caller frees. */
char *tw_api_error_line(long status, const cJSON *body);

/* Print the cost summary line on stderr:
 * "prog: requests N, posts read N, posts written N, est. $X". */
void tw_cost_report(const struct tw_client *c);
/* The estimated dollars: posts and DMs read at the account's price_read,
 * written at price_post (tw-config(5)). */
double tw_cost_usd(const struct tw_client *c);

/* Count the posts (data and includes.tweets items with "text") and DM
 * events in a page read some other way (a stream line). */
void tw_cost_add_read(struct tw_client *c, const cJSON *page);

/* The request tw_http would send, signed, as one JSON line
 * {"method","url","headers":{...},"body"}; nothing is sent.  On missing
 * credentials returns NULL with *err set (caller frees). */
char *tw_http_dry_run(struct tw_client *c, const struct tw_req *req,
    char **err);

/* What to tell a person about a 401 or 403: the likely cause (wrong
 * keys, the wrong kind of token, a missing access level), or NULL.
 * Every program adds it to the error line after " -- ". */
const char *tw_http_hint(const struct tw_resp *r);

/* "OK", "Too Many Requests", ... ("" when unknown). */
const char *tw_http_reason(long status);

#endif
