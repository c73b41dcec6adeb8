/* intent.h - question and request cues in the languages tw has
 * lexicons for besides English (es fr de pt it ja), for tw-triage's
 * intent; English keeps lib/triage.c's own. */
#ifndef TW_INTENT_H
#define TW_INTENT_H

enum { TW_CUE_QUESTION = 1, TW_CUE_REQUEST = 2 };

/* The cues found in text for lang: TW_CUE_* bits, 0 for none or for a
 * language without cues.  A question: a full-width "？", or a question
 * word first ("cómo", "wo", "est-ce que"), or (ja) a question ending
 * ("ますか", "ですか").  A request: "por favor", "bitte", "pouvez-vous",
 * "お願いします" ... anywhere, as whole words. */
int tw_intent_cues(const char *lang, const char *text);

#endif
