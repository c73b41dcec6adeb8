/* query.c - the X search query language: parse into a tree, match a tw
 * record against it.
 *
 * Grammar (X's precedence: AND binds tighter than OR):
 *
 *	query   = or
 *	or      = and { "OR" and }
 *	and     = unary { unary }
 *	unary   = "-" unary | "(" or ")" | term
 *	term    = "phrase" | op ":" value | @name | #tag | $tag | keyword
 *
 * Keywords match whole words of the text, case-insensitively (ASCII);
 * a keyword with non-ASCII letters (CJK has no spaces) matches anywhere.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query.h"

enum kind {
	Q_AND, Q_OR, Q_NOT,
	Q_WORD, Q_PHRASE, Q_FROM, Q_TO, Q_MENTION, Q_HASHTAG, Q_CASHTAG,
	Q_LANG, Q_IS_RETWEET, Q_IS_REPLY, Q_IS_QUOTE, Q_IS_VERIFIED,
	Q_HAS_LINKS, Q_HAS_MEDIA, Q_HAS_MENTIONS, Q_HAS_HASHTAGS, Q_CONV,
	Q_URL, Q_RETWEETS_OF
};

struct tw_query {
	enum kind kind;
	char *val;
	struct tw_query **kid;
	size_t nkid;
};

struct parser {
	const char *s;
	const char *err;
	int depth;
};

static struct tw_query *
node(enum kind k, const char *v, size_t n)
{
	struct tw_query *q = xcalloc(1, sizeof *q);

	q->kind = k;
	if (v)
		q->val = xstrndup(v, n);
	return q;
}

static void
adopt(struct tw_query *p, struct tw_query *k)
{
	p->kid = xrealloc(p->kid, (p->nkid + 1) * sizeof *p->kid);
	p->kid[p->nkid++] = k;
}

void
tw_query_free(struct tw_query *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->nkid; i++)
		tw_query_free(q->kid[i]);
	free(q->kid);
	free(q->val);
	free(q);
}

static void
skipws(struct parser *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
		p->s++;
}

static int
tokend(int c)
{
	return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '(' || c == ')';
}

/* Is the parser at the keyword OR (a token of its own)? */
static int
at_or(const struct parser *p)
{
	return p->s[0] == 'O' && p->s[1] == 'R' && tokend(p->s[2]);
}

/* A quoted string at p->s (after the opening quote is checked):
 * returns its contents with \" unescaped. */
static char *
quoted(struct parser *p)
{
	tw_buf b = { 0 };
	const char *s = p->s + 1;

	for (; *s && *s != '"'; s++) {
		if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
			s++;
		tw_buf_addc(&b, *s);
	}
	if (*s != '"') {
		tw_buf_free(&b);
		p->err = "unterminated quoted phrase";
		return NULL;
	}
	p->s = s + 1;
	return tw_buf_steal(&b);
}

static const struct {
	const char *name;
	enum kind kind;
} ops[] = {
	{ "from", Q_FROM }, { "to", Q_TO }, { "lang", Q_LANG },
	{ "conversation_id", Q_CONV }, { "url", Q_URL },
	{ "retweets_of", Q_RETWEETS_OF },
};

static const struct {
	const char *name;
	enum kind kind;
} flags[] = {
	{ "is:retweet", Q_IS_RETWEET }, { "is:reply", Q_IS_REPLY },
	{ "is:quote", Q_IS_QUOTE }, { "is:verified", Q_IS_VERIFIED },
	{ "has:links", Q_HAS_LINKS }, { "has:media", Q_HAS_MEDIA },
	{ "has:mentions", Q_HAS_MENTIONS }, { "has:hashtags", Q_HAS_HASHTAGS },
};

