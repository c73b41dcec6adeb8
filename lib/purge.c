/* purge.c - what tw keeps about a post or a person, removed (purge.h):
 * the judgement of a record, the store, NDJSON files, the ledger and
 * drafts, the journal's redactions */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "digest.h"
#include "ndjson.h"
#include "purge.h"
#include "state.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"

#define MIN_TEXT 16     /* shorter texts are too common to look for */

void
tw_purge_init(struct tw_purge *p)
{
	char buf[32];

	memset(p, 0, sizeof *p);
	snprintf(p->id, sizeof p->id, "%s-%ld", tw_time_format(time(NULL),
	    buf, sizeof buf), (long)tw_now_ms() % 1000);
}

static void
strv_free(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

void
tw_purge_free(struct tw_purge *p)
{
	size_t i;

	for (i = 0; i < p->nt; i++) {
		free(p->t[i].id);
		free(p->t[i].name);
		free(p->t[i].action);
	}
	free(p->t);
	strv_free(p->texts, p->ntexts);
	strv_free(p->posts, p->nposts);
	strv_free(p->hashes, p->nhashes);
}

static int
strv_has(char **v, size_t n, const char *s)
{
	while (s && n > 0)
		if (!strcmp(v[--n], s))
			return 1;
	return 0;
}

static void
strv_add(char ***v, size_t *n, const char *s)
{
	if (!s || strv_has(*v, *n, s))
		return;
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void
tw_purge_add(struct tw_purge *p, char kind, const char *id, const char *name,
    const char *action)
{
	struct tw_purge_target *t;

	if (name && *name == '@')
		name++;
	p->t = xrealloc(p->t, (p->nt + 1) * sizeof *p->t);
	t = &p->t[p->nt++];
	t->kind = kind;
	t->id = id ? xstrdup(id) : NULL;
	t->name = name ? xstrdup(name) : NULL;
	t->action = action ? xstrdup(action) : NULL;
}

/* Whether a user object ({id, username}) is target t's person. */
static int
is_person(const struct tw_purge_target *t, const cJSON *u)
{
	const char *id = tw_json_str(u, "id"), *name = tw_json_str(u,
	    "username");

	if (t->kind != 'u' || !u)
		return 0;
	return (t->id && id && !strcmp(t->id, id)) ||
	    (t->name && name && !strcasecmp(t->name, name));
}

/* Whether any string in o holds a purged text. */
static int
has_text(const struct tw_purge *p, const cJSON *o)
{
	const cJSON *e;
	size_t i;

	if (cJSON_IsString(o)) {
		for (i = 0; i < p->ntexts; i++)
			if (strstr(o->valuestring, p->texts[i]))
				return 1;
		return 0;
	}
	cJSON_ArrayForEach(e, o)
		if (has_text(p, e))
			return 1;
	return 0;
}

/* Whether record rec (or a short record in its referenced) is itself
 * to go: a purged post, or a person's post, DM, profile or case, or the
 * brand's answer to them. */
static int
targeted(const struct tw_purge *p, const cJSON *rec)
{
	const char *id = tw_json_str(rec, "id"), *type = tw_json_str(rec,
	    "type"), *dir = tw_json_str(rec, "direction");
	const cJSON *irt = cJSON_GetObjectItemCaseSensitive(rec, "in_reply_to");
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(rec, "case");
	const struct tw_purge_target *t;
	size_t i;

	if (type && !strcmp(type, "compliance"))
		return 0;       /* the instruction, not the content */
	for (i = 0; i < p->nt; i++) {
		t = &p->t[i];
		if (t->kind == 't' && id && t->id && !strcmp(id, t->id))
			return 1;
		if (is_person(t, cJSON_GetObjectItemCaseSensitive(rec,
		    "author")) || is_person(t, cJSON_GetObjectItemCaseSensitive(
		    rec, "recipient")) || is_person(t,
		    cJSON_GetObjectItemCaseSensitive(cs, "customer")))
			return 1;
		if (type && !strcmp(type, "user") && is_person(t, rec))
			return 1;
		if (t->kind == 'u' && t->id && dir && !strcmp(dir, "out") &&
		    tw_json_str(irt, "user_id") &&
		    !strcmp(tw_json_str(irt, "user_id"), t->id))
			return 1;
	}
	return 0;
}

/* What a dropped record teaches: its text, its author (a target named
 * by one of id and username gets the other), a person's post. */
static void
learn_from(struct tw_purge *p, const cJSON *rec)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(rec, "author");
	const char *text = tw_json_str(rec, "text");
	const char *aid = tw_json_str(a, "id"), *an = tw_json_str(a,
	    "username");
	struct tw_purge_target *t;
	size_t i;

	if (text && strlen(text) >= MIN_TEXT)
		strv_add(&p->texts, &p->ntexts, text);
	for (i = 0; i < p->nt; i++) {
		t = &p->t[i];
		if (!is_person(t, a))
			continue;
		if (!t->id && aid)
			t->id = xstrdup(aid);
		if (!t->name && an)
			t->name = xstrdup(an);
		strv_add(&p->posts, &p->nposts, tw_json_str(rec, "id"));
	}
}

/* Cut out of rec's referenced the posts that go; 1 when any did. */
static int
cut_referenced(struct tw_purge *p, cJSON *rec, int learn)
{
	cJSON *ref = cJSON_GetObjectItemCaseSensitive(rec, "referenced"), *e,
	    *next;
	int cut = 0;

	for (e = ref ? ref->child : NULL; e; e = next) {
		next = e->next;
		if (!targeted(p, e) && !strv_has(p->posts, p->nposts,
		    tw_json_str(e, "id")))
			continue;
		if (learn)
			learn_from(p, e);
		cJSON_DeleteItemFromObjectCaseSensitive(ref, e->string);
		cut = 1;
	}
	if (ref && !ref->child)
		cJSON_DeleteItemFromObjectCaseSensitive(rec, "referenced");
	return cut;
}

int
tw_purge_judge(struct tw_purge *p, cJSON *rec, int learn)
{
	int cut;

	if (!cJSON_IsObject(rec))
		return 0;
	if (targeted(p, rec)) {
		if (learn)
			learn_from(p, rec);
		return 2;
	}
	if (p->exporting)
		return 0;
	cut = cut_referenced(p, rec, learn);
	if (has_text(p, rec))
		return 2;
	return cut;
}

static int
is_person_id(const struct tw_purge *p, const char *id)
{
	size_t i;

	if (id && *id == '@') {
		for (i = 0; i < p->nt; i++)
			if (p->t[i].kind == 'u' && p->t[i].name &&
			    !strcasecmp(p->t[i].name, id + 1))
				return 1;
		return 0;
	}
	for (i = 0; id && i < p->nt; i++)
		if (p->t[i].kind == 'u' && p->t[i].id &&
		    !strcmp(p->t[i].id, id))
			return 1;
	return 0;
}

int
tw_purge_about(const struct tw_purge *p, const cJSON *o, int posts)
{
	const char *irt = tw_json_str(o, "in_reply_to");
	size_t i;

	if (is_person_id(p, tw_json_str(o, "to")) ||
	    is_person_id(p, tw_json_str(o, "customer_id")) ||
	    strv_has(p->posts, p->nposts, irt))
		return 1;
	for (i = 0; posts && irt && i < p->nt; i++)
		if (p->t[i].kind == 't' && p->t[i].id &&
		    !strcmp(p->t[i].id, irt))
			return 1;
	return !p->exporting && has_text(p, o);
}

/* The store */

/* What the store keeps about a customer, table by table, as the rows
 * that go when they do ($1 their user id, $2 their username): a table
 * added to the schema that keeps a customer's data is added here (and
 * to export_sql in purgeout.c).  The cases go last: the others refer
 * to them. */
static const char *const person_sql[] = {
	"DELETE FROM messages WHERE case_id IN (SELECT id FROM cases WHERE "
	    "customer = $1 OR lower(username) = lower($2))",
	"DELETE FROM events WHERE case_id IN (SELECT id FROM cases WHERE "
	    "customer = $1 OR lower(username) = lower($2))",
	"DELETE FROM cases WHERE customer = $1 OR lower(username) = lower($2)",
	/* the profile (customer.c): by id, or "@name" while only the name
	 * was known */
	"DELETE FROM customers WHERE customer = $1 OR customer = '@' || "
	    "lower($2) OR lower(username) = lower($2)",
};

int
tw_purge_store_learn(struct tw_purge *p, struct tw_store *s)
{
	struct tw_q *q;
	struct tw_purge_target *t;
	cJSON *rec;
	size_t i;
	int r;

	for (i = 0; i < p->nt; i++) {
		t = &p->t[i];
		if (t->kind != 'u' || (t->id && t->name))
			continue;
		q = tw_q(s, "SELECT customer, username FROM cases WHERE "
		    "customer = $1 OR lower(username) = lower($2) ORDER BY id "
		    "DESC", "ss", t->id, t->name);
		if ((r = tw_q_row(q)) == 1) {
			if (!t->id)
				t->id = xstrdup(tw_q_text(q, 0));
			if (!t->name && tw_q_text(q, 1))
				t->name = xstrdup(tw_q_text(q, 1));
		}
		if (tw_q_end(q) < 0 || r < 0)
			return -1;
	}
	q = tw_q(s, "SELECT record FROM messages ORDER BY time, seq", "");
	while ((r = tw_q_row(q)) == 1) {
		rec = cJSON_Parse(tw_q_text(q, 0));
		tw_purge_judge(p, rec, 1);
		cJSON_Delete(rec);
	}
	return tw_q_end(q) < 0 || r < 0 ? -1 : 0;
}

/* A change to make to one row, found while reading. */
struct change {
	char *key, *text;       /* text NULL: delete */
};

static void
change_add(struct change **v, size_t *n, const char *key, char *text)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].key = xstrdup(key);
	(*v)[(*n)++].text = text;
}

