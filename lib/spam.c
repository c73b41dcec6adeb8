/* spam.c - spam and scam signals (spam.h, tw-triage(1) NOISE)
 *
 * Each kind of bait found in the text is worth 2 points (a crypto
 * cashtag is crypto bait); the author adds 1 for an account under 30
 * days old (2 under 7), 1 for fewer than 20 followers, 2 for following
 * over 1000 with fewer than 50 followers; a link adds 1, and 1 more
 * from such an account.  A post of nothing but links is bait of its own
 * (link-only).  The terms are matched as urgency.c matches its own.
 * Without bait a record scores nothing, and so does a post that asks
 * whether a message is real or warns of a scam (doubt): a customer
 * quoting the bait to report it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spam.h"
#include "timefmt.h"
#include "urgency.h"

enum {
	B_MONEY = TW_URG_N, B_CRYPTO, B_GIVEAWAY, B_FOLLOW, B_ADULT, B_PHISH,
	B_CONTACT, B_DOUBT, B_END
};
static const char *const bname[] = {
	"money", "crypto", "giveaway", "followers", "adult", "fake-support",
	"contact", "doubt"
};

static const struct tw_urgterm bait[] = {
	{ "earn", B_MONEY }, { "earning", B_MONEY }, { "earn*", B_MONEY },
	{ "invest", B_MONEY }, { "investors", B_MONEY },
	{ "returns", B_MONEY }, { "profit*", B_MONEY }, { "forex", B_MONEY },
	{ "trading bot", B_MONEY }, { "passive income", B_MONEY },
	{ "make money", B_MONEY }, { "work from home", B_MONEY },
	{ "from home", B_MONEY }, { "per day", B_MONEY }, { "daily", B_MONEY }, { "guaranteed", B_MONEY }, { "casino", B_MONEY },
	{ "bonus", B_MONEY }, { "loan", B_MONEY }, { "bad credit", B_MONEY },
	{ "instant approval", B_MONEY }, { "no experience needed", B_MONEY },
	{ "mentor", B_MONEY }, { "one trick", B_MONEY },
	{ "first order", B_MONEY },
	{ "cheap", B_MONEY },
	{ "crypto", B_CRYPTO }, { "?bitcoin", B_CRYPTO }, { "btc", B_CRYPTO },
	{ "eth", B_CRYPTO }, { "airdrop", B_CRYPTO }, { "presale", B_CRYPTO },
	{ "nft", B_CRYPTO }, { "mint", B_CRYPTO }, { "connect your wallet", B_CRYPTO },
	{ "wallet address", B_CRYPTO },
	{ "to the moon", B_CRYPTO }, { "doubler", B_CRYPTO },
	{ "signals", B_CRYPTO }, { "staking", B_CRYPTO }, { "faucet", B_CRYPTO },
	{ "giveaway", B_GIVEAWAY }, { "#giveaway", B_GIVEAWAY },
	{ "giving away", B_GIVEAWAY }, { "win a free", B_GIVEAWAY },
	{ "to win", B_GIVEAWAY }, { "claim", B_GIVEAWAY },
	{ "claim your", B_GIVEAWAY }, { "gift card", B_GIVEAWAY },
	{ "congratulations", B_GIVEAWAY }, { "been selected", B_GIVEAWAY },
	{ "free", B_GIVEAWAY }, { "first 50", B_GIVEAWAY },
	{ "first 1000", B_GIVEAWAY }, { "limited spots", B_GIVEAWAY },
	{ "followers", B_FOLLOW }, { "follow back", B_FOLLOW },
	{ "followback", B_FOLLOW }, { "#f4f", B_FOLLOW },
	{ "#followback", B_FOLLOW }, { "#teamfollowback", B_FOLLOW },
	{ "likes", B_FOLLOW }, { "views", B_FOLLOW }, { "blue tick", B_FOLLOW },
	{ "get verified", B_FOLLOW },
	{ "onlyfans", B_ADULT }, { "singles", B_ADULT },
	{ "sugar daddy", B_ADULT }, { "dating", B_ADULT },
	{ "lonely widow", B_ADULT }, { "business proposal", B_ADULT },
	{ "helpline", B_PHISH }, { "call our", B_PHISH },
	{ "refund desk", B_PHISH }, { "card details", B_PHISH },
	{ "verify", B_PHISH }, { "verify here", B_PHISH },
	{ "suspension", B_PHISH }, { "restricted", B_PHISH },
	{ "recovery", B_PHISH }, { "recovered mine", B_PHISH },
	{ "hack any", B_PHISH }, { "expire today", B_PHISH },
	{ "no win no fee", B_PHISH },
	{ "dm me", B_CONTACT }, { "dm now", B_CONTACT }, { "dm for", B_CONTACT },
	{ "message me", B_CONTACT }, { "whatsapp", B_CONTACT },
	{ "telegram", B_CONTACT }, { "link in bio", B_CONTACT },
	{ "click", B_CONTACT }, { "ask me how", B_CONTACT },
	{ "contact me", B_CONTACT },
	/* the same bait in the other languages tw reads */
	{ "gana", B_MONEY }, { "ganhe", B_MONEY }, { "ganha", B_MONEY },
	{ "gagnez", B_MONEY }, { "guadagna", B_MONEY },
	{ "verdiene*", B_MONEY }, { "invierte", B_MONEY },
	{ "investi*", B_MONEY }, { "trabajando desde casa", B_MONEY },
	{ "desde casa", B_MONEY }, { "de casa", B_MONEY },
	{ "da casa", B_MONEY }, { "de chez vous", B_MONEY },
	{ "von zuhause", B_MONEY }, { "von zu hause", B_MONEY },
	{ "renda extra", B_MONEY }, { "por dia", B_MONEY },
	{ "al giorno", B_MONEY }, { "par jour", B_MONEY },
	{ "pro tag", B_MONEY }, { "par mois", B_MONEY },
	{ "garantizado", B_MONEY }, { "garanti", B_MONEY },
	{ "garantiert", B_MONEY }, { "garantito", B_MONEY },
	{ "garantido", B_MONEY }, { "ohne schufa", B_MONEY },
	{ "sofort aufs konto", B_MONEY }, { "prestamo*", B_MONEY },
	{ "emprestimo*", B_MONEY }, { "prestito", B_MONEY },
	{ "1000x", B_MONEY }, { "100x", B_MONEY }, { "lifetime", B_MONEY },
	{ "premium accounts", B_MONEY }, { "~副業", B_MONEY },
	{ "~稼げ", B_MONEY }, { "~儲か", B_MONEY }, { "~無料で教え", B_MONEY },
	{ "sorteo", B_GIVEAWAY }, { "sorteio", B_GIVEAWAY },
	{ "gewinnspiel", B_GIVEAWAY }, { "concours", B_GIVEAWAY },
	{ "concorso", B_GIVEAWAY }, { "first 100", B_GIVEAWAY },
	{ "first 200", B_GIVEAWAY }, { "primeros 100", B_GIVEAWAY },
	{ "die ersten", B_GIVEAWAY }, { "les 100 premiers", B_GIVEAWAY },
	{ "to retweet", B_GIVEAWAY }, { "dar rt", B_GIVEAWAY },
	{ "~プレゼント企画", B_GIVEAWAY }, { "~抽選で", B_GIVEAWAY },
	{ "seguidores", B_FOLLOW }, { "abonnes", B_FOLLOW },
	{ "follower", B_FOLLOW }, { "~フォロワー", B_FOLLOW },
	{ "private pics", B_ADULT }, { "hot singles", B_ADULT },
	{ "bored tonight", B_ADULT }, { "chica sola", B_ADULT },
	{ "mis fotos", B_ADULT }, { "mes photos", B_ADULT },
	{ "rencontre*", B_ADULT }, { "~出会い", B_ADULT },
	{ "card number", B_PHISH }, { "numero de tarjeta", B_PHISH },
	{ "numero de carte", B_PHISH }, { "kartennummer", B_PHISH },
	{ "numero do cartao", B_PHISH }, { "dati della carta", B_PHISH },
	{ "iban per dm", B_PHISH }, { "your iban", B_PHISH },
	{ "ihre iban", B_PHISH }, { "log in here", B_PHISH },
	{ "login here", B_PHISH }, { "will be suspended", B_PHISH },
	{ "sera suspendu", B_PHISH }, { "sera suspendida", B_PHISH },
	{ "wird gesperrt", B_PHISH }, { "sara sospeso", B_PHISH },
	{ "verifiez", B_PHISH }, { "verifique", B_PHISH },
	{ "verifica i", B_PHISH }, { "security update required", B_PHISH },
	{ "pay the", B_PHISH }, { "customer care here", B_PHISH },
	{ "refund line", B_PHISH }, { "refund team", B_PHISH },
	{ "equipo de reembolsos", B_PHISH }, { "assistenza clienti", B_PHISH },
	{ "our team can", B_PHISH }, { "we saw your complaint", B_PHISH },
	{ "so we can assist", B_PHISH }, { "fill the form", B_PHISH },
	{ "accounts recovered", B_PHISH }, { "recover*", B_PHISH },
	{ "kindly dm", B_CONTACT }, { "dm us", B_CONTACT },
	{ "send us a dm", B_CONTACT }, { "escribenos", B_CONTACT },
	{ "scrivimi", B_CONTACT }, { "chama no", B_CONTACT },
	{ "in dm", B_CONTACT }, { "por dm", B_CONTACT },
	{ "per dm", B_CONTACT }, { "par dm", B_CONTACT },
	{ "~lineで", B_CONTACT }, { "~dmください", B_CONTACT },
	/* a customer asking about, or warning of, a scam */
	{ "is this real", B_DOUBT }, { "is this legit", B_DOUBT },
	{ "is it legit", B_DOUBT }, { "is this you", B_DOUBT },
	{ "is that you", B_DOUBT }, { "is that your", B_DOUBT },
	{ "is this your", B_DOUBT }, { "from you real", B_DOUBT },
	{ "didnt click", B_DOUBT },
	{ "did not click", B_DOUBT }, { "a scam", B_DOUBT },
	{ "phishing", B_DOUBT }, { "beware", B_DOUBT },
	{ "watch out", B_DOUBT }, { "fake account", B_DOUBT },
	{ "impersonat*", B_DOUBT }, { "es real", B_DOUBT },
	{ "estafa", B_DOUBT }, { "arnaque", B_DOUBT }, { "c est vous", B_DOUBT },
	{ "betrug", B_DOUBT }, { "golpe", B_DOUBT }, { "truffa", B_DOUBT },
	{ "~詐欺", B_DOUBT }, { "~本物", B_DOUBT },
	{ NULL, 0 }
};

