/* triage.c - priority, sentiment, intent, urgency, routing, noise
 * (triage.h, tw-triage(1))
 *
 * The priority is a sum of integer points, one term per reason, each
 * listed in "why"; a "cap" term brings a sum over 100 back to 100, so
 * the terms always add up to the priority.  Memory is bounded: the
 * duplicate and repeated-text windows have fixed sizes.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "triage.h"
#include "intent.h"
#include "lang.h"
#include "ndjson.h"
#include "query.h"
#include "sentmodel.h"
#include "spam.h"
#include "timefmt.h"
#include "urgency.h"

enum {
	W_URGENT, W_REACH, W_VERIFIED, W_SENTIMENT, W_VIP, W_DM, W_WAIT,
	W_COMPLAINT, W_QUESTION, W_REQUEST, NWEIGHT
};
static const char *const wname[NWEIGHT] = {
	"urgent", "reach", "verified", "sentiment", "vip", "dm", "wait",
	"complaint", "question", "request"
};
static const int wdefault[NWEIGHT] = { 25, 20, 5, 20, 15, 10, 20, 10, 5, 5 };

/* The outage category and request phrases (English), found as whole
 * words and phrases in one pass; the other urgency categories are
 * urgency.c's.  RULES may add queries to them. */
enum { K_OUTAGE = 1, K_REQUEST };
static const struct kw { const char *term; int cat; } keywords[] = {
	{ "outage", K_OUTAGE }, { "is down", K_OUTAGE }, { "are down", K_OUTAGE },
	{ "internet down", K_OUTAGE }, { "no service", K_OUTAGE },
	{ "no internet", K_OUTAGE }, { "no signal", K_OUTAGE },
	{ "site down", K_OUTAGE }, { "app down", K_OUTAGE },
	{ "down again", K_OUTAGE },
	{ "please", K_REQUEST }, { "can you", K_REQUEST },
	{ "could you", K_REQUEST }, { "i need", K_REQUEST },
	{ "i want", K_REQUEST }, { "i'd like", K_REQUEST },
	{ "help me", K_REQUEST }, { "dm", K_REQUEST }, { "send me", K_REQUEST },
	{ NULL, 0 }
};

#define MAXLADDER 16
#define TEXT_WINDOW (1 << 16)

/* A window of the last n keys with a count per key: a ring and an open-
 * addressing table with backward-shift deletion. */
struct window {
	uint64_t *ring;
	size_t n, head, fill;
	struct wslot { uint64_t key; uint32_t count; } *tab;
	size_t mask;
};

struct crm {
	char *key;              /* lower-case username, or id */
	char *tier;
	int vip;
	int looked;             /* the store was asked (t->known) */
};

struct crmtab {
	struct crm *e;          /* open addressing, power of two */
	size_t cap, n;
};

/* Our own operators in a rule, ANDed with its X query. */
struct cond {
	long followers;         /* at least; -1 none */
	char *account;          /* the record's account username */
	char *tier;
	char *urgency;          /* urgency:CATEGORY */
	int vip, dm, urgent;
};

struct rule {
	char *name;             /* queue, or urgency category */
	struct tw_query *q;     /* NULL: every record */
	struct cond c;
};

struct lexlang {
	char lang[16];
	struct tw_lexicon *lx;
	int own;                /* a built-in one, made here on first use */
};

struct tw_triage {
	int w[NWEIGHT];
	long ladder[MAXLADDER];
	int nladder;
	long sla;
	char *defqueue;
	struct rule *queue, *urgent, *request;
	size_t nqueue, nurgent, nrequest;
	struct tier { char *name; int points; } *tier;
	size_t ntier;
	struct crmtab crm;      /* the CRM file and the VIP list */
	struct crmtab known;    /* the store's profiles, by account/id */
	struct crm both;        /* the two together, for one record */
	tw_triage_lookup_fn lookup;
	void *lookup_ctx;
	struct lexlang *lex;
	size_t nlex;
	struct tw_lexicon *en, *kw;
	int model;              /* tw_triage_model(): sentiment by the model */
	char lexonly[16][16];   /* tw_triage_lexicon_only(): not by it */
	size_t nlexonly;
	struct tw_langid *langid;       /* made on the first record without lang */
	struct tw_urgency *urg;
	struct tw_spam *spam;
	char spamwhy[160];      /* the last spam's signals */
	int upoints[TW_URG_N];  /* points of each built-in category */
	char *acct_id, *acct_user;
	time_t now;
	struct window ids, texts, authtexts;
	char err[256];
};

static uint64_t
hash64(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h ? h : 1;
}

static void
win_init(struct window *w, size_t n)
{
	w->n = n;
	w->ring = xcalloc(n, sizeof *w->ring);
	w->mask = n * 2 - 1;
	w->tab = xcalloc(n * 2, sizeof *w->tab);
}

static void
win_free(struct window *w)
{
	free(w->ring);
	free(w->tab);
}

static size_t
win_find(const struct window *w, uint64_t key)
{
	size_t i = (size_t)(key ^ key >> 29) & w->mask;

	while (w->tab[i].key && w->tab[i].key != key)
		i = (i + 1) & w->mask;
	return i;
}

static unsigned
win_count(const struct window *w, uint64_t key)
{
	return w->tab[win_find(w, key)].count;
}

static void
win_del(struct window *w, uint64_t key)
{
	size_t i = win_find(w, key), j, k;

	if (!w->tab[i].key)
		return;
	if (--w->tab[i].count)
		return;
	/* backward shift */
	j = i;
	for (;;) {
		j = (j + 1) & w->mask;
		if (!w->tab[j].key)
			break;
		k = (size_t)(w->tab[j].key ^ w->tab[j].key >> 29) & w->mask;
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			w->tab[i] = w->tab[j];
			i = j;
		}
	}
	w->tab[i].key = 0;
	w->tab[i].count = 0;
}

static void
win_add(struct window *w, uint64_t key)
{
	size_t i;

	if (w->fill == w->n)
		win_del(w, w->ring[w->head]);
	else
		w->fill++;
	w->ring[w->head] = key;
	w->head = (w->head + 1) % w->n;
	i = win_find(w, key);
	w->tab[i].key = key;
	w->tab[i].count++;
}