static void
changes_free(struct change *v, size_t n)
{
	while (n > 0) {
		n--;
		free(v[n].key);
		free(v[n].text);
	}
	free(v);
}

/* The messages that go or change, read first, then written. */
static int
store_messages(struct tw_purge *p, struct tw_store *s)
{
	struct change *v = NULL;
	size_t n = 0, i;
	struct tw_q *q;
	cJSON *rec;
	int r, j;

	q = tw_q(s, "SELECT id, record FROM messages ORDER BY time, seq", "");
	while ((r = tw_q_row(q)) == 1) {
		rec = cJSON_Parse(tw_q_text(q, 1));
		if ((j = tw_purge_judge(p, rec, 0)) != 0)
			change_add(&v, &n, tw_q_text(q, 0), j == 2 ? NULL :
			    tw_json_line(rec));
		cJSON_Delete(rec);
	}
	if (tw_q_end(q) < 0 || r < 0)
		n = 0, r = -1;
	for (i = 0; r >= 0 && i < n; i++) {
		if (v[i].text)
			r = tw_exec(s, "UPDATE messages SET record = $2 WHERE "
			    "id = $1", "ss", v[i].key, v[i].text) < 0 ? -1 : 0;
		else
			r = tw_exec(s, "DELETE FROM messages WHERE id = $1", "s",
			    v[i].key) < 0 ? -1 : 0;
		p->messages++;
	}
	changes_free(v, n);
	return r < 0 ? -1 : 0;
}

