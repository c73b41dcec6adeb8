/* state.c - TW_HOME: checkpoints (atomic replace), the journal
 * (append-only NDJSON), and locks (flock). */
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

#include "state.h"
#include "timefmt.h"

static char *home;

/* mkdir -p, each new directory 0700 */
static int
mkdirs(const char *path)
{
	char *p = xstrdup(path), *s;
	int rv = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != 0)
			continue;
		if (s[-1] != '/') {
			char c = *s;

			*s = 0;
			if (mkdir(p, 0700) == -1 && errno != EEXIST) {
				rv = -1;
				break;
			}
			*s = c;
		}
		if (!*s)
			break;
	}
	free(p);
	return rv;
}

const char *
tw_home(void)
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
	if (mkdirs(home) == -1)
		tw_die(TW_EXIT_CONFIG, "cannot create the state directory %s: "
		    "%s", home, strerror(errno));
	return home;
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

	if (mkdirs(d) == -1) {
		tw_warn("cannot create %s: %s", d, strerror(errno));
		free(d);
		return NULL;
	}
	return d;
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rv;

	if (fd == -1)
		return -1;
	rv = fsync(fd);
	close(fd);
	return rv;
}

/* The "key = value" lines of a checkpoint file, or an empty list. */
static void
read_kv(const char *path, tw_kvs *kv)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *eq, *e, *k, *v;
	size_t cap = 0;

	if (!fp)
		return;
	while (getline(&line, &cap, fp) != -1) {
		line[strcspn(line, "\n")] = 0;
		if (!(eq = strstr(line, " = ")))
			continue;
		*eq = 0;
		k = line;
		v = eq + 3;
		for (e = v + strlen(v); e > v && e[-1] == '\r'; )
			*--e = 0;
		tw_kvs_set(kv, k, v);
	}
	free(line);
	fclose(fp);
}

char *
tw_checkpoint_get(const char *name, const char *key)
{
	tw_kvs kv = { 0 };
	const char *v;
	char *path, *r = NULL;

	if (!good_name("checkpoint", name))
		return NULL;
	path = xasprintf("%s/checkpoints/%s", tw_home(), name);
	read_kv(path, &kv);
	if ((v = tw_kvs_get(&kv, key)))
		r = xstrdup(v);
	tw_kvs_free(&kv);
	free(path);
	return r;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= w;
	}
	return 0;
}

/* Replace DIR/NAME with data, atomically: a temporary file, fsync,
 * rename, fsync of the directory.  0, or -1 after a warning. */
static int
replace_file(const char *dir, const char *name, const char *data, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.%ld.tmp", dir, name, (long)getpid());
	int fd, rv = -1;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write_all(fd, data, n) == -1 || fsync(fd) == -1) {
		tw_warn("%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		tw_warn("%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		tw_warn("rename to %s: %s", path, strerror(errno));
		goto out;
	}
	if (fsync_dir(dir) == -1) {
		tw_warn("fsync %s: %s", dir, strerror(errno));
		goto out;
	}
	rv = 0;
out:
	if (fd != -1)
		close(fd);
	if (rv == -1)
		unlink(tmp);
	free(path);
	free(tmp);
	return rv;
}

int
tw_checkpoint_put(const char *name, const char *key, const char *value)
{
	tw_kvs kv = { 0 };
	tw_buf b = { 0 };
	char *dir, *path;
	size_t i;
	int rv;

	if (!good_name("checkpoint", name))
		return -1;
	if (!key || !*key || strpbrk(key, "\n\r") || strstr(key, " = ") ||
	    !value || strpbrk(value, "\n\r")) {
		tw_warn("checkpoint %s: bad key or value", name);
		return -1;
	}
	if (!(dir = subdir("checkpoints")))
		return -1;
	path = xasprintf("%s/%s", dir, name);
	read_kv(path, &kv);
	tw_kvs_set(&kv, key, value);
	for (i = 0; i < kv.n; i++)
		tw_buf_printf(&b, "%s = %s\n", kv.v[i].key, kv.v[i].val);
	rv = replace_file(dir, name, b.s, b.len);
	tw_kvs_free(&kv);
	tw_buf_free(&b);
	free(dir);
	free(path);
	return rv;
}

int
tw_state_write(const char *sub, const char *name, const char *data)
{
	char *dir;
	int rv;

	if (!good_name(sub, name) || !(dir = subdir(sub)))
		return -1;
	rv = replace_file(dir, name, data, strlen(data));
	free(dir);
	return rv;
}

char *
tw_state_read(const char *sub, const char *name)
{
	char *path, *s = NULL;
	tw_buf b = { 0 };
	char chunk[4096];
	size_t n;
	FILE *fp;

	if (!name || !*name || *name == '.' || strchr(name, '/'))
		return NULL;
	path = xasprintf("%s/%s/%s", tw_home(), sub, name);
	if ((fp = fopen(path, "r"))) {
		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			tw_buf_add(&b, chunk, n);
		fclose(fp);
		s = tw_buf_steal(&b);
	}
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
	char *dir = xasprintf("%s/%s", tw_home(), sub);
	char **v = NULL;
	struct dirent *e;
	DIR *d;

	*n = 0;
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

int
tw_journal_append(const cJSON *event)
{
	cJSON *e;
	char ts[32], *line, *path;
	size_t n;
	int fd, rv = -1;

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
	line = tw_json_line(e);
	cJSON_Delete(e);
	n = strlen(line);
	line = xrealloc(line, n + 2);
	line[n++] = '\n';
	line[n] = 0;
	path = tw_journal_path();
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		tw_warn("journal %s: %s", path, strerror(errno));
		goto out;
	}
	/* the lock keeps a line whole even past PIPE_BUF, and lets a reader
	 * (tw-metrics, a backup) take a consistent snapshot */
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			tw_warn("journal %s: lock: %s", path, strerror(errno));
			goto out;
		}
	if (write_all(fd, line, n) == -1 || fsync(fd) == -1) {
		tw_warn("journal %s: %s", path, strerror(errno));
		goto out;
	}
	rv = 0;
out:
	if (fd != -1)
		close(fd);
	free(path);
	free(line);
	return rv;
}

int
tw_lock(const char *name, int wait)
{
	char *dir, *path, buf[32], pidbuf[32];
	ssize_t r;
	int fd;

	if (!good_name("lock", name) || !(dir = subdir("locks")))
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
