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

static int journal_draft(const struct tw_sender *s, const char *event,
    const cJSON *d, const char *name, const char *reason, const char *after);

int
tw_draft_queue(struct tw_sender *s, struct tw_intent *it, const char *why)
{
	cJSON *d = cJSON_Duplicate(it->in, 1), *dr;
	char now[32], *line;
	int rv;

	{
		time_t t;       /* the records' clock (TW_NOW), as the age */

		if (tw_clock(&t) < 0)
			t = time(NULL);
		tw_time_format(t, now, sizeof now);
	}
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
	/* the trail has it from the start (tw-audit(1)) */
	if (!rv && journal_draft(s, "queue", d, it->key, why, NULL) < 0)
		rv = -1;
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

/* A draft's age in seconds (now: TW_NOW or the clock), -1 unknown. */
static long
draft_age(const cJSON *d)
{
	const char *q = tw_json_str(tw_json_path(d, "draft"), "queued_at");
	time_t t, now;

	if (!q || tw_time_parse_rfc3339(q, &t) < 0 || tw_clock(&now) < 0)
		return -1;
	return now > t ? (long)(now - t) : 0;
}

int
tw_drafts_list(struct tw_sender *s)
{
	const char *mx = tw_account_get(s->acct, "draft_max_age");
	char **names, *txt;
	long max = 0, age;
	cJSON *d, *dr;
	int n, i;

	if (mx && *mx && tw_duration_parse(mx, &max) < 0) {
		tw_warn("draft_max_age: not a duration: '%s'", mx);
		max = 0;
	}
	names = tw_state_list("drafts", &n);
	for (i = 0; i < n; i++) {
		txt = tw_state_read("drafts", names[i]);
		if (txt && (d = cJSON_Parse(txt))) {
			/* how long it has waited; over draft_max_age: stale */
			dr = cJSON_GetObjectItemCaseSensitive(d, "draft");
			if (cJSON_IsObject(dr) && (age = draft_age(d)) >= 0) {
				cJSON_AddNumberToObject(dr, "age", (double)age);
				if (max > 0 && age > max)
					cJSON_AddTrueToObject(dr, "stale");
			}
			tw_emit(d);
			cJSON_Delete(d);
		}
		free(txt);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* The draft whose id starts with id (4 characters at least): its name
 * in names, or NULL after a line (none, or several). */
static const char *
draft_named(char **names, int n, const char *id)
{
	size_t l = strlen(id);
	const char *found = NULL;
	int i, k = 0;

	for (i = 0; i < n; i++)
		if (l >= 4 && !strncmp(names[i], id, l)) {
			found = names[i];
			k++;
		}
	if (k != 1) {
		tw_warn("%s: %s", id, k ? "ambiguous draft id" : "no such draft");
		return NULL;
	}
	return found;
}

/* Whether agent may approve (or edit) a draft of author's: never one's
 * own; with "approvers" in the config, only those named.  Says why not. */
static int
may_approve(const struct tw_sender *s, const char *agent,
    const char *author, const char *draft, const char *what)
{
	const char *ap = tw_account_get(s->acct, "approvers");

	if (author && !strcmp(agent, author)) {
		tw_warn("draft %.8s is %s's own: %s may not %s it; another "
		    "approver must", draft, author, agent, what);
		return 0;
	}
	if (ap && *ap && !in_list(ap, agent) && !in_list(ap, "*")) {
		tw_warn("draft %.8s: %s may not %s drafts (approvers: %s)",
		    draft, agent, what, ap);
		return 0;
	}
	return 1;
}

/* The journal's line for a rejection or an edit: who, whose draft, and
 * the text (both texts for an edit). */
static int
journal_draft(const struct tw_sender *s, const char *event, const cJSON *d,
    const char *name, const char *reason, const char *after)
{
	cJSON *ev = cJSON_CreateObject();
	const char *v;
	char now[32];
	time_t t;
	int rv;

	if (tw_clock(&t) < 0)
		t = time(NULL);
	cJSON_AddStringToObject(ev, "time", tw_time_format(t, now,
	    sizeof now));
	cJSON_AddStringToObject(ev, "event", event);
	cJSON_AddStringToObject(ev, "agent", s->agent);
	if ((v = tw_json_str(d, "agent")))
		cJSON_AddStringToObject(ev, "author", v);
	cJSON_AddStringToObject(ev, "account", s->acct->name);
	cJSON_AddStringToObject(ev, "draft", name);
	cJSON_AddStringToObject(ev, "kind", s->what);
	if ((v = tw_json_str(d, "in_reply_to")) || (v = tw_json_str(d, "to")))
		cJSON_AddStringToObject(ev, tw_json_str(d, "to") ? "to" :
		    "in_reply_to", v);
	cJSON_AddStringToObject(ev, after ? "before" : "text",
	    (v = tw_json_str(d, "text")) ? v : "");
	if (after)
		cJSON_AddStringToObject(ev, "after", after);
	if (reason)
		cJSON_AddStringToObject(ev, "reason", reason);
	rv = tw_journal_append(ev);
	cJSON_Delete(ev);
	return rv;
}

/* --reject and --edit: one draft each, with the authority to.  An exit
 * code. */
static int
draft_change(struct tw_sender *s, const char *id, const char *reason,
    const char *text)
{
	char **names, *txt = NULL, *line;
	const char *name, *author;
	cJSON *d = NULL;
	int n, i, rv = TW_EXIT_PARTIAL;

	names = tw_state_list("drafts", &n);
	if (!(name = draft_named(names, n, id)))
		goto out;
	if (!(txt = tw_state_read("drafts", name)) || !(d = cJSON_Parse(txt)))
		goto out;
	author = tw_json_str(d, "agent");
	/* one's own draft may be withdrawn, or edited before approval */
	if ((!author || strcmp(author, s->agent)) &&
	    !may_approve(s, s->agent, author, name, text ? "edit" : "reject"))
		goto out;
	/* the journal first: a team's store refuses a line of someone
	 * without the authority before anything has changed */
	if (journal_draft(s, text ? "edit" : "reject", d, name, reason,
	    text) < 0) {
		rv = tw_state_exit(TW_EXIT_WRITE);
		goto out;
	}
	if (!text) {
		rv = tw_state_remove("drafts", name) < 0 ?
		    tw_state_exit(TW_EXIT_WRITE) : 0;
		if (!rv)
			tw_warn("rejected %.8s%s%s", name, reason ? ": " : "",
			    reason ? reason : "");
		goto out;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(d, "text");
	cJSON_AddStringToObject(d, "text", text);
	cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(d, "draft"),
	    "edited_by", s->agent);
	line = tw_json_line(d);
	rv = tw_state_write("drafts", name, line) < 0 ?
	    tw_state_exit(TW_EXIT_WRITE) : 0;
	free(line);
	if (!rv)
		tw_warn("edited %.8s", name);
out:
	cJSON_Delete(d);
	free(txt);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rv;
}

int
tw_drafts_reject(struct tw_sender *s, char **ids, int nids,
    const char *reason)
{
	int i, r, rv = 0;

	for (i = 0; i < nids; i++)
		if ((r = draft_change(s, ids[i], reason, NULL)) > rv)
			rv = r;
	return rv;
}

int
tw_drafts_edit(struct tw_sender *s, const char *id, const char *text)
{
	return draft_change(s, id, NULL, text);
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
		if (!may_approve(s, s->agent, tw_json_str(d, "agent"),
		    names[i], "approve")) {
			rv = TW_EXIT_PARTIAL;
			cJSON_Delete(d);
			continue;
		}
		/* the text already carries its signature */
		{
			const char *sig = s->signature;

			s->signature = NULL;
			r = tw_intent_load(s, &it, d, NULL);
			s->signature = sig;
		}
		if (!r) {
			it.oneoff = oneoff && !it.ukey;
			s->draft = names[i];
			r = tw_send(s, &it);
			s->draft = NULL;
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
