/* kbrank.c - the knowledge base's index and ranking: BM25 over title,
 * keywords and body, with boosts (tw-suggest(1) RANKING) */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "kbint.h"
#include "lang.h"
#include "sentiment.h"
#include "util.h"

#define TERM_MAX 64

/* Stop words, in the form terms take (case-folded, accents stripped):
 * the commonest function words of each language, and care's own filler
 * ("hi", "please").  Short on purpose: a word a customer means (no,
 * not, still) stays. */
static const char *const stop_en[] = {
	"a", "about", "after", "again", "all", "am", "an", "and", "any",
	"are", "as", "at", "be", "been", "but", "by", "can", "could", "did",
	"do", "does", "for", "from", "get", "got", "had", "has", "have",
	"he", "her", "hi", "his", "how", "i", "if", "im", "in", "is", "it",
	"its", "just", "me", "my", "of", "on", "or", "our", "please", "she",
	"so", "that", "the", "their", "them", "then", "there", "they",
	"this", "to", "u", "up", "us", "was", "we", "were", "what", "when",
	"where", "which", "who", "why", "will", "with", "would", "you",
	"your", NULL
};
static const char *const stop_es[] = {
	"a", "al", "con", "de", "del", "el", "en", "es", "esta", "este",
	"hola", "la", "las", "le", "lo", "los", "me", "mi", "mis", "por",
	"que", "se", "su", "sus", "te", "tu", "un", "una", "y", "ya", NULL
};
static const char *const stop_fr[] = {
	"a", "au", "aux", "bonjour", "ce", "de", "des", "du", "elle", "en",
	"est", "et", "il", "je", "la", "le", "les", "ma", "me", "mes", "mon",
	"ne", "nous", "on", "ou", "par", "pour", "qui", "que", "sa", "se",
	"ses", "son", "sur", "un", "une", "vous", "votre", "vos", "y", NULL
};
static const char *const stop_de[] = {
	"am", "an", "auf", "aus", "bei", "das", "dem", "den", "der", "des",
	"die", "du", "ein", "eine", "einen", "er", "es", "fur", "hallo",
	"ich", "ihr", "im", "in", "ist", "mein", "meine", "mit", "nach",
	"sie", "sind", "und", "von", "wir", "zu", "zum", "zur", NULL
};
static const char *const stop_pt[] = {
	"a", "ao", "as", "com", "da", "das", "de", "do", "dos", "e", "em",
	"na", "nas", "no", "nos", "o", "ola", "os", "para", "por", "que",
	"se", "um", "uma", "meu", "minha", NULL
};
static const char *const stop_it[] = {
	"a", "al", "alla", "che", "ciao", "con", "da", "del", "della", "di",
	"e", "gli", "i", "il", "in", "la", "le", "lo", "mi", "mia", "mio",
	"per", "si", "su", "un", "una", "uno", NULL
};

static const struct {
	const char *lang;
	const char *const *words;
} stops[] = {
	{ "en", stop_en }, { "es", stop_es }, { "fr", stop_fr },
	{ "de", stop_de }, { "pt", stop_pt }, { "it", stop_it },
};

/* The language's primary subtag ("pt-BR": "pt"); NULL, "", "und",
 * "zxx" and "qme"-like X codes count as English. */
static int
is_lang(const char *lang, const char *code)
{
	if (!lang || !*lang || !strcmp(lang, "und") || lang[0] == 'q' ||
	    !strcmp(lang, "zxx"))
		lang = "en";
	return !strncmp(lang, code, 2) && (!lang[2] || lang[2] == '-' ||
	    lang[2] == '_');
}

static int
is_stop(const char *lang, const char *t)
{
	size_t i, j;

	for (i = 0; i < sizeof stops / sizeof stops[0]; i++) {
		if (!is_lang(lang, stops[i].lang))
			continue;
		for (j = 0; stops[i].words[j]; j++)
			if (!strcmp(stops[i].words[j], t))
				return 1;
	}
	return 0;
}

/* English's plurals, lightly: "bags" bag, "babies" baby; not "pass",
 * "bus", "this". */
