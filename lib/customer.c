/* customer.c - customer profiles in the store (customer.h) */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "ndjson.h"
#include "timefmt.h"

#define COLS "account, customer, username, tier, tags, notes, lang, csat, " \
    "csat_time, updated"

void
tw_customer_free(struct tw_customer *cu)
{
	free(cu->account);
	free(cu->key);
	free(cu->username);
	free(cu->tier);
	free(cu->notes);
	free(cu->lang);
	free(cu->tags);
	memset(cu, 0, sizeof *cu);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void
read_row(struct tw_q *q, struct tw_customer *cu)
{
	cu->account = dup_or_null(tw_q_text(q, 0));
	cu->key = dup_or_null(tw_q_text(q, 1));
	cu->username = dup_or_null(tw_q_text(q, 2));
	cu->tier = dup_or_null(tw_q_text(q, 3));
	cu->tags = xstrdup(tw_q_text(q, 4) ? tw_q_text(q, 4) : "[]");
	cu->notes = dup_or_null(tw_q_text(q, 5));
	cu->lang = dup_or_null(tw_q_text(q, 6));
	cu->csat = tw_q_int(q, 7);
	cu->csat_time = tw_q_int(q, 8);
	cu->updated = tw_q_int(q, 9);
}

/* o as JSON text, malloc'd (not cJSON's printer, which may be on an
 * arena: tw-case add) */
static char *
json_dup(const cJSON *o)
{
	tw_buf b = { 0 };

	tw_json_append(&b, o);
	return tw_buf_steal(&b);
}

/* "@name" in lower case, the key of a profile known by name */
static char *
name_key(const char *username)
{
	char *k;
	size_t i;

	if (!username)
		return NULL;
	if (*username == '@')
		username++;
	k = xasprintf("@%s", username);
	for (i = 1; k[i]; i++)
		k[i] = (char)tolower((unsigned char)k[i]);
	return k;
}

int
tw_customer_find(struct tw_store *s, const char *account, const char *id,
    const char *username, struct tw_customer *cu)
{
	char *nk = name_key(username);
	struct tw_q *q;
	int n;

	memset(cu, 0, sizeof *cu);
	q = tw_q(s, "SELECT " COLS " FROM customers WHERE (CAST($1 AS TEXT) "
	    "IS NULL OR account = $1 OR account = '') AND (customer = $2 OR "
	    "customer = $3 OR (CAST($2 AS TEXT) IS NULL AND username = $4)) "
	    "ORDER BY account = '', customer = $2 DESC, customer = $3 DESC "
	    "LIMIT 1",
	    "ssss", account, id, nk, nk ? nk + 1 : NULL);
	if ((n = tw_q_row(q)) == 1)
		read_row(q, cu);
	if (tw_q_end(q) < 0 || n < 0) {
		tw_customer_free(cu);
		n = -2;
	}
	free(nk);
	return n;
}

/* Write cu, its row made or replaced.  0 or -2. */
static int
save(struct tw_store *s, const struct tw_customer *cu)
{
	return tw_exec(s, "INSERT INTO customers (" COLS ") VALUES ($1, $2, "
	    "$3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (account, customer) "
	    "DO UPDATE SET username = $3, tier = $4, tags = $5, notes = $6, "
	    "lang = $7, csat = $8, csat_time = $9, updated = $10", "sssssssiTT",
	    cu->account, cu->key, cu->username, cu->tier, cu->tags, cu->notes,
	    cu->lang, cu->csat, cu->csat ? cu->csat_time : 0, cu->updated) < 0 ?
	    -2 : 0;
}

cJSON *
tw_customer_json(const struct tw_customer *cu)
{
	cJSON *o = cJSON_CreateObject(), *t = cJSON_Parse(cu->tags);
	char tm[32];

	if (cu->key)
		cJSON_AddStringToObject(o, "user", cu->key);
	if (cu->username)
		cJSON_AddStringToObject(o, "username", cu->username);
	if (cu->tier)
		cJSON_AddStringToObject(o, "tier", cu->tier);
	if (!cJSON_IsArray(t)) {
		cJSON_Delete(t);
		t = cJSON_CreateArray();
	}
	cJSON_AddItemToObject(o, "tags", t);
	if (cu->notes)
		cJSON_AddStringToObject(o, "note", cu->notes);
	if (cu->lang)
		cJSON_AddStringToObject(o, "lang", cu->lang);
	if (cu->csat) {
		cJSON_AddNumberToObject(o, "csat", (double)cu->csat);
		if (cu->csat_time)
			cJSON_AddStringToObject(o, "csat_time", tw_time_format(
			    (time_t)cu->csat_time, tm, sizeof tm));
	}
	if (cu->updated)
		cJSON_AddStringToObject(o, "updated", tw_time_format(
		    (time_t)cu->updated, tm, sizeof tm));
	return o;
}

/* ---- tags and notes ---- */

int
tw_tags_apply(char **tags, const char *words, cJSON *d)
{
	cJSON *all = cJSON_Parse(*tags ? *tags : "[]"), *t;
	cJSON *add = cJSON_CreateArray(), *rm = cJSON_CreateArray();
	char *w = xstrdup(words), *save = NULL, *tok;
	int bad = 0, n;

	if (!cJSON_IsArray(all)) {
		cJSON_Delete(all);
		all = cJSON_CreateArray();
	}
	for (tok = strtok_r(w, " \t,", &save); tok; tok = strtok_r(NULL,
	    " \t,", &save)) {
		int minus = *tok == '-', at = -1, i = 0;
		const char *name = *tok == '+' || minus ? tok + 1 : tok;

		if (!*name) {
			bad = 1;
			continue;
		}
		cJSON_ArrayForEach(t, all) {
			if (cJSON_IsString(t) && !strcmp(t->valuestring, name))
				at = i;
			i++;
		}
		if (minus && at >= 0) {
			cJSON_DeleteItemFromArray(all, at);
			cJSON_AddItemToArray(rm, cJSON_CreateString(name));
		} else if (!minus && at < 0) {
			cJSON_AddItemToArray(all, cJSON_CreateString(name));
			cJSON_AddItemToArray(add, cJSON_CreateString(name));
		}
	}
	free(w);
	free(*tags);
	*tags = json_dup(all);
	cJSON_Delete(all);
	n = cJSON_GetArraySize(add) + cJSON_GetArraySize(rm);
	if (d) {
		cJSON_AddItemToObject(d, "add", add);
		cJSON_AddItemToObject(d, "remove", rm);
	} else {
		cJSON_Delete(add);
		cJSON_Delete(rm);
	}
	return bad ? -1 : n;
}

int
tw_customer_touch(struct tw_store *s, const char *account, const char *id,
    const char *username, const char *note, const char *tagwords,
    const char *agent, time_t now)
{
	struct tw_customer cu;
	char day[32], *was;
	int n, rv;

	if ((n = tw_customer_find(s, account, id, username, &cu)) < 0)
		return -2;
	if (n == 0) {
		cu.account = xstrdup(account ? account : "");
		cu.tags = xstrdup("[]");
	}
	/* the customer's id, once a case gives it */
	if (id && (!cu.key || *cu.key == '@')) {
		if (cu.key && tw_exec(s, "DELETE FROM customers WHERE account = "
		    "$1 AND customer = $2", "ss", cu.account, cu.key) < 0) {
			tw_customer_free(&cu);
			return -2;
		}
		free(cu.key);
		cu.key = xstrdup(id);
	} else if (!cu.key)
		cu.key = name_key(username);
	if (username) {
		free(cu.username);
		cu.username = name_key(username);
		memmove(cu.username, cu.username + 1, strlen(cu.username));
	}
	if (note) {
		tw_time_format(now, day, sizeof day);
		day[10] = '\0';
		was = cu.notes;
		cu.notes = was && *was ? xasprintf("%s\n%s %s: %s", was, day,
		    agent, note) : xasprintf("%s %s: %s", day, agent, note);
		free(was);
	}
	if (tagwords)
		tw_tags_apply(&cu.tags, tagwords, NULL);
	cu.updated = now;
	rv = cu.key ? save(s, &cu) : 0;
	tw_customer_free(&cu);
	return rv;
}

/* ---- import ---- */

/* A string key of row o into *to: 0 absent or set, -1 bad (said).  An
 * empty string or null clears it. */
static int
field(const cJSON *o, const char *key, char **to, const struct tw_loc *loc)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v)
		return 0;
	if (!cJSON_IsNull(v) && !cJSON_IsString(v)) {
		tw_warn_at(loc, "\"%s\": not a string", key);
		return -1;
	}
	free(*to);
	*to = cJSON_IsString(v) && *v->valuestring ?
	    xstrdup(v->valuestring) : NULL;
	return 0;
}

