/* config.c - the config file (tw-config(5)): accounts and credentials
 *
 *	# comment
 *	[default]
 *	account = brand
 *
 *	[account brand]
 *	consumer_key = ...
 *
 *	[store]
 *	store = postgresql://...	(the team's, for every account)
 *
 * A bad line is reported with FILE:LINE and skipped.  A file that holds
 * secrets must not be open to group or others (as ssh insists).
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#define DEFAULT_API_BASE "https://api.x.com"

static const char *const secret_keys[] = {
	"consumer_secret", "access_token_secret", "bearer_token",
	"access_token", "client_secret", "oauth2_access_token",
	"oauth2_refresh_token", NULL
};

struct section {
	char *name;               /* account name; NULL for [default] */
	int is_default;           /* 1 [default], 2 [store] */
	int line;
	tw_kvs kv;
};

struct cfg {
	struct section *s;
	size_t n;
	int secrets;
};

static const char *
home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h && *h)
		return h;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

char *
tw_config_path(void)
{
	const char *p = getenv("TW_CONFIG");

	if (p && *p)
		return xstrdup(p);
	p = getenv("XDG_CONFIG_HOME");
	if (p && *p == '/')
		return xasprintf("%s/tw/config", p);
	return xasprintf("%s/.config/tw/config", home_dir());
}

static char *
strip(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = 0;
	return s;
}

/* A value may be written in double quotes (to keep edge spaces). */
static char *
unquote(char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = 0;
		return v + 1;
	}
	return v;
}

static int
is_secret(const char *k)
{
	int i;

	for (i = 0; secret_keys[i]; i++)
		if (strcmp(k, secret_keys[i]) == 0)
			return 1;
	return 0;
}

static struct section *
add_section(struct cfg *c, const char *name, int is_default, int line)
{
	struct section *s;

	c->s = xrealloc(c->s, (c->n + 1) * sizeof *c->s);
	s = &c->s[c->n++];
	memset(s, 0, sizeof *s);
	s->name = name ? xstrdup(name) : NULL;
	s->is_default = is_default;
	s->line = line;
	return s;
}

static void
cfg_free(struct cfg *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->s[i].name);
		tw_kvs_free(&c->s[i].kv);
	}
	free(c->s);
}

static struct section *
find_account(struct cfg *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->s[i].name && strcmp(c->s[i].name, name) == 0)
			return &c->s[i];
	return NULL;
}

/* "[account NAME]" or "[default]"; the line is already stripped */
static struct section *
section_line(struct cfg *c, const char *path, int ln, char *p)
{
	char *name;
	size_t n = strlen(p);

	if (n < 2 || p[n - 1] != ']') {
		tw_warn("%s:%d: expected ']' at the end of a section line",
		    path, ln);
		return NULL;
	}
	p[n - 1] = 0;
	p = strip(p + 1);
	if (strcmp(p, "default") == 0)
		return add_section(c, NULL, 1, ln);
	if (strcmp(p, "store") == 0)
		return add_section(c, NULL, 2, ln);
	if (strncmp(p, "account", 7) != 0 || (p[7] != ' ' && p[7] != '\t')) {
		tw_warn("%s:%d: unknown section [%s]: expected [account NAME], "
		    "[default] or [store]", path, ln, p);
		return NULL;
	}
	name = unquote(strip(p + 8));
	if (!*name || strpbrk(name, " \t\"[]")) {
		tw_warn("%s:%d: bad account name '%s'", path, ln, name);
		return NULL;
	}
	if (find_account(c, name)) {
		tw_warn("%s:%d: account '%s' defined twice; the first one "
		    "is used", path, ln, name);
		return NULL;
	}
	return add_section(c, name, 0, ln);
}

