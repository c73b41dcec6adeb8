/* kbint.h - the knowledge base's insides, shared by kb.c (the files)
 * and kbrank.c (the index and the ranking); not for other files */
#ifndef TW_KBINT_H
#define TW_KBINT_H

#include "kb.h"

/* A term of one answer: its weighted frequency over the fields, and
 * which fields hold it (1 title, 2 keywords, 4 body). */
struct kb_tf {
	char *t;
	double tf;
	unsigned fields;
};

/* An answer's index: its terms sorted, its weighted length. */
struct kb_doc {
	struct kb_tf *tf;
	size_t ntf;
	double len;
};

/* A term's document frequency. */
struct kb_df {
	char *t;
	unsigned df;
};

struct tw_kb {
	struct tw_kb_answer **a;
	size_t n, cap;
	struct tw_kb_params p;
	int built;              /* the index below is for a[0..n) */
	struct kb_doc *doc;
	struct kb_df *df;
	size_t ndf;
	double avglen;
};

void tw_kb_index_free(struct tw_kb *kb);
/* kbcross.c: the English words of the care glossary that text, in
 * language lang (not English), holds, each given to fn as a term with
 * its share of the customer's word it translates (1/n for one of n). */
void tw_kb_cross(const char *lang, const char *text,
    void (*fn)(const char *term, double share, void *ctx), void *ctx);

#endif
