/* kb.c - the knowledge base (lib/kb.c, lib/kbrank.c, lib/macro.c,
 * tw-kb(5)): the input as one answer file (tw_kb_add), beside a good
 * answer; then the input as a message ranked against both, and as a
 * macro filled from a record, with and without keep.
 *
 * Findings: crashes, leaks, sanitizer reports; an answer taken without
 * an id, title or body, or with a body tw_macro_check refuses; a hit
 * without why or with a score not above 0; a fill that says OK with
 * missing names or MISSING without them. */
#include "fuzz.h"
#include "kb.h"
#include "macro.h"

static const char good[] = "---\nid: good\ntitle: Lost bag\n"
    "languages: en\nqueues: baggage\nkeywords: lost, bag\n---\n"
    "Sorry {first_name}, DM us {dm_link} {{x}}\n";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	return 0;
}

static void
fill(const char *text, const cJSON *rec, int keep)
{
	struct tw_macro_ctx ctx = { "agent", "12", "9 to 5", keep };
	char *out, *miss;
	int rc;

	rc = tw_macro_fill(text, rec, &ctx, &out, &miss);
	FZ_ASSERT((rc == TW_MACRO_OK) == (miss == NULL),
	    "fill %d with missing '%s'", rc, miss ? miss : "");
	FZ_ASSERT(rc != TW_MACRO_OK || out, "OK without text");
	free(out);
	free(miss);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tw_kb *kb = tw_kb_new();
	const struct tw_kb_answer *a;
	struct tw_kb_hit hits[3];
	cJSON *rec, *sug;
	char *s = fz_cstr(data, size);
	size_t i, n, off;
	const char *why;

	tw_kb_add(kb, "good.md", good, sizeof good - 1);
	tw_kb_add(kb, "input.md", (const char *)data, size);
	for (i = 0; (a = tw_kb_at(kb, i)); i++) {
		FZ_ASSERT(a->id && a->title && a->body && *a->body,
		    "an answer without id, title or body");
		FZ_ASSERT(tw_macro_check(a->body, &off, &why) == 0,
		    "a body that does not check: %s", why);
	}
	if (tw_utf8_check(s, strlen(s)) == strlen(s)) {
		n = tw_kb_rank(kb, s, "en", "baggage", NULL, hits, 3);
		for (i = 0; i < n; i++) {
			FZ_ASSERT(hits[i].why && hits[i].score > 0,
			    "a hit without why or score");
			free(hits[i].why);
		}
		rec = cJSON_CreateObject();
		cJSON_AddStringToObject(rec, "type", "tweet");
		cJSON_AddStringToObject(rec, "text", s);
		cJSON_AddStringToObject(rec, "lang", s);
		sug = tw_kb_suggest_json(kb, rec, NULL, 2);
		cJSON_Delete(sug);
		fill(s, rec, 0);
		fill(s, rec, 1);
		cJSON_Delete(rec);
	}
	tw_kb_free(kb);
	free(s);
	return 0;
}
