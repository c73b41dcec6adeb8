/* query.h - X search query language: parse and match.  Used by the
 * sandbox to answer searches and stream rules, and by tw-triage for
 * routing rules.
 *
 * Supported: keywords (case-insensitive, word match), "quoted phrases",
 * OR, implicit AND, ( ), -negation, from:, to:, @name, #tag, $cashtag,
 * lang:, is:retweet, is:reply, is:quote, is:verified, has:links,
 * has:media, conversation_id:, url:. */
#ifndef TW_QUERY_H
#define TW_QUERY_H

struct tw_query;

/* Parse; NULL with *err set to a static message on a syntax error. */
struct tw_query *tw_query_parse(const char *q, const char **err);
void tw_query_free(struct tw_query *q);

/* What a query is matched against: a tw record (type tweet or dm) in its
 * normalised form (record.h). */
int tw_query_match(const struct tw_query *q, const cJSON *rec);

#endif