/* "tags": an array of words (no space, comma or '+' in one), or null. */
static int
tags_field(const cJSON *o, char **to, const struct tw_loc *loc)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "tags"), *t;

	if (!v)
		return 0;
	if (!cJSON_IsNull(v) && !cJSON_IsArray(v))
		goto bad;
	cJSON_ArrayForEach(t, v)
		if (!cJSON_IsString(t) || !*t->valuestring ||
		    strpbrk(t->valuestring, " \t,+") || *t->valuestring == '-')
			goto bad;
	free(*to);
	*to = cJSON_IsArray(v) ? json_dup(v) : xstrdup("[]");
	return 0;
bad:
	tw_warn_at(loc, "\"tags\": expected a list of words (no space, comma "
	    "or +)");
	return -1;
}

/* "csat" (1 to 5, or null) and "csat_time"; the time is now when the
 * answer is new and the row gives none. */
static int
csat_field(const cJSON *o, struct tw_customer *cu, time_t now,
    const struct tw_loc *loc)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "csat");
	const char *ts = tw_json_str(o, "csat_time");
	time_t t = 0;

	if (!v)
		return 0;
	if (cJSON_IsNull(v)) {
		cu->csat = cu->csat_time = 0;
		return 0;
	}
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble ||
	    v->valueint < 1 || v->valueint > 5) {
		tw_warn_at(loc, "\"csat\": expected 1 to 5");
		return -1;
	}
	if (ts && tw_time_parse_rfc3339(ts, &t) < 0) {
		tw_warn_at(loc, "\"csat_time\": bad time '%s'", ts);
		return -1;
	}
	if (t)
		cu->csat_time = t;
	else if (cu->csat != v->valueint)
		cu->csat_time = now;
	cu->csat = v->valueint;
	return 0;
}

