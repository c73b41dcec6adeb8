/* state.h - TW_HOME: checkpoints, the journal, locks */
#ifndef TW_STATE_H
#define TW_STATE_H

#include "util.h"

/* $TW_HOME, else $XDG_STATE_HOME/tw, else ~/.local/state/tw; created 0700
 * on first use.  The string is static. */
const char *tw_home(void);

/* Checkpoints: TW_HOME/checkpoints/NAME holds key = value lines.  get
 * returns a malloc'd value or NULL; put replaces the whole file
 * atomically (write to a temporary, fsync, rename, fsync the directory).
 * Returns 0 or -1 with a warning. */
char *tw_checkpoint_get(const char *name, const char *key);
int tw_checkpoint_put(const char *name, const char *key, const char *value);

/* Small named files under TW_HOME/SUB (the send ledger, the drafts
 * spool, cached user ids): write replaces atomically; read returns a
 * malloc'd copy or NULL; list returns the names, sorted (free each and
 * the array); remove is quiet when the file is absent.  -1 after a
 * warning on failure. */
int tw_state_write(const char *sub, const char *name, const char *data);
char *tw_state_read(const char *sub, const char *name);
int tw_state_remove(const char *sub, const char *name);
char **tw_state_list(const char *sub, int *n);

/* Append one event (one JSON line) to TW_HOME/journal: O_APPEND, flock,
 * fsync.  "time" is added when absent.  0 or -1 with a warning. */
int tw_journal_append(const cJSON *event);
char *tw_journal_path(void);

/* An exclusive lock on TW_HOME/locks/NAME.  Without wait, returns -1 at
 * once (with a warning naming the holder's pid) when another process
 * holds it.  Returns the fd to close to unlock. */
int tw_lock(const char *name, int wait);

#endif
