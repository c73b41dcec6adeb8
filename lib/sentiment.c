/* sentiment.c - lexicon-based sentiment (sentiment.h)
 *
 * The scoring follows the published VADER method (Hutto and Gilbert,
 * ICWSM 2014): valences on -4..4 summed, a word negated when one of the
 * three words before it negates (x -0.74), intensifiers within three
 * words (0.293, fading 5% a word), an all-caps word in mixed text
 * (+0.733), "but" (x0.5 before, x1.5 after), "!" and "?" emphasis, and
 * the sum normalised as x / sqrt(x^2 + 15).  Written for tw; on top of
 * it: phrases of up to four words, emoji split from words, elongations
 * ("sooo", "loooove") looked up collapsed and counted as an intensifier.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sentiment.h"
#include "sentint.h"
#include "ndjson.h"

#define MAXWORDS 4
#define CAPS_INCR 0.733
#define BOOST_FADE 0.05

struct tok {
	const char *w;          /* lower case, punctuation stripped */
	size_t len;
	unsigned caps : 1;      /* ALL CAPS in the text */
	unsigned skip : 1;      /* mention, URL, nothing left */
	unsigned inphrase : 1;  /* in a phrase that began with a negation */
};

static unsigned
hash(const char *s, size_t n)
{
	unsigned h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static size_t
find(const struct tw_lexicon *lx, const char *s, size_t n, unsigned h)
{
	size_t i = h & (lx->cap - 1);

	while (lx->slot[i] && (lx->hv[i] != h || strncmp(lx->slot[i]->term,
	    s, n) || lx->slot[i]->term[n]))
		i = (i + 1) & (lx->cap - 1);
	return i;
}

static void
grow(struct tw_lexicon *lx)
{
	const struct tw_lexent **old = lx->slot;
	unsigned *oldh = lx->hv;
	size_t i, j, ocap = lx->cap;

	lx->cap = ocap ? ocap * 2 : 1024;
	lx->slot = xcalloc(lx->cap, sizeof *lx->slot);
	lx->hv = xcalloc(lx->cap, sizeof *lx->hv);
	for (i = 0; i < ocap; i++)
		if (old[i]) {
			j = find(lx, old[i]->term, strlen(old[i]->term),
			    oldh[i]);
			lx->slot[j] = old[i];
			lx->hv[j] = oldh[i];
		}
	free(old);
	free(oldh);
}

static void
put(struct tw_lexicon *lx, const struct tw_lexent *e)
{
	const char *p;
	size_t i;
	unsigned h;
	int words = 1;

	if ((lx->n + 1) * 2 > lx->cap)
		grow(lx);
	h = hash(e->term, strlen(e->term));
	i = find(lx, e->term, strlen(e->term), h);
	if (!lx->slot[i])
		lx->n++;
	lx->slot[i] = e;
	lx->hv[i] = h;
	for (p = e->term; *p; p++)
		words += *p == ' ';
	if (words > lx->maxwords)
		lx->maxwords = words > MAXWORDS ? MAXWORDS : words;
}

struct tw_lexicon *
tw_lexicon_new(void)
{
	struct tw_lexicon *lx = xcalloc(1, sizeof *lx);

	grow(lx);
	return lx;
}

/* An English entry that carries across languages: an emoji, or an
 * emoticon (ASCII with no letter: ":-(", "<3"). */
static int
is_symbol_entry(const char *term)
{
	const unsigned char *s = (const unsigned char *)term;
	int len;

	if (*s >= 0x80)
		return is_emoji(decode(s, strlen(term), &len));
	for (; *s; s++)
		if (*s >= 0x80 || (*s >= 'a' && *s <= 'z'))
			return 0;
	return 1;
}

static const struct builtin {
	const char *lang;
	const struct tw_lexent *ent;
	unsigned elide : 1, nospace : 1;
} builtins[] = {
	{ "en", tw_lexicon_en, 0, 0 }, { "es", tw_lexicon_es, 0, 0 },
	{ "fr", tw_lexicon_fr, 1, 0 }, { "de", tw_lexicon_de, 0, 0 },
	{ "pt", tw_lexicon_pt, 0, 0 }, { "it", tw_lexicon_it, 1, 0 },
	{ "ja", tw_lexicon_ja, 0, 1 }
};

struct tw_lexicon *
tw_lexicon_builtin(const char *lang)
{
	struct tw_lexicon *lx;
	const struct tw_lexent *e;
	const struct builtin *b;

	for (b = builtins; lang && b < builtins + sizeof builtins /
	    sizeof builtins[0]; b++)
		if (!strcasecmp(b->lang, lang))
			break;
	if (!lang || b == builtins + sizeof builtins / sizeof builtins[0])
		return NULL;
	lx = tw_lexicon_new();
	lx->elide = b->elide;
	lx->nospace = b->nospace;
	if (b->ent != tw_lexicon_en)
		for (e = tw_lexicon_en; e->term; e++)
			if (is_symbol_entry(e->term))
				put(lx, e);
	for (e = b->ent; e->term; e++)
		put(lx, e);
	return lx;
}

void
tw_lexicon_free(struct tw_lexicon *lx)
{
	size_t i;

	if (!lx)
		return;
	for (i = 0; i < lx->nown; i++) {
		free((char *)(uintptr_t)lx->own[i]->term);
		free(lx->own[i]);
	}
	free(lx->own);
	free(lx->slot);
	free(lx->hv);
	free(lx);
}

void
tw_lexicon_add(struct tw_lexicon *lx, const char *term, double val, int kind)
{
	struct tw_lexent *e = xmalloc(sizeof *e);
	char *t = xstrdup(term), *p;

	for (p = t; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	e->term = t;
	e->val = (float)val;
	e->kind = (unsigned char)kind;
	if (lx->nown == lx->capown) {
		lx->capown = lx->capown ? lx->capown * 2 : 64;
		lx->own = xrealloc(lx->own, lx->capown * sizeof *lx->own);
	}
	lx->own[lx->nown++] = e;
	put(lx, e);
}

int
tw_lexicon_load(struct tw_lexicon *lx, const char *path)
{
	tw_reader r;
	char *line, *tab, *end;
	double v;
	int kind, rv = 0;

	if (tw_reader_open(&r, path) < 0)
		return -1;
	while ((line = tw_reader_line(&r))) {
		if (!*line || *line == '#')
			continue;
		if (!(tab = strchr(line, '\t')) || tab == line) {
			tw_warn_at(&r.loc, "expected TERM<TAB>VALUE");
			rv = -1;
			break;
		}
		*tab++ = '\0';
		kind = TW_LEX_VALENCE;
		v = 0;
		if (!strcmp(tab, "negate"))
			kind = TW_LEX_NEGATE;
		else {
			if (!strncmp(tab, "boost ", 6)) {
				kind = TW_LEX_BOOST;
				tab += 6;
			}
			v = strtod(tab, &end);
			if (end == tab || *end || v < -4 || v > 4) {
				tw_warn_at(&r.loc, "bad value '%s' (a number "
				    "-4..4, \"negate\" or \"boost N\")", tab);
				rv = -1;
				break;
			}
		}
		tw_lexicon_add(lx, line, v, kind);
	}
	if (r.error || r.bad)
		rv = -1;
	tw_reader_close(&r);
	return rv;
}

const struct tw_lexent *
tw_lexicon_get(const struct tw_lexicon *lx, const char *term, size_t len)
{
	return lx->slot[find(lx, term, len, hash(term, len))];
}

size_t
tw_lexicon_size(const struct tw_lexicon *lx)
{
	return lx->n;
}

static int
is_punct(int c)
{
	return c < 0x80 && c > ' ' && !(c >= 'a' && c <= 'z') &&
	    !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9');
}

/* Finish the token raw[0..n) into out: lower case, punctuation stripped
 * from the ends (unless the whole token is a lexicon entry: ":-(",
 * "10/10"), ’ made '.  Returns its length in out. */
static size_t
word(const struct tw_lexicon *lx, const char *raw, size_t n, char *out,
    struct tok *t)
{
	size_t i, o = 0, up = 0, letters = 0;
	const char *s = raw, *e = raw + n;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (c == 0xe2 && i + 2 < n && raw[i + 1] == '\x80' &&
		    raw[i + 2] == '\x99') {
			out[o++] = '\'';
			i += 2;
			continue;
		}
		if (c >= 'A' && c <= 'Z') {
			up++;
			letters++;
			c += 'a' - 'A';
		} else if (c >= 'a' && c <= 'z')
			letters++;
		else if (c == 0xc3 && i + 1 < n &&
		    (unsigned char)raw[i + 1] >= 0x80 &&
		    (unsigned char)raw[i + 1] <= 0x9e &&
		    (unsigned char)raw[i + 1] != 0x97) {
			/* À..Þ (not ×) to à..þ */
			out[o++] = (char)c;
			out[o++] = (char)(raw[++i] + 0x20);
			continue;
		}
		out[o++] = (char)c;
	}
	t->caps = letters >= 2 && up == letters;
	if (tw_lexicon_get(lx, out, o))
		return o;
	/* strip the ends, on the lower-cased copy */
	s = out;
	e = out + o;
	while (s < e && is_punct((unsigned char)*s))
		s++;
	while (e > s && is_punct((unsigned char)e[-1]))
		e--;
	memmove(out, s, (size_t)(e - s));
	return (size_t)(e - s);
}

/* French and Italian elisions: "l'appli" (not an entry) is made two
 * tokens, "l'" and "appli", in place; t has room for one more.  1 when
 * split, 0 if not. */
static int
elide(const struct tw_lexicon *lx, struct tok *t)
{
	size_t k;

	if (tw_lexicon_get(lx, t->w, t->len))
		return 0;
	for (k = 1; k < t->len && k <= 4; k++)
		if (t->w[k] == '\'')
			break;
	if (k > 4 || k + 1 >= t->len)
		return 0;
	t[1] = t[0];
	t[0].len = k + 1;
	t[1].w += k + 1;
	t[1].len -= k + 1;
	return 1;
}

/* Split text into tokens; words are written into buf. */
static size_t
tokenize(const struct tw_lexicon *lx, const char *text, char *buf,
    struct tok *tok, int *nexcl, int *nq)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0, nt = 0, start;
	int len;
	long c;

	*nexcl = *nq = 0;
	while (i < n) {
		c = decode(s + i, n - i, &len);
		if (is_space(c) || is_emoji_mod(c)) {
			i += (size_t)len;
			continue;
		}
		if (is_emoji(c)) {
			memcpy(buf, s + i, (size_t)len);
			tok[nt].w = buf;
			tok[nt].len = (size_t)len;
			tok[nt].caps = tok[nt].skip = tok[nt].inphrase = 0;
			buf += len;
			nt++;
			i += (size_t)len;
			continue;
		}
		start = i;
		while (i < n) {
			c = decode(s + i, n - i, &len);
			if (is_space(c) || is_emoji(c) || is_emoji_mod(c))
				break;
			if (is_excl(c))
				(*nexcl)++;
			else if (is_quest(c))
				(*nq)++;
			i += (size_t)len;
		}
		tok[nt].skip = s[start] == '@' || !strncmp(text + start,
		    "http", 4) || !strncmp(text + start, "www.", 4);
		tok[nt].w = buf;
		tok[nt].inphrase = 0;
		tok[nt].len = word(lx, text + start, i - start, buf, &tok[nt]);
		if (!tok[nt].len)
			tok[nt].skip = 1;
		buf += tok[nt].len;
		if (lx->elide && !tok[nt].skip)
			nt += (size_t)elide(lx, &tok[nt]);
		nt++;
	}
	return nt;
}

