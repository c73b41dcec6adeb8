/* sentcjk.c - sentiment for languages written without spaces (sentint.h)
 *
 * Japanese has no spaces between words and puts its negation after the
 * verb or noun: "届いていません", "問題なく".  The text is cut at white
 * space (@mentions and links left out); within each piece the longest
 * lexicon entry is taken at each character.  A valence counts as in
 * lib/sentiment.c; a "negate" entry straight after it (up to two
 * characters between) negates it (x -0.74); a "boost" entry adds to the
 * next valence in the same clause; clause punctuation ("。、!?") ends a
 * clause.  "!" and "?" add emphasis as in VADER, full-width ones too.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sentint.h"
#include "util.h"

#define MAXCHARS 16     /* the longest entry tried, in characters */
#define NEG_GAP 2       /* characters allowed between a term and its negation */

struct hitv {
	const char *w;
	size_t len;
	double v;
};

struct cjk {
	const struct tw_lexicon *lx;
	struct hitv *h;
	size_t nh;
	double boost;
	long last;              /* the last valence: index in h, or -1 */
	int gap;                /* characters since it ended */
	int negated;
	int nexcl, nq;
};

static int
is_clause_end(long c)
{
	return c == 0x3002 || c == 0x3001 || c == 0xff0c || c == 0xff0e ||
	    c == '.' || c == ',' || is_excl(c) || is_quest(c) || c == '\n';
}

/* The longest entry at s (n bytes left): its length in bytes, or 0. */
static size_t
longest(const struct tw_lexicon *lx, const char *s, size_t n,
    const struct tw_lexent **e)
{
	size_t end[MAXCHARS], o = 0;
	int k = 0, len;

	while (k < MAXCHARS && o < n) {
		decode((const unsigned char *)s + o, n - o, &len);
		o += (size_t)len;
		end[k++] = o;
	}
	while (k > 0)
		if ((*e = tw_lexicon_get(lx, s, end[--k])))
			return end[k];
	return 0;
}

/* One entry found at s: a valence, a negation or a booster. */
static void
entry(struct cjk *c, const struct tw_lexent *e, const char *s, size_t len)
{
	double v;

	if (e->kind == TW_LEX_NEGATE) {
		if (c->last >= 0 && c->gap <= NEG_GAP && !c->negated) {
			c->h[c->last].v *= NEG_SCALAR;
			c->negated = 1;
		}
		return;
	}
	if (e->kind == TW_LEX_BOOST) {
		c->boost += e->val;
		return;
	}
	if (e->val == 0)
		return;
	v = e->val;
	if (c->boost != 0)
		v += (v < 0 ? -1 : 1) * c->boost;
	c->boost = 0;
	c->h[c->nh].w = s;
	c->h[c->nh].len = len;
	c->h[c->nh].v = v;
	c->last = (long)c->nh++;
	c->gap = 0;
	c->negated = 0;
}

/* Score one piece of text between white space. */
static void
piece(struct cjk *c, const char *s, size_t n)
{
	const struct tw_lexent *e;
	size_t i = 0, m;
	int len;
	long ch;

	while (i < n) {
		if ((m = longest(c->lx, s + i, n - i, &e))) {
			entry(c, e, s + i, m);
			i += m;
			continue;
		}
		ch = decode((const unsigned char *)s + i, n - i, &len);
		if (is_excl(ch))
			c->nexcl++;
		else if (is_quest(ch))
			c->nq++;
		if (is_clause_end(ch)) {
			c->last = -1;
			c->boost = 0;
		}
		c->gap++;
		i += (size_t)len;
	}
}

double
tw_sentiment_nospace(const struct tw_lexicon *lx, const char *text,
    tw_sentiment_hit_fn hit, void *ctx)
{
	struct cjk c;
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0, start, k;
	double sum = 0, emph, v;
	int len;

	memset(&c, 0, sizeof c);
	c.lx = lx;
	c.last = -1;
	c.h = xmalloc((n + 1) * sizeof *c.h);
	while (i < n) {
		if (is_space(decode(s + i, n - i, &len))) {
			i += (size_t)len;
			c.last = -1;
			continue;
		}
		start = i;
		while (i < n && !is_space(decode(s + i, n - i, &len)))
			i += (size_t)len;
		if (s[start] != '@' && strncmp(text + start, "http", 4) &&
		    strncmp(text + start, "www.", 4))
			piece(&c, text + start, i - start);
	}
	for (k = 0; k < c.nh; k++) {
		sum += c.h[k].v;
		if (hit) {
			char *w = xstrndup(c.h[k].w, c.h[k].len);
			hit(w, c.h[k].v, ctx);
			free(w);
		}
	}
	if (sum != 0) {
		emph = (c.nexcl > 4 ? 4 : c.nexcl) * 0.292;
		if (c.nq > 1)
			emph += c.nq <= 3 ? c.nq * 0.18 : 0.96;
		sum += (sum < 0 ? -1 : 1) * emph;
	}
	free(c.h);
	v = sum / sqrt(sum * sum + 15);
	return v < -1 ? -1 : v > 1 ? 1 : v;
}
