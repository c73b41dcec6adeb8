/* text.c - counting text the way X counts it (twitter-text), and widths.
 *
 * tw_text_parse() reproduces twitter-text 3.1's parseTweet() (the
 * JavaScript reference, which the conformance suite and X's composer
 * follow) step by step: NFC normalisation, then a walk over the UTF-16
 * code units where a URL counts transformedURLLength, an emoji sequence
 * (config v3) counts defaultWeight, and any other code unit is weighed
 * by the configured ranges.  The URL rules are those of twitter-text's
 * extractUrlsWithIndices() (its regular expressions rewritten as small
 * scanners with the same backtracking outcome); the emoji sequences are
 * those of twemoji-parser 11 (Unicode Emoji 11), which twitter-text uses.
 *
 * libutf8proc is used because NFC normalisation, grapheme clusters,
 * East Asian widths and case mappings need the Unicode tables, which we
 * should not maintain by hand.  Two tables are ours, at the end of this
 * file: the TLD list of twitter-text 3.1.0 (IANA root zone; Apache-2.0)
 * and the emoji sequences of twemoji-parser 11.0.2 (MIT), both data.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"
#include "util.h"

enum { EMO_ONE, EMO_OPT, EMO_NOVS15 };

struct emo_atom {
	unsigned short off, n;  /* ranges emo_r[2*off .. 2*(off+n)) */
	unsigned char kind;
};

/* A text as code points with their UTF-16 and byte offsets. */
struct utext {
	int32_t *cp;
	size_t n;
	size_t *u16;            /* u16[i]: UTF-16 offset of cp[i]; u16[n] */
	size_t *byte;           /* byte offset of cp[i]; byte[n] = length */
	size_t *runend;         /* first index >= i not a label char */
	size_t *dmemo;          /* match_domain() results, or NOMEMO */
	size_t *tmemo;          /* match_tld() results up to the end */
};

#define NOMEMO ((size_t)-1)

/* A URL found: cps [start, end); len16, the UTF-16 length twitter-text
 * skips (the URL string's length, which differs from end - start in one
 * odd case of URLs without protocol). */
struct ent {
	size_t start, end, len16;
};

struct ents {
	struct ent *v;
	size_t n, cap;
};

/* Tables at the end of the file. */
#define EMO_NRANGES 460
#define EMO_NATOMS 286
#define EMO_NPATS 79
#define TLD_N 1574
static const uint32_t emo_r[2 * EMO_NRANGES];
static const struct emo_atom emo_a[EMO_NATOMS];
static const unsigned short emo_p[EMO_NPATS + 1];
static const char *const tld_list[TLD_N];

/* Configs: twitter-text's config/v1.json, v2.json, v3.json. */
#define TW_TEXT_RANGES_V2 { {0, 4351, 100}, {8192, 8205, 100}, \
	{8208, 8223, 100}, {8242, 8247, 100} }

static const struct tw_text_config cfg_v1 = {
	1, 140, 1, 1, 23, 0, 0, { {0, 0, 0} }
};
static const struct tw_text_config cfg_v2 = {
	2, 280, 100, 200, 23, 0, 4, TW_TEXT_RANGES_V2
};
static const struct tw_text_config cfg_v3 = {
	3, 280, 100, 200, 23, 1, 4, TW_TEXT_RANGES_V2
};

const struct tw_text_config *
tw_text_config_v1(void)
{
	return &cfg_v1;
}

const struct tw_text_config *
tw_text_config_v2(void)
{
	return &cfg_v2;
}

const struct tw_text_config *
tw_text_config_v3(void)
{
	return &cfg_v3;
}

static int
json_int(const cJSON *j, const char *key, int min, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < min ||
	    v->valuedouble > 1e9)
		return -1;
	*out = (int)v->valuedouble;
	return 0;
}

int
tw_text_config_json(const cJSON *j, struct tw_text_config *cfg)
{
	const cJSON *r, *it;
	int start, end;

	memset(cfg, 0, sizeof(*cfg));
	cfg->transformed_url_length = 23;
	if (!cJSON_IsObject(j) ||
	    json_int(j, "version", 0, &cfg->version) == -1 ||
	    json_int(j, "maxWeightedTweetLength", 0,
	    &cfg->max_weighted_length) == -1 ||
	    json_int(j, "scale", 1, &cfg->scale) == -1 ||
	    json_int(j, "defaultWeight", 0, &cfg->default_weight) == -1)
		return -1;
	if (cJSON_GetObjectItemCaseSensitive(j, "transformedURLLength") &&
	    json_int(j, "transformedURLLength", 0,
	    &cfg->transformed_url_length) == -1)
		return -1;
	cfg->emoji_parsing = cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(j, "emojiParsingEnabled"));
	r = cJSON_GetObjectItemCaseSensitive(j, "ranges");
	if (r && !cJSON_IsArray(r))
		return -1;
	cJSON_ArrayForEach(it, r) {
		struct tw_text_range *rg;

		if (cfg->nranges == TW_TEXT_MAXRANGES)
			return -1;
		rg = &cfg->ranges[cfg->nranges++];
		if (json_int(it, "start", 0, &start) == -1 ||
		    json_int(it, "end", 0, &end) == -1 ||
		    json_int(it, "weight", 0, &rg->weight) == -1)
			return -1;
		rg->start = start;
		rg->end = end;
	}
	return 0;
}

/* UTF-8 to code points.  Returns -1 on invalid UTF-8. */
static int
decode(const char *s, size_t len, struct utext *t)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0, n = 0, u = 0;
	utf8proc_int32_t c;
	utf8proc_ssize_t k;

	memset(t, 0, sizeof(*t));
	t->cp = xcalloc(len + 1, sizeof(*t->cp));
	t->u16 = xcalloc(len + 1, sizeof(*t->u16));
	t->byte = xcalloc(len + 1, sizeof(*t->byte));
	while (i < len) {
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0)
			return -1;
		t->cp[n] = c;
		t->u16[n] = u;
		t->byte[n] = i;
		u += c > 0xffff ? 2 : 1;
		i += (size_t)k;
		n++;
	}
	t->n = n;
	t->u16[n] = u;
	t->byte[n] = len;
	return 0;
}

static void
utext_free(struct utext *t)
{
	free(t->cp);
	free(t->u16);
	free(t->byte);
	free(t->runend);
	free(t->dmemo);
	free(t->tmemo);
	memset(t, 0, sizeof(*t));
}

/* Character classes of twitter-text's regular expressions.  They run
 * with the i flag: JavaScript compares simple upper cases, and never
 * maps a non-ASCII character to an ASCII one. */
static int32_t
canon(int32_t c)
{
	int32_t u;

	if (c < 128)
		return c >= 'a' && c <= 'z' ? c - 32 : c;
	u = utf8proc_toupper(c);
	return u < 128 ? c : u;
}

static int
is_space(int32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 ||
	    c == 0xa0 || c == 0x1680 || c == 0x180e ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000;
}

static int
is_invalid(int32_t c)
{
	return c == 0xfffe || c == 0xfeff || c == 0xffff;
}

static int
is_dirmark(int32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || c == 0x061c || c == 0x200e ||
	    c == 0x200f || (c >= 0x2066 && c <= 0x2069);
}

static int
is_asciiin(int32_t c, const char *set)
{
	return c > 0 && c < 128 && strchr(set, (int)c) != NULL;
}

