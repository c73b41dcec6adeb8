/* drafts.c - the approval spool (TW_HOME/drafts/KEY): who must be
 * approved, queueing a draft, listing and approving them. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "drafts.h"
#include "ndjson.h"
#include "state.h"
#include "timefmt.h"

/* Is the name in a comma- or space-separated list? */
static int
in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p && *p) {
		p += strspn(p, ", \t");
		if (!strncmp(p, name, n) && (!p[n] || strchr(", \t", p[n])))
			return 1;
		p += strcspn(p, ", \t");
	}
	return 0;
}

const char *
tw_draft_needed(const struct tw_sender *s, const struct tw_intent *it,
    long followers)
{
	const char *agents = tw_account_get(s->acct, "approve_agents");
	const char *fl = tw_account_get(s->acct, "approve_followers");

	if (s->approver)
		return NULL;
	if (agents && (in_list(agents, it->agent) || in_list(agents, "*")))
		return it->kind == TW_SEND_DM ? "DMs by this agent need approval" :
		    "replies by this agent need approval";
	if (fl && atol(fl) > 0 && followers >= atol(fl))
		return "replies to authors with this many followers need approval";
	return NULL;
}

int
tw_draft_queue(struct tw_sender *s, struct tw_intent *it, const char *why)
{
	cJSON *d = cJSON_Duplicate(it->in, 1), *dr;
	char now[32], *line;
	int rv;

	tw_time_format(time(NULL), now, sizeof now);
	cJSON_DeleteItemFromObjectCaseSensitive(d, "text");
	cJSON_AddStringToObject(d, "text", it->text);
	if (!cJSON_GetObjectItemCaseSensitive(d, "agent"))
		cJSON_AddStringToObject(d, "agent", it->agent);
	dr = cJSON_AddObjectToObject(d, "draft");
	cJSON_AddStringToObject(dr, "id", it->key);
	cJSON_AddStringToObject(dr, "kind", s->what);
	cJSON_AddStringToObject(dr, "queued_at", now);
	if (why)
		cJSON_AddStringToObject(dr, "why", why);
	/* a one-off keeps its rule for repeats when approved */
	if (it->oneoff)
		cJSON_AddTrueToObject(dr, "oneoff");
	line = tw_json_line(d);
	rv = tw_state_write("drafts", it->key, line);
	if (!rv) {
		tw_warn("queued %.8s for approval%s%s", it->key, why ? ": " : "",
		    why ? why : "");
		/* a person at a terminal has the line above */
		if (!s->human)
			tw_emit(d);
	}
	free(line);
	cJSON_Delete(d);
	return rv ? TW_EXIT_PARTIAL : 0;
}

int
tw_drafts_list(struct tw_sender *s)
{
	char **names;
	char *txt;
	int n, i;

	(void)s;
	names = tw_state_list("drafts", &n);
	for (i = 0; i < n; i++) {
		if ((txt = tw_state_read("drafts", names[i]))) {
			fputs(txt, stdout);
			if (!*txt || txt[strlen(txt) - 1] != '\n')
				fputc('\n', stdout);
			free(txt);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

int
tw_drafts_approve(struct tw_sender *s, char **ids, int nids)
{
	struct tw_intent it;
	char **names, *txt;
	int n, i, j, rv = 0, r, matched;
	cJSON *d, *dr;
	size_t l;
	int oneoff;

	names = tw_state_list("drafts", &n);
	for (j = 0; j < nids; j++) {
		matched = 0;
		l = strlen(ids[j]);
		for (i = 0; i < n; i++)
			if (l >= 4 && !strncmp(names[i], ids[j], l))
				matched++;
		if (matched != 1) {
			tw_warn("%s: %s", ids[j], matched ? "ambiguous draft id" :
			    "no such draft");
			rv = TW_EXIT_PARTIAL;
		}
	}
	for (i = 0; i < n; i++) {
		matched = nids == 0;
		for (j = 0; j < nids && !matched; j++)
			matched = strlen(ids[j]) >= 4 &&
			    !strncmp(names[i], ids[j], strlen(ids[j]));
		if (!matched || !(txt = tw_state_read("drafts", names[i])))
			continue;
		d = cJSON_Parse(txt);
		free(txt);
		dr = cJSON_DetachItemFromObjectCaseSensitive(d, "draft");
		if (!d || strcmp(tw_json_str(dr, "kind") ? tw_json_str(dr, "kind") :
		    "reply", s->what)) {
			cJSON_Delete(dr);
			cJSON_Delete(d);
			continue;
		}
		oneoff = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(dr,
		    "oneoff"));
		cJSON_Delete(dr);
		/* the text already carries its signature */
		{
			const char *sig = s->signature;

			s->signature = NULL;
			r = tw_intent_load(s, &it, d, NULL);
			s->signature = sig;
		}
		if (!r) {
			it.oneoff = oneoff && !it.ukey;
			r = tw_send(s, &it);
			if (!r)
				tw_state_remove("drafts", names[i]);
		}
		if (r)
			rv = r;
		tw_intent_free(&it);
		cJSON_Delete(d);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rv;
}
