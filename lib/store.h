/* store.h - the store: where tw keeps what a team shares (cases and
 * their events).  The only code that knows how state is kept in a
 * database.  Two backends: SQLite, one file in TW_HOME (WAL, a busy
 * timeout, every change one transaction), the default; and PostgreSQL
 * for a team on many machines (storepg.c), chosen by a libpq connection
 * string as the store's name.  The SQL the callers give is the subset
 * both share, with $1, $2... parameters; where they must differ (row
 * locks), tw_store_pg says which one runs.
 *
 * Errors: the first failure of a store is reported once, as one line
 * naming the store ("prog: STORE: why"); later calls fail quietly until
 * the transaction is rolled back.  Callers exit with tw_store_exit():
 * 3 (TW_EXIT_CONFIG) for a store that cannot be opened, read or written,
 * 4 (TW_EXIT_API) for a database server that cannot be reached or went
 * away. */
#ifndef TW_STORE_H
#define TW_STORE_H

#include "config.h"

struct tw_store;

/* The store named by $TW_STORE, else by account a's config ("store =
 * PATH" or "store = postgresql://..."), else TW_HOME/store.db: opened,
 * an SQLite file created 0600 when absent (unless must_exist), its
 * schema migrated to this tw's.  A store made by a newer tw, a file that
 * is not a store, an unreadable or unwritable one, a server that cannot
 * be reached or refuses the login: one line, and NULL. */
struct tw_store *tw_store_open(const struct tw_account *a, int must_exist);
/* The embedded store in the SQLite file path, which must exist. */
struct tw_store *tw_store_open_file(const char *path);
/* Whether the store of a is on PostgreSQL (a team's). */
int tw_store_is_pg(const struct tw_account *a);
/* Whether the store of a exists (without creating it). */
int tw_store_exists(const struct tw_account *a);
void tw_store_close(struct tw_store *s);
const char *tw_store_path(const struct tw_store *s);
/* The schema version this tw writes. */
int tw_store_schema(void);
/* Whether s is on PostgreSQL. */
int tw_store_pg(const struct tw_store *s);
/* The exit code for the store's last failure: 3, or 4 when a server
 * could not be reached or went away. */
int tw_store_exit(void);

/* A write transaction.  On SQLite it is taken at once (no reader
 * upgrades later, so two writers never deadlock), waiting as long as
 * another writer holds it; on PostgreSQL writers run side by side,
 * serialised where it matters by row locks and tw_store_lock.  0, or -1
 * after the store's one line. */
int tw_store_begin(struct tw_store *s);
int tw_store_commit(struct tw_store *s);
void tw_store_rollback(struct tw_store *s);
/* Whether the store failed since the last begin or rollback. */
int tw_store_failed(const struct tw_store *s);
/* Whether a transaction of tw_store_begin's is open. */
int tw_store_in_tx(const struct tw_store *s);
/* For a purge (tw-purge): on SQLite, before its transaction, deleted
 * content overwritten with zeros (secure_delete), and after it, the
 * write-ahead log checkpointed and truncated, so that no copy is left in
 * the files.  On PostgreSQL nothing: old row versions stay until the
 * next VACUUM.  0, or -1 (said). */
int tw_store_scrub(struct tw_store *s, int after);
/* For a writer of many transactions in a row (tw-case add): on SQLite,
 * the write-ahead log checkpointed when it reaches 64 MiB rather than
 * 4; on PostgreSQL nothing.  0, or -1 (said). */
int tw_store_bulk(struct tw_store *s);
/* Inside a write transaction: hold the lock called name until it ends,
 * waiting while another transaction holds it.  For work that must not
 * run twice at once on PostgreSQL, where writers run side by side
 * (SQLite's are one at a time already: a no-op there). */
int tw_store_lock(struct tw_store *s, const char *name);

/* A lock held by this connection until unhold or the connection ends
 * (a process that dies lets go of it), outside transactions: for work
 * that spans requests to others, such as a send.  Without wait, 0 at
 * once when another holds it.  1 held, 0 not, -1 failed.  PostgreSQL
 * only: on SQLite it says 1 and holds nothing (one machine's processes
 * lock files, tw_lock in state.h). */
int tw_store_hold(struct tw_store *s, const char *name, int wait);
void tw_store_unhold(struct tw_store *s, const char *name);
/* Who holds it, when another does: "PROGRAM[PID]@HOST", or NULL. */
char *tw_store_holder(struct tw_store *s, const char *name);

/* Being told of others' changes, on PostgreSQL: after
 * tw_store_listen(s, channel), tw_store_notified waits up to ms for
 * notifications on it and calls fn with each one's payload: their
 * count, 0 when none came, -1 when the connection failed.  On SQLite
 * there are none: listen does nothing, notified sleeps ms and says 0. */
int tw_store_listen(struct tw_store *s, const char *channel);
int tw_store_notified(struct tw_store *s, int ms,
    void (*fn)(const char *payload, void *ctx), void *ctx);

/* A statement: sql with $1..$N bound from the arguments, one per letter
 * of fmt: 's' a string (const char *, NULL for SQL NULL), 'i' a long
 * long, 'T' a time (long long Unix seconds; 0 or less for NULL).  Statements are prepared once per store and kept: sql must be a
 * string that outlives the store (a literal).  One cursor per sql at a
 * time.  String arguments are not copied: they must stay as they are
 * until tw_q_end. */
struct tw_q;
struct tw_q *tw_q(struct tw_store *s, const char *sql, const char *fmt, ...);
/* The next row: 1, 0 at the end, -1 on error (reported). */
int tw_q_row(struct tw_q *q);
const char *tw_q_text(struct tw_q *q, int col);   /* NULL for NULL */
long long tw_q_int(struct tw_q *q, int col);      /* 0 for NULL */
int tw_q_isnull(struct tw_q *q, int col);
/* Done with the cursor: 0, or -1 when the statement failed. */
int tw_q_end(struct tw_q *q);
/* Run a statement to its end: the rows it changed, or -1. */
long tw_exec(struct tw_store *s, const char *sql, const char *fmt, ...);

#endif
