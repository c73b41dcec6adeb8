/* sbrender.h - v2 objects with the fields asked for, pages with the
 * "includes" that expansions pull in, stream messages (sbrender.c; the
 * parameters and rendering layer, lib/sandbox/README). */
#ifndef TW_SBRENDER_H
#define TW_SBRENDER_H

#include <stddef.h>

#include <cJSON.h>

#include "sbstore.h"

enum {
	SB_EXP_TWEET, SB_EXP_USER, SB_EXP_DM
};
struct sb_fields {
	unsigned tf, uf, mf, df, xf;
	int xkind;
	const char *me;         /* the user asking (user context), or NULL:
	                           own posts' private metrics are theirs */
};
cJSON *sb_render_tweet(const struct sb_tweet *t, unsigned tf);
cJSON *sb_render_user(const struct sb_user *u, unsigned uf);
cJSON *sb_render_media(const struct sb_media *m, unsigned mf);
cJSON *sb_render_dm(const struct sb_dm *d, unsigned df);
/* {"data":...,"includes":...}: data is an array of posts or one post */
cJSON *sb_page_tweets(struct sb_tweet **v, size_t n, int single,
    const struct sb_fields *f);
cJSON *sb_page_users(struct sb_user **v, size_t n, int single,
    const struct sb_fields *f);
cJSON *sb_page_dms(struct sb_dm **v, size_t n, const struct sb_fields *f);
/* The stream message for t, or NULL when no rule matches. */
char *sb_stream_line(const struct sb_tweet *t, const struct sb_sub *s);
/* Parse a comma list of field names against table kind; bit mask, or -1
 * when name is not in it (*bad points to it). */
int sb_field_mask(const char *kind, const char *list, unsigned *mask,
    char **bad);
const char *sb_field_names(const char *kind);   /* "a,b,c" */

#endif