static struct tw_query *
term(struct parser *p)
{
	const char *s = p->s, *e, *colon;
	struct tw_query *q;
	char *v;
	size_t i, n;

	if (*s == '"') {
		if (!(v = quoted(p)))
			return NULL;
		if (!*v) {
			free(v);
			p->err = "empty quoted phrase";
			return NULL;
		}
		q = node(Q_PHRASE, v, strlen(v));
		free(v);
		return q;
	}
	for (e = s; !tokend(*e) && *e != '"'; e++)
		;
	n = e - s;
	if (n == 0) {
		p->err = "expected a search term";
		return NULL;
	}
	for (i = 0; i < sizeof flags / sizeof *flags; i++)
		if (strlen(flags[i].name) == n &&
		    strncasecmp(s, flags[i].name, n) == 0) {
			p->s = e;
			return node(flags[i].kind, NULL, 0);
		}
	colon = memchr(s, ':', n);
	if (colon && colon > s && strncmp(colon, "://", 3) != 0) {
		for (i = 0; i < sizeof ops / sizeof *ops; i++)
			if (strlen(ops[i].name) == (size_t)(colon - s) &&
			    strncasecmp(s, ops[i].name, colon - s) == 0)
				break;
		if (i == sizeof ops / sizeof *ops) {
			int word = 1;
			const char *c;

			for (c = s; c < colon; c++)
				if (!isalpha((unsigned char)*c) && *c != '_')
					word = 0;
			if (word) {
				p->err = "reference to an unknown operator";
				return NULL;
			}
		} else {
			p->s = colon + 1;
			if (*p->s == '"') {
				if (!(v = quoted(p)))
					return NULL;
			} else {
				for (e = p->s; !tokend(*e); e++)
					;
				v = xstrndup(p->s, e - p->s);
				p->s = e;
			}
			if (!*v) {
				free(v);
				p->err = "operator without a value";
				return NULL;
			}
			if (ops[i].kind == Q_FROM || ops[i].kind == Q_TO ||
			    ops[i].kind == Q_RETWEETS_OF)
				q = node(ops[i].kind, v + (*v == '@'),
				    strlen(v + (*v == '@')));
			else
				q = node(ops[i].kind, v, strlen(v));
			free(v);
			return q;
		}
	}
	p->s = e;
	if (n > 1 && (*s == '@' || *s == '#' || *s == '$'))
		return node(*s == '@' ? Q_MENTION : *s == '#' ? Q_HASHTAG :
		    Q_CASHTAG, s + 1, n - 1);
	return node(Q_WORD, s, n);
}

static struct tw_query *parse_or(struct parser *p);

static struct tw_query *
unary(struct parser *p)
{
	struct tw_query *q, *k;

	skipws(p);
	if (++p->depth > 64) {
		p->err = "query nested too deeply";
		return NULL;
	}
	if (*p->s == '-' && !tokend(p->s[1])) {
		p->s++;
		if (!(k = unary(p)))
			return NULL;
		q = node(Q_NOT, NULL, 0);
		adopt(q, k);
		p->depth--;
		return q;
	}
	if (*p->s == '(') {
		p->s++;
		if (!(q = parse_or(p)))
			return NULL;
		skipws(p);
		if (*p->s != ')') {
			tw_query_free(q);
			p->err = "missing ')'";
			return NULL;
		}
		p->s++;
		p->depth--;
		return q;
	}
	q = term(p);
	p->depth--;
	return q;
}

static struct tw_query *
parse_and(struct parser *p)
{
	struct tw_query *q = node(Q_AND, NULL, 0), *k;

	for (;;) {
		skipws(p);
		if (!*p->s || *p->s == ')' || at_or(p))
			break;
		if (!(k = unary(p))) {
			tw_query_free(q);
			return NULL;
		}
		adopt(q, k);
	}
	if (q->nkid == 0) {
		tw_query_free(q);
		p->err = *p->s == ')' ? "unexpected ')'" :
		    at_or(p) ? "OR without a term on both sides" : "empty query";
		return NULL;
	}
	if (q->nkid == 1) {
		k = q->kid[0];
		q->nkid = 0;
		tw_query_free(q);
		return k;
	}
	return q;
}

