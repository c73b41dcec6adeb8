/* sbcomp.c - tw-sandbox: X's compliance (COMPLIANCE-LIKES.md).  The
 * batch jobs (/2/compliance/jobs); their pre-signed upload and download
 * URLs, which X puts on another host and the sandbox serves itself under
 * /_sandbox/compliance/JOB/; the compliance streams of posts and users;
 * and the admin endpoints that make events happen (/_sandbox/delete,
 * /_sandbox/user).  Called with sb.mu held.
 *
 * Layer: endpoints (lib/sandbox/README).  Calls the store, sbanswer.c,
 * sbparam.c, sboauth.c (sb_random) and sbstream.c (a stream's queue). */
#include <stdlib.h>
#include <string.h>

#include "sbapi.h"
#include "sboauth.h"
#include "sbparam.h"
#include "sbstore.h"
#include "timefmt.h"

#define PROB "https://api.twitter.com/2/problems/"
#define UPLOAD_TTL 900                  /* 15 minutes */
#define DOWNLOAD_TTL (7 * 86400)        /* a week from creation */

static void
addtime(cJSON *o, const char *key, time_t t)
{
	char buf[32];

	cJSON_AddStringToObject(o, key, tw_time_format(t, buf, sizeof buf));
}

/* created (no upload yet), in_progress (uploaded; the first look at it
 * after the upload sees this), complete, or expired. */
static const char *
job_status(const struct sb_job *j)
{
	time_t now = sb_now();

	if (!j->ids)
		return now >= j->created_at + UPLOAD_TTL ? "expired" :
		    "created";
	if (now >= j->created_at + DOWNLOAD_TTL)
		return "expired";
	return j->polls < 1 ? "in_progress" : "complete";
}

static char *
job_url(const struct sb_req *r, const struct sb_job *j, const char *what)
{
	return xasprintf("http://%s/_sandbox/compliance/%s/%s?sig=%s",
	    r->host ? r->host : "localhost", j->id, what, j->secret);
}

static cJSON *
job_json(const struct sb_req *r, const struct sb_job *j)
{
	cJSON *o = cJSON_CreateObject();
	char *u;

	cJSON_AddStringToObject(o, "id", j->id);
	cJSON_AddStringToObject(o, "type", j->type);
	if (j->name)
		cJSON_AddStringToObject(o, "name", j->name);
	cJSON_AddBoolToObject(o, "resumable", j->resumable);
	addtime(o, "created_at", j->created_at);
	cJSON_AddStringToObject(o, "upload_url", u = job_url(r, j,
	    "submission"));
	free(u);
	addtime(o, "upload_expires_at", j->created_at + UPLOAD_TTL);
	cJSON_AddStringToObject(o, "download_url", u = job_url(r, j,
	    "delivery"));
	free(u);
	addtime(o, "download_expires_at", j->created_at + DOWNLOAD_TTL);
	cJSON_AddStringToObject(o, "status", job_status(j));
	return o;
}

static struct sb_job *
job_by_id(const char *id)
{
	size_t i;

	for (i = 0; id && i < sb.njobs; i++)
		if (strcmp(sb.jobs[i]->id, id) == 0)
			return sb.jobs[i];
	return NULL;
}

static void
answer_data(struct sb_resp *w, cJSON *data)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "data", data);
	sb_json(w, 200, o);
}

/* The body's problems, in X's invalid-request shape; NULL when none. */
static cJSON *
create_errors(const cJSON *o)
{
	const char *type = tw_json_str(o, "type"), *name = tw_json_str(o,
	    "name");
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(o, "resumable");
	cJSON *e = cJSON_CreateArray();

	if (!type || (strcmp(type, "tweets") && strcmp(type, "users")))
		cJSON_AddItemToArray(e, sb_param_error("type", type ? type : "",
		    "The `type` field must be one of [tweets, users]"));
	if (cJSON_GetObjectItemCaseSensitive(o, "name") &&
	    (!name || strlen(name) > 64))
		cJSON_AddItemToArray(e, sb_param_error("name", name ? name : "",
		    "The `name` field must be a string of at most 64 "
		    "characters"));
	if (res && !cJSON_IsBool(res))
		cJSON_AddItemToArray(e, sb_param_error("resumable", "",
		    "The `resumable` field must be a boolean"));
	if (cJSON_GetArraySize(e) == 0) {
		cJSON_Delete(e);
		return NULL;
	}
	return e;
}

