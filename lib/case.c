/* case.c - cases in the store (case.h, tw-case(1)) */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "case.h"
#include "customer.h"
#include "state.h"
#include "team.h"
#include "timefmt.h"

/* A case's row, as the cases table holds it; times are Unix seconds, 0
 * for none. */
struct crow {
	long long id;
	char *account, *customer, *username, *state, *owner, *queue, *tags,
	    *profile;
	long long claim_until, priority, opened, updated, waiting, last_in,
	    last_out, resolved;
};

#define COLS "id, account, customer, username, state, owner, claim_until, " \
	"queue, priority, tags, opened, updated, waiting, last_in, resolved, " \
	"profile, last_out"

/* The states a case can be claimed in (the queue proper). */
#define READY(s) (!strcmp(s, "new") || !strcmp(s, "open") || \
	!strcmp(s, "escalated"))

const char *
tw_agent_name(void)
{
	const char *ag = getenv("TW_AGENT");

	if (!ag || !*ag)
		ag = getenv("USER");
	return ag && *ag ? ag : "agent";
}

static void
set(char **p, const char *v)
{
	char *n = v ? xstrdup(v) : NULL;

	free(*p);
	*p = n;
}

static void
crow_free(struct crow *r)
{
	free(r->account);
	free(r->customer);
	free(r->username);
	free(r->state);
	free(r->owner);
	free(r->queue);
	free(r->tags);
	free(r->profile);
	memset(r, 0, sizeof *r);
}

static void
crow_copy(struct crow *to, const struct crow *r)
{
	*to = *r;
	to->account = r->account ? xstrdup(r->account) : NULL;
	to->customer = r->customer ? xstrdup(r->customer) : NULL;
	to->username = r->username ? xstrdup(r->username) : NULL;
	to->state = r->state ? xstrdup(r->state) : NULL;
	to->owner = r->owner ? xstrdup(r->owner) : NULL;
	to->queue = r->queue ? xstrdup(r->queue) : NULL;
	to->tags = r->tags ? xstrdup(r->tags) : NULL;
	to->profile = r->profile ? xstrdup(r->profile) : NULL;
}

static void
crow_read(struct tw_q *q, struct crow *r)
{
	memset(r, 0, sizeof *r);
	r->id = tw_q_int(q, 0);
	set(&r->account, tw_q_text(q, 1));
	set(&r->customer, tw_q_text(q, 2));
	set(&r->username, tw_q_text(q, 3));
	set(&r->state, tw_q_text(q, 4));
	set(&r->owner, tw_q_text(q, 5));
	r->claim_until = tw_q_int(q, 6);
	set(&r->queue, tw_q_text(q, 7));
	r->priority = tw_q_int(q, 8);
	set(&r->tags, tw_q_text(q, 9));
	r->opened = tw_q_int(q, 10);
	r->updated = tw_q_int(q, 11);
	r->waiting = tw_q_int(q, 12);
	r->last_in = tw_q_int(q, 13);
	r->resolved = tw_q_int(q, 14);
	set(&r->profile, tw_q_text(q, 15));
	r->last_out = tw_q_int(q, 16);
}

/* The first row of q into r: 1, 0 when there is none, -2 when the
 * store failed. */
static int
one_row(struct tw_q *q, struct crow *r)
{
	int n = tw_q_row(q);

	if (n == 1)
		crow_read(q, r);
	if (tw_q_end(q) < 0 || n < 0)
		return -2;
	return n;
}

/* Load case id. */
static int
load(struct tw_cases *c, long long id, struct crow *r)
{
	return one_row(tw_q(c->st, "SELECT " COLS " FROM cases WHERE id = $1",
	    "i", id), r);
}

/* The same, to change it: on PostgreSQL the row is locked until the
 * transaction ends, so that no one writes it meanwhile (SQLite has one
 * writer at a time). */
static int
load_mine(struct tw_cases *c, long long id, struct crow *r)
{
	if (!tw_store_pg(c->st))
		return load(c, id, r);
	return one_row(tw_q(c->st, "SELECT " COLS " FROM cases WHERE id = $1 "
	    "FOR UPDATE", "i", id), r);
}

/* Write the row back (the projection of the event that goes with it).
 * When nothing the queue's indexes hold has changed since was (the row
 * as loaded), only the other columns are written, which leaves the
 * indexes alone: most records filed into a case are such. */
static int
save_since(struct tw_cases *c, const struct crow *r, const struct crow *was)
{
#define SAME(f) ((r->f == NULL) == (was->f == NULL) && \
	(!r->f || !strcmp(r->f, was->f)))
	if (was && SAME(state) && SAME(owner) && SAME(queue) &&
	    SAME(username) && r->claim_until == was->claim_until &&
	    r->priority == was->priority && r->waiting == was->waiting)
		return tw_exec(c->st, "UPDATE cases SET tags = $2, updated = $3, "
		    "last_in = $4, resolved = $5, profile = $6, opened = $7, "
		    "last_out = $8 WHERE id = $1", "isTTTsiT", r->id, r->tags,
		    r->updated, r->last_in, r->resolved, r->profile, r->opened,
		    r->last_out) < 0 ? -2 : 0;
#undef SAME
	return tw_exec(c->st, "UPDATE cases SET username = $2, state = $3, "
	    "owner = $4, claim_until = $5, queue = $6, priority = $7, "
	    "tags = $8, updated = $9, waiting = $10, last_in = $11, "
	    "resolved = $12, profile = $13, opened = $14, last_out = $15 "
	    "WHERE id = $1", "isssTsisTTTTsiT", r->id, r->username, r->state,
	    r->owner, r->claim_until, r->queue, r->priority, r->tags,
	    r->updated, r->waiting, r->last_in, r->resolved, r->profile,
	    r->opened, r->last_out) < 0 ? -2 : 0;
}

static int
save(struct tw_cases *c, const struct crow *r)
{
	return save_since(c, r, NULL);
}

/* Append an event; detail is a JSON object's text, or NULL for {}.
 * Its seq, or -2. */
static long long
event_line(struct tw_cases *c, long long cid, time_t t, const char *agent,
    const char *kind, const char *detail)
{
	struct tw_q *q = tw_q(c->st, "INSERT INTO events (case_id, time, "
	    "agent, event, detail) VALUES ($1, $2, $3, $4, $5) RETURNING seq",
	    "iisss", cid, (long long)t, agent, kind, detail ? detail : "{}");
	long long seq = tw_q_row(q) == 1 ? tw_q_int(q, 0) : -2;

	return tw_q_end(q) < 0 ? -2 : seq;
}

/* o as JSON text in c's buffer, valid until the next call. */
static const char *
json_text(struct tw_cases *c, const cJSON *o)
{
	tw_buf_reset(&c->text);
	tw_json_append(&c->text, o);
	return c->text.s;
}

/* The same with the detail as JSON (taken, may be NULL). */
static int
event(struct tw_cases *c, long long cid, time_t t, const char *agent,
    const char *kind, cJSON *detail)
{
	int r = event_line(c, cid, t, agent, kind, detail ?
	    json_text(c, detail) : NULL) < 0 ? -2 : 0;

	cJSON_Delete(detail);
	return r;
}