static void
singular(const char *lang, char *t)
{
	size_t n = strlen(t);

	if (!is_lang(lang, "en") || n < 4 || t[n - 1] != 's')
		return;
	if (n >= 5 && !strcmp(t + n - 3, "ies"))
		strcpy(t + n - 3, "y");
	else if (t[n - 2] != 's' && t[n - 2] != 'u' && t[n - 2] != 'i')
		t[n - 1] = '\0';
}

struct split {
	const char *lang;
	void (*fn)(const char *term, void *ctx);
	void *ctx;
};

/* One part of a word (letters and digits) as a term, when it is one. */
static void
emit(struct split *sp, const char *s, size_t n)
{
	char t[TERM_MAX + 1];

	if (n < 2 || n > TERM_MAX)
		return;
	memcpy(t, s, n);
	t[n] = '\0';
	if (is_stop(sp->lang, t))
		return;
	singular(sp->lang, t);
	sp->fn(t, sp->ctx);
}

static int
alnum(utf8proc_int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);

	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
	    (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}

/* A word as tw_words gives it: folded, then split into its runs of
 * letters and digits ("wi-fi": wi, fi); a word of several parts joined
 * by hyphens or apostrophes is a term too ("wifi", "checkin"). */
static void
word(const char *w, size_t len, void *ctx)
{
	struct split *sp = ctx;
	utf8proc_uint8_t *f = NULL;
	utf8proc_ssize_t n, i = 0, k, start = -1;
	utf8proc_int32_t c = 0;
	char joined[TERM_MAX + 1];
	size_t nj = 0, parts = 0, m;
	int sep = 0, broken = 0;

	n = utf8proc_map((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)len,
	    &f, UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	    UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
	if (n < 0)
		return;
	for (;;) {
		k = i < n ? utf8proc_iterate(f + i, n - i, &c) : 0;
		if (k > 0 && alnum(c)) {
			if (start < 0) {
				start = i;
				broken |= parts && sep;
				sep = 0;
			}
		} else {
			if (start >= 0) {
				m = (size_t)(i - start);
				emit(sp, (char *)f + start, m);
				if (nj + m <= TERM_MAX)
					memcpy(joined + nj, f + start, m);
				nj += m;
				parts++;
				start = -1;
			}
			if (k > 0 && c != '-' && c != '\'' && c != 0x2019)
				sep = 1;
		}
		if (k <= 0)
			break;
		i += k;
	}
	if (parts >= 2 && !broken && nj <= TERM_MAX)
		emit(sp, joined, nj);
	free(f);
}

void
tw_kb_terms(const char *text, const char *lang,
    void (*fn)(const char *term, void *ctx), void *ctx)
{
	struct split sp = { lang, fn, ctx };

	tw_words(text, word, &sp);
}

/* ---- the index ---- */

struct occ {
	char *t;
	unsigned field;
};

struct occs {
	struct occ *v;
	size_t n, cap;
	unsigned field;
};

static void
add_occ(const char *t, void *ctx)
{
	struct occs *o = ctx;

	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 64;
		o->v = xrealloc(o->v, o->cap * sizeof *o->v);
	}
	o->v[o->n].t = xstrdup(t);
	o->v[o->n++].field = o->field;
}

static int
cmp_occ(const void *x, const void *y)
{
	return strcmp(((const struct occ *)x)->t, ((const struct occ *)y)->t);
}

/* s with its {variables} blanked: their names are not the answer's
 * words. */
static char *
unmacro(const char *s)
{
	char *c = xstrdup(s), *p = c, *e;

	while ((p = strchr(p, '{'))) {
		if (p[1] == '{') {
			p += 2;
			continue;
		}
		if (!(e = strchr(p, '}')))
			break;
		memset(p, ' ', (size_t)(e - p + 1));
		p = e + 1;
	}
	return c;
}

static double
field_weight(const struct tw_kb_params *p, unsigned field)
{
	return field == 1 ? p->w_title : field == 2 ? p->w_keywords :
	    p->w_body;
}

/* Answer a's terms into d. */
static void
index_answer(const struct tw_kb_params *p, const struct tw_kb_answer *a,
    struct kb_doc *d)
{
	struct occs o = { 0 };
	const char *lang = a->langs && a->langs[0] ? a->langs[0] : NULL;
	char *body = unmacro(a->body);
	size_t i;
	double w;

