/* kbcross.c - a care glossary from Spanish, French, German, Portuguese
 * and Italian into English, for tw-suggest: a message in one of those
 * languages also asks with the English words of the glossary, so that an
 * answer written only in English can be found (tw-suggest(1) RANKING).
 * Dictionary-based query translation: each entry is a stem (one or more
 * words, case-folded, accents stripped), found where a word of the
 * folded message begins; "$" at its end: a whole word.  With it, the
 * English words it stands for, as the answers write them.  Written for tw from general airline-care vocabulary; no list
 * of customers' messages went into it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kbint.h"

struct gloss {
	const char *lang, *stem, *en;
};

static const struct gloss gloss[] = {
	/* Spanish */
	{ "es", "vuelo", "flight" }, { "es", "volar", "flight" },
	{ "es", "retras", "delay delayed late" },
	{ "es", "tarde", "late delay" }, { "es", "esper", "waiting" },
	{ "es", "cancel", "cancelled cancellation" },
	{ "es", "anul", "cancelled cancel" },
	{ "es", "maleta", "bag suitcase luggage" },
	{ "es", "equipaje", "luggage bag" },
	{ "es", "mochila", "bag personal item" },
	{ "es", "perd", "lost missing" }, { "es", "extravi", "lost missing" },
	{ "es", "llego", "arrived" }, { "es", "roto", "broken damaged" },
	{ "es", "rota", "broken damaged" }, { "es", "danad", "damaged" },
	{ "es", "rueda", "wheel" }, { "es", "asa$", "handle" },
	{ "es", "reembols", "refund" }, { "es", "devol", "refund money back" },
	{ "es", "dinero", "money" }, { "es", "tarjeta", "card" },
	{ "es", "cobr", "charged" }, { "es", "dos veces", "twice" },
	{ "es", "doble", "double twice" },
	{ "es", "compens", "compensation" },
	{ "es", "indemniz", "compensation" },
	{ "es", "reclam", "claim" }, { "es", "derecho", "rights entitled" },
	{ "es", "asiento", "seat" }, { "es", "ventan", "window" },
	{ "es", "pasillo", "aisle" }, { "es", "juntos", "together" },
	{ "es", "facturar", "checked bag check in" },
	{ "es", "facturacion", "check in" },
	{ "es", "tarjeta de embarque", "boarding pass" },
	{ "es", "embarque", "boarding" },
	{ "es", "conexion", "connection connecting" },
	{ "es", "escala", "layover connecting transfer" },
	{ "es", "transbordo", "transfer connecting" },
	{ "es", "cambi", "change" }, { "es", "fecha", "date" },
	{ "es", "nombre", "name" }, { "es", "apellido", "surname name" },
	{ "es", "pasaporte", "passport" }, { "es", "mal escrito", "misspelled" },
	{ "es", "perro", "dog pet" }, { "es", "gato", "cat pet" },
	{ "es", "mascota", "pet" }, { "es", "bebe", "baby infant" },
	{ "es", "nino", "child" }, { "es", "carrito", "stroller" },
	{ "es", "silla de ruedas", "wheelchair" },
	
	{ "es", "asistencia", "assistance" },
	{ "es", "movilidad", "reduced mobility" },
	{ "es", "sala vip", "lounge" }, { "es", "sala$", "lounge" },
	{ "es", "puntos", "points" }, { "es", "millas", "miles" },
	{ "es", "wifi", "wifi" }, { "es", "internet", "internet wifi" },
	{ "es", "bici", "bike bicycle" }, { "es", "esqu", "skis" },
	{ "es", "tabla", "surfboard" }, { "es", "golf", "golf clubs" },
	{ "es", "guitarra", "guitar instrument" },
	{ "es", "gracias", "thanks thank" }, { "es", "genial", "great" },
	{ "es", "excelente", "excellent" }, { "es", "tripulacion", "crew" },
	{ "es", "clase", "class" }, { "es", "turista", "economy" },
	{ "es", "tarifa", "fare" }, { "es", "precio", "price cost fee" },
	{ "es", "pagar", "pay fee" }, { "es", "hotel", "hotel" },
	{ "es", "de mano", "hand cabin" }, { "es", "cabina", "cabin" },
	{ "es", "24 horas", "24 hours" }, { "es", "error", "mistake error" },
	/* French */
	{ "fr", "vol$", "flight" }, { "fr", "vols$", "flight" }, { "fr", "retard", "delay delayed late" },
	{ "fr", "attend", "waiting" }, { "fr", "annul", "cancelled cancel" },
	{ "fr", "valise", "suitcase bag luggage" },
	{ "fr", "bagage", "luggage bag" }, { "fr", "sac$", "bag" }, { "fr", "sacs$", "bag" },
	{ "fr", "perdu", "lost missing" }, { "fr", "egare", "lost missing" },
	{ "fr", "arrive", "arrived" }, { "fr", "casse", "broken damaged" },
	{ "fr", "abime", "damaged" }, { "fr", "endommag", "damaged" },
	{ "fr", "roue", "wheel" }, { "fr", "poignee", "handle" },
	{ "fr", "rembours", "refund" }, { "fr", "argent", "money" },
	{ "fr", "carte", "card" }, { "fr", "debit", "charged" },
	{ "fr", "deux fois", "twice" }, { "fr", "double", "double twice" },
	{ "fr", "indemn", "compensation" }, { "fr", "compens", "compensation" },
	{ "fr", "reclam", "claim" }, { "fr", "droit", "rights entitled" },
	{ "fr", "siege", "seat" }, { "fr", "place", "seat" },
	{ "fr", "hublot", "window" }, { "fr", "couloir", "aisle" },
	{ "fr", "ensemble", "together" },
	{ "fr", "enregistr", "check in" },
	{ "fr", "carte d'embarquement", "boarding pass" },
	{ "fr", "embarquement", "boarding" },
	{ "fr", "correspondance", "connection connecting" },
	{ "fr", "escale", "layover connecting" },
	{ "fr", "chang", "change" }, { "fr", "modifi", "change" },
	{ "fr", "date", "date" }, { "fr", "nom$", "name" },
	{ "fr", "passeport", "passport" }, { "fr", "faute", "typo misspelled" },
	{ "fr", "chien", "dog pet" }, { "fr", "chat", "cat pet" },
	{ "fr", "animal", "animal pet" }, { "fr", "bebe", "baby infant" },
	{ "fr", "enfant", "child" }, { "fr", "poussette", "stroller" },
	{ "fr", "fauteuil roulant", "wheelchair" },
	{ "fr", "fauteuil", "wheelchair" },
	{ "fr", "assistance", "assistance" }, { "fr", "mobilite", "mobility" },
	{ "fr", "salon", "lounge" }, { "fr", "points", "points" },
	{ "fr", "miles", "miles" }, { "fr", "fidelite", "loyalty" },
	{ "fr", "wifi", "wifi" }, { "fr", "internet", "internet wifi" },
	{ "fr", "velo", "bike bicycle" }, { "fr", "ski", "skis" },
	{ "fr", "planche", "surfboard" }, { "fr", "golf", "golf clubs" },
	{ "fr", "guitare", "guitar instrument" },
	{ "fr", "merci", "thanks thank" }, { "fr", "genial", "great" },
	{ "fr", "excellent", "excellent" }, { "fr", "equipage", "crew" },
	{ "fr", "classe", "class" }, { "fr", "economique", "economy" },
	{ "fr", "tarif", "fare" }, { "fr", "prix", "price cost fee" },
	{ "fr", "frais", "fee" }, { "fr", "payer", "pay fee" },
	{ "fr", "hotel", "hotel" }, { "fr", "cabine", "cabin" },
	{ "fr", "main$", "hand cabin" }, { "fr", "24h", "24 hours" },
	{ "fr", "24 heures", "24 hours" }, { "fr", "erreur", "mistake" },
	/* German */
	{ "de", "flug", "flight" }, { "de", "verspat", "delay delayed late" },
	{ "de", "warte", "waiting" }, { "de", "annull", "cancelled" },
	{ "de", "gestrichen", "cancelled" }, { "de", "storn", "cancel" },
	{ "de", "ausgefallen", "cancelled" }, { "de", "ausfall", "cancelled" },
	{ "de", "koffer", "suitcase bag luggage" },
	{ "de", "gepack", "luggage bag" }, { "de", "tasche", "bag" },
	{ "de", "rucksack", "bag personal item" },
	{ "de", "verloren", "lost missing" }, { "de", "vermisst", "missing lost" },
	{ "de", "angekommen", "arrived" }, { "de", "kaputt", "broken damaged" },
	{ "de", "beschadig", "damaged" }, { "de", "rad$", "wheel" },
	{ "de", "rollen", "wheel" }, { "de", "griff", "handle" },
	{ "de", "erstatt", "refund" }, { "de", "ruckerstatt", "refund" },
	{ "de", "geld", "money" }, { "de", "karte", "card" },
	{ "de", "abgebucht", "charged" }, { "de", "doppelt", "double twice" },
	{ "de", "zweimal", "twice" }, { "de", "entschadig", "compensation" },
	{ "de", "ausgleich", "compensation" }, { "de", "anspruch", "entitled claim" },
	{ "de", "sitz", "seat" }, { "de", "platz", "seat" },
	{ "de", "fenster", "window" }, { "de", "gang", "aisle" },
	{ "de", "zusammen", "together" }, { "de", "einchecken", "check in" },
	{ "de", "check", "check in" }, { "de", "bordkarte", "boarding pass" },
	{ "de", "anschluss", "connection connecting" },
	{ "de", "umsteig", "transfer connecting" },
	{ "de", "verpasst", "missed" }, { "de", "umbuch", "change rebook" },
	{ "de", "andern", "change" }, { "de", "datum", "date" },
	{ "de", "name", "name" }, { "de", "nachname", "surname name" },
	{ "de", "reisepass", "passport" }, { "de", "tippfehler", "typo" },
	{ "de", "hund", "dog pet" }, { "de", "katze", "cat pet" },
	{ "de", "haustier", "pet" }, { "de", "tier", "animal pet" },
	{ "de", "baby", "baby infant" }, { "de", "saugling", "infant baby" },
	{ "de", "kind", "child" }, { "de", "kinderwagen", "stroller" },
	{ "de", "rollstuhl", "wheelchair" }, { "de", "hilfe", "assistance" },
	{ "de", "lounge", "lounge" }, { "de", "punkte", "points" },
	{ "de", "meilen", "miles" }, { "de", "wlan", "wifi" },
	{ "de", "internet", "internet wifi" }, { "de", "fahrrad", "bike bicycle" },
	{ "de", "ski", "skis" }, { "de", "surfbrett", "surfboard" },
	{ "de", "golf", "golf clubs" }, { "de", "gitarre", "guitar instrument" },
	{ "de", "danke", "thanks thank" }, { "de", "toll", "great" },
	{ "de", "super", "great" }, { "de", "crew", "crew" },
	{ "de", "besatzung", "crew" }, { "de", "klasse", "class" },
	{ "de", "economy", "economy" }, { "de", "tarif", "fare" },
	{ "de", "preis", "price cost fee" }, { "de", "gebuhr", "fee" },
	{ "de", "kosten", "cost fee" }, { "de", "hotel", "hotel" },
	{ "de", "handgepack", "hand luggage cabin bag" },
	{ "de", "kabine", "cabin" }, { "de", "24 stunden", "24 hours" },
	{ "de", "versehen", "mistake" },
	/* Portuguese */
	{ "pt", "voo", "flight" }, { "pt", "atras", "delay delayed late" },
	{ "pt", "cancel", "cancelled" }, { "pt", "mala", "suitcase bag" },
	{ "pt", "bagagem", "luggage bag" }, { "pt", "perd", "lost missing" },
	{ "pt", "extravi", "lost missing" }, { "pt", "quebr", "broken damaged" },
	{ "pt", "danific", "damaged" }, { "pt", "reembols", "refund" },
	{ "pt", "dinheiro", "money" }, { "pt", "cartao", "card" },
	{ "pt", "cobr", "charged" }, { "pt", "duas vezes", "twice" },
	{ "pt", "indeniz", "compensation" }, { "pt", "compens", "compensation" },
	{ "pt", "assento", "seat" }, { "pt", "lugar", "seat" },
	{ "pt", "janela", "window" }, { "pt", "corredor", "aisle" },
	{ "pt", "conexao", "connection connecting" },
	{ "pt", "escala", "layover connecting" }, { "pt", "alter", "change" },
	{ "pt", "mud", "change" }, { "pt", "nome", "name" },
	{ "pt", "passaporte", "passport" }, { "pt", "cachorro", "dog pet" },
	{ "pt", "cao$", "dog pet" }, { "pt", "gato", "cat pet" },
	{ "pt", "bebe", "baby infant" }, { "pt", "crianca", "child" },
	{ "pt", "cadeira de rodas", "wheelchair" },
	{ "pt", "assistencia", "assistance" }, { "pt", "sala vip", "lounge" },
	{ "pt", "pontos", "points" }, { "pt", "milhas", "miles" },
	{ "pt", "wifi", "wifi" }, { "pt", "bicicleta", "bike bicycle" },
	{ "pt", "prancha", "surfboard" }, { "pt", "obrigad", "thanks thank" },
	{ "pt", "otimo", "great" }, { "pt", "tripulacao", "crew" },
	{ "pt", "taxa", "fee" }, { "pt", "preco", "price cost" },
	{ "pt", "check", "check in" }, { "pt", "cartao de embarque", "boarding pass" },
	/* Italian */
	{ "it", "volo", "flight" }, { "it", "ritard", "delay delayed late" },
	{ "it", "cancell", "cancelled" }, { "it", "annull", "cancelled" },
	{ "it", "valigia", "suitcase bag" }, { "it", "bagagl", "luggage bag" },
	{ "it", "perso$", "lost missing" }, { "it", "persa$", "lost missing" }, { "it", "smarri", "lost missing" },
	{ "it", "rott", "broken damaged" }, { "it", "danneggi", "damaged" },
	{ "it", "rimbors", "refund" }, { "it", "soldi", "money" },
	{ "it", "carta", "card" }, { "it", "addebit", "charged" },
	{ "it", "due volte", "twice" }, { "it", "risarc", "compensation" },
	{ "it", "indenni", "compensation" }, { "it", "posto", "seat" },
	{ "it", "finestrino", "window" }, { "it", "corridoio", "aisle" },
	{ "it", "coincidenza", "connection connecting" },
	{ "it", "scalo", "layover connecting" }, { "it", "cambi", "change" },
	{ "it", "modific", "change" }, { "it", "nome", "name" },
	{ "it", "cognome", "surname name" }, { "it", "passaporto", "passport" },
	{ "it", "cane", "dog pet" }, { "it", "gatto", "cat pet" },
	{ "it", "neonato", "baby infant" }, { "it", "bambin", "child baby" },
	{ "it", "passeggino", "stroller" }, { "it", "sedia a rotelle", "wheelchair" },
	{ "it", "assistenza", "assistance" }, { "it", "lounge", "lounge" },
	{ "it", "punti", "points" }, { "it", "miglia", "miles" },
	{ "it", "wifi", "wifi" }, { "it", "bici", "bike bicycle" },
	{ "it", "sci", "skis" }, { "it", "tavola", "surfboard" },
	{ "it", "grazie", "thanks thank" }, { "it", "ottimo", "great" },
	{ "it", "equipaggio", "crew" }, { "it", "tariffa", "fare fee" },
	{ "it", "prezzo", "price cost" }, { "it", "check", "check in" },
	{ "it", "carta d'imbarco", "boarding pass" },
};

