/* compliance.c - X's batch compliance jobs and compliance events as
 * records (compliance.h) */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compliance.h"
#include "fetch.h"
#include "ndjson.h"
#include "opt.h"
#include "util.h"

/* X's reasons (results) and events (streams), and tw's action for each */
static const struct {
	const char *x, *action;
} actions[] = {
	{ "deleted", "delete" }, { "bounced", "delete" },
	{ "suspended", "suspend" }, { "protected", "protect" },
	{ "deactivated", "deactivate" }, { "scrub_geo", "scrub_geo" },
	{ "delete", "delete" }, { "drop", "drop" }, { "undrop", "undrop" },
	{ "withheld", "withhold" }, { "tweet_edit", "edit" },
	{ "user_delete", "delete" }, { "user_undelete", "undelete" },
	{ "user_suspend", "suspend" }, { "user_unsuspend", "unsuspend" },
	{ "user_protect", "protect" }, { "user_unprotect", "unprotect" },
	{ "user_withheld", "withhold" },
	{ "user_profile_modification", "profile" },
};

static const char *
action_of(const char *x)
{
	size_t i;

	for (i = 0; x && i < sizeof actions / sizeof *actions; i++)
		if (!strcmp(actions[i].x, x))
			return actions[i].action;
	return x ? x : "delete";
}

int
tw_compliance_removes(const char *a)
{
	return a && (!strcmp(a, "delete") || !strcmp(a, "suspend") ||
	    !strcmp(a, "protect") || !strcmp(a, "deactivate") ||
	    !strcmp(a, "drop"));
}

static void
copy_str(cJSON *to, const cJSON *from, const char *key, const char *as)
{
	const char *v = tw_json_str(from, key);

	if (v)
		cJSON_AddStringToObject(to, as ? as : key, v);
}

static cJSON *
record_new(const char *id, const char *kind, const char *action)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddStringToObject(r, "type", "compliance");
	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "kind", kind);
	cJSON_AddStringToObject(r, "action", action);
	return r;
}

cJSON *
tw_compliance_from_result(const cJSON *row, const char *kind)
{
	const char *id = tw_json_str(row, "id");
	const char *reason = tw_json_str(row, "reason");
	cJSON *r;

	if (!id || !tw_is_id(id))
		return NULL;
	r = record_new(id, kind, action_of(reason ? reason : "deleted"));
	copy_str(r, row, "reason", NULL);
	copy_str(r, row, "created_at", NULL);
	copy_str(r, row, "redacted_at", NULL);
	cJSON_AddStringToObject(r, "source", "compliance");
	return r;
}

cJSON *
tw_compliance_from_event(const cJSON *msg)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");
	const cJSON *ev = cJSON_IsObject(data) ? data->child : NULL;
	const cJSON *tw, *u;
	const char *id;
	cJSON *r;

	if (!cJSON_IsObject(ev) || !ev->string)
		return NULL;
	tw = cJSON_GetObjectItemCaseSensitive(ev, "tweet");
	u = cJSON_GetObjectItemCaseSensitive(ev, "user");
	if (!(id = tw_json_str(tw ? tw : u, "id")) && tw)
		id = tw_json_str(ev, "initial_tweet_id");
	if (!id || !tw_is_id(id))
		return NULL;
	r = record_new(id, tw ? "tweet" : "user", action_of(ev->string));
	cJSON_AddStringToObject(r, "reason", ev->string);
	if (tw)
		copy_str(r, tw, "author_id", NULL);
	copy_str(r, ev, "quote_tweet_id", NULL);
	copy_str(r, ev, "event_at", "redacted_at");
	cJSON_AddStringToObject(r, "source", "compliance");
	return r;
}

/* The ids of file, one a line: 0, or 2 after a located warning. */
static int
read_ids(const char *file, tw_buf *ids, int users)
{
	tw_reader rd;
	const char *id;
	cJSON *o = NULL;
	char *line;
	int rv = 0;

	if (tw_reader_open(&rd, file) < 0)
		return TW_EXIT_USAGE;
	while (rv == 0 && (line = tw_reader_line(&rd))) {
		line += strspn(line, " \t");
		if (!*line)
			continue;
		id = line;
		if (*line == '{') {
			o = tw_parse_line(line, strlen(line), &rd.loc);
			id = users ? tw_json_str(cJSON_GetObjectItemCaseSensitive(o,
			    "author"), "id") : NULL;
			if (!id)
				id = tw_json_str(o, "id");
		}
		if (!id || !tw_is_id(id)) {
			tw_warn("%s:%lu: not a %s id", rd.loc.file, rd.loc.line,
			    users ? "user" : "post");
			rv = TW_EXIT_USAGE;
		} else {
			tw_buf_adds(ids, id);
			tw_buf_addc(ids, '\n');
		}
		cJSON_Delete(o);
		o = NULL;
	}
	if (rd.error || rd.stopped)
		rv = TW_EXIT_USAGE;
	tw_reader_close(&rd);
	return rv;
}

