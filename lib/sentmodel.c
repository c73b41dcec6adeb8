/* sentmodel.c - the care sentiment model's features and scores; the
 * features are lib/train-sentiment.py's (see there), to the byte. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sentmodel.h"

#define FNV_OFF 2166136261u
#define NTOP 3

static uint32_t
fnv(uint32_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

struct acc {
	double z[3];            /* sums of weights */
	size_t n;               /* features */
	uint32_t mask;
	const char *tw[NTOP];   /* the top words for the wanted direction */
	size_t tl[NTOP];
	double tv[NTOP];
	int ntop;
};

static void
add(struct acc *a, uint32_t h)
{
	const signed char *w = tw_sentmodel_w + 3 * (size_t)(h & a->mask);

	a->z[0] += w[0];
	a->z[1] += w[1];
	a->z[2] += w[2];
	a->n++;
}

static int
wordbyte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '\'' || c >= 0x80;
}

static int
space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/* The words of the lower-cased token p[1..n-1) (p is " TOKEN "), each
 * pair with the previous word (*pw, *pl) and its character n-grams. */
static void
token(struct acc *a, const char *p, size_t n, const char **pw, size_t *pl)
{
	size_t i = 1, j, k;

	while (i < n - 1) {
		if (!wordbyte((unsigned char)p[i])) {
			i++;
			continue;
		}
		for (j = i; j < n - 1 && wordbyte((unsigned char)p[j]); j++)
			;
		add(a, fnv(fnv(FNV_OFF, "w|", 2), p + i, j - i));
		if (*pw)
			add(a, fnv(fnv(fnv(fnv(FNV_OFF, "b|", 2), *pw, *pl),
			    "|", 1), p + i, j - i));
		*pw = p + i;
		*pl = j - i;
		i = j;
	}
	for (k = 3; k <= 5; k++)
		for (i = 0; i + k <= n; i++)
			add(a, fnv(fnv(FNV_OFF, "c|", 2), p + i, k));
}

/* The text lower-cased, each kept token as " TOKEN " (NUL-separated
 * runs: "\0 tok \0 tok2 \0"), into buf; the feature sums into a. */
static size_t
scan(struct acc *a, const char *text, char *buf)
{
	const unsigned char *s = (const unsigned char *)text;
	const char *pw = NULL;
	size_t pl = 0, o = 0, st, n;

	while (*s) {
		while (*s && space(*s))
			s++;
		if (!*s)
			break;
		st = o;
		buf[o++] = ' ';
		for (; *s && !space(*s); s++)
			buf[o++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
		buf[o++] = ' ';
		n = o - st;
		buf[o++] = '\0';
		if (buf[st + 1] == '@' || (n >= 6 &&
		    !memcmp(buf + st + 1, "http", 4)))
			continue;
		token(a, buf + st, n, &pw, &pl);
	}
	add(a, fnv(FNV_OFF, "bias", 4));
	return o;
}

/* Keep the word p[0..n) if it is among the NTOP largest v. */
static void
keep_top(struct acc *a, const char *p, size_t n, double v)
{
	int i, j;

	for (i = 0; i < a->ntop; i++)
		if (a->tl[i] == n && !memcmp(a->tw[i], p, n))
			return;
	for (i = 0; i < a->ntop && a->tv[i] >= v; i++)
		;
	if (i == NTOP)
		return;
	if (a->ntop < NTOP)
		a->ntop++;
	for (j = a->ntop - 1; j > i; j--) {
		a->tw[j] = a->tw[j - 1];
		a->tl[j] = a->tl[j - 1];
		a->tv[j] = a->tv[j - 1];
	}
	a->tw[i] = p;
	a->tl[i] = n;
	a->tv[i] = v;
}

/* The words of buf (scan's) whose weight pushes most towards cls:
 * positive minus negative, or its opposite. */
static void
top_words(struct acc *a, const char *buf, size_t len, int cls)
{
	size_t i = 0, j;
	const signed char *w;
	double v;

	while (i < len) {
		if (!wordbyte((unsigned char)buf[i])) {
			i++;
			continue;
		}
		for (j = i; j < len && wordbyte((unsigned char)buf[j]); j++)
			;
		w = tw_sentmodel_w + 3 * (size_t)(fnv(fnv(FNV_OFF, "w|", 2),
		    buf + i, j - i) & a->mask);
		v = (double)w[TW_SM_POS] - w[TW_SM_NEG];
		if (cls == TW_SM_NEG)
			v = -v;
		if (v > 0)
			keep_top(a, buf + i, j - i, v);
		i = j;
	}
}

static int
kept(const char *buf, size_t st)
{
	return !(buf[st + 1] == '@' || !strncmp(buf + st + 1, "http", 4));
}

/* The top words into out, from the kept tokens of buf only. */
static void
explain(struct acc *a, char *buf, size_t len, int cls, char *out,
    size_t outsz)
{
	size_t st = 0, e, o = 0;
	int i;

	while (st < len) {
		e = st + strlen(buf + st);
		if (kept(buf, st))
			top_words(a, buf + st, e - st, cls);
		st = e + 1;
	}
	out[0] = '\0';
	for (i = 0; i < a->ntop && o + a->tl[i] + 2 < outsz; i++) {
		if (o)
			out[o++] = ',';
		memcpy(out + o, a->tw[i], a->tl[i]);
		o += a->tl[i];
		out[o] = '\0';
	}
}

int
tw_sentmodel(const char *text, double lex, double p[3], char *top,
    size_t topsz)
{
	struct acc a = { { 0 } };
	size_t len = strlen(text), blen;
	char *buf = malloc(2 * len + 4);
	double m, s = 0, v, lf[3];
	int c, k, best = 0;

	if (!buf)
		abort();
	a.mask = (1u << tw_sentmodel_bits) - 1;
	blen = scan(&a, text, buf);
	v = 1 / sqrt((double)a.n);
	lf[0] = lex;
	lf[1] = lex <= -0.05;
	lf[2] = lex >= 0.05;
	for (c = 0; c < 3; c++) {
		a.z[c] *= v;
		for (k = 0; k < 3; k++)
			a.z[c] += tw_sentmodel_lex[3 * k + c] * lf[k];
	}
	m = a.z[0];
	for (c = 1; c < 3; c++)
		if (a.z[c] > m)
			m = a.z[c];
	for (c = 0; c < 3; c++)
		s += p[c] = exp((a.z[c] - m) * tw_sentmodel_scale);
	for (c = 0; c < 3; c++) {
		p[c] /= s;
		if (p[c] > p[best])
			best = c;
	}
	if (top && topsz) {
		top[0] = '\0';
		if (best != TW_SM_NEU)
			explain(&a, buf, blen, best, top, topsz);
	}
	free(buf);
	return best;
}

int
tw_sentmodel_knows(const char *lang)
{
	size_t n = lang ? strcspn(lang, "-_") : 0;
	const char *p = tw_sentmodel_langs;

	while (n > 0 && *p) {
		size_t w = strcspn(p, " ");

		if (w == n && !strncasecmp(p, lang, n))
			return 1;
		p += w;
		p += strspn(p, " ");
	}
	return 0;
}

const char *
tw_sentmodel_label(int cls)
{
	return cls == TW_SM_NEG ? "negative" : cls == TW_SM_POS ? "positive" :
	    "neutral";
}
