/* sbrules.c - tw-sandbox: the filtered stream's rules endpoints (list,
 * add, delete, dry_run, delete_all).  Which rules a post matches is the
 * store's (sb_rules_matching).
 *
 * Layer: endpoints (lib/sandbox/README).  Calls the store, sbanswer.c
 * and sbparam.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sbapi.h"
#include "sbparam.h"
#include "sbstore.h"
#include "query.h"
#include "timefmt.h"

#define PROB "https://api.twitter.com/2/problems/"

static void
sent(cJSON *meta)
{
	char buf[40];

	tw_time_format(time(NULL), buf, sizeof buf);
	if (strlen(buf) == 20)
		strcpy(buf + 19, ".000Z");
	cJSON_AddStringToObject(meta, "sent", buf);
}

static cJSON *
rule_json(const struct sb_rule *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", r->id);
	cJSON_AddStringToObject(o, "value", r->value);
	if (r->tag)
		cJSON_AddStringToObject(o, "tag", r->tag);
	return o;
}

void
sb_rules_get(struct sb_req *r, struct sb_resp *w)
{
	static const struct sb_pspec spec = { "ids max_results pagination_token",
	    0, 1, 1000, 1000, 16 };
	struct sb_fields f;
	const char *ids = tw_kvs_get(&r->query, "ids");
	const char *tok = tw_kvs_get(&r->query, "pagination_token");
	const char *mr = tw_kvs_get(&r->query, "max_results");
	int max = mr ? atoi(mr) : 1000, k = 0;
	uint64_t pos = 0;
	cJSON *o, *data = NULL, *meta;
	char *next = NULL;
	size_t i;

	if (sb_params(r, w, &spec, &f) < 0)
		return;
	if (tok)
		sb_token_parse(tok, &pos);
	o = cJSON_CreateObject();
	for (i = 0; i < sb.nrules; i++) {
		if (ids && !sb_list_has(ids, ',', sb.rules[i]->id))
			continue;
		if (pos && strtoull(sb.rules[i]->id, NULL, 10) <= pos)
			continue;
		if (k == max) {
			next = sb_token_make(strtoull(sb.rules[i - 1]->id, NULL,
			    10));
			break;
		}
		if (!data)
			data = cJSON_AddArrayToObject(o, "data");
		cJSON_AddItemToArray(data, rule_json(sb.rules[i]));
		k++;
	}
	meta = cJSON_AddObjectToObject(o, "meta");
	sent(meta);
	cJSON_AddNumberToObject(meta, "result_count", k);
	if (next)
		cJSON_AddStringToObject(meta, "next_token", next);
	free(next);
	sb_json(w, 200, o);
}

static struct sb_rule *
by_value(const char *v)
{
	size_t i;

	for (i = 0; i < sb.nrules; i++)
		if (strcmp(sb.rules[i]->value, v) == 0)
			return sb.rules[i];
	return NULL;
}

static void
rule_drop(size_t i)
{
	struct sb_rule *r = sb.rules[i];

	memmove(sb.rules + i, sb.rules + i + 1,
	    (sb.nrules - i - 1) * sizeof *sb.rules);
	sb.nrules--;
	tw_query_free(r->q);
	free(r->id);
	free(r->value);
	free(r->tag);
	free(r);
	sb.dirty = 1;
}

static void
add(struct sb_resp *w, const cJSON *list, int dry)
{
	cJSON *o = cJSON_CreateObject(), *errs = cJSON_CreateArray(), *data;
	cJSON *meta, *sum, *e, *det;
	const cJSON *it, *todo;
	const char *v, *tag, *err;
	struct tw_query *q;
	struct sb_rule *dup, *nr;
	int valid = 0, bad = 0, created = 0, notc = 0;
	int n = cJSON_GetArraySize(list);

	cJSON_ArrayForEach(it, list) {
		v = tw_json_str(it, "value");
		err = NULL;
		if (!v || !*v)
			err = "A rule needs a value";
		else if (strlen(v) > 1024)
			err = "Rule length exceeds 1024 characters";
		else if (!(q = tw_query_parse(v, &err)))
			;
		else
			tw_query_free(q);
		if (err) {
			bad++;
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "value", v ? v : "");
			det = cJSON_AddArrayToObject(e, "details");
			cJSON_AddItemToArray(det, cJSON_CreateString(err));
			cJSON_AddStringToObject(e, "title", "Invalid Rule");
			cJSON_AddStringToObject(e, "type", PROB "invalid-rules");
			cJSON_AddItemToArray(errs, e);
		} else {
			valid++;
		}
	}
	if (!bad && sb.nrules + (size_t)n > 1000) {
		cJSON_Delete(o);
		cJSON_Delete(errs);
		sb_problem(w, 400, PROB "rule-cap", "RulesCapProblem",
		    "You have exceeded the maximum number of rules (1000).");
		return;
	}
	data = bad ? NULL : cJSON_AddArrayToObject(o, "data");
	todo = bad ? NULL : list;
	cJSON_ArrayForEach(it, todo) {
		v = tw_json_str(it, "value");
		tag = tw_json_str(it, "tag");
		if ((dup = by_value(v))) {
			notc++;
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "value", v);
			cJSON_AddStringToObject(e, "id", dup->id);
			cJSON_AddStringToObject(e, "title", "DuplicateRule");
			cJSON_AddStringToObject(e, "type", PROB "duplicate-rules");
			cJSON_AddItemToArray(errs, e);
			continue;
		}
		nr = xcalloc(1, sizeof *nr);
		nr->id = sb_id_str(sb_next_id(sb_now_ms()));
		nr->value = xstrdup(v);
		nr->tag = tag ? xstrdup(tag) : NULL;
		nr->q = tw_query_parse(v, &err);
		cJSON_AddItemToArray(data, rule_json(nr));
		created++;
		if (dry) {
			tw_query_free(nr->q);
			free(nr->id);
			free(nr->value);
			free(nr->tag);
			free(nr);
			continue;
		}
		sb.rules = xrealloc(sb.rules, (sb.nrules + 1) * sizeof *sb.rules);
		sb.rules[sb.nrules++] = nr;
		sb.dirty = 1;
	}
	/* X answers 200 even when every rule is invalid: the summary and
	 * the errors say what happened */
	if (bad)
		notc = n;
	if (data && !cJSON_GetArraySize(data))
		cJSON_DeleteItemFromObject(o, "data");
	meta = cJSON_AddObjectToObject(o, "meta");
	sent(meta);
	sum = cJSON_AddObjectToObject(meta, "summary");
	cJSON_AddNumberToObject(sum, "created", created);
	cJSON_AddNumberToObject(sum, "not_created", notc);
	cJSON_AddNumberToObject(sum, "valid", valid);
	cJSON_AddNumberToObject(sum, "invalid", bad);
	if (cJSON_GetArraySize(errs))
		cJSON_AddItemToObject(o, "errors", errs);
	else
		cJSON_Delete(errs);
	sb_json(w, 200, o);
}

