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
tw_ledger_put(const struct tw_intent *it, const char *state, const char *id)
{
	cJSON *o = cJSON_CreateObject();
	char now[32], *line;
	int rv;

	tw_time_format(time(NULL), now, sizeof now);
	cJSON_AddStringToObject(o, "key", it->key);
	cJSON_AddStringToObject(o, "state", state);
	if (id)
		cJSON_AddStringToObject(o, "id", id);
	if (it->in_reply_to)
		cJSON_AddStringToObject(o, "in_reply_to", it->in_reply_to);
	if (it->to_id)
		cJSON_AddStringToObject(o, "to", it->to_id);
	cJSON_AddStringToObject(o, "agent", it->agent);
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

/* Whether the journal has a line for the intent key. */
int
tw_journal_has(const char *key)
{
	char *path = tw_journal_path(), pat[64];
	tw_reader r;
	char *line;
	FILE *fp = fopen(path, "r");
	int found = 0;

	free(path);
	if (!fp)
		return 0;
	snprintf(pat, sizeof pat, "\"key\":\"%s\"", key);
	tw_reader_from(&r, fp, "journal");
	while (!found && (line = tw_reader_line(&r)))
		found = strstr(line, pat) != NULL;
	tw_reader_close(&r);
	fclose(fp);
	return found;
}

/* A colleague's reply to the same post in the journal. */
cJSON *
tw_journal_reply(const char *target, const char *key)
{
	char *path = tw_journal_path();
	tw_reader r;
	char *line;
	cJSON *o, *found = NULL;
	FILE *fp = fopen(path, "r");

	free(path);
	if (!fp)
		return NULL;
	tw_reader_from(&r, fp, "journal");
	while ((line = tw_reader_line(&r))) {
		const char *ev, *irt, *k;

		if (!strstr(line, target))
			continue;
		if (!(o = cJSON_Parse(line)))
			continue;
		ev = tw_json_str(o, "event");
		irt = tw_json_str(o, "in_reply_to");
		k = tw_json_str(o, "key");
		if (ev && !strcmp(ev, "reply") && irt && !strcmp(irt, target) &&
		    (!k || strcmp(k, key))) {
			cJSON_Delete(found);
			found = o;
		} else
			cJSON_Delete(o);
	}
	tw_reader_close(&r);
	fclose(fp);
	return found;
}
