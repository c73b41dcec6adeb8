/* urgency.c - urgency categories in a post's text (urgency.h,
 * tw-triage(1) URGENCY)
 *
 * The text is folded (lower case, no accents, compatibility forms) and
 * cut into words and clauses: a clause ends at . , ; : ! ? and their
 * CJK forms; @mentions and links are left out; a word after # is a
 * hashtag.  Each term of the list below is tried at every word, and
 * every match is kept; then a match goes when
 *   - a look-alike (category NONE) overlaps it,
 *   - a longer match of another category holds it,
 *   - one of the three words before it in its clause is a negation
 *     ("no" is not one in Portuguese, where it is "in the")
 *     (for self-harm a negation does not count: a missed cry for help
 *     costs more than a false alarm),
 *   - it is marked "?" and its clause is a question ("can I bring my
 *     insulin?" asks, it does not escalate),
 *   - it is a regulator and the text says nothing of complaining,
 *     reporting or escalating to one.
 *
 * A term is words separated by spaces; in a word, a trailing * matches
 * any ending, a leading ~ matches anywhere inside a word (Japanese has
 * no spaces, German joins words), a leading # only a hashtag; "_" is
 * any one word and "**" up to four.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "urgency.h"
#include "util.h"

static const struct ucat { const char *name; int points; } ucat[TW_URG_N] = {
	{ "self-harm", 60 }, { "safety", 40 }, { "threat", 40 },
	{ "health", 35 }, { "security", 35 }, { "legal", 40 },
	{ "regulator", 30 }, { "press", 25 }, { "accessibility", 25 },
	{ "churn", 15 }
};

/* Negations: the three words before a match (folded, apostrophes out). */
static const char *const negators[] = {
	"not", "no", "isnt", "wasnt", "arent", "werent", "dont", "doesnt",
	"didnt", "never", "nothing", "without", "nor", "neither", "non",
	"pas", "sans", "ni", "sin", "nunca", "nicht", "kein", "keine",
	"keinen", "keiner", "keinem", "ohne", "nao", "nem", "sem", "senza",
	"mai", NULL
};
/* Japanese negations after a term, inside its word. */
static const char *const jneg[] = {
	"ではありません", "ではない", "じゃない", "ではなく", "じゃありません",
	"じゃなくて",
	NULL
};

enum { W_EXACT, W_PREFIX, W_SUBSTR, W_ANY, W_GAP };

struct pword {
	char *s;
	size_t len;
	unsigned char kind, hash;
};

struct pat {
	struct pword *w;
	size_t nw;
	int cat, weak;
	const char *shown;
};

struct tw_urgency {
	struct pat *p;
	size_t np;
	size_t *bucket[257];    /* by first byte; 256: any first word */
	size_t nbucket[257];
	char **jneg;            /* jneg[], folded */
};

#define MAXTOK 1024
#define MAXHIT 128

struct tok {
	const char *s;
	size_t len;
	int clause, hash;
};

struct toks {
	char *buf;              /* the folded text */
	struct tok t[MAXTOK];
	size_t n;
	unsigned char question[MAXTOK + 1];   /* by clause */
	int nclause;
};

struct hit {
	int start, end, cat;
	const struct pat *p;
};

/* s folded: lower case, no accents, compatibility forms (caller frees). */
static char *
fold(const char *s, size_t len)
{
	utf8proc_uint8_t *f = NULL;

	if (utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	    &f, UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	    UTF8PROC_STRIPMARK | UTF8PROC_IGNORE) < 0)
		return xstrdup("");
	return (char *)f;
}

static int
wordchar(utf8proc_int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);

	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_NO);
}

static int
clausebreak(utf8proc_int32_t c)
{
	return c < 0x80 ? c && strchr(".,;:!?", (int)c) != NULL :
	    c == 0x3002 || c == 0x3001 || c == 0xff01 || c == 0xff1f ||
	    c == 0xff0c || c == 0xff0e || c == 0x2026;
}

