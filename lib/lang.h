/* lang.h - language detection for records that carry no "lang" (DMs)
 *
 * libexttextcat's n-gram fingerprints (Cavnar and Trenkle's method, the
 * profiles Debian ships in libexttextcat-data), compared against a
 * fixed set of candidate languages: the ones tw has lexicons for.
 */
#ifndef TW_LANG_H
#define TW_LANG_H

#include "util.h"

/* The candidates, comma-separated: "en,es,fr,de,pt,it,ja". */
#define TW_LANG_DEFAULT "en,es,fr,de,pt,it,ja"

struct tw_langid;

/* A detector over the candidates in list (comma-separated codes, each
 * a profile CODE.lm in dir; dir NULL: $TW_TEXTCAT_DIR, else the one
 * libexttextcat-data installs).  When a profile cannot be read: a
 * warning, and a detector that detects nothing. */
struct tw_langid *tw_langid_new(const char *list, const char *dir);
void tw_langid_free(struct tw_langid *d);

/* The likeliest candidate's code for text, or NULL when the text has
 * too little to go on (fewer than 3 letters once @mentions, links,
 * emoji, digits and punctuation are left out).  Valid until the
 * detector is freed. */
const char *tw_langid_detect(struct tw_langid *d, const char *text);

/* Whether a record's lang is missing for our purposes: NULL, "" or X's
 * "und" (undetermined). */
int tw_lang_missing(const char *lang);

/* Whether two language tags share their primary language, in any case:
 * "pt", "pt-BR" and "PT_pt" are one; NULL is none. */
int tw_lang_same(const char *a, const char *b);

/* When rec's "lang" is missing, detect it from "text" with *d (made
 * with TW_LANG_DEFAULT on first use) and set "lang" and "lang_detected":
 * true on rec.  Returns rec's "lang" afterwards, or NULL. */
const char *tw_lang_fill(struct tw_langid **d, cJSON *rec);

#endif
