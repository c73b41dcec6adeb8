/* triage.h - priority, sentiment, intent, urgency, routing and noise for
 * records (tw-triage(1)).
 *
 * A struct tw_triage holds the rules (weights, the reach ladder, tiers,
 * queues, VIPs, urgency queries), the CRM, the lexicons and the windows
 * of recently seen ids and texts.  tw_triage_record() adds the "triage"
 * object to one record; it keeps no part of the record.
 */
#ifndef TW_TRIAGE_H
#define TW_TRIAGE_H

#include "sentiment.h"

struct tw_triage;

struct tw_triage *tw_triage_new(void);
void tw_triage_free(struct tw_triage *t);

/* One RULES line (tw-triage(1) RULES).  0, or -1 with *err set to a
 * message (valid until the next call). */
int tw_triage_rule(struct tw_triage *t, const char *line, const char **err);
/* A RULES file: 0, or -1 after "prog: FILE:LINE: message". */
int tw_triage_rules(struct tw_triage *t, const char *path);
/* A CRM file, NDJSON {"user":"@name"|"ID","tier":..,"tags":[..]}.
 * 0, or -1 after a located warning (the bad line is skipped). */
int tw_triage_crm(struct tw_triage *t, const char *path);
/* Customer profiles asked for per author (the store's: tw-triage(1)),
 * once per author id and account, when fn is set: fn sets *tier (the
 * caller's malloc'd string, or NULL) and *vip, and returns 0, or -1
 * when it cannot answer (it said why; it is not asked again).  A tier
 * from the CRM file or RULES comes first; a VIP by either is one. */
typedef int (*tw_triage_lookup_fn)(void *ctx, const char *account,
    const char *id, const char *username, char **tier, int *vip);
void tw_triage_lookup(struct tw_triage *t, tw_triage_lookup_fn fn,
    void *ctx);
/* Use lx for records whose "lang" is lang (the lexicon is the caller's
 * to free after tw_triage_free).  English is built in. */
void tw_triage_lexicon(struct tw_triage *t, const char *lang,
    struct tw_lexicon *lx);
struct tw_lexicon *tw_triage_get_lexicon(struct tw_triage *t,
    const char *lang);
/* The brand account (either may be NULL): echo and not-addressed noise.
 * A record's own "account" key is used when this is not set. */
void tw_triage_account(struct tw_triage *t, const char *id,
    const char *username);
/* on: sentiment by the care model (lib/sentmodel.h) in the languages it
 * knows, its label and p_pos - p_neg as the score; other languages keep
 * their lexicon.  Off in a new tw_triage (tw-triage turns it on unless
 * --no-model); tw_triage_reset leaves it. */
void tw_triage_model(struct tw_triage *t, int on);
/* Score lang (and its regions) by its lexicon alone, not the model: the
 * model was trained on tw's own lexicon's score, not an extended one. */
void tw_triage_lexicon_only(struct tw_triage *t, const char *lang);
/* "Now", for the waiting time (default: time(NULL) at tw_triage_new). */
void tw_triage_now(struct tw_triage *t, time_t now);
/* Remember id as seen (a state file's ids). */
void tw_triage_seen(struct tw_triage *t, const char *id);
/* Back to what tw_triage_new gave (the clock aside): no rules, CRM,
 * VIPs, lexicons added or account, no id or text seen; at a cost of what
 * was added, not of the windows' size. */
void tw_triage_reset(struct tw_triage *t);

/* Triage rec in place: replaces its "triage" key.  Returns the noise
 * kind ("echo", "retweet", "duplicate", "spam", "not-addressed") or NULL.
 * Records that are not tweets or DMs are left alone (NULL). */
const char *tw_triage_record(struct tw_triage *t, cJSON *rec);

/* Duplicate detection keeps this many recent ids (and texts for spam). */
#define TW_TRIAGE_WINDOW (1 << 18)

#endif
