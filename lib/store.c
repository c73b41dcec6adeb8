/* store.c - the store (store.h): the front, and the backend on SQLite;
 * storepg.c has the one on PostgreSQL */
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "state.h"
#include "storeint.h"

/* The schema, one step per version: a store at version N runs steps
 * N+1.. in one transaction each.  Steps are never edited once released;
 * a change is a new step.  Both backends run the same steps, where @ID
 * is an integer key the database numbers and @INT a 64-bit integer; a
 * step that begins @PG is for PostgreSQL alone (nothing on SQLite).
 * Events are appended and never rewritten; the cases table is their
 * projection, kept in the same transaction. */
static const char *const migrations[] = {
	/* 1: cases, their messages and events */
	"CREATE TABLE tw_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE cases ("
	"  id @ID,"
	"  account TEXT NOT NULL,"      /* the brand account's user id */
	"  customer TEXT NOT NULL,"     /* the customer's user id */
	"  username TEXT,"              /* the customer's @name, lately */
	"  state TEXT NOT NULL,"        /* new open pending resolved escalated */
	"  owner TEXT,"
	"  claim_until @INT,"        /* the claim lapses then */
	"  queue TEXT,"
	"  priority @INT NOT NULL DEFAULT 0,"
	"  tags TEXT NOT NULL DEFAULT '[]',"   /* JSON array */
	"  opened @INT NOT NULL,"
	"  updated @INT NOT NULL,"
	"  waiting @INT,"            /* first inbound not yet answered */
	"  last_in @INT,"            /* the customer's latest message */
	"  last_out @INT,"           /* the brand's latest message */
	"  resolved @INT,"
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
	"  case_id @INT NOT NULL REFERENCES cases (id),"
	"  time @INT NOT NULL,"
	"  direction TEXT NOT NULL,"
	"  record TEXT NOT NULL,"       /* the record as it came */
	"  seq @INT NOT NULL"        /* its event's */
	");"
	"CREATE INDEX messages_case ON messages (case_id, time, seq);"
	"CREATE TABLE events ("
	"  seq @ID,"
	"  case_id @INT NOT NULL REFERENCES cases (id),"
	"  time @INT NOT NULL,"
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
	/* 3: on PostgreSQL, every event tells those who LISTEN tw_case the
	 * case it changed, when its transaction commits (tw-case ls
	 * --follow); SQLite's followers read the events table instead */
	"@PG"
	"CREATE FUNCTION tw_case_changed() RETURNS trigger LANGUAGE plpgsql "
	"  AS $$ BEGIN PERFORM pg_notify('tw_case', NEW.case_id::text); "
	"  RETURN NULL; END $$;"
	"CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW "
	"  EXECUTE FUNCTION tw_case_changed();",
	/* 4: what a team shares besides cases (team.c): the ledger, the
	 * drafts and the fetch checkpoints (sub), a row what was a file of
	 * TW_HOME; and the journal.  An embedded store keeps these in
	 * TW_HOME's files and leaves the tables empty. */
	"CREATE TABLE IF NOT EXISTS tw_state ("
	"  sub TEXT NOT NULL,"          /* ledger drafts checkpoints users */
	"  name TEXT NOT NULL,"
	"  data TEXT NOT NULL,"
	"  updated @INT NOT NULL,"
	"  PRIMARY KEY (sub, name)"
	");"
	"CREATE TABLE IF NOT EXISTS tw_journal ("
	"  seq @ID,"
	"  time @INT NOT NULL,"
	"  key TEXT,"                   /* the send's intent */
	"  in_reply_to TEXT,"
	"  line TEXT NOT NULL"          /* the journal's JSON line */
	");"
	"CREATE INDEX IF NOT EXISTS tw_journal_key ON tw_journal (key);"
	"CREATE INDEX IF NOT EXISTS tw_journal_reply ON tw_journal (in_reply_to);",
	/* 5: on PostgreSQL, roles the database enforces (tw-config(5),
	 * "Roles on a team's store"): once tw_roles has a row, an agent is
	 * the login role they connect as; a send's ledger entry is taken
	 * only by its agent, or by an approver who is not its author; an
	 * agent who needs approval cannot take one alone; a draft is
	 * written by its author and changed or removed by its author or an
	 * approver; a journal line names no one else as its approver.  The
	 * table is the database owner's to fill (agents only read it). */
	"@PG"
	"CREATE TABLE tw_roles ("
	"  agent TEXT PRIMARY KEY,"     /* the agent's login role */
	"  approver BOOLEAN NOT NULL DEFAULT false,"
	"  needs_approval BOOLEAN NOT NULL DEFAULT false"
	");"
	"CREATE FUNCTION tw_role_refuse(what TEXT) RETURNS void "
	"  LANGUAGE plpgsql AS $$ BEGIN "
	"  RAISE EXCEPTION 'refused by the team''s roles: %', what "
	"    USING ERRCODE = 'insufficient_privilege'; END $$;"
	"CREATE FUNCTION tw_role_is(who TEXT, must_approve BOOLEAN) RETURNS "
	"  boolean LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM "
	"  tw_roles r WHERE r.agent = $1 AND (NOT $2 OR r.approver)) $$;"
	/* off while tw_roles is empty, and for its owner (who may turn the
	 * triggers off anyway: tw-case migrate by the owner copies lines
	 * that name others) */
	"CREATE FUNCTION tw_roles_off() RETURNS boolean LANGUAGE sql STABLE "
	"  AS $$ SELECT NOT EXISTS (SELECT 1 FROM tw_roles) OR EXISTS (SELECT 1 "
	"  FROM pg_class c WHERE c.oid = 'tw_roles'::regclass AND "
	"  pg_has_role(session_user, c.relowner, 'MEMBER')) $$;"
	"CREATE FUNCTION tw_roles_state() RETURNS trigger LANGUAGE plpgsql AS $$ "
	"DECLARE d jsonb; a text; ap text; me text := session_user; BEGIN "
	"  IF tw_roles_off() THEN "
	"    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; END IF; "
	"  IF TG_OP <> 'INSERT' AND OLD.sub = 'drafts' THEN "
	"    a := OLD.data::jsonb ->> 'agent'; "
	"    IF a IS DISTINCT FROM me AND NOT tw_role_is(me, true) THEN "
	"      PERFORM tw_role_refuse(format('%s may not change or remove "
	"%s''s draft (not an approver)', me, a)); END IF; END IF; "
	"  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; "
	"  d := NEW.data::jsonb; a := d ->> 'agent'; ap := d ->> 'approver'; "
	"  IF TG_OP = 'INSERT' AND NEW.sub = 'drafts' AND a IS DISTINCT FROM me "
	"  THEN PERFORM tw_role_refuse(format('%s may not write a draft as %s', "
	"    me, a)); END IF; "
	"  IF NEW.sub = 'ledger' AND d ->> 'state' = 'pending' THEN "
	"    IF ap IS NULL THEN "
	"      IF a IS DISTINCT FROM me THEN PERFORM tw_role_refuse(format("
	"        '%s may not send as %s', me, a)); END IF; "
	"      IF NOT tw_role_is(me, false) THEN PERFORM tw_role_refuse(format("
	"        '%s is not an agent of this store (tw_roles)', me)); END IF; "
	"      IF (SELECT needs_approval FROM tw_roles WHERE agent = me) THEN "
	"        PERFORM tw_role_refuse(format('%s''s sends need an "
	"approver''s approval (queue a draft)', me)); END IF; "
	"    ELSIF ap IS DISTINCT FROM me THEN PERFORM tw_role_refuse(format("
	"      '%s may not approve as %s', me, ap)); "
	"    ELSIF ap = a THEN PERFORM tw_role_refuse(format("
	"      '%s may not approve their own draft', me)); "
	"    ELSIF NOT tw_role_is(me, true) THEN PERFORM tw_role_refuse(format("
	"      '%s may not approve drafts (not an approver)', me)); END IF; "
	"  END IF; "
	"  RETURN NEW; END $$;"
	"CREATE TRIGGER tw_state_roles BEFORE INSERT OR UPDATE OR DELETE ON "
	"  tw_state FOR EACH ROW EXECUTE FUNCTION tw_roles_state();"
	"CREATE FUNCTION tw_roles_journal() RETURNS trigger LANGUAGE plpgsql "
	"  AS $$ DECLARE d jsonb; me text := session_user; BEGIN "
	"  IF tw_roles_off() THEN RETURN NEW; END IF; "
	"  d := NEW.line::jsonb; "
	"  IF d ? 'approver' AND d ->> 'approver' IS DISTINCT FROM me THEN "
	"    PERFORM tw_role_refuse(format('%s may not write %s''s approval', "
	"      me, d ->> 'approver')); END IF; "
	"  IF d ->> 'event' IN ('reject', 'edit') AND d ->> 'agent' IS "
	"    DISTINCT FROM me THEN PERFORM tw_role_refuse(format("
	"    '%s may not write %s''s %s', me, d ->> 'agent', d ->> 'event')); "
	"  END IF; "
	"  IF d ->> 'event' IN ('reject', 'edit') AND d ->> 'author' IS "
	"    DISTINCT FROM me AND NOT tw_role_is(me, true) THEN "
	"    PERFORM tw_role_refuse(format('%s may not %s %s''s draft (not an "
	"approver)', me, d ->> 'event', d ->> 'author')); END IF; "
	"  RETURN NEW; END $$;"
	"CREATE TRIGGER tw_journal_roles BEFORE INSERT ON tw_journal FOR EACH "
	"  ROW EXECUTE FUNCTION tw_roles_journal();",
	/* 6: a profile per customer of an account (customer.c): customer is
	 * the user id, or "@name" (lower case) while only the name is known;
	 * account '' is a profile for every account */
	"CREATE TABLE IF NOT EXISTS customers ("
	"  account TEXT NOT NULL,"
	"  customer TEXT NOT NULL,"
	"  username TEXT,"
	"  tier TEXT,"
	"  tags TEXT NOT NULL DEFAULT '[]',"   /* JSON array */
	"  notes TEXT,"
	"  lang TEXT,"
	"  csat @INT,"                 /* the last CSAT answer, 1 to 5 */
	"  csat_time @INT,"
	"  updated @INT NOT NULL,"
	"  PRIMARY KEY (account, customer)"
	");"
	"CREATE INDEX IF NOT EXISTS customers_username ON customers (username);",
	/* 7: the queue apart from the claimed cases.  Choosing the next case
	 * walked the queue's index from the top past every case held by a
	 * live claim (the top ones, claimed first): with 5,000 held, 5,000
	 * entries a claim, and on PostgreSQL a visit to each one's row.
	 * Now the free cases (no claim) have an index of their own, in the
	 * queue's order, and the held ones one by when the claim lapses, so
	 * that next reads the best free case and the lapsed claims alone. */
	"UPDATE cases SET claim_until = NULL WHERE claim_until <= 0;"
	"DROP INDEX cases_ready;"
	"DROP INDEX cases_queue;"
	"CREATE INDEX cases_free ON cases (priority DESC, waiting, id) "
	"  WHERE state IN ('new', 'open', 'escalated') AND claim_until IS NULL;"
	"CREATE INDEX cases_free_queue ON cases (queue, priority DESC, waiting, "
	"  id) WHERE state IN ('new', 'open', 'escalated') AND "
	"  claim_until IS NULL;"
	"CREATE INDEX cases_held ON cases (claim_until) "
	"  WHERE state IN ('new', 'open', 'escalated') AND "
	"  claim_until IS NOT NULL;",
};
#define NSTEPS ((int)(sizeof migrations / sizeof migrations[0]))

