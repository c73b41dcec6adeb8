/* purgeout.c - tw-purge --export: everything tw keeps about one person,
 * as records on stdout (purge.h).  A person's own records, their cases
 * with every event and note, the brand's messages to them, the ledger,
 * drafts and journal lines about them, and their profile; never another
 * person's post (a post of theirs quoted in one of the person's records
 * is cut out of it). */
#include <stdlib.h>
#include <string.h>

#include "ndjson.h"
#include "purge.h"
#include "state.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"

/* What the store keeps about a customer, table by table ($1 their user
 * id, $2 their username): the record type, the query, its columns (a
 * JSON column is parsed, a time formatted; "record" is a record as it
 * is).  A table added to the schema that keeps a customer's data is
 * added here, and to person_sql in purge.c. */
static const struct {
	const char *type, *sql, *cols;
} export_sql[] = {
	{ "case", "SELECT id, account, customer, username, state, owner, "
	    "queue, priority, tags, opened, updated, resolved, profile FROM "
	    "cases WHERE customer = $1 OR lower(username) = lower($2) ORDER BY "
	    "id", "id account customer username state owner queue priority "
	    "tags opened updated resolved profile" },
	{ "event", "SELECT e.seq, e.case_id, e.time, e.agent, e.event, "
	    "e.detail FROM events e JOIN cases c ON c.id = e.case_id WHERE "
	    "c.customer = $1 OR lower(c.username) = lower($2) ORDER BY e.seq",
	    "seq case time agent event detail" },
	{ "customer", "SELECT account, customer, username, tier, tags, notes, "
	    "lang, csat, csat_time, updated FROM customers WHERE customer = $1 "
	    "OR customer = '@' || lower($2) OR lower(username) = lower($2) "
	    "ORDER BY account", "account customer username tier tags notes lang "
	    "csat csat_time updated" },
	{ NULL, "SELECT m.record FROM messages m JOIN cases c ON "
	    "c.id = m.case_id WHERE c.customer = $1 OR lower(c.username) = "
	    "lower($2) ORDER BY m.time, m.seq", "record" },
};

static const char json_cols[] = " tags profile detail ";
static const char time_cols[] = " opened updated resolved time csat_time ";

static int
col_in(const char *list, const char *col)
{
	char w[40];

	snprintf(w, sizeof w, " %.32s ", col);
	return strstr(list, w) != NULL;
}

/* The posts of others cut out of a record of the person's. */
static void
others_out(struct tw_purge *p, cJSON *rec)
{
	cJSON *ref = cJSON_GetObjectItemCaseSensitive(rec, "referenced"), *e,
	    *next;

	for (e = ref ? ref->child : NULL; e; e = next) {
		next = e->next;
		if (tw_purge_judge(p, e, 0) != 2)
			cJSON_DeleteItemFromObjectCaseSensitive(ref, e->string);
	}
	if (ref && !ref->child)
		cJSON_DeleteItemFromObjectCaseSensitive(rec, "referenced");
}

/* The person's profile, as the records show it: their author objects
 * merged, the latest last. */
static cJSON *profile;

static void
profile_add(struct tw_purge *p, const cJSON *rec)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(rec, "author"), *e;

	if (!a || !p->nt || p->t[0].kind != 'u' ||
	    !tw_json_str(a, "id") || !p->t[0].id ||
	    strcmp(tw_json_str(a, "id"), p->t[0].id))
		return;
	if (!profile) {
		profile = cJSON_CreateObject();
		cJSON_AddStringToObject(profile, "type", "profile");
	}
	cJSON_ArrayForEach(e, a) {
		cJSON_DeleteItemFromObjectCaseSensitive(profile, e->string);
		cJSON_AddItemToObject(profile, e->string, cJSON_Duplicate(e, 1));
	}
}

/* A record of the person's out, once (seen: the ids out already). */
static void
record_out(struct tw_purge *p, cJSON *rec, char ***seen, size_t *nseen)
{
	const char *id = tw_json_str(rec, "id");
	size_t i;

	for (i = 0; id && i < *nseen; i++)
		if (!strcmp((*seen)[i], id))
			return;
	if (id) {
		*seen = xrealloc(*seen, (*nseen + 1) * sizeof **seen);
		(*seen)[(*nseen)++] = xstrdup(id);
	}
	others_out(p, rec);
	profile_add(p, rec);
	tw_emit(rec);
}