/* Is w[0..n) a French or Italian article or pronoun that an apostrophe
 * joins to the next word (l'avion, d'urgence, all'ENAC)?  It is a word
 * of its own; English contractions stay one word (isn't: isnt). */
static int
elision(const char *w, size_t n)
{
	static const char *const el[] = {
		"l", "d", "s", "n", "j", "c", "m", "t", "qu", "all", "dall",
		"dell", "nell", "sull", "un", "quell", NULL
	};
	const char *const *e;

	for (e = el; *e; e++)
		if (strlen(*e) == n && !memcmp(*e, w, n))
			return 1;
	return 0;
}

/* The word of the folded text at w (a word char), with apostrophes
 * inside it dropped in place ("isn't": "isnt"): where it ends in the
 * text, its length in *len. */
static char *
take_word(char *w, const char *end, size_t *len)
{
	char *o = w, *s = w;
	utf8proc_int32_t c, d;
	utf8proc_ssize_t k;

	while (s < end) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)s, end - s, &c);
		if (k <= 0)
			break;
		if ((c == '\'' || c == 0x2019) && o > w && s + k < end &&
		    !elision(w, (size_t)(o - w)) &&
		    utf8proc_iterate((const utf8proc_uint8_t *)s + k,
		    end - s - k, &d) > 0 && wordchar(d)) {
			s += k;
			continue;
		}
		if (!wordchar(c))
			break;
		memmove(o, s, (size_t)k);
		o += k;
		s += k;
	}
	*len = (size_t)(o - w);
	return s;
}

/* Skip a mention or a link at s: its end, or s. */
static char *
skip_special(char *s, const char *end)
{
	if (*s == '@' || !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8))
		while (s < end && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
	return s;
}

/* A clause break: the clause of the last word ends ("?": a question). */
static void
close_clause(struct toks *tk, int question)
{
	int last = tk->t[tk->n - 1].clause;

	tk->question[last] |= question;
	if (last == tk->nclause)
		tk->nclause++;
}

static void
tokenize(struct toks *tk, const char *text)
{
	char *s, *end, *w;
	utf8proc_int32_t c;
	utf8proc_ssize_t k;
	size_t len;
	int hash = 0;

	tk->buf = fold(text, strlen(text));
	tk->n = 0;
	tk->nclause = 0;
	memset(tk->question, 0, sizeof tk->question);
	s = tk->buf;
	end = s + strlen(s);
	while (s < end && tk->n < MAXTOK) {
		if ((w = skip_special(s, end)) != s) {
			s = w;
			continue;
		}
		k = utf8proc_iterate((const utf8proc_uint8_t *)s, end - s, &c);
		if (k <= 0) {
			s++;
			continue;
		}
		if (wordchar(c)) {
			w = s;
			s = take_word(s, end, &len);
			tk->t[tk->n].s = w;
			tk->t[tk->n].len = len;
			tk->t[tk->n].clause = tk->nclause;
			tk->t[tk->n++].hash = hash;
			hash = 0;
			continue;
		}
		hash = c == '#';
		if (clausebreak(c) && tk->nclause < MAXTOK && tk->n)
			close_clause(tk, c == '?' || c == 0xff1f);
		s += k;
	}
}

/* One word of a term, folded, into w. */
static void
compile_word(struct pword *w, const char *s, size_t n)
{
	char *f;

	memset(w, 0, sizeof *w);
	if (n == 1 && *s == '_') {
		w->kind = W_ANY;
		return;
	}
	if (n == 2 && !strncmp(s, "**", 2)) {
		w->kind = W_GAP;
		return;
	}
	w->kind = W_EXACT;
	if (*s == '#') {
		w->hash = 1;
		s++, n--;
	} else if (*s == '~') {
		w->kind = W_SUBSTR;
		s++, n--;
	}
	if (n > 1 && s[n - 1] == '*') {
		w->kind = W_PREFIX;
		n--;
	}
	f = fold(s, n);
	w->s = f;
	w->len = strlen(f);
}

