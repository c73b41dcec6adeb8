/* storeint.h - inside the store: what store.c (the front and SQLite)
 * and storepg.c (PostgreSQL) share.  Nothing else includes it. */
#ifndef TW_STOREINT_H
#define TW_STOREINT_H

#include <stdarg.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store.h"

/* libpq is opened when a store on PostgreSQL is, not linked: it brings
 * 27 shared objects (Kerberos, LDAP, GnuTLS, OpenSSL...) whose loading
 * took 11 ms of every tw-case's start, the whole of tw-case next's
 * budget, on SQLite too.  Its functions are called through tw_pq, by their
 * own names (the defines below). */
struct tw_pq {
	__typeof__(PQclear) *clear;
	__typeof__(PQcmdTuples) *cmdTuples;
	__typeof__(PQconnectdbParams) *connectdbParams;
	__typeof__(PQconninfoFree) *conninfoFree;
	__typeof__(PQconninfoParse) *conninfoParse;
	__typeof__(PQconsumeInput) *consumeInput;
	__typeof__(PQdescribePrepared) *describePrepared;
	__typeof__(PQerrorMessage) *errorMessage;
	__typeof__(PQescapeIdentifier) *escapeIdentifier;
	__typeof__(PQexec) *exec;
	__typeof__(PQexecParams) *execParams;
	__typeof__(PQexecPrepared) *execPrepared;
	__typeof__(PQfinish) *finish;
	__typeof__(PQfreemem) *freemem;
	__typeof__(PQgetisnull) *getisnull;
	__typeof__(PQgetvalue) *getvalue;
	__typeof__(PQnfields) *nfields;
	__typeof__(PQnotifies) *notifies;
	__typeof__(PQnparams) *nparams;
	__typeof__(PQntuples) *ntuples;
	__typeof__(PQprepare) *prepare;
	__typeof__(PQresultErrorField) *resultErrorField;
	__typeof__(PQresultStatus) *resultStatus;
	__typeof__(PQsetNoticeProcessor) *setNoticeProcessor;
	__typeof__(PQsocket) *socket;
	__typeof__(PQstatus) *status;
};
extern struct tw_pq tw_pq;

#define PQclear (tw_pq.clear)
#define PQcmdTuples (tw_pq.cmdTuples)
#define PQconnectdbParams (tw_pq.connectdbParams)
#define PQconninfoFree (tw_pq.conninfoFree)
#define PQconninfoParse (tw_pq.conninfoParse)
#define PQconsumeInput (tw_pq.consumeInput)
#define PQdescribePrepared (tw_pq.describePrepared)
#define PQerrorMessage (tw_pq.errorMessage)
#define PQescapeIdentifier (tw_pq.escapeIdentifier)
#define PQexec (tw_pq.exec)
#define PQexecParams (tw_pq.execParams)
#define PQexecPrepared (tw_pq.execPrepared)
#define PQfinish (tw_pq.finish)
#define PQfreemem (tw_pq.freemem)
#define PQgetisnull (tw_pq.getisnull)
#define PQgetvalue (tw_pq.getvalue)
#define PQnfields (tw_pq.nfields)
#define PQnotifies (tw_pq.notifies)
#define PQnparams (tw_pq.nparams)
#define PQntuples (tw_pq.ntuples)
#define PQprepare (tw_pq.prepare)
#define PQresultErrorField (tw_pq.resultErrorField)
#define PQresultStatus (tw_pq.resultStatus)
#define PQsetNoticeProcessor (tw_pq.setNoticeProcessor)
#define PQsocket (tw_pq.socket)
#define PQstatus (tw_pq.status)

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
	long busy_since;        /* SQLite: waiting for a writer since then */
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
