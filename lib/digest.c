/* digest.c - SHA-256 (digest.h), with nettle. */
#include <nettle/sha2.h>

#include "digest.h"

void
tw_sha256(const void *p, size_t n, unsigned char md[TW_SHA256_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, TW_SHA256_SIZE, md);
}

void
tw_sha256_hex(const void *p, size_t n, char hex[65])
{
	static const char dig[] = "0123456789abcdef";
	unsigned char md[TW_SHA256_SIZE];
	size_t i;

	tw_sha256(p, n, md);
	for (i = 0; i < sizeof md; i++) {
		hex[2 * i] = dig[md[i] >> 4];
		hex[2 * i + 1] = dig[md[i] & 15];
	}
	hex[64] = 0;
}
