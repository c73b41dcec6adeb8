/* sboauth.h - X's login endpoints in tw-sandbox (sboauth.c; the
 * endpoints layer, its first file, lib/sandbox/README): OAuth 1.0a
 * three-legged, OAuth 2.0 Authorization Code with PKCE, refresh and
 * revoke, the app-only bearer token; and the tokens they issue, which
 * sbauth.c looks up.  Everything in memory, under sb.mu. */
#ifndef TW_SBOAUTH_H
#define TW_SBOAUTH_H

#include <stddef.h>

#include <cJSON.h>

#include "sbanswer.h"

/* OAuth 2.0 scopes, as bits of struct sb_req's scopes: the indexes of
 * X's scopes in sboauth.c's table (the OpenAPI description's
 * OAuth2UserToken flow, in its order). */
#define SB_SCOPE_DM_READ        (1u << 3)
#define SB_SCOPE_DM_WRITE       (1u << 4)
#define SB_SCOPE_LIKE_READ      (1u << 7)
#define SB_SCOPE_LIKE_WRITE     (1u << 8)
#define SB_SCOPE_MEDIA_WRITE    (1u << 11)
#define SB_SCOPE_OFFLINE        (1u << 14)
#define SB_SCOPE_TWEET_READ     (1u << 18)
#define SB_SCOPE_TWEET_WRITE    (1u << 19)
#define SB_SCOPE_USERS_READ     (1u << 20)

/* n random letters and digits (getrandom); caller frees. */
char *sb_random(size_t n);
/* a and b equal, in a time that does not depend on where they differ */
int sb_secret_eq(const char *a, const char *b);

/* The login endpoints: 1 when r's path is one of them (w holds the
 * answer), else 0. */
int sb_oauth_route(struct sb_req *r, struct sb_resp *w);

/* An OAuth 1.0a access token issued by /oauth/access_token: its secret,
 * and its user's id in *user_id; NULL when there is none. */
const char *sb_oauth1_token(const char *token, const char **user_id);
/* An OAuth 2.0 user access token, live (not expired, not revoked): 0
 * with its user's id and scopes, else -1. */
int sb_oauth2_token(const char *token, const char **user_id,
    unsigned *scopes);

/* GET or POST /_sandbox/oauth2 {"access_ttl": SECONDS} */
void sb_oauth_admin(struct sb_req *r, struct sb_resp *w);
/* What was issued, for GET /_sandbox/state's "oauth" */
cJSON *sb_oauth_counts(void);
/* Every token, code and count forgotten; the settings as at start. */
void sb_oauth_reset(void);

#endif
