/* oauth2.h - OAuth 2.0 user context (tw-config(5), tw-auth(1)): which
 * accounts use it, the token endpoint, and renewing an access token with
 * its refresh token, written back to the config file. */
#ifndef TW_OAUTH2_H
#define TW_OAUTH2_H

#include <time.h>

#include "config.h"
#include "util.h"

/* The scopes tw asks for: reading posts, users and DMs, posting, sending
 * DMs, uploading media, and a refresh token (offline.access). */
#define TW_OAUTH2_SCOPES "tweet.read tweet.write users.read dm.read " \
	"dm.write media.write offline.access"

/* Whether the account's user-context requests carry an OAuth 2.0 user
 * token (Bearer) rather than an OAuth 1.0a signature: "auth = oauth2",
 * or an oauth2_access_token or oauth2_refresh_token and no OAuth 1.0a
 * access token. */
int tw_oauth2_user(const struct tw_account *a);

/* oauth2_expires_at as Unix time; 0 when absent or unreadable. */
time_t tw_oauth2_expiry(const struct tw_account *a);

/* POST API_BASE/2/oauth2/token with form, the client authenticated as
 * X says: HTTP Basic with client_id and client_secret (a confidential
 * client), else client_id in the form (a public client).  0 with *tok
 * (the answer) set, or an exit code with *err (one line) set. */
int tw_oauth2_token_call(const struct tw_account *a, tw_kvs *form,
    cJSON **tok, char **err);

/* Write a token answer into the account's section: oauth2_access_token,
 * oauth2_expires_at (now + expires_in), oauth2_scope, and
 * oauth2_refresh_token when it has one.  0 or TW_EXIT_CONFIG (said). */
int tw_oauth2_save(const char *name, const cJSON *tok, time_t now);

/* A fresh access token for the account, under the config file's lock:
 * the one in the file when another program renewed it since we read
 * `have`, else one from the refresh token (the new pair written back
 * atomically: X's refresh tokens are single-use).  0 with *token
 * (malloc'd) and *exp set, or an exit code with *err set. */
int tw_oauth2_renew(const struct tw_account *a, const char *have,
    char **token, time_t *exp, char **err);

#endif