static int
parse(FILE *fp, const char *path, struct cfg *c)
{
	char *line = NULL, *p, *eq, *k, *v;
	size_t cap = 0;
	struct section *cur = NULL;
	int ln = 0, skip = 0;

	while (getline(&line, &cap, fp) != -1) {
		ln++;
		p = strip(line);
		if (!*p || *p == '#' || *p == ';')
			continue;
		if (*p == '[') {
			cur = section_line(c, path, ln, p);
			/* keys of a bad section are skipped, not mixed in */
			skip = cur == NULL;
			continue;
		}
		if (skip)
			continue;
		eq = strchr(p, '=');
		if (!eq) {
			tw_warn("%s:%d: expected 'key = value'", path, ln);
			continue;
		}
		*eq = 0;
		k = strip(p);
		v = unquote(strip(eq + 1));
		if (!*k || strpbrk(k, " \t")) {
			tw_warn("%s:%d: bad key '%s'", path, ln, k);
			continue;
		}
		if (!cur) {
			tw_warn("%s:%d: '%s' outside a section: put it under "
			    "[account NAME]", path, ln, k);
			continue;
		}
		if (cur->is_default == 2 && strcmp(k, "store")) {
			tw_warn("%s:%d: [store] has one key, store; '%s' is "
			    "ignored", path, ln, k);
			continue;
		}
		if (is_secret(k) && *v)
			c->secrets = 1;
		if (tw_kvs_get(&cur->kv, k))
			tw_warn("%s:%d: '%s' given twice; the last one is used",
			    path, ln, k);
		tw_kvs_set(&cur->kv, k, v);
	}
	free(line);
	if (ferror(fp)) {
		tw_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static char *
dupkey(const tw_kvs *kv, const char *k)
{
	const char *v = tw_kvs_get(kv, k);

	return v && *v ? xstrdup(v) : NULL;
}

static void
set_api_base(struct tw_account *a)
{
	const char *e = getenv("TW_API_BASE");
	const char *v = tw_kvs_get(&a->all, "api_base");
	size_t n;

	free(a->api_base);
	if (e && *e)
		a->api_base = xstrdup(e);
	else if (v && *v)
		a->api_base = xstrdup(v);
	else
		a->api_base = xstrdup(DEFAULT_API_BASE);
	n = strlen(a->api_base);
	while (n > 0 && a->api_base[n - 1] == '/')
		a->api_base[--n] = 0;
}

static void
fill(struct tw_account *a, const char *name, const tw_kvs *kv)
{
	size_t i;

	a->name = xstrdup(name);
	for (i = 0; kv && i < kv->n; i++)
		tw_kvs_add(&a->all, kv->v[i].key, kv->v[i].val);
	a->user_id = dupkey(&a->all, "user_id");
	a->username = dupkey(&a->all, "username");
	a->consumer_key = dupkey(&a->all, "consumer_key");
	a->consumer_secret = dupkey(&a->all, "consumer_secret");
	a->access_token = dupkey(&a->all, "access_token");
	a->access_token_secret = dupkey(&a->all, "access_token_secret");
	a->bearer_token = dupkey(&a->all, "bearer_token");
	set_api_base(a);
}

static void
list_accounts(const struct cfg *c, tw_buf *b)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->s[i].name) {
			if (b->len)
				tw_buf_adds(b, ", ");
			tw_buf_adds(b, c->s[i].name);
		}
	if (!b->len)
		tw_buf_adds(b, "none");
}

int
tw_config_load(const char *name, int need_file, struct tw_account *a)
{
	struct cfg c = { 0 };
	struct section *s = NULL;
	struct stat st;
	tw_buf names = { 0 };
	const char *how = "";
	char *path;
	FILE *fp;
	size_t i;
	int rv = TW_EXIT_CONFIG;

	memset(a, 0, sizeof *a);
	path = tw_config_path();
	if (!name || !*name) {
		name = getenv("TW_ACCOUNT");
		how = " (from TW_ACCOUNT)";
		if (name && !*name)
			name = NULL;
	}
	if (!(fp = fopen(path, "r"))) {
		if (errno == ENOENT && !need_file) {
			fill(a, name ? name : "default", NULL);
			free(path);
			return 0;
		}
		tw_warn("cannot read the config file %s: %s%s", path,
		    strerror(errno), errno == ENOENT ?
		    "; see tw-config(5)" : "");
		free(path);
		return TW_EXIT_CONFIG;
	}
	if (fstat(fileno(fp), &st) == -1) {
		tw_warn("%s: %s", path, strerror(errno));
		goto out;
	}
	if (parse(fp, path, &c) == -1)
		goto out;
	if (c.secrets && (st.st_mode & 077)) {
		tw_warn("%s: permissions %04o are too open: it holds secrets; "
		    "run: chmod 600 %s", path, (unsigned)(st.st_mode & 07777),
		    path);
		goto out;
	}
	if (!name) {
		how = " (from [default] account)";
		for (i = 0; i < c.n && !name; i++)
			if (c.s[i].is_default == 1)
				name = tw_kvs_get(&c.s[i].kv, "account");
		if (name && !*name)
			name = NULL;
	}
	if (name) {
		if (!(s = find_account(&c, name))) {
			list_accounts(&c, &names);
			tw_warn("%s: no account '%s'%s; accounts: %s", path,
			    name, how, names.s);
			tw_buf_free(&names);
			goto out;
		}
	} else {
		for (i = 0; i < c.n && !s; i++)
			if (c.s[i].name)
				s = &c.s[i];
		if (!s) {
			tw_warn("%s: no [account NAME] section; see "
			    "tw-config(5)", path);
			goto out;
		}
	}
	/* the team's store, for an account that names none of its own */
	for (i = 0; i < c.n && !tw_kvs_get(&s->kv, "store"); i++)
		if (c.s[i].is_default == 2 && tw_kvs_get(&c.s[i].kv, "store"))
			tw_kvs_set(&s->kv, "store", tw_kvs_get(&c.s[i].kv,
			    "store"));
	fill(a, s->name, &s->kv);
	rv = 0;
out:
	fclose(fp);
	cfg_free(&c);
	free(path);
	return rv;
}