/* POST /2/compliance/jobs: one job of a type at a time. */
void
sb_comp_create(struct sb_req *r, struct sb_resp *w, char **arg)
{
	cJSON *o = r->body ? cJSON_ParseWithLength(r->body, r->bodylen) : NULL;
	cJSON *errs;
	struct sb_job *j;
	const char *st;
	size_t i;

	(void)arg;
	if (!cJSON_IsObject(o)) {
		sb_problem(w, 400, PROB "invalid-request", "Invalid Request",
		    "The request body must be a JSON object");
		goto out;
	}
	if ((errs = create_errors(o))) {
		sb_invalid(w, errs);
		goto out;
	}
	for (i = 0; i < sb.njobs; i++) {
		st = job_status(sb.jobs[i]);
		if (!strcmp(sb.jobs[i]->type, tw_json_str(o, "type")) &&
		    (!strcmp(st, "created") || !strcmp(st, "in_progress"))) {
			sb_problem(w, 409, PROB "conflict", "Conflict",
			    "You cannot create a new job if one is already "
			    "in progress.");
			goto out;
		}
	}
	j = xcalloc(1, sizeof *j);
	j->id = sb_id_str(sb_next_id(sb_now_ms()));
	j->type = xstrdup(tw_json_str(o, "type"));
	if (tw_json_str(o, "name"))
		j->name = xstrdup(tw_json_str(o, "name"));
	j->resumable = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "resumable"));
	j->secret = sb_random(32);
	j->created_at = sb_now();
	sb.jobs = xrealloc(sb.jobs, (sb.njobs + 1) * sizeof *sb.jobs);
	sb.jobs[sb.njobs++] = j;
	answer_data(w, job_json(r, j));
out:
	cJSON_Delete(o);
}

/* GET /2/compliance/jobs/:id */
void
sb_comp_get(struct sb_req *r, struct sb_resp *w, char **arg)
{
	struct sb_job *j = job_by_id(arg[0]);
	cJSON *o;

	if (!j) {
		char *d = xasprintf("Could not find compliance job with id: "
		    "[%s]", arg[0]);

		sb_problem(w, 404, PROB "resource-not-found", "Not Found Error",
		    d);
		free(d);
		return;
	}
	o = job_json(r, j);
	if (j->ids)
		j->polls++;
	answer_data(w, o);
}

/* GET /2/compliance/jobs?type=tweets|users[&status=] */
void
sb_comp_list(struct sb_req *r, struct sb_resp *w, char **arg)
{
	const char *type = tw_kvs_get(&r->query, "type");
	const char *status = tw_kvs_get(&r->query, "status");
	cJSON *o, *data, *meta;
	size_t i;

	(void)arg;
	if (!type || (strcmp(type, "tweets") && strcmp(type, "users"))) {
		o = cJSON_CreateArray();
		cJSON_AddItemToArray(o, sb_param_error("type", type ? type : "",
		    "The `type` query parameter must be one of [tweets, users]"));
		sb_invalid(w, o);
		return;
	}
	o = cJSON_CreateObject();
	data = cJSON_AddArrayToObject(o, "data");
	for (i = sb.njobs; i > 0; i--)
		if (!strcmp(sb.jobs[i - 1]->type, type) && (!status ||
		    !strcmp(status, job_status(sb.jobs[i - 1]))))
			cJSON_AddItemToArray(data, job_json(r, sb.jobs[i - 1]));
	meta = cJSON_AddObjectToObject(o, "meta");
	cJSON_AddNumberToObject(meta, "result_count", cJSON_GetArraySize(data));
	sb_json(w, 200, o);
}

/* The latest event of a post or a user (tweet NULL), or NULL. */
static const struct sb_cev *
latest(const char *tweet, const char *user)
{
	size_t i;

	for (i = sb.ncevs; i > 0; i--) {
		const struct sb_cev *e = sb.cevs[i - 1];

		if (tweet ? e->tweet_id && !strcmp(e->tweet_id, tweet) :
		    !e->tweet_id && !strcmp(e->user_id, user))
			return e;
	}
	return NULL;
}

static const char *
user_reason(const struct sb_user *u)
{
	if (!u)
		return NULL;
	return u->suspended ? "suspended" : u->deleted ? "deleted" :
	    u->protected ? "protected" : NULL;
}

/* The result line for one uploaded id, or nothing when it is in
 * compliance (or never was). */
