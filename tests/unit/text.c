/* text.c - weighted length as twitter-text counts it, URLs, widths.
 *
 * Runs every case of twitter-text's conformance suite that tw_text
 * implements (tests/fixtures/twitter-text): the weighted sections of
 * validate.json, the legacy "tweets" section, and the URL sections of
 * extract.json. */
#include <stdlib.h>
#include <string.h>

#include "tw.h"
#include "tap.h"

static char *
slurp(const char *rel)
{
	const char *src = getenv("TW_SRC");
	char *path, *s;
	FILE *f;
	long n;

	path = xasprintf("%s/tests/fixtures/twitter-text/%s",
	    src ? src : "..", rel);
	if ((f = fopen(path, "rb")) == NULL) {
		printf("Bail out! cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = xmalloc((size_t)n + 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	s[n] = '\0';
	fclose(f);
	free(path);
	return s;
}

static cJSON *
load(const char *rel)
{
	char *s = slurp(rel);
	cJSON *j = cJSON_Parse(s);

	if (j == NULL) {
		printf("Bail out! %s: not JSON\n", rel);
		exit(1);
	}
	free(s);
	return j;
}

static const cJSON *
section(const cJSON *doc, const char *name)
{
	const cJSON *s = tw_json_path(doc, "tests");

	s = cJSON_GetObjectItemCaseSensitive(s, name);
	if (!cJSON_IsArray(s)) {
		printf("Bail out! no section %s\n", name);
		exit(1);
	}
	return s;
}

static int
num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(v) ? v->valueint : -12345;
}

/* One weighted section: every field of every case. */
static void
weighted(const cJSON *doc, const char *name,
    const struct tw_text_config *cfg, const char *cfgname)
{
	const cJSON *c, *e;
	const char *text, *desc;
	struct tw_text_result r;
	int rc, n = 0, pass = 0, good;

	cJSON_ArrayForEach(c, section(doc, name)) {
		text = tw_json_str(c, "text");
		desc = tw_json_str(c, "description");
		e = cJSON_GetObjectItemCaseSensitive(c, "expected");
		rc = tw_text_parse(text, strlen(text), cfg, &r);
		good = rc == 0 &&
		    r.weighted_length == num(e, "weightedLength") &&
		    r.permillage == num(e, "permillage") &&
		    r.valid == cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(e, "valid")) &&
		    r.display_start == num(e, "displayRangeStart") &&
		    r.display_end == num(e, "displayRangeEnd") &&
		    r.valid_start == num(e, "validRangeStart") &&
		    r.valid_end == num(e, "validRangeEnd");
		ok(good, "%s (%s): %s", name, cfgname, desc);
		if (!good)
			printf("#   got: rc %d length %d permillage %d valid %d "
			    "display %d-%d valid %d-%d\n#   want: %s\n", rc,
			    r.weighted_length, r.permillage, r.valid,
			    r.display_start, r.display_end, r.valid_start,
			    r.valid_end, tw_json_line(e));
		n++;
		pass += good;
	}
	printf("# %s with %s: %d/%d cases pass\n", name, cfgname, pass, n);
}

/* The legacy "tweets" section: isValidTweetText() with config v1. */
static void
legacy(const cJSON *doc)
{
	const cJSON *c;
	const char *text;
	struct tw_text_result r;
	int want;

	cJSON_ArrayForEach(c, section(doc, "tweets")) {
		text = tw_json_str(c, "text");
		want = cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(c, "expected"));
		tw_text_parse(text, strlen(text), tw_text_config_v1(), &r);
		ok(r.valid == want, "tweets (v1): %s",
		    tw_json_str(c, "description"));
	}
}

