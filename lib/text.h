/* text.h - counting text the way X counts it, and terminal widths.
 *
 * tw_text_parse() follows twitter-text 3.1's parseTweet(): the text is
 * NFC-normalised, URLs (with or without a protocol, valid TLDs) count
 * transformed_url_length, emoji sequences count default_weight when
 * emoji_parsing is on, every other code point is weighed by the ranges.
 * Offsets in the result are UTF-16 code units with inclusive ends, as
 * in twitter-text.  Lengths are weighted units divided by scale: with
 * config v3, "abc" is 3, "東京" is 4, "👩‍👩‍👧" is 2, a URL is 23.
 */
#ifndef TW_TEXT_H
#define TW_TEXT_H

#include <stddef.h>

#include <cJSON.h>

#define TW_TEXT_MAXRANGES 16

struct tw_text_range {
	long start, end;        /* code points, inclusive */
	int weight;
};

struct tw_text_config {
	int version;
	int max_weighted_length;        /* maxWeightedTweetLength */
	int scale;
	int default_weight;
	int transformed_url_length;     /* transformedURLLength */
	int emoji_parsing;              /* emojiParsingEnabled */
	int nranges;
	struct tw_text_range ranges[TW_TEXT_MAXRANGES];
};

/* twitter-text's config/v1.json (140, all weight 1), v2.json (280, CJK
 * and most scripts 2) and v3.json (v2 + an emoji sequence weighs 2,
 * what X uses today). */
const struct tw_text_config *tw_text_config_v1(void);
const struct tw_text_config *tw_text_config_v2(void);
const struct tw_text_config *tw_text_config_v3(void);
#define tw_text_config_default tw_text_config_v3

/* Read a twitter-text configuration object ({"version":3, ...}).
 * Returns 0, or -1 (nothing usable: a required member missing, a
 * negative value, more than TW_TEXT_MAXRANGES ranges). */
int tw_text_config_json(const cJSON *j, struct tw_text_config *cfg);

struct tw_text_result {
	int weighted_length;    /* weight / scale, rounded down */
	int permillage;         /* of max_weighted_length */
	int valid;              /* 0 < length <= max, no invalid char */
	int display_start, display_end; /* UTF-16, inclusive, of the input */
	int valid_start, valid_end;     /* the part that fits */
};

/* Count utf8[0..len).  Returns 0, or -1 when the input is not valid
 * UTF-8 (out is then all zero and not valid). */
int tw_text_parse(const char *utf8, size_t len,
    const struct tw_text_config *cfg, struct tw_text_result *out);

/* The characters of utf8[0..len) after NFC normalisation, each code
 * point one, whatever its script or a URL: how a DM's text is measured
 * (respond.c).  -1 when the input is not valid UTF-8. */
long tw_text_chars(const char *utf8, size_t len);

/* A URL as twitter-text extracts it (extractUrlsWithIndices), in the
 * text as given (not normalised). */
struct tw_text_url {
	size_t start, end;      /* bytes: utf8[start..end) */
	int u16_start, u16_end; /* UTF-16 code units, end exclusive */
};

/* Returns the number of URLs; *out (caller frees) holds them, NULL if
 * none.  -1 on invalid UTF-8. */
int tw_text_urls(const char *utf8, size_t len, struct tw_text_url **out);

/* Terminal columns of utf8[0..len): per grapheme cluster, 2 for East
 * Asian Wide/Fullwidth and emoji (presentation, ZWJ, flag, keycap and
 * VS16 sequences), 0 for controls and lone combining marks, else 1.
 * Invalid bytes count 1 column each. */
int tw_text_width(const char *utf8, size_t len);

/* The number of bytes of utf8[0..len) that fit in cols columns without
 * splitting a grapheme cluster. */
size_t tw_text_cut(const char *utf8, size_t len, int cols);

#endif