static void
result_line(tw_buf *b, const struct sb_job *j, const char *id)
{
	const struct sb_tweet *t = NULL;
	const struct sb_user *u;
	const struct sb_cev *e;
	const char *reason = NULL;
	time_t made = 0, when;
	cJSON *o;
	char *s;

	if (!strcmp(j->type, "tweets") && !(t = sb_tweet_by_id(id))) {
		if (!(e = latest(id, NULL)) || strcmp(e->event, "delete"))
			return;
		reason = "deleted";
		made = e->created_at;
		when = e->at;
	} else {
		u = sb_user_by_id(t ? t->author_id : id);
		if (!(reason = user_reason(u)))
			return;
		made = t ? t->created_at : u->created_at;
		e = latest(NULL, u->id);
		when = e ? e->at : sb_now();
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "action", "delete");
	addtime(o, "created_at", made);
	addtime(o, "redacted_at", when);
	cJSON_AddStringToObject(o, "reason", reason);
	s = tw_json_line(o);
	tw_buf_adds(b, s);
	tw_buf_addc(b, '\n');
	free(s);
	cJSON_Delete(o);
}

static int
all_ids(const char *s, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			len = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || ++len > 19)
			return 0;
	}
	return 1;
}

static void
upload(struct sb_req *r, struct sb_resp *w, struct sb_job *j)
{
	if (strcmp(job_status(j), "created")) {
		sb_problem(w, 409, "about:blank", "Conflict",
		    "The upload URL is no longer valid (uploaded or expired)");
	} else if (!r->ctype || strncmp(r->ctype, "text/plain", 10)) {
		sb_problem(w, 403, "about:blank", "SignatureDoesNotMatch",
		    "content-type is a signed header: text/plain");
	} else if (!all_ids(r->body ? r->body : "", r->bodylen)) {
		sb_problem(w, 400, "about:blank", "Bad Request",
		    "one post or user id a line, nothing else");
	} else {
		j->ids = xstrndup(r->body ? r->body : "", r->bodylen);
		w->status = 200;
	}
}

static void
download(struct sb_resp *w, const struct sb_job *j)
{
	const char *p = j->ids, *e;
	char id[24];

	if (strcmp(job_status(j), "complete")) {
		sb_problem(w, 404, "about:blank", "NoSuchKey",
		    "The results are not ready (or expired)");
		return;
	}
	for (; p && *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\r\n");
		if (e > p && (size_t)(e - p) < sizeof id) {
			memcpy(id, p, e - p);
			id[e - p] = 0;
			result_line(&w->body, j, id);
		}
	}
	w->status = 200;
	w->ctype = "application/octet-stream";
}

/* /_sandbox/compliance/JOB/submission (PUT) and .../delivery (GET):
 * the signed URLs, no Authorization. */
static void
signed_url(struct sb_req *r, struct sb_resp *w)
{
	const char *p = r->path + strlen("/_sandbox/compliance/");
	const char *slash = strchr(p, '/'), *sig = tw_kvs_get(&r->query, "sig");
	char *id = slash ? xstrndup(p, slash - p) : NULL;
	struct sb_job *j = job_by_id(id);

	free(id);
	if (!j || !sig || strcmp(sig, j->secret))
		sb_problem(w, 403, "about:blank", "AccessDenied",
		    "no such job, or a signature that does not match");
	else if (!strcmp(slash, "/submission") && !strcmp(r->method, "PUT"))
		upload(r, w, j);
	else if (!strcmp(slash, "/delivery") && !strcmp(r->method, "GET"))
		download(w, j);
	else
		sb_problem(w, 405, "about:blank", "Method Not Allowed",
		    "PUT .../submission, GET .../delivery");
}

/* A stream's partition of an id: 1 to 4 */
static int
partition_of(const char *id)
{
	return (int)(strtoull(id, NULL, 10) % 4) + 1;
}

static char *
stream_line(const struct sb_cev *e)
{
	cJSON *o = cJSON_CreateObject(), *d, *ev, *x;
	char *s;

	d = cJSON_AddObjectToObject(o, "data");
	ev = cJSON_AddObjectToObject(d, e->event);
	x = cJSON_AddObjectToObject(ev, e->tweet_id ? "tweet" : "user");
	cJSON_AddStringToObject(x, "id", e->tweet_id ? e->tweet_id :
	    e->user_id);
	if (e->tweet_id)
		cJSON_AddStringToObject(x, "author_id", e->user_id);
	addtime(ev, "event_at", e->at);
	s = tw_json_line(o);
	cJSON_Delete(o);
	return s;
}

