/* sbanswer.c - tw-sandbox: the answers every endpoint gives, as X gives
 * them: a JSON document (always valid UTF-8), a problem, an invalid-
 * request problem and its errors.
 *
 * Layer: parameters and rendering (lib/sandbox/README).  Calls sblog.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbanswer.h"
#include "sblog.h"

/* Every JSON answer comes here: the text is made valid UTF-8 (a request's
 * bytes copied into an error may not be), so the answer always parses. */
void
sb_json(struct sb_resp *w, int status, cJSON *o)
{
	char *s = tw_json_line(o);

	w->status = status;
	tw_buf_reset(&w->body);
	sb_utf8_scrub(&w->body, s, strlen(s));
	if (!w->ctype)
		w->ctype = "application/json";
	free(s);
	cJSON_Delete(o);
}

void
sb_problem(struct sb_resp *w, int status, const char *type,
    const char *title, const char *detail)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "title", title);
	cJSON_AddStringToObject(o, "detail", detail);
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddNumberToObject(o, "status", status);
	w->ctype = "application/problem+json";
	sb_json(w, status, o);
}

cJSON *
sb_param_error(const char *param, const char *value, const char *fmt, ...)
{
	cJSON *e = cJSON_CreateObject(), *p, *a;
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p = cJSON_AddObjectToObject(e, "parameters");
	if (param) {
		a = cJSON_AddArrayToObject(p, param);
		cJSON_AddItemToArray(a, cJSON_CreateString(value ? value : ""));
	}
	cJSON_AddStringToObject(e, "message", msg);
	return e;
}

void
sb_invalid(struct sb_resp *w, cJSON *errors)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "errors", errors);
	cJSON_AddStringToObject(o, "title", "Invalid Request");
	cJSON_AddStringToObject(o, "detail",
	    "One or more parameters to your request was invalid.");
	cJSON_AddStringToObject(o, "type",
	    "https://api.twitter.com/2/problems/invalid-request");
	w->ctype = "application/problem+json";
	sb_json(w, 400, o);
}
