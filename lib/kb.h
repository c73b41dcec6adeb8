/* kb.h - the knowledge base of answers, and ranking them for a message
 * (kb.c; the file format is tw-kb(5), the ranking tw-suggest(1))
 *
 * A knowledge base is a directory of Markdown files, one answer each:
 * a header of "key: value" lines between two "---" lines (id, title,
 * queues, intents, languages, keywords), then the body, the answer's
 * text, a macro (macro.h).  Answers are ranked by BM25 over title,
 * keywords and body, the fields' term frequencies weighted and summed
 * (BM25F's simple form), times boosts for the record's queue, intent
 * and language.
 *
 * For the programs that will use it:
 *   tw-suggest    tw_kb_open, then tw_kb_suggest_json per record;
 *   tw-show -l    the same, printing the array it returns;
 *   tw-reply/tw-dm --macro ID
 *                 tw_kb_open, then tw_kb_fill(kb, ID, rec, &ctx, ...)
 *                 with ctx from tw_kb_macro_ctx and keep set to 0: the
 *                 text to send, or a refusal naming the unfilled
 *                 variable or the unknown id.
 */
#ifndef TW_KB_H
#define TW_KB_H

#include <cJSON.h>
#include <stddef.h>

#include "config.h"
#include "macro.h"

/* One answer, as its file says. */
struct tw_kb_answer {
	char *id, *title, *body;
	char **queues, **intents, **langs, **keywords;  /* NULL-ended */
	char *file;             /* the path it was read from */
	unsigned long body_line;        /* the body's first line */
};

struct tw_kb;

/* The ranking's parameters (tw-suggest(1) RANKING); tw_kb_new sets the
 * defaults, a caller may change them before the first ranking. */
struct tw_kb_params {
	double k1, b;                   /* BM25: 1.2, 0.75 */
	double w_title, w_keywords, w_body;     /* field weights */
	double queue, intent, lang;     /* boosts, factors >= 1 */
};

struct tw_kb *tw_kb_new(void);
void tw_kb_free(struct tw_kb *kb);
struct tw_kb_params *tw_kb_params(struct tw_kb *kb);

/* Add one answer file's contents (file names it in diagnostics).  0, or
 * -1 after one warning "prog: FILE:LINE: what" (the file is skipped).
 * Fuzz-safe: any bytes. */
int tw_kb_add(struct tw_kb *kb, const char *file, const char *data,
    size_t n);
/* Add every DIR/ *.md file, in name order (hidden files skipped).  The
 * number of files skipped as bad, or -1 after a warning when dir cannot
 * be read. */
int tw_kb_load_dir(struct tw_kb *kb, const char *dir);
/* tw_kb_new and tw_kb_load_dir: NULL when dir cannot be read; *bad the
 * number of bad files. */
struct tw_kb *tw_kb_open(const char *dir, int *bad);
/* The directory for an account: dir when not NULL, else the account's
 * "kb" key (tw-config(5)), else NULL. */
const char *tw_kb_dir(const struct tw_account *a, const char *dir);

size_t tw_kb_size(const struct tw_kb *kb);
const struct tw_kb_answer *tw_kb_at(const struct tw_kb *kb, size_t i);
const struct tw_kb_answer *tw_kb_get(const struct tw_kb *kb,
    const char *id);

/* A ranked answer: its score and why (the terms that matched, best
 * first, and the boosts: "terms bag, lost; queue baggage; lang en"). */
struct tw_kb_hit {
	const struct tw_kb_answer *a;
	double score;
	char *why;              /* the caller frees */
};

/* The best n answers (at most) for text, with the record's lang, queue
 * and intent (each may be NULL), best first; only answers that share a
 * term with text.  Returns how many were written to hits. */
size_t tw_kb_rank(struct tw_kb *kb, const char *text, const char *lang,
    const char *queue, const char *intent, struct tw_kb_hit *hits,
    size_t n);

/* The macro context for an account: agent NULL (tw_agent_name), the
 * account's user_id for {dm_link}, its "hours" key, keep 1. */
struct tw_macro_ctx tw_kb_macro_ctx(const struct tw_account *a);

/* Answer id's body filled from rec (tw_macro_fill with ctx): its
 * result, or -1 when there is no such answer; *out and *why as
 * tw_macro_fill's *out and *missing, *why "no answer 'ID'" for -1.  The
 * caller frees both. */
int tw_kb_fill(const struct tw_kb *kb, const char *id, const cJSON *rec,
    const struct tw_macro_ctx *ctx, char **out, char **why);

/* The suggestions for record rec (its text, lang, triage.queue,
 * triage.intent): an array of at most n objects {"id", "title", "text",
 * "score", "why"}, "text" the body filled by tw_macro_fill with ctx,
 * and "missing" (an array of names) when some variable was unfilled.
 * An empty array when nothing matches. */
cJSON *tw_kb_suggest_json(struct tw_kb *kb, const cJSON *rec,
    const struct tw_macro_ctx *ctx, size_t n);

/* The words of text as the ranking sees them, for lang (NULL: English):
 * case-folded, accents stripped, stop words dropped, English's plurals
 * made singular.  fn is called with each term, NUL-terminated. */
void tw_kb_terms(const char *text, const char *lang,
    void (*fn)(const char *term, void *ctx), void *ctx);

#endif
