/* kb.c - the knowledge base's files (tw-kb(5)): parsing, loading */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbint.h"
#include "util.h"

#define KB_FILE_MAX (1024 * 1024)

struct tw_kb *
tw_kb_new(void)
{
	struct tw_kb *kb = xcalloc(1, sizeof *kb);

	kb->p.k1 = 1.2;
	kb->p.b = 0.75;
	kb->p.w_title = 2;
	kb->p.w_keywords = 2;
	kb->p.w_body = 1;
	kb->p.queue = 1.3;
	kb->p.intent = 1.15;
	kb->p.lang = 1.5;
	return kb;
}

struct tw_kb_params *
tw_kb_params(struct tw_kb *kb)
{
	return &kb->p;
}

static void
list_free(char **l)
{
	size_t i;

	for (i = 0; l && l[i]; i++)
		free(l[i]);
	free(l);
}

static void
answer_free(struct tw_kb_answer *a)
{
	if (!a)
		return;
	free(a->id);
	free(a->title);
	free(a->body);
	free(a->file);
	list_free(a->queues);
	list_free(a->intents);
	list_free(a->langs);
	list_free(a->keywords);
	free(a);
}

void
tw_kb_free(struct tw_kb *kb)
{
	size_t i;

	if (!kb)
		return;
	tw_kb_index_free(kb);
	for (i = 0; i < kb->n; i++)
		answer_free(kb->a[i]);
	free(kb->a);
	free(kb);
}

size_t
tw_kb_size(const struct tw_kb *kb)
{
	return kb->n;
}

const struct tw_kb_answer *
tw_kb_at(const struct tw_kb *kb, size_t i)
{
	return i < kb->n ? kb->a[i] : NULL;
}

const struct tw_kb_answer *
tw_kb_get(const struct tw_kb *kb, const char *id)
{
	size_t i;

	for (i = 0; id && i < kb->n; i++)
		if (!strcmp(kb->a[i]->id, id))
			return kb->a[i];
	return NULL;
}

/* s[0..n) without the white space at its ends, as a new string. */
static char *
trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}

/* "a, b ,c" as a NULL-ended list of its non-empty items. */
static char **
split_list(const char *v)
{
	char **l = xcalloc(1, sizeof *l);
	size_t n = 0, k;

	while (*v) {
		k = strcspn(v, ",");
		l[n] = trimmed(v, k);
		if (*l[n]) {
			l = xrealloc(l, (n + 2) * sizeof *l);
			l[++n] = NULL;
		} else
			free(l[n]);
		l[n] = NULL;
		v += k + (v[k] == ',');
	}
	return l;
}

/* An id or a language: [A-Za-z0-9._-], 1 to 64 bytes. */
static int
good_word(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

	return n > 0 && n <= 64 && !s[n];
}

/* One "key: value" of the header into a: NULL, or why it is bad. */
static const char *
header_line(struct tw_kb_answer *a, const char *key, const char *val)
{
	char ***l = NULL;
	size_t i;

	if (!strcmp(key, "id")) {
		if (a->id)
			return "id given twice";
		if (!good_word(val))
			return "bad id (letters, digits, '.', '_', '-')";
		a->id = xstrdup(val);
		return NULL;
	}
	if (!strcmp(key, "title")) {
		if (a->title)
			return "title given twice";
		if (!*val)
			return "empty title";
		a->title = xstrdup(val);
		return NULL;
	}
	if (!strcmp(key, "queues"))
		l = &a->queues;
	else if (!strcmp(key, "intents"))
		l = &a->intents;
	else if (!strcmp(key, "languages"))
		l = &a->langs;
	else if (!strcmp(key, "keywords"))
		l = &a->keywords;
	else
		return "unknown key (id, title, queues, intents, languages, "
		    "keywords)";
	if (*l)
		return "key given twice";
	*l = split_list(val);
	for (i = 0; l == &a->langs && (*l)[i]; i++)
		if (!good_word((*l)[i]))
			return "bad language (a code such as en, es, pt-BR)";
	return NULL;
}

