/* storepg.c - the store on PostgreSQL, through libpq: a team's store,
 * shared by agents on many machines (store.h; store.c is the front).
 *
 * The connection string is libpq's own (a URI or key=value words), so
 * TLS (sslmode), service files and the password file (PGPASSFILE,
 * ~/.pgpass) work as they do for psql; tw never puts a password in
 * argv, a message or the store.  Statements are prepared once per
 * connection, parameters go as text and the server infers their types
 * from the SQL, and every result is read whole. */
#include <dlfcn.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storeint.h"
#include "util.h"

/* the functions of libpq, loaded by pq_load */
struct tw_pq tw_pq;

#define PQ(f) { "PQ" #f, (void **)&tw_pq.f }
static const struct { const char *name; void **fn; } pqsyms[] = {
	PQ(clear),
	PQ(cmdTuples),
	PQ(connectdbParams),
	PQ(conninfoFree),
	PQ(conninfoParse),
	PQ(consumeInput),
	PQ(describePrepared),
	PQ(errorMessage),
	PQ(escapeIdentifier),
	PQ(exec),
	PQ(execParams),
	PQ(execPrepared),
	PQ(finish),
	PQ(freemem),
	PQ(getisnull),
	PQ(getvalue),
	PQ(nfields),
	PQ(notifies),
	PQ(nparams),
	PQ(ntuples),
	PQ(prepare),
	PQ(resultErrorField),
	PQ(resultStatus),
	PQ(setNoticeProcessor),
	PQ(socket),
	PQ(status),
};
#undef PQ

/* 0, or -1 with why in msg */
static int
pq_load(char *msg, size_t n)
{
	static void *lib;
	size_t i;

	if (lib)
		return 0;
	if (!(lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL))) {
		snprintf(msg, n, "cannot load libpq (%s): install libpq5 to use "
		    "a store on PostgreSQL", dlerror());
		return -1;
	}
	for (i = 0; i < sizeof pqsyms / sizeof pqsyms[0]; i++)
		if (!(*pqsyms[i].fn = dlsym(lib, pqsyms[i].name))) {
			snprintf(msg, n, "libpq.so.5 lacks %s", pqsyms[i].name);
			dlclose(lib);
			lib = NULL;
			return -1;
		}
	return 0;
}


/* The first line of a libpq message, without its newline. */
static char *
first_line(const char *m)
{
	size_t n;

	if (!m || !*m)
		return xstrdup("unknown error");
	n = strcspn(m, "\n");
	return xstrndup(m, n);
}

/* A failure of the connection itself (exit 4: try again later), or of
 * what was asked (exit 3). */
static void
bad(struct tw_store *s, PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *prim = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) :
	    NULL;
	char *m;

	if (PQstatus(s->pg) == CONNECTION_BAD ||
	    (state && (!strncmp(state, "08", 2) || !strncmp(state, "57", 2)))) {
		m = first_line(prim ? prim : PQerrorMessage(s->pg));
		char *w = xasprintf("the connection to the server was lost (%s)",
		    m);

		tw_store_fail(s, w, TW_EXIT_API);
		free(w);
	} else {
		m = first_line(prim ? prim : PQerrorMessage(s->pg));
		tw_store_fail(s, m, TW_EXIT_CONFIG);
	}
	free(m);
}

/* Whether a result is a success; a failure is said. */
static int
good(struct tw_store *s, PGresult *r)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return 1;
	bad(s, r);
	return 0;
}

static const char *
opt(const PQconninfoOption *o, const char *key)
{
	for (; o && o->keyword; o++)
		if (!strcmp(o->keyword, key))
			return o->val && *o->val ? o->val : NULL;
	return NULL;
}

/* What the connection string names, without its password: a URI. */
static char *
pg_name(const PQconninfoOption *o)
{
	const char *host = opt(o, "host"), *user = opt(o, "user");
	const char *port = opt(o, "port"), *db = opt(o, "dbname");
	const char *svc = opt(o, "service");

	if (!host)
		host = opt(o, "hostaddr");
	if (svc && !host && !db)
		return xasprintf("postgresql service %s", svc);
	if (host && host[0] == '/')
		return xasprintf("postgresql:///%s?host=%s", db ? db : "",
		    host);
	return xasprintf("postgresql://%s%s%s%s%s/%s", user ? user : "",
	    user ? "@" : "", host ? host : "", port ? ":" : "",
	    port ? port : "", db ? db : "");
}

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;          /* NOTICEs: "already exists, skipping" */
}