/* Empty the window: as after win_init, at the cost of what it holds. */
static void
win_clear(struct window *w)
{
	size_t i;

	for (; w->fill > 0; w->fill--) {
		i = (w->head + w->n - w->fill) % w->n;
		win_del(w, w->ring[i]);
		w->ring[i] = 0;
	}
	w->head = 0;
}

/* The rules' defaults: weights, ladder, SLA, queue, tiers. */
static void
defaults(struct tw_triage *t)
{
	static const long ladder[] = { 500, 1000, 5000, 10000, 100000 };
	static const struct { const char *name; int points; } tiers[] = {
		{ "platinum", 20 }, { "gold", 15 }, { "silver", 10 },
		{ "bronze", 5 }
	};
	size_t i;

	memcpy(t->w, wdefault, sizeof t->w);
	for (i = 0; i < TW_URG_N; i++)
		t->upoints[i] = tw_urgency_points((int)i);
	memcpy(t->ladder, ladder, sizeof ladder);
	t->nladder = sizeof ladder / sizeof ladder[0];
	t->sla = 3600;
	t->defqueue = xstrdup("general");
	for (i = 0; i < sizeof tiers / sizeof tiers[0]; i++) {
		t->tier = xrealloc(t->tier, (t->ntier + 1) * sizeof *t->tier);
		t->tier[t->ntier].name = xstrdup(tiers[i].name);
		t->tier[t->ntier++].points = tiers[i].points;
	}
}

struct tw_triage *
tw_triage_new(void)
{
	struct tw_triage *t = xcalloc(1, sizeof *t);
	const struct kw *k;

	defaults(t);
	t->kw = tw_lexicon_new();
	for (k = keywords; k->term; k++)
		tw_lexicon_add(t->kw, k->term, k->cat, TW_LEX_VALENCE);
	t->en = tw_lexicon_builtin("en");
	t->urg = tw_urgency_new();
	t->spam = tw_spam_new();
	t->now = time(NULL);
	win_init(&t->ids, TW_TRIAGE_WINDOW);
	win_init(&t->texts, TEXT_WINDOW);
	win_init(&t->authtexts, TEXT_WINDOW);
	return t;
}

static void
rules_free(struct rule *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].name);
		tw_query_free(r[i].q);
		free(r[i].c.account);
		free(r[i].c.tier);
		free(r[i].c.urgency);
	}
	free(r);
}

static void crmtab_free(struct crmtab *tab);

/* What RULES, a CRM file and the calls after tw_triage_new set. */
static void
rules_clear(struct tw_triage *t)
{
	size_t i;

	rules_free(t->queue, t->nqueue);
	rules_free(t->urgent, t->nurgent);
	rules_free(t->request, t->nrequest);
	t->queue = t->urgent = t->request = NULL;
	t->nqueue = t->nurgent = t->nrequest = 0;
	for (i = 0; i < t->ntier; i++)
		free(t->tier[i].name);
	free(t->tier);
	t->tier = NULL;
	t->ntier = 0;
	crmtab_free(&t->crm);
	crmtab_free(&t->known);
	t->lookup = NULL;
	for (i = 0; i < t->nlex; i++)
		if (t->lex[i].own)
			tw_lexicon_free(t->lex[i].lx);
	free(t->lex);
	t->lex = NULL;
	t->nlex = 0;
	free(t->acct_id);
	free(t->acct_user);
	t->acct_id = t->acct_user = NULL;
	free(t->defqueue);
	t->defqueue = NULL;
}

void
tw_triage_free(struct tw_triage *t)
{
	if (!t)
		return;
	rules_clear(t);
	tw_lexicon_free(t->en);
	tw_lexicon_free(t->kw);
	tw_langid_free(t->langid);
	tw_urgency_free(t->urg);
	tw_spam_free(t->spam);
	win_free(&t->ids);
	win_free(&t->texts);
	win_free(&t->authtexts);
	free(t);
}

void
tw_triage_reset(struct tw_triage *t)
{
	rules_clear(t);
	defaults(t);
	win_clear(&t->ids);
	win_clear(&t->texts);
	win_clear(&t->authtexts);
}

/* --- the CRM and the VIP list: one table keyed by username or id --- */

static struct crm *
crm_slot(struct crmtab *tab, const char *key)
{
	size_t i;

	if (!tab->cap)
		return NULL;
	i = (size_t)hash64(key, strlen(key)) & (tab->cap - 1);
	while (tab->e[i].key && strcmp(tab->e[i].key, key))
		i = (i + 1) & (tab->cap - 1);
	return &tab->e[i];
}

/* The entry for a user ("@name", "name" or an id), created if absent. */
static struct crm *
crm_get(struct crmtab *tab, const char *user)
{
	struct crm *c, *old;
	char *k;
	size_t i, ocap;

	if (*user == '@')
		user++;
	if ((tab->n + 1) * 2 > tab->cap) {
		old = tab->e;
		ocap = tab->cap;
		tab->cap = ocap ? ocap * 2 : 64;
		tab->e = xcalloc(tab->cap, sizeof *tab->e);
		for (i = 0; i < ocap; i++)
			if (old[i].key)
				*crm_slot(tab, old[i].key) = old[i];
		free(old);
	}
	k = xstrdup(user);
	for (i = 0; k[i]; i++)
		k[i] = (char)tolower((unsigned char)k[i]);
	c = crm_slot(tab, k);
	if (c->key)
		free(k);
	else {
		c->key = k;
		tab->n++;
	}
	return c;
}

static void
crmtab_free(struct crmtab *tab)
{
	size_t i;

	for (i = 0; i < tab->cap; i++) {
		free(tab->e[i].key);
		free(tab->e[i].tier);
	}
	free(tab->e);
	memset(tab, 0, sizeof *tab);
}

/* The store's profile of an author with an id, asked once per author
 * and account: NULL when it has no tier and no VIP tag. */
