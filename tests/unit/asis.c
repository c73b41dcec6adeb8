/* asis.c - unit tests for tw_js_canonical (lib/jscan.c) and
 * tw_record_as_is (lib/record.c), the fast path of tw-norm: whatever they
 * take, parsing, filling and printing it as tw_each_record and tw_emit do
 * gives back the same bytes.  Fixed cases, every record of the sample
 * payloads, then every one-byte change and every pair of nearby deletions
 * of a record, with and without an account and a source. */
#include <dirent.h>
#include <stdlib.h>

#include "tw.h"
#include "tap.h"

static const struct tw_ident brand = { "42", "AcmeAir" };

/* The slow path: 1 when parsing line as tw_parse_line does, filling it
 * as a record and printing it as tw_emit does gives back line. */
static int
slow_same(const char *line, size_t n, const struct tw_ident *a,
    const char *source)
{
	const char *end = NULL, *p;
	tw_buf b = { 0 };
	cJSON *j = cJSON_ParseWithLengthOpts(line, n, &end, 0);
	int same = 0;

	if (!j)
		return 0;
	for (p = end; p < line + n; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			goto out;
	if (tw_record_shape(j) != TW_SHAPE_RECORD)
		goto out;
	tw_record_fill(j, a, source);
	tw_json_append(&b, j);
	same = b.len == n && memcmp(b.s, line, n) == 0;
out:
	tw_buf_free(&b);
	cJSON_Delete(j);
	return same;
}

/* 1 when the fast path is wrong: it takes a line the slow path changes */
static int
wrong(const char *line, size_t n, const struct tw_ident *a,
    const char *source)
{
	return tw_record_as_is(line, n, a, source) &&
	    !slow_same(line, n, a, source);
}

static int
as_is(const char *s)
{
	return tw_record_as_is(s, strlen(s), NULL, NULL);
}

static void
fixed(void)
{
	static const char *const taken[] = {
		"{\"type\":\"tweet\",\"id\":\"1\"}",
		"{\"type\":\"dm\",\"id\":\"1\",\"x\":[]}",
		"{\"type\":\"user\",\"id\":\"1\",\"x\":{}}",
		"{\"id\":\"1\",\"type\":\"tweet\",\"type\":\"other\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"n\":[0,-1,999999999999999,-999999999999999]}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"t\":\"\\\" \\\\ \\b\\f\\n\\r\\t \\u0001\\u001f caf\xc3\xa9 \x7f\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"a\":[true,false,null,{\"b\":[[]]}]}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"\":\"\",\"k\\n\":1}",
	};
	static const char *const refused[] = {
		"", "{}", "[]", "{\"type\":\"tweet\"}",
		"{\"type\":\"tweet\",\"id\":1}",
		"{\"type\":\"other\",\"id\":\"1\"}",
		"{\"type\":\"other\",\"type\":\"tweet\",\"id\":\"1\"}",
		"{\"type\":\"twee\\u0074\",\"id\":\"1\"}",
		" {\"type\":\"tweet\",\"id\":\"1\"}",
		"{\"type\":\"tweet\",\"id\":\"1\"} ",
		"{\"type\": \"tweet\",\"id\":\"1\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"n\":-0}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"n\":01}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"n\":1.5}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"n\":1e5}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"n\":1000000000000000}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"t\":\"\\/\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"t\":\"\\u00e9\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"t\":\"\\u001F\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"t\":\"\\u000a\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"t\":\"\\u0000\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"t\":\"\t\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",\"t\":\"\\ud83d\\ude00\"}",
		"{\"type\":\"tweet\",\"id\":\"1\",}",
		"{\"type\":\"tweet\",\"id\":\"1\"}{}",
	};
	char deep[256], *p;
	size_t i;
	int d;

	for (i = 0; i < sizeof taken / sizeof taken[0]; i++)
		ok(as_is(taken[i]) && slow_same(taken[i], strlen(taken[i]),
		    NULL, NULL), "taken, and printed back the same: %s",
		    taken[i]);
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		ok(!as_is(refused[i]), "refused: %s", refused[i]);

	/* nesting: 32 levels below the record are taken, 33 refused */
	for (d = 32; d <= 33; d++) {
		p = deep + sprintf(deep, "{\"type\":\"tweet\",\"id\":\"1\",\"a\":");
		for (i = 0; i < (size_t)d; i++)
			*p++ = '[';
		for (i = 0; i < (size_t)d; i++)
			*p++ = ']';
		strcpy(p, "}");
		ok(as_is(deep) == (d == 32), "%d arrays deep: %s", d,
		    d == 32 ? "taken" : "refused");
	}
}

/* What tw_record_fill would add must be there already. */
static void
filled(void)
{
	const char *bare = "{\"type\":\"tweet\",\"id\":\"1\",\"author\":{\"id\":\"7\"}}";
	const char *full = "{\"type\":\"tweet\",\"id\":\"1\",\"author\":{\"id\":\"7\"},"
	    "\"account\":{\"id\":\"42\"},\"direction\":\"in\",\"source\":\"x\"}";
	const char *user = "{\"type\":\"user\",\"id\":\"1\",\"account\":null}";
	const char *noauthor = "{\"type\":\"dm\",\"id\":\"1\",\"account\":{}}";
	struct tw_ident none = { NULL, NULL };
	size_t nb = strlen(bare), nf = strlen(full);

	ok(tw_record_as_is(bare, nb, NULL, NULL), "nothing to add: taken");
	ok(!tw_record_as_is(bare, nb, &brand, NULL), "no account: refused");
	ok(!tw_record_as_is(bare, nb, NULL, "mentions"), "no source: refused");
	ok(tw_record_as_is(bare, nb, &none, NULL),
	    "an account without id or username adds nothing: taken");
	ok(tw_record_as_is(full, nf, &brand, "mentions") &&
	    slow_same(full, nf, &brand, "mentions"),
	    "account, direction and source there: taken, unchanged");
	ok(tw_record_as_is(user, strlen(user), &brand, NULL) &&
	    slow_same(user, strlen(user), &brand, NULL),
	    "a user record gets no direction: taken, unchanged");
	ok(tw_record_as_is(noauthor, strlen(noauthor), &brand, NULL) &&
	    slow_same(noauthor, strlen(noauthor), &brand, NULL),
	    "no author, no direction: taken, unchanged");
}

static void
collect(cJSON *rec, void *ctx)
{
	tw_buf *b = ctx;

	tw_json_append(b, rec);
	tw_buf_addc(b, '\n');
	cJSON_Delete(rec);
}

/* A payload, or a recorded cassette's response bodies */
static void
normalize(const cJSON *in, tw_buf *lines)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, cJSON_GetObjectItem(in, "exchanges"))
		normalize(cJSON_GetObjectItem(cJSON_GetObjectItem(x,
		    "response"), "body"), lines);
	if (in && !cJSON_GetObjectItem(in, "exchanges"))
		tw_normalize(in, NULL, "test", collect, lines, NULL);
}

