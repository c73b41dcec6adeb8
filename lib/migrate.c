/* migrate.c - a machine's state into the team's store (migrate.h).
 *
 * A case is known by its first message: a case of the embedded store
 * whose first message the team's store has already (a rerun, or the
 * same post filed on two machines) is not copied.  The copy gets the
 * team's numbers (case ids, event seqs); its events keep their order,
 * times and agents.  The files keep their names; the team's own entry
 * wins over a machine's. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "migrate.h"
#include "ndjson.h"
#include "timefmt.h"

struct seqmap {
	long long *from, *to;
	size_t n, cap;
};

static void
seqmap_put(struct seqmap *sm, long long from, long long to)
{
	if (sm->n == sm->cap) {
		sm->cap = sm->cap ? sm->cap * 2 : 16;
		sm->from = xrealloc(sm->from, sm->cap * sizeof *sm->from);
		sm->to = xrealloc(sm->to, sm->cap * sizeof *sm->to);
	}
	sm->from[sm->n] = from;
	sm->to[sm->n++] = to;
}

/* the new number of from (0: not copied); the map is in from's order */
static long long
seqmap_get(const struct seqmap *sm, long long from)
{
	size_t lo = 0, hi = sm->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sm->from[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sm->n && sm->from[lo] == from ? sm->to[lo] : 0;
}

/* 1 when the team's store has message id, 0 not, -1 failed */
static int
has_message(struct tw_store *to, const char *id)
{
	struct tw_q *q = tw_q(to, "SELECT 1 FROM messages WHERE id = $1", "s",
	    id);
	int r = tw_q_row(q);

	return tw_q_end(q) < 0 ? -1 : r;
}

/* One case of the embedded store (the row of q) into the team's, unless
 * its first message is there: its new number goes in ids. */
static int
copy_case(struct tw_store *from, struct tw_store *to, struct tw_q *c,
    struct seqmap *ids, struct tw_migrated *m)
{
	struct tw_q *q, *w;
	long long id = tw_q_int(c, 0);
	char *first = NULL;
	int r;

	q = tw_q(from, "SELECT id FROM messages WHERE case_id = $1 ORDER BY "
	    "seq, id LIMIT 1", "i", id);
	if ((r = tw_q_row(q)) == 1)
		first = xstrdup(tw_q_text(q, 0));
	if (tw_q_end(q) < 0 || r < 0)
		return -1;
	if (first && (r = has_message(to, first)) != 0) {
		free(first);
		if (r < 0)
			return -1;
		m->cases_there++;
		return 0;
	}
	free(first);
	/* the times that may be absent go as 'T': 0 is NULL */
	w = tw_q(to, "INSERT INTO cases (account, customer, username, state, "
	    "owner, claim_until, queue, priority, tags, opened, updated, "
	    "waiting, last_in, last_out, resolved, profile) VALUES ($1, $2, "
	    "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
	    "RETURNING id", "sssssTsisiiTTTTs", tw_q_text(c, 1),
	    tw_q_text(c, 2), tw_q_text(c, 3), tw_q_text(c, 4), tw_q_text(c, 5),
	    tw_q_int(c, 6), tw_q_text(c, 7), tw_q_int(c, 8), tw_q_text(c, 9),
	    tw_q_int(c, 10), tw_q_int(c, 11), tw_q_int(c, 12), tw_q_int(c, 13),
	    tw_q_int(c, 14), tw_q_int(c, 15), tw_q_text(c, 16));
	if (tw_q_row(w) != 1) {
		tw_q_end(w);
		return -1;
	}
	seqmap_put(ids, id, tw_q_int(w, 0));
	if (tw_q_end(w) < 0)
		return -1;
	m->cases++;
	return 0;
}

/* Every event of the cases copied, in the order they were recorded (the
 * team's log keeps it); their new numbers in seqs. */
static int
copy_events(struct tw_store *from, struct tw_store *to,
    const struct seqmap *ids, struct seqmap *seqs, struct tw_migrated *m)
{
	struct tw_q *q = tw_q(from, "SELECT seq, case_id, time, agent, event, "
	    "detail FROM events ORDER BY seq", ""), *w;
	long long nid;
	int r;

	while ((r = tw_q_row(q)) == 1) {
		if (!(nid = seqmap_get(ids, tw_q_int(q, 1))))
			continue;
		w = tw_q(to, "INSERT INTO events (case_id, time, agent, event, "
		    "detail) VALUES ($1, $2, $3, $4, $5) RETURNING seq", "iisss",
		    nid, tw_q_int(q, 2), tw_q_text(q, 3), tw_q_text(q, 4),
		    tw_q_text(q, 5));
		if (tw_q_row(w) != 1) {
			tw_q_end(w);
			r = -1;
			break;
		}
		seqmap_put(seqs, tw_q_int(q, 0), tw_q_int(w, 0));
		if (tw_q_end(w) < 0) {
			r = -1;
			break;
		}
		m->events++;
	}
	return tw_q_end(q) < 0 || r < 0 ? -1 : 0;
}

static int
copy_messages(struct tw_store *from, struct tw_store *to,
    const struct seqmap *ids, const struct seqmap *seqs,
    struct tw_migrated *m)
{
	struct tw_q *q = tw_q(from, "SELECT id, case_id, time, direction, "
	    "record, seq FROM messages ORDER BY seq, id", "");
	long long nid;
	long n;
	int r;

	while ((r = tw_q_row(q)) == 1) {
		if (!(nid = seqmap_get(ids, tw_q_int(q, 1))))
			continue;
		n = tw_exec(to, "INSERT INTO messages (id, case_id, time, "
		    "direction, record, seq) VALUES ($1, $2, $3, $4, $5, $6) "
		    "ON CONFLICT (id) DO NOTHING", "siissi", tw_q_text(q, 0),
		    nid, tw_q_int(q, 2), tw_q_text(q, 3), tw_q_text(q, 4),
		    seqmap_get(seqs, tw_q_int(q, 5)));
		if (n < 0) {
			r = -1;
			break;
		}
		m->messages += n;
	}
	return tw_q_end(q) < 0 || r < 0 ? -1 : 0;
}

/* The customer profiles (customer.h): where the team's store has one
 * for the same customer, it stays. */
static int
copy_customers(struct tw_store *from, struct tw_store *to,
    struct tw_migrated *m)
{
	struct tw_q *q = tw_q(from, "SELECT account, customer, username, tier, "
	    "tags, notes, lang, csat, csat_time, updated FROM customers", "");
	long n;
	int r;

	while ((r = tw_q_row(q)) == 1) {
		n = tw_exec(to, "INSERT INTO customers (account, customer, "
		    "username, tier, tags, notes, lang, csat, csat_time, updated) "
		    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT "
		    "(account, customer) DO NOTHING", "sssssssiTT",
		    tw_q_text(q, 0), tw_q_text(q, 1), tw_q_text(q, 2),
		    tw_q_text(q, 3), tw_q_text(q, 4), tw_q_text(q, 5),
		    tw_q_text(q, 6), tw_q_int(q, 7), tw_q_int(q, 8),
		    tw_q_int(q, 9));
		if (n < 0) {
			tw_q_end(q);
			return -1;
		}
		if (n > 0)
			m->customers++;
		else
			m->customers_there++;
	}
	return tw_q_end(q) < 0 || r < 0 ? -1 : 0;
}

static int
copy_cases(const char *home, struct tw_store *to, struct tw_migrated *m)
{
	char *path = xasprintf("%s/store.db", home);
	struct seqmap ids = { 0 }, seqs = { 0 };
	struct tw_store *from;
	struct tw_q *c;
	struct stat st;
	long n = 0, total = 0;
	int r, rv = -1, tty = tw_isatty_err();

	if (stat(path, &st) < 0) {      /* no cases on this machine */
		free(path);
		return 0;
	}
	from = tw_store_open_file(path);
	free(path);
	if (!from)
		return -1;
	c = tw_q(from, "SELECT count(*) FROM cases", "");
	if (tw_q_row(c) == 1)
		total = (long)tw_q_int(c, 0);
	if (tw_q_end(c) < 0)
		goto out;
	c = tw_q(from, "SELECT id, account, customer, username, state, owner, "
	    "claim_until, queue, priority, tags, opened, updated, waiting, "
	    "last_in, last_out, resolved, profile FROM cases ORDER BY id", "");
	while ((r = tw_q_row(c)) == 1) {
		if (copy_case(from, to, c, &ids, m) < 0) {
			tw_q_end(c);
			goto out;
		}
		if (tty && ++n % 1000 == 0)
			fprintf(stderr, "\r%s: migrate: %ld of %ld cases", tw_progname,
			    n, total);
	}
	if (tty && n >= 1000)
		fprintf(stderr, "\r\033[K");
	if (tw_q_end(c) < 0 || r < 0 || copy_customers(from, to, m) < 0 ||
	    copy_events(from, to, &ids, &seqs, m) < 0 ||
	    copy_messages(from, to, &ids, &seqs, m) < 0)
		goto out;
	rv = 0;
out:
	free(ids.from);
	free(ids.to);
	free(seqs.from);
	free(seqs.to);
	tw_store_close(from);
	return rv;
}

/* The files of home/sub, each a row of tw_state. */
static int
copy_files(const char *home, const char *sub, struct tw_store *to,
    struct tw_migrated *m)
{
	char *dir = xasprintf("%s/%s", home, sub), *path, *data;
	struct dirent *e;
	struct stat st;
	DIR *d;
	long n;
	int rv = 0;

	if (!(d = opendir(dir))) {
		free(dir);
		return 0;
	}
	while (rv == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (data = tw_read_file(path))) {
			n = tw_exec(to, "INSERT INTO tw_state (sub, name, data, "
			    "updated) VALUES ($1, $2, $3, $4) ON CONFLICT (sub, "
			    "name) DO NOTHING", "sssi", sub, e->d_name, data,
			    (long long)st.st_mtime);
			if (n < 0)
				rv = -1;
			else if (n)
				m->state++;
			else
				m->state_there++;
			free(data);
		}
		free(path);
	}
	closedir(d);
	free(dir);
	return rv;
}

