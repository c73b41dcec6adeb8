/* macro.h - filling an answer's variables from a record (macro.c)
 *
 * A macro is text with variables in braces: "Hi {first_name}, ...".
 * The names tw knows:
 *
 *   {first_name}  the first word of author.name
 *   {username}    author.username (without the @)
 *   {agent}       ctx->agent, else $TW_AGENT, else $USER (tw_agent_name)
 *   {case}        case.id, the record's case (tw-case(1))
 *   {dm_link}     tw_dm_link(ctx->brand_id): the brand's DM deep link
 *   {hours}       ctx->hours: the account's "hours" key (tw-config(5))
 *
 * Any other name is a path into the record ("author.name",
 * "triage.queue"), filled with a string, a number or true/false found
 * there.  A variable is unfilled when its value is missing, empty, null,
 * an object or an array.  "{{" and "}}" are a literal brace.  A name is
 * letters, digits, '_' and '.', at most TW_MACRO_NAME_MAX bytes.
 *
 * For tw-reply/tw-dm --macro ID: tw_macro_fill with keep 0 refuses an
 * answer with an unfilled variable and names it.  For suggestions
 * (tw-suggest, tw-show -l): keep 1 gives the text with the unfilled
 * variables left as written and the list of their names.
 */
#ifndef TW_MACRO_H
#define TW_MACRO_H

#include <cJSON.h>
#include <stddef.h>

#define TW_MACRO_NAME_MAX 64

struct tw_macro_ctx {
	const char *agent;      /* {agent}; NULL: tw_agent_name() */
	const char *brand_id;   /* {dm_link}'s recipient: the account's
	                           user_id; NULL: {dm_link} is unfilled */
	const char *hours;      /* {hours}; NULL: unfilled */
	int keep;               /* 1: fill what can be, keep the rest */
};

enum {
	TW_MACRO_OK = 0,        /* every variable filled */
	TW_MACRO_MISSING = 1,   /* some variable could not be filled */
	TW_MACRO_SYNTAX = 2     /* a lone brace or a bad name */
};

/* Fill text's variables from rec (may be NULL) and ctx (may be NULL:
 * all defaults, keep 0).  Returns:
 *   TW_MACRO_OK       *out the filled text, *missing NULL;
 *   TW_MACRO_MISSING  *missing the unfilled names (with keep, all of
 *                     them in order, each once, separated by one space;
 *                     without, the first), *out the text with those
 *                     variables as written (keep: for showing, not
 *                     for filling again, "{{" having become "{") or
 *                     NULL;
 *   TW_MACRO_SYNTAX   *missing says what and where ("lone '{' at byte
 *                     12"), *out NULL.
 * The caller frees *out and *missing. */
int tw_macro_fill(const char *text, const cJSON *rec,
    const struct tw_macro_ctx *ctx, char **out, char **missing);

/* Check text's syntax only: 0, or -1 with *off the byte offset of the
 * first error and *why what it is (a static string). */
int tw_macro_check(const char *text, size_t *off, const char **why);

/* The brand's DM deep link, https://x.com/messages/compose?recipient_id=ID
 * (X's "Direct Message deep link"); NULL when brand_id is not an id.
 * The caller frees. */
char *tw_dm_link(const char *brand_id);

#endif
