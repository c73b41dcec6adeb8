/* compliance.h - X's compliance (tw(7) COMPLIANCE): what happened to
 * posts and accounts a brand keeps, as records of type "compliance"
 * (tw-record(5)): {"type":"compliance","id","kind":"tweet"|"user",
 * "action","reason",...}.  Got from a batch compliance job (tw-fetch
 * compliance) or a compliance stream; applied by tw-purge. */
#ifndef TW_COMPLIANCE_H
#define TW_COMPLIANCE_H

#include <cJSON.h>

struct tw_fetch;

/* A batch job of type "tweets" or "users" over the ids in file ("-":
 * stdin; a line is an id, or a record whose "id" is taken): created,
 * the ids uploaded to its signed URL, polled until complete, and its
 * results emitted as records.  An exit code (2 for a line that is not
 * an id, said with its place). */
int tw_compliance_job(struct tw_fetch *f, const char *type, const char *file);

/* A record from a line of a job's results (kind "tweet" or "user"), or
 * from a compliance stream's message ({"data":{EVENT:{...}}}); NULL
 * when the line is neither. */
cJSON *tw_compliance_from_result(const cJSON *row, const char *kind);
cJSON *tw_compliance_from_event(const cJSON *msg);

/* Whether a record's action asks for removal: delete, suspend,
 * protect, deactivate, drop (the un- actions and the others: no). */
int tw_compliance_removes(const char *action);

#endif
