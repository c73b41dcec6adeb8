/* jscan.c - find members of a JSON object without building a tree
 * (RFC 8259 grammar; see jscan.h). */
#include <stdint.h>
#include <string.h>

#include "jscan.h"

#define MAX_DEPTH 32

static const char *value(const char *p, const char *end, struct tw_jspan *v,
    int depth);

/* 1: a byte that ends the plain run of a string (quote, backslash or a
 * control character) */
static unsigned char stop[256];

static void
stop_init(void)
{
	int i;

	if (!stop['"'])
		for (i = 0; i < 0x20; i++)
			stop[i] = stop['"'] = stop['\\'] = 1;
}

static const char *
ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static int
hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* The code unit of the \uXXXX escape whose 'u' is at p, or -1. */
static long
unit(const char *p, const char *end)
{
	long v = 0;
	int i, c;

	for (i = 1; i <= 4; i++) {
		if (p + i >= end || !hex(c = (unsigned char)p[i]))
			return -1;
		v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

/* Whether any of 8 bytes may be a quote, a backslash or a control
 * character: exact for "none", so it only skips plain runs faster (the
 * byte loop decides). */
static int
special8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
	uint64_t w, q, b;

	memcpy(&w, p, 8);
	q = w ^ (ones * '"');
	b = w ^ (ones * '\\');
	return (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w)) &
	    high ? 1 : 0;
}

/* p at the opening quote; returns past the closing one, or NULL. */
static const char *
string(const char *p, const char *end, struct tw_jspan *v)
{
	const char *s = ++p;
	long u;

	v->esc = 0;
	stop_init();
	while (p < end) {
		unsigned char c;

		while (end - p >= 8 && !special8(p))
			p += 8;
		while (p < end && !stop[(unsigned char)*p])
			p++;
		if (p >= end)
			break;
		c = (unsigned char)*p;

		if (c == '"') {
			v->type = 's';
			v->p = s;
			v->n = (size_t)(p - s);
			return p + 1;
		}
		if (c < 0x20)
			return NULL;
		if (c == '\\') {
			v->esc = 1;
			if (++p >= end)
				return NULL;
			switch (*p) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				break;
			case 'u':
				/* UTF-16 surrogates only as a high-low pair
				 * (a lone one is no character: cJSON and
				 * every other reader refuse it) */
				if ((u = unit(p, end)) < 0 ||
				    (u >= 0xdc00 && u <= 0xdfff))
					return NULL;
				p += 4;
				if (u >= 0xd800 && u <= 0xdbff) {
					if (end - p < 7 || p[1] != '\\' ||
					    p[2] != 'u' ||
					    (u = unit(p + 2, end)) < 0xdc00 ||
					    u > 0xdfff)
						return NULL;
					p += 6;
				}
				break;
			default:
				return NULL;
			}
		}
		p++;
	}
	return NULL;
}

static const char *
digits(const char *p, const char *end)
{
	const char *s = p;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p > s ? p : NULL;
}

static const char *
number(const char *p, const char *end, struct tw_jspan *v)
{
	const char *s = p;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (!(p = digits(p, end)))
		return NULL;
	if (p < end && *p == '.' && !(p = digits(p + 1, end)))
		return NULL;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!(p = digits(p, end)))
			return NULL;
	}
	v->type = 'n';
	v->p = s;
	v->n = (size_t)(p - s);
	return p;
}

static const char *
literal(const char *p, const char *end, const char *word, char type,
    struct tw_jspan *v)
{
	size_t n = strlen(word);

	if ((size_t)(end - p) < n || memcmp(p, word, n))
		return NULL;
	v->type = type;
	v->p = p;
	v->n = n;
	return p + n;
}

