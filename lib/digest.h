/* digest.h - SHA-256, for the journal's chain (state.c), its audit
 * (tw-audit), a purge's rewrite of it (purge.c) and OAuth 2.0's PKCE
 * challenge (oauth.c).
 *
 * With nettle's sha256, which needs no set-up: OpenSSL 3's SHA256()
 * loads its provider at the first call, and that and the library's
 * loading were an eighth of a whole tw-case next. */
#ifndef TW_DIGEST_H
#define TW_DIGEST_H

#include <stddef.h>

#define TW_SHA256_SIZE 32

/* The SHA-256 of n bytes at p into md. */
void tw_sha256(const void *p, size_t n, unsigned char md[TW_SHA256_SIZE]);
/* The same as 64 lowercase hex digits and a NUL. */
void tw_sha256_hex(const void *p, size_t n, char hex[65]);

#endif