void
tw_account_free(struct tw_account *a)
{
	char **f[] = { &a->name, &a->user_id, &a->username, &a->consumer_key,
	    &a->consumer_secret, &a->access_token, &a->access_token_secret,
	    &a->bearer_token, &a->api_base };
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		if (*f[i])
			explicit_bzero(*f[i], strlen(*f[i]));
		free(*f[i]);
		*f[i] = NULL;
	}
	for (i = 0; i < a->all.n; i++)
		explicit_bzero(a->all.v[i].val, strlen(a->all.v[i].val));
	tw_kvs_free(&a->all);
}

const char *
tw_account_get(const struct tw_account *a, const char *key)
{
	return tw_kvs_get(&a->all, key);
}

/* ---- writing: tw-auth and the OAuth 2.0 refresh ---- */

/* The key of a "key = value" line, in k (empty when the line is none). */
static void
line_key(const char *line, size_t n, char *k, size_t ksz)
{
	const char *p = line, *e = line + n, *eq;
	size_t m;

	*k = 0;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p == e || *p == '#' || *p == ';' || *p == '[' ||
	    !(eq = memchr(p, '=', (size_t)(e - p))))
		return;
	while (eq > p && (eq[-1] == ' ' || eq[-1] == '\t'))
		eq--;
	m = (size_t)(eq - p);
	if (m == 0 || m >= ksz)
		return;
	memcpy(k, p, m);
	k[m] = 0;
}

/* Whether a line is "[account NAME]" for this name. */
static int
is_header_of(const char *line, size_t n, const char *name)
{
	char *l = xmalloc(n + 1), *p, *q;
	size_t m;
	int r = 0;

	memcpy(l, line, n);
	l[n] = 0;
	p = strip(l);
	m = strlen(p);
	if (*p == '[' && m > 1 && p[m - 1] == ']') {
		p[m - 1] = 0;
		p = strip(p + 1);
		if (!strncmp(p, "account", 7) && (p[7] == ' ' || p[7] == '\t')) {
			q = unquote(strip(p + 8));
			r = strcmp(q, name) == 0;
		}
	}
	free(l);
	return r;
}

static int
is_header(const char *line, size_t n)
{
	while (n > 0 && (*line == ' ' || *line == '\t'))
		line++, n--;
	return n > 0 && *line == '[';
}

static void
put_kv(tw_buf *b, const char *k, const char *v)
{
	size_t n = strlen(v);

	if (n && (v[0] == ' ' || v[0] == '\t' || v[0] == '"' ||
	    v[n - 1] == ' ' || v[n - 1] == '\t'))
		tw_buf_printf(b, "%s = \"%s\"\n", k, v);
	else
		tw_buf_printf(b, "%s = %s\n", k, v);
}

struct edit {
	const char *name;
	const tw_kvs *set;
	const char *const *unset;
	int drop;
	char *done;             /* set's keys written */
};

/* Lines of the section: keys replaced or removed in place, the keys not
 * there yet after its last key line. */
static void
edit_section(struct edit *e, const char **lines, const size_t *len,
    size_t from, size_t to, tw_buf *out)
{
	char k[128];
	size_t i, j, last = from;

	for (i = from + 1; i < to; i++) {
		line_key(lines[i], len[i], k, sizeof k);
		if (*k)
			last = i;
	}
	for (i = from; i < to; i++) {
		int skip = 0;

		line_key(lines[i], len[i], k, sizeof k);
		for (j = 0; *k && e->unset && e->unset[j]; j++)
			skip |= strcmp(k, e->unset[j]) == 0;
		for (j = 0; *k && !skip && j < e->set->n; j++)
			if (!strcmp(k, e->set->v[j].key) && !e->done[j]) {
				put_kv(out, k, e->set->v[j].val);
				e->done[j] = skip = 1;
			} else if (!strcmp(k, e->set->v[j].key))
				skip = 1;       /* a duplicate: one line */
		if (!skip)
			tw_buf_add(out, lines[i], len[i]);
		if (i == last)
			for (j = 0; j < e->set->n; j++)
				if (!e->done[j]) {
					put_kv(out, e->set->v[j].key,
					    e->set->v[j].val);
					e->done[j] = 1;
				}
	}
}

