/* ledger.c - the send ledger (TW_HOME/ledger/KEY): "pending" before a
 * request, "sent" with the posted id after it; and what the journal says
 * was sent.  See respond.c for how a send uses them. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger.h"
#include "state.h"
#include "timefmt.h"

cJSON *
tw_ledger_get(const char *key)
{
	char *s = tw_state_read("ledger", key);
	cJSON *o;

	if (!s)
		return NULL;
	o = cJSON_Parse(s);
	free(s);
	return o;
}

int
tw_ledger_put(const struct tw_intent *it, const char *approver,
    const char *state, const char *id)
{
	cJSON *o = cJSON_CreateObject();
	char now[32], *line;
	time_t t;
	int rv;

	/* the clock of the records and the journal ($TW_NOW, as tw-case
	 * takes it), which a repeat's age is measured by (respond.c) */
	tw_clock(&t);
	tw_time_format(t, now, sizeof now);
	cJSON_AddStringToObject(o, "key", it->key);
	cJSON_AddStringToObject(o, "state", state);
	if (id)
		cJSON_AddStringToObject(o, "id", id);
	if (it->in_reply_to)
		cJSON_AddStringToObject(o, "in_reply_to", it->in_reply_to);
	if (it->to_id)
		cJSON_AddStringToObject(o, "to", it->to_id);
	cJSON_AddStringToObject(o, "agent", it->agent);
	/* who approved the draft: a team's store checks it (tw-config(5)) */
	if (approver)
		cJSON_AddStringToObject(o, "approver", approver);
	cJSON_AddStringToObject(o, "time", now);
	line = tw_json_line(o);
	rv = tw_state_write("ledger", it->key, line);
	free(line);
	cJSON_Delete(o);
	return rv;
}

void
tw_ledger_remove(const char *key)
{
	tw_state_remove("ledger", key);
}

static int
found_line(const char *line, void *ctx)
{
	(void)line;
	*(int *)ctx = 1;
	return 1;
}

/* Whether the journal has a line for the intent key. */
int
tw_journal_has(const char *key)
{
	int found = 0;

	tw_journal_scan(key, NULL, found_line, &found);
	return found;
}

struct reply_find {
	const char *target, *key;
	cJSON *found;
};

static int
reply_line(const char *line, void *ctx)
{
	struct reply_find *f = ctx;
	const char *ev, *irt, *k;
	cJSON *o;

	if (!(o = cJSON_Parse(line)))
		return 0;
	ev = tw_json_str(o, "event");
	irt = tw_json_str(o, "in_reply_to");
	k = tw_json_str(o, "key");
	if (ev && !strcmp(ev, "reply") && irt && !strcmp(irt, f->target) &&
	    (!k || strcmp(k, f->key))) {
		cJSON_Delete(f->found);
		f->found = o;
	} else
		cJSON_Delete(o);
	return 0;
}

/* A colleague's reply to the same post in the journal: the latest. */
cJSON *
tw_journal_reply(const char *target, const char *key)
{
	struct reply_find f = { target, key, NULL };

	tw_journal_scan(NULL, target, reply_line, &f);
	return f.found;
}
