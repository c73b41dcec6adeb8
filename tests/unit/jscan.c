/* jscan.c - unit tests for lib/jscan.c: the members it finds, and that
 * it never accepts a line cJSON rejects (fixed cases, then every one- and
 * two-byte mutation of a record). */
#include <stdlib.h>

#include "tw.h"
#include "tap.h"

static const char *const keys[] = { "type", "id", "author", "text", "n" };

/* 0 when jscan and cJSON agree on v, or jscan refused something cJSON
 * takes (allowed: the caller falls back); 1 when jscan took what cJSON
 * rejects, or found a different id. */
static int
disagree(const char *v, size_t n)
{
	struct tw_jspan out[5];
	cJSON *j = cJSON_ParseWithLength(v, n);
	char buf[64];
	const char *id;
	int bad = 0;

	if (tw_js_object(v, v + n, keys, 5, out) == 0) {
		if (!j || !cJSON_IsObject(j))
			bad = 1;
		else if ((id = tw_js_str(&out[1], buf, sizeof buf)) &&
		    (!tw_json_str(j, "id") || strcmp(id, tw_json_str(j, "id"))))
			bad = 1;
	}
	cJSON_Delete(j);
	return bad;
}

int
main(void)
{
	static const char *const good[] = {
		"{}", " { } ", "{\"a\":[]}", "{\"a\":[1,-2.5e+3,0,true,false,null,\"x\",{}]}",
		"{\"id\":\"1\",\"id\":\"2\"}", "{\"t\":\"caf\\u00e9 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}",
		"{\"x\":{\"y\":{\"z\":[[[]]]}}}\r",
		"{\"e\":\"\\ud83d\\ude00\"}", "{\"e\":\"\\uD83D\\uDE00x\"}",
	};
	static const char *const bad[] = {
		"", "[]", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}",
		"{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}",
		"{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"x}", "{\"a\":\"\\x\"}",
		"{\"a\":\"\\u12g4\"}", "{\"a\":\"\t\"}", "{\"a\":1} x", "{\"a\":[1,]}",
		"{\"a\":[1 2]}", "{a:1}", "{\"a\":1}{}", "{'a':1}",
		/* lone surrogates: cJSON refuses them, so must jscan */
		"{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}",
		"{\"a\":\"\\ud800x\"}", "{\"a\":\"\\ud800\\u0041\"}",
		"{\"a\":\"\\ud800\\ud800\"}", "{\"a\":\"\\udfff\\ud800\"}",
	};
	const char *rec = "{\"type\":\"tweet\",\"id\":\"1858420912\",\"created_at\":"
	    "\"2026-11-02T09:00:00Z\",\"text\":\"@brand my bag \\u2014 lost\","
	    "\"author\":{\"id\":\"7\",\"username\":\"c\"},\"n\":[1,2.5,true,null]}";
	struct tw_jspan out[5];
	char buf[64];
	const char *m;
	char *mm;
	size_t i, j, n = strlen(rec), bad_mut = 0, tried = 0;
	int c, d;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ok(tw_js_object(good[i], good[i] + strlen(good[i]), keys, 5,
		    out) == 0, "valid: %s", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(tw_js_object(bad[i], bad[i] + strlen(bad[i]), keys, 5,
		    out) < 0, "invalid: %s", bad[i]);

	ok(tw_js_object(rec, rec + n, keys, 5, out) == 0, "a record scans");
	is_str(tw_js_str(&out[0], buf, sizeof buf), "tweet", "type");
	is_str(tw_js_str(&out[1], buf, sizeof buf), "1858420912", "id: a string");
	ok(out[2].type == 'o' && out[2].n == strlen("{\"id\":\"7\",\"username\":\"c\"}"),
	    "author: the object's span");
	ok(out[3].type == 's' && out[3].esc && !tw_js_str(&out[3], buf, sizeof buf),
	    "text with an escape: found, but not given as a plain string");
	ok(out[4].type == 'a', "n: an array");
	m = "{\"a\":1}";
	ok(tw_js_object(m, m + strlen(m), keys, 0, out) == 0,
	    "no keys asked: the object is still checked and taken");
	m = "{\"\\u0069d\":\"1\"}";
	ok(tw_js_object(m, m + strlen(m), keys, 5, out) < 0,
	    "an escaped key is refused: the caller falls back to cJSON");
	{
		/* found by tests/fuzz/jscan: an empty name was never matched */
		static const char *const ekeys[] = { "", "id" };
		char b2[8];
		const char *e0, *e1;

		m = "{\"type\":\"tweet\",\"\":\"1\",\"id\":\"2\"}";
		ok(tw_js_object(m, m + strlen(m), ekeys, 2, out) == 0 &&
		    (e0 = tw_js_str(&out[0], buf, sizeof buf)) &&
		    (e1 = tw_js_str(&out[1], b2, sizeof b2)) &&
		    !strcmp(e0, "1") && !strcmp(e1, "2"),
		    "a member named \"\" is found when asked for");
	}

	/* every one-byte change, and every pair of deletions nearby */
	mm = malloc(n + 1);
	for (i = 0; i < n; i++)
		for (c = 0; c < 256; c++) {
			memcpy(mm, rec, n);
			mm[i] = (char)c;
			tried++;
			bad_mut += disagree(mm, n);
		}
	for (i = 0; i + 1 < n; i++)
		for (j = i + 1; j < n && j < i + 8; j++) {
			for (d = 0, c = 0; c < (int)n; c++)
				if ((size_t)c != i && (size_t)c != j)
					mm[d++] = rec[c];
			tried++;
			bad_mut += disagree(mm, (size_t)d);
		}
	free(mm);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		bad_mut += disagree(bad[i], strlen(bad[i]));
	{
		/* the same verdict as cJSON on every \\uXXXX\\uYYYY pair of
		 * the interesting code units */
		static const char *const u[] = { "0041", "d7ff", "d800",
		    "dbff", "dc00", "dfff", "e000", "D83D", "DE00" };
		size_t a, b, agree = 0, all = 0;
		char t[64];

		for (a = 0; a < 9; a++)
			for (b = 0; b < 9; b++) {
				cJSON *jj;
				int js;

				snprintf(t, sizeof t, "{\"a\":\"\\u%s\\u%s\"}",
				    u[a], u[b]);
				jj = cJSON_Parse(t);
				js = tw_js_object(t, t + strlen(t), keys, 5,
				    out) == 0;
				agree += js == (jj != NULL);
				all++;
				cJSON_Delete(jj);
			}
		is_int((long long)agree, (long long)all,
		    "surrogate pairs: jscan and cJSON agree on all %zu", all);
	}
	is_int((long long)bad_mut, 0, "%zu mutations: jscan never takes what "
	    "cJSON rejects, nor finds another id", tried);
	return tap_done();
}