static const struct crm *
known_find(struct tw_triage *t, const cJSON *rec, const cJSON *author)
{
	const char *id = tw_json_str(author, "id"), *acct;
	struct crm *k;
	char *key;

	if (!t->lookup || !id)
		return NULL;
	if (!(acct = tw_json_str(tw_json_path(rec, "account"), "id")))
		acct = t->acct_id;
	key = xasprintf("%s/%s", acct ? acct : "", id);
	k = crm_get(&t->known, key);
	free(key);
	if (!k->looked) {
		k->looked = 1;
		if (t->lookup(t->lookup_ctx, acct, id, tw_json_str(author,
		    "username"), &k->tier, &k->vip) < 0)
			t->lookup = NULL;       /* the store failed: said */
	}
	return k->tier || k->vip ? k : NULL;
}

/* The CRM file's and the VIP list's entry for the author, with the
 * store's: the file's tier first, a VIP when either says so. */
static const struct crm *
crm_find(struct tw_triage *t, const cJSON *rec, const cJSON *author)
{
	const struct crm *k = known_find(t, rec, author), *c = NULL;
	const char *u;
	char buf[64];
	size_t i;

	if (t->crm.n && author && (u = tw_json_str(author, "id")) &&
	    (c = crm_slot(&t->crm, u)) && !c->key)
		c = NULL;
	if (!c && t->crm.n && (u = tw_json_str(author, "username")) &&
	    strlen(u) < sizeof buf) {
		for (i = 0; u[i]; i++)
			buf[i] = (char)tolower((unsigned char)u[i]);
		buf[i] = '\0';
		if ((c = crm_slot(&t->crm, buf)) && !c->key)
			c = NULL;
	}
	if (!k || !c)
		return c ? c : k;
	t->both.tier = c->tier ? c->tier : k->tier;
	t->both.vip = c->vip || k->vip;
	return &t->both;
}

void
tw_triage_lookup(struct tw_triage *t, tw_triage_lookup_fn fn, void *ctx)
{
	t->lookup = fn;
	t->lookup_ctx = ctx;
}

int
tw_triage_crm(struct tw_triage *t, const char *path)
{
	tw_reader r;
	struct tw_loc loc;
	const cJSON *tags, *tag;
	const char *user, *tier;
	struct crm *c;
	cJSON *o;
	char *line;
	int rv = 0;

	if (tw_reader_open(&r, path) < 0)
		return -1;
	while ((line = tw_reader_line(&r))) {
		if (!*line)
			continue;
		loc = r.loc;
		if (!(o = tw_parse_line(line, strlen(line), &loc))) {
			rv = -1;
			continue;
		}
		if (!(user = tw_json_str(o, "user")) || !*user ||
		    !strcmp(user, "@")) {
			tw_warn_at(&loc, "no \"user\"");
			rv = -1;
		} else {
			c = crm_get(&t->crm, user);
			if ((tier = tw_json_str(o, "tier"))) {
				free(c->tier);
				c->tier = xstrdup(tier);
			}
			tags = cJSON_GetObjectItemCaseSensitive(o, "tags");
			cJSON_ArrayForEach(tag, tags)
				if (cJSON_IsString(tag) &&
				    !strcasecmp(tag->valuestring, "vip"))
					c->vip = 1;
		}
		cJSON_Delete(o);
	}
	if (r.error || r.bad)
		rv = -1;
	tw_reader_close(&r);
	return rv;
}

/* --- RULES --- */

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Split a rule's query into our own operators (into c) and the X query
 * (returned, caller frees). */
static char *
split_conds(const char *q, struct cond *c, const char **err)
{
	tw_buf out = { 0 };
	const char *p = q, *s;
	char *tok, *end;
	int inq;

	c->followers = -1;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		s = p;
		for (inq = 0; *p && (inq || (*p != ' ' && *p != '\t')); p++)
			if (*p == '"')
				inq = !inq;
		tok = xstrndup(s, (size_t)(p - s));
		if (!strncmp(tok, "followers:", 10)) {
			c->followers = strtol(tok + 10, &end, 10);
			if (end == tok + 10 || *end || c->followers < 0) {
				free(tok);
				tw_buf_free(&out);
				*err = "followers: wants a number";
				return NULL;
			}
		} else if (!strncmp(tok, "account:", 8) && tok[8]) {
			free(c->account);
			c->account = xstrdup(tok + 8 + (tok[8] == '@'));
		} else if (!strncmp(tok, "tier:", 5) && tok[5]) {
			free(c->tier);
			c->tier = xstrdup(tok + 5);
		} else if (!strncmp(tok, "urgency:", 8) && tok[8]) {
			free(c->urgency);
			c->urgency = xstrdup(tok + 8);
		} else if (!strcmp(tok, "is:urgent"))
			c->urgent = 1;
		else if (!strcmp(tok, "is:vip"))
			c->vip = 1;
		else if (!strcmp(tok, "is:dm"))
			c->dm = 1;
		else {
			if (out.len)
				tw_buf_addc(&out, ' ');
			tw_buf_adds(&out, tok);
		}
		free(tok);
	}
	return out.len ? tw_buf_steal(&out) : NULL;
}

static int
add_rule(struct tw_triage *t, struct rule **list, size_t *n,
    const char *name, const char *q, const char **err)
{
	struct rule r = { 0 };
	char *x;

	x = split_conds(q, &r.c, err);
	if (*err)
		goto bad;
	if (x && !(r.q = tw_query_parse(x, err))) {
		free(x);
		goto bad;
	}
	free(x);
	if (!r.q && r.c.followers < 0 && !r.c.account && !r.c.tier &&
	    !r.c.urgency && !r.c.vip && !r.c.dm && !r.c.urgent &&
	    list != &t->queue) {
		*err = "empty query";
		goto bad;
	}
	r.name = xstrdup(name);
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = r;
	return 0;
bad:
	free(r.c.account);
	free(r.c.tier);
	free(r.c.urgency);
	return -1;
}

static int
valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return 0;
	return 1;
}

/* "queue NAME: QUERY" and "urgent NAME: QUERY" into list. */
static int
named_rule(struct tw_triage *t, const char *word, struct rule **list,
    size_t *n, char *rest, const char **err)
{
	char *colon, *name;

	if (!(colon = strchr(rest, ':'))) {
		snprintf(t->err, sizeof t->err, "%s: expected '%s NAME: QUERY'",
		    word, word);
		return -1;
	}
	*colon = '\0';
	name = trim(rest);
	if (!valid_name(name)) {
		snprintf(t->err, sizeof t->err, "%s: bad name '%s' "
		    "(letters, digits, - _ .)", word, name);
		return -1;
	}
	if (add_rule(t, list, n, name, trim(colon + 1), err) < 0) {
		snprintf(t->err, sizeof t->err, "%s %s: %s", word, name, *err);
		return -1;
	}
	return 0;
}