/* An object or array at p; with keys, the members asked for. */
static const char *
container(const char *p, const char *end, const char *const *keys,
    const size_t *klen, int nkeys, struct tw_jspan *out, struct tw_jspan *v,
    int depth)
{
	const char *s = p;
	char close = *p == '{' ? '}' : ']';
	struct tw_jspan k, x;
	int i;

	if (depth > MAX_DEPTH)
		return NULL;
	p = ws(p + 1, end);
	if (p < end && *p == close)
		goto done;
	for (;;) {
		if (close == '}') {
			if (p >= end || *p != '"' || !(p = string(p, end, &k)) ||
			    k.esc)
				return NULL;
			p = ws(p, end);
			if (p >= end || *p != ':')
				return NULL;
			if (!(p = value(p + 1, end, &x, depth + 1)))
				return NULL;
			for (i = 0; i < nkeys; i++)
				/* first byte first: most keys differ there
				 * (an empty key has none) */
				if (!out[i].type && klen[i] == k.n &&
				    (!k.n || (keys[i][0] == k.p[0] &&
				    !memcmp(keys[i], k.p, k.n)))) {
					out[i] = x;
					break;
				}
		} else if (!(p = value(p, end, &x, depth + 1)))
			return NULL;
		p = ws(p, end);
		if (p < end && *p == ',') {
			p = ws(p + 1, end);
			continue;
		}
		if (p < end && *p == close)
			break;
		return NULL;
	}
done:
	v->type = close == '}' ? 'o' : 'a';
	v->p = s;
	v->n = (size_t)(p + 1 - s);
	v->esc = 0;
	return p + 1;
}

static const char *
value(const char *p, const char *end, struct tw_jspan *v, int depth)
{
	p = ws(p, end);
	if (p >= end)
		return NULL;
	switch (*p) {
	case '"': return string(p, end, v);
	case '{': case '[':
		return container(p, end, NULL, NULL, 0, NULL, v, depth);
	case 't': return literal(p, end, "true", 't', v);
	case 'f': return literal(p, end, "false", 'f', v);
	case 'n': return literal(p, end, "null", 'z', v);
	default: return number(p, end, v);
	}
}

int
tw_js_object(const char *p, const char *end, const char *const *keys,
    int nkeys, struct tw_jspan *out)
{
	struct tw_jspan v;
	size_t klen[32];
	int i;

	if (nkeys > 32)
		return -1;
	for (i = 0; i < nkeys; i++)
		klen[i] = strlen(keys[i]);
	memset(out, 0, (size_t)nkeys * sizeof *out);
	p = ws(p, end);
	if (p >= end || *p != '{' ||
	    !(p = container(p, end, keys, klen, nkeys, out, &v, 0)))
		return -1;
	return ws(p, end) == end ? 0 : -1;
}

const char *
tw_js_str(const struct tw_jspan *v, char *buf, size_t n)
{
	if (v->type != 's' || v->esc || v->n >= n || memchr(v->p, '\0', v->n))
		return NULL;
	memcpy(buf, v->p, v->n);
	buf[v->n] = '\0';
	return buf;
}

/* The form tw prints (tw_js_canonical): tw_json_append's output for the
 * tree cJSON parses from the text is the text itself. */

/* 1 when the \u escape at p (the backslash) is one put_str writes: a
 * control character without a short escape, lower-case hex. */
static int
canon_u(const char *p, const char *end)
{
	int c;

	if (end - p < 6 || p[2] != '0' || p[3] != '0' ||
	    (p[4] != '0' && p[4] != '1'))
		return 0;
	if (p[5] >= '0' && p[5] <= '9')
		c = p[5] - '0';
	else if (p[5] >= 'a' && p[5] <= 'f')
		c = p[5] - 'a' + 10;
	else
		return 0;
	c += (p[4] - '0') * 16;
	/* NUL ends cJSON's C string; these five have short escapes */
	return c != 0 && c != '\b' && c != '\t' && c != '\n' && c != '\f' &&
	    c != '\r';
}

/* A string with only the escapes put_str writes: \" \\ \b \f \n \r \t
 * and \u00XX; no raw control character, no "\/", no other \u. */