/* Every record normalised from the sample payloads, printed: the fast
 * path takes it back as it is, and never wrongly. */
static void
samples(const char *dir)
{
	tw_buf lines = { 0 }, text = { 0 };
	char path[2048], chunk[8192], *p, *nl;
	size_t taken = 0, all = 0, bad = 0, n;
	struct dirent *de;
	DIR *d = opendir(dir);
	FILE *fp;
	cJSON *in;

	ok(d != NULL, "%s: opened", dir);
	while (d && (de = readdir(d))) {
		if (!strstr(de->d_name, ".json"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (!(fp = fopen(path, "r")))
			continue;
		tw_buf_reset(&text);
		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			tw_buf_add(&text, chunk, n);
		fclose(fp);
		if ((in = cJSON_Parse(text.s ? text.s : ""))) {
			normalize(in, &lines);
			cJSON_Delete(in);
		}
	}
	if (d)
		closedir(d);
	for (p = lines.s; p && (nl = strchr(p, '\n')); p = nl + 1) {
		all++;
		taken += tw_record_as_is(p, (size_t)(nl - p), NULL, "test");
		bad += wrong(p, (size_t)(nl - p), NULL, "test") +
		    wrong(p, (size_t)(nl - p), &brand, NULL);
	}
	ok(all > 0 && taken > all / 2, "%s: %zu of %zu records taken as they "
	    "are", dir, taken, all);
	is_int((long long)bad, 0, "%s: none wrongly", dir);
	tw_buf_free(&lines);
	tw_buf_free(&text);
}

static void
mutations(void)
{
	const char *rec = "{\"type\":\"tweet\",\"id\":\"1858420912\",\"created_at\":"
	    "\"2026-11-02T09:00:00Z\",\"author\":{\"id\":\"7\",\"username\":\"c\","
	    "\"followers\":12},\"text\":\"@brand my bag \xe2\x80\x94 lost \\\"x\\\" "
	    "\\\\ \\n\\u0001\",\"n\":[1,-20,true,false,null,{}],\"account\":"
	    "{\"id\":\"42\"},\"direction\":\"in\",\"source\":\"mentions\"}";
	size_t i, j, n = strlen(rec), bad = 0, tried = 0;
	char *mm = malloc(n + 1);
	int c, d;

	ok(tw_record_as_is(rec, n, &brand, "mentions") &&
	    slow_same(rec, n, &brand, "mentions"), "the record is taken");
	for (i = 0; i < n; i++)
		for (c = 0; c < 256; c++) {
			memcpy(mm, rec, n);
			mm[i] = (char)c;
			tried++;
			bad += wrong(mm, n, NULL, NULL) +
			    wrong(mm, n, &brand, "mentions");
		}
	for (i = 0; i + 1 < n; i++)
		for (j = i + 1; j < n && j < i + 8; j++) {
			for (d = 0, c = 0; c < (int)n; c++)
				if ((size_t)c != i && (size_t)c != j)
					mm[d++] = rec[c];
			tried++;
			bad += wrong(mm, (size_t)d, NULL, NULL) +
			    wrong(mm, (size_t)d, &brand, "mentions");
		}
	free(mm);
	is_int((long long)bad, 0, "%zu mutations: the fast path never takes "
	    "a line that parsing and printing would change", tried);
}

int
main(void)
{
	const char *src = getenv("TW_SRC");
	char dir[1024];

	tw_init("asis");
	fixed();
	filled();
	snprintf(dir, sizeof dir, "%s/tests/fixtures/samples/docs",
	    src ? src : ".");
	samples(dir);
	snprintf(dir, sizeof dir, "%s/tests/fixtures/samples/recorded",
	    src ? src : ".");
	samples(dir);
	mutations();
	return tap_done();
}