	o.field = 1;
	tw_kb_terms(a->title, lang, add_occ, &o);
	o.field = 2;
	for (i = 0; a->keywords && a->keywords[i]; i++)
		tw_kb_terms(a->keywords[i], lang, add_occ, &o);
	o.field = 4;
	tw_kb_terms(body, lang, add_occ, &o);
	free(body);
	if (o.n)
		qsort(o.v, o.n, sizeof *o.v, cmp_occ);
	d->tf = xcalloc(o.n + 1, sizeof *d->tf);
	for (i = 0; i < o.n; i++) {
		w = field_weight(p, o.v[i].field);
		d->len += w;
		if (d->ntf && !strcmp(d->tf[d->ntf - 1].t, o.v[i].t)) {
			d->tf[d->ntf - 1].tf += w;
			d->tf[d->ntf - 1].fields |= o.v[i].field;
			free(o.v[i].t);
			continue;
		}
		d->tf[d->ntf].t = o.v[i].t;
		d->tf[d->ntf].tf = w;
		d->tf[d->ntf++].fields = o.v[i].field;
	}
	free(o.v);
}

static int
cmp_dfs(const void *x, const void *y)
{
	return strcmp(((const struct kb_df *)x)->t,
	    ((const struct kb_df *)y)->t);
}

/* The document frequencies from the answers' indexes. */
static void
index_df(struct tw_kb *kb)
{
	struct kb_df *all;
	size_t i, j, n = 0;

	for (i = 0; i < kb->n; i++)
		n += kb->doc[i].ntf;
	all = xcalloc(n + 1, sizeof *all);
	n = 0;
	for (i = 0; i < kb->n; i++)
		for (j = 0; j < kb->doc[i].ntf; j++)
			all[n++].t = kb->doc[i].tf[j].t;
	qsort(all, n, sizeof *all, cmp_dfs);
	kb->df = xcalloc(n + 1, sizeof *kb->df);
	kb->ndf = 0;
	for (i = 0; i < n; i++) {
		if (kb->ndf && !strcmp(kb->df[kb->ndf - 1].t, all[i].t)) {
			kb->df[kb->ndf - 1].df++;
			continue;
		}
		kb->df[kb->ndf].t = all[i].t;   /* borrowed from a doc */
		kb->df[kb->ndf++].df = 1;
	}
	free(all);
}

void
tw_kb_index_free(struct tw_kb *kb)
{
	size_t i, j;

	for (i = 0; kb->doc && i < kb->n; i++) {
		for (j = 0; j < kb->doc[i].ntf; j++)
			free(kb->doc[i].tf[j].t);
		free(kb->doc[i].tf);
	}
	free(kb->doc);
	free(kb->df);
	kb->doc = NULL;
	kb->df = NULL;
	kb->ndf = 0;
	kb->built = 0;
}

static void
index_build(struct tw_kb *kb)
{
	size_t i;
	double total = 0;

	tw_kb_index_free(kb);
	kb->doc = xcalloc(kb->n + 1, sizeof *kb->doc);
	for (i = 0; i < kb->n; i++) {
		index_answer(&kb->p, kb->a[i], &kb->doc[i]);
		total += kb->doc[i].len;
	}
	kb->avglen = kb->n && total > 0 ? total / (double)kb->n : 1;
	index_df(kb);
	kb->built = 1;
}

/* ---- ranking ---- */

/* A term of the message, and its weight: 1 for the customer's own
 * words, CROSS_WEIGHT for the glossary's English for them (kbcross.c):
 * a translated word is weaker evidence, so an answer in the customer's
 * language that matches their words stays first. */
#define CROSS_WEIGHT 0.5

struct qterm {
	char *t;
	double w;
};

struct query {
	struct qterm *t;
	size_t n, cap;
	double w;               /* the weight of the terms added now */
};

static void
add_query(const char *t, void *ctx)
{
	struct query *q = ctx;

	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 16;
		q->t = xrealloc(q->t, q->cap * sizeof *q->t);
	}
	q->t[q->n].t = xstrdup(t);
	q->t[q->n++].w = q->w;
}

static void
add_cross(const char *t, double share, void *ctx)
{
	struct query *q = ctx;

	q->w = CROSS_WEIGHT * share;
	add_query(t, q);
}