static int
live_claim(const struct crow *r, time_t now)
{
	return r->owner && r->claim_until > now;
}

static void
add_time(cJSON *o, const char *key, long long t)
{
	char buf[32];

	if (t > 0)
		cJSON_AddStringToObject(o, key, tw_time_format((time_t)t, buf,
		    sizeof buf));
	else
		cJSON_AddNullToObject(o, key);
}

/* A number, written out (case_text is on tw-case add's every record). */
static void
put_ll(tw_buf *b, long long v)
{
	char d[24], *p = d + sizeof d;
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v :
	    (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	tw_buf_add(b, p, (size_t)(d + sizeof d - p));
}

/* KEY (the text up to the value: ,"key":) and the time, or null when t
 * is 0 or less */
static void
key_time(tw_buf *b, const char *key, long long t)
{
	char buf[32];

	tw_buf_adds(b, key);
	tw_json_append_str(b, t > 0 ? tw_time_format((time_t)t, buf,
	    sizeof buf) : NULL);
}

/* The record's "case" object, as JSON text (written out, not built:
 * tw-case add writes one for every record). */
static void
case_text(const struct tw_cases *c, const struct crow *r, tw_buf *b)
{
	tw_buf_adds(b, "{\"id\":\"");
	put_ll(b, r->id);
	tw_buf_adds(b, "\",\"state\":");
	tw_json_append_str(b, r->state);
	tw_buf_adds(b, ",\"owner\":");
	tw_json_append_str(b, r->owner);
	tw_buf_adds(b, ",\"queue\":");
	tw_json_append_str(b, r->queue);
	tw_buf_adds(b, ",\"priority\":");
	put_ll(b, r->priority);
	/* tags: the store's JSON array, which tw wrote */
	tw_buf_adds(b, ",\"tags\":");
	tw_buf_adds(b, r->tags ? r->tags : "[]");
	key_time(b, ",\"due\":", r->waiting ? r->waiting + c->sla : 0);
	tw_buf_adds(b, ",\"customer\":{\"id\":");
	tw_json_append_str(b, r->customer);
	if (r->username) {
		tw_buf_adds(b, ",\"username\":");
		tw_json_append_str(b, r->username);
	}
	key_time(b, "},\"opened\":", r->opened);
	key_time(b, ",\"updated\":", r->updated);
	if (r->owner)
		key_time(b, ",\"claimed_until\":", r->claim_until);
	if (r->resolved)
		key_time(b, ",\"resolved\":", r->resolved);
	tw_buf_addc(b, '}');
}

static cJSON *
case_json(const struct tw_cases *c, const struct crow *r)
{
	tw_buf b = { 0 };
	cJSON *o;

	case_text(c, r, &b);
	if (!(o = cJSON_ParseWithLength(b.s, b.len)))   /* tw wrote it */
		tw_die(TW_EXIT_API, "out of memory");
	tw_buf_free(&b);
	return o;
}

static void
set_case(cJSON *rec, const struct tw_cases *c, const struct crow *r)
{
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "case");
	cJSON_AddItemToObject(rec, "case", case_json(c, r));
}

/* ---- filing records ---- */

/* A copy of an @name in lower case: X's names are matched so. */
static char *
lower_dup(const char *s)
{
	char *l = xstrdup(s);

	for (char *p = l; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return l;
}

struct msg {
	const char *id, *type, *dir, *acct, *cust, *agent, *queue;
	char *username;
	int autom;              /* the brand's automatic message (tw-ack) */
	long long prio;
	time_t t;
};

/* Who the message is between; 0 when it is no case's. */
static int
msg_of(cJSON *rec, struct msg *m, const struct tw_loc *loc)
{
	const cJSON *acct = cJSON_GetObjectItemCaseSensitive(rec, "account");
	const cJSON *tr = cJSON_GetObjectItemCaseSensitive(rec, "triage");
	const char *created, *author;

	memset(m, 0, sizeof *m);
	m->type = tw_json_str(rec, "type");
	if (!m->type || (strcmp(m->type, "tweet") && strcmp(m->type, "dm")))
		return 0;
	m->id = tw_json_str(rec, "id");
	created = tw_json_str(rec, "created_at");
	if (!m->id || !*m->id || !created ||
	    tw_time_parse_rfc3339(created, &m->t) < 0) {
		tw_warn_at(loc, "a record needs an \"id\" and a \"created_at\" "
		    "to be filed");
		return -1;
	}
	/* noise files no case, but the brand's own posts and DMs that
	 * tw-triage -A marks "echo" are its side of the conversation */
	if ((tw_json_str(tr, "noise") && strcmp(tw_json_str(tr, "noise"),
	    "echo")) || tw_json_str(rec, "retweet_of"))
		return 0;
	m->acct = tw_json_str(acct, "id");
	author = tw_json_str(tw_json_path(rec, "author"), "id");
	m->dir = tw_json_str(rec, "direction");
	if (!m->dir)
		m->dir = author && m->acct && !strcmp(author, m->acct) ? "out" :
		    "in";
	if (!strcmp(m->dir, "in"))
		m->cust = author;
	else if (!strcmp(m->type, "dm"))
		m->cust = tw_json_str(tw_json_path(rec, "recipient"), "id");
	else
		m->cust = tw_json_str(tw_json_path(rec, "in_reply_to"), "user_id");
	if (!m->acct || !m->cust || !strcmp(m->acct, m->cust))
		return 0;
	m->agent = tw_json_str(rec, "agent");
	m->autom = !strcmp(m->dir, "out") &&
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "auto"));
	m->queue = tw_json_str(tr, "queue");
	m->prio = tw_json_long(cJSON_GetObjectItemCaseSensitive(tr, "priority"), 0);
	author = tw_json_str(tw_json_path(rec, strcmp(m->dir, "in") ?
	    "recipient" : "author"), "username");
	if (author)
		m->username = lower_dup(author);
	return 1;
}

/* The customer's profile, as the latest inbound message shows it: the
 * author and tw-triage's tier and vip mark (written out: tw-case add
 * makes one for every inbound record). */
static char *
profile_of(const cJSON *rec)
{
	const cJSON *au = cJSON_GetObjectItemCaseSensitive(rec, "author");
	const cJSON *tr = cJSON_GetObjectItemCaseSensitive(rec, "triage");
	const char *tier = tw_json_str(tr, "tier");
	int vip = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tr, "vip"));
	tw_buf b = { 0 };

	if (!cJSON_IsObject(au))
		return NULL;
	tw_json_append(&b, au);
	if (tier || vip) {
		b.len--;        /* the closing brace */
		if (tier) {
			tw_buf_adds(&b, b.len > 1 ? ",\"tier\":" : "\"tier\":");
			tw_json_append_str(&b, tier);
		}
		if (vip)
			tw_buf_adds(&b, b.len > 1 ? ",\"vip\":true" : "\"vip\":true");
		tw_buf_addc(&b, '}');
	}
	return tw_buf_steal(&b);
}