/* Crypto cashtags. */
static const char *const coins[] = {
	"BTC", "ETH", "SOL", "DOGE", "XRP", "SHIB", "USDT", "BNB", "ADA",
	"PEPE", NULL
};

struct tw_spam {
	struct tw_urgency *m;
};

struct tw_spam *
tw_spam_new(void)
{
	struct tw_spam *s = xcalloc(1, sizeof *s);

	s->m = tw_urgency_new_with(bait);
	return s;
}

void
tw_spam_free(struct tw_spam *s)
{
	if (!s)
		return;
	tw_urgency_free(s->m);
	free(s);
}

static void
add(char *why, size_t n, const char *what)
{
	size_t len = strlen(why);

	snprintf(why + len, n - len, "%s%s", len ? "," : "", what);
}

/* A crypto cashtag among the entities, or in the text. */
static int
coin(const cJSON *rec, const char *text)
{
	const cJSON *c;
	const char *const *k;
	char tag[16];

	cJSON_ArrayForEach(c, tw_json_path(rec, "entities.cashtags")) {
		const char *v = cJSON_IsString(c) ? c->valuestring :
		    tw_json_str(c, "tag");

		for (k = coins; v && *k; k++)
			if (!strcasecmp(v + (*v == '$'), *k))
				return 1;
	}
	for (k = coins; *k; k++) {
		snprintf(tag, sizeof tag, "$%s", *k);
		if (strcasestr(text, tag))
			return 1;
	}
	return 0;
}