static struct tw_query *
parse_or(struct parser *p)
{
	struct tw_query *q, *k;

	if (!(k = parse_and(p)))
		return NULL;
	skipws(p);
	if (!at_or(p))
		return k;
	q = node(Q_OR, NULL, 0);
	adopt(q, k);
	while (at_or(p)) {
		p->s += 2;
		if (!(k = parse_and(p))) {
			tw_query_free(q);
			if (!p->err)
				p->err = "OR without a term on both sides";
			return NULL;
		}
		adopt(q, k);
		skipws(p);
	}
	return q;
}

/* Does the tree hold at least one term that is not negated? X refuses
 * a query made only of negations. */
static int
positive(const struct tw_query *q)
{
	size_t i;

	switch (q->kind) {
	case Q_NOT:
		return 0;
	case Q_AND:
		for (i = 0; i < q->nkid; i++)
			if (positive(q->kid[i]))
				return 1;
		return 0;
	case Q_OR:
		for (i = 0; i < q->nkid; i++)
			if (!positive(q->kid[i]))
				return 0;
		return 1;
	default:
		return 1;
	}
}

struct tw_query *
tw_query_parse(const char *s, const char **err)
{
	struct parser p = { s ? s : "", NULL, 0 };
	struct tw_query *q;

	q = parse_or(&p);
	if (q) {
		skipws(&p);
		if (*p.s) {
			tw_query_free(q);
			q = NULL;
			p.err = *p.s == ')' ? "unexpected ')'" : "unexpected input";
		} else if (!positive(q)) {
			tw_query_free(q);
			q = NULL;
			p.err = "a query must contain at least one term that is "
			    "not negated";
		}
	}
	if (!q && err)
		*err = p.err ? p.err : "invalid query";
	return q;
}

/* matching */

static int
wordc(int c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

static int
ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* needle in hay, case-insensitively for ASCII; with bounded set, the
 * match must not touch word characters on either side. */
static int
find(const char *hay, const char *needle, int bounded)
{
	size_t n = strlen(needle);
	const char *h;

	if (!hay || !n)
		return 0;
	for (h = hay; *h; h++) {
		if (strncasecmp(h, needle, n) != 0)
			continue;
		if (!bounded)
			return 1;
		if ((h == hay || !wordc((unsigned char)h[-1]) ||
		    !wordc((unsigned char)needle[0])) &&
		    (!wordc((unsigned char)h[n]) ||
		    !wordc((unsigned char)needle[n - 1])))
			return 1;
	}
	return 0;
}

static const char *
sval(const cJSON *o, const char *path)
{
	const cJSON *v = tw_json_path(o, path);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
present(const cJSON *rec, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, key);

	if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return 0;
	if (cJSON_IsString(v))
		return *v->valuestring != 0;
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		return cJSON_GetArraySize(v) > 0;
	return 1;
}

static int
eqname(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	if (*a == '@' || *a == '#' || *a == '$')
		a++;
	if (*b == '@' || *b == '#' || *b == '$')
		b++;
	return strcasecmp(a, b) == 0;
}

/* Is name among the entities of kind ("mentions", "hashtags", ...)?  An
 * entity is a string or an object with one of the given keys.  Without
 * an entities list the text is scanned for sigil+name. */
static int
entity(const cJSON *rec, const char *kind, const char *name, int sigil)
{
	const cJSON *list, *e;
	static const char *keys[] = { "username", "tag", "expanded_url", "url" };
	const char *text, *t, *v;
	size_t i, n;

	list = tw_json_path(tw_json_path(rec, "entities"), kind);
	if (cJSON_IsArray(list)) {
		cJSON_ArrayForEach(e, list) {
			if (cJSON_IsString(e) && eqname(e->valuestring, name))
				return 1;
			for (i = 0; i < 4 && cJSON_IsObject(e); i++)
				if ((v = tw_json_str(e, keys[i])) &&
				    eqname(v, name))
					return 1;
		}
		return 0;
	}
	if (!sigil || !(text = tw_json_str(rec, "text")))
		return 0;
	n = strlen(name);
	for (t = text; (t = strchr(t, sigil)); t++)
		if ((t == text || !wordc((unsigned char)t[-1])) &&
		    strncasecmp(t + 1, name, n) == 0 &&
		    !wordc((unsigned char)t[1 + n]))
			return 1;
	return 0;
}

static int
any_url(const cJSON *rec, const char *needle)
{
	const cJSON *list, *e;
	static const char *keys[] = { "expanded_url", "url", "display_url",
	    "unwound_url" };
	const char *v;
	size_t i;

	list = tw_json_path(rec, "entities.urls");
	cJSON_ArrayForEach(e, list) {
		if (cJSON_IsString(e) && find(e->valuestring, needle, 0))
			return 1;
		for (i = 0; i < 4 && cJSON_IsObject(e); i++)
			if ((v = tw_json_str(e, keys[i])) && find(v, needle, 0))
				return 1;
	}
	return 0;
}

static int
who(const cJSON *rec, const char *obj, const char *name)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(rec, obj);
	const char *v;

	if (!o)
		return 0;
	if (cJSON_IsString(o))
		return strcmp(o->valuestring, name) == 0;
	if ((v = tw_json_str(o, "username")) && eqname(v, name))
		return 1;
	if ((v = tw_json_str(o, "user_id")) && strcmp(v, name) == 0)
		return 1;
	return (v = tw_json_str(o, "id")) && strcmp(v, name) == 0 &&
	    strcmp(obj, "in_reply_to") != 0;
}

