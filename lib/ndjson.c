/* ndjson.c - reading and writing newline-delimited JSON records
 *
 * One line in memory at a time: a reusable getline buffer in, one parsed
 * tree, and a reusable print buffer out.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "ndjson.h"
#include "record.h"

/* The input policy (tw-record(5)): a line is at most tw_max_line() bytes,
 * valid UTF-8, with no NUL byte.  A line that breaks it is reported with
 * its location and skipped (r->bad counts them): nothing invalid is ever
 * passed on, and one huge line costs no more than the bound. */

#define READ_CHUNK (64 * 1024)
#define MAX_LINE_DEFAULT (16UL * 1024 * 1024)

size_t
tw_max_line(void)
{
	static size_t max;
	const char *s;
	char *end;
	unsigned long long v;

	if (max)
		return max;
	max = MAX_LINE_DEFAULT;
	if ((s = getenv("TW_MAX_LINE")) && *s) {
		errno = 0;
		v = strtoull(s, &end, 10);
		if (*end == 'k' || *end == 'K')
			v <<= 10, end++;
		else if (*end == 'M')
			v <<= 20, end++;
		else if (*end == 'G')
			v <<= 30, end++;
		if (errno || *end || *s == '-' || v < 64 || v > (1ULL << 34))
			tw_warn("TW_MAX_LINE: '%s' is not a size from 64 to 16G; "
			    "using %lu", s, MAX_LINE_DEFAULT);
		else
			max = (size_t)v;
	}
	return max;
}

int
tw_reader_open(tw_reader *r, const char *path)
{
	FILE *fp;

	if (!path || strcmp(path, "-") == 0) {
		tw_reader_from(r, stdin, "<stdin>");
		return 0;
	}
	if (!(fp = fopen(path, "r"))) {
		tw_warn("%s: %s", path, strerror(errno));
		memset(r, 0, sizeof *r);
		return -1;
	}
	tw_reader_from(r, fp, path);
	r->own = 1;
	return 0;
}

/* The reader reads the descriptor itself with read(2), which returns what
 * a pipe has now: a line is handed on as soon as it is complete, and a
 * bulk run still reads 64 KiB a call.  Nothing else may read fp. */
void
tw_reader_from(tw_reader *r, FILE *fp, const char *name)
{
	memset(r, 0, sizeof *r);
	r->fp = fp;
	r->loc.file = name;
	r->max = tw_max_line();
}

static void (*idle_fn)(void *);
static void *idle_ctx;

void
tw_ndjson_idle(void (*fn)(void *), void *ctx)
{
	idle_fn = fn;
	idle_ctx = ctx;
}

/* More input into the buffer after what it holds; 0 at end of input. */
static ssize_t
fill(tw_reader *r)
{
	struct pollfd pfd;
	ssize_t got;

	if (r->start > 0 && (r->start == r->end || r->cap - r->end < READ_CHUNK)) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->scan -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < READ_CHUNK) {
		/* doubling, but never past what the longest line needs */
		r->cap = r->cap ? r->cap * 2 : 2 * READ_CHUNK;
		if (r->cap > r->max + 2 * READ_CHUNK)
			r->cap = r->max + 2 * READ_CHUNK;
		r->buf = xrealloc(r->buf, r->cap);
	}
	/* Input that would block: first let what is written go on down
	 * the pipeline. */
	pfd.fd = fileno(r->fp);
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 0) == 0) {
		if (idle_fn)
			idle_fn(idle_ctx);
		fflush(stdout);
	}
	do
		got = read(fileno(r->fp), r->buf + r->end, r->cap - r->end - 1);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		struct tw_loc at = { r->loc.file, r->loc.line + 1 };

		if (!r->error)
			tw_warn_at(&at, "read error: %s", strerror(errno));
		r->error = 1;
		return 0;
	}
	r->end += (size_t)got;
	return got;
}

/* One more bad line in a row; at TW_BAD_RUN the input is no NDJSON. */
static int
bad_run(tw_reader *r)
{
	if (++r->run < TW_BAD_RUN)
		return 0;
	tw_warn_at(&r->loc, "%u bad lines in a row: not NDJSON; the rest "
	    "of %s skipped", r->run, strcmp(r->loc.file, "<stdin>") ?
	    "the file" : "the input");
	r->stopped = 1;
	return 1;
}

