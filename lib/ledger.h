/* ledger.h - the send ledger and the journal's record of sends */
#ifndef TW_LEDGER_H
#define TW_LEDGER_H

#include "respond.h"

/* The ledger entry of an intent key ({"key","state","id","agent",
 * "time",...}), or NULL; the caller frees it. */
cJSON *tw_ledger_get(const char *key);
/* Write the entry of it: state "pending" or "sent", with the posted id,
 * and the approver of the draft it was (NULL when none). */
int tw_ledger_put(const struct tw_intent *it, const char *approver,
    const char *state, const char *id);
void tw_ledger_remove(const char *key);

/* Whether the journal has a line for the intent key. */
int tw_journal_has(const char *key);
/* A colleague's reply to post target in the journal (a key other than
 * key), or NULL; the caller frees it. */
cJSON *tw_journal_reply(const char *target, const char *key);

#endif
