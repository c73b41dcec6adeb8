/* sentint.h - what lib/sentiment.c shares with lib/sentcjk.c, the
 * scorer for languages written without spaces; not for other callers. */
#ifndef TW_SENTINT_H
#define TW_SENTINT_H

#include <stddef.h>

#include "sentiment.h"

#define NEG_SCALAR -0.74

struct tw_lexicon {
	const struct tw_lexent **slot;
	unsigned *hv;                   /* each slot's hash */
	size_t cap, n;
	struct tw_lexent **own;         /* entries added at run time */
	size_t nown, capown;
	int maxwords;
	unsigned elide : 1;     /* split l'appli when not an entry */
	unsigned nospace : 1;   /* Japanese: lib/sentcjk.c scores it */
};

/* UTF-8: the code point at s (n bytes left) and its length. */
static inline long
decode(const unsigned char *s, size_t n, int *len)
{
	long c = s[0];
	int k, i;

	if (c < 0x80 || n < 2) {
		*len = 1;
		return c;
	}
	k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if ((size_t)k > n || k == 1) {
		*len = 1;
		return c;
	}
	c &= 0x3f >> (k - 1);
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return s[0];
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	*len = k;
	return c;
}

static inline int
is_emoji(long c)
{
	return (c >= 0x1f000 && c <= 0x1faff && !(c >= 0x1f3fb &&
	    c <= 0x1f3ff)) || (c >= 0x2600 && c <= 0x27bf) || c == 0x2b50 ||
	    c == 0x2b55;
}

/* Joiners and modifiers inside emoji sequences: dropped. */
static inline int
is_emoji_mod(long c)
{
	return c == 0xfe0f || c == 0x200d || (c >= 0x1f3fb && c <= 0x1f3ff);
}

static inline int
is_space(long c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xa0 ||
	    c == 0x3000 || (c >= 0x2000 && c <= 0x200b);
}

/* Full-width "!" and "?" count as "!" and "?". */
static inline int
is_excl(long c)
{
	return c == '!' || c == 0xff01;
}

static inline int
is_quest(long c)
{
	return c == '?' || c == 0xff1f;
}

/* The compound score of a text in a language without spaces. */
double tw_sentiment_nospace(const struct tw_lexicon *lx, const char *text,
    tw_sentiment_hit_fn hit, void *ctx);

#endif