/* The next line of data[*off..n) in line (CR removed); 0 at the end. */
static int
next_line(const char *data, size_t n, size_t *off, char *line, size_t max,
    int *toolong)
{
	size_t k = 0, i = *off;

	if (i >= n)
		return 0;
	*toolong = 0;
	while (i < n && data[i] != '\n') {
		if (k + 1 < max)
			line[k++] = data[i];
		else
			*toolong = 1;
		i++;
	}
	*off = i + (i < n);
	if (k && line[k - 1] == '\r')
		k--;
	line[k] = '\0';
	return 1;
}

struct parse {
	const char *file;
	unsigned long line;
	const char *why;
};

/* The header of data into a; *off is left at the body.  0, or -1 with
 * p->why and p->line. */
static int
parse_header(struct tw_kb_answer *a, const char *data, size_t n,
    size_t *off, struct parse *p)
{
	char line[4096], *key, *val;
	int toolong;

	p->line = 1;
	if (!next_line(data, n, off, line, sizeof line, &toolong) ||
	    strcmp(line, "---")) {
		p->why = "no header: the first line must be '---'";
		return -1;
	}
	while (next_line(data, n, off, line, sizeof line, &toolong)) {
		p->line++;
		if (!strcmp(line, "---"))
			return 0;
		if (toolong) {
			p->why = "header line too long";
			return -1;
		}
		if (!*line || *line == '#')
			continue;
		if (!(val = strchr(line, ':'))) {
			p->why = "not 'key: value'";
			return -1;
		}
		*val++ = '\0';
		key = trimmed(line, strlen(line));
		val = trimmed(val, strlen(val));
		p->why = header_line(a, key, val);
		free(key);
		free(val);
		if (p->why)
			return -1;
	}
	p->line++;
	p->why = "header not closed by '---'";
	return -1;
}

/* The line of data where byte off is. */
static unsigned long
line_of(const char *data, size_t off)
{
	unsigned long line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		line += data[i] == '\n';
	return line;
}

/* The body (from off) into a, checked: the blank lines at its start
 * skipped (counted, for its first line), white space at its end cut. */
static int
parse_body(struct tw_kb_answer *a, const char *data, size_t n, size_t off,
    struct parse *p)
{
	const char *s = data + off, *e = data + n, *q;
	const char *why;
	size_t bad;

	a->body_line = p->line + 1;
	for (;;) {
		for (q = s; q < e && (*q == ' ' || *q == '\t' || *q == '\r'); q++)
			;
		if (q == e || *q != '\n')
			break;
		s = q + 1;
		a->body_line++;
	}
	while (e > s && strchr(" \t\r\n", e[-1]))
		e--;
	a->body = xstrndup(s, (size_t)(e - s));
	if (!*a->body) {
		p->line++;
		p->why = "empty body: the answer's text follows the header";
		return -1;
	}
	if (tw_macro_check(a->body, &bad, &why) < 0) {
		p->line = a->body_line + line_of(a->body, bad) - 1;
		p->why = why;
		return -1;
	}
	return 0;
}

/* Where data's bytes are not text: NULL, or why with p->line. */
static const char *
not_text(const char *data, size_t n, struct parse *p)
{
	size_t bad;

	if (n > KB_FILE_MAX) {
		p->line = 1;
		return "file too big (1 MiB at most)";
	}
	if ((bad = strnlen(data, n)) < n) {
		p->line = line_of(data, bad);
		return "NUL byte";
	}
	if ((bad = tw_utf8_check(data, n)) < n) {
		p->line = line_of(data, bad);
		return "invalid UTF-8";
	}
	return NULL;
}

