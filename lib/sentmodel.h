/* sentmodel.h - the care sentiment model: a 3-class logistic regression
 * over hashed words, word pairs and character 3-5-grams, trained by
 * lib/train-sentiment.py on VADER's rated tweets and care posts written
 * for tw, its int8 weights compiled in (lib/sentmodel_w.c); it stacks on
 * the lexicon of the text's language, whose score and label are three
 * more features.  The features are described in the script;
 * lib/sentmodel.c computes the same.  The languages it was trained on:
 * tw_sentmodel_langs.
 */
#ifndef TW_SENTMODEL_H
#define TW_SENTMODEL_H

#include <stddef.h>

enum { TW_SM_NEG, TW_SM_NEU, TW_SM_POS };

/* lib/sentmodel_w.c: 3 << bits weights, [bucket][class], times scale */
extern const int tw_sentmodel_bits;
extern const double tw_sentmodel_scale;
extern const signed char tw_sentmodel_w[];
/* the lexicon's score, negative and positive features' weights [3][3] */
extern const double tw_sentmodel_lex[9];
/* the languages of its training data, space-separated ("en es ...") */
extern const char tw_sentmodel_langs[];

/* Whether the model was trained on language lang (a BCP 47 tag: its
 * primary subtag counts, "pt-BR" is "pt"). */
int tw_sentmodel_knows(const char *lang);

/* The class probabilities of text, whose lexicon score (tw_sentiment(),
 * rounded to 1e-3 as tw-triage does) is lex, into p[3] (negative, neutral,
 * positive); returns the most probable class.  When top is not NULL, the
 * words that pushed most towards that class (at most 3, comma-separated,
 * none for neutral) are written there (topsz bytes, NUL-terminated). */
int tw_sentmodel(const char *text, double lex, double p[3], char *top,
    size_t topsz);

/* "negative", "neutral" or "positive" */
const char *tw_sentmodel_label(int cls);

#endif
