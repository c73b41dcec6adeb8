/* state.c - TW_HOME: checkpoints (atomic replace), the journal
 * (append-only NDJSON), and locks (flock); or, once a team's store is
 * in use (tw_state_use), the same kept there. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "ndjson.h"
#include "state.h"
#include "timefmt.h"

static char *home;
static const struct tw_state_ops *ops;

void
tw_state_use(const struct tw_state_ops *o)
{
	ops = o;
}

int
tw_state_exit(int dflt)
{
	int e = ops ? ops->exit() : 0;

	return e ? e : dflt;
}

/* TW_HOME's path, not made. */
static const char *
home_path(void)
{
	const char *e, *h;
	struct passwd *pw;

	if (home)
		return home;
	if ((e = getenv("TW_HOME")) && *e)
		home = xstrdup(e);
	else if ((e = getenv("XDG_STATE_HOME")) && *e == '/')
		home = xasprintf("%s/tw", e);
	else {
		h = getenv("HOME");
		if (!h || !*h) {
			pw = getpwuid(getuid());
			h = pw && pw->pw_dir ? pw->pw_dir : "/";
		}
		home = xasprintf("%s/.local/state/tw", h);
	}
	return home;
}

const char *
tw_home(void)
{
	const char *h = home_path();

	if (tw_mkdirs(h) == -1)
		tw_die(TW_EXIT_CONFIG, "cannot create the state directory %s: "
		    "%s", h, strerror(errno));
	return h;
}