/* extract.json URL sections: the URLs (and their UTF-16 indices). */
static void
urls(const cJSON *doc, const char *name, int indices)
{
	const cJSON *c, *e, *x;
	const char *text;
	struct tw_text_url *u;
	tw_buf got = { 0 }, want = { 0 };
	int n, i;

	cJSON_ArrayForEach(c, section(doc, name)) {
		text = tw_json_str(c, "text");
		e = cJSON_GetObjectItemCaseSensitive(c, "expected");
		n = tw_text_urls(text, strlen(text), &u);
		tw_buf_reset(&got);
		tw_buf_reset(&want);
		for (i = 0; i < n; i++) {
			tw_buf_printf(&got, "[%.*s]", (int)(u[i].end -
			    u[i].start), text + u[i].start);
			if (indices)
				tw_buf_printf(&got, "%d-%d", u[i].u16_start,
				    u[i].u16_end);
		}
		cJSON_ArrayForEach(x, e) {
			if (!indices) {
				tw_buf_printf(&want, "[%s]", x->valuestring);
				continue;
			}
			tw_buf_printf(&want, "[%s]%d-%d", tw_json_str(x, "url"),
			    cJSON_GetArrayItem(cJSON_GetObjectItem(x,
			    "indices"), 0)->valueint,
			    cJSON_GetArrayItem(cJSON_GetObjectItem(x,
			    "indices"), 1)->valueint);
		}
		is_str(got.s ? got.s : "", want.s ? want.s : "", "%s: %s",
		    name, tw_json_str(c, "description"));
		free(u);
	}
	tw_buf_free(&got);
	tw_buf_free(&want);
}

static void
configs(void)
{
	static const char *files[] = { "config/v1.json", "config/v2.json",
	    "config/v3.json" };
	const struct tw_text_config *builtin[] = { tw_text_config_v1(),
	    tw_text_config_v2(), tw_text_config_v3() };
	struct tw_text_config c;
	cJSON *j;
	int i;

	for (i = 0; i < 3; i++) {
		j = load(files[i]);
		ok(tw_text_config_json(j, &c) == 0 &&
		    memcmp(&c, builtin[i], sizeof(c)) == 0,
		    "built-in config v%d equals %s", i + 1, files[i]);
		cJSON_Delete(j);
	}
	j = cJSON_Parse("{\"version\":2,\"scale\":0,\"defaultWeight\":1,"
	    "\"maxWeightedTweetLength\":280}");
	ok(tw_text_config_json(j, &c) == -1, "config: scale 0 refused");
	cJSON_Delete(j);
}

static void
count(const char *s, int want, int valid)
{
	struct tw_text_result r;

	tw_text_parse(s, strlen(s), tw_text_config_v3(), &r);
	ok(r.weighted_length == want && r.valid == valid,
	    "v3 length of '%s' is %d%s (got %d, %d)", s, want,
	    valid ? "" : ", invalid", r.weighted_length, r.valid);
}

static void
width(const char *s, int want)
{
	int w = tw_text_width(s, strlen(s));

	ok(w == want, "width of '%s' is %d (got %d)", s, want, w);
}

static void
cut(const char *s, int cols, size_t want)
{
	size_t n = tw_text_cut(s, strlen(s), cols);

	ok(n == want, "cut '%s' to %d columns: %zu bytes (got %zu)", s, cols,
	    want, n);
}