/* data (text, checked) as an answer, or NULL with p set. */
static struct tw_kb_answer *
parse(const struct tw_kb *kb, const char *data, size_t n, struct parse *p)
{
	struct tw_kb_answer *a = xcalloc(1, sizeof *a);
	size_t off = 0;

	if (parse_header(a, data, n, &off, p) < 0 ||
	    parse_body(a, data, n, off, p) < 0)
		goto bad;
	p->line = 1;
	if (!a->id)
		p->why = "no id";
	else if (!a->title)
		p->why = "no title";
	else if (tw_kb_get(kb, a->id))
		p->why = "id already used by another file";
	else
		return a;
bad:
	answer_free(a);
	return NULL;
}

int
tw_kb_add(struct tw_kb *kb, const char *file, const char *data, size_t n)
{
	struct parse p = { file, 0, NULL };
	struct tw_kb_answer *a;
	struct tw_loc loc;
	char *s;

	if ((p.why = not_text(data, n, &p)))
		a = NULL;
	else {
		s = xstrndup(data, n);
		a = parse(kb, s, n, &p);
		free(s);
	}
	if (!a) {
		loc.file = file;
		loc.line = p.line;
		tw_warn_at(&loc, "%s; answer skipped", p.why);
		return -1;
	}
	a->file = xstrdup(file);
	if (kb->n == kb->cap) {
		kb->cap = kb->cap ? 2 * kb->cap : 32;
		kb->a = xrealloc(kb->a, kb->cap * sizeof *kb->a);
	}
	kb->a[kb->n++] = a;
	kb->built = 0;
	return 0;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The names of dir's *.md files, sorted; NULL after a warning. */
static char **
md_files(const char *dir, size_t *n)
{
	DIR *d;
	struct dirent *e;
	char **l = NULL;
	size_t len;

	*n = 0;
	if (!(d = opendir(dir))) {
		tw_warn("%s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 4 ||
		    strcmp(e->d_name + len - 3, ".md"))
			continue;
		l = xrealloc(l, (*n + 2) * sizeof *l);
		l[(*n)++] = xstrdup(e->d_name);
		l[*n] = NULL;
	}
	closedir(d);
	if (!l)
		l = xcalloc(1, sizeof *l);
	qsort(l, *n, sizeof *l, cmp_str);
	return l;
}

/* The file at path, at most KB_FILE_MAX + 1 bytes of it (so a bigger
 * one is found too big), in *n; NULL with errno set. */
static char *
read_capped(const char *path, size_t *n)
{
	FILE *fp;
	char *data;
	int e;

	if (!(fp = fopen(path, "rb")))
		return NULL;
	data = xmalloc(KB_FILE_MAX + 2);
	*n = fread(data, 1, KB_FILE_MAX + 1, fp);
	if (ferror(fp)) {
		e = errno;
		fclose(fp);
		free(data);
		errno = e ? e : EIO;
		return NULL;
	}
	fclose(fp);
	data[*n] = '\0';
	return data;
}

int
tw_kb_load_dir(struct tw_kb *kb, const char *dir)
{
	char **names, *path, *data;
	size_t i, n, len;
	int bad = 0;

	if (!(names = md_files(dir, &n)))
		return -1;
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if (!(data = read_capped(path, &len))) {
			tw_warn("%s: %s; answer skipped", path, strerror(errno));
			bad++;
		} else if (tw_kb_add(kb, path, data, len) < 0)
			bad++;
		free(data);
		free(path);
		free(names[i]);
	}
	free(names);
	return bad;
}

struct tw_kb *
tw_kb_open(const char *dir, int *bad)
{
	struct tw_kb *kb = tw_kb_new();

	if ((*bad = tw_kb_load_dir(kb, dir)) < 0) {
		tw_kb_free(kb);
		return NULL;
	}
	return kb;
}

const char *
tw_kb_dir(const struct tw_account *a, const char *dir)
{
	const char *v;

	if (dir)
		return dir;
	v = a ? tw_account_get(a, "kb") : NULL;
	return v && *v ? v : NULL;
}