static int
is_alnum(int32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* validDomainChars: anything but punctuation, spaces, invalid
 * characters and directional marks. */
static int
is_domainc(int32_t c)
{
	return !is_asciiin(c, "!'#%&()*+,\\-./:;<=>?@[]^_{|}~$") &&
	    !is_space(c) && !is_invalid(c) && !is_dirmark(c);
}

static int
is_labelc(int32_t c)
{
	return is_domainc(c) || c == '-' || c == '_';
}

/* validUrlPrecedingChars */
static int
is_precedingc(int32_t c)
{
	return !is_alnum(c) && c != '@' && c != 0xff20 && c != '$' &&
	    c != '#' && c != 0xff03 && !is_invalid(c);
}

/* latinAccentChars */
static int
is_latin(int32_t c)
{
	return (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) ||
	    (c >= 0xf8 && c <= 0x24f) || c == 0x253 || c == 0x254 ||
	    c == 0x256 || c == 0x257 || c == 0x259 || c == 0x25b ||
	    c == 0x263 || c == 0x268 || c == 0x26f || c == 0x272 ||
	    c == 0x289 || c == 0x28b || c == 0x2bb ||
	    (c >= 0x300 && c <= 0x36f) || (c >= 0x1e00 && c <= 0x1eff);
}

static int
path_g1(int32_t c)
{
	return is_alnum(c) || is_asciiin(c, "!*';:=+,.$/%#[]-_~@|&") ||
	    (c >= 0x400 && c <= 0x4ff) || c == 0x2013 || is_latin(c);
}

static int
path_e1(int32_t c)
{
	return is_alnum(c) || is_asciiin(c, "+-=_#/") ||
	    (c >= 0x400 && c <= 0x4ff) || is_latin(c);
}

static int
ascii_label1(int32_t c)
{
	return is_alnum(c) || c == '-' || is_latin(c);
}

/* A class matches c when it holds c or a character of the same case
 * class. */
static int
ci(int (*f)(int32_t), int32_t c)
{
	if (f(c))
		return 1;
	if (c < 128)
		return f(canon(c)) || (c >= 'A' && c <= 'Z' && f(c + 32));
	return f(canon(c)) || f(utf8proc_tolower(c));
}

static int
is_queryc(int32_t c)
{
	return is_alnum(c) || is_asciiin(c, "!?*'@();:&=+$/%#[]-_.,~|");
}

static int
is_queryendc(int32_t c)
{
	return is_alnum(c) || is_asciiin(c, "-_&=#/");
}

static int
eqci(int32_t a, int32_t b)
{
	return a == b || canon(a) == canon(b);
}

/* ASCII string s matches at cp[i..lim), ignoring case. */
static int
match_ascii(const struct utext *t, size_t i, size_t lim, const char *s)
{
	for (; *s; s++, i++)
		if (i >= lim || !eqci(t->cp[i], (unsigned char)*s))
			return 0;
	return 1;
}

/* validGTLD | validCCTLD | validPunycode at cp[i..lim).  A listed TLD
 * must not be followed by [0-9a-zA-Z@+-]; no listed TLD is a prefix of
 * an earlier one, so the regex takes the longest that fits.  Returns
 * the end, or 0. */
static size_t
match_tld1(const struct utext *t, size_t i, size_t lim)
{
	size_t best = 0, k, j;
	int32_t c, c0;
	utf8proc_ssize_t m;
	const utf8proc_uint8_t *s;

	if (i >= lim)
		return 0;
	c0 = t->cp[i] >= 'A' && t->cp[i] <= 'Z' ? t->cp[i] + 32 : t->cp[i];
	for (k = 0; k < TLD_N; k++) {
		s = (const utf8proc_uint8_t *)tld_list[k];
		if (*s < 0x80 && *s != c0)
			continue;       /* a quick look at the first letter */
		for (j = i; *s; j++, s += m) {
			m = utf8proc_iterate(s, -1, &c);
			if (j >= lim || m <= 0 || !eqci(t->cp[j], c))
				break;
		}
		if (*s || j <= best)
			continue;
		if (j < lim && (is_alnum(t->cp[j]) ||
		    is_asciiin(t->cp[j], "@+-")))
			continue;
		best = j;
	}
	if (best)
		return best;
	if (!match_ascii(t, i, lim, "xn--"))
		return 0;
	for (j = i + 4; j < lim && (is_alnum(t->cp[j]) || t->cp[j] == '-');
	    j++)
		;
	return j > i + 4 ? j : 0;
}

static size_t
match_tld(const struct utext *t, size_t i, size_t lim)
{
	if (lim != t->n || t->tmemo == NULL)
		return match_tld1(t, i, lim);
	if (t->tmemo[i] == NOMEMO)
		t->tmemo[i] = match_tld1(t, i, lim);
	return t->tmemo[i];
}

/* validAsciiDomain: the leftmost match in cp[from..lim). */
static int
match_ascii_domain(const struct utext *t, size_t from, size_t lim,
    size_t *ms, size_t *me)
{
	size_t x, r, p, *memo, *chain = NULL, nc, cap = 0, e;

	/* memo[p - from]: the end of "(label.)* TLD" at p, 0 for none.
	 * Every start inside one label gives the same answer, so starts
	 * move a label at a time. */
	memo = xcalloc(lim - from + 1, sizeof(*memo));
	for (x = 0; x <= lim - from; x++)
		memo[x] = NOMEMO;
	for (x = from; x < lim; x = r + 1) {
		for (r = x; r < lim && ci(ascii_label1, t->cp[r]); r++)
			;
		if (r == x || r >= lim || t->cp[r] != '.')
			continue;
		/* the chain of labels after this one, then back */
		nc = 0;
		for (p = r + 1; memo[p - from] == NOMEMO; p = e + 1) {
			if (nc == cap) {
				cap = cap ? 2 * cap : 8;
				chain = xrealloc(chain, cap * sizeof(*chain));
			}
			chain[nc++] = p;
			for (e = p; e < lim && ci(ascii_label1, t->cp[e]); e++)
				;
			if (e == p || e >= lim || t->cp[e] != '.')
				break;
		}
		while (nc-- > 0) {
			p = chain[nc];
			for (e = p; e < lim && ci(ascii_label1, t->cp[e]); e++)
				;
			e = e > p && e < lim && t->cp[e] == '.' ?
			    memo[e + 1 - from] : 0;
			memo[p - from] = e ? e : match_tld(t, p, lim);
		}
		if (memo[r + 1 - from] != 0) {
			*ms = x;
			*me = memo[r + 1 - from];
			free(memo);
			free(chain);
			return 1;
		}
	}
	free(memo);
	free(chain);
	return 0;
}

/* validDomain at cp[q..]: validSubdomain* validDomainName TLD.  Labels
 * end at a dot; a subdomain label may hold '_', a domain name label
 * not; neither starts or ends with '-' or '_'.  The regex takes as many
 * subdomains as it can, then backs off one label at a time until a TLD
 * follows.  Returns the end, or 0. */
static int
sub_label(const struct utext *t, size_t p)
{
	size_t r = t->runend[p];

	return r > p && r < t->n && t->cp[r] == '.' &&
	    is_domainc(t->cp[p]) && is_domainc(t->cp[r - 1]);
}

static size_t
match_domain(const struct utext *t, size_t q)
{
	size_t p, r, i, e, *chain = NULL, nc = 0, cap = 0;

	/* dmemo[p]: the answer for a domain starting at p.  It is the
	 * answer after the first label if there is one, else this label
	 * as the domain name before a TLD. */
	for (p = q; t->dmemo[p] == NOMEMO; p = t->runend[p] + 1) {
		if (nc == cap) {
			cap = cap ? 2 * cap : 8;
			chain = xrealloc(chain, cap * sizeof(*chain));
		}
		chain[nc++] = p;
		if (!sub_label(t, p))
			break;
	}
	while (nc-- > 0) {
		/* nc > 0: chain was allocated above */
		/* cppcheck-suppress nullPointer */
		p = chain[nc];
		e = 0;
		if (sub_label(t, p)) {
			r = t->runend[p];
			e = t->dmemo[r + 1];
			for (i = p; !e && i < r && t->cp[i] != '_'; i++)
				;
			if (!e && i == r)
				e = match_tld(t, r + 1, t->n);
		}
		t->dmemo[p] = e;
	}
	free(chain);
	return t->dmemo[q];
}

/* validUrlBalancedParens at cp[i] == '(': returns the end, or 0. */
static size_t
match_parens(const struct utext *t, size_t i)
{
	size_t j, k;

	for (j = i + 1; j < t->n && ci(path_g1, t->cp[j]); j++)
		;
	if (j > i + 1 && j < t->n && t->cp[j] == ')')
		return j + 1;
	if (j >= t->n || t->cp[j] != '(')
		return 0;
	for (k = j + 1; k < t->n && ci(path_g1, t->cp[k]); k++)
		;
	if (k == j + 1 || k >= t->n || t->cp[k] != ')')
		return 0;
	for (k++; k < t->n && ci(path_g1, t->cp[k]); k++)
		;
	return k < t->n && t->cp[k] == ')' ? k + 1 : 0;
}

/* "/" validUrlPath* from cp[i]: returns its end.  As the regex is
 * assembled, a path segment is either G* (BP G*)* E, ending at the last
 * ending character (E) it can reach, or a single balanced parenthesis
 * group (BP); G are the general path characters. */
static size_t
path_end(const struct utext *t, size_t i)
{
	size_t j, last, b;

	for (;;) {
		last = 0;
		for (j = i; j < t->n; ) {
			if (ci(path_g1, t->cp[j])) {
				if (ci(path_e1, t->cp[j]))
					last = j + 1;
				j++;
			} else if (t->cp[j] == '(' &&
			    (b = match_parens(t, j)) != 0)
				j = b;
			else
				break;
		}
		if (last) {
			i = last;
			continue;
		}
		/* no ending character up to j: groups alone, one by one */
		if (i >= t->n || t->cp[i] != '(' ||
		    (b = match_parens(t, i)) == 0)
			return i;
		while (i < t->n && t->cp[i] == '(' &&
		    (b = match_parens(t, i)) != 0)
			i = b;
	}
}

struct urlm {
	size_t start, end;      /* the whole URL */
	size_t dstart, dend;    /* its domain */
	int proto, path;
	int low;                /* starts at the low surrogate of cp[start] */
};

/* The URL part of extractUrl at cp[u..]: protocol, domain, port, path,
 * query.  Returns 1 and fills m, or 0. */
static int
match_url(const struct utext *t, size_t u, struct urlm *m)
{
	size_t d = 0, e = 0, i, last;

	memset(m, 0, sizeof(*m));
	if (match_ascii(t, u, t->n, "https://"))
		d = u + 8;
	else if (match_ascii(t, u, t->n, "http://"))
		d = u + 7;
	if (d && (e = match_domain(t, d)) != 0)
		m->proto = 1;
	else if ((e = match_domain(t, u)) != 0)
		d = u;
	else
		return 0;
	m->start = u;
	m->dstart = d;
	m->dend = e;
	if (e + 1 < t->n && t->cp[e] == ':' && t->cp[e + 1] >= '0' &&
	    t->cp[e + 1] <= '9')
		for (e++; e < t->n && t->cp[e] >= '0' && t->cp[e] <= '9'; e++)
			;
	if (e < t->n && t->cp[e] == '/') {
		m->path = 1;
		e = path_end(t, e + 1);
	}
	if (e < t->n && t->cp[e] == '?') {
		last = 0;
		for (i = e + 1; i < t->n && is_queryc(t->cp[i]); i++)
			if (is_queryendc(t->cp[i]))
				last = i + 1;
		if (last)
			e = last;
	}
	m->end = e;
	return 1;
}

/* A code point of a label, or the lone low surrogate JavaScript sees
 * when a URL starts in the middle of a surrogate pair. */
#define PCP(x) ((low && (x) == a) ? 0xdc00 + ((t->cp[a] - 0x10000) & 0x3ff) \
	: t->cp[(x)])

/* The length of punycode.toASCII() (punycode.js 1.4) of one domain
 * label cp[a..b), which splits again at 。．｡, or -1 when over 63.
 * With low, the label starts with the low surrogate of cp[a]. */
static long
puny_len(const struct utext *t, size_t a, size_t b, int low)
{
	long total = 0;
	size_t p = a, r, i, h, nb, np;
	int32_t c, n, mn;
	int64_t delta, bias, q, k, tt;

	for (;;) {
		for (r = p; r < b && PCP(r) != '.' && PCP(r) != 0x3002 &&
		    PCP(r) != 0xff0e && PCP(r) != 0xff61; r++)
			;
		np = r - p;
		for (i = p, nb = 0; i < r; i++)
			if (PCP(i) < 0x80)
				nb++;
		for (i = p; i < r && PCP(i) >= 0x20 && PCP(i) <= 0x7e;
		    i++)
			;
		if (i == r)
			total += (long)np;
		else if (np > 59)
			return -1;      /* at least one digit per char */
		else {
			/* RFC 3492 section 6.3, counting the output */
			total += 4 + (long)nb + (nb > 0);
			n = 128;
			delta = 0;
			bias = 72;
			for (h = nb; h < np; delta++, n++) {
				mn = INT32_MAX;
				for (i = p; i < r; i++)
					if (PCP(i) >= n && PCP(i) < mn)
						mn = PCP(i);
				delta += (int64_t)(mn - n) * (int64_t)(h + 1);
				n = mn;
				for (i = p; i < r; i++) {
					c = PCP(i);
					if (c < n)
						delta++;
					if (c != n)
						continue;
					for (q = delta, k = 36;; k += 36) {
						tt = k <= bias ? 1 :
						    k >= bias + 26 ? 26 :
						    k - bias;
						if (q < tt)
							break;
						total++;
						q = (q - tt) / (36 - tt);
					}
					total++;
					/* adapt */
					delta = h == nb ? delta / 700 :
					    delta / 2;
					delta += delta / (int64_t)(h + 1);
					for (k = 0; delta > 455; k += 36)
						delta /= 35;
					bias = k + 36 * delta / (delta + 38);
					delta = 0;
					h++;
				}
			}
		}
		if (total > 63)
			return -1;
		if (r >= b)
			return total;
		total++;
		p = r + 1;
	}
}

