/* team.h - what a team on many machines shares besides its cases: the
 * send ledger, the drafts waiting for approval, the journal, the fetch
 * checkpoints and the locks that guard them, kept on the team's
 * PostgreSQL store instead of in TW_HOME's files (state.h).  An
 * embedded (SQLite) store leaves them in TW_HOME: one machine's. */
#ifndef TW_TEAM_H
#define TW_TEAM_H

#include "config.h"

/* When account a's store is on PostgreSQL, keep the state there from
 * now on.  0 (in use, or nothing to do), or -1 after one line: exit
 * tw_store_exit(). */
int tw_team_use(const struct tw_account *a);

#endif