static int
latest_case(struct tw_cases *c, const char *acct, const char *cust,
    struct crow *r)
{
	if (tw_store_pg(c->st))         /* to change it: see load_mine */
		return one_row(tw_q(c->st, "SELECT " COLS " FROM cases WHERE "
		    "account = $1 AND customer = $2 ORDER BY id DESC LIMIT 1 "
		    "FOR UPDATE", "ss", acct, cust), r);
	return one_row(tw_q(c->st, "SELECT " COLS " FROM cases WHERE "
	    "account = $1 AND customer = $2 ORDER BY id DESC LIMIT 1", "ss",
	    acct, cust), r);
}

/* The first message of the customer's after time t, 0 when none: what
 * the case waits on once the brand answered up to t. */
static int
first_in_after(struct tw_cases *c, long long cid, long long t, long long *w)
{
	struct tw_q *q = tw_q(c->st, "SELECT min(time) FROM messages WHERE "
	    "case_id = $1 AND direction = 'in' AND time > $2", "ii", cid, t);
	int n = tw_q_row(q);

	*w = n == 1 ? tw_q_int(q, 0) : 0;
	return tw_q_end(q) < 0 || n < 0 ? -2 : 0;
}

/* The brand's message: the case waits for the customer, unless the
 * customer has written since (input need not come in time order). */
static int
file_out(struct tw_cases *c, const struct msg *m, struct crow *r,
    const struct crow *was)
{
	if (strcmp(r->state, "resolved") || m->t <= r->resolved) {
		if (m->t > r->last_out)
			r->last_out = m->t;
		if (strcmp(r->state, "resolved")) {
			if (first_in_after(c, r->id, r->last_out, &r->waiting) < 0)
				return -2;
			if (!r->waiting)
				set(&r->state, "pending");
			else if (!strcmp(r->state, "pending"))
				set(&r->state, live_claim(r, m->t) ? "open" : "new");
		}
		if (m->agent && (!live_claim(r, m->t) ||
		    !strcmp(r->owner, m->agent))) {
			set(&r->owner, m->agent);
			r->claim_until = m->t + c->ttl;
		}
	}
	if (m->t > r->updated)
		r->updated = m->t;
	return save_since(c, r, was);
}

/* A new case: for an inbound message, new and waiting; for the brand's
 * message to someone with no case (a DM first, or a reply read before
 * the post it answers), pending. */
static int
open_case(struct tw_cases *c, const struct msg *m, const char *profile,
    struct crow *r)
{
	struct tw_q *q;
	cJSON *d;
	long long id = 0, t = (long long)m->t;
	int n, in = !strcmp(m->dir, "in");

	q = tw_q(c->st, "INSERT INTO cases (account, customer, username, "
	    "state, queue, priority, opened, updated, waiting, last_in, "
	    "last_out, profile) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $8, "
	    "$9, $10) RETURNING id", "sssssiiTTs", m->acct, m->cust,
	    m->username, in ? "new" : "pending", m->queue, m->prio, t,
	    in ? t : 0, in ? 0 : t, profile);
	if ((n = tw_q_row(q)) == 1)
		id = tw_q_int(q, 0);
	if (tw_q_end(q) < 0 || n != 1)
		return -2;
	if (load(c, id, r) != 1)
		return -2;
	d = cJSON_CreateObject();
	if (m->queue)
		cJSON_AddStringToObject(d, "queue", m->queue);
	cJSON_AddNumberToObject(d, "priority", (double)m->prio);
	if (event(c, id, m->t, in ? NULL : m->agent, "open", d) < 0)
		return -2;
	return in ? 0 : file_out(c, m, r, NULL);
}

/* An inbound message on the customer's case r (or a new one). */
static int
file_in(struct tw_cases *c, const struct msg *m, const cJSON *rec,
    struct crow *r, int have, const struct crow *was)
{
	char *profile = NULL;
	int rv = 0;

	if (!have || (!strcmp(r->state, "resolved") &&
	    m->t > r->resolved + c->window)) {
		if (have)
			crow_free(r);
		profile = profile_of(rec);
		rv = open_case(c, m, profile, r);
		free(profile);
		return rv;
	}
	if (!strcmp(r->state, "resolved") && m->t > r->resolved) {
		cJSON *d = cJSON_CreateObject();

		cJSON_AddStringToObject(d, "reason", "the customer wrote again");
		cJSON_AddStringToObject(d, "id", m->id);
		set(&r->state, "new");
		set(&r->owner, NULL);
		r->claim_until = 0;
		r->resolved = 0;
		r->waiting = m->t;
		r->priority = m->prio;
		if ((rv = event(c, r->id, m->t, NULL, "reopen", d)) < 0)
			goto out;
	} else if (strcmp(r->state, "resolved") && m->t > r->last_out) {
		/* the customer spoke after the brand: waiting again (a
		 * message older than the brand's last is history only) */
		if (!strcmp(r->state, "pending"))
			set(&r->state, live_claim(r, m->t) ? "open" : "new");
		if (!r->waiting || m->t < r->waiting)
			r->waiting = m->t;
		if (m->prio > r->priority)
			r->priority = m->prio;
	}
	if (!r->queue && m->queue)
		set(&r->queue, m->queue);
	if (m->t < r->opened)
		r->opened = m->t;
	if (m->t >= r->last_in) {
		r->last_in = m->t;
		if (m->username)
			set(&r->username, m->username);
		/* the latest message's profile, when it differs */
		if ((profile = profile_of(rec)) &&
		    (!r->profile || strcmp(profile, r->profile))) {
			free(r->profile);
			r->profile = profile;
			profile = NULL;
		}
	}
	if (m->t > r->updated)
		r->updated = m->t;
	rv = save_since(c, r, was);
out:
	free(profile);
	return rv;
}

static int
store_msg(struct tw_cases *c, const struct msg *m, cJSON *rec,
    long long cid)
{
	long long seq;

	/* the message's event first: the message keeps its seq, which
	 * orders it among the case's other events of the same second */
	tw_buf_reset(&c->text);
	tw_buf_adds(&c->text, "{\"id\":");
	tw_json_append_str(&c->text, m->id);
	tw_buf_adds(&c->text, ",\"type\":");
	tw_json_append_str(&c->text, m->type);
	tw_buf_adds(&c->text, m->autom ? ",\"auto\":true}" : "}");
	if ((seq = event_line(c, cid, m->t, strcmp(m->dir, "out") ? NULL :
	    m->agent, m->dir, c->text.s)) < 0)
		return -2;
	if (cJSON_GetObjectItemCaseSensitive(rec, "case")) {
		cJSON_DeleteItemFromObjectCaseSensitive(rec, "case");
		c->raw = NULL;  /* the text as it came has it */
	}
	if (c->raw) {           /* the record is the text as it came */
		tw_buf_reset(&c->text);
		tw_buf_add(&c->text, c->raw, c->rawlen);
	} else
		json_text(c, rec);
	return tw_exec(c->st, "INSERT INTO messages (id, case_id, time, "
	    "direction, record, seq) VALUES ($1, $2, $3, $4, $5, $6)", "siissi",
	    m->id, cid, (long long)m->t, m->dir, c->text.s, seq) < 0 ? -2 : 0;
}

/* The record as the store has it (c->text: an object, never empty)
 * and its case, as one line in out. */
