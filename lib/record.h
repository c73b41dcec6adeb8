/* record.h - the tw record (tw-record(5)) and normalisation of API
 * payloads into it */
#ifndef TW_RECORD_H
#define TW_RECORD_H

#include "util.h"

/* Who the brand account is: used for "account" and "direction". */
struct tw_ident {
	const char *id;
	const char *username;
};

typedef void (*tw_emit_fn)(cJSON *rec, void *ctx); /* takes ownership */

/* What kind of JSON object this is. */
enum tw_shape {
	TW_SHAPE_RECORD,      /* already a tw record ("type" is tweet|dm|user) */
	TW_SHAPE_V2_PAGE,     /* {"data":[...]|{...},"includes":...,"meta":...} */
	TW_SHAPE_V2_TWEET,    /* a bare v2 tweet object */
	TW_SHAPE_V2_DM,       /* a bare v2 dm event */
	TW_SHAPE_V11_TWEET,   /* v1.1 status ("id_str", "user") */
	TW_SHAPE_V2_USER,     /* a bare v2 user object */
	TW_SHAPE_V11_USER,    /* v1.1 user ("id_str", "screen_name") */
	TW_SHAPE_V11_DM,      /* v1.1 dm event ("type":"message_create") */
	TW_SHAPE_V11_LIST,    /* v1.1 envelopes: {"statuses":[...]},
	                         {"events":[...]}, {"event":{...}}, Account
	                         Activity {"for_user_id":...,...} */
	TW_SHAPE_ACTIVITY,    /* X Activity API event {"data":{"payload":..}} */
	TW_SHAPE_ERROR,       /* an API error body, no data */
	TW_SHAPE_ARRAY,       /* a JSON array (v1.1 timelines): each element */
	TW_SHAPE_OTHER        /* anything else: passed through untouched */
};
enum tw_shape tw_record_shape(const cJSON *o);

/* Normalise one input object: a v2 page yields one record per item of
 * "data" (with "includes" resolved), a v1.1 tweet one record, a record
 * itself (unknown keys kept), anything else is passed through as it is.
 * source is "mentions", "search", ... or NULL to leave it unset.
 * Ownership of in stays with the caller.  Returns the number of records
 * emitted, or -1 with *err set to a message (valid until the next call)
 * for an API error body. */
int tw_normalize(const cJSON *in, const struct tw_ident *acct,
    const char *source, tw_emit_fn emit, void *ctx, const char **err);

/* The same, for an input that is the caller's to delete afterwards: its
 * parts may be moved into the records instead of copied. */
int tw_normalize_own(cJSON *in, const struct tw_ident *acct,
    const char *source, tw_emit_fn emit, void *ctx, const char **err);

/* Fill in what a record lacks, in place, never replacing a key: "account"
 * and "direction" from acct, "source" from source (either may be NULL). */
void tw_record_fill(cJSON *rec, const struct tw_ident *acct,
    const char *source);

/* 1 when the line (len bytes, no newline) is a record that normalising
 * would give back byte for byte: written exactly as tw writes JSON
 * (tw_js_canonical in jscan.h), and lacking nothing tw_record_fill would
 * add.  Such a line can be passed on as it is, unparsed; 0: parse it. */
int tw_record_as_is(const char *line, size_t len,
    const struct tw_ident *acct, const char *source);

/* Normalise a v2 user object into the record's author shape. */
cJSON *tw_user_from_v2(const cJSON *u);
/* The same for a v1.1 user object. */
cJSON *tw_user_from_v11(const cJSON *u);

/* An API time ("2026-11-21T09:14:03.000Z", "...+01:00", v1.1's
 * "Wed Oct 10 20:19:24 +0000 2018", or milliseconds since the epoch as a
 * string) into buf as "2026-11-21T09:14:03Z".  0, or -1 when s is none of
 * those. */
int tw_record_time(const char *s, char *buf, size_t n);

#endif
