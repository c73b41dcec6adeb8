/* util.c - diagnostics, allocation, buffers, key/value lists, JSON helpers */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

const char *tw_progname = "tw";

static void *
cjson_malloc(size_t n)
{
	return xmalloc(n);
}

void
tw_init(const char *argv0)
{
	const char *p;
	cJSON_Hooks hooks = { cjson_malloc, free };

	if (argv0 && *argv0) {
		p = strrchr(argv0, '/');
		tw_progname = p ? p + 1 : argv0;
	}
	/* tw works on UTF-8 bytes; keep number formatting locale-free. */
	setlocale(LC_ALL, "C");
	/* Into a pipe or a file, whole buffers: one write(2) per 64 KiB,
	 * not per record.  The line reader flushes whenever its input
	 * would block, tw_http before every request and the stream after
	 * every chunk, so a pipeline still sees each record at once.  A
	 * terminal stays line-buffered. */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	else
		setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_DFL);
	cJSON_InitHooks(&hooks);
}

void
tw_out_check(void)
{
	/* A reader that went away ends us as SIGPIPE would, even while
	 * libcurl has the signal ignored for a transfer. */
	if (ferror(stdout) && errno == EPIPE) {
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
}

int
tw_finish(int rv)
{
	if (errno == EPIPE)
		tw_out_check();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		tw_warn("write error on standard output: %s", strerror(errno));
		return rv ? rv : TW_EXIT_WRITE;
	}
	if (fclose(stdout) != 0) {
		tw_warn("write error on standard output: %s", strerror(errno));
		return rv ? rv : TW_EXIT_WRITE;
	}
	return rv;
}

void
tw_out_ok(void)
{
	if (!ferror(stdout))
		return;
	tw_out_check();
	tw_die(TW_EXIT_WRITE, "write error on standard output: %s",
	    strerror(errno ? errno : EIO));
}

static void
vwarn(const char *fmt, va_list ap)
{
	/* One write per message so concurrent programs in a pipeline do not
	 * interleave their diagnostics. */
	char msg[2048];
	int n;

	n = snprintf(msg, sizeof msg, "%s: ", tw_progname);
	if (n < 0 || (size_t)n >= sizeof msg)
		n = 0;
	vsnprintf(msg + n, sizeof msg - n - 1, fmt, ap);
	n = strlen(msg);
	msg[n++] = '\n';
	fflush(stdout);
	if (write(STDERR_FILENO, msg, n) < 0) {
		/* nowhere left to report it */
	}
}

void
tw_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
tw_warn_at(const struct tw_loc *loc, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (loc)
		tw_warn("%s:%lu: %s", loc->file, loc->line, msg);
	else            /* no input line: the command line's */
		tw_warn("%s", msg);
}

void
tw_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fflush(stdout);
	tw_exit(code);
}

static TW_NORETURN void (*die_catcher)(int);

void
tw_die_catch(TW_NORETURN void (*fn)(int code))
{
	die_catcher = fn;
}

int
tw_die_caught(void)
{
	return die_catcher != NULL;
}

void
tw_exit(int code)
{
	if (die_catcher)
		die_catcher(code);
	exit(code);
}

int
tw_split_words(char *line, char **words, int max, const char **err)
{
	char *r = line, *w = line, q;
	int n = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r)
			return n;
		if (n == max) {
			*err = "too many words";
			return -1;
		}
		words[n++] = w;
		for (q = 0; *r && (q || (*r != ' ' && *r != '\t' &&
		    *r != '\n' && *r != '\r')); r++) {
			if (!q && (*r == '\'' || *r == '"'))
				q = *r;
			else if (q && *r == q)
				q = 0;
			else if (*r == '\\' && r[1] && (!q || (q == '"' &&
			    (r[1] == '"' || r[1] == '\\'))))
				*w++ = *++r;
			else
				*w++ = *r;
		}
		if (q) {
			*err = "unterminated quote";
			return -1;
		}
		if (*r)
			r++;
		*w++ = '\0';
	}
}

const char *
tw_s(long n)
{
	return n == 1 ? "" : "s";
}

int
tw_isatty_err(void)
{
	return isatty(STDERR_FILENO);
}

static TW_NORETURN void
oom(size_t n)
{
	tw_die(TW_EXIT_API, "out of memory (%zu bytes)", n);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (!p)
		oom(n * m);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	tw_buf b = { 0 };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(0);
	b.s = xmalloc(n + 1);
	va_start(ap, fmt);
	vsnprintf(b.s, n + 1, fmt, ap);
	va_end(ap);
	return b.s;
}