int
tw_usage_append(const char *line)
{
	const char *h = home_path();
	char *path;
	size_t n = strlen(line);
	ssize_t w;
	int fd;

	if (tw_mkdirs(h) == -1)
		return -1;
	path = xasprintf("%s/usage", h);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (fd < 0)
		return -1;
	w = write(fd, line, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

static int
good_name(const char *what, const char *name)
{
	if (!name || !*name || *name == '.' || strchr(name, '/')) {
		tw_warn("bad %s name '%s'", what, name ? name : "");
		return 0;
	}
	return 1;
}

static char *
subdir(const char *sub)
{
	char *d = xasprintf("%s/%s", tw_home(), sub);

	if (tw_mkdirs(d) == -1) {
		tw_warn("cannot create %s: %s", d, strerror(errno));
		free(d);
		return NULL;
	}
	return d;
}

/* The "key = value" lines of a checkpoint, or an empty list. */
static void
parse_kv(char *text, tw_kvs *kv)
{
	char *line, *next, *eq, *e;

	for (line = text; line && *line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = 0;
		if (!(eq = strstr(line, " = ")))
			continue;
		*eq = 0;
		for (e = eq + 3 + strlen(eq + 3); e > eq + 3 && e[-1] == '\r'; )
			*--e = 0;
		tw_kvs_set(kv, line, eq + 3);
	}
}

/* The checkpoint's text; NULL when there is none.  A team's store that
 * cannot be read ends the program: going on would fetch from the
 * start. */
static char *
read_checkpoint(const char *name)
{
	char *text = NULL;

	if (ops && ops->read("checkpoints", name, &text) < 0)
		exit(ops->exit());
	return ops ? text : tw_state_read("checkpoints", name);
}

char *
tw_checkpoint_get(const char *name, const char *key)
{
	tw_kvs kv = { 0 };
	const char *v;
	char *text, *r = NULL;

	if (!good_name("checkpoint", name))
		return NULL;
	text = read_checkpoint(name);
	parse_kv(text, &kv);
	if ((v = tw_kvs_get(&kv, key)))
		r = xstrdup(v);
	tw_kvs_free(&kv);
	free(text);
	return r;
}

int
tw_checkpoint_put(const char *name, const char *key, const char *value)
{
	tw_kvs kv = { 0 };
	tw_buf b = { 0 };
	char *text;
	size_t i;
	int rv;

	if (!good_name("checkpoint", name))
		return -1;
	if (!key || !*key || strpbrk(key, "\n\r") || strstr(key, " = ") ||
	    !value || strpbrk(value, "\n\r")) {
		tw_warn("checkpoint %s: bad key or value", name);
		return -1;
	}
	text = read_checkpoint(name);
	parse_kv(text, &kv);
	tw_kvs_set(&kv, key, value);
	for (i = 0; i < kv.n; i++)
		tw_buf_printf(&b, "%s = %s\n", kv.v[i].key, kv.v[i].val);
	rv = tw_state_write("checkpoints", name, b.s ? b.s : "");
	tw_kvs_free(&kv);
	tw_buf_free(&b);
	free(text);
	return rv;
}

int
tw_state_write(const char *sub, const char *name, const char *data)
{
	char *dir;
	int rv;

	if (!good_name(sub, name))
		return -1;
	if (ops)
		return ops->write(sub, name, data);
	if (!(dir = subdir(sub)))
		return -1;
	rv = tw_replace_file(dir, name, data, strlen(data));
	free(dir);
	return rv;
}

char *
tw_state_read(const char *sub, const char *name)
{
	char *path, *s = NULL;

	if (!name || !*name || *name == '.' || strchr(name, '/'))
		return NULL;
	if (ops)
		return ops->read(sub, name, &s) > 0 ? s : NULL;
	path = xasprintf("%s/%s/%s", tw_home(), sub, name);
	s = tw_read_file(path);
	free(path);
	return s;
}

int
tw_state_remove(const char *sub, const char *name)
{
	char *path;
	int rv;

	if (!good_name(sub, name))
		return -1;
	if (ops)
		return ops->remove(sub, name);
	path = xasprintf("%s/%s/%s", tw_home(), sub, name);
	rv = unlink(path) == -1 && errno != ENOENT ? -1 : 0;
	free(path);
	return rv;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
tw_state_list(const char *sub, int *n)
{
	char *dir, **v = NULL;
	struct dirent *e;
	DIR *d;

	*n = 0;
	if (ops)
		return ops->list(sub, n);
	dir = xasprintf("%s/%s", tw_home(), sub);
	if ((d = opendir(dir))) {
		while ((e = readdir(d)))
			if (e->d_name[0] != '.') {
				v = xrealloc(v, (*n + 1) * sizeof *v);
				v[(*n)++] = xstrdup(e->d_name);
			}
		closedir(d);
	}
	free(dir);
	if (*n)
		qsort(v, *n, sizeof *v, cmp_names);
	return v;
}

char *
tw_journal_path(void)
{
	return xasprintf("%s/journal", tw_home());
}

char *
tw_journal_chain(const char *line, const char *prev, size_t prevlen)
{
	char hex[65];
	size_t n = strlen(line);

	tw_sha256_hex(prev ? prev : "", prev ? prevlen : 0, hex);
	while (n && line[n - 1] != '}')
		n--;
	if (!n)
		return xstrdup(line);
	return xasprintf("%.*s,\"prev\":\"%s\"}", (int)(n - 1), line, hex);
}

/* The last line of the journal open on fd (without its newline), read
 * backwards from the end: malloc'd in *out (NULL when empty).  0 or -1. */
static int
last_line(int fd, char **out, size_t *len)
{
	struct stat sb;
	char buf[4096];
	off_t end, pos;
	size_t n, i;

	*out = NULL;
	*len = 0;
	if (fstat(fd, &sb) == -1)
		return -1;
	if ((end = sb.st_size) == 0)
		return 0;
	if (pread(fd, buf, 1, end - 1) != 1)
		return -1;
	if (buf[0] == '\n')
		end--;
	for (pos = end; pos > 0; pos -= (off_t)n) {
		n = pos > (off_t)sizeof buf ? sizeof buf : (size_t)pos;
		if (pread(fd, buf, n, pos - (off_t)n) != (ssize_t)n)
			return -1;
		for (i = n; i > 0 && buf[i - 1] != '\n'; i--)
			;
		if (i > 0) {
			pos -= (off_t)(n - i);
			break;
		}
	}
	*len = (size_t)(end - pos);
	*out = xmalloc(*len + 1);
	if (*len && pread(fd, *out, *len, pos) != (ssize_t)*len) {
		free(*out);
		*out = NULL;
		return -1;
	}
	(*out)[*len] = 0;
	return 0;
}

/* Whether the file open on fd is no longer the one at path. */
static int
replaced(int fd, const char *path)
{
	struct stat a, b;

	if (fstat(fd, &a) == -1 || stat(path, &b) == -1)
		return 0;
	return a.st_ino != b.st_ino || a.st_dev != b.st_dev;
}

/* Append line (without "prev") to the journal file under its lock,
 * chained to the line before it.  0 or -1 (said). */
static int
append_file(const char *line)
{
	char *path = tw_journal_path(), *prev = NULL, *full = NULL;
	size_t plen, n;
	int fd, rv = -1;

again:
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		tw_warn("journal %s: %s", path, strerror(errno));
		goto out;
	}
	/* the lock keeps a line whole even past PIPE_BUF, lets a reader
	 * (tw-metrics, a backup) take a consistent snapshot, and makes the
	 * last line read here the one this line follows: one chain */
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			tw_warn("journal %s: lock: %s", path, strerror(errno));
			goto out;
		}
	/* a rewrite (tw_journal_rewrite) renamed a new file over the one
	 * opened while it held the lock: append to the new one */
	if (replaced(fd, path)) {
		close(fd);
		goto again;
	}
	if (last_line(fd, &prev, &plen) == -1) {
		tw_warn("journal %s: %s", path, strerror(errno));
		goto out;
	}
	full = tw_journal_chain(line, prev, plen);
	n = strlen(full);
	full = xrealloc(full, n + 2);
	full[n++] = '\n';
	full[n] = 0;
	if (tw_write_all(fd, full, n) == -1 || fsync(fd) == -1) {
		tw_warn("journal %s: %s", path, strerror(errno));
		goto out;
	}
	rv = 0;
out:
	if (fd != -1)
		close(fd);
	free(path);
	free(prev);
	free(full);
	return rv;
}

int
tw_journal_append(const cJSON *event)
{
	cJSON *e;
	char ts[32], *line;
	int rv;

	if (!cJSON_IsObject(event)) {
		tw_warn("journal: an event must be a JSON object");
		return -1;
	}
	e = cJSON_Duplicate(event, 1);
	if (!e)
		tw_die(TW_EXIT_API, "out of memory");
	if (!cJSON_GetObjectItemCaseSensitive(e, "time"))
		cJSON_AddStringToObject(e, "time",
		    tw_time_format(time(NULL), ts, sizeof ts));
	/* the chain's link is the journal's to make, never the caller's */
	cJSON_DeleteItemFromObjectCaseSensitive(e, "prev");
	line = tw_json_line(e);
	if (ops)
		rv = ops->append(line, tw_json_str(e, "key"),
		    tw_json_str(e, "in_reply_to"));
	else
		rv = append_file(line);
	cJSON_Delete(e);
	free(line);
	return rv;
}

int
tw_journal_scan(const char *key, const char *in_reply_to,
    int (*fn)(const char *line, void *ctx), void *ctx)
{
	char *path, pat[96];
	tw_reader r;
	char *line;
	FILE *fp;

	if (ops)
		return ops->scan(key, in_reply_to, fn, ctx);
	path = tw_journal_path();
	fp = fopen(path, "r");
	free(path);
	if (!fp)
		return 0;
	/* the lines that can be the ones asked for: a quick test first */
	if (key)
		snprintf(pat, sizeof pat, "\"key\":\"%s\"", key);
	else
		snprintf(pat, sizeof pat, "%s", in_reply_to ? in_reply_to : "");
	tw_reader_from(&r, fp, "journal");
	while ((line = tw_reader_line(&r)))
		if (strstr(line, pat) && fn(line, ctx))
			break;
	tw_reader_close(&r);
	fclose(fp);
	return 0;
}

/* The whole file open on fd, in b.  0 or -1 (errno). */
static int
slurp(int fd, tw_buf *b)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		tw_buf_add(b, buf, (size_t)n);
	}
	return 0;
}