static char **seen;
static size_t nseen;

static cJSON *
row_json(struct tw_q *q, const char *type, const char *cols)
{
	cJSON *o = cJSON_CreateObject(), *v;
	char col[32], buf[32];
	const char *c = cols, *e, *t;
	int i = 0;

	cJSON_AddStringToObject(o, "type", type);
	for (; *c; c = *e ? e + 1 : e, i++) {
		e = c + strcspn(c, " ");
		snprintf(col, sizeof col, "%.*s", (int)(e - c), c);
		if (!(t = tw_q_text(q, i)))
			v = cJSON_CreateNull();
		else if (col_in(json_cols, col) && (v = cJSON_Parse(t)))
			;
		else if (col_in(time_cols, col))
			v = cJSON_CreateString(tw_time_format((time_t)
			    tw_q_int(q, i), buf, sizeof buf));
		else
			v = cJSON_CreateString(t);
		cJSON_AddItemToObject(o, col, v);
	}
	return o;
}

int
tw_purge_export_store(struct tw_purge *p, struct tw_store *s)
{
	const struct tw_purge_target *t = &p->t[0];
	struct tw_q *q;
	cJSON *o;
	size_t k;
	int r = 0;

	for (k = 0; k < sizeof export_sql / sizeof *export_sql; k++) {
		q = tw_q(s, export_sql[k].sql, "ss", t->id, t->name);
		while ((r = tw_q_row(q)) == 1) {
			if (!export_sql[k].type) {
				if ((o = cJSON_Parse(tw_q_text(q, 0))))
					record_out(p, o, &seen, &nseen);
			} else {
				o = row_json(q, export_sql[k].type,
				    export_sql[k].cols);
				tw_emit(o);
			}
			cJSON_Delete(o);
		}
		if (tw_q_end(q) < 0 || r < 0)
			return -1;
	}
	/* the person's messages filed elsewhere */
	q = tw_q(s, "SELECT record FROM messages ORDER BY time, seq", "");
	while ((r = tw_q_row(q)) == 1) {
		o = cJSON_Parse(tw_q_text(q, 0));
		if (tw_purge_judge(p, o, 0) == 2)
			record_out(p, o, &seen, &nseen);
		cJSON_Delete(o);
	}
	return tw_q_end(q) < 0 || r < 0 ? -1 : 0;
}

int
tw_purge_export_file(struct tw_purge *p, const char *path)
{
	tw_reader rd;
	char *line;
	cJSON *rec;
	int rv;

	if (tw_reader_open(&rd, path) < 0)
		return -1;
	while ((line = tw_reader_line(&rd))) {
		rec = *line == '{' ? cJSON_Parse(line) : NULL;
		if (rec && tw_purge_judge(p, rec, 0) == 2)
			record_out(p, rec, &seen, &nseen);
		cJSON_Delete(rec);
	}
	rv = rd.error ? -1 : 0;
	tw_reader_close(&rd);
	return rv;
}

static void
wrapped_out(const char *type, const char *name, cJSON *o)
{
	cJSON *w = cJSON_CreateObject();

	cJSON_AddStringToObject(w, "type", type);
	if (name)
		cJSON_AddStringToObject(w, "name", name);
	cJSON_AddItemToObject(w, "entry", o);
	tw_emit(w);
	cJSON_Delete(w);
}

static int
journal_out(const char *line, size_t len, void *ctx)
{
	cJSON *o = cJSON_ParseWithLength(line, len);

	if (o && tw_purge_about(ctx, o, 0))
		wrapped_out("journal", NULL, o);
	else
		cJSON_Delete(o);
	return 0;
}

static int
state_out(struct tw_purge *p, const char *sub, const char *name, cJSON *o)
{
	(void)p;
	wrapped_out(strcmp(sub, "drafts") ? "ledger" : "draft", name,
	    cJSON_Duplicate(o, 1));
	return 0;
}

int
tw_purge_export_state(struct tw_purge *p)
{
	int rv = tw_purge_state_each(p, 0, state_out);

	if (tw_journal_walk(journal_out, p) < 0)
		rv = -1;
	if (profile)
		tw_emit(profile);
	cJSON_Delete(profile);
	profile = NULL;
	while (nseen > 0)
		free(seen[--nseen]);
	free(seen);
	seen = NULL;
	return rv;
}