/* queue NAME: QUERY */
static int
dir_queue(struct tw_triage *t, const char *word, char *rest, const char **err)
{
	return named_rule(t, word, &t->queue, &t->nqueue, rest, err);
}

/* urgent CATEGORY: QUERY */
static int
dir_urgent(struct tw_triage *t, const char *word, char *rest,
    const char **err)
{
	return named_rule(t, word, &t->urgent, &t->nurgent, rest, err);
}

/* request: QUERY */
static int
dir_request(struct tw_triage *t, const char *word, char *rest,
    const char **err)
{
	(void)word;
	if (add_rule(t, &t->request, &t->nrequest, "request", rest, err) < 0) {
		snprintf(t->err, sizeof t->err, "request: %s", *err);
		return -1;
	}
	return 0;
}

/* default QUEUE */
static int
dir_default(struct tw_triage *t, const char *word, char *rest,
    const char **err)
{
	(void)word;
	(void)err;
	if (!valid_name(rest)) {
		snprintf(t->err, sizeof t->err, "default: bad queue name '%s'",
		    rest);
		return -1;
	}
	free(t->defqueue);
	t->defqueue = xstrdup(rest);
	return 0;
}

/* vip @NAME|ID */
static int
dir_vip(struct tw_triage *t, const char *word, char *rest, const char **err)
{
	(void)word;
	(void)err;
	if (!*rest || !strcmp(rest, "@") || strpbrk(rest, " \t")) {
		snprintf(t->err, sizeof t->err, "vip: expected one @name or "
		    "user id");
		return -1;
	}
	crm_get(&t->crm, rest)->vip = 1;
	return 0;
}

/* The first word of *s, cut off; *s is left just after it. */
static char *
first_word(char **s)
{
	char *w = *s;

	*s += strcspn(*s, " \t");
	if (**s)
		*(*s)++ = '\0';
	return w;
}

/* Points 0..100, alone on the rest of the line: 0, or -1. */
static int
points_of(char *s, int *points)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *trim(end) || v < 0 || v > 100)
		return -1;
	*points = (int)v;
	return 0;
}

/* weight TERM POINTS (TERM a term of the priority or an urgency
 * category) */
static int
dir_weight(struct tw_triage *t, const char *word, char *rest,
    const char **err)
{
	const char *name = first_word(&rest);
	int i, cat, points;

	(void)word;
	(void)err;
	for (i = 0; i < NWEIGHT; i++)
		if (!strcmp(name, wname[i]))
			break;
	cat = i < NWEIGHT ? -1 : tw_urgency_category(name);
	if (i == NWEIGHT && cat < 0) {
		snprintf(t->err, sizeof t->err, "weight: unknown term '%s'",
		    name);
		return -1;
	}
	if (points_of(rest, &points) < 0) {
		snprintf(t->err, sizeof t->err, "weight %s: expected points "
		    "0..100", name);
		return -1;
	}
	if (cat >= 0)
		t->upoints[cat] = points;
	else
		t->w[i] = points;
	return 0;
}

/* ladder STEP... (increasing follower counts) */
static int
dir_ladder(struct tw_triage *t, const char *word, char *rest,
    const char **err)
{
	char *s, *end;
	long v, prev = 0;
	int n = 0;

	(void)word;
	(void)err;
	for (s = rest; *(s = trim(s)); s = end) {
		v = strtol(s, &end, 10);
		if (end == s || (*end && !isspace((unsigned char)*end)) ||
		    v <= prev || n == MAXLADDER) {
			snprintf(t->err, sizeof t->err, "ladder: expected up "
			    "to %d increasing positive numbers", MAXLADDER);
			return -1;
		}
		t->ladder[n++] = prev = v;
	}
	if (!n) {
		snprintf(t->err, sizeof t->err, "ladder: no steps");
		return -1;
	}
	t->nladder = n;
	return 0;
}

/* tier NAME POINTS (a new tier, or new points for one) */
static int
dir_tier(struct tw_triage *t, const char *word, char *rest, const char **err)
{
	const char *name = first_word(&rest);
	size_t i;
	int points;

	(void)word;
	(void)err;
	if (points_of(rest, &points) < 0 || !valid_name(name)) {
		snprintf(t->err, sizeof t->err, "tier: expected 'tier NAME "
		    "POINTS' (0..100)");
		return -1;
	}
	for (i = 0; i < t->ntier; i++)
		if (!strcasecmp(t->tier[i].name, name))
			break;
	if (i == t->ntier) {
		t->tier = xrealloc(t->tier, (t->ntier + 1) * sizeof *t->tier);
		t->tier[t->ntier++].name = xstrdup(name);
	}
	t->tier[i].points = points;
	return 0;
}

/* sla DURATION */
static int
dir_sla(struct tw_triage *t, const char *word, char *rest, const char **err)
{
	long v;

	(void)word;
	(void)err;
	if (tw_duration_parse(rest, &v) < 0 || v <= 0) {
		snprintf(t->err, sizeof t->err, "sla: bad duration '%s'", rest);
		return -1;
	}
	t->sla = v;
	return 0;
}

/* The RULES directives: the first word of a line, and its parser (which
 * writes t->err when it fails). */
static const struct directive {
	const char *word;
	int (*parse)(struct tw_triage *t, const char *word, char *rest,
	    const char **err);
} directives[] = {
	{ "queue", dir_queue }, { "urgent", dir_urgent },
	{ "request", dir_request }, { "default", dir_default },
	{ "vip", dir_vip }, { "weight", dir_weight }, { "ladder", dir_ladder },
	{ "tier", dir_tier }, { "sla", dir_sla }
};