/* Each line of in through fn into out: the lines replaced. */
static long
rewrite_lines(const tw_buf *in, tw_buf *out,
    char *(*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
	const char *p = in->s, *e, *end = in->s + in->len;
	long n = 0;
	char *r;

	for (; p && p < end; p = e + 1) {
		if (!(e = memchr(p, '\n', (size_t)(end - p))))
			e = end;
		if ((r = fn(p, (size_t)(e - p), ctx))) {
			tw_buf_adds(out, r);
			free(r);
			n++;
		} else
			tw_buf_add(out, p, (size_t)(e - p));
		tw_buf_addc(out, '\n');
	}
	return n;
}

long
tw_journal_rewrite(char *(*fn)(const char *line, size_t len, void *ctx),
    void *ctx)
{
	char *path, *slash;
	tw_buf in = { 0 }, out = { 0 };
	long n = -1;
	int fd;

	if (ops)
		return ops->rewrite(fn, ctx);
	path = tw_journal_path();
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) == -1) {
		n = errno == ENOENT ? 0 : -1;
		if (n)
			tw_warn("journal %s: %s", path, strerror(errno));
		free(path);
		return n;
	}
	while (flock(fd, LOCK_EX) == -1 && errno == EINTR)
		;
	if (slurp(fd, &in) == -1) {
		tw_warn("journal %s: %s", path, strerror(errno));
		goto out;
	}
	n = rewrite_lines(&in, &out, fn, ctx);
	slash = strrchr(path, '/');
	*slash = 0;
	if (n > 0 && tw_replace_file(path, slash + 1, out.s, out.len) < 0)
		n = -1;