#undef PCP

/* isValidUrl: every label 1..63 characters once punycoded, an xn--
 * domain is ASCII, and the URL is at most 4096 characters. */
static int
url_ok(const struct utext *t, const struct urlm *m)
{
	size_t p, r, ms, me, plen;
	long l;

	if (t->cp[m->dstart] == 'x' && m->dend - m->dstart >= 4 &&
	    t->cp[m->dstart + 1] == 'n' && t->cp[m->dstart + 2] == '-' &&
	    t->cp[m->dstart + 3] == '-' &&
	    !match_ascii_domain(t, m->dstart, m->dend, &ms, &me))
		return 0;
	for (p = m->dstart;; p = r + 1) {
		for (r = p; r < m->dend && t->cp[r] != '.'; r++)
			;
		l = puny_len(t, p, r, m->low && p == m->dstart);
		if (l < 1 || l > 63)
			return 0;
		if (r >= m->dend)
			break;
	}
	plen = m->proto ? 0 : 8;        /* "https://" is assumed */
	return plen + t->u16[m->end] - t->u16[m->start] - (size_t)m->low <=
	    4096;
}

static void
ents_add(struct ents *l, size_t start, size_t end, size_t len16)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].start = start;
	l->v[l->n].end = end;
	l->v[l->n].len16 = len16;
	l->n++;
}

/* The t.co rule: a t.co URL ends after its slug and an optional query;
 * a slug over 40 characters is no URL.  Returns the end, or 0. */
static size_t
tco_end(const struct utext *t, const struct urlm *m)
{
	size_t i = m->start, s, e, last;

	i += match_ascii(t, i, m->end, "https://") ? 8 : 7;
	if (!match_ascii(t, i, m->end, "t.co/"))
		return m->end;
	s = i + 5;
	for (e = s; e < m->end && is_alnum(t->cp[e]); e++)
		;
	if (e == s)
		return m->end;
	if (e - s > 40)
		return 0;
	if (e < m->end && t->cp[e] == '?') {
		last = 0;
		for (i = e + 1; i < m->end && is_queryc(t->cp[i]); i++)
			if (is_queryendc(t->cp[i]))
				last = i + 1;
		if (last)
			e = last;
	}
	return e;
}

/* extractUrlsWithIndices(text) with URLs without protocol. */
static void
extract_urls(struct utext *t, struct ents *out)
{
	size_t pos = 0, j, i, ms, me, from, e, len16;
	struct urlm m;
	int found, before, anyascii;

	for (i = 0; i < t->n && t->cp[i] != '.'; i++)
		;
	if (i == t->n)
		return;
	t->runend = xcalloc(t->n + 1, sizeof(*t->runend));
	t->dmemo = xcalloc(t->n + 1, sizeof(*t->dmemo));
	t->tmemo = xcalloc(t->n + 1, sizeof(*t->tmemo));
	for (i = 0; i <= t->n; i++)
		t->dmemo[i] = t->tmemo[i] = NOMEMO;
	t->runend[t->n] = t->n;
	for (i = t->n; i-- > 0; )
		t->runend[i] = is_labelc(t->cp[i]) ? t->runend[i + 1] : i;

	while (pos < t->n) {
		found = 0;
		before = -1;
		for (j = pos; j < t->n && !found; j++) {
			/* JavaScript also tries a surrogate pair's high half
			 * as the preceding character of a URL starting at its
			 * low half. */
			if (t->cp[j] > 0xffff && match_url(t, j, &m)) {
				found = m.low = 1;
				before = 0xd800;
			} else if (j == 0 && t->cp[j] > 0xffff &&
			    match_url(t, 0, &m))
				found = 1;
			else if (is_precedingc(t->cp[j]) &&
			    match_url(t, j + 1, &m)) {
				found = 1;
				before = t->cp[j];
			} else if (j == 0 && t->cp[j] <= 0xffff &&
			    match_url(t, 0, &m))
				found = 1;
		}
		if (!found)
			break;
		pos = m.end;
		if (!url_ok(t, &m))
			continue;
		if (m.proto) {
			if ((e = tco_end(t, &m)) != 0)
				ents_add(out, m.start, e,
				    t->u16[e] - t->u16[m.start]);
			continue;
		}
		if (before != -1 && is_asciiin(before, "-_./"))
			continue;
		anyascii = 0;
		for (from = m.dstart; match_ascii_domain(t, from, m.dend, &ms,
		    &me); from = me) {
			ents_add(out, ms, me, t->u16[me] - t->u16[ms]);
			anyascii = 1;
		}
		if (anyascii && m.path) {
			len16 = out->v[out->n - 1].len16 +
			    t->u16[m.end] - t->u16[m.dend];
			out->v[out->n - 1].end = m.end;
			out->v[out->n - 1].len16 = len16;
		}
	}
}

static int
emo_in(const struct emo_atom *a, int32_t c)
{
	const uint32_t *r = emo_r + 2 * a->off;
	unsigned i;

	for (i = 0; i < a->n; i++)
		if ((uint32_t)c >= r[2 * i] && (uint32_t)c <= r[2 * i + 1])
			return 1;
	return 0;
}

/* One emoji pattern at cp[i..]: the number of code points, or -1. */
static long
emo_seq(const struct utext *t, size_t i, const struct emo_atom *a,
    const struct emo_atom *end)
{
	long r;

	if (a == end)
		return 0;
	switch (a->kind) {
	case EMO_NOVS15:
		if (i < t->n && t->cp[i] == 0xfe0e)
			return -1;
		return emo_seq(t, i, a + 1, end);
	case EMO_OPT:
		if (i < t->n && emo_in(a, t->cp[i]) &&
		    (r = emo_seq(t, i + 1, a + 1, end)) >= 0)
			return r + 1;
		return emo_seq(t, i, a + 1, end);
	default:
		if (i < t->n && emo_in(a, t->cp[i]) &&
		    (r = emo_seq(t, i + 1, a + 1, end)) >= 0)
			return r + 1;
		return -1;
	}
}

/* The code points of the BMP that a pattern's first code point may be,
 * a bit each: most of a text is none of them, and trying the 79
 * patterns at each code point was most of the time a count took. */
static unsigned char emo_first[0x10000 / 8];
static pthread_once_t emo_first_once = PTHREAD_ONCE_INIT;

static void
emo_first_init(void)
{
	const struct emo_atom *a, *end;
	uint32_t c, hi;
	size_t p;
	unsigned i;

	for (p = 0; p < EMO_NPATS; p++) {
		end = emo_a + emo_p[p + 1];
		/* up to the first atom that must match: an optional one may
		 * be skipped, a U+FE0E check takes no code point */
		for (a = emo_a + emo_p[p]; a < end; a++) {
			if (a->kind == EMO_NOVS15)
				continue;
			for (i = 0; i < a->n; i++) {
				hi = emo_r[2 * (a->off + i) + 1];
				for (c = emo_r[2 * (a->off + i)]; c <= hi &&
				    c < 0x10000; c++)
					emo_first[c >> 3] |= (unsigned char)(1u <<
					    (c & 7));
			}
			if (a->kind == EMO_ONE)
				break;
		}
	}
}

/* twemoji-parser's regex at cp[i]: the first pattern that matches
 * wins, as in the alternation.  Returns its length in code points. */
static size_t
emo_match(const struct utext *t, size_t i)
{
	uint32_t c = (uint32_t)t->cp[i];
	size_t p;
	long r;

	pthread_once(&emo_first_once, emo_first_init);
	if (c < 0x10000 && !(emo_first[c >> 3] & (1u << (c & 7))))
		return 0;
	for (p = 0; p < EMO_NPATS; p++)
		if ((r = emo_seq(t, i, emo_a + emo_p[p],
		    emo_a + emo_p[p + 1])) > 0)
			return (size_t)r;
	return 0;
}

static int
unit_weight(unsigned u, const struct tw_text_config *cfg)
{
	int i;

	for (i = 0; i < cfg->nranges; i++)
		if (u >= cfg->ranges[i].start && u <= cfg->ranges[i].end)
			return cfg->ranges[i].weight;
	return cfg->default_weight;
}

static size_t
u16_len(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0, u = 0;
	utf8proc_int32_t c;
	utf8proc_ssize_t k;

	while (i < len) {
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0)
			return (size_t)-1;
		u += c > 0xffff ? 2 : 1;
		i += (size_t)k;
	}
	return u;
}