static void
out_line(struct tw_cases *c, const struct crow *r, tw_buf *out)
{
	size_t n = c->text.len;

	/* up to the closing brace (text as it came may end in spaces) */
	while (n > 0 && c->text.s[n - 1] != '}')
		n--;
	tw_buf_add(out, c->text.s, n - 1);
	tw_buf_adds(out, ",\"case\":");
	case_text(c, r, out);
	tw_buf_addc(out, '}');
}

int
tw_case_add(struct tw_cases *c, cJSON *rec, const struct tw_loc *loc,
    tw_buf *out)
{
	struct msg m;
	struct crow r, was;
	struct tw_q *q;
	long long cid = 0;
	int n, have, rv;

	if ((n = msg_of(rec, &m, loc)) <= 0) {
		c->raw = NULL;
		return n;
	}
	memset(&r, 0, sizeof r);
	memset(&was, 0, sizeof was);
	/* one filer at a time: two cron hosts filing the same messages, or
	 * the first messages of the same customer, must not both file them
	 * or both open a case (held until the transaction ends) */
	if (tw_store_lock(c->st, "file") < 0) {
		rv = -2;
		goto out;
	}
	q = tw_q(c->st, "SELECT case_id FROM messages WHERE id = $1", "s", m.id);
	if ((n = tw_q_row(q)) == 1)
		cid = tw_q_int(q, 0);
	if (tw_q_end(q) < 0 || n < 0) {
		rv = -2;
		goto out;
	}
	if (cid) {              /* seen before: nothing changes */
		if ((rv = load(c, cid, &r)) == 1) {
			set_case(rec, c, &r);
			if (out)
				tw_json_append(out, rec);
		}
		goto out;
	}
	if ((have = latest_case(c, m.acct, m.cust, &r)) < 0) {
		rv = -2;
		goto out;
	}
	rv = 0;
	if (have)
		crow_copy(&was, &r);
	if (!strcmp(m.dir, "in"))
		rv = file_in(c, &m, rec, &r, have, have ? &was : NULL);
	else if (m.autom && !have)
		goto out;       /* an acknowledgement opens no case (rv 0) */
	else if (m.autom)
		rv = 0;         /* on the record only: the case still waits */
	else if (!have)
		rv = open_case(c, &m, NULL, &r);
	else
		rv = file_out(c, &m, &r, &was);
	if (rv < 0)
		goto out;
	if ((rv = store_msg(c, &m, rec, r.id)) < 0)
		goto out;
	if (out)
		out_line(c, &r, out);
	else
		set_case(rec, c, &r);
	rv = 1;
out:
	c->raw = NULL;
	free(m.username);
	crow_free(&r);
	crow_free(&was);
	return rv;
}

/* ---- naming cases ---- */

static int
find_one(struct tw_cases *c, const char *sql, const char *arg, long long *id)
{
	struct tw_q *q = tw_q(c->st, sql, "s", arg);
	int n = tw_q_row(q);

	if (n == 1)
		*id = tw_q_int(q, 0);
	if (tw_q_end(q) < 0 || n < 0)
		return -2;
	return n;
}

/* The message whose id ends in the digits suf, as tw-show's ID column
 * shows it: 1 with its case in *id and its whole id in *full (when not
 * NULL, caller frees); 0 when none; -1 when several (said, with the
 * first ones); -2 when the store failed. */
static int
find_suffix(struct tw_cases *c, const char *suf, long long *id, char **full)
{
	struct tw_q *q = tw_q(c->st, "SELECT id, case_id FROM messages WHERE "
	    "id LIKE '%' || CAST($1 AS TEXT) ORDER BY id LIMIT 3", "s", suf);
	tw_buf b = { 0 };
	int n = 0, r;

	while ((r = tw_q_row(q)) == 1) {
		if (n++ == 0) {
			*id = tw_q_int(q, 1);
			if (full)
				*full = xstrdup(tw_q_text(q, 0));
		}
		tw_buf_printf(&b, "%s%s", n > 1 ? ", " : "", tw_q_text(q, 0));
	}
	if (tw_q_end(q) < 0 || r < 0)
		n = -2;
	else if (n > 1)
		tw_warn("%s: %s end in it (%s%s); give more digits", suf,
		    n > 2 ? "several posts" : "two posts", b.s,
		    n > 2 ? ", ..." : "");
	if (n != 1 && full) {
		free(*full);
		*full = NULL;
	}
	tw_buf_free(&b);
	return n > 1 ? -1 : n;
}

int
tw_case_post_id(const struct tw_account *a, const char *suf, char **full)
{
	struct tw_cases c;
	long long id;
	int n;

	*full = NULL;
	if (!tw_store_exists(a))
		return 0;
	if (tw_cases_open(&c, a, 1) != 0)
		return -2;
	n = find_suffix(&c, suf, &id, full);
	tw_cases_close(&c);
	return n;
}

int
tw_case_find(struct tw_cases *c, const char *name, long long *id)
{
	char *lower;
	int n;

	if (name[0] == '@' && name[1]) {
		lower = lower_dup(name + 1);
		n = find_one(c, "SELECT id FROM cases WHERE username = $1 "
		    "ORDER BY state = 'resolved', id DESC LIMIT 1", lower, id);
		free(lower);
		if (n == 0)
			tw_warn("no case for %s", name);
		return n == 1 ? 0 : n == 0 ? -1 : -2;
	}
	if (!*name || strspn(name, "0123456789") != strlen(name) ||
	    strlen(name) > 19) {
		tw_warn("'%s' names no case: give a case number, a post or DM "
		    "id, or @username", name);
		return -1;
	}
	/* a case number when there is such a case, else a message's id */
	if ((n = find_one(c, "SELECT id FROM cases WHERE id = "
	    "CAST($1 AS BIGINT)", name, id)) != 0 ||
	    (n = find_one(c, "SELECT case_id FROM messages WHERE id = $1",
	    name, id)) != 0)
		return n == 1 ? 0 : -2;
	if (strlen(name) < TW_SHORT_ID) {
		tw_warn("no case %s (neither a case number nor a post or DM "
		    "in a case)", name);
		return -1;
	}
	/* the end of an id, as tw-show shows it */
	if ((n = find_suffix(c, name, id, NULL)) != 0)
		return n == 1 ? 0 : n;
	tw_warn("no case %s (neither a case number nor a post or DM in a "
	    "case, nor the end of one's id)", name);
	return -1;
}

/* ---- what agents do ---- */

static const char *const act_names[] = {
	"claim", "release", "assign", "note", "tag", "pending", "resolve",
	"reopen", "escalate"
};

int
tw_case_act_of(const char *name)
{
	for (size_t i = 0; i < sizeof act_names / sizeof act_names[0]; i++)
		if (!strcmp(name, act_names[i]))
			return (int)i;
	return -1;
}

static int
refuse(const struct crow *r, const char *fmt, const char *a, const char *b)
{
	char msg[256];

	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	tw_warn("case %lld %s", r->id, msg);
	return 1;
}

/* "+a -b c": the tags after the change, and what changed. */
static int
retag(struct crow *r, const char *words, cJSON *d)
{
	if (!r->tags)
		r->tags = xstrdup("[]");
	return tw_tags_apply(&r->tags, words, d);
}

/* Change r for act; the event's detail goes in d.  0: save it with the
 * event; 1: refused; 2: nothing to change. */
