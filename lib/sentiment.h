/* sentiment.h - lexicon-based sentiment for short care texts
 *
 * A VADER-style scorer (valences summed over words and phrases, with
 * negation, intensifiers, "but", capitals, "!!!", emoji and emoticons,
 * elongations like "sooo") over a lexicon held in an open-addressing
 * hash.  The English lexicon is VADER's with tw's care lexicon on top
 * (lib/lexicon/), compiled in (lib/lexicon_en.c); es fr de pt it ja have
 * tw's own care lexicons (lib/lexicon_intl.c).  Japanese, written
 * without spaces, is scored by longest match with negation after the
 * term (lib/sentcjk.c).
 */
#ifndef TW_SENTIMENT_H
#define TW_SENTIMENT_H

#include "util.h"

enum { TW_LEX_VALENCE, TW_LEX_BOOST, TW_LEX_NEGATE };

struct tw_lexent {
	const char *term;       /* lower case; a phrase has single spaces */
	float val;              /* valence -4..4, or the booster's scalar */
	unsigned char kind;     /* TW_LEX_* */
};

extern const struct tw_lexent tw_lexicon_en[];  /* ends with term NULL */
/* tw's own care lexicons (lib/lexicon/care_LANG.txt, lib/lexicon_intl.c) */
extern const struct tw_lexent tw_lexicon_es[], tw_lexicon_fr[],
    tw_lexicon_de[], tw_lexicon_pt[], tw_lexicon_it[], tw_lexicon_ja[];

struct tw_lexicon;

/* An empty lexicon, or the built-in one for lang: "en", or "es", "fr",
 * "de", "pt", "it", "ja" (tw's care lexicon with the English emoji and
 * emoticons); NULL for any other language. */
struct tw_lexicon *tw_lexicon_new(void);
struct tw_lexicon *tw_lexicon_builtin(const char *lang);
void tw_lexicon_free(struct tw_lexicon *lx);

/* Add or replace one entry (the term is copied and lower-cased). */
void tw_lexicon_add(struct tw_lexicon *lx, const char *term, double val,
    int kind);
/* Lines "TERM<TAB>VALUE", VALUE a number, "negate" or "boost N"; "#"
 * comments and blank lines ignored.  0, or -1 after a warning
 * "prog: FILE:LINE: ...". */
int tw_lexicon_load(struct tw_lexicon *lx, const char *path);
/* The entry for term[0..len) (lower case), or NULL. */
const struct tw_lexent *tw_lexicon_get(const struct tw_lexicon *lx,
    const char *term, size_t len);
size_t tw_lexicon_size(const struct tw_lexicon *lx);

/* Call fn for every entry found in text, words and phrases, longest
 * first, as the scorer finds them. */
typedef void (*tw_lexicon_scan_fn)(const struct tw_lexent *e, void *ctx);
void tw_lexicon_scan(const struct tw_lexicon *lx, const char *text,
    tw_lexicon_scan_fn fn, void *ctx);

/* Compound score of a text, -1..1.  A term hit is reported to hit (if
 * not NULL) with its contribution before normalisation. */
typedef void (*tw_sentiment_hit_fn)(const char *term, double val, void *ctx);
double tw_sentiment(const struct tw_lexicon *lx, const char *text,
    tw_sentiment_hit_fn hit, void *ctx);

/* "negative" (score <= -TW_SENTIMENT_BAND), "positive" (>= the band) or
 * "neutral". */
#define TW_SENTIMENT_BAND 0.05
const char *tw_sentiment_label(double score);

/* Call fn for each word of text as the scorer splits it: at white
 * space and emoji, emoji, @mentions and links left out.  The word is
 * as written (not lower-cased, punctuation kept), not NUL-terminated. */
typedef void (*tw_word_fn)(const char *w, size_t len, void *ctx);
void tw_words(const char *text, tw_word_fn fn, void *ctx);

#endif
