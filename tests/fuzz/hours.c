/* hours.c - business hours files (lib/hours.c, tw-metrics(1) BUSINESS
 * HOURS): the input is loaded as tw-metrics -H loads it; when it is
 * taken, the business seconds of a few spans are counted (one around
 * the European and one around the American DST change, a week, one
 * backwards).
 *
 * Findings: crashes, leaks, sanitizer reports, and a count below 0 or
 * above the span's length. */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const time_t spans[][2] = {
		{ 1774652400, 1774911600 },     /* 2026-03-27T23Z .. 03-30T23Z */
		{ 1772323200, 1773532800 },     /* 2026-03-01 .. 03-15 (US DST) */
		{ 1792800000, 1793404800 },     /* 2026-10-24 .. 10-31 (EU DST) */
		{ 1795000000, 1795000000 + 3600 },
		{ 1795000000, 1794990000 },     /* backwards: 0 */
	};
	struct tw_hours *h;
	size_t i;
	long s;

	if (!(h = tw_hours_load(fz_file("input", data, size))))
		return 0;
	for (i = 0; i < sizeof spans / sizeof spans[0]; i++) {
		s = tw_hours_between(h, spans[i][0], spans[i][1]);
		FZ_ASSERT(s >= 0 && s <= (spans[i][1] > spans[i][0] ?
		    (long)(spans[i][1] - spans[i][0]) : 0),
		    "%ld business seconds in a span of %ld", s,
		    (long)(spans[i][1] - spans[i][0]));
	}
	tw_hours_free(h);
	return 0;
}