/* the exit code of the last failure (3 unless a server was lost) */
static int last_exit = TW_EXIT_CONFIG;

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

int
tw_store_in_tx(const struct tw_store *s)
{
	return s->intx;
}

int
tw_store_pg(const struct tw_store *s)
{
	return s->pg != NULL;
}

int
tw_store_exit(void)
{
	return last_exit;
}

void
tw_store_fail(struct tw_store *s, const char *what, int code)
{
	last_exit = code;
	if (s->failed)
		return;
	s->failed = 1;
	s->exitcode = code;
	if (!what && s->db && ((sqlite3_errcode(s->db) & 0xff) == SQLITE_NOTADB ||
	    (sqlite3_errcode(s->db) & 0xff) == SQLITE_CORRUPT))
		tw_warn("%s: corrupt, or not a tw store (%s)", s->path,
		    sqlite3_errmsg(s->db));
	else
		tw_warn("%s: %s", s->path, what ? what : s->db ?
		    sqlite3_errmsg(s->db) : "failed");
}

/* An SQLite failure, said by SQLite. */
static void
fail(struct tw_store *s, const char *what)
{
	tw_store_fail(s, what, TW_EXIT_CONFIG);
}

/* Where the store is: $TW_STORE, else the account's "store" key, else
 * TW_HOME/store.db. */