/* Events (notes, reasons) that hold a purged text: their detail goes. */
static int
store_events(struct tw_purge *p, struct tw_store *s)
{
	struct change *v = NULL;
	size_t n = 0, i;
	struct tw_q *q;
	cJSON *d;
	char num[32];
	int r;

	q = tw_q(s, "SELECT seq, detail FROM events ORDER BY seq", "");
	while ((r = tw_q_row(q)) == 1) {
		d = cJSON_Parse(tw_q_text(q, 1));
		if (has_text(p, d)) {
			snprintf(num, sizeof num, "%lld", tw_q_int(q, 0));
			change_add(&v, &n, num, NULL);
		}
		cJSON_Delete(d);
	}
	if (tw_q_end(q) < 0 || r < 0)
		n = 0, r = -1;
	for (i = 0; r >= 0 && i < n; i++) {
		r = tw_exec(s, "UPDATE events SET detail = '{\"purged\":true}' "
		    "WHERE seq = $1", "i", atoll(v[i].key)) < 0 ? -1 : 0;
		p->events++;
	}
	changes_free(v, n);
	return r < 0 ? -1 : 0;
}

int
tw_purge_store(struct tw_purge *p, struct tw_store *s)
{
	const struct tw_purge_target *t;
	size_t i, k;
	long n;

	if (tw_store_scrub(s, 0) < 0 || tw_store_begin(s) < 0)
		return -1;
	for (i = 0; i < p->nt; i++) {
		t = &p->t[i];
		if (t->kind != 'u' || (!t->id && !t->name))
			continue;
		for (k = 0; k < sizeof person_sql / sizeof *person_sql; k++) {
			if ((n = tw_exec(s, person_sql[k], "ss", t->id,
			    t->name)) < 0)
				goto fail;
			if (k == 0)
				p->messages += n;
			else if (k == 1)
				p->events += n;
			else if (k == 2)
				p->cases += n;
		}
	}
	if (store_messages(p, s) < 0 || store_events(p, s) < 0 ||
	    tw_store_commit(s) < 0)
		goto fail;
	return tw_store_scrub(s, 1);
fail:
	tw_store_rollback(s);
	return -1;
}