/* The scorer's split of text into words, for other readers of text
 * (tw-suggest's retrieval, lib/kb.c): at white space and emoji, with
 * emoji, @mentions and links left out. */
void
tw_words(const char *text, tw_word_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0, start;
	int len;
	long c;

	while (i < n) {
		c = decode(s + i, n - i, &len);
		if (is_space(c) || is_emoji_mod(c) || is_emoji(c)) {
			i += (size_t)len;
			continue;
		}
		start = i;
		while (i < n) {
			c = decode(s + i, n - i, &len);
			if (is_space(c) || is_emoji(c) || is_emoji_mod(c))
				break;
			i += (size_t)len;
		}
		if (s[start] != '@' && strncmp(text + start, "http", 4) &&
		    strncmp(text + start, "www.", 4))
			fn(text + start, i - start, ctx);
	}
}

/* The longest entry starting at token i: *m tokens; *elong when found
 * by collapsing an elongation. */
static const struct tw_lexent *
match(const struct tw_lexicon *lx, const struct tok *tok, size_t nt,
    size_t i, size_t *m, int *elong)
{
	char key[256], col[256];
	const struct tw_lexent *e;
	size_t k, j, o, n;

	*elong = 0;
	for (k = (size_t)lx->maxwords; k >= 2; k--) {
		if (i + k > nt)
			continue;
		o = 0;
		for (j = i; j < i + k; j++) {
			if (tok[j].skip || o + tok[j].len + 1 >= sizeof key)
				break;
			if (o && key[o - 1] != '\'')   /* "d'" "internet" */
				key[o++] = ' ';
			memcpy(key + o, tok[j].w, tok[j].len);
			o += tok[j].len;
		}
		if (j < i + k)
			continue;
		if ((e = tw_lexicon_get(lx, key, o))) {
			*m = k;
			return e;
		}
	}
	*m = 1;
	if ((e = tw_lexicon_get(lx, tok[i].w, tok[i].len)))
		return e;
	/* "sooo", "loooove": runs of three or more, to two, then to one */
	n = tok[i].len;
	if (n >= sizeof col)
		return NULL;
	for (k = 2; k >= 1; k--) {
		int changed = 0;
		o = 0;
		for (j = 0; j < n; j++) {
			size_t r = 1;
			while (j + r < n && tok[i].w[j + r] == tok[i].w[j])
				r++;
			if (r >= 3 && tok[i].w[j] >= 'a' && tok[i].w[j] <= 'z') {
				memset(col + o, tok[i].w[j], k);
				o += k;
				changed = 1;
			} else {
				memcpy(col + o, tok[i].w + j, r);
				o += r;
			}
			j += r - 1;
		}
		if (!changed)
			return NULL;
		if ((e = tw_lexicon_get(lx, col, o))) {
			*elong = 1;
			return e;
		}
	}
	return NULL;
}