static const char *
cstring(const char *p, const char *end, struct tw_jspan *v)
{
	const char *s = ++p;

	v->esc = 0;
	for (;;) {
		while (end - p >= 8 && !special8(p))
			p += 8;
		while (p < end && !stop[(unsigned char)*p])
			p++;
		if (p >= end || (unsigned char)*p < 0x20)
			return NULL;
		if (*p == '"')
			break;
		if (end - p < 2)
			return NULL;
		v->esc = 1;
		switch (p[1]) {
		case '"': case '\\': case 'b': case 'f': case 'n': case 'r':
		case 't':
			p += 2;
			break;
		case 'u':
			if (!canon_u(p, end))
				return NULL;
			p += 6;
			break;
		default:
			return NULL;
		}
	}
	v->type = 's';
	v->p = s;
	v->n = (size_t)(p - s);
	return p + 1;
}

/* Only integers as put_num prints them: no "-0", no leading zero, at
 * most 15 digits (past them it prints an exponent).  A fraction or an
 * exponent is refused by the caller, which sees '.' or 'e' next. */
static const char *
cnumber(const char *p, const char *end, struct tw_jspan *v)
{
	const char *s = p, *d;

	if (p < end && *p == '-')
		p++;
	d = p;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p == d || p - d > 15 || (*d == '0' && (p - d > 1 || d > s)))
		return NULL;
	v->type = 'n';
	v->p = s;
	v->n = (size_t)(p - s);
	return p;
}

static const char *cvalue(const char *p, const char *end,
    struct tw_jspan *v, int depth);

/* An object or array without white space; at depth 0 the members asked
 * for (the first of each name, as cJSON finds them). */
static const char *
ccontainer(const char *p, const char *end, const char *const *keys,
    const size_t *klen, int nkeys, struct tw_jspan *out, int depth)
{
	char close = *p == '{' ? '}' : ']';
	struct tw_jspan k, x;
	int i;

	if (depth > MAX_DEPTH || ++p >= end)
		return NULL;
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (*p != '"' || !(p = cstring(p, end, &k)) ||
			    p >= end || *p != ':')
				return NULL;
			if (!(p = cvalue(p + 1, end, &x, depth + 1)))
				return NULL;
			for (i = 0; i < nkeys; i++)
				if (!out[i].type && klen[i] == k.n && !k.esc &&
				    !memcmp(keys[i], k.p, k.n)) {
					out[i] = x;
					break;
				}
		} else if (!(p = cvalue(p, end, &x, depth + 1)))
			return NULL;
		if (p >= end)
			return NULL;
		if (*p == close)
			return p + 1;
		if (*p != ',' || ++p >= end)
			return NULL;
	}
}

static const char *
cvalue(const char *p, const char *end, struct tw_jspan *v, int depth)
{
	if (p >= end)
		return NULL;
	switch (*p) {
	case '"': return cstring(p, end, v);
	case '{': case '[':
		v->type = *p == '{' ? 'o' : 'a';
		v->p = p;
		v->esc = 0;
		p = ccontainer(p, end, NULL, NULL, 0, NULL, depth);
		if (p)
			v->n = (size_t)(p - v->p);
		return p;
	case 't': return literal(p, end, "true", 't', v);
	case 'f': return literal(p, end, "false", 'f', v);
	case 'n': return literal(p, end, "null", 'z', v);
	default: return cnumber(p, end, v);
	}
}

int
tw_js_canonical(const char *p, const char *end, const char *const *keys,
    int nkeys, struct tw_jspan *out)
{
	size_t klen[32];
	int i;

	if (nkeys > 32)
		return -1;
	stop_init();
	for (i = 0; i < nkeys; i++)
		klen[i] = strlen(keys[i]);
	memset(out, 0, (size_t)nkeys * sizeof *out);
	if (p >= end || *p != '{' ||
	    ccontainer(p, end, keys, klen, nkeys, out, 0) != end)
		return -1;
	return 0;
}