int
tw_reader_bad(tw_reader *r)
{
	r->run = r->before;
	return bad_run(r);
}

/* The line at r->buf[r->start..nl) breaks the input policy: say where.
 * A NUL byte in the first line is a binary file: one line, and the rest
 * is not read. */
static int
policed(tw_reader *r, char *s, size_t n)
{
	const char *z = memchr(s, 0, n);
	size_t bad = tw_utf8_check(s, z ? (size_t)(z - s) : n);

	if (z && r->loc.line == 1) {
		tw_warn_at(&r->loc, "a NUL byte at column %zu: binary data, "
		    "not NDJSON; the rest of %s skipped", (size_t)(z - s) + 1,
		    strcmp(r->loc.file, "<stdin>") ? "the file" : "the input");
		r->stopped = 1;
	} else if (z && bad == (size_t)(z - s))
		tw_warn_at(&r->loc, "NUL byte at column %zu; line skipped",
		    bad + 1);
	else if (bad < n)
		tw_warn_at(&r->loc, "invalid UTF-8 at column %zu (byte 0x%02x); "
		    "line skipped", bad + 1,
		    (unsigned char)s[bad]);
	else
		return 0;
	r->bad++;
	if (!r->stopped)
		bad_run(r);
	return 1;
}

/* Drop the rest of an over-long line, up to and past its newline. */
static void
skip_long(tw_reader *r)
{
	char *nl;

	tw_warn_at(&r->loc, "line longer than %zu bytes (TW_MAX_LINE); "
	    "skipped", r->max);
	r->bad++;
	bad_run(r);
	for (;;) {
		if (r->end > r->start &&
		    (nl = memchr(r->buf + r->start, '\n', r->end - r->start))) {
			r->start = (size_t)(nl - r->buf) + 1;
			r->scan = r->start;
			return;
		}
		r->start = r->scan = r->end;
		if (fill(r) <= 0)
			return;
	}
}

char *
tw_reader_line(tw_reader *r)
{
	char *nl, *s;
	size_t n;

	for (;;) {
		if (r->stopped)
			return NULL;
		nl = r->end > r->scan ?
		    memchr(r->buf + r->scan, '\n', r->end - r->scan) : NULL;
		if (!nl) {
			r->scan = r->end;
			if (r->end - r->start > r->max) {
				r->loc.line++;
				skip_long(r);
				continue;
			}
			if (!r->eof && fill(r) > 0)
				continue;
			r->eof = 1;
			if (r->start == r->end) {
				r->len = 0;
				return NULL;
			}
			nl = r->buf + r->end;   /* a last line without '\n' */
		}
		r->loc.line++;
		s = r->buf + r->start;
		n = (size_t)(nl - s);
		r->start = r->scan = nl < r->buf + r->end ?
		    (size_t)(nl - r->buf) + 1 : r->end;
		if (n > r->max) {
			tw_warn_at(&r->loc, "line longer than %zu bytes "
			    "(TW_MAX_LINE); skipped",
			    r->max);
			r->bad++;
			bad_run(r);
			continue;
		}
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (policed(r, s, n))
			continue;
		s[n] = 0;
		r->line = s;
		r->len = n;
		/* good so far: the caller may still find it bad */
		r->before = r->run;
		r->run = 0;
		return s;
	}
}

void
tw_reader_close(tw_reader *r)
{
	if (r->own && r->fp)
		fclose(r->fp);
	free(r->buf);
	memset(r, 0, sizeof *r);
}

/* What went wrong at p, for the message: the character found there. */
static void
describe(const char *p, const char *end, char *buf, size_t n)
{
	unsigned char c;

	if (p >= end) {
		snprintf(buf, n, "unexpected end of input");
		return;
	}
	c = (unsigned char)*p;
	if (c >= 0x20 && c < 0x7f && c != '\'')
		snprintf(buf, n, "unexpected '%c'", c);
	else if (c == '\'')
		snprintf(buf, n, "unexpected \"'\"");
	else
		snprintf(buf, n, "unexpected byte 0x%02x", c);
}

