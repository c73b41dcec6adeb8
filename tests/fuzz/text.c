/* text.c - counting text as X does (lib/text.c): the input is a post's
 * text, counted with twitter-text's configs v1, v2 and v3, its URLs
 * extracted, its terminal width measured and cut to a few widths.
 *
 * Findings (abort), besides crashes, leaks and sanitizer reports:
 *  - a count that is not what text.h promises: -1 only with all zero,
 *    otherwise a length >= 0, valid only when 0 < length <= the max,
 *    the valid range inside the displayed one;
 *  - URLs out of the text, empty, or out of order;
 *  - a cut that is not a prefix whose width is at most the columns, or
 *    that cuts a text as wide as the columns. */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	return 0;
}

static void
count(const char *s, size_t n, const struct tw_text_config *cfg)
{
	struct tw_text_result r;
	static const struct tw_text_result zero;

	if (tw_text_parse(s, n, cfg, &r) < 0) {
		FZ_ASSERT(memcmp(&r, &zero, sizeof r) == 0,
		    "invalid UTF-8, yet a result");
		return;
	}
	FZ_ASSERT(r.weighted_length >= 0, "length %d", r.weighted_length);
	FZ_ASSERT(!r.valid || (r.weighted_length > 0 &&
	    r.weighted_length <= cfg->max_weighted_length),
	    "valid with length %d (v%d)", r.weighted_length, cfg->version);
	FZ_ASSERT(r.display_start == 0 && r.display_end >= -1,
	    "displayed range %d..%d", r.display_start, r.display_end);
	FZ_ASSERT(r.valid_start == r.display_start &&
	    r.valid_end <= r.display_end, "valid range %d..%d of %d..%d",
	    r.valid_start, r.valid_end, r.display_start, r.display_end);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact copy: nothing may be read past its end */
	char *s = xmalloc(size ? size : 1);
	struct tw_text_url *u = NULL;
	static const int cols[] = { 0, 1, 2, 7, 40 };
	size_t i, cut, prev = 0;
	int n, w;

	memcpy(s, data, size);
	count(s, size, tw_text_config_v1());
	count(s, size, tw_text_config_v2());
	count(s, size, tw_text_config_v3());

	n = tw_text_urls(s, size, &u);
	FZ_ASSERT(n >= -1 && (n > 0 || !u), "%d URLs", n);
	for (i = 0; n > 0 && i < (size_t)n; i++) {
		FZ_ASSERT(u[i].start >= prev && u[i].start < u[i].end &&
		    u[i].end <= size && u[i].u16_start < u[i].u16_end,
		    "URL %zu at %zu..%zu of %zu", i, u[i].start, u[i].end, size);
		prev = u[i].end;
	}
	free(u);

	w = tw_text_width(s, size);
	FZ_ASSERT(w >= 0, "width %d", w);
	FZ_ASSERT(tw_text_cut(s, size, w) == size,
	    "a text %d columns wide is cut to %d columns", w, w);
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		cut = tw_text_cut(s, size, cols[i]);
		FZ_ASSERT(cut <= size, "cut past the end");
		FZ_ASSERT(tw_text_width(s, cut) <= cols[i],
		    "cut to %d columns, %d wide", cols[i], tw_text_width(s, cut));
	}
	free(s);
	return 0;
}