static void
compile(struct tw_urgency *u, struct pat *p, const struct tw_urgterm *t)
{
	const char *s = t->term, *e;
	size_t i, b;

	p->cat = t->cat;
	p->weak = *s == '?';
	s += p->weak;
	p->shown = s;
	for (e = s; *e; e++)
		p->nw += *e == ' ';
	p->w = xcalloc(++p->nw, sizeof *p->w);
	for (i = 0; i < p->nw; i++, s = e + 1) {
		e = s + strcspn(s, " ");
		compile_word(&p->w[i], s, (size_t)(e - s));
	}
	b = (p->w[0].kind == W_EXACT || p->w[0].kind == W_PREFIX) &&
	    p->w[0].len ? (unsigned char)p->w[0].s[0] : 256;
	u->bucket[b] = xrealloc(u->bucket[b], (u->nbucket[b] + 1) *
	    sizeof *u->bucket[b]);
	u->bucket[b][u->nbucket[b]++] = (size_t)(p - u->p);
}

struct tw_urgency *
tw_urgency_new(void)
{
	return tw_urgency_new_with(tw_urgterms);
}

struct tw_urgency *
tw_urgency_new_with(const struct tw_urgterm *terms)
{
	struct tw_urgency *u = xcalloc(1, sizeof *u);
	size_t i, n;

	for (n = 0; terms[n].term; n++)
		;
	u->p = xcalloc(n, sizeof *u->p);
	for (u->np = 0; u->np < n; u->np++)
		compile(u, &u->p[u->np], &terms[u->np]);
	for (n = 0; jneg[n]; n++)
		;
	u->jneg = xcalloc(n + 1, sizeof *u->jneg);
	for (i = 0; i < n; i++)
		u->jneg[i] = fold(jneg[i], strlen(jneg[i]));
	return u;
}

void
tw_urgency_free(struct tw_urgency *u)
{
	size_t i, j;

	if (!u)
		return;
	for (i = 0; i < u->np; i++) {
		for (j = 0; j < u->p[i].nw; j++)
			free(u->p[i].w[j].s);
		free(u->p[i].w);
	}
	free(u->p);
	for (i = 0; i < 257; i++)
		free(u->bucket[i]);
	for (i = 0; u->jneg[i]; i++)
		free(u->jneg[i]);
	free(u->jneg);
	free(u);
}

static int
word_ok(const struct pword *w, const struct tok *t)
{
	if (w->hash && !t->hash)
		return 0;
	switch (w->kind) {
	case W_EXACT:
		return t->len == w->len && !memcmp(t->s, w->s, w->len);
	case W_PREFIX:
		return t->len >= w->len && !memcmp(t->s, w->s, w->len);
	case W_SUBSTR:
		return t->len >= w->len && memmem(t->s, t->len, w->s, w->len);
	default:
		return 1;
	}
}

/* Do p's words from wi on match at word ti, in clause? *end: after. */
static int
match(const struct pat *p, size_t wi, const struct toks *tk, size_t ti,
    int clause, size_t *end)
{
	size_t skip;

	if (wi == p->nw) {
		*end = ti;
		return 1;
	}
	if (p->w[wi].kind == W_GAP) {
		for (skip = 0; skip <= 4; skip++) {
			if (skip && (ti + skip > tk->n ||
			    tk->t[ti + skip - 1].clause != clause))
				break;
			if (match(p, wi + 1, tk, ti + skip, clause, end))
				return 1;
		}
		return 0;
	}
	if (ti >= tk->n || tk->t[ti].clause != clause ||
	    !word_ok(&p->w[wi], &tk->t[ti]))
		return 0;
	return match(p, wi + 1, tk, ti + 1, clause, end);
}

/* Every match of every term, in *hits (at most MAXHIT). */
static size_t
find_all(const struct tw_urgency *u, const struct toks *tk,
    struct hit *hits)
{
	size_t i, j, k, end, n = 0;
	const size_t *b;
	size_t nb;
	int pass;

