/* query.h - X search query language: parse and match.  Used by the
 * sandbox to answer searches and stream rules, and by tw-triage for
 * routing rules.
 *
 * Supported: keywords (case-insensitive, word match), "quoted phrases",
 * OR, implicit AND (binds tighter than OR), ( ), -negation, from:, to:,
 * @name, #tag, $cashtag, lang:, is:retweet, is:reply, is:quote,
 * is:verified, has:links, has:media, has:mentions, has:hashtags,
 * conversation_id:, url:, retweets_of:.  An unknown NAME: operator and a
 * query made only of negations are errors, as on X.
 *
 * Record keys read: text, lang, author.{id,username,verified},
 * in_reply_to.{id,user_id,username}, retweet_of, quote_of,
 * conversation_id, entities.{mentions,hashtags,cashtags,urls} (strings or
 * objects with username/tag/expanded_url/url; without entities the text is
 * scanned for @name, #tag, $tag), media, recipient (DMs). */
#ifndef TW_QUERY_H
#define TW_QUERY_H

#include "util.h"

struct tw_query;

/* Parse; NULL with *err set to a static message on a syntax error. */
struct tw_query *tw_query_parse(const char *q, const char **err);
void tw_query_free(struct tw_query *q);

/* What a query is matched against: a tw record (type tweet or dm) in its
 * normalised form (record.h). */
int tw_query_match(const struct tw_query *q, const cJSON *rec);

#endif