/* The line stops inside a string, object or array: it was cut short.
 * cJSON then points at the last value it began, which misleads. */
static int
truncated(const char *s, size_t n)
{
	size_t i;
	int depth = 0, str = 0;

	for (i = 0; i < n; i++) {
		if (str) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				str = 0;
		} else if (s[i] == '"')
			str = 1;
		else if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']')
			depth--;
	}
	return str || depth > 0;
}

cJSON *
tw_parse_line(const char *line, size_t len, const struct tw_loc *loc)
{
	const char *end = NULL, *p;
	char what[64];
	cJSON *o;

	o = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (o) {
		/* Only white space may follow the value. */
		for (p = end; p < line + len; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
				break;
		if (p == line + len)
			return o;
		cJSON_Delete(o);
		tw_warn_at(loc, "invalid JSON: trailing characters at column "
		    "%zu", (size_t)(p - line) + 1);
		return NULL;
	}
	p = cJSON_GetErrorPtr();
	if (!p || p < line || p > line + len || truncated(line, len))
		p = line + len;
	describe(p, line + len, what, sizeof what);
	tw_warn_at(loc, "invalid JSON: %s at column %zu", what,
	    (size_t)(p - line) + 1);
	return NULL;
}

/* The arena (tw_ndjson_arena): cJSON's allocations while one input line
 * is handled come from a few reused chunks, and are all dropped at once
 * when the line is done.  No per-node malloc, free or tree walk. */
struct chunk {
	struct chunk *next;
	size_t cap, used;
	char *mem;
};
static struct chunk *arena, *arena_cur;
static int arena_on;

#define ARENA_CHUNK (256 * 1024)
#define ARENA_KEEP (4 * 1024 * 1024)

static void *
arena_malloc(size_t n)
{
	struct chunk *c;
	void *p;

	n = (n + 15) & ~(size_t)15;
	for (c = arena_cur; c && c->used + n > c->cap; c = c->next)
		;
	if (!c) {
		c = xmalloc(sizeof *c);
		c->cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		c->mem = xmalloc(c->cap);
		c->used = 0;
		/* new chunks go first in line after the current one */
		if (arena_cur) {
			c->next = arena_cur->next;
			arena_cur->next = c;
		} else {
			c->next = arena;
			arena = c;
		}
	}
	arena_cur = c;
	p = c->mem + c->used;
	c->used += n;
	return p;
}

static void
arena_free(void *p)
{
	(void)p;
}

/* Empty the arena; give back what one huge line made it grow to. */
static void
arena_reset(void)
{
	struct chunk *c, *next, **tail = &arena;
	size_t kept = 0;

	for (c = arena; c; c = next) {
		next = c->next;
		if (c != arena && kept + c->cap > ARENA_KEEP) {
			free(c->mem);
			free(c);
			continue;
		}
		kept += c->cap;
		c->used = 0;
		*tail = c;
		tail = &c->next;
	}
	*tail = NULL;
	arena_cur = arena;
}

static void *
heap_malloc(size_t n)
{
	return xmalloc(n);
}

void
tw_ndjson_arena(int on)
{
	arena_on = on;
}

static void
hooks(int use_arena)
{
	cJSON_Hooks h = { heap_malloc, free };

	if (use_arena) {
		h.malloc_fn = arena_malloc;
		h.free_fn = arena_free;
	}
	cJSON_InitHooks(&h);
}

/* Per-run state of tw_each_record. */
struct each {
	const struct tw_loc *loc;
	tw_record_fn fn;
	void *ctx;
	int failed;
};

static void
each_emit(cJSON *rec, void *arg)
{
	struct each *e = arg;

	if (e->fn(rec, e->loc, e->ctx) < 0)
		e->failed = 1;
	if (!arena_on)
		cJSON_Delete(rec);
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static tw_line_fn prefilter;

void
tw_ndjson_prefilter(tw_line_fn fn)
{
	prefilter = fn;
}

/* tw_each_line's answer */
static const char *cur_line;
static size_t cur_len;

const char *
tw_each_line(size_t *len)
{
	*len = cur_len;
	return cur_line;
}

/* One line: 0, or -1 when it is no record at all (not JSON, not an
 * object), for the reader's count of bad lines in a row. */
static int
each_line(struct each *e, const char *line, size_t len,
    const struct tw_ident *acct, const char *source)
{
	const char *err = NULL;
	enum tw_shape shape;
	cJSON *in;
	int r;

	if (blank(line, len))
		return 0;
	if (prefilter && (r = prefilter(line, len, e->loc, e->ctx)) != 0) {
		if (r < 0)
			e->failed = 1;
		return 0;
	}
	if (!(in = tw_parse_line(line, len, e->loc))) {
		e->failed = 1;
		return -1;
	}
	if (!cJSON_IsObject(in) && !cJSON_IsArray(in)) {
		tw_warn_at(e->loc, "not a JSON object");
		e->failed = 1;
		cJSON_Delete(in);
		return -1;
	}
	shape = tw_record_shape(in);
	if (shape == TW_SHAPE_RECORD || shape == TW_SHAPE_OTHER) {
		/* The common case in a pipeline: no copy, fill in place. */
		if (shape == TW_SHAPE_RECORD)
			tw_record_fill(in, acct, source);
		if (!acct && !source) {         /* nothing was filled in */
			cur_line = line;
			cur_len = len;
		}
		if (e->fn(in, e->loc, e->ctx) < 0)
			e->failed = 1;
		cur_line = NULL;
		if (!arena_on)
			cJSON_Delete(in);
		return 0;
	}
	if (tw_normalize_own(in, acct, source, each_emit, e, &err) < 0) {
		tw_warn_at(e->loc, "%s",
		    err ? err : "cannot normalise");
		e->failed = 1;
	}
	if (!arena_on)
		cJSON_Delete(in);
	return 0;
}

int
tw_each_record_src(int argc, char *argv[], const struct tw_ident *acct,
    const char *source, tw_record_fn fn, void *ctx)
{
	static char *dash[] = { "-", NULL };
	struct each e = { NULL, fn, ctx, 0 };
	tw_reader r;
	char *line;
	int i, notjson = 0;

	if (argc <= 0) {
		argc = 1;
		argv = dash;
	}
	for (i = 0; i < argc; i++) {
		if (tw_reader_open(&r, argv[i]) < 0) {
			e.failed = 1;
			continue;
		}
		e.loc = &r.loc;
		if (arena_on)
			hooks(1);
		while ((line = tw_reader_line(&r))) {
			if (each_line(&e, line, r.len, acct, source) < 0)
				tw_reader_bad(&r);
			if (arena_on)
				arena_reset();
		}
		if (arena_on)
			hooks(0);
		if (r.error || r.bad)
			e.failed = 1;
		notjson |= r.stopped;
		tw_reader_close(&r);
	}
	if (notjson)
		return TW_EXIT_USAGE;
	return e.failed ? TW_EXIT_PARTIAL : TW_EXIT_OK;
}

int
tw_each_record(int argc, char *argv[], const struct tw_ident *acct,
    tw_record_fn fn, void *ctx)
{
	return tw_each_record_src(argc, argv, acct, NULL, fn, ctx);
}

/* Output.  cJSON's own printer formats every number with "%1.15g" and
 * reads it back; records are mostly strings and small integers, so tw
 * prints them itself, the same way cJSON does, into a reusable buffer. */

/* 1: the byte needs an escape */
static unsigned char esc[256];

static void
esc_init(void)
{
	int c;

	for (c = 0; c < 0x20; c++)
		esc[c] = 1;
	esc['"'] = esc['\\'] = 1;
}

static void
put_str(tw_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *q;
	char u[8];

	tw_buf_addc(b, '"');
	for (;;) {
		for (q = p; *q && !esc[*q]; q++)
			;
		tw_buf_add(b, p, (size_t)(q - p));
		if (!*q)
			break;
		switch (*q) {
		case '"': tw_buf_add(b, "\\\"", 2); break;
		case '\\': tw_buf_add(b, "\\\\", 2); break;
		case '\b': tw_buf_add(b, "\\b", 2); break;
		case '\f': tw_buf_add(b, "\\f", 2); break;
		case '\n': tw_buf_add(b, "\\n", 2); break;
		case '\r': tw_buf_add(b, "\\r", 2); break;
		case '\t': tw_buf_add(b, "\\t", 2); break;
		default:
			snprintf(u, sizeof u, "\\u%04x", *q);
			tw_buf_add(b, u, 6);
		}
		p = q + 1;
	}
	tw_buf_addc(b, '"');
}

static void
put_num(tw_buf *b, double d)
{
	char tmp[32], *p = tmp + sizeof tmp;
	unsigned long long u;
	double back;
	int n;

	if (isnan(d) || isinf(d)) {
		tw_buf_add(b, "null", 4);
		return;
	}
	if (d > -1e15 && d < 1e15 && d == (double)(long long)d) {
		u = d < 0 ? (unsigned long long)-(long long)d : (unsigned long long)d;
		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		if (d < 0)
			*--p = '-';
		tw_buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
		return;
	}
	/* 15 digits when they read back the same, else 17 (cJSON takes 15
	 * when they read back within an epsilon, losing the last bits) */
	n = snprintf(tmp, sizeof tmp, "%1.15g", d);
	if (sscanf(tmp, "%lg", &back) != 1 || back != d)
		n = snprintf(tmp, sizeof tmp, "%1.17g", d);
	tw_buf_add(b, tmp, (size_t)n);
}

void
tw_json_append_str(tw_buf *b, const char *s)
{
	if (!esc['"'])
		esc_init();
	if (s)
		put_str(b, s);
	else
		tw_buf_add(b, "null", 4);
}

void
tw_json_append(tw_buf *b, const cJSON *o)
{
	const cJSON *c;

	if (!esc['"'])
		esc_init();
	switch (o->type & 0xff) {
	case cJSON_False:
		tw_buf_add(b, "false", 5);
		break;
	case cJSON_True:
		tw_buf_add(b, "true", 4);
		break;
	case cJSON_Number:
		put_num(b, o->valuedouble);
		break;
	case cJSON_String:
		put_str(b, o->valuestring ? o->valuestring : "");
		break;
	case cJSON_Raw:
		if (o->valuestring) {
			tw_buf_adds(b, o->valuestring);
			break;
		}
		tw_buf_add(b, "null", 4);
		break;
	case cJSON_Array:
		tw_buf_addc(b, '[');
		for (c = o->child; c; c = c->next) {
			tw_json_append(b, c);
			if (c->next)
				tw_buf_addc(b, ',');
		}
		tw_buf_addc(b, ']');
		break;
	case cJSON_Object:
		tw_buf_addc(b, '{');
		for (c = o->child; c; c = c->next) {
			put_str(b, c->string ? c->string : "");
			tw_buf_addc(b, ':');
			tw_json_append(b, c);
			if (c->next)
				tw_buf_addc(b, ',');
		}
		tw_buf_addc(b, '}');
		break;
	default:
		tw_buf_add(b, "null", 4);
	}
}

static void (*emit_fn)(const cJSON *, void *);
static void *emit_ctx;

void
tw_emit_hook(void (*fn)(const cJSON *rec, void *ctx), void *ctx)
{
	emit_fn = fn;
	emit_ctx = ctx;
}

void
tw_emit(const cJSON *rec)
{
	static tw_buf out;

	if (emit_fn) {
		emit_fn(rec, emit_ctx);
		if (ferror(stdout))
			tw_out_check();
		return;
	}
	tw_buf_reset(&out);
	tw_json_append(&out, rec);
	tw_buf_addc(&out, '\n');
	fwrite(out.s, 1, out.len, stdout);
	if (ferror(stdout))
		tw_out_check();
	/* Do not keep a huge buffer for one huge record. */
	if (out.cap > (1 << 20))
		tw_buf_free(&out);
}

void
tw_emit_line(const char *line, size_t len)
{
	fwrite(line, 1, len, stdout);
	putc('\n', stdout);
	if (ferror(stdout))
		tw_out_check();
}
