/* sblog.h - what tw-sandbox writes is valid UTF-8 and cannot fool a
 * terminal (sblog.c; the store layer, lib/sandbox/README). */
#ifndef TW_SBLOG_H
#define TW_SBLOG_H

#include <stddef.h>

#include "util.h"

/* Append s[0..n) to out with every byte that is not part of valid UTF-8
 * replaced by U+FFFD. */
void sb_utf8_scrub(tw_buf *out, const char *s, size_t n);
/* tw_warn with control bytes, invalid UTF-8 and \ escaped as \xHH: every
 * line tw-sandbox logs goes through it. */
void sb_log(const char *fmt, ...) TW_PRINTF(1, 2);

#endif