/* buffers */

static void
buf_grow(tw_buf *b, size_t need)
{
	size_t cap;

	if (b->len + need + 1 <= b->cap)
		return;
	if (need > SIZE_MAX / 2 - b->len)
		oom(need);
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + need + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void
tw_buf_add(tw_buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = 0;
}

void
tw_buf_adds(tw_buf *b, const char *s)
{
	tw_buf_add(b, s, strlen(s));
}

void
tw_buf_addc(tw_buf *b, int c)
{
	char ch = (char)c;

	tw_buf_add(b, &ch, 1);
}

void
tw_buf_printf(tw_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

void
tw_buf_reset(tw_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = 0;
}

void
tw_buf_free(tw_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *
tw_buf_steal(tw_buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

char *
tw_read_file(const char *path)
{
	tw_buf b = { 0 };
	char chunk[4096];
	size_t n;
	FILE *fp = fopen(path, "r");

	if (!fp)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		tw_buf_add(&b, chunk, n);
	fclose(fp);
	return tw_buf_steal(&b);
}

/* files */

/* mkdir -p, each new directory 0700 */
int
tw_mkdirs(const char *path)
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

int
tw_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rv;

	if (fd == -1)
		return -1;
	rv = fsync(fd);
	close(fd);
	return rv;
}

int
tw_write_all(int fd, const char *p, size_t n)
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
int
tw_replace_file(const char *dir, const char *name, const char *data,
    size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.%ld.tmp", dir, name, (long)getpid());
	int fd, rv = -1;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || tw_write_all(fd, data, n) == -1 || fsync(fd) == -1) {
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
	if (tw_fsync_dir(dir) == -1) {
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

/* key/value lists */

void
tw_kvs_add(tw_kvs *l, const char *key, const char *val)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n].key = xstrdup(key);
	l->v[l->n].val = xstrdup(val ? val : "");
	l->n++;
}

void
tw_kvs_set(tw_kvs *l, const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0) {
			free(l->v[i].val);
			l->v[i].val = xstrdup(val ? val : "");
			return;
		}
	tw_kvs_add(l, key, val);
}

const char *
tw_kvs_get(const tw_kvs *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

void
tw_kvs_free(tw_kvs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* JSON helpers */

const char *
tw_json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

long
tw_json_long(const cJSON *v, long def)
{
	/* a double out of a long's range is undefined to convert */
	if (!cJSON_IsNumber(v) || v->valuedouble != v->valuedouble)
		return def;
	if (v->valuedouble >= 9.2e18)
		return LONG_MAX;
	if (v->valuedouble <= -9.2e18)
		return LONG_MIN;
	return (long)v->valuedouble;
}

const cJSON *
tw_json_path(const cJSON *o, const char *path)
{
	char key[128];
	const char *dot;
	size_t n;

	while (o && *path) {
		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = 0;
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		path += n + (dot != NULL);
	}
	return o;
}

char *
tw_json_line(const cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);

	if (!s)
		oom(0);
	return s;
}

void
tw_arg_utf8(const char *what, const char *s)
{
	size_t n, bad;

	if (!s)
		return;
	n = strlen(s);
	if ((bad = tw_utf8_check(s, n)) < n)
		tw_die(TW_EXIT_USAGE, "%s: invalid UTF-8 at byte %zu (0x%02x); "
		    "nothing done", what, bad + 1, (unsigned char)s[bad]);
}

/* The offset of the first byte of s[0..n) that does not begin valid
 * UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or n when all of it is valid.  ASCII goes 8 bytes a step. */
size_t
tw_utf8_check(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, j;
	uint64_t w;
	unsigned c;

	while (i < n) {
		while (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if ((c = s[i]) < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return i;
		if (n - i <= k)
			return i;
		/* the second byte's range depends on the first */
		if ((c == 0xe0 && s[i + 1] < 0xa0) ||
		    (c == 0xed && s[i + 1] > 0x9f) ||
		    (c == 0xf0 && s[i + 1] < 0x90) ||
		    (c == 0xf4 && s[i + 1] > 0x8f))
			return i;
		for (j = 1; j <= k; j++)
			if ((s[i + j] & 0xc0) != 0x80)
				return i;
		i += k + 1;
	}
	return n;
}

void
tw_csv_field(tw_buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		tw_buf_adds(b, s);
		return;
	}
	tw_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			tw_buf_addc(b, '"');
		tw_buf_addc(b, *s);
	}
	tw_buf_addc(b, '"');
}
