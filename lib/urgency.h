/* urgency.h - the urgency categories a care lead escalates, found in a
 * post's text (tw-triage(1) URGENCY).
 *
 * Terms in English, Spanish, French, German, Portuguese, Italian and
 * Japanese, with hashtags and common misspellings, matched on the text
 * folded to lower case without accents.  A term after a negation in
 * the same clause ("not a safety issue") does not count, except for
 * self-harm; phrases that only look urgent ("the food was the bomb")
 * cancel the terms they overlap.
 */
#ifndef TW_URGENCY_H
#define TW_URGENCY_H

/* The categories, highest default points first. */
enum {
	TW_URG_SELF_HARM, TW_URG_SAFETY, TW_URG_THREAT, TW_URG_HEALTH,
	TW_URG_SECURITY, TW_URG_LEGAL, TW_URG_REGULATOR, TW_URG_PRESS,
	TW_URG_ACCESSIBILITY, TW_URG_CHURN, TW_URG_N
};

struct tw_urgency;

/* The term list (lib/urgterms.c), ending with term NULL: a category, or
 * TW_URG_LOOKALIKE (cancels what it overlaps: "the bomb" of "the food
 * was the bomb"), or TW_URG_CONTEXT (words of complaining or reporting,
 * without which a regulator's name does not count). */
enum { TW_URG_LOOKALIKE = -1, TW_URG_CONTEXT = -2 };
struct tw_urgterm {
	const char *term;
	int cat;
};
extern const struct tw_urgterm tw_urgterms[];

/* What one text holds: a bit per category, and the term that found it
 * (as written in the term list, valid as long as the tw_urgency). */
#define TW_URG_MAXCAT 32
struct tw_urgency_found {
	unsigned mask;
	const char *term[TW_URG_MAXCAT];
};

/* The matcher for tw_urgterms, or for another list of the same syntax
 * whose categories are TW_URG_N..TW_URG_MAXCAT-1 (no negation, no
 * regulator rule: spam.c's signals). */
struct tw_urgency *tw_urgency_new(void);
struct tw_urgency *tw_urgency_new_with(const struct tw_urgterm *terms);
void tw_urgency_free(struct tw_urgency *u);

/* The categories in text (UTF-8; NULL is empty). */
void tw_urgency_scan(const struct tw_urgency *u, const char *text,
    struct tw_urgency_found *f);
/* The same, knowing the text's language (BCP 47, or NULL). */
void tw_urgency_scan_lang(const struct tw_urgency *u, const char *text,
    const char *lang, struct tw_urgency_found *f);

/* A category's name ("self-harm") and default points; the category of
 * a name, or -1. */
const char *tw_urgency_name(int cat);
int tw_urgency_points(int cat);
int tw_urgency_category(const char *name);

#endif