/* By term, then the heavier first. */
static int
cmp_qterm(const void *x, const void *y)
{
	const struct qterm *a = x, *b = y;
	int c = strcmp(a->t, b->t);

	return c ? c : (a->w < b->w) - (a->w > b->w);
}

/* The message's terms, each once (a word counts once however often it
 * occurs, and as the customer's own word when it is one), in q. */
static void
query_terms(struct query *q, const char *text, const char *lang)
{
	size_t i, n = 0;

	q->w = 1;
	tw_kb_terms(text ? text : "", lang, add_query, q);
	tw_kb_cross(lang, text, add_cross, q);  /* English answers too */
	if (q->n)
		qsort(q->t, q->n, sizeof *q->t, cmp_qterm);
	for (i = 0; i < q->n; i++) {
		if (n && !strcmp(q->t[n - 1].t, q->t[i].t))
			free(q->t[i].t);
		else
			q->t[n++] = q->t[i];
	}
	q->n = n;
}

static const struct kb_tf *
doc_term(const struct kb_doc *d, const char *t)
{
	size_t lo = 0, hi = d->ntf, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (!(c = strcmp(t, d->tf[mid].t)))
			return &d->tf[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static double
idf(const struct tw_kb *kb, const char *t)
{
	struct kb_df key = { 0 }, *e;
	double df;

	key.t = (char *)(uintptr_t)t;
	e = bsearch(&key, kb->df, kb->ndf, sizeof *kb->df, cmp_dfs);
	df = e ? e->df : 0;
	return log(1 + ((double)kb->n - df + 0.5) / (df + 0.5));
}

/* Term t's BM25 contribution to answer i (0 when it lacks it). */
static double
term_score(const struct tw_kb *kb, size_t i, const char *t)
{
	const struct kb_doc *d = &kb->doc[i];
	const struct kb_tf *e = doc_term(d, t);
	double k1 = kb->p.k1, b = kb->p.b;

	if (!e)
		return 0;
	return idf(kb, t) * e->tf * (k1 + 1) /
	    (e->tf + k1 * (1 - b + b * d->len / kb->avglen));
}

/* v is in l (NULL-ended), without regard to case. */
static int
in_list(char *const *l, const char *v)
{
	size_t i;

	for (i = 0; v && *v && l && l[i]; i++)
		if (!strcasecmp(l[i], v))
			return 1;
	return 0;
}

/* The record's language is one of the answer's (by primary subtag); an
 * answer without languages is in every one.  Unknown ("und"): no. */
static int
lang_match(char *const *l, const char *lang)
{
	size_t i;

	if (tw_lang_missing(lang))
		return 0;
	if (!l || !l[0])
		return 1;
	for (i = 0; l[i]; i++)
		if (tw_lang_same(l[i], lang))
			return 1;
	return 0;
}

struct cand {
	size_t i;
	double score;
};

static int
cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return a->i < b->i ? -1 : a->i > b->i;
}

struct boosts {
	const char *lang, *queue, *intent;
};

/* The boost factor of answer a, and its words in why (if not NULL). */
static double
boost(const struct tw_kb *kb, const struct tw_kb_answer *a,
    const struct boosts *bo, tw_buf *why)
{
	double f = 1;

	if (in_list(a->queues, bo->queue)) {
		f *= kb->p.queue;
		if (why)
			tw_buf_printf(why, "; queue %s", bo->queue);
	}
	if (in_list(a->intents, bo->intent)) {
		f *= kb->p.intent;
		if (why)
			tw_buf_printf(why, "; intent %s", bo->intent);
	}
	if (lang_match(a->langs, bo->lang)) {
		f *= kb->p.lang;
		if (why)
			tw_buf_printf(why, "; lang %s", bo->lang);
	}
	return f;
}

/* Why answer i ranks: its matching terms, best first, and the boosts. */
static char *
why_of(const struct tw_kb *kb, size_t i, const struct query *q,
    const struct boosts *bo)
{
	struct cand *c = xcalloc(q->n + 1, sizeof *c);
	tw_buf why = { 0 };
	size_t j, n = 0;

	for (j = 0; j < q->n; j++)
		if ((c[n].score = q->t[j].w * term_score(kb, i, q->t[j].t)) > 0)
			c[n++].i = j;
	qsort(c, n, sizeof *c, cmp_cand);
	tw_buf_adds(&why, "terms");
	for (j = 0; j < n; j++)
		tw_buf_printf(&why, "%s %s%s", j ? "," : "", q->t[c[j].i].t,
		    q->t[c[j].i].w < 1 ? " (glossary)" : "");
	free(c);
	boost(kb, kb->a[i], bo, &why);
	return tw_buf_steal(&why);
}

size_t
tw_kb_rank(struct tw_kb *kb, const char *text, const char *lang,
    const char *queue, const char *intent, struct tw_kb_hit *hits,
    size_t n)
{
	struct query q = { 0 };
	struct boosts bo = { lang, queue, intent };
	struct cand *c;
	size_t i, j, nc = 0;
	double s;

	if (!kb->built)
		index_build(kb);
	query_terms(&q, text, lang);
	c = xcalloc(kb->n + 1, sizeof *c);
	for (i = 0; i < kb->n && q.n; i++) {
		for (s = 0, j = 0; j < q.n; j++)
			s += q.t[j].w * term_score(kb, i, q.t[j].t);
		if (s <= 0)
			continue;
		c[nc].i = i;
		c[nc++].score = s * boost(kb, kb->a[i], &bo, NULL);
	}
	qsort(c, nc, sizeof *c, cmp_cand);
	for (i = 0; i < nc && i < n; i++) {
		hits[i].a = kb->a[c[i].i];
		hits[i].score = c[i].score;
		hits[i].why = why_of(kb, c[i].i, &q, &bo);
	}
	for (j = 0; j < q.n; j++)
		free(q.t[j].t);
	free(q.t);
	free(c);
	return i;
}

struct tw_macro_ctx
tw_kb_macro_ctx(const struct tw_account *a)
{
	struct tw_macro_ctx ctx = { 0 };

	ctx.brand_id = a ? a->user_id : NULL;
	ctx.hours = a ? tw_account_get(a, "hours") : NULL;
	ctx.keep = 1;
	return ctx;
}

int
tw_kb_fill(const struct tw_kb *kb, const char *id, const cJSON *rec,
    const struct tw_macro_ctx *ctx, char **out, char **why)
{
	const struct tw_kb_answer *a = tw_kb_get(kb, id);

	if (!a) {
		*out = NULL;
		*why = xasprintf("no answer '%s'", id ? id : "");
		return -1;
	}
	return tw_macro_fill(a->body, rec, ctx, out, why);
}

/* One suggestion as JSON. */
static cJSON *
hit_json(const struct tw_kb_hit *h, const cJSON *rec,
    const struct tw_macro_ctx *ctx)
{
	cJSON *o = cJSON_CreateObject(), *m;
	char *text, *missing, *p, *save = NULL;
	int rc;

	cJSON_AddStringToObject(o, "id", h->a->id);
	cJSON_AddStringToObject(o, "title", h->a->title);
	rc = tw_macro_fill(h->a->body, rec, ctx, &text, &missing);
	cJSON_AddStringToObject(o, "text", text ? text : h->a->body);
	cJSON_AddNumberToObject(o, "score", round(h->score * 1000) / 1000);
	cJSON_AddStringToObject(o, "why", h->why);
	if (rc == TW_MACRO_MISSING) {
		m = cJSON_AddArrayToObject(o, "missing");
		for (p = strtok_r(missing, " ", &save); p;
		    p = strtok_r(NULL, " ", &save))
			cJSON_AddItemToArray(m, cJSON_CreateString(p));
	}
	free(text);
	free(missing);
	return o;
}

cJSON *
tw_kb_suggest_json(struct tw_kb *kb, const cJSON *rec,
    const struct tw_macro_ctx *ctx, size_t n)
{
	struct tw_kb_hit *hits = xcalloc(n + 1, sizeof *hits);
	cJSON *arr = cJSON_CreateArray();
	const cJSON *tr = cJSON_GetObjectItemCaseSensitive(rec, "triage");
	size_t i, k;

	k = tw_kb_rank(kb, tw_json_str(rec, "text"), tw_json_str(rec, "lang"),
	    tw_json_str(tr, "queue"), tw_json_str(tr, "intent"), hits, n);
	for (i = 0; i < k; i++) {
		cJSON_AddItemToArray(arr, hit_json(&hits[i], rec, ctx));
		free(hits[i].why);
	}
	free(hits);
	return arr;
}
