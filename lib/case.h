/* case.h - cases: one customer's matter with one brand account, from
 * the first inbound message until it is resolved (tw-case(1)).  Kept in
 * the store (store.h); every change is one event, appended, and the
 * case's state is their projection, written in the same transaction. */
#ifndef TW_CASE_H
#define TW_CASE_H

#include <time.h>

#include "config.h"
#include "ndjson.h"
#include "store.h"

struct tw_cases {
	struct tw_store *st;
	const struct tw_account *acct;
	const char *agent;      /* who acts: $TW_AGENT, else the login */
	time_t now;             /* $TW_NOW, else the clock */
	long window;            /* reopen_window: 3d */
	long ttl;               /* claim_ttl: a claim lapses after 2h */
	long sla;               /* sla: a case is due this long after the
	                           first unanswered message (1h) */
	tw_buf text;            /* JSON text being written to the store */
	const char *raw;        /* for the next tw_case_add: the record's */
	size_t rawlen;          /* text as it came, when the caller has it */
	cJSON *audit;           /* an action's journal line, until it is
	                           committed (tw-audit(1)) */
};

/* Open the store of account a (NULL: defaults) with the config's
 * windows.  An exit code: 0, or 3 after one line. */
int tw_cases_open(struct tw_cases *c, const struct tw_account *a,
    int must_exist);
void tw_cases_close(struct tw_cases *c);

/* File one record into its case inside the caller's transaction, and
 * set its "case" key.  An inbound post or DM opens a case, joins the
 * customer's unresolved one, or reopens a resolved one within the reopen
 * window; the brand's own post or DM joins the customer's case and makes
 * it pending.  A record seen before changes nothing.  Returns 1 when it
 * went into a case, 0 when it belongs to none (passed on as it is), -1
 * for a record that cannot be filed (said why, with loc), -2 when the
 * store failed.  With out, the record and its "case" go there as one
 * line of JSON text (no newline) instead of into rec: the text written
 * to the store serves for both. */
int tw_case_add(struct tw_cases *c, cJSON *rec, const struct tw_loc *loc,
    tw_buf *out);

/* A case named by its number, a post or DM id that is in it, the end
 * of such an id (TW_SHORT_ID digits or more, as tw-show shows it), or
 * @username (their unresolved case, else their latest).  0 and the
 * number, or -1 after one line naming what was not found (or several
 * ids ending so); -2 when the store failed. */
int tw_case_find(struct tw_cases *c, const char *name, long long *id);
/* For tw-reply: the whole id of the one post or DM in a case whose id
 * ends in the digits suf: 1 and *full (caller frees); 0 when there is
 * none (or no store); -1 when several do (said); -2 when the store
 * failed (said). */
int tw_case_post_id(const struct tw_account *a, const char *suf,
    char **full);

/* What the agent can do to a case; each is one transaction and one
 * event.  arg: the agent (assign), the text (note), "+a -b" words
 * (tag), the queue (escalate).  0; 1 refused (said why); -2 store. */
enum tw_case_act {
	TW_CASE_CLAIM, TW_CASE_RELEASE, TW_CASE_ASSIGN, TW_CASE_NOTE,
	TW_CASE_TAG, TW_CASE_PENDING, TW_CASE_RESOLVE, TW_CASE_REOPEN,
	TW_CASE_ESCALATE
};
int tw_case_act(struct tw_cases *c, long long id, enum tw_case_act act,
    const char *arg, const char *reason);
/* Action names as on the command line ("claim"...), -1 when unknown. */
int tw_case_act_of(const char *name);

/* Claim the highest-priority case nobody holds (in queue, when not
 * NULL): 1 and its number, 0 when there is none, -2 store. */
int tw_case_next(struct tw_cases *c, const char *queue, long long *id);
/* The same, with then(c, id, ctx) run inside the claim's transaction,
 * before its commit (tw-case next reads the case to print there, so that
 * what it prints is the claim's own snapshot and nothing is read after
 * the commit: a server lost after it cannot leave a case claimed and
 * not shown); then's failure (< 0) rolls the claim back. */
int tw_case_next_then(struct tw_cases *c, const char *queue, long long *id,
    int (*then)(struct tw_cases *c, long long id, void *ctx), void *ctx);

/* The queue: one record per case (its latest inbound message, with the
 * "case" key), highest priority first, then the longest waiting.
 * Filters may be NULL; state NULL means every unresolved case;
 * unassigned: nobody holds a live claim.  At most top (0: all).
 * Written with tw_emit.  0 or -2. */
struct tw_case_filter {
	const char *queue, *owner, *state;
	int unassigned;
	long top;
};
int tw_case_list(struct tw_cases *c, const struct tw_case_filter *f);
/* The list, then each case again as anyone changes it (in f's queue,
 * whatever its state or owner now: a case that leaves the list is seen
 * to go), until the output or the store fails: -2. */
int tw_case_follow(struct tw_cases *c, const struct tw_case_filter *f);

/* For tw-ack(1): the account's new cases with no message from the brand
 * (neither an agent's nor an automatic one) whose first unanswered
 * message is from before or at time before, the longest waiting first.
 * For each, fn gets the case's number and that message's record with
 * its "case" key, while no query is open (fn may send and file).  Stops
 * at the first non-zero fn returns and returns it; else 0, or -2 when
 * the store failed. */
typedef int (*tw_case_due_fn)(long long id, cJSON *rec, void *arg);
int tw_case_due(struct tw_cases *c, time_t before, tw_case_due_fn fn,
    void *arg);

/* The whole story: a "case" header record (the case, the customer's
 * profile and, from crm when not NULL, their tier and tags), then every
 * message both ways and every event other than a message's, in time
 * order, each with its "case".  0 or -2. */
int tw_case_show(struct tw_cases *c, long long id, const cJSON *crm);

/* The events as journal lines, oldest first, from time since on.
 * 0 or -2. */
int tw_case_log(struct tw_cases *c, time_t since);

/* For tw-reply and tw-dm, when the account has a store.  Before a
 * send: whether the case of post (or else of the customer) is held by
 * another agent's live claim: 1 and why, else 0; 2 and why when the store
 * cannot be used (it said why; tw_store_exit() is the exit code): nothing
 * may be sent that the team's store cannot check.  After: the sent record
 * joins its case (which becomes pending) and gets its "case" key. */
int tw_case_send_check(const struct tw_account *a, const char *post,
    const char *customer, const char *agent, char *why, size_t n);
void tw_case_sent(const struct tw_account *a, cJSON *rec);

/* The agent's name: $TW_AGENT, else $USER, else "agent". */
const char *tw_agent_name(void);

#endif
