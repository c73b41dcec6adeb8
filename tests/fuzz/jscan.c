/* jscan.c - lib/jscan.c against cJSON, the parser it stands in for.
 *
 * The input is one line as tw-metrics reads it.  tw_js_object is asked
 * for the members tw-metrics asks for (and a few more), then for the
 * members of every object it found, the way tw_metrics_line does.
 *
 * Findings (abort):
 *  - jscan takes a line that tw's line parser (cJSON, nothing but white
 *    space after the value) refuses, or that is not an object;
 *  - a member jscan found is not the one cJSON has (absent, type,
 *    string, number, or the subtree an object or array span parses to);
 *  - jscan refuses a line it should handle: one cJSON takes that is
 *    plain RFC 8259 JSON (cJSON also takes leading zeros, "1.", control
 *    bytes in strings and between tokens, which jscan rightly refuses),
 *    nested at most 32 deep, without an escaped key (jscan.h: those go
 *    to cJSON).  RFC 8259 here is strict(), written for this harness;
 *  - tw_js_canonical takes a line that cJSON refuses, or that
 *    tw_json_append does not print back byte for byte (tw-norm's fast
 *    path passes such a line on unparsed). */
#include "fuzz.h"
#include "tw.h"

static const char *const keys[] = {
	"type", "id", "created_at", "retweet_of", "auto", "direction",
	"account", "author", "triage", "text", "recipient", "in_reply_to",
	"agent", "event", "a", "",
};
#define NKEYS ((int)(sizeof keys / sizeof keys[0]))
static const char *const subkeys[] = {
	"id", "username", "queue", "sentiment", "label", "user_id",
};
#define NSUB ((int)(sizeof subkeys / sizeof subkeys[0]))

/* --- strict RFC 8259, for what jscan ought to take --- */

struct strict {
	const char *end;
	int depth, maxdepth, esckey;
};

static const char *sval(struct strict *s, const char *p);

static const char *
sws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p after the opening quote; past the closing one, or NULL */
static const char *
sstr(const char *p, const char *end, int *esc)
{
	int i;

	*esc = 0;
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c != '\\')
			continue;
		*esc = 1;
		if (++p >= end)
			return NULL;
		if (*p == 'u') {
			for (i = 1; i <= 4; i++)
				if (p + i >= end || !strchr("0123456789abcdefABCDEF",
				    p[i]) || !p[i])
					return NULL;
			p += 4;
		} else if (!*p || !strchr("\"\\/bfnrt", *p))
			return NULL;
	}
	return NULL;
}

static const char *
sdigits(const char *p, const char *end)
{
	const char *s = p;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p > s ? p : NULL;
}

static const char *
snum(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (!(p = sdigits(p, end)))
		return NULL;
	if (p < end && *p == '.' && !(p = sdigits(p + 1, end)))
		return NULL;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!(p = sdigits(p, end)))
			return NULL;
	}
	return p;
}

static const char *
scont(struct strict *s, const char *p, char close)
{
	int esc;

	if (++s->depth > s->maxdepth)
		s->maxdepth = s->depth;
	if (s->depth > 2000)
		return NULL;
	p = sws(p + 1, s->end);
	if (p < s->end && *p == close) {
		s->depth--;
		return p + 1;
	}
	for (;;) {
		if (close == '}') {
			if (p >= s->end || *p != '"' ||
			    !(p = sstr(p + 1, s->end, &esc)))
				return NULL;
			s->esckey |= esc;
			p = sws(p, s->end);
			if (p >= s->end || *p++ != ':')
				return NULL;
		}
		if (!(p = sval(s, p)))
			return NULL;
		p = sws(p, s->end);
		if (p < s->end && *p == ',') {
			p++;
			continue;
		}
		if (p < s->end && *p == close) {
			s->depth--;
			return p + 1;
		}
		return NULL;
	}
}

static const char *
sval(struct strict *s, const char *p)
{
	size_t left;
	int esc;

	p = sws(p, s->end);
	if (p >= s->end)
		return NULL;
	left = (size_t)(s->end - p);
	switch (*p) {
	case '{': return scont(s, p, '}');
	case '[': return scont(s, p, ']');
	case '"': return sstr(p + 1, s->end, &esc);
	case 't': return left >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
	case 'f': return left >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
	case 'n': return left >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
	default: return snum(p, s->end);
	}
}

/* 1 when [p, end) is one RFC 8259 object; depth and escaped keys in s */
static int
strict(const char *p, const char *end, struct strict *s)
{
	memset(s, 0, sizeof *s);
	s->end = end;
	p = sws(p, end);
	if (p >= end || *p != '{' || !(p = sval(s, p)))
		return 0;
	return sws(p, end) == end;
}

