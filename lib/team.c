/* team.c - the state of state.h on a team's store (team.h): a row of
 * tw_state a file (sub, name), tw_journal a journal line, and a
 * session's advisory lock a lock file.  Each call is its own
 * transaction; a call that fails says so once (the store's line) and
 * every later one fails too. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "state.h"
#include "store.h"
#include "team.h"

static struct tw_store *team;
static int shared;      /* team is the caller's connection (tw_team_share) */

static int
t_write(const char *sub, const char *name, const char *data)
{
	return tw_exec(team, "INSERT INTO tw_state (sub, name, data, updated) "
	    "VALUES ($1, $2, $3, $4) ON CONFLICT (sub, name) DO UPDATE "
	    "SET data = $3, updated = $4", "sssi", sub, name, data,
	    (long long)time(NULL)) < 0 ? -1 : 0;
}

static int
t_read(const char *sub, const char *name, char **out)
{
	struct tw_q *q = tw_q(team, "SELECT data FROM tw_state WHERE sub = $1 "
	    "AND name = $2", "ss", sub, name);
	int r = tw_q_row(q);

	*out = r == 1 ? xstrdup(tw_q_text(q, 0)) : NULL;
	if (tw_q_end(q) < 0 || r < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return r;
}

static int
t_remove(const char *sub, const char *name)
{
	return tw_exec(team, "DELETE FROM tw_state WHERE sub = $1 AND "
	    "name = $2", "ss", sub, name) < 0 ? -1 : 0;
}

static char **
t_list(const char *sub, int *n)
{
	struct tw_q *q = tw_q(team, "SELECT name FROM tw_state WHERE sub = $1 "
	    "ORDER BY name", "s", sub);
	char **v = NULL;

	*n = 0;
	while (tw_q_row(q) == 1) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = xstrdup(tw_q_text(q, 0));
	}
	tw_q_end(q);
	return v;
}

/* One transaction: the journal's lock (so that appends are one at a
 * time, across machines), its last line, this line chained to it.  Two
 * agents never read the same last line, so the chain never forks. */
static int
t_append(const char *line, const char *key, const char *in_reply_to)
{
	struct tw_q *q;
	char *prev = NULL, *full;
	int r;

	int outer = tw_store_in_tx(team);

	/* on a shared connection inside the caller's transaction, the line
	 * goes with it: written, and committed, with the change it tells of
	 * (or rolled back with it) */
	if (tw_store_failed(team) || (!outer && tw_store_begin(team) < 0))
		return -1;
	if (tw_store_lock(team, "journal") < 0)
		goto fail;
	q = tw_q(team, "SELECT line FROM tw_journal ORDER BY seq DESC "
	    "LIMIT 1", "");
	if ((r = tw_q_row(q)) == 1)
		prev = xstrdup(tw_q_text(q, 0));
	if (tw_q_end(q) < 0 || r < 0)
		goto fail;
	full = tw_journal_chain(line, prev, prev ? strlen(prev) : 0);
	r = tw_exec(team, "INSERT INTO tw_journal (time, key, in_reply_to, "
	    "line) VALUES ($1, $2, $3, $4)", "isss", (long long)time(NULL),
	    key, in_reply_to, full) < 0;
	free(full);
	free(prev);
	prev = NULL;
	if (r || (!outer && tw_store_commit(team) < 0))
		goto fail;
	return 0;
fail:
	free(prev);
	if (!outer)
		tw_store_rollback(team);
	return -1;
}

static int
t_scan(const char *key, const char *in_reply_to,
    int (*fn)(const char *line, void *ctx), void *ctx)
{
	struct tw_q *q;

	if (key)
		q = tw_q(team, "SELECT line FROM tw_journal WHERE key = $1 "
		    "ORDER BY seq", "s", key);
	else if (in_reply_to)
		q = tw_q(team, "SELECT line FROM tw_journal WHERE "
		    "in_reply_to = $1 ORDER BY seq", "s", in_reply_to);
	else
		q = tw_q(team, "SELECT line FROM tw_journal ORDER BY seq", "");
	while (tw_q_row(q) == 1)
		if (fn(tw_q_text(q, 0), ctx))
			break;
	return tw_q_end(q);
}

/* One transaction: the journal's lock, every line through fn, the ones
 * it replaces updated (their key and in_reply_to forgotten). */
static long
t_rewrite(char *(*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
	struct tw_q *q;
	long long *seq = NULL;
	char **rep = NULL;
	const char *line;
	long n = 0, i;

	if (tw_store_failed(team) || tw_store_begin(team) < 0)
		return -1;
	if (tw_store_lock(team, "journal") < 0)
		goto fail;
	q = tw_q(team, "SELECT seq, line FROM tw_journal ORDER BY seq", "");
	while (tw_q_row(q) == 1) {
		line = tw_q_text(q, 1);
		seq = xrealloc(seq, (n + 1) * sizeof *seq);
		rep = xrealloc(rep, (n + 1) * sizeof *rep);
		if (!(rep[n] = fn(line, strlen(line), ctx)))
			continue;
		seq[n++] = tw_q_int(q, 0);
	}
	if (tw_q_end(q) < 0)
		goto fail;
	for (i = 0; i < n; i++)
		if (tw_exec(team, "UPDATE tw_journal SET line = $2, key = NULL, "
		    "in_reply_to = NULL WHERE seq = $1", "is", seq[i],
		    rep[i]) < 0)
			goto fail;
	if (tw_store_commit(team) < 0)
		goto fail;
	goto out;
fail:
	tw_store_rollback(team);
	for (i = 0; i < n; i++)
		free(rep[i]);
	n = -1;
out:
	for (i = 0; i < n; i++)
		free(rep[i]);
	free(rep);
	free(seq);
	return n;
}

static int
t_lock(const char *name, int wait)
{
	return tw_store_hold(team, name, wait);
}

static void
t_unlock(const char *name)
{
	tw_store_unhold(team, name);
}

static char *
t_holder(const char *name)
{
	return tw_store_holder(team, name);
}

static int
t_exit(void)
{
	return tw_store_failed(team) ? tw_store_exit() : 0;
}

static struct tw_state_ops team_ops = {
	t_write, t_read, t_remove, t_list, t_append, t_scan, t_rewrite, t_lock,
	t_unlock, t_holder, t_exit, NULL
};

int
tw_team_use(const struct tw_account *a)
{
	if (team || !tw_store_is_pg(a))
		return 0;
	if (!(team = tw_store_open(a, 0)))
		return -1;
	team_ops.where = tw_store_path(team);
	tw_state_use(&team_ops);
	return 0;
}

void
tw_team_share(struct tw_store *s)
{
	if (team || !tw_store_pg(s))
		return;
	team = s;
	shared = 1;
	team_ops.where = tw_store_path(team);
	tw_state_use(&team_ops);
}

int
tw_team_on(const struct tw_store *s)
{
	return team && team == s;
}

void
tw_team_unshare(const struct tw_store *s)
{
	if (!shared || team != s)
		return;
	tw_state_use(NULL);
	team = NULL;
	shared = 0;
}