static int
apply(struct tw_cases *c, struct crow *r, enum tw_case_act act,
    const char *arg, cJSON *d)
{
	int resolved = !strcmp(r->state, "resolved");
	int mine = r->owner && !strcmp(r->owner, c->agent);

	switch (act) {
	case TW_CASE_CLAIM:
		if (resolved)
			return refuse(r, "is resolved; reopen it first%s%s", 0, 0);
		if (live_claim(r, c->now) && !mine)
			return refuse(r, "is claimed by %s; ask them, or assign "
			    "it%s", r->owner, 0);
		/* FALLTHROUGH */
	case TW_CASE_ASSIGN:
		if (act == TW_CASE_ASSIGN && resolved)
			return refuse(r, "is resolved; reopen it first%s%s", 0, 0);
		if (r->owner && strcmp(r->owner, act == TW_CASE_ASSIGN ? arg :
		    c->agent))
			cJSON_AddStringToObject(d, "previous", r->owner);
		if (act == TW_CASE_ASSIGN)
			cJSON_AddStringToObject(d, "owner", arg);
		set(&r->owner, act == TW_CASE_ASSIGN ? arg : c->agent);
		r->claim_until = c->now + c->ttl;
		if (READY(r->state))
			set(&r->state, "open");
		return 0;
	case TW_CASE_RELEASE:
		if (!r->owner)
			return 2;
		cJSON_AddStringToObject(d, "previous", r->owner);
		set(&r->owner, NULL);
		r->claim_until = 0;
		if (!strcmp(r->state, "open"))
			set(&r->state, "new");
		return 0;
	case TW_CASE_NOTE:
		cJSON_AddStringToObject(d, "text", arg);
		if (mine)
			r->claim_until = c->now + c->ttl;
		return 0;
	case TW_CASE_TAG:
		return retag(r, arg, d) > 0 ? 0 : 2;
	case TW_CASE_PENDING:
		if (resolved)
			return refuse(r, "is resolved; reopen it first%s%s", 0, 0);
		if (!strcmp(r->state, "pending"))
			return 2;
		set(&r->state, "pending");
		r->waiting = 0;
		return 0;
	case TW_CASE_RESOLVE:
		if (resolved)
			return 2;
		set(&r->state, "resolved");
		r->resolved = c->now;
		r->claim_until = 0;
		r->waiting = 0;
		return 0;
	case TW_CASE_REOPEN:
		if (!resolved)
			return 2;
		set(&r->state, "new");
		set(&r->owner, NULL);
		r->claim_until = 0;
		r->resolved = 0;
		r->waiting = c->now;
		return 0;
	case TW_CASE_ESCALATE:
		if (resolved)
			return refuse(r, "is resolved; reopen it first%s%s", 0, 0);
		if (r->queue)
			cJSON_AddStringToObject(d, "from", r->queue);
		cJSON_AddStringToObject(d, "queue", arg);
		set(&r->queue, arg);
		set(&r->state, "escalated");
		set(&r->owner, NULL);
		r->claim_until = 0;
		if (!r->waiting)
			r->waiting = c->now;
		return 0;
	}
	return 1;
}

/* The journal's line for an action on case r (its details in d), kept
 * in c->audit until the transaction commits: "event":"case", what was
 * done as "action" (tw-metrics, which reads the case log for these,
 * passes over it). */
static void
audit_line(struct tw_cases *c, const struct crow *r, const char *action,
    const cJSON *d)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *e;
	char num[24];

	add_time(o, "time", c->now);
	cJSON_AddStringToObject(o, "event", "case");
	cJSON_AddStringToObject(o, "action", action);
	snprintf(num, sizeof num, "%lld", r->id);
	cJSON_AddStringToObject(o, "case", num);
	cJSON_AddStringToObject(o, "agent", c->agent);
	cJSON_AddStringToObject(o, "account_id", r->account);
	cJSON_AddStringToObject(o, "customer_id", r->customer);
	if (r->username) {
		char *at = xasprintf("@%s", r->username);

		cJSON_AddStringToObject(o, "to", at);
		free(at);
	}
	cJSON_ArrayForEach(e, d)
		if (!cJSON_GetObjectItemCaseSensitive(o, e->string))
			cJSON_AddItemToObject(o, e->string,
			    cJSON_Duplicate(e, 1));
	cJSON_Delete(c->audit);
	c->audit = o;
}

/* After the commit: the action's line in the journal.  0, or -2 when
 * it could not be written (said). */
static int
audit_commit(struct tw_cases *c)
{
	int rv = c->audit && tw_journal_append(c->audit) < 0 ? -2 : 0;

	cJSON_Delete(c->audit);
	c->audit = NULL;
	return rv;
}

/* Before the commit, when the team's journal is on the same connection
 * (tw_team_share): the action's line inside the transaction, so that
 * the change and its line commit together, in one commit.  0, or -2
 * (said; the caller rolls back). */
static int
audit_in_tx(struct tw_cases *c)
{
	if (!c->audit || !tw_team_on(c->st))
		return 0;
	return audit_commit(c);
}

/* The action inside the caller's transaction: 0 done, 1 refused, 2
 * nothing to change, -1 no such case (said), -2 store. */
static int
act_tx(struct tw_cases *c, long long id, enum tw_case_act act,
    const char *arg, const char *reason)
{
	struct crow r;
	cJSON *d;
	int n;

	if ((n = load_mine(c, id, &r)) != 1) {
		if (n == 0)
			tw_warn("no case %lld", id);
		return n == 0 ? -1 : -2;
	}
	d = cJSON_CreateObject();
	if ((n = apply(c, &r, act, arg, d)) == 0) {
		if (reason)
			cJSON_AddStringToObject(d, "reason", reason);
		if (c->now > r.updated)
			r.updated = c->now;
		audit_line(c, &r, act_names[act], d);
		if (save(c, &r) < 0)
			n = -2;
		else if ((act == TW_CASE_NOTE || act == TW_CASE_TAG) &&
		    tw_customer_touch(c->st, r.account, r.customer, r.username,
		    act == TW_CASE_NOTE ? arg : NULL, act == TW_CASE_TAG ? arg :
		    NULL, c->agent, c->now) < 0)
			n = -2;
		else if (event(c, r.id, c->now, c->agent, act_names[act], d) < 0)
			n = -2;
		d = NULL;       /* event() took it */
	}
	cJSON_Delete(d);
	crow_free(&r);
	return n;
}

int
tw_case_act(struct tw_cases *c, long long id, enum tw_case_act act,
    const char *arg, const char *reason)
{
	int n;

	if (tw_store_begin(c->st) < 0)
		return -2;
	if ((n = act_tx(c, id, act, arg, reason)) != 0 ||
	    (n = audit_in_tx(c)) != 0) {
		cJSON_Delete(c->audit);
		c->audit = NULL;
		tw_store_rollback(c->st);
		return n == 2 ? 0 : n == -1 ? 1 : n;
	}
	return tw_store_commit(c->st) < 0 ? -2 : audit_commit(c);
}