/* The English words of one entry share its weight: they are one word
 * of the customer's, translated. */
struct cross {
	void (*fn)(const char *term, double share, void *ctx);
	double share;
	void *ctx;
};

static void
cross_term(const char *t, void *ctx)
{
	struct cross *x = ctx;

	x->fn(t, x->share, x->ctx);
}

/* The language's primary subtag is code. */
static int
lang_is(const char *lang, const char *code)
{
	return lang && !strncmp(lang, code, 2) && (!lang[2] || lang[2] == '-' ||
	    lang[2] == '_');
}

/* A byte that is part of a word: a letter or digit, or any byte of a
 * multibyte character (letters of other scripts). */
static int
wordbyte(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Whether stem occurs in f where a word begins (and, when whole, where
 * it ends too). */
static int
found(const char *f, const char *stem, int whole)
{
	size_t n = strlen(stem);
	const char *p;

	for (p = f; n && (p = strstr(p, stem)) != NULL; p++)
		if ((p == f || !wordbyte((unsigned char)p[-1])) &&
		    (!whole || !wordbyte((unsigned char)p[n])))
			return 1;
	return 0;
}

/* The number of words in s. */
static int
nwords(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s != ' ' && (s[1] == ' ' || !s[1]);
	return n;
}

void
tw_kb_cross(const char *lang, const char *text,
    void (*fn)(const char *term, double share, void *ctx), void *ctx)
{
	struct cross x = { fn, 1, ctx };

	utf8proc_uint8_t *f = NULL;
	char stem[64];
	size_t i, n;
	int whole;

	if (!text || !lang || lang_is(lang, "en") || utf8proc_map(
	    (const utf8proc_uint8_t *)text, 0, &f, UTF8PROC_NULLTERM |
	    UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	    UTF8PROC_STRIPMARK) < 0)
		return;
	for (i = 0; i < sizeof gloss / sizeof gloss[0]; i++) {
		if (!lang_is(lang, gloss[i].lang))
			continue;
		n = strlen(gloss[i].stem);
		whole = n && gloss[i].stem[n - 1] == '$';
		snprintf(stem, sizeof stem, "%.*s", (int)(n - whole),
		    gloss[i].stem);
		if (found((char *)f, stem, whole)) {
			x.share = 1.0 / nwords(gloss[i].en);
			tw_kb_terms(gloss[i].en, "en", cross_term, &x);
		}
	}
	free(f);
}