/* The profile a row names, for account: the one there is, or a new one. */
static int
row_profile(struct tw_store *s, const char *account, const char *user,
    struct tw_customer *cu)
{
	int byname = *user == '@', n;

	n = tw_customer_find(s, account, byname ? NULL : user, byname ? user :
	    NULL, cu);
	if (n == 1 && strcmp(cu->account, account)) {
		tw_customer_free(cu);   /* every account's: this one's is new */
		n = 0;
	}
	if (n == 0) {
		cu->account = xstrdup(account);
		cu->key = byname ? name_key(user) : xstrdup(user);
		if (byname)
			cu->username = xstrdup(cu->key + 1);
		cu->tags = xstrdup("[]");
	}
	return n;
}

/* One row (a JSON object) into its profile: 1 changed, 0 the same, -1
 * bad (said), -2 the store. */
static int
import_row(struct tw_store *s, const char *account, const cJSON *o,
    time_t now, const struct tw_loc *loc)
{
	const char *user = tw_json_str(o, "user");
	struct tw_customer cu;
	char *before, *after;
	cJSON *j;
	int rv;

	if (!cJSON_IsObject(o) || !user || !*user || !strcmp(user, "@")) {
		tw_warn_at(loc, "no \"user\" (@name or user id)");
		return -1;
	}
	if (row_profile(s, account, user, &cu) < 0)
		return -2;
	j = tw_customer_json(&cu);
	before = json_dup(j);
	cJSON_Delete(j);
	if (field(o, "username", &cu.username, loc) < 0 ||
	    field(o, "tier", &cu.tier, loc) < 0 ||
	    field(o, "note", &cu.notes, loc) < 0 ||
	    field(o, "lang", &cu.lang, loc) < 0 ||
	    tags_field(o, &cu.tags, loc) < 0 || csat_field(o, &cu, now, loc) < 0)
		rv = -1;
	else {
		if (cu.username) {      /* X matches names in lower case */
			char *k = name_key(cu.username);

			free(cu.username);
			cu.username = xstrdup(k + 1);
			free(k);
		}
		j = tw_customer_json(&cu);
		after = json_dup(j);
		cJSON_Delete(j);
		rv = strcmp(before, after) != 0;
		free(after);
		cu.updated = now;
		if (rv && save(s, &cu) < 0)
			rv = -2;
	}
	free(before);
	tw_customer_free(&cu);
	return rv;
}

/* ---- CSV ---- */

#define MAXCOL 16
static const char *const columns[] = { "user", "username", "tier", "tags",
    "note", "lang", "csat", "csat_time", NULL };

/* Split one CSV record (RFC 4180) in place: the number of fields, or -1
 * with *err. */
