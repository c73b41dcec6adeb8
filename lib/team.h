/* team.h - what a team on many machines shares besides its cases: the
 * send ledger, the drafts waiting for approval, the journal, the fetch
 * checkpoints and the locks that guard them, kept on the team's
 * PostgreSQL store instead of in TW_HOME's files (state.h).  An
 * embedded (SQLite) store leaves them in TW_HOME: one machine's. */
#ifndef TW_TEAM_H
#define TW_TEAM_H

#include "config.h"
#include "store.h"

/* When account a's store is on PostgreSQL, keep the state there from
 * now on.  0 (in use, or nothing to do), or -1 after one line: exit
 * tw_store_exit(). */
int tw_team_use(const struct tw_account *a);
/* The same on a connection the caller has open already (s, on
 * PostgreSQL; nothing on SQLite): one connection, not two, for a
 * command that changes cases and writes the journal (tw-case), and a
 * journal line appended inside a transaction of s's goes with it.  The
 * caller unshares s before closing it: the state is TW_HOME's again
 * (nothing may use it after that but to read local files). */
void tw_team_share(struct tw_store *s);
void tw_team_unshare(const struct tw_store *s);
/* Whether the team's state is on s (shared). */
int tw_team_on(const struct tw_store *s);

#endif