/* The new text of the file. */
static char *
edited(struct edit *e, const char *text)
{
	const char **lines = NULL;
	size_t *len = NULL, n = 0, i, from = 0, to = 0;
	const char *p = text, *nl;
	tw_buf out = { 0 };
	int found = 0;

	while (*p) {
		nl = strchr(p, '\n');
		lines = xrealloc(lines, (n + 1) * sizeof *lines);
		len = xrealloc(len, (n + 1) * sizeof *len);
		lines[n] = p;
		len[n++] = nl ? (size_t)(nl + 1 - p) : strlen(p);
		p += len[n - 1];
	}
	for (i = 0; i < n && !found; i++)
		if (is_header_of(lines[i], len[i], e->name)) {
			found = 1;
			from = i;
			for (to = i + 1; to < n && !is_header(lines[to], len[to]);
			    to++)
				;
		}
	tw_buf_adds(&out, "");
	for (i = 0; i < n; i++) {
		if (found && i == from) {
			if (!e->drop)
				edit_section(e, lines, len, from, to, &out);
			i = to - 1;
			continue;
		}
		tw_buf_add(&out, lines[i], len[i]);
		if (i == n - 1 && len[i] && lines[i][len[i] - 1] != '\n')
			tw_buf_addc(&out, '\n');
	}
	if (!found && !e->drop) {
		tw_buf_printf(&out, "%s[account %s]\n", out.len ? "\n" : "",
		    e->name);
		for (i = 0; i < e->set->n; i++)
			put_kv(&out, e->set->v[i].key, e->set->v[i].val);
	}
	free(lines);
	free(len);
	return tw_buf_steal(&out);
}

int
tw_config_update(const char *name, const tw_kvs *set,
    const char *const *unset, int drop)
{
	struct edit e = { name, set, unset, drop, NULL };
	char *path = tw_config_path(), *text, *dir, *slash, *nt;
	tw_kvs none = { 0 };
	size_t i;
	int rv = TW_EXIT_CONFIG;

	if (!e.set)
		e.set = &none;
	for (i = 0; i < e.set->n; i++)
		if (strpbrk(e.set->v[i].val, "\n\r") ||
		    strpbrk(e.set->v[i].key, " \t=\n\r[#;")) {
			tw_warn("%s: cannot write %s: a bad key or value", path,
			    e.set->v[i].key);
			free(path);
			return TW_EXIT_CONFIG;
		}
	if (!(text = tw_read_file(path)) && errno != ENOENT) {
		tw_warn("cannot read the config file %s: %s", path,
		    strerror(errno));
		free(path);
		return TW_EXIT_CONFIG;
	}
	e.done = xcalloc(e.set->n + 1, 1);
	nt = edited(&e, text ? text : "");
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = 0;
	else
		strcpy(dir, slash ? "/" : ".");
	if (tw_mkdirs(dir) == -1)
		tw_warn("cannot create %s: %s", dir, strerror(errno));
	else if (tw_replace_file(dir, slash ? slash + 1 : path, nt,
	    strlen(nt)) == 0)
		rv = 0;
	if (text)
		explicit_bzero(text, strlen(text));
	explicit_bzero(nt, strlen(nt));
	free(text);
	free(nt);
	free(e.done);
	free(dir);
	free(path);
	return rv;
}

int
tw_config_lock(void)
{
	char *path = tw_config_path(), *lk = xasprintf("%s.lock", path);
	int fd = open(lk, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd == -1)
		tw_warn("%s: %s", lk, strerror(errno));
	else if (flock(fd, LOCK_EX) == -1) {
		tw_warn("%s: %s", lk, strerror(errno));
		close(fd);
		fd = -1;
	}
	free(lk);
	free(path);
	return fd;
}

void
tw_config_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

char **
tw_config_accounts(size_t *n)
{
	struct cfg c = { 0 };
	char *path = tw_config_path(), **names = NULL;
	FILE *fp = fopen(path, "r");
	size_t i;

	*n = 0;
	if (fp && parse(fp, path, &c) == 0)
		for (i = 0; i < c.n; i++)
			if (c.s[i].name) {
				names = xrealloc(names, (*n + 1) *
				    sizeof *names);
				names[(*n)++] = xstrdup(c.s[i].name);
			}
	if (fp)
		fclose(fp);
	cfg_free(&c);
	free(path);
	return names;
}
