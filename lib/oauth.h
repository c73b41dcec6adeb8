/* oauth.h - OAuth 1.0a (HMAC-SHA1, through liboauth) and OAuth 2 bearer.
 * liboauth is called from lib/oauth.c only. */
#ifndef TW_OAUTH_H
#define TW_OAUTH_H

#include "util.h"

/* RFC 3986 percent-encoding: unreserved A-Z a-z 0-9 - . _ ~ kept, all else
 * %XX uppercase, on UTF-8 bytes.  Caller frees. */
char *tw_pct_encode(const char *s);
/* Decode %XX (and '+' as space when plus is set).  Caller frees. */
char *tw_pct_decode(const char *s, size_t n, int plus);

/* Signature base string (RFC 5849 3.4.1): METHOD&enc(url)&enc(params)
 * where params are sorted by encoded key then value.  url has no query. */
char *tw_oauth_base_string(const char *method, const char *url,
    const tw_kvs *params);

/* The normalized parameter string (RFC 5849 3.4.1.3.2) alone, and the
 * signing key enc(cs)&enc(ts).  Caller frees. */
char *tw_oauth_param_string(const tw_kvs *params);
char *tw_oauth_signing_key(const char *consumer_secret,
    const char *token_secret);

/* base64(HMAC-SHA1(base, enc(cs)&enc(ts))).  Caller frees. */
char *tw_oauth_hmac(const char *base, const char *consumer_secret,
    const char *token_secret);

struct tw_oauth1 {
	const char *consumer_key, *consumer_secret;
	const char *token, *token_secret;
	const char *nonce;        /* NULL: random */
	long long timestamp;      /* 0: now */
	const char *callback;     /* oauth_callback (request_token), or NULL */
	const char *verifier;     /* oauth_verifier (access_token), or NULL */
};

/* The Authorization header value ("OAuth oauth_consumer_key=..., ...")
 * for a request.  params holds the query and form parameters (decoded);
 * JSON and multipart bodies are never signed.  Caller frees. */
char *tw_oauth1_header(const struct tw_oauth1 *k, const char *method,
    const char *url, const tw_kvs *params);

/* Parse an "OAuth k="v", ..." header into decoded pairs.  0 / -1. */
int tw_oauth1_parse_header(const char *header, tw_kvs *out);

/* Verify a signed request (the sandbox's side).  params: decoded query and
 * form parameters (not the oauth_ ones).  Returns 0 when the signature
 * matches, -1 otherwise. */
int tw_oauth1_verify(const char *method, const char *url,
    const tw_kvs *params, const tw_kvs *oauth_params,
    const char *consumer_secret, const char *token_secret);

/* OAuth 2.0 */

/* "Basic base64(enc(user):enc(pass))" (RFC 6749 2.3.1).  Caller frees. */
char *tw_basic_auth(const char *user, const char *pass);

/* n random characters of A-Z a-z 0-9 - . _ ~ (a PKCE code verifier: 43
 * to 128 of them; a state).  NULL when the system has no randomness.
 * Caller frees. */
char *tw_random_string(size_t n);

/* The PKCE S256 challenge of a verifier: BASE64URL(SHA-256(verifier))
 * without padding (RFC 7636 4.2).  Caller frees. */
char *tw_pkce_s256(const char *verifier);

#endif