int
tw_text_parse(const char *utf8, size_t len,
    const struct tw_text_config *cfg, struct tw_text_result *out)
{
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t nlen;
	struct utext t;
	struct ents urls = { 0 };
	size_t *skip_url, *skip_emo, n16, ulen16, i, k, ci16;
	unsigned short *w;
	long long total = 0, limit;
	long vdi = 0;
	int valid = 1;

	memset(out, 0, sizeof(*out));
	if ((ulen16 = u16_len(utf8, len)) == (size_t)-1)
		return -1;
	if (len > 0) {
		nlen = utf8proc_map((const utf8proc_uint8_t *)utf8,
		    (utf8proc_ssize_t)len, &nfc,
		    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		if (nlen < 0)
			return -1;
	} else {
		nlen = 0;
		nfc = xcalloc(1, 1);
	}
	if (decode((const char *)nfc, (size_t)nlen, &t) == -1) {
		free(nfc);
		utext_free(&t);
		return -1;
	}
	free(nfc);

	/* the walk is over UTF-16 code units, as in JavaScript */
	n16 = t.u16[t.n];
	w = xcalloc(n16 + 1, sizeof(*w));
	skip_url = xcalloc(n16 + 1, sizeof(*skip_url));
	skip_emo = xcalloc(n16 + 1, sizeof(*skip_emo));
	for (i = 0; i < t.n; i++) {
		if (t.cp[i] > 0xffff) {
			w[t.u16[i]] = 0xd800 + ((t.cp[i] - 0x10000) >> 10);
			w[t.u16[i] + 1] = 0xdc00 + ((t.cp[i] - 0x10000) & 0x3ff);
		} else
			w[t.u16[i]] = (unsigned short)t.cp[i];
	}
	extract_urls(&t, &urls);
	for (k = 0; k < urls.n; k++)
		skip_url[t.u16[urls.v[k].start]] = urls.v[k].len16;
	if (cfg->emoji_parsing)
		for (i = 0; i < t.n; ) {
			if ((k = emo_match(&t, i)) != 0) {
				skip_emo[t.u16[i]] = t.u16[i + k] - t.u16[i];
				i += k;
			} else
				i++;
		}

	limit = (long long)cfg->max_weighted_length * cfg->scale;
	for (ci16 = 0; ci16 < n16; ci16++) {
		if (skip_url[ci16]) {
			total += (long long)cfg->transformed_url_length *
			    cfg->scale;
			ci16 += skip_url[ci16] - 1;
		} else if (cfg->emoji_parsing && skip_emo[ci16]) {
			total += cfg->default_weight;
			ci16 += skip_emo[ci16] - 1;
		} else {
			if (ci16 + 1 < n16 && w[ci16] >= 0xd800 &&
			    w[ci16] <= 0xdbff && w[ci16 + 1] >= 0xdc00 &&
			    w[ci16 + 1] <= 0xdfff)
				ci16++;
			total += unit_weight(w[ci16], cfg);
		}
		if (valid && ci16 < n16)
			valid = !is_invalid(w[ci16]);
		if (valid && total <= limit)
			vdi = (long)ci16;
	}

	out->weighted_length = (int)(total / cfg->scale);
	out->valid = valid && total > 0 && total <= limit;
	if (cfg->max_weighted_length > 0)
		out->permillage = (int)floor((double)total / cfg->scale /
		    cfg->max_weighted_length * 1000);
	out->display_start = out->valid_start = 0;
	out->display_end = ulen16 > 0 ? (int)ulen16 - 1 : 0;
	out->valid_end = (int)(vdi + (long)ulen16 - (long)n16);

	free(w);
	free(skip_url);
	free(skip_emo);
	free(urls.v);
	utext_free(&t);
	return 0;
}

long
tw_text_chars(const char *utf8, size_t len)
{
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t nlen, i, k;
	utf8proc_int32_t c;
	long n = 0;

	if (len == 0)
		return 0;
	nlen = utf8proc_map((const utf8proc_uint8_t *)utf8,
	    (utf8proc_ssize_t)len, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (nlen < 0)
		return -1;
	for (i = 0; i < nlen; i += k, n++)
		if ((k = utf8proc_iterate(nfc + i, nlen - i, &c)) <= 0) {
			n = -1;
			break;
		}
	free(nfc);
	return n;
}

int
tw_text_urls(const char *utf8, size_t len, struct tw_text_url **out)
{
	struct utext t;
	struct ents urls = { 0 };
	size_t k;
	int n;

	*out = NULL;
	if (decode(utf8, len, &t) == -1) {
		utext_free(&t);
		return -1;
	}
	extract_urls(&t, &urls);
	if (urls.n > 0) {
		*out = xcalloc(urls.n, sizeof(**out));
		for (k = 0; k < urls.n; k++) {
			(*out)[k].start = t.byte[urls.v[k].start];
			(*out)[k].end = t.byte[urls.v[k].end];
			(*out)[k].u16_start = (int)t.u16[urls.v[k].start];
			(*out)[k].u16_end = (int)t.u16[urls.v[k].end];
		}
	}
	n = (int)urls.n;
	free(urls.v);
	utext_free(&t);
	return n;
}

/* Terminal widths, one grapheme cluster at a time. */
static int
is_pictographic(int32_t c)
{
	return utf8proc_get_property(c)->boundclass ==
	    UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC;
}

static int
is_ri(int32_t c)
{
	return c >= 0x1f1e6 && c <= 0x1f1ff;
}

/* The cluster at s[i..len): returns its end, its width in *w. */
static size_t
cluster(const char *s, size_t len, size_t i, int *w, utf8proc_int32_t *st)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t base, prev, c;
	utf8proc_ssize_t k;
	int nri, cw;

	k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &base);
	if (k <= 0) {
		*w = 1;         /* a stray byte: shown as one replacement */
		*st = 0;
		return i + 1;
	}
	*w = utf8proc_charwidth(base);
	if (*w < 0)
		*w = 0;
	nri = is_ri(base);
	prev = base;
	for (i += (size_t)k; i < len; i += (size_t)k, prev = c) {
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0 || utf8proc_grapheme_break_stateful(prev, c, st))
			break;
		if (is_ri(c))
			nri++;
		if ((c == 0xfe0f && (is_pictographic(base) ||
		    is_asciiin(base, "#*0123456789"))) || c == 0x20e3)
			*w = 2;
		cw = utf8proc_charwidth(c);
		if (cw > *w && !utf8proc_get_property(c)->combining_class)
			*w = cw;
	}
	if (nri >= 2 || (nri == 1 && *w < 1))
		*w = nri >= 2 ? 2 : 1;
	return i;
}

int
tw_text_width(const char *utf8, size_t len)
{
	size_t i = 0;
	int w, total = 0;
	utf8proc_int32_t st = 0;

	while (i < len) {
		i = cluster(utf8, len, i, &w, &st);
		total += w;
	}
	return total;
}

size_t
tw_text_cut(const char *utf8, size_t len, int cols)
{
	size_t i = 0, e;
	int w, total = 0;
	utf8proc_int32_t st = 0;

	while (i < len) {
		e = cluster(utf8, len, i, &w, &st);
		if (total + w > cols)
			break;
		total += w;
		i = e;
	}
	return i;
}

/*
 * Emoji sequences: twemoji-parser 11.0.2 (MIT), its regular expression
 * as patterns over code points, in its order.  A pattern is a run of
 * atoms emo_a[emo_p[i] .. emo_p[i + 1]); an atom is a set of code point
 * ranges that must match (EMO_ONE), may match (EMO_OPT), or, for
 * EMO_NOVS15, a check that U+FE0E does not follow.
 */