int
tw_triage_rule(struct tw_triage *t, const char *line, const char **err)
{
	char *buf = xstrdup(line), *word, *rest;
	size_t i, n = sizeof directives / sizeof directives[0];
	int rv = -1;

	*err = NULL;
	word = trim(buf);
	if (!*word || *word == '#') {
		free(buf);
		return 0;
	}
	rest = word + strcspn(word, " \t:");   /* "request:" "spam:" */
	if (*rest)
		*rest++ = '\0';
	rest = trim(rest);
	for (i = 0; i < n && strcmp(word, directives[i].word); i++)
		;
	if (i < n)
		rv = directives[i].parse(t, word, rest, err);
	else
		snprintf(t->err, sizeof t->err, "unknown directive '%s'", word);
	if (rv < 0)
		*err = t->err;
	free(buf);
	return rv;
}

int
tw_triage_rules(struct tw_triage *t, const char *path)
{
	tw_reader r;
	const char *err;
	char *line;
	int rv = 0;

	if (tw_reader_open(&r, path) < 0)
		return -1;
	while ((line = tw_reader_line(&r)))
		if (tw_triage_rule(t, line, &err) < 0) {
			tw_warn_at(&r.loc, "%s", err);
			rv = -1;
			break;
		}
	if (r.error || r.bad)
		rv = -1;
	tw_reader_close(&r);
	return rv;
}

void
tw_triage_lexicon(struct tw_triage *t, const char *lang,
    struct tw_lexicon *lx)
{
	t->lex = xrealloc(t->lex, (t->nlex + 1) * sizeof *t->lex);
	snprintf(t->lex[t->nlex].lang, sizeof t->lex[t->nlex].lang, "%s",
	    lang);
	t->lex[t->nlex].own = 0;
	t->lex[t->nlex++].lx = lx;
}

struct tw_lexicon *
tw_triage_get_lexicon(struct tw_triage *t, const char *lang)
{
	struct tw_lexicon *lx = NULL;
	size_t i;

	for (i = t->nlex; lang && i > 0; i--)
		if (!strcasecmp(t->lex[i - 1].lang, lang))
			return t->lex[i - 1].lx;
	/* "pt-BR", "es_419": the primary language's, when none of its own */
	if (lang && (i = strcspn(lang, "-_")) > 0 && lang[i] && i < 8) {
		char primary[8];

		snprintf(primary, sizeof primary, "%.*s", (int)i, lang);
		return tw_triage_get_lexicon(t, primary);
	}
	if (!lang || !strcmp(lang, "en"))
		return t->en;
	/* another built-in language: made now, kept, freed with t */
	if (strlen(lang) < sizeof t->lex[0].lang &&
	    (lx = tw_lexicon_builtin(lang))) {
		tw_triage_lexicon(t, lang, lx);
		t->lex[t->nlex - 1].own = 1;
	}
	return lx;
}

void
tw_triage_account(struct tw_triage *t, const char *id, const char *username)
{
	free(t->acct_id);
	free(t->acct_user);
	t->acct_id = id ? xstrdup(id) : NULL;
	t->acct_user = username ? xstrdup(username + (*username == '@')) :
	    NULL;
}

void
tw_triage_model(struct tw_triage *t, int on)
{
	t->model = on;
}

void
tw_triage_lexicon_only(struct tw_triage *t, const char *lang)
{
	if (t->nlexonly < sizeof t->lexonly / sizeof t->lexonly[0])
		snprintf(t->lexonly[t->nlexonly++], sizeof t->lexonly[0],
		    "%s", lang);
}

/* Does the model score lang: one it knows, whose lexicon is tw's own? */
static int
by_model(const struct tw_triage *t, const char *lang)
{
	size_t i;

	if (!t->model || !tw_sentmodel_knows(lang))
		return 0;
	for (i = 0; i < t->nlexonly; i++)
		if (tw_lang_same(t->lexonly[i], lang))
			return 0;
	return 1;
}

void
tw_triage_now(struct tw_triage *t, time_t now)
{
	t->now = now;
}

void
tw_triage_seen(struct tw_triage *t, const char *id)
{
	win_add(&t->ids, hash64(id, strlen(id)));
}

/* --- one record --- */

struct why {
	cJSON *arr;
	int sum;
};

static void
term(struct why *w, const char *name, const char *detail, int points)
{
	cJSON *o;

	if (!points)
		return;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "term", name);
	if (detail)
		cJSON_AddStringToObject(o, "detail", detail);
	cJSON_AddNumberToObject(o, "points", points);
	cJSON_AddItemToArray(w->arr, o);
	w->sum += points;
}

static long
num(const cJSON *o, const char *path)
{
	return tw_json_long(tw_json_path(o, path), 0);
}

static int
same_user(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	a += *a == '@';
	b += *b == '@';
	return !strcasecmp(a, b);
}

/* Whether the array of strings a holds s. */
static int
has_string(const cJSON *a, const char *s)
{
	const cJSON *u;
	int seen = 0;

	cJSON_ArrayForEach(u, a)
		seen |= !strcmp(u->valuestring, s);
	return seen;
}

/* Our own operators; urg: the urgency categories found so far. */
static int
cond_match(struct tw_triage *t, const struct cond *c, const cJSON *rec,
    const struct crm *cr, long reach, const cJSON *urg)
{
	const char *type = tw_json_str(rec, "type");

	if (c->urgent && cJSON_GetArraySize(urg) == 0)
		return 0;
	if (c->urgency && !has_string(urg, c->urgency))
		return 0;

	if (c->followers >= 0 && reach < c->followers)
		return 0;
	if (c->account && !same_user(c->account,
	    tw_json_str(tw_json_path(rec, "account"), "username")) &&
	    !(t->acct_user && same_user(c->account, t->acct_user) &&
	    !tw_json_path(rec, "account")))
		return 0;
	if (c->tier && (!cr || !cr->tier || strcasecmp(c->tier, cr->tier)))
		return 0;
	if (c->vip && (!cr || !cr->vip))
		return 0;
	if (c->dm && (!type || strcmp(type, "dm")))
		return 0;
	return 1;
}

static int
rule_match(struct tw_triage *t, const struct rule *r, const cJSON *rec,
    const struct crm *cr, long reach, const cJSON *urg)
{
	return cond_match(t, &r->c, rec, cr, reach, urg) &&
	    (!r->q || tw_query_match(r->q, rec));
}