/* --- the comparison --- */

/* tw_parse_line's rule: cJSON, then only white space */
static cJSON *
cjson(const char *p, size_t n)
{
	const char *end = NULL, *q;
	cJSON *j;

	if (!n || !(j = cJSON_ParseWithLengthOpts(p, n, &end, 0)))
		return NULL;
	for (q = end; q < p + n; q++)
		if (*q != ' ' && *q != '\t' && *q != '\r' && *q != '\n') {
			cJSON_Delete(j);
			return NULL;
		}
	return j;
}

static int
hexval(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* A string span decoded as cJSON decodes it, cut at a NUL as cJSON's
 * C string is; NULL when cJSON would refuse it (a lone surrogate). */
static char *
decode(const struct tw_jspan *v)
{
	const char *p = v->p, *end = v->p + v->n;
	tw_buf b = { 0 };
	unsigned long u, lo;
	int i;

	tw_buf_add(&b, "", 0);
	while (p < end) {
		if (*p != '\\') {
			tw_buf_addc(&b, *p++);
			continue;
		}
		p++;
		switch (*p) {
		case 'b': tw_buf_addc(&b, '\b'); p++; continue;
		case 'f': tw_buf_addc(&b, '\f'); p++; continue;
		case 'n': tw_buf_addc(&b, '\n'); p++; continue;
		case 'r': tw_buf_addc(&b, '\r'); p++; continue;
		case 't': tw_buf_addc(&b, '\t'); p++; continue;
		case 'u': break;
		default: tw_buf_addc(&b, *p++); continue;
		}
		for (u = 0, i = 1; i <= 4; i++)
			u = u << 4 | (unsigned long)hexval(p[i]);
		p += 5;
		if (u >= 0xdc00 && u <= 0xdfff)
			goto lone;
		if (u >= 0xd800 && u <= 0xdbff) {
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
				goto lone;
			for (lo = 0, i = 2; i <= 5; i++)
				lo = lo << 4 | (unsigned long)hexval(p[i]);
			if (lo < 0xdc00 || lo > 0xdfff)
				goto lone;
			p += 6;
			u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
		}
		if (u < 0x80) {
			tw_buf_addc(&b, (int)u);
		} else if (u < 0x800) {
			tw_buf_addc(&b, (int)(0xc0 | u >> 6));
			tw_buf_addc(&b, (int)(0x80 | (u & 0x3f)));
		} else if (u < 0x10000) {
			tw_buf_addc(&b, (int)(0xe0 | u >> 12));
			tw_buf_addc(&b, (int)(0x80 | (u >> 6 & 0x3f)));
			tw_buf_addc(&b, (int)(0x80 | (u & 0x3f)));
		} else {
			tw_buf_addc(&b, (int)(0xf0 | u >> 18));
			tw_buf_addc(&b, (int)(0x80 | (u >> 12 & 0x3f)));
			tw_buf_addc(&b, (int)(0x80 | (u >> 6 & 0x3f)));
			tw_buf_addc(&b, (int)(0x80 | (u & 0x3f)));
		}
	}
	return tw_buf_steal(&b);
lone:
	tw_buf_free(&b);
	return NULL;
}

/* Two trees parsed from the same text: equal, members in order (not
 * cJSON_Compare, for which an infinite number is not itself). */
static int
same(const cJSON *a, const cJSON *b, int names)
{
	if ((a->type & 0xff) != (b->type & 0xff))
		return 0;
	if (names && (a->string || b->string) && (!a->string || !b->string ||
	    strcmp(a->string, b->string)))
		return 0;
	if (cJSON_IsNumber(a))
		return a->valuedouble == b->valuedouble;
	if (cJSON_IsString(a))
		return strcmp(a->valuestring, b->valuestring) == 0;
	for (a = a->child, b = b->child; a && b; a = a->next, b = b->next)
		if (!same(a, b, 1))
			return 0;
	return !a && !b;
}

static void compare(const char *what, const struct tw_jspan *v,
    const cJSON *c, int depth);

/* The members of the object span v, scanned again as tw-metrics does. */
static void
members(const char *what, const struct tw_jspan *v, const cJSON *c,
    int depth)
{
	struct tw_jspan out[NSUB];
	char name[64];
	int i;

	FZ_ASSERT(tw_js_object(v->p, v->p + v->n, subkeys, NSUB, out) == 0,
	    "%s: jscan refuses the object span it gave", what);
	for (i = 0; i < NSUB; i++) {
		snprintf(name, sizeof name, "%s.%s", what, subkeys[i]);
		compare(name, &out[i],
		    cJSON_GetObjectItemCaseSensitive(c, subkeys[i]), depth + 1);
	}
}

static void
compare(const char *what, const struct tw_jspan *v, const cJSON *c,
    int depth)
{
	char buf[64], *s;
	const char *plain;
	cJSON *sub;

	if (!v->type) {
		FZ_ASSERT(!c, "%s: absent to jscan, present to cJSON", what);
		return;
	}
	FZ_ASSERT(c, "%s: found by jscan, absent to cJSON", what);
	switch (v->type) {
	case 's':
		FZ_ASSERT(cJSON_IsString(c), "%s: a string to jscan only", what);
		s = decode(v);
		FZ_ASSERT(s, "%s: jscan takes a string with a lone surrogate "
		    "escape; cJSON refuses it", what);
		FZ_ASSERT(strcmp(s, c->valuestring) == 0,
		    "%s: string '%s' to jscan, '%s' to cJSON", what, s,
		    c->valuestring);
		free(s);
		plain = tw_js_str(v, buf, sizeof buf);
		FZ_ASSERT(!plain || (!v->esc && strcmp(plain,
		    c->valuestring) == 0), "%s: tw_js_str gives '%s'", what,
		    plain);
		FZ_ASSERT(plain || v->esc || v->n >= sizeof buf ||
		    memchr(v->p, '\0', v->n), "%s: tw_js_str refuses a plain "
		    "short string", what);
		break;
	case 'n':
		s = xstrndup(v->p, v->n);
		FZ_ASSERT(cJSON_IsNumber(c) && strtod(s, NULL) == c->valuedouble,
		    "%s: number %s to jscan, not to cJSON", what, s);
		free(s);
		break;
	case 't':
		FZ_ASSERT(cJSON_IsTrue(c), "%s: true to jscan only", what);
		break;
	case 'f':
		FZ_ASSERT(cJSON_IsFalse(c), "%s: false to jscan only", what);
		break;
	case 'z':
		FZ_ASSERT(cJSON_IsNull(c), "%s: null to jscan only", what);
		break;
	case 'o':
	case 'a':
		FZ_ASSERT(v->type == 'o' ? cJSON_IsObject(c) : cJSON_IsArray(c),
		    "%s: %s to jscan only", what, v->type == 'o' ? "object" :
		    "array");
		sub = cJSON_ParseWithLength(v->p, v->n);
		FZ_ASSERT(sub && same(sub, c, 0),
		    "%s: the span is not the subtree cJSON has", what);
		cJSON_Delete(sub);
		if (v->type == 'o' && depth < 3)
			members(what, v, c, depth);
		break;
	default:
		FZ_ASSERT(0, "%s: type '%c'", what, v->type);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact copy: jscan must not read past the end it is given */
	char *p = xmalloc(size ? size : 1);
	struct tw_jspan out[NKEYS];
	struct strict st;
	cJSON *j;
	int ok, i;

	memcpy(p, data, size);
	ok = tw_js_object(p, p + size, keys, NKEYS, out) == 0;
	j = cjson(p, size);
	if (ok) {
		FZ_ASSERT(j, "jscan takes a line cJSON refuses");
		FZ_ASSERT(cJSON_IsObject(j), "jscan takes a non-object");
		for (i = 0; i < NKEYS; i++)
			compare(keys[i], &out[i],
			    cJSON_GetObjectItemCaseSensitive(j, keys[i]), 0);
	} else if (j && cJSON_IsObject(j) && strict(p, p + size, &st)) {
		FZ_ASSERT(st.esckey || st.maxdepth > 33,
		    "jscan refuses plain JSON that cJSON takes (depth %d)",
		    st.maxdepth);
	}
	if (tw_js_canonical(p, p + size, keys, NKEYS, out) == 0) {
		tw_buf b = { 0 };

		FZ_ASSERT(j && cJSON_IsObject(j),
		    "canonical: taken, but cJSON refuses it");
		tw_json_append(&b, j);
		FZ_ASSERT(b.len == size && !memcmp(b.s, p, size),
		    "canonical: taken, but printed back as '%s'", b.s);
		/* the members found (not those of their spans: an
		 * escaped key inside is canonical, tw_js_object refuses it) */
		for (i = 0; i < NKEYS; i++)
			compare(keys[i], &out[i],
			    cJSON_GetObjectItemCaseSensitive(j, keys[i]), 3);
		tw_buf_free(&b);
	}
	cJSON_Delete(j);
	free(p);
	return 0;
}