/* NDJSON files */

int
tw_purge_file(struct tw_purge *p, const char *path, int learn)
{
	tw_reader rd;
	tw_buf out = { 0 };
	char *line, *dir, *slash, *s;
	cJSON *rec;
	long gone = 0;
	int j, rv = 0;

	if (tw_reader_open(&rd, path) < 0)
		return -1;
	while ((line = tw_reader_line(&rd))) {
		rec = *line == '{' ? cJSON_Parse(line) : NULL;
		j = rec ? tw_purge_judge(p, rec, learn) : 0;
		if (j == 0) {
			tw_buf_adds(&out, line);
			tw_buf_addc(&out, '\n');
		} else if (j == 1) {
			s = tw_json_line(rec);
			tw_buf_adds(&out, s);
			tw_buf_addc(&out, '\n');
			free(s);
		}
		gone += j != 0;
		cJSON_Delete(rec);
	}
	if (rd.error)
		rv = -1;
	tw_reader_close(&rd);
	if (!learn && !rv && gone) {
		dir = xstrdup(path);
		slash = strrchr(dir, '/');
		rv = slash ? (*slash = 0, tw_replace_file(*dir ? dir : "/",
		    slash + 1, out.s, out.len)) : tw_replace_file(".", dir,
		    out.s ? out.s : "", out.len);
		free(dir);
		p->records += gone;
		p->files++;
	}
	tw_buf_free(&out);
	return rv;
}

/* The ledger and the drafts */

int
tw_purge_state_each(struct tw_purge *p, int posts,
    int (*fn)(struct tw_purge *p, const char *sub, const char *name,
    cJSON *o))
{
	static const char *const subs[] = { "ledger", "drafts" };
	char **names, *txt;
	cJSON *o;
	int n, i, rv = 0;
	size_t k;

	for (k = 0; k < sizeof subs / sizeof *subs; k++) {
		names = tw_state_list(subs[k], &n);
		for (i = 0; i < n; i++) {
			txt = tw_state_read(subs[k], names[i]);
			o = txt ? cJSON_Parse(txt) : NULL;
			if (o && tw_purge_about(p, o, posts) &&
			    fn(p, subs[k], names[i], o) < 0)
				rv = -1;
			cJSON_Delete(o);
			free(txt);
			free(names[i]);
		}
		free(names);
	}
	return rv;
}

static int
state_remove(struct tw_purge *p, const char *sub, const char *name, cJSON *o)
{
	(void)o;
	p->state++;
	return tw_state_remove(sub, name);
}

/* The user ids cached by username (tw-dm): a person's goes. */
static int
users_cache(struct tw_purge *p)
{
	char **names, *id;
	int n, i, rv = 0;
	size_t k;

	names = tw_state_list("users", &n);
	for (i = 0; i < n; i++) {
		id = tw_state_read("users", names[i]);
		for (k = 0; k < p->nt; k++)
			if (p->t[k].kind == 'u' && ((p->t[k].name &&
			    !strcasecmp(p->t[k].name, names[i])) || (id &&
			    p->t[k].id && !strcmp(p->t[k].id, id)))) {
				if (tw_state_remove("users", names[i]) < 0)
					rv = -1;
				p->state++;
				break;
			}
		free(id);
		free(names[i]);
	}
	free(names);
	return rv;
}

int
tw_purge_state(struct tw_purge *p)
{
	int rv = tw_purge_state_each(p, 1, state_remove);

	return users_cache(p) < 0 ? -1 : rv;
}

/* The journal */