/* Count of a list in entities, else of a pattern in the text. */
static int
count_of(const cJSON *rec, const char *ent, const char *text,
    const char *pat)
{
	const cJSON *a = tw_json_path(rec, ent);
	const char *p;
	int n = 0;

	if (cJSON_IsArray(a))
		return cJSON_GetArraySize(a);
	for (p = text; (p = strstr(p, pat)); p += strlen(pat))
		n++;
	return n;
}

/* The text with mentions, URLs, case, punctuation and spacing taken out;
 * its hash, 0 when shorter than min. */
static uint64_t
text_key(const char *s, size_t min)
{
	char buf[512];
	size_t o = 0;

	while (*s && o < sizeof buf - 1) {
		if ((*s == '@' || !strncmp(s, "http", 4)) &&
		    (s[1] && s[1] != ' ')) {
			while (*s && !isspace((unsigned char)*s))
				s++;
			continue;
		}
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			buf[o++] = (char)tolower((unsigned char)*s);
		s++;
	}
	return o < min ? 0 : hash64(buf, o);
}

static int
addressed(struct tw_triage *t, const cJSON *rec, const char *bid,
    const char *buser, const char *text)
{
	const cJSON *m, *ms;
	const char *p;
	size_t n;

	if (!buser && !bid)
		return 1;
	if (bid && (same_user(bid, tw_json_str(tw_json_path(rec,
	    "in_reply_to"), "user_id"))))
		return 1;
	if (!buser)
		return 1;
	(void)t;
	if (same_user(buser, tw_json_str(tw_json_path(rec, "in_reply_to"),
	    "username")))
		return 1;
	ms = tw_json_path(rec, "entities.mentions");
	cJSON_ArrayForEach(m, ms) {
		if (cJSON_IsString(m) && same_user(buser, m->valuestring))
			return 1;
		if (same_user(buser, tw_json_str(m, "username")))
			return 1;
	}
	/* the brand's name as a word of the text */
	n = strlen(buser);
	for (p = text; n && (p = strcasestr(p, buser)); p += n)
		if ((p == text || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[n]) && p[n] != '_')
			return 1;
	return 0;
}

static const char *
noise_of(struct tw_triage *t, const cJSON *rec, const char *type,
    const char *text)
{
	const cJSON *acct = tw_json_path(rec, "account");
	const char *bid = t->acct_id, *buser = t->acct_user, *id, *dir;
	const cJSON *author = tw_json_path(rec, "author");
	uint64_t k, ka;
	int dup = 0;

	if (!bid && !buser) {
		bid = tw_json_str(acct, "id");
		buser = tw_json_str(acct, "username");
	}
	/* ids first: every record is remembered, noise or not */
	if ((id = tw_json_str(rec, "id")) && *id) {
		k = hash64(id, strlen(id));
		dup = win_count(&t->ids, k) > 0;
		win_add(&t->ids, k);
	}
	dir = tw_json_str(rec, "direction");
	if ((dir && !strcmp(dir, "out")) ||
	    (bid && same_user(bid, tw_json_str(author, "id"))) ||
	    (buser && same_user(buser, tw_json_str(author, "username"))))
		return "echo";
	if ((tw_json_path(rec, "retweet_of") &&
	    !cJSON_IsNull(tw_json_path(rec, "retweet_of"))) ||
	    !strncmp(text, "RT @", 4))
		return "retweet";
	if (dup)
		return "duplicate";
	t->spamwhy[0] = '\0';
	if (count_of(rec, "entities.urls", text, "http") >= 3 ||
	    count_of(rec, "entities.mentions", text, "@") >= 6) {
		snprintf(t->spamwhy, sizeof t->spamwhy, "links-or-mentions");
		return "spam";
	}
	if (tw_spam_points(t->spam, rec, text, t->now, t->spamwhy,
	    sizeof t->spamwhy) >= TW_SPAM_MIN)
		return "spam";
	if ((k = text_key(text, 16))) {
		const char *aid = tw_json_str(author, "id");
		ka = k ^ hash64(aid ? aid : "", aid ? strlen(aid) : 0);
		dup = win_count(&t->texts, k) >= 2 ||
		    win_count(&t->authtexts, ka) >= 2;
		win_add(&t->texts, k);
		win_add(&t->authtexts, ka);
		if (dup) {
			snprintf(t->spamwhy, sizeof t->spamwhy, "repeated-text");
			return "spam";
		}
	}
	if (!strcmp(type, "tweet") && !addressed(t, rec, bid, buser, text))
		return "not-addressed";
	return NULL;
}

static int
is_question(const char *text)
{
	static const char *const qw[] = {
		"how ", "what ", "what's ", "when ", "where ", "why ", "who ",
		"which ", "can ", "could ", "do ", "does ", "is ", "are ",
		"will ", "would ", "should ", "any ", NULL
	};
	const char *const *w;
	const char *p = text;

	if (strchr(text, '?'))
		return 1;
	/* skip leading mentions */
	while (*p == '@' || isspace((unsigned char)*p)) {
		if (*p == '@')
			while (*p && !isspace((unsigned char)*p))
				p++;
		else
			p++;
	}
	for (w = qw; *w; w++)
		if (!strncasecmp(p, *w, strlen(*w)))
			return 1;
	return 0;
}

static void
kwhit(const struct tw_lexent *e, void *ctx)
{
	*(unsigned *)ctx |= 1u << (int)e->val;
}

/* What the terms of one record are computed from. */
struct facts {
	struct tw_triage *t;
	const cJSON *rec, *author;
	const char *type, *text, *noise, *intent;
	const struct crm *cr;
	double score;
	int cls;                /* the model's class, or -1 (the lexicon) */
	char top[96];           /* the model's top words */
	long reach;
	unsigned kwmask;
	struct tw_urgency_found uf;     /* the built-in categories */
	cJSON *urg;             /* the urgency categories, in order */
};

/* Is the text negative (strong: a lexicon's score at or under -0.25),
 * or positive enough for praise?  By the model's class where it spoke,
 * its score telling strength; else by the lexicon's score. */
