/* storeint.h - inside the store: what store.c (the front and SQLite)
 * and storepg.c (PostgreSQL) share.  Nothing else includes it. */
#ifndef TW_STOREINT_H
#define TW_STOREINT_H

#include <stdarg.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store.h"

#define NCACHE 64       /* statements kept prepared */
#define NPARAM 24       /* $1..$24 */
#define NLOCK 8         /* advisory locks a transaction holds */

struct tw_q {
	struct tw_store *s;
	const char *sql;        /* the key: the caller's literal */
	int failed;
	/* SQLite */
	sqlite3_stmt *st;
	unsigned char at[NPARAM];   /* $i+1 is parameter at[i] (0: unused) */
	/* PostgreSQL: a prepared statement and the rows of its last run */
	char name[16];
	int nparams;            /* -1 until prepared */
	PGresult *res;
	int row, nrows;
};

struct tw_store {
	sqlite3 *db;            /* one of the two */
	PGconn *pg;
	char *path;             /* its name in messages: the file, or the
	                           connection without its password */
	int failed;
	int intx;
	int exitcode;           /* of the failure: 3, or 4 for a server
	                           that cannot be reached */
	unsigned long nlock, locks[NLOCK];  /* held in this transaction */
	unsigned long nstmt;    /* statements prepared on the server */
	struct tw_q cache[NCACHE];
	int ncache;
};

/* The store's first failure since begin: one line ("NAME: what"), and
 * the exit code for it. */
void tw_store_fail(struct tw_store *s, const char *what, int code);

/* PostgreSQL (storepg.c).  0 or -1 (failed, said). */
int tw_pg_open(struct tw_store *s, const char *conninfo);
void tw_pg_close(struct tw_store *s);
int tw_pg_script(struct tw_store *s, const char *sql);
int tw_pg_has_table(struct tw_store *s, const char *name);   /* 1 0 -1 */
int tw_pg_has_cases(struct tw_store *s);                      /* 1 0 -1 */
int tw_pg_run(struct tw_q *q, const char *fmt, va_list ap);
int tw_pg_row(struct tw_q *q);
void tw_pg_forget(struct tw_q *q);    /* the rows; the statement stays */
void tw_pg_drop(struct tw_q *q);      /* the statement too */
int tw_pg_lock(struct tw_store *s, unsigned long key);
/* a session's advisory lock: how 0 try, 1 wait, 2 let go; 1 held (or
 * let go), 0 not, -1 failed */
int tw_pg_hold(struct tw_store *s, unsigned long key, int how);
/* the application_name of the lock's holder ("prog[pid]@host"), or NULL */
char *tw_pg_holder(struct tw_store *s, unsigned long key);
int tw_pg_listen(struct tw_store *s, const char *channel);
int tw_pg_notified(struct tw_store *s, int ms,
    void (*fn)(const char *, void *), void *ctx);

#endif
