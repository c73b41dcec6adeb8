/* sblog.c - tw-sandbox: what it writes is valid UTF-8 and cannot
 * fool a terminal.  Every log line goes through sb_log, every answer
 * through sb_utf8_scrub.
 *
 * Layer: store (the bottom; lib/sandbox/README).  Calls nothing of the
 * sandbox. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sblog.h"

/* The length of the UTF-8 sequence at s[0..n), or 0 when it is not one
 * (a stray or missing continuation byte, an overlong form, a surrogate,
 * past U+10FFFF); *cp is its code point. */
static size_t
utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

void
sb_utf8_scrub(tw_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((k = utf8_seq(p + i, n - i, &cp))) {
			tw_buf_add(out, p + i, k);
			i += k;
		} else {
			tw_buf_adds(out, "\xef\xbf\xbd");      /* U+FFFD */
			i++;
		}
	}
}

/* One log line: the bytes a terminal or a log reader could take for
 * something else (C0 and C1 controls, DEL, bytes that are not UTF-8)
 * become \xHH, and a backslash \\, so a request cannot forge a line or
 * reach the terminal. */
static void
log_escape(tw_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k, j;
	uint32_t cp;

	while (i < n) {
		k = utf8_seq(p + i, n - i, &cp);
		if (k && cp == '\\') {
			tw_buf_adds(out, "\\\\");
		} else if (k && cp >= 0x20 && cp != 0x7f &&
		    !(cp >= 0x80 && cp < 0xa0)) {
			tw_buf_add(out, p + i, k);
		} else {
			if (!k)
				k = 1;
			for (j = 0; j < k; j++)
				tw_buf_printf(out, "\\x%02x", p[i + j]);
		}
		i += k;
	}
}

void
sb_log(const char *fmt, ...)
{
	tw_buf line = { 0 };
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	log_escape(&line, s);
	tw_warn("%s", line.s ? line.s : "");
	free(s);
	tw_buf_free(&line);
}