static const uint32_t emo_r[] = {
	0x1f468, 0x1f469, 0x1f3fb, 0x1f3ff, 0x200d, 0x200d, 0x2695, 0x2695,
	0xfe0f, 0xfe0f, 0x2696, 0x2696, 0x2708, 0x2708, 0x1f33e, 0x1f33e,
	0x1f373, 0x1f373, 0x1f393, 0x1f393, 0x1f3a4, 0x1f3a4, 0x1f3a8, 0x1f3a8,
	0x1f3eb, 0x1f3eb, 0x1f3ed, 0x1f3ed, 0x1f4bb, 0x1f4bc, 0x1f527, 0x1f527,
	0x1f52c, 0x1f52c, 0x1f680, 0x1f680, 0x1f692, 0x1f692, 0x1f9b0, 0x1f9b3,
	0x26f9, 0x26f9, 0x1f3cb, 0x1f3cc, 0x1f574, 0x1f575, 0xfe0f, 0xfe0f,
	0x1f3fb, 0x1f3ff, 0x2640, 0x2640, 0x2642, 0x2642, 0x1f3c3, 0x1f3c4,
	0x1f3ca, 0x1f3ca, 0x1f46e, 0x1f46e, 0x1f471, 0x1f471, 0x1f473, 0x1f473,
	0x1f477, 0x1f477, 0x1f481, 0x1f482, 0x1f486, 0x1f487, 0x1f645, 0x1f647,
	0x1f64b, 0x1f64b, 0x1f64d, 0x1f64e, 0x1f6a3, 0x1f6a3, 0x1f6b4, 0x1f6b6,
	0x1f926, 0x1f926, 0x1f935, 0x1f935, 0x1f937, 0x1f939, 0x1f93d, 0x1f93e,
	0x1f9b8, 0x1f9b9, 0x1f9d6, 0x1f9dd, 0x1f468, 0x1f468, 0x2764, 0x2764,
	0x1f48b, 0x1f48b, 0x1f466, 0x1f466, 0x1f467, 0x1f467, 0x1f466, 0x1f467,
	0x1f469, 0x1f469, 0x1f3f3, 0x1f3f3, 0x1f308, 0x1f308, 0x1f3f4, 0x1f3f4,
	0x2620, 0x2620, 0x1f441, 0x1f441, 0x1f5e8, 0x1f5e8, 0x1f46f, 0x1f46f,
	0x2640, 0x2640, 0x2642, 0x2642, 0x1f93c, 0x1f93c, 0x1f9de, 0x1f9de,
	0x1f9df, 0x1f9df, 0x23, 0x23, 0x2a, 0x2a, 0x30, 0x39,
	0x20e3, 0x20e3, 0xa9, 0xa9, 0xae, 0xae, 0x2122, 0x2122,
	0x265f, 0x265f, 0x203c, 0x203c, 0x2049, 0x2049, 0x2139, 0x2139,
	0x2194, 0x2199, 0x21a9, 0x21aa, 0x231a, 0x231b, 0x2328, 0x2328,
	0x23cf, 0x23cf, 0x23ed, 0x23ef, 0x23f1, 0x23f2, 0x23f8, 0x23fa,
	0x24c2, 0x24c2, 0x25aa, 0x25ab, 0x25b6, 0x25b6, 0x25c0, 0x25c0,
	0x25fb, 0x25fe, 0x2600, 0x2604, 0x260e, 0x260e, 0x2611, 0x2611,
	0x2614, 0x2615, 0x2618, 0x2618, 0x2620, 0x2620, 0x2622, 0x2623,
	0x2626, 0x2626, 0x262a, 0x262a, 0x262e, 0x262f, 0x2638, 0x263a,
	0x2640, 0x2640, 0x2642, 0x2642, 0x2648, 0x2653, 0x2660, 0x2660,
	0x2663, 0x2663, 0x2665, 0x2666, 0x2668, 0x2668, 0x267b, 0x267b,
	0x267f, 0x267f, 0x2692, 0x2697, 0x2699, 0x2699, 0x269b, 0x269c,
	0x26a0, 0x26a1, 0x26aa, 0x26ab, 0x26b0, 0x26b1, 0x26bd, 0x26be,
	0x26c4, 0x26c5, 0x26c8, 0x26c8, 0x26cf, 0x26cf, 0x26d1, 0x26d1,
	0x26d3, 0x26d4, 0x26e9, 0x26ea, 0x26f0, 0x26f5, 0x26f8, 0x26f8,
	0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2702, 0x2702, 0x2708, 0x2709,
	0x270f, 0x270f, 0x2712, 0x2712, 0x2714, 0x2714, 0x2716, 0x2716,
	0x271d, 0x271d, 0x2721, 0x2721, 0x2733, 0x2734, 0x2744, 0x2744,
	0x2747, 0x2747, 0x2757, 0x2757, 0x2763, 0x2764, 0x27a1, 0x27a1,
	0x2934, 0x2935, 0x2b05, 0x2b07, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50,
	0x2b55, 0x2b55, 0x3030, 0x3030, 0x303d, 0x303d, 0x3297, 0x3297,
	0x3299, 0x3299, 0x1f004, 0x1f004, 0x1f170, 0x1f171, 0x1f17e, 0x1f17f,
	0x1f202, 0x1f202, 0x1f21a, 0x1f21a, 0x1f22f, 0x1f22f, 0x1f237, 0x1f237,
	0x1f321, 0x1f321, 0x1f324, 0x1f32c, 0x1f336, 0x1f336, 0x1f37d, 0x1f37d,
	0x1f396, 0x1f397, 0x1f399, 0x1f39b, 0x1f39e, 0x1f39f, 0x1f3cd, 0x1f3ce,
	0x1f3d4, 0x1f3df, 0x1f3f3, 0x1f3f3, 0x1f3f5, 0x1f3f5, 0x1f3f7, 0x1f3f7,
	0x1f43f, 0x1f43f, 0x1f441, 0x1f441, 0x1f4fd, 0x1f4fd, 0x1f549, 0x1f54a,
	0x1f56f, 0x1f570, 0x1f573, 0x1f573, 0x1f576, 0x1f579, 0x1f587, 0x1f587,
	0x1f58a, 0x1f58d, 0x1f5a5, 0x1f5a5, 0x1f5a8, 0x1f5a8, 0x1f5b1, 0x1f5b2,
	0x1f5bc, 0x1f5bc, 0x1f5c2, 0x1f5c4, 0x1f5d1, 0x1f5d3, 0x1f5dc, 0x1f5de,
	0x1f5e1, 0x1f5e1, 0x1f5e3, 0x1f5e3, 0x1f5e8, 0x1f5e8, 0x1f5ef, 0x1f5ef,
	0x1f5f3, 0x1f5f3, 0x1f5fa, 0x1f5fa, 0x1f6cb, 0x1f6cb, 0x1f6cd, 0x1f6cf,
	0x1f6e0, 0x1f6e5, 0x1f6e9, 0x1f6e9, 0x1f6f0, 0x1f6f0, 0x1f6f3, 0x1f6f3,
	0x261d, 0x261d, 0x26f7, 0x26f7, 0x26f9, 0x26f9, 0x270c, 0x270d,
	0x1f3cb, 0x1f3cc, 0x1f574, 0x1f575, 0x1f590, 0x1f590, 0x270a, 0x270b,
	0x1f385, 0x1f385, 0x1f3c2, 0x1f3c4, 0x1f3c7, 0x1f3c7, 0x1f3ca, 0x1f3ca,
	0x1f442, 0x1f443, 0x1f446, 0x1f450, 0x1f466, 0x1f469, 0x1f46e, 0x1f46e,
	0x1f470, 0x1f478, 0x1f47c, 0x1f47c, 0x1f481, 0x1f483, 0x1f485, 0x1f487,
	0x1f4aa, 0x1f4aa, 0x1f57a, 0x1f57a, 0x1f595, 0x1f596, 0x1f645, 0x1f647,
	0x1f64b, 0x1f64f, 0x1f6a3, 0x1f6a3, 0x1f6b4, 0x1f6b6, 0x1f6c0, 0x1f6c0,
	0x1f6cc, 0x1f6cc, 0x1f918, 0x1f91c, 0x1f91e, 0x1f91f, 0x1f926, 0x1f926,
	0x1f930, 0x1f939, 0x1f93d, 0x1f93e, 0x1f9b5, 0x1f9b6, 0x1f9b8, 0x1f9b9,
	0x1f9d1, 0x1f9dd, 0xe0067, 0xe0067, 0xe0062, 0xe0062, 0xe0065, 0xe0065,
	0xe006e, 0xe006e, 0xe007f, 0xe007f, 0xe0073, 0xe0073, 0xe0063, 0xe0063,
	0xe0074, 0xe0074, 0xe0077, 0xe0077, 0xe006c, 0xe006c, 0x1f1e6, 0x1f1e6,
	0x1f1e8, 0x1f1ec, 0x1f1ee, 0x1f1ee, 0x1f1f1, 0x1f1f2, 0x1f1f4, 0x1f1f4,
	0x1f1f6, 0x1f1fa, 0x1f1fc, 0x1f1fd, 0x1f1ff, 0x1f1ff, 0x1f1e7, 0x1f1e7,
	0x1f1e6, 0x1f1e7, 0x1f1e9, 0x1f1ef, 0x1f1f1, 0x1f1f4, 0x1f1f6, 0x1f1f9,
	0x1f1fb, 0x1f1fc, 0x1f1fe, 0x1f1ff, 0x1f1e8, 0x1f1e8, 0x1f1e6, 0x1f1e6,
	0x1f1e8, 0x1f1e9, 0x1f1eb, 0x1f1ee, 0x1f1f0, 0x1f1f5, 0x1f1f7, 0x1f1f7,
	0x1f1fa, 0x1f1ff, 0x1f1e9, 0x1f1e9, 0x1f1ea, 0x1f1ea, 0x1f1ec, 0x1f1ec,
	0x1f1ef, 0x1f1f0, 0x1f1f2, 0x1f1f2, 0x1f1f4, 0x1f1f4, 0x1f1ff, 0x1f1ff,
	0x1f1ea, 0x1f1ea, 0x1f1e6, 0x1f1e6, 0x1f1e8, 0x1f1e8, 0x1f1ea, 0x1f1ea,
	0x1f1ec, 0x1f1ed, 0x1f1f7, 0x1f1fa, 0x1f1eb, 0x1f1eb, 0x1f1ee, 0x1f1f0,
	0x1f1f2, 0x1f1f2, 0x1f1f4, 0x1f1f4, 0x1f1f7, 0x1f1f7, 0x1f1ec, 0x1f1ec,
	0x1f1e6, 0x1f1e7, 0x1f1e9, 0x1f1ee, 0x1f1f1, 0x1f1f3, 0x1f1f5, 0x1f1fa,
	0x1f1fc, 0x1f1fc, 0x1f1fe, 0x1f1fe, 0x1f1ed, 0x1f1ed, 0x1f1f0, 0x1f1f0,
	0x1f1f2, 0x1f1f3, 0x1f1f7, 0x1f1f7, 0x1f1f9, 0x1f1fa, 0x1f1ee, 0x1f1ee,
	0x1f1e8, 0x1f1ea, 0x1f1f1, 0x1f1f4, 0x1f1f6, 0x1f1f9, 0x1f1ef, 0x1f1ef,
	0x1f1ea, 0x1f1ea, 0x1f1f2, 0x1f1f2, 0x1f1f4, 0x1f1f5, 0x1f1f0, 0x1f1f0,
	0x1f1ea, 0x1f1ea, 0x1f1ec, 0x1f1ee, 0x1f1f2, 0x1f1f3, 0x1f1f5, 0x1f1f5,
	0x1f1f7, 0x1f1f7, 0x1f1fc, 0x1f1fc, 0x1f1fe, 0x1f1ff, 0x1f1f1, 0x1f1f1,
	0x1f1e6, 0x1f1e8, 0x1f1ee, 0x1f1ee, 0x1f1f0, 0x1f1f0, 0x1f1f7, 0x1f1fb,
	0x1f1fe, 0x1f1fe, 0x1f1f2, 0x1f1f2, 0x1f1e6, 0x1f1e6, 0x1f1e8, 0x1f1ed,
	0x1f1f0, 0x1f1ff, 0x1f1f3, 0x1f1f3, 0x1f1e6, 0x1f1e6, 0x1f1e8, 0x1f1e8,
	0x1f1ea, 0x1f1ec, 0x1f1ee, 0x1f1ee, 0x1f1f1, 0x1f1f1, 0x1f1f4, 0x1f1f5,
	0x1f1f7, 0x1f1f7, 0x1f1fa, 0x1f1fa, 0x1f1ff, 0x1f1ff, 0x1f1f4, 0x1f1f4,
	0x1f1f5, 0x1f1f5, 0x1f1e6, 0x1f1e6, 0x1f1ea, 0x1f1ed, 0x1f1f0, 0x1f1f3,
	0x1f1f7, 0x1f1f9, 0x1f1fc, 0x1f1fc, 0x1f1fe, 0x1f1fe, 0x1f1f6, 0x1f1f6,
	0x1f1f7, 0x1f1f7, 0x1f1ea, 0x1f1ea, 0x1f1f4, 0x1f1f4, 0x1f1f8, 0x1f1f8,
	0x1f1fa, 0x1f1fa, 0x1f1fc, 0x1f1fc, 0x1f1f8, 0x1f1f8, 0x1f1e6, 0x1f1ea,
	0x1f1ec, 0x1f1f4, 0x1f1f7, 0x1f1f9, 0x1f1fb, 0x1f1fb, 0x1f1fd, 0x1f1ff,
	0x1f1f9, 0x1f1f9, 0x1f1e6, 0x1f1e6, 0x1f1e8, 0x1f1e9, 0x1f1eb, 0x1f1ed,
	0x1f1ef, 0x1f1f4, 0x1f1f7, 0x1f1f7, 0x1f1f9, 0x1f1f9, 0x1f1fb, 0x1f1fc,
	0x1f1ff, 0x1f1ff, 0x1f1fa, 0x1f1fa, 0x1f1e6, 0x1f1e6, 0x1f1ec, 0x1f1ec,
	0x1f1f2, 0x1f1f3, 0x1f1f8, 0x1f1f8, 0x1f1fe, 0x1f1ff, 0x1f1fb, 0x1f1fb,
	0x1f1e6, 0x1f1e6, 0x1f1e8, 0x1f1e8, 0x1f1ea, 0x1f1ea, 0x1f1ec, 0x1f1ec,
	0x1f1ee, 0x1f1ee, 0x1f1f3, 0x1f1f3, 0x1f1fa, 0x1f1fa, 0x1f1fc, 0x1f1fc,
	0x1f1eb, 0x1f1eb, 0x1f1f8, 0x1f1f8, 0x1f1fd, 0x1f1fd, 0x1f1fe, 0x1f1fe,
	0x1f1ea, 0x1f1ea, 0x1f1f9, 0x1f1f9, 0x1f1ff, 0x1f1ff, 0x1f1e6, 0x1f1e6,
	0x1f1f2, 0x1f1f2, 0x1f1fc, 0x1f1fc, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e,
	0x1f191, 0x1f19a, 0x1f1e6, 0x1f1ff, 0x1f201, 0x1f201, 0x1f232, 0x1f236,
	0x1f238, 0x1f23a, 0x1f250, 0x1f251, 0x1f300, 0x1f320, 0x1f32d, 0x1f335,
	0x1f337, 0x1f37c, 0x1f37e, 0x1f384, 0x1f386, 0x1f393, 0x1f3a0, 0x1f3c1,
	0x1f3c5, 0x1f3c6, 0x1f3c8, 0x1f3c9, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0,
	0x1f3f4, 0x1f3f4, 0x1f3f8, 0x1f3ff, 0x1f400, 0x1f43e, 0x1f440, 0x1f440,
	0x1f444, 0x1f445, 0x1f451, 0x1f465, 0x1f46a, 0x1f46d, 0x1f46f, 0x1f46f,
	0x1f479, 0x1f47b, 0x1f47d, 0x1f480, 0x1f484, 0x1f484, 0x1f488, 0x1f4a9,
	0x1f4ab, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e, 0x1f550, 0x1f567,
	0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f644, 0x1f648, 0x1f64a, 0x1f680, 0x1f6a2,
	0x1f6a4, 0x1f6b3, 0x1f6b7, 0x1f6bf, 0x1f6c1, 0x1f6c5, 0x1f6d0, 0x1f6d2,
	0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6f9, 0x1f910, 0x1f917, 0x1f91d, 0x1f91d,
	0x1f920, 0x1f925, 0x1f927, 0x1f92f, 0x1f93a, 0x1f93a, 0x1f93c, 0x1f93c,
	0x1f940, 0x1f945, 0x1f947, 0x1f970, 0x1f973, 0x1f976, 0x1f97a, 0x1f97a,
	0x1f97c, 0x1f9a2, 0x1f9b4, 0x1f9b4, 0x1f9b7, 0x1f9b7, 0x1f9c0, 0x1f9c2,
	0x1f9d0, 0x1f9d0, 0x1f9de, 0x1f9ff, 0x23e9, 0x23ec, 0x23f0, 0x23f0,
	0x23f3, 0x23f3, 0x267e, 0x267e, 0x26ce, 0x26ce, 0x2705, 0x2705,
	0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755,
	0x2795, 0x2797, 0x27b0, 0x27b0, 0x27bf, 0x27bf, 0xe50a, 0xe50a,
};