static const char *
store_name(const struct tw_account *a)
{
	const char *p = getenv("TW_STORE");

	if (!p || !*p)
		p = a ? tw_account_get(a, "store") : NULL;
	return p && *p ? p : NULL;
}

/* Whether a name is PostgreSQL's: a postgres:// or postgresql:// URI,
 * or libpq's key=value words ("host=db dbname=tw"). */
static int
is_pg(const char *p)
{
	return p && (!strncmp(p, "postgresql:", 11) ||
	    !strncmp(p, "postgres:", 9) || (strchr(p, '=') &&
	    p[0] != '/' && p[0] != '.'));
}

static char *
store_path(const struct tw_account *a)
{
	const char *p = store_name(a);

	if (p && !strncmp(p, "sqlite:", 7))
		p += 7;
	if (p && *p)
		return xstrdup(p);
	return xasprintf("%s/store.db", tw_home());
}

/* Whether the database keeps cases: a store with a case in it (filed by
 * tw-case add), as a file does once tw-case made it.  Not a store the
 * team keeps only its ledger, drafts and journal in (team.c): sending
 * through it makes no case.  A server that does not answer may: 1, and
 * opening it will say why it cannot. */
static int
pg_exists(const char *name)
{
	struct tw_store s;
	int r;

	memset(&s, 0, sizeof s);
	s.failed = 1;           /* quiet: the open that follows says why */
	if (tw_pg_open(&s, name) < 0) {
		r = 1;
	} else
		r = tw_pg_has_table(&s, "tw_meta") != 0 &&
		    tw_pg_has_cases(&s) != 0;
	tw_pg_close(&s);
	free(s.path);
	return r;
}

