/* record.h - the tw record (tw-record(5)) and normalisation of API
 * payloads into it */
#ifndef TW_RECORD_H
#define TW_RECORD_H

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
	TW_SHAPE_OTHER        /* anything else: passed through untouched */
};
enum tw_shape tw_record_shape(const cJSON *o);

/* Normalise one input object: a v2 page yields one record per item of
 * "data" (with "includes" resolved), a v1.1 tweet one record, a record
 * itself (unknown keys kept).  source is "mentions", "search", ... or NULL
 * to leave it unset.  Ownership of in stays with the caller.  Returns the
 * number of records emitted, or -1 with *err set to a static message. */
int tw_normalize(const cJSON *in, const struct tw_ident *acct,
    const char *source, tw_emit_fn emit, void *ctx, const char **err);

/* Normalise a v2 user object into the record's author shape. */
cJSON *tw_user_from_v2(const cJSON *u);

#endif