static int
csv_split(char *s, char **f, const char **err)
{
	int n = 0;
	char *w, end;

	for (;;) {
		if (n == MAXCOL) {
			*err = "too many fields";
			return -1;
		}
		f[n++] = w = s;
		if (*s == '"') {
			for (s++; *s != '"' || s[1] == '"'; s++) {
				if (!*s) {
					*err = "a quoted field is not closed";
					return -1;
				}
				*w++ = *s;
				s += *s == '"';
			}
			if (*++s && *s != ',') {
				*err = "text after a quoted field's closing quote";
				return -1;
			}
		} else
			for (; *s && *s != ','; *w++ = *s++)
				if (*s == '"') {
					*err = "a quote inside an unquoted field "
					    "(quote the whole field)";
					return -1;
				}
		end = *s;
		*w = '\0';
		if (!end)
			return n;
		s++;
	}
}

/* The next record's text in b, its quoted line breaks read on: 1, 0 at
 * the end, -1 when the file ends inside quotes (said). */
static int
csv_record(tw_reader *r, tw_buf *b, struct tw_loc *at)
{
	char *line;
	size_t i, quotes = 0;

	tw_buf_reset(b);
	do {
		if (!(line = tw_reader_line(r))) {
			if (!b->len)
				return 0;
			tw_warn_at(at, "a quoted field is not closed");
			return -1;
		}
		if (b->len)
			tw_buf_addc(b, '\n');
		else
			*at = r->loc;
		tw_buf_adds(b, line);
		for (i = 0; line[i]; i++)
			quotes += line[i] == '"';
	} while ((quotes % 2 && b->s[0] != '{') || !b->len);  /* not JSON's */
	return 1;
}

/* A CSV row as the NDJSON row it stands for: an empty cell is absent,
 * tags are split at ';', csat is a number. */
static cJSON *
csv_row(char **f, const int *col, int n)
{
	cJSON *o = cJSON_CreateObject(), *t;
	char *save = NULL, *tok, *e;
	double d;
	int i;

	for (i = 0; i < n; i++) {
		const char *name = columns[col[i]];

		if (!*f[i])
			continue;
		if (!strcmp(name, "tags")) {
			t = cJSON_AddArrayToObject(o, "tags");
			for (tok = strtok_r(f[i], ";", &save); tok;
			    tok = strtok_r(NULL, ";", &save)) {
				while (isspace((unsigned char)*tok))
					tok++;
				for (e = tok + strlen(tok); e > tok &&
				    isspace((unsigned char)e[-1]); )
					*--e = '\0';
				if (*tok)
					cJSON_AddItemToArray(t,
					    cJSON_CreateString(tok));
			}
		} else if (!strcmp(name, "csat") && (d = strtod(f[i], &e),
		    *e == '\0'))
			cJSON_AddNumberToObject(o, name, d);
		else
			cJSON_AddStringToObject(o, name, f[i]);
	}
	return o;
}

/* The header row: each field's column.  0, or -1 (said). */
static int
csv_header(char *line, int *col, int *ncol, const struct tw_loc *loc)
{
	char *f[MAXCOL];
	const char *err;
	int i, j, user = 0;

	if (!strncmp(line, "\xef\xbb\xbf", 3))     /* a spreadsheet's BOM */
		line += 3;
	if ((*ncol = csv_split(line, f, &err)) < 0) {
		tw_warn_at(loc, "header: %s", err);
		return -1;
	}
	for (i = 0; i < *ncol; i++) {
		for (j = 0; f[i][j]; j++)
			f[i][j] = (char)tolower((unsigned char)f[i][j]);
		if (!strcmp(f[i], "notes"))
			f[i] = "note";
		for (j = 0; columns[j] && strcmp(columns[j], f[i]); j++)
			;
		if (!columns[j]) {
			tw_warn_at(loc, "no column '%s' (user, username, tier, "
			    "tags, note, lang, csat, csat_time)", f[i]);
			return -1;
		}
		col[i] = j;
		user |= j == 0;
	}
	if (!user) {
		tw_warn_at(loc, "no user column in the header");
		return -1;
	}
	return 0;
}

struct counts {
	long changed, same;
	int bad;
};

static void
count(struct counts *k, int r)
{
	if (r == 1)
		k->changed++;
	else if (r == 0)
		k->same++;
	else
		k->bad = 1;
}

/* The CSV rows after the header line (in b).  0 or -2. */
static int
import_csv(struct tw_store *s, const char *account, tw_reader *r, tw_buf *b,
    struct tw_loc at, time_t now, struct counts *k)
{
	char *f[MAXCOL];
	const char *err;
	int col[MAXCOL], ncol, n, rc;
	cJSON *o;