void
tw_lexicon_scan(const struct tw_lexicon *lx, const char *text,
    tw_lexicon_scan_fn fn, void *ctx)
{
	size_t n = strlen(text), nt, i, m;
	struct tok *tok;
	char *buf;
	const struct tw_lexent *e;
	int nexcl, nq, elong;

	tok = xmalloc((n + 1) * sizeof *tok);
	buf = xmalloc(n + 1);
	nt = tokenize(lx, text, buf, tok, &nexcl, &nq);
	for (i = 0; i < nt; i += m) {
		m = 1;
		if (!tok[i].skip && (e = match(lx, tok, nt, i, &m, &elong)))
			fn(e, ctx);
	}
	free(tok);
	free(buf);
}

static double
sign(double v)
{
	return v < 0 ? -1 : 1;
}

/* The valence v of the term at tok[i] (m tokens), with the negation
 * and intensifiers among the three words before.  A phrase that begins
 * with its own negation ("no llegó") is not negated again ("n'est jamais
 * arrivée"), nor do its words negate what follows ("nadie me atiende,
 * una vergüenza"). */
static double
before(const struct tw_lexicon *lx, const struct tok *tok, size_t i,
    size_t m, double v, int capdiff)
{
	const struct tw_lexent *pe;
	size_t prev[3], np, j, d;
	double s;
	int neg = 0;

	for (np = 0, j = i; j > 0 && np < 3; j--)
		if (!tok[j - 1].skip && !tok[j - 1].inphrase)
			prev[np++] = j - 1;
	for (d = 0; d < np; d++) {
		pe = tw_lexicon_get(lx, tok[prev[d]].w, tok[prev[d]].len);
		if (!pe)
			continue;
		if (pe->kind == TW_LEX_NEGATE)
			neg = 1;
		else if (pe->kind == TW_LEX_BOOST) {
			s = pe->val * sign(v);
			if (tok[prev[d]].caps && capdiff)
				s += sign(s) * CAPS_INCR;
			v += s * (1 - BOOST_FADE * (double)d);
		}
	}
	if (neg && m > 1 && (pe = tw_lexicon_get(lx, tok[i].w, tok[i].len)) &&
	    pe->kind == TW_LEX_NEGATE)
		neg = 0;
	return neg ? v * NEG_SCALAR : v;
}