out:
	close(fd);      /* the lock goes with it, after the rename */
	tw_buf_free(&in);
	tw_buf_free(&out);
	free(path);
	return n;
}

/* For tw_journal_walk on a team's store: each line with its length. */
struct walk {
	int (*fn)(const char *line, size_t len, void *ctx);
	void *ctx;
};

static int
walk_line(const char *line, void *ctx)
{
	struct walk *w = ctx;

	return w->fn(line, strlen(line), w->ctx);
}

int
tw_journal_walk(int (*fn)(const char *line, size_t len, void *ctx),
    void *ctx)
{
	struct walk w = { fn, ctx };
	char *path, *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	int rv = 0;

	if (ops)
		return ops->scan(NULL, NULL, walk_line, &w);
	path = tw_journal_path();
	if (!(fp = fopen(path, "r"))) {
		rv = errno == ENOENT ? 0 : -1;
		if (rv)
			tw_warn("journal %s: %s", path, strerror(errno));
		free(path);
		return rv;
	}
	/* a shared lock: no append is half written while this reads */
	while (flock(fileno(fp), LOCK_SH) == -1 && errno == EINTR)
		;
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = 0;
		if (fn(line, (size_t)n, ctx))
			break;
	}
	if (ferror(fp)) {
		tw_warn("journal %s: %s", path, strerror(errno));
		rv = -1;
	}
	fclose(fp);
	free(line);
	free(path);
	return rv;
}

/* Locks on a team's store: the names of those held, by handle (the
 * handle less TEAM_LOCK), so that tw_unlock can tell them from fds. */
#define TEAM_LOCK (1 << 24)
static char *team_locks[16];

static int
team_lock(const char *name, int wait)
{
	int i, r;

	for (i = 0; i < 16 && team_locks[i]; i++)
		;
	if (i == 16) {
		tw_warn("lock %s: too many locks held", name);
		return -1;
	}
	if ((r = ops->lock(name, wait)) < 0)
		return -1;
	if (!r) {
		char *who = ops->holder(name), *pid, *host;

		/* "tw-fetch[123]@cron1": pid 123 on cron1 (tw-fetch) */
		if (who && (pid = strchr(who, '[')) && (host = strstr(pid,
		    "]@"))) {
			*pid++ = 0;
			*host = 0;
			tw_warn("%s is locked by pid %s on %s (%s), on %s", name,
			    pid, host + 2, who, ops->where);
		} else
			tw_warn("%s is locked by another tw on %s", name,
			    ops->where);
		free(who);
		return -1;
	}
	team_locks[i] = xstrdup(name);
	return TEAM_LOCK + i;
}

void
tw_unlock(int lock)
{
	if (lock >= TEAM_LOCK && lock < TEAM_LOCK + 16) {
		if (ops && team_locks[lock - TEAM_LOCK])
			ops->unlock(team_locks[lock - TEAM_LOCK]);
		free(team_locks[lock - TEAM_LOCK]);
		team_locks[lock - TEAM_LOCK] = NULL;
	} else if (lock >= 0)
		close(lock);
}

int
tw_lock(const char *name, int wait)
{
	char *dir, *path, buf[32], pidbuf[32];
	ssize_t r;
	int fd;

	if (!good_name("lock", name))
		return -1;
	if (ops)
		return team_lock(name, wait);
	if (!(dir = subdir("locks")))
		return -1;
	path = xasprintf("%s/%s", dir, name);
	free(dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		tw_warn("lock %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) == -1) {
		if (errno == EINTR)
			continue;
		if (errno == EWOULDBLOCK) {
			r = pread(fd, buf, sizeof buf - 1, 0);
			buf[r > 0 ? r : 0] = 0;
			buf[strcspn(buf, "\n")] = 0;
			if (*buf)
				tw_warn("%s is locked by pid %s (%s)", name,
				    buf, path);
			else
				tw_warn("%s is locked by another process (%s)",
				    name, path);
		} else
			tw_warn("lock %s: %s", path, strerror(errno));
		close(fd);
		free(path);
		return -1;
	}
	snprintf(pidbuf, sizeof pidbuf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 ||
	    pwrite(fd, pidbuf, strlen(pidbuf), 0) == -1) {
		/* the lock holds all the same; only the hint is lost */
	}
	free(path);
	return fd;
}
