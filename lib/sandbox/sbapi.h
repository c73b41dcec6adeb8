/* sbapi.h - the endpoints layer of lib/sandbox (README): authentication
 * and rate limits (sbauth.c), the endpoints (sbmedia.c, sbrules.c,
 * sbstream.c, sbpost.c) and the routing to them (sbapi.c).  Each takes
 * a request and fills an answer, with sb.mu held; none knows HTTP. */
#ifndef TW_SBAPI_H
#define TW_SBAPI_H

#include "sbanswer.h"

struct sb_tweet;

/* sbauth.c - credentials, authentication, rate limits */
void sb_creds_random(void);
int sb_config_write(const char *path, const char *base);
/* 0 when the request may go on; otherwise w holds the error. */
int sb_authenticate(struct sb_req *r, struct sb_resp *w, int allow_user,
    int allow_app);
int sb_rate(struct sb_req *r, struct sb_resp *w, const char *endpoint,
    long user_limit, long app_limit, long window, int per_second);
/* A day's window shared by endpoints (name), x-user-limit-24hour-* */
int sb_rate_day(struct sb_req *r, struct sb_resp *w, const char *name,
    long limit);
void sb_rate_override(long limit, long window);
void sb_auth_reset(void);               /* windows and nonces forgotten */

/* sbmedia.c */
void sb_media_initialize(struct sb_req *r, struct sb_resp *w);
void sb_media_append(struct sb_req *r, struct sb_resp *w, const char *id);
void sb_media_finalize(struct sb_req *r, struct sb_resp *w, const char *id);
void sb_media_status(struct sb_req *r, struct sb_resp *w);
void sb_media_metadata(struct sb_req *r, struct sb_resp *w);

/* sbrules.c */
void sb_rules_get(struct sb_req *r, struct sb_resp *w);
void sb_rules_post(struct sb_req *r, struct sb_resp *w);

/* sbstream.c - GET /2/tweets/search/stream: w->sub is the new stream */
void sb_stream_connect(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_publish(const struct sb_tweet *t);   /* to every stream */
void sb_sub_push(struct sb_sub *s, char *line);  /* queued; takes line */
/* sbcomp.c - compliance: the batch jobs (arg: the job id), the streams,
 * an event published to them; sb_comp_admin answers /_sandbox/delete,
 * /_sandbox/user and the jobs' signed URLs (1), else says 0 */
struct sb_cev;
void sb_comp_create(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_comp_get(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_comp_list(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_comp_stream(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_comp_publish(const struct sb_cev *e);
int sb_comp_admin(struct sb_req *r, struct sb_resp *w);

/* sbpost.c - the writes (arg: the route's ":" captures) and /_sandbox */
void sb_post_tweet(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_post_dm_with(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_post_dm_conv(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_like_post(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_like_delete(struct sb_req *r, struct sb_resp *w, char **arg);
void sb_admin(struct sb_req *r, struct sb_resp *w);

/* sbapi.c - the /2/ routes: authentication, rate limits, the usage cap,
 * then the endpoint */
void sb_handle(struct sb_req *r, struct sb_resp *w);
/* Any request: /_sandbox/ to sb_admin, /2/ to sb_handle, else 404. */
void sb_route(struct sb_req *r, struct sb_resp *w);

#endif
