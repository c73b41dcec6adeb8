/* store.c - the store on SQLite (store.h) */
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "state.h"
#include "store.h"

/* The schema, one step per version: a store at version N runs steps
 * N+1.. in one transaction each.  Steps are never edited once released;
 * a change is a new step.  Events are appended and never rewritten; the
 * cases table is their projection, kept in the same transaction. */
static const char *const migrations[] = {
	/* 1: cases, their messages and events */
	"CREATE TABLE tw_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY,"
	"  account TEXT NOT NULL,"      /* the brand account's user id */
	"  customer TEXT NOT NULL,"     /* the customer's user id */
	"  username TEXT,"              /* the customer's @name, lately */
	"  state TEXT NOT NULL,"        /* new open pending resolved escalated */
	"  owner TEXT,"
	"  claim_until INTEGER,"        /* the claim lapses then */
	"  queue TEXT,"
	"  priority INTEGER NOT NULL DEFAULT 0,"
	"  tags TEXT NOT NULL DEFAULT '[]',"   /* JSON array */
	"  opened INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  waiting INTEGER,"            /* first inbound not yet answered */
	"  last_in INTEGER,"            /* the customer's latest message */
	"  last_out INTEGER,"           /* the brand's latest message */
	"  resolved INTEGER,"
	"  profile TEXT"                /* JSON: author and triage tier */
	");"
	"CREATE INDEX cases_customer ON cases (account, customer, id);"
	"CREATE INDEX cases_username ON cases (username, id);"
	"CREATE INDEX cases_ready ON cases (priority DESC, waiting, id)"
	"  WHERE state IN ('new', 'open', 'escalated');"
	"CREATE INDEX cases_queue ON cases (queue, priority DESC, waiting, id)"
	"  WHERE state IN ('new', 'open', 'escalated');"
	"CREATE TABLE messages ("
	"  id TEXT PRIMARY KEY,"        /* the post or DM event id */
	"  case_id INTEGER NOT NULL REFERENCES cases (id),"
	"  time INTEGER NOT NULL,"
	"  direction TEXT NOT NULL,"
	"  record TEXT NOT NULL,"       /* the record as it came */
	"  seq INTEGER NOT NULL"        /* its event's */
	");"
	"CREATE INDEX messages_case ON messages (case_id, time, seq);"
	"CREATE TABLE events ("
	"  seq INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases (id),"
	"  time INTEGER NOT NULL,"
	"  agent TEXT,"
	"  event TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '{}'"  /* JSON: the event's other keys */
	");"
	"CREATE INDEX events_case ON events (case_id, seq);",
	/* 2: the claim's end and the state in the queue's indexes, so that
	 * choosing the next case passes over the claimed ones without
	 * reading their rows */
	"DROP INDEX cases_ready;"
	"DROP INDEX cases_queue;"
	"CREATE INDEX cases_ready ON cases (priority DESC, waiting, id, "
	"  claim_until, state) WHERE state IN ('new', 'open', 'escalated');"
	"CREATE INDEX cases_queue ON cases (queue, priority DESC, waiting, id, "
	"  claim_until, state) WHERE state IN ('new', 'open', 'escalated');",
};
#define NSTEPS ((int)(sizeof migrations / sizeof migrations[0]))

#define NCACHE 64

#define NPARAM 24

struct tw_q {
	struct tw_store *s;
	sqlite3_stmt *st;
	const char *sql;
	int failed;
	unsigned char at[NPARAM];   /* $i+1 is parameter at[i] (0: unused) */
};

struct tw_store {
	sqlite3 *db;
	char *path;
	int failed;
	int intx;
	struct tw_q cache[NCACHE];
	int ncache;
};

int
tw_store_schema(void)
{
	return NSTEPS;
}

const char *
tw_store_path(const struct tw_store *s)
{
	return s->path;
}

int
tw_store_failed(const struct tw_store *s)
{
	return s->failed;
}

/* The first failure: one line. */
static void
fail(struct tw_store *s, const char *what)
{
	if (s->failed)
		return;
	s->failed = 1;
	if (!what && s->db && ((sqlite3_errcode(s->db) & 0xff) == SQLITE_NOTADB ||
	    (sqlite3_errcode(s->db) & 0xff) == SQLITE_CORRUPT))
		tw_warn("%s: corrupt, or not a tw store (%s)", s->path,
		    sqlite3_errmsg(s->db));
	else
		tw_warn("%s: %s", s->path, what ? what : sqlite3_errmsg(s->db));
}

static char *
store_path(const struct tw_account *a)
{
	const char *p = a ? tw_account_get(a, "store") : NULL;

	if (p && !strncmp(p, "sqlite:", 7))
		p += 7;
	if (p && *p)
		return xstrdup(p);
	return xasprintf("%s/store.db", tw_home());
}