/* Is text nothing but mentions and links (one link at least)? */
static int
link_only(const char *text)
{
	const char *p = text;
	int link = 0;

	while (*p) {
		if (*p == '@' || !strncmp(p, "http://", 7) ||
		    !strncmp(p, "https://", 8)) {
			link |= *p == 'h';
			p += strcspn(p, " \t\n");
		} else if (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		else
			return 0;
	}
	return link;
}

/* The author's points: age, followers, following. */
static int
author_points(const cJSON *a, time_t now, char *why, size_t n, int *weak)
{
	const char *created = tw_json_str(a, "created_at");
	long followers = tw_json_long(tw_json_path(a, "followers"), -1),
	    following = tw_json_long(tw_json_path(a, "following"), 0);
	time_t ct;
	int p = 0;

	if (created && !tw_time_parse_rfc3339(created, &ct) && ct <= now &&
	    now - ct < 30 * 86400) {
		p += now - ct < 7 * 86400 ? 2 : 1;
		add(why, n, "new-account");
	}
	if (followers >= 0 && followers < 20) {
		p++;
		add(why, n, "no-followers");
	}
	if (following > 1000 && followers >= 0 && followers < 50) {
		p += 2;
		add(why, n, "follows-thousands");
	}
	*weak = p > 0;
	return p;
}

int
tw_spam_points(const struct tw_spam *s, const cJSON *rec, const char *text,
    time_t now, char *why, size_t n)
{
	struct tw_urgency_found f;
	const cJSON *urls = tw_json_path(rec, "entities.urls");
	int k, p = 0, weak, links;

	*why = '\0';
	tw_urgency_scan(s->m, text, &f);
	if (f.mask & 1u << B_DOUBT)     /* asks of, or warns of, a scam */
		return 0;
	for (k = B_MONEY; k < B_DOUBT; k++)
		if (f.mask & 1u << k && !(k == B_CRYPTO && coin(rec, text))) {
			p += 2;
			add(why, n, bname[k - B_MONEY]);
		}
	if (coin(rec, text)) {
		p += 2;
		add(why, n, "crypto");
	}
	if (link_only(text)) {
		p += 2;
		add(why, n, "link-only");
	}
	if (!p)
		return 0;
	p += author_points(tw_json_path(rec, "author"), now, why, n, &weak);
	links = cJSON_IsArray(urls) ? cJSON_GetArraySize(urls) :
	    strstr(text, "http") != NULL;
	if (links) {
		p += 1 + weak;
		add(why, n, "link");
	}
	return p;
}