	for (i = 0; i < tk->n; i++)
		for (pass = 0; pass < 2; pass++) {
			k = pass ? 256 : (unsigned char)tk->t[i].s[0];
			b = u->bucket[k];
			nb = u->nbucket[k];
			for (j = 0; j < nb && n < MAXHIT; j++)
				if (match(&u->p[b[j]], 0, tk, i,
				    tk->t[i].clause, &end)) {
					hits[n].start = (int)i;
					hits[n].end = (int)end;
					hits[n].cat = u->p[b[j]].cat;
					hits[n++].p = &u->p[b[j]];
				}
		}
	return n;
}

/* Is the match h negated: a negation among the three words before it
 * in its clause, or a Japanese one after it in its word? */
static int
negated(const struct tw_urgency *u, const struct toks *tk,
    const struct hit *h, int pt)
{
	const struct tok *t = &tk->t[h->start];
	const char *const *n;
	char *const *j;
	int i;

	for (i = h->start - 1; i >= 0 && i >= h->start - 3 &&
	    tk->t[i].clause == t->clause; i--)
		for (n = negators; *n; n++)
			if (!(pt && !strcmp(*n, "no")) &&
			    tk->t[i].len == strlen(*n) &&
			    !memcmp(tk->t[i].s, *n, tk->t[i].len))
				return 1;
	if (h->p->w[0].kind == W_SUBSTR)
		for (j = u->jneg; *j; j++)
			if (memmem(t->s, t->len, *j, strlen(*j)))
				return 1;
	return 0;
}

/* Does another match cancel h: a look-alike over it, or a longer match
 * of another category around it? */
static int
cancelled(const struct hit *hits, size_t n, const struct hit *h)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (&hits[i] == h || hits[i].cat == TW_URG_CONTEXT)
			continue;
		if (hits[i].cat == TW_URG_LOOKALIKE && hits[i].start < h->end &&
		    h->start < hits[i].end)
			return 1;
		if (hits[i].cat != h->cat && hits[i].start <= h->start &&
		    h->end <= hits[i].end &&
		    hits[i].end - hits[i].start > h->end - h->start)
			return 1;
	}
	return 0;
}

void
tw_urgency_scan(const struct tw_urgency *u, const char *text,
    struct tw_urgency_found *f)
{
	tw_urgency_scan_lang(u, text, NULL, f);
}

void
tw_urgency_scan_lang(const struct tw_urgency *u, const char *text,
    const char *lang, struct tw_urgency_found *f)
{
	struct toks tk;
	struct hit hits[MAXHIT];
	size_t i, n;
	int ctx = 0, pt = lang && !strncasecmp(lang, "pt", 2) &&
	    strchr("-_", lang[2]);

	memset(f, 0, sizeof *f);
	tokenize(&tk, text ? text : "");
	n = find_all(u, &tk, hits);
	for (i = 0; i < n; i++)
		ctx |= hits[i].cat == TW_URG_CONTEXT;
	for (i = 0; i < n; i++) {
		const struct hit *h = &hits[i];

		if (h->cat < 0 || cancelled(hits, n, h) ||
		    (h->cat == TW_URG_REGULATOR && !ctx) ||
		    (h->p->weak && tk.question[tk.t[h->start].clause]) ||
		    (h->cat != TW_URG_SELF_HARM && h->cat < TW_URG_N &&
		    negated(u, &tk, h, pt)))
			continue;
		if (!(f->mask & 1u << h->cat))
			f->term[h->cat] = h->p->shown;
		f->mask |= 1u << h->cat;
	}
	free(tk.buf);
}

const char *
tw_urgency_name(int cat)
{
	return cat >= 0 && cat < TW_URG_N ? ucat[cat].name : NULL;
}

int
tw_urgency_points(int cat)
{
	return cat >= 0 && cat < TW_URG_N ? ucat[cat].points : 0;
}

int
tw_urgency_category(const char *name)
{
	int i;

	for (i = 0; i < TW_URG_N; i++)
		if (!strcmp(name, ucat[i].name))
			return i;
	return -1;
}