	if (csv_header(b->s, col, &ncol, &at) < 0)
		return 2;
	while ((rc = csv_record(r, b, &at)) != 0) {
		if (rc < 0 || (n = csv_split(b->s, f, &err)) < 0) {
			if (rc >= 0)
				tw_warn_at(&at, "%s", err);
			k->bad = 1;
			continue;
		}
		if (n != ncol) {
			tw_warn_at(&at, "%d field%s, the header has %d", n,
			    tw_s(n), ncol);
			k->bad = 1;
			continue;
		}
		o = csv_row(f, col, n);
		rc = import_row(s, account, o, now, &at);
		cJSON_Delete(o);
		if (rc == -2)
			return -2;
		count(k, rc);
	}
	return 0;
}

/* The NDJSON rows from the first (in b) on.  0 or -2. */
static int
import_ndjson(struct tw_store *s, const char *account, tw_reader *r,
    tw_buf *b, struct tw_loc at, time_t now, struct counts *k)
{
	const char *line = b->s;
	cJSON *o;
	int rc;

	do {
		if (!*line)
			continue;
		if (!(o = tw_parse_line(line, strlen(line), &at))) {
			k->bad = 1;
			if (tw_reader_bad(r))
				break;
			continue;
		}
		rc = import_row(s, account, o, now, &at);
		cJSON_Delete(o);
		if (rc == -2)
			return -2;
		count(k, rc);
	} while ((line = tw_reader_line(r)) && (at = r->loc, 1));
	return 0;
}

int
tw_customer_import(struct tw_store *s, const char *account,
    const char *path, time_t now, long *changed, long *same)
{
	struct counts k = { 0, 0, 0 };
	struct tw_loc at;
	tw_reader r;
	tw_buf b = { 0 };
	int rv;

	if (tw_reader_open(&r, path) < 0)
		return 2;
	if ((rv = csv_record(&r, &b, &at)) <= 0) {
		tw_reader_close(&r);
		tw_buf_free(&b);
		return rv < 0 ? 1 : r.error ? 2 : 0;
	}
	if (tw_store_begin(s) < 0)
		rv = -2;
	else if (b.s[0] == '{')
		rv = import_ndjson(s, account ? account : "", &r, &b, at, now, &k);
	else
		rv = import_csv(s, account ? account : "", &r, &b, at, now, &k);
	if (rv == 0 && (r.error || r.stopped))
		rv = 2;
	if (rv == 0 && tw_store_commit(s) < 0)
		rv = -2;
	else if (rv != 0)
		tw_store_rollback(s);
	tw_reader_close(&r);
	tw_buf_free(&b);
	*changed += rv ? 0 : k.changed;
	*same += rv ? 0 : k.same;
	return rv ? rv : k.bad || r.bad ? 1 : 0;
}

/* ---- export ---- */

static void
csv_line(const cJSON *o)
{
	const cJSON *v, *t;
	tw_buf b = { 0 }, tags = { 0 };
	char num[32];
	int i;

	for (i = 0; columns[i]; i++) {
		if (i)
			tw_buf_addc(&b, ',');
		v = cJSON_GetObjectItemCaseSensitive(o, columns[i]);
		if (cJSON_IsString(v))
			tw_csv_field(&b, v->valuestring);
		else if (cJSON_IsNumber(v)) {
			snprintf(num, sizeof num, "%d", v->valueint);
			tw_buf_adds(&b, num);
		} else if (cJSON_IsArray(v)) {
			tw_buf_reset(&tags);
			cJSON_ArrayForEach(t, v)
				tw_buf_printf(&tags, "%s%s", tags.len ? ";" : "",
				    t->valuestring);
			tw_csv_field(&b, tags.s ? tags.s : "");
		}
	}
	tw_buf_addc(&b, '\n');
	fwrite(b.s, 1, b.len, stdout);
	tw_out_ok();
	tw_buf_free(&b);
	tw_buf_free(&tags);
}

int
tw_customer_export(struct tw_store *s, const char *account, int csv)
{
	struct tw_customer cu;
	struct tw_q *q;
	cJSON *o;
	int n, i;

	if (csv) {
		for (i = 0; columns[i]; i++)
			printf("%s%s", i ? "," : "", columns[i]);
		putchar('\n');
	}
	q = tw_q(s, "SELECT " COLS " FROM customers WHERE CAST($1 AS TEXT) "
	    "IS NULL OR account = $1 OR account = '' ORDER BY account, "
	    "customer", "s",
	    account);
	while ((n = tw_q_row(q)) == 1) {
		read_row(q, &cu);
		o = tw_customer_json(&cu);
		if (csv)
			csv_line(o);
		else
			tw_emit(o);
		cJSON_Delete(o);
		tw_customer_free(&cu);
	}
	return tw_q_end(q) < 0 || n < 0 ? -2 : 0;
}