static int
negative(const struct facts *f, int strong)
{
	if (f->cls < 0)
		return f->score <= (strong ? -0.25 : -TW_SENTIMENT_BAND);
	/* the model's scores run to the ends: strong is p(neg) - p(pos)
	 * of a half and more */
	return f->cls == TW_SM_NEG && (!strong || f->score <= -0.5);
}

static int
praising(const struct facts *f)
{
	return (f->cls < 0 || f->cls == TW_SM_POS) && f->score >= 0.3;
}

/* A positive score makes praise only when nothing is urgent: "it's
 * fine" quoted in a safety report is not praise. */
static const char *
intent_of(const struct facts *f)
{
	struct tw_triage *t = f->t;
	size_t i;
	int cues = tw_intent_cues(tw_json_str(f->rec, "lang"), f->text);

	if (f->noise && !strcmp(f->noise, "spam"))
		return "spam";
	if (negative(f, 1))
		return "complaint";
	if (is_question(f->text) || cues & TW_CUE_QUESTION)
		return "question";
	if (f->kwmask & 1u << K_REQUEST || cues & TW_CUE_REQUEST)
		return "request";
	for (i = 0; i < t->nrequest; i++)
		if (rule_match(t, &t->request[i], f->rec, f->cr, f->reach,
		    f->urg))
			return "request";
	if (negative(f, 0))
		return "complaint";
	if (cJSON_GetArraySize(f->urg) > 0)
		return f->uf.mask & ~(1u << TW_URG_PRESS) ? "complaint" :
		    "other";
	if (praising(f))
		return "praise";
	return "other";
}

/* The urgency categories: the built-in ones (urgency.c), outage, then
 * RULES, then a press profile. */
static cJSON *
urgent_of(const struct facts *f)
{
	struct tw_triage *t = f->t;
	const cJSON *v;
	cJSON *urg = cJSON_CreateArray();
	size_t j;
	int k;

	for (k = 0; k < TW_URG_N; k++)
		if (f->uf.mask & 1u << k)
			cJSON_AddItemToArray(urg,
			    cJSON_CreateString(tw_urgency_name(k)));
	if (f->kwmask & 1u << K_OUTAGE)
		cJSON_AddItemToArray(urg, cJSON_CreateString("outage"));
	for (j = 0; j < t->nurgent; j++)
		if (!has_string(urg, t->urgent[j].name) &&
		    rule_match(t, &t->urgent[j], f->rec, f->cr, f->reach, urg))
			cJSON_AddItemToArray(urg,
			    cJSON_CreateString(t->urgent[j].name));
	/* a journalist's profile counts as press */
	if ((v = tw_json_path(f->author, "description")) &&
	    cJSON_IsString(v) && (strcasestr(v->valuestring, "journalist") ||
	    strcasestr(v->valuestring, "reporter")) &&
	    !has_string(urg, "press"))
		cJSON_AddItemToArray(urg, cJSON_CreateString("press"));
	return urg;
}

/* The larger of the author's followers and the impressions. */
static long
reach_of(const cJSON *rec)
{
	long reach = num(rec, "author.followers"), f;

	if ((f = num(rec, "metrics.impressions")) > reach)
		reach = f;
	return reach;
}

/* The model's class, top words and score (p_pos - p_neg) for f. */
static void
model_score(struct facts *f)
{
	double p[3];

	f->cls = tw_sentmodel(f->text, f->score, p, f->top, sizeof f->top);
	f->score = round((p[TW_SM_POS] - p[TW_SM_NEG]) * 1000) / 1000;
}

/* Fill f for rec; 0 when rec is neither a tweet nor a DM. */
static int
facts_of(struct tw_triage *t, cJSON *rec, struct facts *f)
{
	struct tw_lexicon *lx;
	const char *lang;

	f->t = t;
	f->rec = rec;
	f->author = tw_json_path(rec, "author");
	f->type = tw_json_str(rec, "type");
	if (!f->type || (strcmp(f->type, "tweet") && strcmp(f->type, "dm")))
		return 0;
	if (!(f->text = tw_json_str(rec, "text")))
		f->text = "";
	f->noise = noise_of(t, rec, f->type, f->text);
	lang = tw_lang_fill(&t->langid, rec);
	if (!(lx = tw_triage_get_lexicon(t, lang)))
		lx = t->en;
	f->score = round(tw_sentiment(lx, f->text, NULL, NULL) * 1000) / 1000;
	/* the model, in the languages it knows, on their lexicons' score;
	 * a text of no known language (und, zxx, X's q codes) is taken
	 * for English, as the lexicon takes it */
	if (tw_lang_missing(lang) || !strcmp(lang, "zxx") || *lang == 'q')
		lang = "en";
	if ((f->cls = by_model(t, lang) ? 0 : -1) == 0)
		model_score(f);
	f->reach = reach_of(rec);
	f->cr = crm_find(t, rec, f->author);
	f->kwmask = 0;
	tw_lexicon_scan(t->kw, f->text, kwhit, &f->kwmask);
	tw_urgency_scan_lang(t->urg, f->text, lang, &f->uf);
	f->urg = urgent_of(f);
	f->intent = intent_of(f);
	return 1;
}

/* urgent: a term for each urgency category, its points by category
 * (RULES' own categories and outage: the "urgent" weight), the term
 * found as its detail. */
static void
why_urgent(const struct facts *f, struct why *w)
{
	const cJSON *u;
	char detail[128];
	int k;

	cJSON_ArrayForEach(u, f->urg) {
		k = tw_urgency_category(u->valuestring);
		if (k >= 0 && f->uf.term[k])
			snprintf(detail, sizeof detail, "%s: %s", u->valuestring,
			    f->uf.term[k]);
		else
			snprintf(detail, sizeof detail, "%s", u->valuestring);
		term(w, "urgent", detail, k >= 0 ? f->t->upoints[k] :
		    f->t->w[W_URGENT]);
	}
}

/* reach: a share of the weight for each step of the ladder reached. */
static void
why_reach(const struct facts *f, struct why *w)
{
	const struct tw_triage *t = f->t;
	char detail[64];
	int k;

	for (k = 0; k < t->nladder && f->reach >= t->ladder[k]; k++)
		;
	if (!k)
		return;
	snprintf(detail, sizeof detail, "%ld >= %ld", f->reach,
	    t->ladder[k - 1]);
	term(w, "reach", detail, (int)lround((double)t->w[W_REACH] * k /
	    t->nladder));
}