/* The queries of next: the best free case (no claim), and the best of
 * those whose claim lapsed, [PostgreSQL][in one queue].  Each reads an
 * index of its own (schema 7).  On PostgreSQL agents choose side by
 * side: the row is locked, and a case another agent is taking is passed
 * over, not waited for. */
#define NEXT_COLS "SELECT id, priority, waiting FROM cases WHERE state IN " \
	"('new', 'open', 'escalated') AND "
#define NEXT_ORDER " ORDER BY priority DESC, waiting, id LIMIT 1"
#define NEXT_PG " FOR UPDATE SKIP LOCKED"
static const char *const next_free[2][2] = {
	{ NEXT_COLS "claim_until IS NULL" NEXT_ORDER,
	  NEXT_COLS "claim_until IS NULL AND queue = $1" NEXT_ORDER },
	{ NEXT_COLS "claim_until IS NULL" NEXT_ORDER NEXT_PG,
	  NEXT_COLS "claim_until IS NULL AND queue = $1" NEXT_ORDER NEXT_PG },
};
static const char *const next_lapsed[2][2] = {
	{ NEXT_COLS "claim_until IS NOT NULL AND claim_until <= $1" NEXT_ORDER,
	  NEXT_COLS "claim_until IS NOT NULL AND claim_until <= $1 AND "
	  "queue = $2" NEXT_ORDER },
	{ NEXT_COLS "claim_until IS NOT NULL AND claim_until <= $1" NEXT_ORDER
	  NEXT_PG,
	  NEXT_COLS "claim_until IS NOT NULL AND claim_until <= $1 AND "
	  "queue = $2" NEXT_ORDER NEXT_PG },
};

struct pick {
	long long id, priority, waiting;        /* id 0: none */
};

/* One candidate of q into p: 0, or -2 when the store failed. */
static int
pick_one(struct tw_q *q, struct pick *p)
{
	int n = tw_q_row(q);

	memset(p, 0, sizeof *p);
	if (n == 1) {
		p->id = tw_q_int(q, 0);
		p->priority = tw_q_int(q, 1);
		p->waiting = tw_q_int(q, 2);
	}
	return tw_q_end(q) < 0 || n < 0 ? -2 : 0;
}

/* Whether a comes before b in the queue: priority, then the longer
 * wait (a case that waits on no message last), then the older case. */
static int
pick_first(const struct pick *a, const struct pick *b)
{
	if (a->priority != b->priority)
		return a->priority > b->priority;
	if ((a->waiting > 0) != (b->waiting > 0))
		return a->waiting > 0;
	if (a->waiting != b->waiting)
		return a->waiting < b->waiting;
	return a->id < b->id;
}

/* The case next claims: 0 with its id in *id (0 when none), or -2. */
static int
next_choose(struct tw_cases *c, const char *queue, long long *id)
{
	struct pick f, l;
	int pg = tw_store_pg(c->st), qu = queue != NULL;

	if (pick_one(qu ? tw_q(c->st, next_free[pg][qu], "s", queue) :
	    tw_q(c->st, next_free[pg][qu], ""), &f) < 0)
		return -2;
	if (pick_one(qu ? tw_q(c->st, next_lapsed[pg][qu], "is",
	    (long long)c->now, queue) : tw_q(c->st, next_lapsed[pg][qu], "i",
	    (long long)c->now), &l) < 0)
		return -2;
	/* (on PostgreSQL the one not taken stays locked until the commit:
	 * others pass over it a moment) */
	*id = !l.id || (f.id && pick_first(&f, &l)) ? f.id : l.id;
	return 0;
}

int
tw_case_next(struct tw_cases *c, const char *queue, long long *id)
{
	return tw_case_next_then(c, queue, id, NULL, NULL);
}

int
tw_case_next_then(struct tw_cases *c, const char *queue, long long *id,
    int (*then)(struct tw_cases *c, long long id, void *ctx), void *ctx)
{
	*id = 0;
	/* one write transaction from the choice to the claim: whoever
	 * comes second sees the first one's claim */
	if (tw_store_begin(c->st) < 0)
		return -2;
	if (next_choose(c, queue, id) < 0 ||
	    (*id && (act_tx(c, *id, TW_CASE_CLAIM, NULL, NULL) != 0 ||
	    audit_in_tx(c) < 0 || (then && then(c, *id, ctx) < 0)))) {
		cJSON_Delete(c->audit);
		c->audit = NULL;
		tw_store_rollback(c->st);
		return -2;
	}
	if (!*id) {
		tw_store_rollback(c->st);
		return 0;
	}
	return tw_store_commit(c->st) < 0 ? -2 : audit_commit(c) < 0 ? -2 : 1;
}

/* ---- reading ---- */

/* A case's latest inbound message (or its latest of all), parsed. */
static cJSON *
face_of(struct tw_cases *c, long long id)
{
	struct tw_q *q = tw_q(c->st, "SELECT record FROM messages WHERE "
	    "case_id = $1 ORDER BY direction = 'in' DESC, time DESC, id DESC "
	    "LIMIT 1", "i", id);
	cJSON *rec = NULL;

	if (tw_q_row(q) == 1)
		rec = cJSON_Parse(tw_q_text(q, 0));
	tw_q_end(q);
	return rec;
}

/* One case as ls prints it: its latest inbound message (or a bare
 * record) with its "case". */
static void
list_one(struct tw_cases *c, const struct crow *r)
{
	cJSON *rec = face_of(c, r->id);

	if (!rec)
		rec = cJSON_CreateObject();
	set_case(rec, c, r);
	tw_emit(rec);
	cJSON_Delete(rec);
}

int
tw_case_list(struct tw_cases *c, const struct tw_case_filter *f)
{
	struct tw_q *q;
	struct crow r;
	int n;

	q = tw_q(c->st, "SELECT " COLS " FROM cases WHERE "
	    "((CAST($1 AS TEXT) IS NULL AND state <> 'resolved') OR "
	    "state = $1) AND (CAST($2 AS TEXT) IS NULL OR queue = $2) AND "
	    "(CAST($3 AS TEXT) IS NULL OR owner = $3) AND "
	    "($4 = 0 OR owner IS NULL OR claim_until <= $5) "
	    "ORDER BY priority DESC, waiting IS NULL, waiting, id LIMIT $6",
	    "sssiii", f->state, f->queue, f->owner, (long long)f->unassigned,
	    (long long)c->now, f->top > 0 ? (long long)f->top : 0x7fffffffLL);
	while ((n = tw_q_row(q)) == 1) {
		crow_read(q, &r);
		list_one(c, &r);
		crow_free(&r);
	}
	return tw_q_end(q) < 0 || n < 0 ? -2 : 0;
}

/* ---- acknowledging (tw-ack) ---- */

/* The case's first inbound message from time t on, parsed. */
static cJSON *
first_in(struct tw_cases *c, long long id, long long t)
{
	struct tw_q *q = tw_q(c->st, "SELECT record FROM messages WHERE "
	    "case_id = $1 AND direction = 'in' AND time >= $2 "
	    "ORDER BY time, id LIMIT 1", "ii", id, t);
	cJSON *rec = NULL;

	if (tw_q_row(q) == 1)
		rec = cJSON_Parse(tw_q_text(q, 0));
	tw_q_end(q);
	return rec;
}

