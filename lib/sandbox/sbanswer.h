/* sbanswer.h - a request as the endpoints see it, and the answers they
 * give (sbanswer.c; the parameters and rendering layer,
 * lib/sandbox/README).  The HTTP glue fills struct sb_req and sends
 * struct sb_resp. */
#ifndef TW_SBANSWER_H
#define TW_SBANSWER_H

#include <stddef.h>

#include "util.h"

struct sb_user;
struct sb_sub;

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
	int oauth2;                     /* an OAuth 2.0 user access token, */
	unsigned scopes;                /* with these scopes (sboauth.h) */
	char ident[64];                 /* rate-limit identity */
};

struct sb_resp {
	int status;
	tw_buf body;
	tw_kvs headers;
	const char *ctype;
	struct sb_sub *sub;             /* a stream was opened */
};

void sb_json(struct sb_resp *w, int status, cJSON *o); /* frees o; the
                                                          text is made UTF-8 */
void sb_problem(struct sb_resp *w, int status, const char *type,
    const char *title, const char *detail);
/* X's invalid-request problem (400) with errors, which it takes; one
 * error of it names the parameter and its value. */
void sb_invalid(struct sb_resp *w, cJSON *errors);
cJSON *sb_param_error(const char *param, const char *value,
    const char *fmt, ...) TW_PRINTF(3, 4);

#endif