char *
tw_journal_redaction(const char *line, size_t len, const char *purge)
{
	cJSON *o = cJSON_ParseWithLength(line, len), *r;
	const char *prev = tw_json_str(o, "prev");
	char hash[65], *s = NULL;

	if (prev && strlen(prev) == 64) {
		tw_sha256_hex(line, len, hash);
		r = cJSON_CreateObject();
		if (tw_json_str(o, "time"))
			cJSON_AddStringToObject(r, "time", tw_json_str(o, "time"));
		cJSON_AddStringToObject(r, "event", "redacted");
		cJSON_AddStringToObject(r, "purge", purge);
		cJSON_AddStringToObject(r, "was", hash);
		cJSON_AddStringToObject(r, "prev", prev);
		s = tw_json_line(r);
		cJSON_Delete(r);
	}
	cJSON_Delete(o);
	return s;
}

/* tw_journal_walk: the lines about the targets, by hash */
static int
mark_line(const char *line, size_t len, void *ctx)
{
	struct tw_purge *p = ctx;
	cJSON *o = cJSON_ParseWithLength(line, len);
	const char *ev = tw_json_str(o, "event");
	char hash[65];

	if (o && !(ev && (!strcmp(ev, "redacted") || !strcmp(ev, "purge"))) &&
	    tw_purge_about(p, o, 0)) {
		tw_sha256_hex(line, len, hash);
		strv_add(&p->hashes, &p->nhashes, hash);
	}
	cJSON_Delete(o);
	return 0;
}

static char *
redact_line(const char *line, size_t len, void *ctx)
{
	struct tw_purge *p = ctx;
	char hash[65];

	tw_sha256_hex(line, len, hash);
	if (!strv_has(p->hashes, p->nhashes, hash))
		return NULL;
	return tw_journal_redaction(line, len, p->id);
}

/* The purge's line: what (the posts' and persons' ids, the actions, how
 * many of each thing went) and when; no text, no username. */
static cJSON *
purge_event(const struct tw_purge *p, const char *agent, const char *acct)
{
	cJSON *ev = cJSON_CreateObject(), *a, *o, *h;
	size_t i;

	cJSON_AddStringToObject(ev, "event", "purge");
	cJSON_AddStringToObject(ev, "purge", p->id);
	cJSON_AddStringToObject(ev, "agent", agent);
	if (acct)
		cJSON_AddStringToObject(ev, "account", acct);
	a = cJSON_AddArrayToObject(ev, "targets");
	for (i = 0; i < p->nt; i++) {
		cJSON_AddItemToArray(a, o = cJSON_CreateObject());
		cJSON_AddStringToObject(o, "kind", p->t[i].kind == 't' ? "tweet" :
		    "user");
		if (p->t[i].id)
			cJSON_AddStringToObject(o, "id", p->t[i].id);
		cJSON_AddStringToObject(o, "action", p->t[i].action ?
		    p->t[i].action : "erase");
	}
	cJSON_AddNumberToObject(ev, "cases", (double)p->cases);
	cJSON_AddNumberToObject(ev, "messages", (double)p->messages);
	cJSON_AddNumberToObject(ev, "events", (double)p->events);
	cJSON_AddNumberToObject(ev, "records", (double)p->records);
	cJSON_AddNumberToObject(ev, "files", (double)p->files);
	cJSON_AddNumberToObject(ev, "state", (double)p->state);
	h = cJSON_AddArrayToObject(ev, "redacted");
	for (i = 0; i < p->nhashes; i++)
		cJSON_AddItemToArray(h, cJSON_CreateString(p->hashes[i]));
	return ev;
}

int
tw_purge_journal(struct tw_purge *p, const char *agent, const char *account)
{
	cJSON *ev;
	long n;
	int rv;

	if (tw_journal_walk(mark_line, p) < 0)
		return -1;
	/* the purge's line first, naming the lines it redacts: a purge cut
	 * short leaves lines whole and vouched for, never redacted and
	 * unexplained (tw-audit --verify) */
	ev = purge_event(p, agent, account);
	rv = tw_journal_append(ev);
	cJSON_Delete(ev);
	if (rv < 0 || !p->nhashes)
		return rv;
	if ((n = tw_journal_rewrite(redact_line, p)) < 0)
		return -1;
	p->journal = n;
	return 0;
}
