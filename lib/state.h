/* state.h - TW_HOME: checkpoints, the journal, locks; or the same on a
 * team's store */
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
 * fsync.  "time" is added when absent, and "prev" last: the SHA-256
 * (hex) of the previous line's exact bytes, read under the lock, so the
 * lines make one chain (tw-audit(1)); a "prev" of the caller's is
 * dropped.  0 or -1 with a warning. */
int tw_journal_append(const cJSON *event);
char *tw_journal_path(void);
/* Append one line (with its newline) to TW_HOME/usage, in one write(2),
 * quietly: 0, or -1 when it could not be written.  Always TW_HOME's
 * file, with a team's store too. */
int tw_usage_append(const char *line);
/* line (a JSON object's text without "prev") with ,"prev":"HEX" added
 * before its closing brace: HEX the SHA-256 of the prevlen bytes of
 * prev, the line before it, or of nothing when prev is NULL (the first
 * line).  Malloc'd.  For a journal kept elsewhere (team.c). */
char *tw_journal_chain(const char *line, const char *prev, size_t prevlen);

/* Scan the journal for the lines of the intent key, or else for those
 * answering post in_reply_to (neither: every line), calling fn with
 * each (in order) until it
 * returns nonzero.  0, or -1 when the journal cannot be read (said). */
int tw_journal_scan(const char *key, const char *in_reply_to,
    int (*fn)(const char *line, void *ctx), void *ctx);

/* Every line of the journal, in order, exactly as kept (without its
 * newline; no line is skipped or cut): fn until it returns nonzero.
 * The file is read under a shared lock.  0, or -1 (said). */
int tw_journal_walk(int (*fn)(const char *line, size_t len, void *ctx),
    void *ctx);

/* Lines of the journal replaced (tw-purge's redactions): fn is given
 * each line in order and returns NULL to keep it, or its replacement
 * (malloc'd, one line).  One pass under the journal's exclusive lock;
 * the file is replaced atomically (a temporary renamed over it), or on
 * a team's store in one transaction.  The lines replaced, or -1
 * (said). */
long tw_journal_rewrite(char *(*fn)(const char *line, size_t len,
    void *ctx), void *ctx);
/* An exclusive lock on TW_HOME/locks/NAME.  Without wait, returns -1 at
 * once (with a warning naming the holder's pid) when another process
 * holds it.  Returns the fd to close to unlock. */
int tw_lock(const char *name, int wait);
/* Let go of a lock tw_lock gave. */
void tw_unlock(int lock);

/* Elsewhere than TW_HOME's files: a team's store (team.h) keeps the
 * ledger, drafts, checkpoints, journal and locks above for every
 * machine of the team, with these.  Each fails with -1 after one line
 * saying why; read says 1 (found, *out malloc'd), 0 (absent) or -1;
 * lock 1 (held), 0 (another holds it: only without wait) or -1. */
struct tw_state_ops {
	int (*write)(const char *sub, const char *name, const char *data);
	int (*read)(const char *sub, const char *name, char **out);
	int (*remove)(const char *sub, const char *name);
	char **(*list)(const char *sub, int *n);
	/* line without "prev": append chains it (tw_journal_chain) to
	 * the last line, one append at a time */
	int (*append)(const char *line, const char *key,
	    const char *in_reply_to);
	int (*scan)(const char *key, const char *in_reply_to,
	    int (*fn)(const char *line, void *ctx), void *ctx);
	long (*rewrite)(char *(*fn)(const char *line, size_t len, void *ctx),
	    void *ctx);
	int (*lock)(const char *name, int wait);
	void (*unlock)(const char *name);
	char *(*holder)(const char *name);  /* "PROG[PID]@HOST" or NULL */
	int (*exit)(void);      /* the exit code for its failure, or 0 */
	const char *where;      /* for messages: the store's name */
};
void tw_state_use(const struct tw_state_ops *ops);
/* The exit code for the last failure of the state: the store's when it
 * failed (3, or 4 when its server was lost), else dflt. */
int tw_state_exit(int dflt);

#endif