/* One journal line, unless the team's journal has it. */
static int
copy_line(struct tw_store *to, const char *line, struct tw_migrated *m)
{
	cJSON *o = cJSON_Parse(line);
	const char *key = tw_json_str(o, "key");
	struct tw_q *q;
	time_t t = 0;
	int r;

	if (!o)
		return 0;       /* not a journal line: not the team's either */
	if (tw_json_str(o, "time"))
		tw_time_parse(tw_json_str(o, "time"), 0, &t);
	q = key ? tw_q(to, "SELECT 1 FROM tw_journal WHERE key = $1 AND line "
	    "= $2", "ss", key, line) : tw_q(to, "SELECT 1 FROM tw_journal "
	    "WHERE key IS NULL AND line = $1", "s", line);
	r = tw_q_row(q);
	if (tw_q_end(q) < 0 || r < 0)
		r = -1;
	else if (r == 1)
		m->journal_there++;
	else if (tw_exec(to, "INSERT INTO tw_journal (time, key, in_reply_to, "
	    "line) VALUES ($1, $2, $3, $4)", "isss", (long long)t, key,
	    tw_json_str(o, "in_reply_to"), line) < 0)
		r = -1;
	else
		m->journal++;
	cJSON_Delete(o);
	return r < 0 ? -1 : 0;
}

static int
copy_journal(const char *home, struct tw_store *to, struct tw_migrated *m)
{
	char *path = xasprintf("%s/journal", home), *line;
	tw_reader r;
	FILE *fp = fopen(path, "r");
	int rv = 0;

	free(path);
	if (!fp)
		return 0;
	tw_reader_from(&r, fp, "journal");
	while (rv == 0 && (line = tw_reader_line(&r)))
		if (*line)
			rv = copy_line(to, line, m);
	tw_reader_close(&r);
	fclose(fp);
	return rv;
}

int
tw_migrate(const char *home, struct tw_store *to, struct tw_migrated *m)
{
	static const char *const subs[] = { "ledger", "drafts", "checkpoints",
	    "users" };

	memset(m, 0, sizeof *m);
	if (tw_store_begin(to) < 0)
		return -1;
	/* two machines migrating at once take turns */
	if (tw_store_lock(to, "migrate-copy") < 0 ||
	    copy_cases(home, to, m) < 0)
		goto bad;
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (copy_files(home, subs[i], to, m) < 0)
			goto bad;
	if (copy_journal(home, to, m) < 0)
		goto bad;
	return tw_store_commit(to);
bad:
	tw_store_rollback(to);
	return -1;
}