/* Whether a failed connection is the account's fault (credentials, a
 * database or role that does not exist) rather than the network's. */
static int
refused(const char *m)
{
	static const char *const words[] = {
		"password", "authentication", "does not exist",
		"permission denied", "pg_hba.conf", "certificate", "SSL",
		"invalid", NULL
	};

	for (int i = 0; words[i]; i++)
		if (strstr(m, words[i]))
			return 1;
	return 0;
}

int
tw_pg_open(struct tw_store *s, const char *conninfo)
{
	/* ours first: the string's own settings override them */
	const char *kw[] = { "connect_timeout", "application_name", "dbname",
	    NULL };
	char app[64], host[40];
	const char *val[] = { "10", app, conninfo, NULL };
	PQconninfoOption *o;
	char *err = NULL, *m, *w, why[200];

	if (pq_load(why, sizeof why) < 0) {
		s->path = xstrdup("the store");
		tw_store_fail(s, why, TW_EXIT_CONFIG);
		return -1;
	}

	/* who holds a lock, for those waiting on it (tw_pg_holder) */
	if (gethostname(host, sizeof host) < 0)
		strcpy(host, "?");
	host[sizeof host - 1] = 0;
	snprintf(app, sizeof app, "%s[%ld]@%s", tw_progname ? tw_progname :
	    "tw", (long)getpid(), host);

	if (!(o = PQconninfoParse(conninfo, &err))) {
		s->path = xstrdup("the store");
		m = first_line(err);
		w = xasprintf("bad PostgreSQL connection string: %s", m);
		tw_store_fail(s, w, TW_EXIT_CONFIG);
		free(w);
		free(m);
		PQfreemem(err);
		return -1;
	}
	s->path = pg_name(o);
	PQconninfoFree(o);
	if (!(s->pg = PQconnectdbParams(kw, val, 1))) {
		tw_store_fail(s, "out of memory", TW_EXIT_API);
		return -1;
	}
	if (PQstatus(s->pg) != CONNECTION_OK) {
		m = first_line(PQerrorMessage(s->pg));
		tw_store_fail(s, m, refused(m) ? TW_EXIT_CONFIG : TW_EXIT_API);
		free(m);
		return -1;
	}
	PQsetNoticeProcessor(s->pg, quiet, NULL);
	return 0;
}

void
tw_pg_close(struct tw_store *s)
{
	if (s->pg)
		PQfinish(s->pg);
	s->pg = NULL;
}

int
tw_pg_script(struct tw_store *s, const char *sql)
{
	PGresult *r = PQexec(s->pg, sql);
	int ok = good(s, r);

	PQclear(r);
	return ok ? 0 : -1;
}

int
tw_pg_has_cases(struct tw_store *s)
{
	PGresult *r = PQexec(s->pg, "SELECT EXISTS (SELECT 1 FROM cases)");
	int has = -1;

	if (good(s, r))
		has = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	return has;
}

int
tw_pg_has_table(struct tw_store *s, const char *name)
{
	const char *v[1] = { name };
	/* pg_class read as a table, not to_regclass: that looks in the
	 * session's catalog cache, which a migration committed by another
	 * agent while this one waited on the advisory lock (no relation
	 * lock) leaves stale, so both ran the first step */
	PGresult *r = PQexecParams(s->pg, "SELECT EXISTS (SELECT 1 FROM "
	    "pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
	    "c.relnamespace WHERE c.relname = $1 AND n.nspname = "
	    "current_schema())", 1, NULL, v, NULL, NULL, 0);
	int has = -1;

	if (good(s, r))
		has = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	return has;
}

/* Prepare q on this connection, learning how many parameters it has. */
static int
prepare(struct tw_q *q)
{
	struct tw_store *s = q->s;
	PGresult *r;

	snprintf(q->name, sizeof q->name, "tw%lu", ++s->nstmt);
	r = PQprepare(s->pg, q->name, q->sql, 0, NULL);
	if (!good(s, r)) {
		PQclear(r);
		return -1;
	}
	PQclear(r);
	r = PQdescribePrepared(s->pg, q->name);
	if (!good(s, r)) {
		PQclear(r);
		return -1;
	}
	q->nparams = PQnparams(r);
	PQclear(r);
	if (q->nparams > NPARAM) {
		tw_store_fail(s, "a statement with too many parameters",
		    TW_EXIT_CONFIG);
		return -1;
	}
	return 0;
}

