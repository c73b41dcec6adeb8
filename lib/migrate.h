/* migrate.h - a machine's state into the team's store */
#ifndef TW_MIGRATE_H
#define TW_MIGRATE_H

#include "store.h"

/* What tw_migrate copied, and what was there already. */
struct tw_migrated {
	long cases, events, messages, cases_there;
	long state, state_there;        /* ledger, drafts, checkpoints, users */
	long journal, journal_there;
	long customers, customers_there;        /* profiles */
};

/* Copy the TW_HOME home (its store.db when there is one, its ledger,
 * customer profiles, drafts, checkpoints, cached user ids and journal) into the store to,
 * in one transaction: all of it or nothing.  What to has already (a
 * case with the same first message, a file's name, a journal line) is
 * left as it is, so a rerun copies nothing.  0, or -1 after one line
 * (exit tw_store_exit()). */
int tw_migrate(const char *home, struct tw_store *to, struct tw_migrated *m);

#endif