int
tw_case_due(struct tw_cases *c, time_t before, tw_case_due_fn fn, void *arg)
{
	struct tw_q *q;
	struct crow r;
	long long *ids = NULL;
	size_t n = 0, cap = 0, i;
	int got, rv = 0;
	cJSON *rec;

	/* the ids first: fn sends and files while no query is open */
	q = tw_q(c->st, "SELECT id FROM cases WHERE account = $1 AND "
	    "state = 'new' AND waiting > 0 AND waiting <= $2 AND NOT EXISTS "
	    "(SELECT 1 FROM messages m WHERE m.case_id = cases.id AND "
	    "m.direction = 'out') ORDER BY waiting, id", "si",
	    c->acct && c->acct->user_id ? c->acct->user_id : "",
	    (long long)before);
	while ((got = tw_q_row(q)) == 1) {
		if (n == cap)
			ids = xrealloc(ids, (cap = cap ? 2 * cap : 64) * sizeof *ids);
		ids[n++] = tw_q_int(q, 0);
	}
	if (tw_q_end(q) < 0 || got < 0) {
		free(ids);
		return -2;
	}
	for (i = 0; i < n && !rv; i++) {
		if ((got = load(c, ids[i], &r)) < 0) {
			rv = -2;
			break;
		}
		if (!got)
			continue;
		if ((rec = first_in(c, r.id, r.waiting))) {
			set_case(rec, c, &r);
			rv = fn(r.id, rec, arg);
			cJSON_Delete(rec);
		}
		crow_free(&r);
	}
	free(ids);
	return rv;
}

/* ---- following ---- */

struct changed {
	long long id[256];
	int n;
};

static void
note_changed(const char *payload, void *ctx)
{
	struct changed *ch = ctx;
	long long id = strtoll(payload, NULL, 10);

	for (int i = 0; i < ch->n; i++)
		if (ch->id[i] == id)
			return;
	if (ch->n < (int)(sizeof ch->id / sizeof ch->id[0]))
		ch->id[ch->n++] = id;
}

/* SQLite's changes: the cases of the events after seq *last (one writer
 * at a time: events are committed in seq order). */
static int
changed_since(struct tw_cases *c, long long *last, struct changed *ch)
{
	struct tw_q *q = tw_q(c->st, "SELECT case_id, seq FROM events WHERE "
	    "seq > $1 ORDER BY seq LIMIT 256", "i", *last);
	char num[24];
	int n;

	while ((n = tw_q_row(q)) == 1) {
		snprintf(num, sizeof num, "%lld", tw_q_int(q, 0));
		note_changed(num, ch);
		*last = tw_q_int(q, 1);
	}
	return tw_q_end(q) < 0 || n < 0 ? -2 : 0;
}

int
tw_case_follow(struct tw_cases *c, const struct tw_case_filter *f)
{
	struct tw_q *q;
	struct changed ch;
	struct crow r;
	long long last = 0;
	int pg = tw_store_pg(c->st), n;

	/* listen (or note where the events end) before the first list, so
	 * that nothing falls between the two */
	if (pg && tw_store_listen(c->st, "tw_case") < 0)
		return -2;
	if (!pg) {
		q = tw_q(c->st, "SELECT max(seq) FROM events", "");
		if ((n = tw_q_row(q)) == 1)
			last = tw_q_int(q, 0);
		if (tw_q_end(q) < 0 || n < 0)
			return -2;
	}
	if (tw_case_list(c, f) < 0)
		return -2;
	for (;;) {
		fflush(stdout);
		ch.n = 0;
		if (tw_store_notified(c->st, pg ? 1000 : 200, note_changed,
		    &ch) < 0 || (!pg && changed_since(c, &last, &ch) < 0))
			return -2;
		for (int i = 0; i < ch.n; i++) {
			if ((n = load(c, ch.id[i], &r)) < 0)
				return -2;
			if (n == 1 && (!f->queue || (r.queue &&
			    !strcmp(r.queue, f->queue))))
				list_one(c, &r);
			if (n == 1)
				crow_free(&r);
		}
	}
}

/* An event as a journal line: time, event, case, agent, account and
 * customer ids (what tw-metrics keys on), then its details. */
static cJSON *
event_json(struct tw_q *q, int with_seq)
{
	/* columns: seq, case_id, time, agent, event, detail, account,
	 * customer, username */
	cJSON *o = cJSON_CreateObject(), *d, *e;
	char num[24];

	add_time(o, "time", tw_q_int(q, 2));
	cJSON_AddStringToObject(o, "event", tw_q_text(q, 4));
	snprintf(num, sizeof num, "%lld", tw_q_int(q, 1));
	cJSON_AddStringToObject(o, "case", num);
	if (tw_q_text(q, 3))
		cJSON_AddStringToObject(o, "agent", tw_q_text(q, 3));
	cJSON_AddStringToObject(o, "account_id", tw_q_text(q, 6));
	cJSON_AddStringToObject(o, "customer_id", tw_q_text(q, 7));
	if (tw_q_text(q, 8))
		cJSON_AddStringToObject(o, "customer", tw_q_text(q, 8));
	if ((d = cJSON_Parse(tw_q_text(q, 5)))) {
		while ((e = d->child)) {
			cJSON_DetachItemViaPointer(d, e);
			if (cJSON_GetObjectItemCaseSensitive(o, e->string))
				cJSON_Delete(e);
			else
				cJSON_AddItemToObject(o, e->string, e);
		}
		cJSON_Delete(d);
	}
	if (with_seq)
		cJSON_AddNumberToObject(o, "seq", (double)tw_q_int(q, 0));
	return o;
}

#define EVCOLS "e.seq, e.case_id, e.time, e.agent, e.event, e.detail, " \
	"c.account, c.customer, c.username"

int
tw_case_log(struct tw_cases *c, time_t since)
{
	struct tw_q *q;
	cJSON *o;
	int n;

	q = tw_q(c->st, "SELECT " EVCOLS " FROM events e JOIN cases c ON "
	    "c.id = e.case_id WHERE e.time >= $1 ORDER BY e.seq", "i",
	    (long long)since);
	while ((n = tw_q_row(q)) == 1) {
		o = event_json(q, 1);
		tw_emit(o);
		cJSON_Delete(o);
	}
	return tw_q_end(q) < 0 || n < 0 ? -2 : 0;
}

/* The customer's profile in the store into p: its tier (over the
 * triage's), tags as crm_tags, notes, lang, csat and csat_time; vip when
 * a tag says so. */
static void
store_profile(struct tw_cases *c, const struct crow *r, cJSON *p)
{
	static const char *const keys[] = { "tier", "tags", "note", "lang",
	    "csat", "csat_time" };
	static const char *const as[] = { "tier", "crm_tags", "notes", "lang",
	    "csat", "csat_time" };
	struct tw_customer cu;
	const cJSON *t;
	cJSON *o;
	size_t i;

	if (tw_customer_find(c->st, r->account, r->customer, r->username,
	    &cu) != 1)
		return;
	o = tw_customer_json(&cu);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (!(t = cJSON_GetObjectItemCaseSensitive(o, keys[i])) ||
		    (cJSON_IsArray(t) && !cJSON_GetArraySize(t)))
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(p, as[i]);
		cJSON_AddItemToObject(p, as[i], cJSON_Duplicate(t, 1));
	}
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(o, "tags"))
		if (cJSON_IsString(t) && !strcasecmp(t->valuestring, "vip") &&
		    !cJSON_GetObjectItemCaseSensitive(p, "vip"))
			cJSON_AddTrueToObject(p, "vip");
	cJSON_Delete(o);
	tw_customer_free(&cu);
}