int
tw_store_is_pg(const struct tw_account *a)
{
	return is_pg(store_name(a));
}

int
tw_store_exists(const struct tw_account *a)
{
	char *p;
	int r;

	if (is_pg(store_name(a)))
		return pg_exists(store_name(a));
	p = store_path(a);
	r = access(p, F_OK) == 0;
	free(p);
	return r;
}

/* The steps' text for this backend. */
static char *
dialect(const struct tw_store *s, const char *sql)
{
	const char *id = s->pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY "
	    "PRIMARY KEY" : "INTEGER PRIMARY KEY";
	const char *in = s->pg ? "BIGINT" : "INTEGER";
	tw_buf b = { 0 };

	if (!strncmp(sql, "@PG", 3)) {  /* a step for PostgreSQL alone */
		if (!s->pg)
			return xstrdup("");
		sql += 3;
	}

	while (*sql) {
		if (!strncmp(sql, "@ID", 3)) {
			tw_buf_adds(&b, id);
			sql += 3;
		} else if (!strncmp(sql, "@INT", 4)) {
			tw_buf_adds(&b, in);
			sql += 4;
		} else
			tw_buf_addc(&b, *sql++);
	}
	return tw_buf_steal(&b);
}

/* Run a script outside the statement cache. */
static int
script(struct tw_store *s, const char *sql)
{
	char *err = NULL;

	if (s->pg)
		return tw_pg_script(s, sql);
	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fail(s, NULL);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Whether the database has a table: 1, 0, -1 on failure. */
static int
has_table(struct tw_store *s, const char *name)
{
	struct tw_q *q;
	int r;

	if (s->pg)
		return tw_pg_has_table(s, name);
	q = tw_q(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	    "AND name = $1", "s", name);
	if (!q || tw_q_row(q) != 1)
		return tw_q_end(q), -1;
	r = tw_q_int(q, 0) > 0;
	return tw_q_end(q) < 0 ? -1 : r;
}

/* Whether the database has tables of another program's. */
static int
foreign_tables(struct tw_store *s)
{
	struct tw_q *q;
	int r;

	if (s->pg)      /* a database may be shared; ours are named so */
		return tw_pg_has_table(s, "cases");
	q = tw_q(s, "SELECT count(*) FROM sqlite_master", "");
	if (!q || tw_q_row(q) != 1)
		return tw_q_end(q), -1;
	r = tw_q_int(q, 0) > 0;
	return tw_q_end(q) < 0 ? -1 : r;
}

/* The schema version: 0 for a new store. */
static int
version_of(struct tw_store *s, int *v)
{
	struct tw_q *q;
	int r, f;

	/* other tables first, then tw_meta: an agent migrating the store at
	 * the same moment makes both in one transaction, so a table seen
	 * first is seen with its tw_meta, not taken for another program's */
	*v = 0;
	if ((f = foreign_tables(s)) < 0 || (r = has_table(s, "tw_meta")) < 0)
		return -1;
	if (!r) {
		if (f) {
			fail(s, s->pg ? "not a tw store (a database with "
			    "another program's tables)" : "not a tw store (an "
			    "SQLite database with other tables)");
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
	char msg[160], num[16], *sql;
	int v, r;

	/* the usual case, up to date: a read, no write lock */
	if (version_of(s, &v) == 0 && v == NSTEPS)
		return 0;
	s->failed = 0;
	if (tw_store_begin(s) < 0)
		return -1;
	/* on PostgreSQL, agents starting at once migrate one at a time */
	if (tw_store_lock(s, "migrate") < 0 || version_of(s, &v) < 0)
		goto bad;
	if (v > NSTEPS) {
		snprintf(msg, sizeof msg, "made by a newer tw (schema %d; this "
		    "tw %s knows up to %d): upgrade tw to use it", v,
		    TW_VERSION, NSTEPS);
		fail(s, msg);
		goto bad;
	}
	for (; v < NSTEPS; v++) {
		sql = dialect(s, migrations[v]);
		r = script(s, sql);
		free(sql);
		if (r < 0)
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

/* Waiting for another writer: SQLite's own sqlite3_busy_timeout sleeps
 * ever longer (up to 100 ms a time), so with eight agents taking cases at
 * once a writer slept long after the lock was free: tw-case next's p99
 * was 555 ms.  Here: a short sleep, a little random (no two waiters in
 * step), up to 60 s in all. */
static int
busy(void *arg, int count)
{
	struct tw_store *s = arg;
	struct timespec now, ts = { 0, 0 };

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		s->busy_since = now.tv_sec;
	else if (now.tv_sec - s->busy_since >= 60)
		return 0;
	ts.tv_nsec = (count < 8 ? 250000L * (count + 1) : 2000000L) +
	    (long)(((unsigned long)now.tv_nsec ^ (unsigned long)getpid() *
	    2654435761UL) % 500000UL);
	nanosleep(&ts, NULL);
	return 1;
}

static int
setup(struct tw_store *s)
{
	if (s->pg)
		return migrate(s);
	sqlite3_busy_handler(s->db, busy, s);
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

static int
open_sqlite(struct tw_store *s, char *path, int must_exist)
{
	int fd, flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	s->path = path;
	if (must_exist && access(s->path, F_OK) < 0) {
		tw_warn("%s: no store: %s", s->path, strerror(errno));
		return -1;
	}
	/* created 0600 by us, not by SQLite with the umask's mode: it
	 * holds what customers wrote */
	if ((fd = open(s->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		tw_warn("%s: %s", s->path, strerror(errno));
		return -1;
	}
	close(fd);
	/* SQLite counts every allocation under a global mutex by default,
	 * for sqlite3_memory_used(), which tw never asks: thirty a record
	 * in tw-case add.  Only possible before SQLite is first used
	 * (later, SQLITE_MISUSE and nothing changes). */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(s->path, &s->db, flags, NULL) != SQLITE_OK) {
		fail(s, s->db ? NULL : "cannot open");
		return -1;
	}
	return 0;
}

struct tw_store *
tw_store_open(const struct tw_account *a, int must_exist)
{
	struct tw_store *s = xcalloc(1, sizeof *s);
	const char *name = store_name(a);

	last_exit = TW_EXIT_CONFIG;
#ifdef __GLIBC__
	/* SQLite frees and allocates pages by the thousand a transaction,
	 * and glibc's default gives the top of the heap back to the kernel
	 * each time: tw-case add of a million records made 175,000 brk
	 * calls and their page faults */
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
#endif
	if (is_pg(name) ? tw_pg_open(s, name) : open_sqlite(s,
	    store_path(a), must_exist))
		goto bad;
	if (setup(s) < 0)
		goto bad;
	s->failed = 0;
	return s;
bad:
	tw_store_close(s);
	return NULL;
}

struct tw_store *
tw_store_open_file(const char *path)
{
	struct tw_store *s = xcalloc(1, sizeof *s);

	last_exit = TW_EXIT_CONFIG;
	if (open_sqlite(s, xstrdup(path), 1) < 0 || setup(s) < 0) {
		tw_store_close(s);
		return NULL;
	}
	s->failed = 0;
	return s;
}

void
tw_store_close(struct tw_store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->ncache; i++) {
		sqlite3_finalize(s->cache[i].st);
		tw_pg_drop(&s->cache[i]);
	}
	if (s->db)
		sqlite3_close(s->db);
	tw_pg_close(s);
	free(s->path);
	free(s);
}

int
tw_store_begin(struct tw_store *s)
{
	int rc, said = 0;

	s->failed = 0;
	s->nlock = 0;
	if (s->pg) {
		if (tw_pg_script(s, "BEGIN") < 0)
			return -1;
		s->intx = 1;
		return 0;
	}
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
tw_store_scrub(struct tw_store *s, int after)
{
	char *err = NULL;

	if (!s->db)
		return 0;
	if (sqlite3_exec(s->db, after ? "PRAGMA wal_checkpoint(TRUNCATE)" :
	    "PRAGMA secure_delete = ON", NULL, NULL, &err) != SQLITE_OK) {
		tw_store_fail(s, err ? err : "secure delete", TW_EXIT_CONFIG);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int
tw_store_bulk(struct tw_store *s)
{
	/* 16,384 pages of 4 KiB: SQLite's default (1,000) checkpoints after
	 * nearly every commit of tw-case add, and writes the pages of the
	 * cases table and of the indexes that every commit touches again
	 * into the database each time; checkpointed a sixteenth as often,
	 * a page changed by several commits is written there once (a
	 * million records: about 8 % less time) */
	if (!s->db)
		return 0;
	return script(s, "PRAGMA wal_autocheckpoint = 16384") < 0 ? -1 : 0;
}

int
tw_store_commit(struct tw_store *s)
{
	int rc;

	if (s->failed) {
		tw_store_rollback(s);
		return -1;
	}
	s->nlock = 0;
	if (s->pg) {
		s->intx = 0;
		for (int i = 0; i < s->ncache; i++)
			tw_pg_forget(&s->cache[i]);
		return tw_pg_script(s, "COMMIT");
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
	s->nlock = 0;
	for (int i = 0; i < s->ncache; i++) {
		if (s->pg)
			tw_pg_forget(&s->cache[i]);
		else
			sqlite3_reset(s->cache[i].st);
	}
	if (s->intx && s->pg) {
		PGresult *r = PQexec(s->pg, "ROLLBACK");

		PQclear(r);     /* a lost connection rolled back already */
	} else if (s->intx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->intx = 0;
}

static unsigned long
lock_key(const char *name)
{
	unsigned long h = 5381;

	for (const char *p = name; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return h;
}

int
tw_store_lock(struct tw_store *s, const char *name)
{
	unsigned long h;

	if (!s->pg)
		return 0;       /* SQLite's writers are one at a time */
	h = lock_key(name);
	for (unsigned long i = 0; i < s->nlock; i++)
		if (s->locks[i] == h)
			return 0;
	if (tw_pg_lock(s, h) < 0)
		return -1;
	if (s->nlock < NLOCK)
		s->locks[s->nlock++] = h;
	return 0;
}

int
tw_store_hold(struct tw_store *s, const char *name, int wait)
{
	if (!s->pg)
		return 1;       /* see store.h: files are locked by flock */
	return tw_pg_hold(s, lock_key(name), wait ? 1 : 0);
}

char *
tw_store_holder(struct tw_store *s, const char *name)
{
	return s->pg ? tw_pg_holder(s, lock_key(name)) : NULL;
}

void
tw_store_unhold(struct tw_store *s, const char *name)
{
	if (s->pg)
		tw_pg_hold(s, lock_key(name), 2);
}

int
tw_store_listen(struct tw_store *s, const char *channel)
{
	return s->pg ? tw_pg_listen(s, channel) : 0;
}

int
tw_store_notified(struct tw_store *s, int ms,
    void (*fn)(const char *payload, void *ctx), void *ctx)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	if (s->pg)
		return tw_pg_notified(s, ms, fn, ctx);
	nanosleep(&ts, NULL);
	return 0;
}

/* The statement for sql: kept, or made. */
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
		tw_pg_drop(&s->cache[0]);
		memmove(s->cache, s->cache + 1, (NCACHE - 1) * sizeof *s->cache);
		s->ncache--;
	}
	q = &s->cache[s->ncache];
	memset(q, 0, sizeof *q);
	q->s = s;
	q->sql = sql;
	q->nparams = -1;
	if (s->pg) {            /* prepared on the server at its first run */
		s->ncache++;
		return q;
	}
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
	q->failed = 0;
	if (s->pg)
		return tw_pg_run(q, fmt, ap) < 0 ? NULL : q;
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
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
	if (q->s->pg)
		return tw_pg_row(q);
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
	if (q->s->pg)
		return PQgetisnull(q->res, q->row, col) ? NULL :
		    PQgetvalue(q->res, q->row, col);
	return (const char *)sqlite3_column_text(q->st, col);
}

long long
tw_q_int(struct tw_q *q, int col)
{
	const char *v;

	if (q->s->pg)
		return (v = tw_q_text(q, col)) ? strtoll(v, NULL, 10) : 0;
	return sqlite3_column_int64(q->st, col);
}

int
tw_q_isnull(struct tw_q *q, int col)
{
	if (q->s->pg)
		return PQgetisnull(q->res, q->row, col);
	return sqlite3_column_type(q->st, col) == SQLITE_NULL;
}

int
tw_q_end(struct tw_q *q)
{
	int bad;

	if (!q)
		return -1;
	bad = q->failed;
	if (q->s->pg)
		tw_pg_forget(q);
	else
		sqlite3_reset(q->st);
	return bad ? -1 : 0;
}

long
tw_exec(struct tw_store *s, const char *sql, const char *fmt, ...)
{
	struct tw_q *q;
	va_list ap;
	long n;
	int r;

	va_start(ap, fmt);
	q = vq(s, sql, fmt, ap);
	va_end(ap);
	if (!q)
		return -1;
	if (s->pg) {
		n = atol(PQcmdTuples(q->res));
		tw_pg_forget(q);
		return n;
	}
	while ((r = tw_q_row(q)) == 1)
		;
	if (tw_q_end(q) < 0 || r < 0)
		return -1;
	return (long)sqlite3_changes(s->db);
}
