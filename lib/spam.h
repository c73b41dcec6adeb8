/* spam.h - spam and scam signals in one record (tw-triage(1) NOISE)
 *
 * Points for what the text offers (money, crypto, giveaways, followers,
 * adult content, fake support and account "verification", a contact
 * off the platform) and for who posts it (a new account, almost no
 * followers, following thousands, links).  Bait in the text is needed:
 * a new account with a link and nothing to sell is a customer.
 */
#ifndef TW_SPAM_H
#define TW_SPAM_H

#include <stddef.h>
#include <time.h>

#include "util.h"

/* A record is spam at this many points. */
#define TW_SPAM_MIN 5

struct tw_spam;

struct tw_spam *tw_spam_new(void);
void tw_spam_free(struct tw_spam *s);

/* The points of rec (its text is text) at time now, and the signals
 * found, comma-separated, into why (n bytes). */
int tw_spam_points(const struct tw_spam *s, const cJSON *rec,
    const char *text, time_t now, char *why, size_t n);

#endif
