/* spam.c - spam and scam signals (spam.h, tw-triage(1) NOISE)
 *
 * Each kind of bait found in the text is worth 2 points (a crypto
 * cashtag is crypto bait); the author adds 1 for an account under 30
 * days old (2 under 7), 1 for fewer than 20 followers, 2 for following
 * over 1000 with fewer than 50 followers; a link adds 1, and 1 more
 * from such an account.  A post of nothing but links is bait of its own
 * (link-only).  The terms are matched as urgency.c matches its own.
 * Without bait a record scores nothing.
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
	B_CONTACT, B_END
};
static const char *const bname[] = {
	"money", "crypto", "giveaway", "followers", "adult", "fake-support",
	"contact"
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
	for (k = B_MONEY; k < B_END; k++)
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