int
tw_pg_run(struct tw_q *q, const char *fmt, va_list ap)
{
	char num[NPARAM][24];
	const char *val[NPARAM];
	PGresult *r;
	int i;

	tw_pg_forget(q);
	if (q->nparams < 0 && prepare(q) < 0)
		return -1;
	for (i = 0; fmt[i] && i < NPARAM; i++) {
		if (fmt[i] == 'i' || fmt[i] == 'T') {
			long long v = va_arg(ap, long long);

			snprintf(num[i], sizeof num[i], "%lld", v);
			val[i] = fmt[i] == 'T' && v <= 0 ? NULL : num[i];
		} else
			val[i] = va_arg(ap, const char *);
	}
	if (i < q->nparams) {
		tw_store_fail(q->s, "a statement given too few parameters",
		    TW_EXIT_CONFIG);
		return -1;
	}
	r = PQexecPrepared(q->s->pg, q->name, q->nparams, val, NULL, NULL, 0);
	if (!good(q->s, r)) {
		PQclear(r);
		return -1;
	}
	q->res = r;
	q->row = -1;
	q->nrows = PQntuples(r);
	return 0;
}

int
tw_pg_row(struct tw_q *q)
{
	if (!q->res)
		return -1;
	return ++q->row < q->nrows ? 1 : 0;
}

void
tw_pg_forget(struct tw_q *q)
{
	if (q->res)     /* (libpq may not be loaded: an SQLite store) */
		PQclear(q->res);
	q->res = NULL;
	q->row = q->nrows = 0;
}

void
tw_pg_drop(struct tw_q *q)
{
	/* the statement stays on the server until the connection ends:
	 * DEALLOCATE would fail in an aborted transaction */
	tw_pg_forget(q);
	q->nparams = -1;
}

int
tw_pg_lock(struct tw_store *s, unsigned long key)
{
	char k[24];
	const char *v[1] = { k };
	PGresult *r;
	int ok;

	snprintf(k, sizeof k, "%ld", (long)(key & 0x7fffffffUL));
	/* the first number is tw's: 'tw' */
	r = PQexecParams(s->pg, "SELECT pg_advisory_xact_lock(29815, $1::int)",
	    1, NULL, v, NULL, NULL, 0);
	ok = good(s, r);
	PQclear(r);
	return ok ? 0 : -1;
}

int
tw_pg_hold(struct tw_store *s, unsigned long key, int how)
{
	static const char *const sql[] = {
		"SELECT pg_try_advisory_lock(29816, $1::int)",
		"SELECT pg_advisory_lock(29816, $1::int), true",
		"SELECT pg_advisory_unlock(29816, $1::int)",
	};
	char k[24];
	const char *v[1] = { k };
	PGresult *r;
	int rv = -1;

	snprintf(k, sizeof k, "%ld", (long)(key & 0x7fffffffUL));
	r = PQexecParams(s->pg, sql[how], 1, NULL, v, NULL, NULL, 0);
	if (good(s, r))
		rv = !strcmp(PQgetvalue(r, 0, PQnfields(r) - 1), "t");
	PQclear(r);
	return rv;
}

char *
tw_pg_holder(struct tw_store *s, unsigned long key)
{
	char k[24], *who = NULL;
	const char *v[1] = { k };
	PGresult *r;

	snprintf(k, sizeof k, "%ld", (long)(key & 0x7fffffffUL));
	r = PQexecParams(s->pg, "SELECT a.application_name FROM pg_locks l "
	    "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = "
	    "'advisory' AND l.classid = 29816 AND l.objid = $1::bigint::oid "
	    "AND l.objsubid = 2 AND l.granted", 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		who = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return who;
}

int
tw_pg_listen(struct tw_store *s, const char *channel)
{
	char *id = PQescapeIdentifier(s->pg, channel, strlen(channel));
	char *sql = xasprintf("LISTEN %s", id ? id : "tw");
	int r = tw_pg_script(s, sql);

	PQfreemem(id);
	free(sql);
	return r;
}

int
tw_pg_notified(struct tw_store *s, int ms, void (*fn)(const char *, void *),
    void *ctx)
{
	struct pollfd p = { PQsocket(s->pg), POLLIN, 0 };
	PGnotify *n;
	int got = 0;

	for (int waited = 0;; waited = 1) {
		if (!PQconsumeInput(s->pg)) {
			bad(s, NULL);
			return -1;
		}
		while ((n = PQnotifies(s->pg))) {
			fn(n->extra, ctx);
			PQfreemem(n);
			got++;
		}
		if (got || waited)
			return got;
		if (p.fd < 0 || poll(&p, 1, ms) < 0) {
			bad(s, NULL);
			return -1;
		}
	}
}