/* The header of tw_case_show: the case and who the customer is. */
static void
show_header(struct tw_cases *c, const struct crow *r, const cJSON *crm)
{
	cJSON *h = cJSON_CreateObject(), *p, *e;
	const char *tier;

	cJSON_AddStringToObject(h, "type", "case");
	p = r->profile ? cJSON_Parse(r->profile) : NULL;
	if (!p)
		p = cJSON_CreateObject();
	store_profile(c, r, p);
	/* the CRM file: by @username or by id */
	cJSON_ArrayForEach(e, crm) {
		const char *u = tw_json_str(e, "user");

		if (!u || !(!strcmp(u, r->customer) || (u[0] == '@' &&
		    r->username && !strcasecmp(u + 1, r->username))))
			continue;
		if ((tier = tw_json_str(e, "tier"))) {
			cJSON_DeleteItemFromObjectCaseSensitive(p, "tier");
			cJSON_AddStringToObject(p, "tier", tier);
		}
		if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(e, "tags"))) {
			cJSON_DeleteItemFromObjectCaseSensitive(p, "crm_tags");
			cJSON_AddItemToObject(p, "crm_tags", cJSON_Duplicate(
			    cJSON_GetObjectItemCaseSensitive(e, "tags"), 1));
		}
	}
	cJSON_AddItemToObject(h, "profile", p);
	set_case(h, c, r);
	tw_emit(h);
	cJSON_Delete(h);
}

int
tw_case_show(struct tw_cases *c, long long id, const cJSON *crm)
{
	struct tw_q *m, *e;
	struct crow r;
	cJSON *rec;
	int nm, ne, n;

	if ((n = load(c, id, &r)) != 1) {
		if (!n)
			tw_warn("no case %lld", id);
		return n == 0 ? -1 : -2;
	}
	show_header(c, &r, crm);
	m = tw_q(c->st, "SELECT time, record, seq FROM messages WHERE "
	    "case_id = $1 ORDER BY time, seq", "i", id);
	e = tw_q(c->st, "SELECT " EVCOLS " FROM events e JOIN cases c ON "
	    "c.id = e.case_id WHERE e.case_id = $1 AND e.event NOT IN "
	    "('in', 'out') ORDER BY e.time, e.seq", "i", id);
	nm = tw_q_row(m);
	ne = tw_q_row(e);
	while (nm == 1 || ne == 1) {
		if (nm == 1 && (ne != 1 || tw_q_int(m, 0) < tw_q_int(e, 2) ||
		    (tw_q_int(m, 0) == tw_q_int(e, 2) &&
		    tw_q_int(m, 2) < tw_q_int(e, 0)))) {
			if ((rec = cJSON_Parse(tw_q_text(m, 1)))) {
				set_case(rec, c, &r);
				tw_emit(rec);
				cJSON_Delete(rec);
			}
			nm = tw_q_row(m);
		} else {
			rec = event_json(e, 0);
			cJSON_DeleteItemFromObjectCaseSensitive(rec, "case");
			cJSON_AddStringToObject(rec, "type", "event");
			set_case(rec, c, &r);
			tw_emit(rec);
			cJSON_Delete(rec);
			ne = tw_q_row(e);
		}
	}
	crow_free(&r);
	n = tw_q_end(m) < 0;    /* both ended, whatever the first says */
	if (tw_q_end(e) < 0)
		n = 1;
	return n || nm < 0 || ne < 0 ? -2 : 0;
}

/* ---- opening ---- */

static long
duration_key(const struct tw_account *a, const char *key, long def)
{
	const char *v = a ? tw_account_get(a, key) : NULL;
	long s;

	if (!v)
		return def;
	if (tw_duration_parse(v, &s) < 0 || s <= 0) {
		tw_warn("config: %s: bad duration '%s'; using the default",
		    key, v);
		return def;
	}
	return s;
}

int
tw_cases_open(struct tw_cases *c, const struct tw_account *a, int must_exist)
{
	memset(c, 0, sizeof *c);
	c->acct = a;
	c->agent = tw_agent_name();
	if (tw_clock(&c->now) < 0) {
		tw_warn("TW_NOW: bad time '%s'", getenv("TW_NOW"));
		return TW_EXIT_USAGE;
	}
	c->window = duration_key(a, "reopen_window", 3 * 86400);
	c->ttl = duration_key(a, "claim_ttl", 2 * 3600);
	c->sla = duration_key(a, "sla", 3600);
	if (!(c->st = tw_store_open(a, must_exist)))
		return tw_store_exit();
	return 0;
}

void
tw_cases_close(struct tw_cases *c)
{
	tw_store_close(c->st);
	c->st = NULL;
	tw_buf_free(&c->text);
	cJSON_Delete(c->audit);
	c->audit = NULL;
}

/* ---- tw-reply and tw-dm ---- */

int
tw_case_send_check(const struct tw_account *a, const char *post,
    const char *customer, const char *agent, char *why, size_t n)
{
	struct tw_cases c;
	struct crow r;
	long long id = 0;
	char until[32];
	int got = 0, refused = 0;

	if (!tw_store_exists(a))
		return 0;
	if (tw_cases_open(&c, a, 1) != 0) {
		snprintf(why, n, "not sent: the store cannot be used");
		return 2;
	}
	if (post)
		got = find_one(&c, "SELECT case_id FROM messages WHERE id = $1",
		    post, &id);
	if (got != 1 && customer && a->user_id) {
		struct crow l;

		memset(&l, 0, sizeof l);
		if ((got = latest_case(&c, a->user_id, customer, &l)) == 1)
			id = l.id;
		crow_free(&l);
	}
	if (got == 1 && load(&c, id, &r) == 1) {
		if (strcmp(r.state, "resolved") && live_claim(&r, c.now) &&
		    strcmp(r.owner, agent)) {
			snprintf(why, n, "case %lld is claimed by %s until %s; "
			    "not sent: use --again to send anyway", r.id, r.owner,
			    tw_time_format((time_t)r.claim_until, until,
			    sizeof until));
			refused = 1;
		}
		crow_free(&r);
	}
	tw_cases_close(&c);
	return refused;
}

void
tw_case_sent(const struct tw_account *a, cJSON *rec)
{
	struct tw_cases c;
	struct tw_loc loc = { "<sent>", 0 };

	if (!tw_store_exists(a) || tw_cases_open(&c, a, 1) != 0)
		return;
	if (tw_store_begin(c.st) == 0) {
		if (tw_case_add(&c, rec, &loc, NULL) < 0)
			tw_store_rollback(c.st);
		else if (tw_store_commit(c.st) < 0)
			tw_warn("the case of %s was not updated",
			    tw_json_str(rec, "id") ? tw_json_str(rec, "id") : "?");
	}
	tw_cases_close(&c);
}