/* A request of the job's, its JSON answer's "data" in *data (owned by
 * resp).  An exit code. */
static int
job_req(struct tw_fetch *f, struct tw_req *req, struct tw_resp *resp,
    const cJSON **data)
{
	int rv;

	req->auth = TW_AUTH_APP;
	if ((rv = tw_fetch_get(f, req, resp)) != 0)
		return rv;
	*data = cJSON_GetObjectItemCaseSensitive(resp->json, "data");
	if (!cJSON_IsObject(*data) || !tw_json_str(*data, "id")) {
		tw_warn("%s: the compliance job's answer has no data", f->what);
		return TW_EXIT_API;
	}
	return 0;
}

/* PUT the ids to the signed URL: no Authorization, text/plain. */
static int
upload(struct tw_fetch *f, const char *url, const tw_buf *ids)
{
	struct tw_req req = { 0 };
	struct tw_resp resp = { 0 };
	int rv;

	req.method = "PUT";
	req.path = url;
	req.json = ids->s ? ids->s : "";
	req.json_type = "text/plain";
	req.auth = TW_AUTH_NONE;
	req.no_retry = 0;
	rv = tw_fetch_get(f, &req, &resp);
	tw_resp_free(&resp);
	return rv;
}

/* Poll the job until it is complete: its download URL (malloc'd) in
 * *url.  The wait between polls starts at $TW_COMPLIANCE_POLL_MS (1000)
 * and doubles to a minute. */
static int
poll_job(struct tw_fetch *f, const char *id, char **url)
{
	const char *env = getenv("TW_COMPLIANCE_POLL_MS"), *st;
	long wait = env && atol(env) > 0 ? atol(env) : 1000;
	struct tw_req req = { 0 };
	struct tw_resp resp = { 0 };
	const cJSON *data;
	char *path = xasprintf("/2/compliance/jobs/%s", id);
	int rv;

	for (;;) {
		memset(&resp, 0, sizeof resp);
		req.path = path;
		if ((rv = job_req(f, &req, &resp, &data)) != 0)
			break;
		st = tw_json_str(data, "status");
		if (st && !strcmp(st, "complete")) {
			*url = xstrdup(tw_json_str(data, "download_url") ?
			    tw_json_str(data, "download_url") : "");
			break;
		}
		if (!st || (strcmp(st, "created") && strcmp(st, "in_progress"))) {
			tw_warn("%s: compliance job %s: %s", f->what, id,
			    st ? st : "no status");
			rv = TW_EXIT_API;
			break;
		}
		tw_resp_free(&resp);
		usleep((useconds_t)wait * 1000);
		if (tw_fetch_stop) {
			rv = TW_EXIT_INTR;
			break;
		}
		wait = wait * 2 > 60000 ? 60000 : wait * 2;
	}
	tw_resp_free(&resp);
	free(path);
	return rv;
}

/* The results, one JSON object a line, as records. */
static int
results(struct tw_fetch *f, const char *url, const char *kind)
{
	struct tw_req req = { 0 };
	struct tw_resp resp = { 0 };
	const char *p, *e;
	cJSON *o, *r;
	int rv;

	req.path = url;
	req.auth = TW_AUTH_NONE;
	if ((rv = tw_fetch_get(f, &req, &resp)) != 0)
		goto out;
	for (p = resp.body.s; p && *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		o = cJSON_ParseWithLength(p, (size_t)(e - p));
		if ((r = tw_compliance_from_result(o, kind))) {
			tw_emit(r);
			f->emitted++;
		} else if (e > p + strspn(p, " \r")) {
			tw_warn("%s: a result that is not one: %.*s", f->what,
			    (int)(e - p > 80 ? 80 : e - p), p);
			rv = TW_EXIT_PARTIAL;
		}
		cJSON_Delete(r);
		cJSON_Delete(o);
	}
out:
	tw_resp_free(&resp);
	return rv;
}

int
tw_compliance_job(struct tw_fetch *f, const char *type, const char *file)
{
	int users = !strcmp(type, "users"), rv;
	struct tw_req req = { 0 };
	struct tw_resp resp = { 0 };
	tw_buf ids = { 0 };
	const cJSON *data;
	char *body, *url = NULL;

	if ((rv = read_ids(file, &ids, users)) != 0 || !ids.len)
		goto out;
	req.method = "POST";
	req.path = "/2/compliance/jobs";
	req.json = body = xasprintf("{\"type\":\"%s\"}", type);
	rv = job_req(f, &req, &resp, &data);
	free(body);
	if (!rv)
		rv = upload(f, tw_json_str(data, "upload_url") ?
		    tw_json_str(data, "upload_url") : "", &ids);
	if (!rv)
		rv = poll_job(f, tw_json_str(data, "id"), &url);
	if (!rv)
		rv = results(f, url, users ? "user" : "tweet");
out:
	free(url);
	tw_resp_free(&resp);
	tw_buf_free(&ids);
	return rv;
}