static void
del(struct sb_resp *w, const cJSON *ids, const cJSON *values, int all, int dry)
{
	cJSON *o = cJSON_CreateObject(), *errs = cJSON_CreateArray(), *e;
	cJSON *meta, *sum;
	const cJSON *it, *todo;
	int deleted = 0, notd = 0, found;
	size_t i;
	char *d;

	if (all) {
		deleted = (int)sb.nrules;
		while (!dry && sb.nrules)
			rule_drop(sb.nrules - 1);
	}
	todo = ids ? ids : values;
	cJSON_ArrayForEach(it, todo) {
		found = 0;
		for (i = 0; cJSON_IsString(it) && i < sb.nrules; i++)
			if (strcmp(ids ? sb.rules[i]->id : sb.rules[i]->value,
			    it->valuestring) == 0) {
				found = 1;
				if (!dry)
					rule_drop(i);
				break;
			}
		if (found) {
			deleted++;
			continue;
		}
		notd++;
		e = cJSON_CreateObject();
		d = xasprintf("Rule %s [%s] was not found", ids ? "id" : "value",
		    cJSON_IsString(it) ? it->valuestring : "");
		cJSON_AddStringToObject(e, "title", "Not Found");
		cJSON_AddStringToObject(e, "detail", d);
		cJSON_AddStringToObject(e, "type", "about:blank");
		free(d);
		cJSON_AddItemToArray(errs, e);
	}
	meta = cJSON_AddObjectToObject(o, "meta");
	sent(meta);
	sum = cJSON_AddObjectToObject(meta, "summary");
	cJSON_AddNumberToObject(sum, "deleted", deleted);
	cJSON_AddNumberToObject(sum, "not_deleted", notd);
	if (cJSON_GetArraySize(errs))
		cJSON_AddItemToObject(o, "errors", errs);
	else
		cJSON_Delete(errs);
	sb_json(w, 200, o);
}

static void
bad_body(struct sb_resp *w, const char *msg)
{
	cJSON *e = cJSON_CreateArray();

	cJSON_AddItemToArray(e, sb_param_error(NULL, NULL, "%s", msg));
	sb_invalid(w, e);
}

void
sb_rules_post(struct sb_req *r, struct sb_resp *w)
{
	static const struct sb_pspec spec = { "dry_run delete_all", 0, 0, 0, 0,
	    1 };
	struct sb_fields f;
	const char *dr = tw_kvs_get(&r->query, "dry_run");
	const char *da = tw_kvs_get(&r->query, "delete_all");
	int dry = dr && strcmp(dr, "true") == 0;
	const cJSON *a, *d;
	cJSON *o = NULL;

	if (sb_params(r, w, &spec, &f) < 0)
		return;
	if (da && strcmp(da, "true") == 0) {
		del(w, NULL, NULL, 1, dry);
		return;
	}
	if (!r->ctype || strncasecmp(r->ctype, "application/json", 16) != 0) {
		bad_body(w, "Requests with bodies must have content-type of "
		    "application/json.");
		return;
	}
	o = cJSON_ParseWithLength(r->body ? r->body : "", r->bodylen);
	a = cJSON_GetObjectItemCaseSensitive(o, "add");
	d = cJSON_GetObjectItemCaseSensitive(o, "delete");
	if (cJSON_IsArray(a) && !d && cJSON_GetArraySize(a) > 0)
		add(w, a, dry);
	else if (cJSON_IsObject(d) && !a &&
	    (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(d, "ids")) ||
	    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(d, "values"))))
		del(w, cJSON_GetObjectItemCaseSensitive(d, "ids"),
		    cJSON_GetObjectItemCaseSensitive(d, "values"), 0, dry);
	else
		bad_body(w, "The body must be {\"add\":[{\"value\",\"tag\"}]} or "
		    "{\"delete\":{\"ids\":[...]}} or {\"delete\":{\"values\":"
		    "[...]}}");
	cJSON_Delete(o);
}
