/* intent.c - question and request cues per language (intent.h)
 *
 * Written for tw.  Question words count only first in the text (after
 * @mentions and an opening "¿"), where they ask; request phrases count
 * anywhere, as whole words (any place in Japanese, which has no spaces).
 */
#include <string.h>
#include <strings.h>

#include "intent.h"

struct cues {
	const char *lang;
	const char *const *ask;         /* question words, first in the text */
	const char *const *req;         /* request phrases, anywhere */
};

static const char *const ask_es[] = { "cómo", "como", "dónde", "donde",
	"cuándo", "cuando", "qué", "por qué", "cuál", "cuánto", "cuánta",
	"quién", "hay", "puedo", "podéis", "pueden", "puede", "se puede",
	NULL };
static const char *const req_es[] = { "por favor", "porfa", "necesito",
	"quiero", "quisiera", "me podéis", "me pueden", "me puede",
	"podrían", "ayuda", "ayúdenme", "llamadme", "llámenme", NULL };
static const char *const ask_fr[] = { "comment", "où", "quand",
	"pourquoi", "quel", "quelle", "quels", "quelles", "combien",
	"est-ce que", "est-ce", "pouvez-vous", "puis-je", "y a-t-il", "qui",
	NULL };
static const char *const req_fr[] = { "s'il vous plaît", "s'il vous plait",
	"svp", "stp", "merci de", "pouvez-vous", "pourriez-vous",
	"je voudrais", "j'aimerais", "je souhaite", "besoin", "aidez-moi",
	NULL };
static const char *const ask_de[] = { "wie", "wo", "wann", "warum",
	"was", "welche", "welcher", "welches", "wer", "gibt es", "kann ich",
	"können sie", "könnt ihr", "ist", "sind", "habt ihr", "haben sie",
	"liefern sie", NULL };
static const char *const req_de[] = { "bitte", "ich möchte",
	"ich hätte gern", "ich brauche", "können sie", "könnten sie",
	"könnt ihr", "helfen sie", "rufen sie", NULL };
static const char *const ask_pt[] = { "como", "onde", "quando",
	"por que", "porque", "qual", "quanto", "quanta", "quem", "tem",
	"posso", "podem", "pode", "vocês", "que horas", NULL };
static const char *const req_pt[] = { "por favor", "pfv", "preciso",
	"quero", "gostaria", "podem me", "pode me", "me liguem", "ajuda",
	NULL };
static const char *const ask_it[] = { "come", "dove", "quando",
	"perché", "quale", "quanto", "quanta", "chi", "c'è", "posso",
	"potete", "può", "a che ora", "da quale", NULL };
static const char *const req_it[] = { "per favore", "per piacere",
	"vorrei", "ho bisogno", "potete", "potreste", "mi serve",
	"richiamatemi", "aiutatemi", NULL };
static const char *const ask_ja[] = { "ますか", "ですか", "でしょうか",
	"ませんか", "か?", "か？", "どこ", "いつ", "どう", "なぜ", "何時",
	"何番", NULL };
static const char *const req_ja[] = { "お願いします", "お願い致します",
	"お願いいたします", "ください", "下さい", "ほしいです", "欲しいです",
	"たいです", "もらえますか", "いただけますか", NULL };

static const struct cues cues[] = {
	{ "es", ask_es, req_es }, { "fr", ask_fr, req_fr },
	{ "de", ask_de, req_de }, { "pt", ask_pt, req_pt },
	{ "it", ask_it, req_it }, { "ja", ask_ja, req_ja },
	{ NULL, NULL, NULL }
};

/* A letter: ASCII, or any byte of a multi-byte UTF-8 character. */
static int
letter(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    c == '\'' || c == '-';
}

/* Whether phrase p is in s as whole words (anywhere, for ja). */
static int
has_words(const char *s, const char *p, int anywhere)
{
	size_t n = strlen(p);
	const char *q;

	for (q = s; (q = strcasestr(q, p)); q++)
		if (anywhere || ((q == s || !letter((unsigned char)q[-1])) &&
		    !letter((unsigned char)q[n])))
			return 1;
	return 0;
}

/* The text after leading @mentions, white space and "¿". */
static const char *
opening(const char *s)
{
	for (;;) {
		if (*s == '@')
			while (*s && *s != ' ')
				s++;
		else if (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
		else if (!strncmp(s, "\xc2\xbf", 2))          /* ¿ */
			s += 2;
		else
			return s;
	}
}

int
tw_intent_cues(const char *lang, const char *text)
{
	const struct cues *c;
	const char *const *w;
	const char *o = opening(text);
	int ja, r = 0;

	for (c = cues; c->lang && (!lang || strcasecmp(c->lang, lang)); c++)
		;
	if (!c->lang)
		return 0;
	ja = !strcmp(c->lang, "ja");
	if (strstr(text, "\xef\xbc\x9f"))                     /* ？ */
		r |= TW_CUE_QUESTION;
	for (w = c->ask; *w; w++)
		if (ja ? strstr(text, *w) != NULL :
		    !strncasecmp(o, *w, strlen(*w)) && !letter((unsigned char)
		    o[strlen(*w)]))
			r |= TW_CUE_QUESTION;
	for (w = c->req; *w; w++)
		if (has_words(text, *w, ja))
			r |= TW_CUE_REQUEST;
	return r;
}