double
tw_sentiment(const struct tw_lexicon *lx, const char *text,
    tw_sentiment_hit_fn hit, void *ctx)
{
	size_t n = strlen(text), nt, i, m, j;
	struct tok *tok;
	char *buf;
	double sum = 0, emph, v;
	const struct tw_lexent *e;
	int nexcl, nq, elong, capdiff, ncaps = 0, nwords = 0;
	size_t but = (size_t)-1;

	if (lx->nospace)
		return tw_sentiment_nospace(lx, text, hit, ctx);
	tok = xmalloc((n + 1) * sizeof *tok);
	buf = xmalloc(n + 1);
	nt = tokenize(lx, text, buf, tok, &nexcl, &nq);
	for (i = 0; i < nt; i++) {
		if (tok[i].skip)
			continue;
		nwords++;
		ncaps += tok[i].caps;
		if (but == (size_t)-1 && tok[i].len == 3 &&
		    !memcmp(tok[i].w, "but", 3))
			but = i;
	}
	capdiff = ncaps > 0 && ncaps < nwords;

	for (i = 0; i < nt; i += m) {
		m = 1;
		if (tok[i].skip)
			continue;
		if (!(e = match(lx, tok, nt, i, &m, &elong)) ||
		    e->kind != TW_LEX_VALENCE || e->val == 0)
			continue;
		v = e->val;
		for (j = i; j < i + m; j++)
			if (tok[j].caps && capdiff) {
				v += sign(v) * CAPS_INCR;
				break;
			}
		if (elong)
			v += sign(v) * 0.293;
		v = before(lx, tok, i, m, v, capdiff);
		/* a phrase that has used its negation: "nadie me atiende" */
		for (j = i; m > 1 && j < i + m && (e = tw_lexicon_get(lx,
		    tok[i].w, tok[i].len)) && e->kind == TW_LEX_NEGATE; j++)
			tok[j].inphrase = 1;
		if (but != (size_t)-1)
			v *= i < but ? 0.5 : i > but ? 1.5 : 1;
		sum += v;
		if (hit) {
			char key[256];
			size_t o = 0;
			for (j = i; j < i + m && o + tok[j].len + 1 < sizeof key;
			    j++) {
				if (o)
					key[o++] = ' ';
				memcpy(key + o, tok[j].w, tok[j].len);
				o += tok[j].len;
			}
			key[o] = '\0';
			hit(key, v, ctx);
		}
	}
	if (sum != 0) {
		emph = (nexcl > 4 ? 4 : nexcl) * 0.292;
		if (nq > 1)
			emph += nq <= 3 ? nq * 0.18 : 0.96;
		sum += sign(sum) * emph;
	}
	free(tok);
	free(buf);
	v = sum / sqrt(sum * sum + 15);
	return v < -1 ? -1 : v > 1 ? 1 : v;
}

const char *
tw_sentiment_label(double score)
{
	if (score <= -TW_SENTIMENT_BAND)
		return "negative";
	if (score >= TW_SENTIMENT_BAND)
		return "positive";
	return "neutral";
}