int
main(void)
{
	cJSON *v, *x;
	struct tw_text_result r;
	struct tw_text_url *u;
	char *big;
	int i;

	v = load("validate.json");
	x = load("extract.json");

	weighted(v, "WeightedTweetsCounterTest", tw_text_config_v2(), "v2");
	weighted(v, "WeightedTweetsWithDiscountedEmojiCounterTest",
	    tw_text_config_v3(), "v3");
	weighted(v, "UnicodeDirectionalMarkerCounterTest",
	    tw_text_config_v3(), "v3");
	weighted(v, "UnicodeDirectionalMarkerCounterTest",
	    tw_text_config_v2(), "v2");
	legacy(v);
	urls(x, "urls", 0);
	urls(x, "urls_with_indices", 1);
	urls(x, "urls_with_directional_markers", 1);
	urls(x, "tco_urls_with_params", 0);
	configs();

	/* what tw-reply relies on */
	count("abc", 3, 1);
	count("\xe6\x9d\xb1\xe4\xba\xac", 4, 1);                 /* 東京 */
	count("\xf0\x9f\x98\x80", 2, 1);                          /* 😀 */
	count("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7", 2, 1);                              /* 👩‍👩‍👧 */
	count("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", 2, 1);          /* 🇫🇷 */
	count("see https://example.com/a/very/long/path/indeed?x=1", 27, 1);
	count("see example.com and t.co", 4 + 23 + 5 + 23, 1);

	/* what tw-dm relies on: characters, after NFC, nothing weighed */
	is_int(tw_text_chars("abc", 3), 3, "chars of 'abc'");
	is_int(tw_text_chars("\xe6\x9d\xb1\xe4\xba\xac", 6), 2,
	    "chars of a CJK pair: 2, not 4");
	is_int(tw_text_chars("e\xcc\x81", 3), 1,
	    "chars of e + combining acute: 1 after NFC");
	is_int(tw_text_chars("see https://example.com/a", 25), 25,
	    "chars of a URL: its own, not 23");
	is_int(tw_text_chars("", 0), 0, "chars of the empty text");
	is_int(tw_text_chars("\xff", 1), -1, "chars of invalid UTF-8: -1");
	count("e\xcc\x81", 1, 1);                                 /* é */
	count("", 0, 0);
	count("a\xef\xbb\xbf", 3, 0);                             /* BOM */
	big = xmalloc(301);
	memset(big, 'x', 300);
	big[300] = '\0';
	tw_text_parse(big, 300, tw_text_config_v3(), &r);
	ok(r.weighted_length == 300 && !r.valid && r.valid_end == 279 &&
	    r.weighted_length - tw_text_config_v3()->max_weighted_length == 20,
	    "300 x: 20 over, the valid part ends at 279");
	free(big);
	big = xmalloc(10001);           /* quadratic scans would take minutes */
	for (i = 0; i < 10000; i += 2)
		memcpy(big + i, "a.", 2);
	big[10000] = '\0';
	tw_text_parse(big, 10000, tw_text_config_v3(), &r);
	ok(r.weighted_length == 10000 && r.valid_end == 279,
	    "10000 characters of a.a.a.: counted");
	free(big);
	ok(tw_text_parse("a\xff", 2, tw_text_config_v3(), &r) == -1 &&
	    !r.valid, "invalid UTF-8 refused");
	ok(tw_text_urls("go to https://x.com/a.", 22, &u) == 1 &&
	    u[0].start == 6 && u[0].end == 21, "tw_text_urls byte offsets");
	free(u);

	width("hello", 5);
	width("\xe6\x9d\xb1\xe4\xba\xac", 4);                     /* 東京 */
	width("\xf0\x9f\x98\x80", 2);                             /* 😀 */
	width("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7", 2);                                 /* 👩‍👩‍👧 */
	width("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", 2);             /* 🇫🇷 */
	width("e\xcc\x81", 1);                                    /* é */
	width("\xe2\x9d\xa4\xef\xb8\x8f", 2);                     /* ❤️ */
	width("\xe2\x9d\xa4", 1);                                 /* ❤ */
	width("1\xef\xb8\x8f\xe2\x83\xa3", 2);                    /* 1️⃣ */
	width("\xf0\x9f\x91\x8b\xf0\x9f\x8f\xbd", 2);             /* 👋🏽 */
	width("\xed\x95\x9c\xea\xb8\x80", 4);                     /* 한글 */
	width("a\tb\x1b", 2);
	width("\xef\xbc\xa1", 2);                                 /* Ａ */
	width("a\xff" "b", 3);
	cut("abc", 2, 2);
	cut("\xe6\x9d\xb1\xe4\xba\xac", 3, 3);                    /* 東|京 */
	cut("ae\xcc\x81x", 2, 4);                                 /* aé|x */
	cut("a\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7z", 2, 1);
	cut("a\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7z", 3, 12);
	cut("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xab", 2, 8);
	width("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xab", 3);   /* lone RI: 1 */
	cut("abc", 0, 0);

	cJSON_Delete(v);
	cJSON_Delete(x);
	printf("1..%d\n", tap_n);
	return tap_done();
}
