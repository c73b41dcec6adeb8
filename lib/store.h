/* store.h - the store: where tw keeps what a team shares (cases and
 * their events).  The only code that knows how state is kept in a
 * database.  One backend today: SQLite, one file in TW_HOME (WAL, a
 * busy timeout, every change one transaction).  The SQL the callers give
 * is the subset SQLite and PostgreSQL share, with $1, $2... parameters,
 * so a second backend can sit behind the same functions.
 *
 * Errors: the first failure of a store is reported once, as one line
 * naming the store ("prog: STORE: why"); later calls fail quietly until
 * the transaction is rolled back.  Callers exit 3 (TW_EXIT_CONFIG) on a
 * store that cannot be opened, read or written. */
#ifndef TW_STORE_H
#define TW_STORE_H

#include "config.h"

struct tw_store;

/* The store of account a's config ("store = PATH", else
 * TW_HOME/store.db): opened, created 0600 when absent (unless
 * must_exist), its schema migrated to this tw's.  A store made by a
 * newer tw, a file that is not a store, an unreadable or unwritable one:
 * one line, and NULL. */
struct tw_store *tw_store_open(const struct tw_account *a, int must_exist);
/* Whether the store of a exists (without creating it). */
int tw_store_exists(const struct tw_account *a);
void tw_store_close(struct tw_store *s);
const char *tw_store_path(const struct tw_store *s);
/* The schema version this tw writes. */
int tw_store_schema(void);

/* A write transaction: taken at once (no reader upgrades later, so two
 * writers never deadlock), waiting as long as another writer holds it.
 * 0, or -1 after the store's one line. */
int tw_store_begin(struct tw_store *s);
int tw_store_commit(struct tw_store *s);
void tw_store_rollback(struct tw_store *s);
/* Whether the store failed since the last begin or rollback. */
int tw_store_failed(const struct tw_store *s);

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
/* The row id the last INSERT made. */
long long tw_store_last_id(struct tw_store *s);

#endif