int
tw_store_exists(const struct tw_account *a)
{
	char *p = store_path(a);
	int r = access(p, F_OK) == 0;

	free(p);
	return r;
}

/* Run a script outside the statement cache. */
static int
script(struct tw_store *s, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fail(s, NULL);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* The schema version: 0 for a new file. */
static int
version_of(struct tw_store *s, int *v)
{
	struct tw_q *q;
	int r;

	*v = 0;
	q = tw_q(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	    "AND name = 'tw_meta'", "");
	if (!q || (r = tw_q_row(q)) < 0)
		return tw_q_end(q), -1;
	r = (int)tw_q_int(q, 0);
	if (tw_q_end(q) < 0)
		return -1;
	if (!r) {
		/* a database that has tables but is not ours */
		q = tw_q(s, "SELECT count(*) FROM sqlite_master", "");
		if (!q || tw_q_row(q) < 0)
			return tw_q_end(q), -1;
		r = (int)tw_q_int(q, 0);
		tw_q_end(q);
		if (r) {
			fail(s, "not a tw store (an SQLite database with other "
			    "tables)");
			return -1;
		}
		return 0;
	}
	q = tw_q(s, "SELECT value FROM tw_meta WHERE key = 'schema'", "");
	if (!q)
		return -1;
	if (tw_q_row(q) == 1 && tw_q_text(q, 0))
		*v = atoi(tw_q_text(q, 0));
	return tw_q_end(q);
}

/* Bring the schema to this tw's version, a step a transaction. */
static int
migrate(struct tw_store *s)
{
	char msg[160], num[16];
	int v;

	/* the usual case, up to date: a read, no write lock */
	if (version_of(s, &v) == 0 && v == NSTEPS)
		return 0;
	s->failed = 0;
	if (tw_store_begin(s) < 0)
		return -1;
	if (version_of(s, &v) < 0)
		goto bad;
	if (v > NSTEPS) {
		snprintf(msg, sizeof msg, "made by a newer tw (schema %d; this "
		    "tw %s knows up to %d): upgrade tw to use it", v,
		    TW_VERSION, NSTEPS);
		fail(s, msg);
		goto bad;
	}
	for (; v < NSTEPS; v++) {
		if (script(s, migrations[v]) < 0)
			goto bad;
		snprintf(num, sizeof num, "%d", v + 1);
		if (tw_exec(s, "INSERT INTO tw_meta (key, value) VALUES "
		    "('schema', $1) ON CONFLICT (key) DO UPDATE SET value = $1",
		    "s", num) < 0)
			goto bad;
	}
	return tw_store_commit(s);
bad:
	tw_store_rollback(s);
	return -1;
}

static int
setup(struct tw_store *s)
{
	sqlite3_busy_timeout(s->db, 60000);
	sqlite3_extended_result_codes(s->db, 1);
	/* WAL: readers never wait for the writer; FULL: a commit is on
	 * disk when it returns; 16 MiB of page cache (SQLite's default is
	 * 2), in which a transaction of tw-case add's 2,000 records fits:
	 * with 2 MiB, a million records wrote 1.6 million pages instead of
	 * 1.0, spilling the cache into the WAL before the commit */
	if (script(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384;") < 0)
		return -1;
	return migrate(s);
}

struct tw_store *
tw_store_open(const struct tw_account *a, int must_exist)
{
	struct tw_store *s = xcalloc(1, sizeof *s);
	int fd, flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	s->path = store_path(a);
#ifdef __GLIBC__
	/* SQLite frees and allocates pages by the thousand a transaction,
	 * and glibc's default gives the top of the heap back to the kernel
	 * each time: tw-case add of a million records made 175,000 brk
	 * calls and their page faults */
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
#endif
	if (must_exist && access(s->path, F_OK) < 0) {
		tw_warn("%s: no store: %s", s->path, strerror(errno));
		goto bad;
	}
	/* created 0600 by us, not by SQLite with the umask's mode: it
	 * holds what customers wrote */
	if ((fd = open(s->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		tw_warn("%s: %s", s->path, strerror(errno));
		goto bad;
	}
	close(fd);
	if (sqlite3_open_v2(s->path, &s->db, flags, NULL) != SQLITE_OK) {
		fail(s, s->db ? NULL : "cannot open");
		goto bad;
	}
	if (setup(s) < 0)
		goto bad;
	s->failed = 0;
	return s;
bad:
	tw_store_close(s);
	return NULL;
}

void
tw_store_close(struct tw_store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].st);
	if (s->db)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int
tw_store_begin(struct tw_store *s)
{
	int rc, said = 0;

	s->failed = 0;
	/* BEGIN IMMEDIATE waits in the busy handler (60 s); a writer that
	 * holds it longer is waited for, with a word on stderr */
	while ((rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) ==
	    SQLITE_BUSY) {
		if (!said++)
			tw_warn("%s: waiting for another writer", s->path);
	}
	if (rc != SQLITE_OK) {
		fail(s, NULL);
		return -1;
	}
	s->intx = 1;
	return 0;
}

int
tw_store_commit(struct tw_store *s)
{
	int rc;

	if (s->failed) {
		tw_store_rollback(s);
		return -1;
	}
	while ((rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) ==
	    SQLITE_BUSY)
		;
	if (rc != SQLITE_OK) {
		fail(s, NULL);
		tw_store_rollback(s);
		return -1;
	}
	s->intx = 0;
	return 0;
}

void
tw_store_rollback(struct tw_store *s)
{
	for (int i = 0; i < s->ncache; i++)
		sqlite3_reset(s->cache[i].st);
	if (s->intx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->intx = 0;
}

static struct tw_q *
prepare(struct tw_store *s, const char *sql)
{
	struct tw_q *q;
	int i;

	for (i = 0; i < s->ncache; i++)
		if (s->cache[i].sql == sql)
			return &s->cache[i];
	if (s->ncache == NCACHE) {
		/* more statements than any program has: the oldest goes */
		sqlite3_finalize(s->cache[0].st);
		memmove(s->cache, s->cache + 1, (NCACHE - 1) * sizeof *s->cache);
		s->ncache--;
	}
	q = &s->cache[s->ncache];
	memset(q, 0, sizeof *q);
	q->s = s;
	q->sql = sql;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &q->st, NULL) != SQLITE_OK) {
		fail(s, NULL);
		sqlite3_finalize(q->st);
		return NULL;
	}
	for (i = 0; i < NPARAM; i++) {
		char name[16];

		snprintf(name, sizeof name, "$%d", i + 1);
		q->at[i] = (unsigned char)sqlite3_bind_parameter_index(q->st, name);
	}
	s->ncache++;
	return q;
}

static struct tw_q *
vq(struct tw_store *s, const char *sql, const char *fmt, va_list ap)
{
	struct tw_q *q;
	int i, at, rc = SQLITE_OK;

	if (s->failed)
		return NULL;
	if (!(q = prepare(s, sql)))
		return NULL;
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
	q->failed = 0;
	for (i = 0; fmt[i] && i < NPARAM && rc == SQLITE_OK; i++) {
		at = q->at[i];
		if (fmt[i] == 'i' || fmt[i] == 'T') {
			long long v = va_arg(ap, long long);

			if (at)
				rc = fmt[i] == 'T' && v <= 0 ?
				    sqlite3_bind_null(q->st, at) :
				    sqlite3_bind_int64(q->st, at, v);
		} else {
			const char *v = va_arg(ap, const char *);

			if (at)
				rc = v ? sqlite3_bind_text(q->st, at, v, -1,
				    SQLITE_STATIC) : sqlite3_bind_null(q->st, at);
		}
	}
	if (rc != SQLITE_OK) {
		fail(s, NULL);
		return NULL;
	}
	return q;
}

struct tw_q *
tw_q(struct tw_store *s, const char *sql, const char *fmt, ...)
{
	struct tw_q *q;
	va_list ap;

	va_start(ap, fmt);
	q = vq(s, sql, fmt, ap);
	va_end(ap);
	return q;
}

int
tw_q_row(struct tw_q *q)
{
	int rc;

	if (!q || q->failed)
		return -1;
	rc = sqlite3_step(q->st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	q->failed = 1;
	fail(q->s, NULL);
	return -1;
}

const char *
tw_q_text(struct tw_q *q, int col)
{
	return (const char *)sqlite3_column_text(q->st, col);
}

long long
tw_q_int(struct tw_q *q, int col)
{
	return sqlite3_column_int64(q->st, col);
}

int
tw_q_isnull(struct tw_q *q, int col)
{
	return sqlite3_column_type(q->st, col) == SQLITE_NULL;
}

int
tw_q_end(struct tw_q *q)
{
	int bad;

	if (!q)
		return -1;
	bad = q->failed;
	sqlite3_reset(q->st);
	return bad ? -1 : 0;
}

long
tw_exec(struct tw_store *s, const char *sql, const char *fmt, ...)
{
	struct tw_q *q;
	va_list ap;
	int r;

	va_start(ap, fmt);
	q = vq(s, sql, fmt, ap);
	va_end(ap);
	if (!q)
		return -1;
	while ((r = tw_q_row(q)) == 1)
		;
	if (tw_q_end(q) < 0 || r < 0)
		return -1;
	return (long)sqlite3_changes(s->db);
}

long long
tw_store_last_id(struct tw_store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}