static const struct emo_atom emo_a[] = {
	{0, 1, EMO_ONE}, {1, 1, EMO_OPT}, {2, 1, EMO_ONE}, {3, 1, EMO_ONE},
	{4, 1, EMO_ONE}, {0, 1, EMO_ONE}, {1, 1, EMO_OPT}, {2, 1, EMO_ONE},
	{5, 1, EMO_ONE}, {4, 1, EMO_ONE}, {0, 1, EMO_ONE}, {1, 1, EMO_OPT},
	{2, 1, EMO_ONE}, {6, 1, EMO_ONE}, {4, 1, EMO_ONE}, {0, 1, EMO_ONE},
	{1, 1, EMO_OPT}, {2, 1, EMO_ONE}, {7, 7, EMO_ONE}, {0, 1, EMO_ONE},
	{1, 1, EMO_OPT}, {2, 1, EMO_ONE}, {14, 5, EMO_ONE}, {0, 1, EMO_ONE},
	{1, 1, EMO_OPT}, {2, 1, EMO_ONE}, {19, 1, EMO_ONE}, {20, 3, EMO_ONE},
	{23, 2, EMO_ONE}, {2, 1, EMO_ONE}, {25, 2, EMO_ONE}, {4, 1, EMO_ONE},
	{27, 19, EMO_ONE}, {1, 1, EMO_OPT}, {2, 1, EMO_ONE}, {25, 2, EMO_ONE},
	{4, 1, EMO_ONE}, {46, 1, EMO_ONE}, {2, 1, EMO_ONE}, {47, 1, EMO_ONE},
	{4, 1, EMO_ONE}, {2, 1, EMO_ONE}, {48, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{46, 1, EMO_ONE}, {46, 1, EMO_ONE}, {2, 1, EMO_ONE}, {46, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {49, 1, EMO_ONE}, {2, 1, EMO_ONE}, {49, 1, EMO_ONE},
	{46, 1, EMO_ONE}, {2, 1, EMO_ONE}, {46, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{50, 1, EMO_ONE}, {2, 1, EMO_ONE}, {51, 1, EMO_ONE}, {46, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {52, 1, EMO_ONE}, {2, 1, EMO_ONE}, {49, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {49, 1, EMO_ONE}, {46, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{52, 1, EMO_ONE}, {2, 1, EMO_ONE}, {50, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{51, 1, EMO_ONE}, {52, 1, EMO_ONE}, {2, 1, EMO_ONE}, {47, 1, EMO_ONE},
	{4, 1, EMO_ONE}, {2, 1, EMO_ONE}, {48, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{0, 1, EMO_ONE}, {52, 1, EMO_ONE}, {2, 1, EMO_ONE}, {52, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {49, 1, EMO_ONE}, {2, 1, EMO_ONE}, {49, 1, EMO_ONE},
	{52, 1, EMO_ONE}, {2, 1, EMO_ONE}, {52, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{50, 1, EMO_ONE}, {2, 1, EMO_ONE}, {51, 1, EMO_ONE}, {46, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {47, 1, EMO_ONE}, {4, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{46, 1, EMO_ONE}, {46, 1, EMO_ONE}, {2, 1, EMO_ONE}, {49, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {49, 1, EMO_ONE}, {46, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{50, 1, EMO_ONE}, {2, 1, EMO_ONE}, {51, 1, EMO_ONE}, {46, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {46, 1, EMO_ONE}, {2, 1, EMO_ONE}, {51, 1, EMO_ONE},
	{46, 1, EMO_ONE}, {2, 1, EMO_ONE}, {52, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{51, 1, EMO_ONE}, {52, 1, EMO_ONE}, {2, 1, EMO_ONE}, {47, 1, EMO_ONE},
	{4, 1, EMO_ONE}, {2, 1, EMO_ONE}, {0, 1, EMO_ONE}, {52, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {49, 1, EMO_ONE}, {2, 1, EMO_ONE}, {49, 1, EMO_ONE},
	{52, 1, EMO_ONE}, {2, 1, EMO_ONE}, {50, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{51, 1, EMO_ONE}, {52, 1, EMO_ONE}, {2, 1, EMO_ONE}, {52, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {51, 1, EMO_ONE}, {53, 1, EMO_ONE}, {4, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {54, 1, EMO_ONE}, {55, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{56, 1, EMO_ONE}, {4, 1, EMO_ONE}, {57, 1, EMO_ONE}, {2, 1, EMO_ONE},
	{58, 1, EMO_ONE}, {46, 1, EMO_ONE}, {2, 1, EMO_ONE}, {51, 1, EMO_ONE},
	{52, 1, EMO_ONE}, {2, 1, EMO_ONE}, {51, 1, EMO_ONE}, {59, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {60, 1, EMO_ONE}, {4, 1, EMO_ONE}, {59, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {61, 1, EMO_ONE}, {4, 1, EMO_ONE}, {62, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {60, 1, EMO_ONE}, {4, 1, EMO_ONE}, {62, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {61, 1, EMO_ONE}, {4, 1, EMO_ONE}, {63, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {60, 1, EMO_ONE}, {4, 1, EMO_ONE}, {63, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {61, 1, EMO_ONE}, {4, 1, EMO_ONE}, {64, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {60, 1, EMO_ONE}, {4, 1, EMO_ONE}, {64, 1, EMO_ONE},
	{2, 1, EMO_ONE}, {61, 1, EMO_ONE}, {4, 1, EMO_ONE}, {65, 3, EMO_ONE},
	{4, 1, EMO_OPT}, {68, 1, EMO_ONE}, {69, 4, EMO_ONE}, {4, 1, EMO_ONE},
	{73, 123, EMO_ONE}, {4, 1, EMO_ONE}, {73, 123, EMO_ONE}, {0, 0, EMO_NOVS15},
	{196, 7, EMO_ONE}, {4, 1, EMO_ONE}, {1, 1, EMO_OPT}, {196, 7, EMO_ONE},
	{0, 0, EMO_NOVS15}, {1, 1, EMO_OPT}, {203, 30, EMO_ONE}, {1, 1, EMO_OPT},
	{55, 1, EMO_ONE}, {233, 1, EMO_ONE}, {234, 1, EMO_ONE}, {235, 1, EMO_ONE},
	{236, 1, EMO_ONE}, {233, 1, EMO_ONE}, {237, 1, EMO_ONE}, {55, 1, EMO_ONE},
	{233, 1, EMO_ONE}, {234, 1, EMO_ONE}, {238, 1, EMO_ONE}, {239, 1, EMO_ONE},
	{240, 1, EMO_ONE}, {237, 1, EMO_ONE}, {55, 1, EMO_ONE}, {233, 1, EMO_ONE},
	{234, 1, EMO_ONE}, {241, 1, EMO_ONE}, {242, 1, EMO_ONE}, {238, 1, EMO_ONE},
	{237, 1, EMO_ONE}, {243, 1, EMO_ONE}, {244, 7, EMO_ONE}, {251, 1, EMO_ONE},
	{252, 6, EMO_ONE}, {258, 1, EMO_ONE}, {259, 6, EMO_ONE}, {265, 1, EMO_ONE},
	{266, 6, EMO_ONE}, {272, 1, EMO_ONE}, {273, 5, EMO_ONE}, {278, 1, EMO_ONE},
	{279, 4, EMO_ONE}, {283, 1, EMO_ONE}, {284, 6, EMO_ONE}, {290, 1, EMO_ONE},
	{291, 4, EMO_ONE}, {295, 1, EMO_ONE}, {296, 3, EMO_ONE}, {299, 1, EMO_ONE},
	{300, 3, EMO_ONE}, {303, 1, EMO_ONE}, {304, 7, EMO_ONE}, {311, 1, EMO_ONE},
	{312, 5, EMO_ONE}, {317, 1, EMO_ONE}, {318, 3, EMO_ONE}, {321, 1, EMO_ONE},
	{322, 9, EMO_ONE}, {331, 1, EMO_ONE}, {317, 1, EMO_ONE}, {332, 1, EMO_ONE},
	{333, 6, EMO_ONE}, {339, 1, EMO_ONE}, {243, 1, EMO_ONE}, {340, 1, EMO_ONE},
	{341, 5, EMO_ONE}, {346, 1, EMO_ONE}, {347, 5, EMO_ONE}, {352, 1, EMO_ONE},
	{353, 8, EMO_ONE}, {361, 1, EMO_ONE}, {362, 5, EMO_ONE}, {367, 1, EMO_ONE},
	{368, 7, EMO_ONE}, {375, 1, EMO_ONE}, {376, 2, EMO_ONE}, {378, 1, EMO_ONE},
	{303, 1, EMO_ONE}, {379, 1, EMO_ONE}, {380, 2, EMO_ONE}, {382, 1, EMO_ONE},
	{383, 3, EMO_ONE}, {386, 20, EMO_ONE}, {406, 24, EMO_ONE}, {430, 16, EMO_ONE},
	{446, 14, EMO_ONE}, {4, 1, EMO_ONE},
};

static const unsigned short emo_p[] = {
	0, 5, 10, 15, 19, 23, 27, 32, 37, 45, 52, 59,
	66, 73, 81, 88, 95, 101, 106, 111, 116, 121, 127, 132,
	137, 142, 146, 150, 153, 156, 159, 163, 167, 171, 175, 179,
	183, 187, 191, 194, 196, 198, 200, 203, 206, 208, 215, 222,
	229, 231, 233, 235, 237, 239, 241, 243, 245, 247, 249, 251,
	253, 255, 257, 259, 261, 263, 265, 267, 269, 271, 273, 275,
	277, 279, 281, 282, 283, 284, 285, 286,
};

/* twitter-text 3.1.0's TLDs (validGTLD and validCCTLD), sorted. */
static const char *const tld_list[] = {
	"aaa", "aarp", "abarth", "abb", "abbott", "abbvie", "abc", "able",
	"abogado", "abudhabi", "ac", "academy", "accenture", "accountant",
	"accountants", "aco", "active", "actor", "ad", "adac", "ads", "adult", "ae",
	"aeg", "aero", "aetna", "af", "afamilycompany", "afl", "africa", "ag",
	"agakhan", "agency", "ai", "aig", "aigo", "airbus", "airforce", "airtel",
	"akdn", "al", "alfaromeo", "alibaba", "alipay", "allfinanz", "allstate",
	"ally", "alsace", "alstom", "am", "americanexpress", "americanfamily",
	"amex", "amfam", "amica", "amsterdam", "an", "analytics", "android",
	"anquan", "anz", "ao", "aol", "apartments", "app", "apple", "aq",
	"aquarelle", "ar", "arab", "aramco", "archi", "army", "arpa", "art", "arte",
	"as", "asda", "asia", "associates", "at", "athleta", "attorney", "au",
	"auction", "audi", "audible", "audio", "auspost", "author", "auto", "autos",
	"avianca", "aw", "aws", "ax", "axa", "az", "azure", "ba", "baby", "baidu",
	"banamex", "bananarepublic", "band", "bank", "bar", "barcelona",
	"barclaycard", "barclays", "barefoot", "bargains", "baseball", "basketball",
	"bauhaus", "bayern", "bb", "bbc", "bbt", "bbva", "bcg", "bcn", "bd", "be",
	"beats", "beauty", "beer", "bentley", "berlin", "best", "bestbuy", "bet",
	"bf", "bg", "bh", "bharti", "bi", "bible", "bid", "bike", "bing", "bingo",
	"bio", "biz", "bj", "bl", "black", "blackfriday", "blanco", "blockbuster",
	"blog", "bloomberg", "blue", "bm", "bms", "bmw", "bn", "bnl", "bnpparibas",
	"bo", "boats", "boehringer", "bofa", "bom", "bond", "boo", "book",
	"booking", "boots", "bosch", "bostik", "boston", "bot", "boutique", "box",
	"bq", "br", "bradesco", "bridgestone", "broadway", "broker", "brother",
	"brussels", "bs", "bt", "budapest", "bugatti", "build", "builders",
	"business", "buy", "buzz", "bv", "bw", "by", "bz", "bzh", "ca", "cab",
	"cafe", "cal", "call", "calvinklein", "cam", "camera", "camp",
	"cancerresearch", "canon", "capetown", "capital", "capitalone", "car",
	"caravan", "cards", "care", "career", "careers", "cars", "cartier", "casa",
	"case", "caseih", "cash", "casino", "cat", "catering", "catholic", "cba",
	"cbn", "cbre", "cbs", "cc", "cd", "ceb", "center", "ceo", "cern", "cf",
	"cfa", "cfd", "cg", "ch", "chanel", "channel", "charity", "chase", "chat",
	"cheap", "chintai", "chloe", "christmas", "chrome", "chrysler", "church",
	"ci", "cipriani", "circle", "cisco", "citadel", "citi", "citic", "city",
	"cityeats", "ck", "cl", "claims", "cleaning", "click", "clinic", "clinique",
	"clothing", "cloud", "club", "clubmed", "cm", "cn", "co", "coach", "codes",
	"coffee", "college", "cologne", "com", "comcast", "commbank", "community",
	"company", "compare", "computer", "comsec", "condos", "construction",
	"consulting", "contact", "contractors", "cooking", "cookingchannel", "cool",
	"coop", "corsica", "country", "coupon", "coupons", "courses", "cpa", "cr",
	"credit", "creditcard", "creditunion", "cricket", "crown", "crs", "cruise",
	"cruises", "csc", "cu", "cuisinella", "cv", "cw", "cx", "cy", "cymru",
	"cyou", "cz", "dabur", "dad", "dance", "data", "date", "dating", "datsun",
	"day", "dclk", "dds", "de", "deal", "dealer", "deals", "degree", "delivery",
	"dell", "deloitte", "delta", "democrat", "dental", "dentist", "desi",
	"design", "dev", "dhl", "diamonds", "diet", "digital", "direct",
	"directory", "discount", "discover", "dish", "diy", "dj", "dk", "dm", "dnp",
	"do", "docs", "doctor", "dodge", "dog", "doha", "domains", "doosan", "dot",
	"download", "drive", "dtv", "dubai", "duck", "dunlop", "duns", "dupont",
	"durban", "dvag", "dvr", "dz", "earth", "eat", "ec", "eco", "edeka", "edu",
	"education", "ee", "eg", "eh", "email", "emerck", "energy", "engineer",
	"engineering", "enterprises", "epost", "epson", "equipment", "er",
	"ericsson", "erni", "es", "esq", "estate", "esurance", "et", "etisalat",
	"eu", "eurovision", "eus", "events", "everbank", "exchange", "expert",
	"exposed", "express", "extraspace", "fage", "fail", "fairwinds", "faith",
	"family", "fan", "fans", "farm", "farmers", "fashion", "fast", "fedex",
	"feedback", "ferrari", "ferrero", "fi", "fiat", "fidelity", "fido", "film",
	"final", "finance", "financial", "fire", "firestone", "firmdale", "fish",
	"fishing", "fit", "fitness", "fj", "fk", "flickr", "flights", "flir",
	"florist", "flowers", "flsmidth", "fly", "fm", "fo", "foo", "food",
	"foodnetwork", "football", "ford", "forex", "forsale", "forum",
	"foundation", "fox", "fr", "free", "fresenius", "frl", "frogans",
	"frontdoor", "frontier", "ftr", "fujitsu", "fujixerox", "fun", "fund",
	"furniture", "futbol", "fyi", "ga", "gal", "gallery", "gallo", "gallup",
	"game", "games", "gap", "garden", "gay", "gb", "gbiz", "gd", "gdn", "ge",
	"gea", "gent", "genting", "george", "gf", "gg", "ggee", "gh", "gi", "gift",
	"gifts", "gives", "giving", "gl", "glade", "glass", "gle", "global",
	"globo", "gm", "gmail", "gmbh", "gmo", "gmx", "gn", "godaddy", "gold",
	"goldpoint", "golf", "goo", "goodhands", "goodyear", "goog", "google",
	"gop", "got", "gov", "gp", "gq", "gr", "grainger", "graphics", "gratis",
	"green", "gripe", "grocery", "group", "gs", "gt", "gu", "guardian", "gucci",
	"guge", "guide", "guitars", "guru", "gw", "gy", "hair", "hamburg",
	"hangout", "haus", "hbo", "hdfc", "hdfcbank", "health", "healthcare",
	"help", "helsinki", "here", "hermes", "hgtv", "hiphop", "hisamitsu",
	"hitachi", "hiv", "hk", "hkt", "hm", "hn", "hockey", "holdings", "holiday",
	"homedepot", "homegoods", "homes", "homesense", "honda", "honeywell",
	"horse", "hospital", "host", "hosting", "hot", "hoteles", "hotels",
	"hotmail", "house", "how", "hr", "hsbc", "ht", "htc", "hu", "hughes",
	"hyatt", "hyundai", "ibm", "icbc", "ice", "icu", "id", "ie", "ieee", "ifm",
	"iinet", "ikano", "il", "im", "imamat", "imdb", "immo", "immobilien", "in",
	"inc", "industries", "infiniti", "info", "ing", "ink", "institute",
	"insurance", "insure", "int", "intel", "international", "intuit",
	"investments", "io", "ipiranga", "iq", "ir", "irish", "is", "iselect",
	"ismaili", "ist", "istanbul", "it", "itau", "itv", "iveco", "iwc", "jaguar",
	"java", "jcb", "jcp", "je", "jeep", "jetzt", "jewelry", "jio", "jlc", "jll",
	"jm", "jmp", "jnj", "jo", "jobs", "joburg", "jot", "joy", "jp", "jpmorgan",
	"jprs", "juegos", "juniper", "kaufen", "kddi", "ke", "kerryhotels",
	"kerrylogistics", "kerryproperties", "kfh", "kg", "kh", "ki", "kia", "kim",
	"kinder", "kindle", "kitchen", "kiwi", "km", "kn", "koeln", "komatsu",
	"kosher", "kp", "kpmg", "kpn", "kr", "krd", "kred", "kuokgroup", "kw", "ky",
	"kyoto", "kz", "la", "lacaixa", "ladbrokes", "lamborghini", "lamer",
	"lancaster", "lancia", "lancome", "land", "landrover", "lanxess", "lasalle",
	"lat", "latino", "latrobe", "law", "lawyer", "lb", "lc", "lds", "lease",
	"leclerc", "lefrak", "legal", "lego", "lexus", "lgbt", "li", "liaison",
	"lidl", "life", "lifeinsurance", "lifestyle", "lighting", "like", "lilly",
	"limited", "limo", "lincoln", "linde", "link", "lipsy", "live", "living",
	"lixil", "lk", "llc", "llp", "loan", "loans", "locker", "locus", "loft",
	"lol", "london", "lotte", "lotto", "love", "lpl", "lplfinancial", "lr",
	"ls", "lt", "ltd", "ltda", "lu", "lundbeck", "lupin", "luxe", "luxury",
	"lv", "ly", "ma", "macys", "madrid", "maif", "maison", "makeup", "man",
	"management", "mango", "map", "market", "marketing", "markets", "marriott",
	"marshalls", "maserati", "mattel", "mba", "mc", "mcd", "mcdonalds",
	"mckinsey", "md", "me", "med", "media", "meet", "melbourne", "meme",
	"memorial", "men", "menu", "meo", "merckmsd", "metlife", "mf", "mg", "mh",
	"miami", "microsoft", "mil", "mini", "mint", "mit", "mitsubishi", "mk",
	"ml", "mlb", "mls", "mm", "mma", "mn", "mo", "mobi", "mobile", "mobily",
	"moda", "moe", "moi", "mom", "monash", "money", "monster", "montblanc",
	"mopar", "mormon", "mortgage", "moscow", "moto", "motorcycles", "mov",
	"movie", "movistar", "mp", "mq", "mr", "ms", "msd", "mt", "mtn", "mtpc",
	"mtr", "mu", "museum", "mutual", "mutuelle", "mv", "mw", "mx", "my", "mz",
	"na", "nab", "nadex", "nagoya", "name", "nationwide", "natura", "navy",
	"nba", "nc", "ne", "nec", "net", "netbank", "netflix", "network", "neustar",
	"new", "newholland", "news", "next", "nextdirect", "nexus", "nf", "nfl",
	"ng", "ngo", "nhk", "ni", "nico", "nike", "nikon", "ninja", "nissan",
	"nissay", "nl", "no", "nokia", "northwesternmutual", "norton", "now",
	"nowruz", "nowtv", "np", "nr", "nra", "nrw", "ntt", "nu", "nyc", "nz",
	"obi", "observer", "off", "office", "okinawa", "olayan", "olayangroup",
	"oldnavy", "ollo", "om", "omega", "one", "ong", "onion", "onl", "online",
	"onyourside", "ooo", "open", "oracle", "orange", "org", "organic",
	"orientexpress", "origins", "osaka", "otsuka", "ott", "ovh", "pa", "page",
	"pamperedchef", "panasonic", "panerai", "paris", "pars", "partners",
	"parts", "party", "passagens", "pay", "pccw", "pe", "pet", "pf", "pfizer",
	"pg", "ph", "pharmacy", "phd", "philips", "phone", "photo", "photography",
	"photos", "physio", "piaget", "pics", "pictet", "pictures", "pid", "pin",
	"ping", "pink", "pioneer", "pizza", "pk", "pl", "place", "play",
	"playstation", "plumbing", "plus", "pm", "pn", "pnc", "pohl", "poker",
	"politie", "porn", "post", "pr", "pramerica", "praxi", "press", "prime",
	"pro", "prod", "productions", "prof", "progressive", "promo", "properties",
	"property", "protection", "pru", "prudential", "ps", "pt", "pub", "pw",
	"pwc", "py", "qa", "qpon", "quebec", "quest", "qvc", "racing", "radio",
	"raid", "re", "read", "realestate", "realtor", "realty", "recipes", "red",
	"redstone", "redumbrella", "rehab", "reise", "reisen", "reit", "reliance",
	"ren", "rent", "rentals", "repair", "report", "republican", "rest",
	"restaurant", "review", "reviews", "rexroth", "rich", "richardli", "ricoh",
	"rightathome", "ril", "rio", "rip", "rmit", "ro", "rocher", "rocks",
	"rodeo", "rogers", "room", "rs", "rsvp", "ru", "rugby", "ruhr", "run", "rw",
	"rwe", "ryukyu", "sa", "saarland", "safe", "safety", "sakura", "sale",
	"salon", "samsclub", "samsung", "sandvik", "sandvikcoromant", "sanofi",
	"sap", "sapo", "sarl", "sas", "save", "saxo", "sb", "sbi", "sbs", "sc",
	"sca", "scb", "schaeffler", "schmidt", "scholarships", "school", "schule",
	"schwarz", "science", "scjohnson", "scor", "scot", "sd", "se", "search",
	"seat", "secure", "security", "seek", "select", "sener", "services", "ses",
	"seven", "sew", "sex", "sexy", "sfr", "sg", "sh", "shangrila", "sharp",
	"shaw", "shell", "shia", "shiksha", "shoes", "shop", "shopping", "shouji",
	"show", "showtime", "shriram", "si", "silk", "sina", "singles", "site",
	"sj", "sk", "ski", "skin", "sky", "skype", "sl", "sling", "sm", "smart",
	"smile", "sn", "sncf", "so", "soccer", "social", "softbank", "software",
	"sohu", "solar", "solutions", "song", "sony", "soy", "space", "spiegel",
	"sport", "spot", "spreadbetting", "sr", "srl", "srt", "ss", "st", "stada",
	"staples", "star", "starhub", "statebank", "statefarm", "statoil", "stc",
	"stcgroup", "stockholm", "storage", "store", "stream", "studio", "study",
	"style", "su", "sucks", "supplies", "supply", "support", "surf", "surgery",
	"suzuki", "sv", "swatch", "swiftcover", "swiss", "sx", "sy", "sydney",
	"symantec", "systems", "sz", "tab", "taipei", "talk", "taobao", "target",
	"tatamotors", "tatar", "tattoo", "tax", "taxi", "tc", "tci", "td", "tdk",
	"team", "tech", "technology", "tel", "telecity", "telefonica", "temasek",
	"tennis", "teva", "tf", "tg", "th", "thd", "theater", "theatre", "tiaa",
	"tickets", "tienda", "tiffany", "tips", "tires", "tirol", "tj", "tjmaxx",
	"tjx", "tk", "tkmaxx", "tl", "tm", "tmall", "tn", "to", "today", "tokyo",
	"tools", "top", "toray", "toshiba", "total", "tours", "town", "toyota",
	"toys", "tp", "tr", "trade", "trading", "training", "travel",
	"travelchannel", "travelers", "travelersinsurance", "trust", "trv", "tt",
	"tube", "tui", "tunes", "tushu", "tv", "tvs", "tw", "tz", "ua", "ubank",
	"ubs", "uconnect", "ug", "uk", "um", "unicom", "university", "uno", "uol",
	"ups", "us", "uy", "uz", "va", "vacations", "vana", "vanguard", "vc", "ve",
	"vegas", "ventures", "verisign", "vermögensberater", "vermögensberatung",
	"versicherung", "vet", "vg", "vi", "viajes", "video", "vig", "viking",
	"villas", "vin", "vip", "virgin", "visa", "vision", "vista", "vistaprint",
	"viva", "vivo", "vlaanderen", "vn", "vodka", "volkswagen", "volvo", "vote",
	"voting", "voto", "voyage", "vu", "vuelos", "wales", "walmart", "walter",
	"wang", "wanggou", "warman", "watch", "watches", "weather",
	"weatherchannel", "webcam", "weber", "website", "wed", "wedding", "weibo",
	"weir", "wf", "whoswho", "wien", "wiki", "williamhill", "win", "windows",
	"wine", "winners", "wme", "wolterskluwer", "woodside", "work", "works",
	"world", "wow", "ws", "wtc", "wtf", "xbox", "xerox", "xfinity", "xihuan",
	"xin", "xperia", "xxx", "xyz", "yachts", "yahoo", "yamaxun", "yandex", "ye",
	"yodobashi", "yoga", "yokohama", "you", "youtube", "yt", "yun", "za",
	"zappos", "zara", "zero", "zip", "zippo", "zm", "zone", "zuerich", "zw",
	"ελ", "ευ", "бг", "бел", "дети", "ею", "католик",
	"ком", "мкд", "мон", "москва", "онлайн", "орг",
	"рус", "рф", "сайт", "срб", "укр", "қаз", "հայ",
	"קום", "ابوظبي", "اتصالات", "ارامكو", "الاردن",
	"البحرين", "الجزائر", "السعودية", "العليان",
	"المغرب", "امارات", "ایران", "بارت", "بازار",
	"بيتك", "بھارت", "تونس", "سودان", "سورية",
	"شبكة", "عراق", "عرب", "عمان", "فلسطين", "قطر",
	"كاثوليك", "كوم", "مصر", "مليسيا", "موبايلي",
	"موريتانيا", "موقع", "همراه", "پاکستان",
	"ڀارت", "कॉम", "नेट", "भारत", "भारतम्",
	"भारोत", "संगठन", "বাংলা", "ভারত",
	"ভাৰত", "ਭਾਰਤ", "ભારત", "ଭାରତ",
	"இந்தியா", "இலங்கை",
	"சிங்கப்பூர்", "భారత్", "ಭಾರತ",
	"ഭാരതം", "ලංකා", "คอม", "ไทย", "ລາວ",
	"გე", "みんな", "クラウド", "グーグル", "コム",
	"ストア", "セール", "ファッション", "ポイント", "世界",
	"中信", "中国", "中國", "中文网", "企业", "佛山", "信息",
	"健康", "八卦", "公司", "公益", "台湾", "台灣", "商城",
	"商店", "商标", "嘉里", "嘉里大酒店", "在线", "大众汽车",
	"大拿", "天主教", "娱乐", "家電", "工行", "广东", "微博",
	"慈善", "我爱你", "手机", "手表", "招聘", "政务", "政府",
	"新加坡", "新闻", "时尚", "書籍", "机构", "淡马锡", "游戏",
	"澳門", "点看", "珠宝", "移动", "组织机构", "网址", "网店",
	"网站", "网络", "联通", "诺基亚", "谷歌", "购物", "通販",
	"集团", "電訊盈科", "飞利浦", "食品", "餐厅", "香格里拉",
	"香港", "닷넷", "닷컴", "삼성", "한국",
};