static int
stream_wants(const struct sb_sub *s, const struct sb_cev *e)
{
	if (!s->comp || s->closed || (s->comp == 't') != (e->tweet_id != NULL))
		return 0;
	return partition_of(e->tweet_id ? e->tweet_id : e->user_id) ==
	    s->partition;
}

void
sb_comp_publish(const struct sb_cev *e)
{
	struct sb_sub *s;

	for (s = sb.subs; s; s = s->next)
		if (stream_wants(s, e)) {
			sb_sub_push(s, stream_line(e));
			if (sb.wake)
				sb.wake(s);
		}
}

/* GET /2/tweets/compliance/stream, /2/users/compliance/stream:
 * partition (1-4) required; backfill_minutes (0-5), start_time,
 * end_time. */
void
sb_comp_stream(struct sb_req *r, struct sb_resp *w, char **arg)
{
	static const struct sb_pspec spec = { "partition backfill_minutes "
	    "start_time end_time", 0, 0, 0, 0, 1 };
	const char *part = tw_kvs_get(&r->query, "partition");
	const char *bf = tw_kvs_get(&r->query, "backfill_minutes");
	struct sb_fields f;
	struct sb_sub *s;
	time_t from = 0, to = 0;
	size_t i;

	(void)arg;
	if (sb_params(r, w, &spec, &f) < 0)
		return;
	if (!part || strlen(part) != 1 || *part < '1' || *part > '4' ||
	    (bf && (strlen(bf) != 1 || *bf < '0' || *bf > '5'))) {
		cJSON *e = cJSON_CreateArray();

		cJSON_AddItemToArray(e, sb_param_error(part ? "backfill_minutes"
		    : "partition", part ? (bf ? bf : "") : "", "partition: "
		    "1 to 4 (required); backfill_minutes: 0 to 5"));
		sb_invalid(w, e);
		return;
	}
	s = xcalloc(1, sizeof *s);
	s->comp = strstr(r->path, "/tweets/") ? 't' : 'u';
	s->partition = *part - '0';
	s->next = sb.subs;
	sb.subs = s;
	sb.nsubs++;
	if (bf && *bf > '0')
		from = sb_now() - 60 * (*bf - '0');
	sb_query_time(r, "start_time", &from);
	sb_query_time(r, "end_time", &to);
	for (i = 0; from && i < sb.ncevs; i++)
		if (sb.cevs[i]->at >= from && (!to || sb.cevs[i]->at < to) &&
		    stream_wants(s, sb.cevs[i]))
			sb_sub_push(s, stream_line(sb.cevs[i]));
	w->status = 200;
	w->ctype = "application/json";
	w->sub = s;
}

/* POST /_sandbox/delete {"id"}: the author deleted the post.  POST
 * /_sandbox/user {"username","event"}: user_suspend, user_protect,
 * user_delete or their un- forms. */
static void
make_event(struct sb_req *r, struct sb_resp *w, int user)
{
	cJSON *o = r->body ? cJSON_ParseWithLength(r->body, r->bodylen) : NULL;
	struct sb_user *u = sb_user_by_name(tw_json_str(o, "username"));
	const char *ev = tw_json_str(o, "event");
	const struct sb_cev *e;
	cJSON *a;

	e = user ? u && ev ? sb_user_event(u, ev, sb_now()) : NULL :
	    sb_tweet_delete(tw_json_str(o, "id"), sb_now());
	cJSON_Delete(o);
	if (!e) {
		a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "error", user ? "need {\"username\": "
		    "a user's, \"event\": user_suspend, user_unsuspend, "
		    "user_protect, user_unprotect, user_delete or "
		    "user_undelete}" : "need {\"id\": a post's id}");
		sb_json(w, user ? 400 : 404, a);
		return;
	}
	sb_comp_publish(e);
	a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "event", e->event);
	cJSON_AddStringToObject(a, e->tweet_id ? "tweet" : "user",
	    e->tweet_id ? e->tweet_id : e->user_id);
	sb_json(w, 200, a);
}

int
sb_comp_admin(struct sb_req *r, struct sb_resp *w)
{
	int post = strcmp(r->method, "POST") == 0;

	if (strncmp(r->path, "/_sandbox/compliance/", 21) == 0)
		signed_url(r, w);
	else if (post && strcmp(r->path, "/_sandbox/delete") == 0)
		make_event(r, w, 0);
	else if (post && strcmp(r->path, "/_sandbox/user") == 0)
		make_event(r, w, 1);
	else
		return 0;
	return 1;
}