int
tw_query_match(const struct tw_query *q, const cJSON *rec)
{
	const cJSON *v;
	const char *s;
	size_t i;

	switch (q->kind) {
	case Q_AND:
		for (i = 0; i < q->nkid; i++)
			if (!tw_query_match(q->kid[i], rec))
				return 0;
		return 1;
	case Q_OR:
		for (i = 0; i < q->nkid; i++)
			if (tw_query_match(q->kid[i], rec))
				return 1;
		return 0;
	case Q_NOT:
		return !tw_query_match(q->kid[0], rec);
	case Q_WORD:
		return find(tw_json_str(rec, "text"), q->val, ascii(q->val));
	case Q_PHRASE:
		return find(tw_json_str(rec, "text"), q->val, ascii(q->val));
	case Q_FROM:
		return who(rec, "author", q->val);
	case Q_TO:
		if (who(rec, "in_reply_to", q->val))
			return 1;
		if ((s = tw_json_str(rec, "in_reply_to_username")) &&
		    eqname(s, q->val))
			return 1;
		return strcmp(tw_json_str(rec, "type") ? tw_json_str(rec, "type") :
		    "", "dm") == 0 && who(rec, "recipient", q->val);
	case Q_MENTION:
		return entity(rec, "mentions", q->val, '@');
	case Q_HASHTAG:
		return entity(rec, "hashtags", q->val, '#');
	case Q_CASHTAG:
		return entity(rec, "cashtags", q->val, '$');
	case Q_LANG:
		return (s = tw_json_str(rec, "lang")) && strcasecmp(s, q->val) == 0;
	case Q_IS_RETWEET:
		return present(rec, "retweet_of");
	case Q_IS_REPLY:
		return present(rec, "in_reply_to");
	case Q_IS_QUOTE:
		return present(rec, "quote_of");
	case Q_IS_VERIFIED:
		v = tw_json_path(rec, "author.verified");
		return cJSON_IsTrue(v);
	case Q_HAS_LINKS:
		v = tw_json_path(rec, "entities.urls");
		return cJSON_GetArraySize(v) > 0;
	case Q_HAS_MEDIA:
		return present(rec, "media");
	case Q_HAS_MENTIONS:
		v = tw_json_path(rec, "entities.mentions");
		return cJSON_GetArraySize(v) > 0;
	case Q_HAS_HASHTAGS:
		v = tw_json_path(rec, "entities.hashtags");
		return cJSON_GetArraySize(v) > 0;
	case Q_CONV:
		return (s = sval(rec, "conversation_id")) &&
		    strcmp(s, q->val) == 0;
	case Q_URL:
		return any_url(rec, q->val);
	case Q_RETWEETS_OF:
		if (!present(rec, "retweet_of"))
			return 0;
		return (s = tw_json_str(rec, "retweet_of_username")) &&
		    eqname(s, q->val);
	}
	return 0;
}