/* verified: the author is verified. */
static void
why_verified(const struct facts *f, struct why *w)
{
	if (cJSON_IsTrue(tw_json_path(f->author, "verified")))
		term(w, "verified", NULL, f->t->w[W_VERIFIED]);
}

/* sentiment: negative enough, in proportion to the score. */
static void
why_sentiment(const struct facts *f, struct why *w)
{
	char detail[128];

	if (f->cls >= 0 ? f->cls == TW_SM_NEG : f->score <= -TW_SENTIMENT_BAND) {
		snprintf(detail, sizeof detail, f->cls >= 0 ? "model %.3f %s" :
		    "%.3f", f->score, f->top);
		term(w, "sentiment", detail, (int)lround(-f->score *
		    f->t->w[W_SENTIMENT]));
	}
}

/* tier: the CRM tier's points. */
static void
why_tier(const struct facts *f, struct why *w)
{
	const struct tw_triage *t = f->t;
	size_t j;

	if (!f->cr || !f->cr->tier)
		return;
	for (j = 0; j < t->ntier; j++)
		if (!strcasecmp(t->tier[j].name, f->cr->tier))
			term(w, "tier", f->cr->tier, t->tier[j].points);
}

/* vip: a VIP by the CRM or RULES. */
static void
why_vip(const struct facts *f, struct why *w)
{
	if (f->cr && f->cr->vip)
		term(w, "vip", NULL, f->t->w[W_VIP]);
}

/* dm: a direct message. */
static void
why_dm(const struct facts *f, struct why *w)
{
	if (!strcmp(f->type, "dm"))
		term(w, "dm", NULL, f->t->w[W_DM]);
}

/* intent: a complaint, question or request. */
static void
why_intent(const struct facts *f, struct why *w)
{
	const int *wt = f->t->w;

	if (!strcmp(f->intent, "complaint"))
		term(w, "intent", f->intent, wt[W_COMPLAINT]);
	else if (!strcmp(f->intent, "question"))
		term(w, "intent", f->intent, wt[W_QUESTION]);
	else if (!strcmp(f->intent, "request"))
		term(w, "intent", f->intent, wt[W_REQUEST]);
}

/* wait: the time waited so far, as a share of the SLA. */
static void
why_wait(const struct facts *f, struct why *w)
{
	const struct tw_triage *t = f->t;
	const char *created;
	char detail[64], dbuf[24], sbuf[24];
	time_t ct;
	long age;

	if (!(created = tw_json_str(f->rec, "created_at")) ||
	    tw_time_parse_rfc3339(created, &ct) || ct >= t->now)
		return;
	age = (long)(t->now - ct);
	snprintf(detail, sizeof detail, "%s of %s",
	    tw_duration_format(age, dbuf, sizeof dbuf),
	    tw_duration_format(t->sla, sbuf, sizeof sbuf));
	term(w, "wait", detail, (int)lround((double)t->w[W_WAIT] *
	    (age >= t->sla ? 1 : (double)age / t->sla)));
}

/* cap: brings a sum over 100 back to 100. */
static void
why_cap(struct why *w)
{
	if (w->sum > 100)
		term(w, "cap", NULL, 100 - w->sum);
}

/* The first queue rule that matches, else the default queue. */
static const char *
queue_of(const struct facts *f)
{
	struct tw_triage *t = f->t;
	size_t j;

	for (j = 0; j < t->nqueue; j++)
		if (rule_match(t, &t->queue[j], f->rec, f->cr, f->reach,
		    f->urg))
			return t->queue[j].name;
	return t->defqueue;
}

/* The "triage" object; takes w's array and f's urgency categories. */
static cJSON *
triage_object(const struct facts *f, const struct why *w, const char *queue)
{
	cJSON *tr = cJSON_CreateObject(), *o;

	cJSON_AddNumberToObject(tr, "priority", w->sum);
	cJSON_AddItemToObject(tr, "why", w->arr);
	o = cJSON_AddObjectToObject(tr, "sentiment");
	cJSON_AddNumberToObject(o, "score", f->score);
	cJSON_AddStringToObject(o, "label", f->cls >= 0 ?
	    tw_sentmodel_label(f->cls) : tw_sentiment_label(f->score));
	cJSON_AddStringToObject(tr, "intent", f->intent);
	cJSON_AddItemToObject(tr, "urgent", f->urg);
	if (queue)
		cJSON_AddStringToObject(tr, "queue", queue);
	else
		cJSON_AddNullToObject(tr, "queue");
	if (f->cr && f->cr->tier)
		cJSON_AddStringToObject(tr, "tier", f->cr->tier);
	if (f->cr && f->cr->vip)
		cJSON_AddTrueToObject(tr, "vip");
	if (f->noise)
		cJSON_AddStringToObject(tr, "noise", f->noise);
	if (f->noise && !strcmp(f->noise, "spam"))
		cJSON_AddStringToObject(tr, "spam", f->t->spamwhy);
	if (f->uf.mask & 1u << TW_URG_SELF_HARM)
		cJSON_AddStringToObject(tr, "note", "possible self-harm: a "
		    "person should answer now, with your crisis line; no "
		    "macro, no bot");
	return tr;
}

/* The priority is the sum of these terms, in this order (noise has
 * none); the queue is chosen only for records that are not noise. */
const char *
tw_triage_record(struct tw_triage *t, cJSON *rec)
{
	struct facts f;
	struct why w;
	const char *queue = NULL;

	if (!facts_of(t, rec, &f))
		return NULL;
	w.arr = cJSON_CreateArray();
	w.sum = 0;
	if (!f.noise) {
		why_urgent(&f, &w);
		why_reach(&f, &w);
		why_verified(&f, &w);
		why_sentiment(&f, &w);
		why_tier(&f, &w);
		why_vip(&f, &w);
		why_dm(&f, &w);
		why_intent(&f, &w);
		why_wait(&f, &w);
		why_cap(&w);
		queue = queue_of(&f);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "triage");
	cJSON_AddItemToObject(rec, "triage", triage_object(&f, &w, queue));
	return f.noise;
}
