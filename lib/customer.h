/* customer.h - customer profiles: what a care team knows of a customer
 * of an account (tier, tags, notes, language, last CSAT), kept in the
 * store's customers table (store.h), read and written as NDJSON or CSV
 * (tw-case(1) customer).  A profile is keyed by the account's user id
 * ('' for every account) and the customer's user id, or "@name" in
 * lower case while only the name is known (an import by @name); the
 * first note or tag on a case of theirs gives it the id. */
#ifndef TW_CUSTOMER_H
#define TW_CUSTOMER_H

#include <time.h>

#include "store.h"
#include "util.h"

struct tw_customer {
	char *account, *key, *username, *tier, *notes, *lang;
	char *tags;             /* JSON array text */
	long long csat, csat_time, updated;     /* csat 0: none */
};

void tw_customer_free(struct tw_customer *cu);

/* The profile of the customer with user id id and/or @username (either
 * may be NULL) for account (NULL: every account's): the account's own
 * before one for every account, by id before by name.  1 found, 0 not,
 * -2 the store failed (said). */
int tw_customer_find(struct tw_store *s, const char *account,
    const char *id, const char *username, struct tw_customer *cu);

/* The profile as a record: {"user", "username", "tier", "tags", "note",
 * "lang", "csat", "csat_time", "updated"}, the keys it has. */
cJSON *tw_customer_json(const struct tw_customer *cu);

/* Inside the caller's transaction, after a note or tag on a case of
 * customer id (@username) of account: the note appended to the
 * profile's notes as "DATE AGENT: TEXT", or the "+a -b" words applied to
 * its tags; a profile made when there is none.  0, or -2. */
int tw_customer_touch(struct tw_store *s, const char *account,
    const char *id, const char *username, const char *note,
    const char *tagwords, const char *agent, time_t now);

/* "+a -b c" words applied to tags, a JSON array's text (replaced); with
 * d, what was added and removed as its "add" and "remove" arrays.  The
 * number of changes, or -1 for an empty word (the others applied). */
int tw_tags_apply(char **tags, const char *words, cJSON *d);

/* Import the profiles of a file ("-": standard input) for account:
 * NDJSON (tw-triage --crm's lines) or CSV with a header row, told apart
 * by the first character.  A row sets the fields it has and leaves the
 * others (an empty CSV cell, an absent key); null clears a key.  One
 * transaction per file.  A bad row is said with its line and skipped.
 * 0; 1 some rows were bad; 2 the file cannot be read or its header is
 * wrong (nothing imported); -2 the store.  *changed, *same: rows that
 * changed a profile and those that did not. */
int tw_customer_import(struct tw_store *s, const char *account,
    const char *path, time_t now, long *changed, long *same);

/* Every profile of account (and every account's), as NDJSON records or
 * CSV with a header row, on standard output.  0 or -2. */
int tw_customer_export(struct tw_store *s, const char *account, int csv);

#endif
