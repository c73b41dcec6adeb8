/* macro.c - tw_macro_fill: the named variables, record paths, escapes,
 * an unfilled variable refused or kept, bad syntax; tw_dm_link */
#include <stdlib.h>
#include <string.h>

#include "kb.h"
#include "macro.h"
#include "util.h"
#include "tap.h"

static const char *rec_json =
    "{\"type\":\"tweet\",\"id\":\"1\",\"text\":\"hi\",\"lang\":\"en\","
    "\"author\":{\"id\":\"42\",\"username\":\"ana_b\","
    "\"name\":\"  Ana Beatriz Souza\"},"
    "\"case\":{\"id\":\"17\",\"state\":\"open\"},"
    "\"triage\":{\"queue\":\"baggage\",\"priority\":61,\"vip\":true},"
    "\"metrics\":{\"likes\":2.5},\"entities\":[],\"empty\":\"\"}";

/* fill with keep; returns the text, *rc and *miss set */
static char *
fill(const char *text, const cJSON *rec, const struct tw_macro_ctx *ctx,
    int *rc, char **miss)
{
	char *out;

	*rc = tw_macro_fill(text, rec, ctx, &out, miss);
	return out;
}

/* tw_kb_fill, as tw-reply --macro ID is to call it */
static void
kb_fill(const cJSON *rec)
{
	static const char a[] = "---\nid: hi\ntitle: Hello\n---\n"
	    "Hello {first_name}, we're here {hours}.\n";
	struct tw_kb *kb = tw_kb_new();
	struct tw_account acct = { 0 };
	struct tw_macro_ctx ctx;
	char *out, *why;

	ok(tw_kb_add(kb, "hi.md", a, sizeof a - 1) == 0, "an answer added");
	tw_kvs_add(&acct.all, "hours", "9 to 5");
	ctx = tw_kb_macro_ctx(&acct);
	ctx.keep = 0;
	is_int(tw_kb_fill(kb, "hi", rec, &ctx, &out, &why), TW_MACRO_OK,
	    "tw_kb_fill: filled");
	is_str(out, "Hello Ana, we're here 9 to 5.", "from the record and "
	    "the account's hours");
	free(out);
	is_int(tw_kb_fill(kb, "nope", rec, &ctx, &out, &why), -1,
	    "an unknown id");
	is_str(why, "no answer 'nope'", "named");
	free(why);
	tw_kvs_free(&acct.all);
	memset(&acct.all, 0, sizeof acct.all);
	ctx = tw_kb_macro_ctx(&acct);
	ctx.keep = 0;
	is_int(tw_kb_fill(kb, "hi", rec, &ctx, &out, &why), TW_MACRO_MISSING,
	    "no hours: refused");
	is_str(why, "hours", "the variable named");
	ok(out == NULL, "and no text to send");
	free(why);
	tw_kb_free(kb);
}

int
main(void)
{
	cJSON *rec = cJSON_Parse(rec_json);
	struct tw_macro_ctx ctx = { "jo", "1234567", "8am to 8pm", 0 };
	char *out, *miss, *s;
	size_t off;
	const char *why;
	int rc;

	out = fill("Hi {first_name} (@{username}), case {case}. /{agent}", rec,
	    &ctx, &rc, &miss);
	is_int(rc, TW_MACRO_OK, "the named variables fill");
	is_str(out, "Hi Ana (@ana_b), case 17. /jo", "first word of the name, "
	    "username, case, agent");
	ok(miss == NULL, "nothing missing");
	free(out);

	out = fill("DM {dm_link} {hours}", rec, &ctx, &rc, &miss);
	is_str(out, "DM https://x.com/messages/compose?recipient_id=1234567 "
	    "8am to 8pm", "dm_link and hours from the context");
	free(out);

	out = fill("{triage.queue} {triage.priority} {triage.vip} "
	    "{metrics.likes} {author.name}", rec, &ctx, &rc, &miss);
	is_str(out, "baggage 61 true 2.5   Ana Beatriz Souza",
	    "record paths: string, integer, bool, number, as written");
	free(out);

	out = fill("{{literal}} and }} {{", rec, &ctx, &rc, &miss);
	is_int(rc, TW_MACRO_OK, "escaped braces");
	is_str(out, "{literal} and } {", "{{ and }} are braces");
	free(out);

	out = fill("Hi {first_name}, {nope.x} {hours}", rec, NULL, &rc, &miss);
	is_int(rc, TW_MACRO_MISSING, "no context: refused");
	ok(out == NULL, "refused: no text");
	is_str(miss, "nope.x", "the first unfilled variable is named");
	free(miss);

	ctx.keep = 1;
	ctx.hours = NULL;
	out = fill("Hi {first_name} {hours} {entities} {empty} {hours}", rec,
	    &ctx, &rc, &miss);
	is_int(rc, TW_MACRO_MISSING, "keep: still reported");
	is_str(out, "Hi Ana {hours} {entities} {empty} {hours}",
	    "keep: the unfilled variables stay as written");
	is_str(miss, "hours entities empty", "keep: every one named, once");
	free(out);
	free(miss);

	out = fill("Hi {first_name}", NULL, &ctx, &rc, &miss);
	is_str(miss, "first_name", "no record: first_name unfilled");
	free(out);
	free(miss);

	out = fill("a { b", rec, &ctx, &rc, &miss);
	is_int(rc, TW_MACRO_SYNTAX, "a lone { is a syntax error");
	is_str(miss, "bad character in a variable's name at byte 2",
	    "says what and where");
	free(miss);
	out = fill("a } b", rec, &ctx, &rc, &miss);
	is_int(rc, TW_MACRO_SYNTAX, "a lone }");
	free(miss);
	out = fill("end {", rec, &ctx, &rc, &miss);
	is_str(miss, "lone '{' (write '{{' for a brace) at byte 4",
	    "an unclosed { at the end");
	free(miss);
	ok(tw_macro_check("{}", &off, &why) < 0 && off == 0,
	    "an empty name is refused");
	s = xmalloc(80);
	memset(s, 'x', 79);
	s[0] = '{';
	s[68] = '}';
	s[69] = '\0';
	ok(tw_macro_check(s, &off, &why) < 0, "a name over 64 bytes is refused");
	free(s);
	ok(tw_macro_check("plain {a.b_c} {{x}}", &off, &why) == 0,
	    "good text passes the check");

	s = tw_dm_link("9");
	is_str(s, "https://x.com/messages/compose?recipient_id=9", "tw_dm_link");
	free(s);
	ok(tw_dm_link("abc") == NULL && tw_dm_link(NULL) == NULL,
	    "tw_dm_link wants an id");

	kb_fill(rec);
	cJSON_Delete(rec);
	return tap_done();
}
