/* macro.c - filling an answer's variables from a record (macro.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "macro.h"
#include "opt.h"
#include "util.h"

static int
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* The variable at s ("{name}..."): its name's length, or -1 with why. */
static long
var_at(const char *s, const char **why)
{
	size_t n = 1;

	while (name_char((unsigned char)s[n]))
		n++;
	if (s[n] != '}') {
		*why = s[n] ? "bad character in a variable's name" :
		    "lone '{' (write '{{' for a brace)";
		return -1;
	}
	if (n == 1 || n - 1 > TW_MACRO_NAME_MAX) {
		*why = n == 1 ? "empty variable name" : "variable name too long";
		return -1;
	}
	return (long)(n - 1);
}

int
tw_macro_check(const char *text, size_t *off, const char **why)
{
	const char *s = text;
	long n;

	while (*s) {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}'))
			s += 2;
		else if (*s == '}') {
			*off = (size_t)(s - text);
			*why = "lone '}' (write '}}' for a brace)";
			return -1;
		} else if (*s == '{') {
			if ((n = var_at(s, why)) < 0) {
				*off = (size_t)(s - text);
				return -1;
			}
			s += n + 2;
		} else
			s++;
	}
	return 0;
}

char *
tw_dm_link(const char *brand_id)
{
	if (!brand_id || !tw_is_id(brand_id))
		return NULL;
	return xasprintf("https://x.com/messages/compose?recipient_id=%s",
	    brand_id);
}

/* A scalar at path in rec as text, or NULL (missing, empty, null, an
 * object or an array). */
static char *
path_value(const cJSON *rec, const char *path)
{
	const cJSON *v = rec ? tw_json_path(rec, path) : NULL;
	double d;

	if (cJSON_IsString(v))
		return v->valuestring[0] ? xstrdup(v->valuestring) : NULL;
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
		if (d == (double)(long long)d && d > -1e15 && d < 1e15)
			return xasprintf("%lld", (long long)d);
		return xasprintf("%.17g", d);
	}
	return NULL;
}

/* The first word of author.name, or NULL. */
static char *
first_name(const cJSON *rec)
{
	const cJSON *a = rec ? cJSON_GetObjectItemCaseSensitive(rec,
	    "author") : NULL;
	const char *s = tw_json_str(a, "name");
	size_t n;

	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strcspn(s, " \t\n");
	return n ? xstrndup(s, n) : NULL;
}

/* The value of variable name, or NULL when it cannot be filled. */
static char *
value(const char *name, const cJSON *rec, const struct tw_macro_ctx *ctx)
{
	if (!strcmp(name, "first_name"))
		return first_name(rec);
	if (!strcmp(name, "username"))
		return path_value(rec, "author.username");
	if (!strcmp(name, "agent"))
		return xstrdup(ctx && ctx->agent && *ctx->agent ? ctx->agent :
		    tw_agent_name());
	if (!strcmp(name, "case"))
		return path_value(rec, "case.id");
	if (!strcmp(name, "dm_link"))
		return ctx ? tw_dm_link(ctx->brand_id) : NULL;
	if (!strcmp(name, "hours"))
		return ctx && ctx->hours && *ctx->hours ? xstrdup(ctx->hours) :
		    NULL;
	return path_value(rec, name);
}

/* Add name to the space-separated list miss, once. */
static void
add_missing(tw_buf *miss, const char *name)
{
	const char *p = miss->s;
	size_t n = strlen(name);

	while (p && *p) {
		if (!strncmp(p, name, n) && (p[n] == ' ' || !p[n]))
			return;
		p += strcspn(p, " ");
		p += *p == ' ';
	}
	if (miss->len)
		tw_buf_addc(miss, ' ');
	tw_buf_adds(miss, name);
}

int
tw_macro_fill(const char *text, const cJSON *rec,
    const struct tw_macro_ctx *ctx, char **out, char **missing)
{
	tw_buf b = { 0 }, miss = { 0 };
	const char *s = text, *why;
	char name[TW_MACRO_NAME_MAX + 1], *v;
	size_t off;
	long n;

	*out = *missing = NULL;
	if (tw_macro_check(text, &off, &why) < 0) {
		*missing = xasprintf("%s at byte %zu", why, off);
		return TW_MACRO_SYNTAX;
	}
	tw_buf_adds(&b, "");
	while (*s) {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
			tw_buf_addc(&b, *s);
			s += 2;
			continue;
		}
		if (*s != '{') {
			tw_buf_addc(&b, *s++);
			continue;
		}
		n = var_at(s, &why);    /* checked above: n > 0 */
		memcpy(name, s + 1, (size_t)n);
		name[n] = '\0';
		if ((v = value(name, rec, ctx))) {
			tw_buf_adds(&b, v);
			free(v);
		} else {
			add_missing(&miss, name);
			if (!(ctx && ctx->keep))
				break;
			tw_buf_add(&b, s, (size_t)n + 2);
		}
		s += n + 2;
	}
	if (miss.len) {
		*missing = tw_buf_steal(&miss);
		if (ctx && ctx->keep)
			*out = tw_buf_steal(&b);
		tw_buf_free(&b);
		return TW_MACRO_MISSING;
	}
	*out = tw_buf_steal(&b);
	return TW_MACRO_OK;
}
