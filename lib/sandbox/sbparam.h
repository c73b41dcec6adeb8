/* sbparam.h - a request's parameters decoded and checked the way X
 * checks them, and pagination tokens (sbparam.c; the parameters and
 * rendering layer, lib/sandbox/README). */
#ifndef TW_SBPARAM_H
#define TW_SBPARAM_H

#include <stdint.h>
#include <time.h>

#include "sbanswer.h"
#include "sbrender.h"

struct sb_pspec {
	const char *allowed;            /* space-separated parameter names */
	int xkind;                      /* which expansions */
	int min, max, def;              /* max_results */
	int token_min;                  /* pagination token minimum length */
};
/* Validate r->query against spec; collects every problem in the X shape
 * and answers 400 on w.  Fills f.  0 or -1. */
int sb_params(struct sb_req *r, struct sb_resp *w, const struct sb_pspec *p,
    struct sb_fields *f);
/* r's parameters: r->query from query (the target after its '?', or
 * NULL), r->form from an urlencoded body; each a=b&c=d decoded ('+' a
 * space), in order. */
void sb_req_params(struct sb_req *r, const char *query);
/* The time in query parameter k (checked by sb_params): 1 when it is
 * there, with *t set, else 0. */
int sb_query_time(const struct sb_req *r, const char *k, time_t *t);
/* Is word (not empty) an item of list, items separated by sep? */
int sb_list_has(const char *list, int sep, const char *word);
char *sb_token_make(uint64_t n);
int sb_token_parse(const char *s, uint64_t *n);

#endif
