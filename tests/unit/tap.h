/* tap.h - the smallest TAP producer, for library unit tests */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

/* No plan up front: tap_done() prints "1..N" after the last test, so a
 * program that dies before it has no plan, and fails. */

#define ok(cond, ...) do { \
	int ok_c_ = !!(cond); \
	tap_n++; \
	if (!ok_c_) tap_failed++; \
	printf("%sok %d - ", ok_c_ ? "" : "not ", tap_n); \
	printf(__VA_ARGS__); \
	printf("\n"); \
	if (!ok_c_) printf("#   at %s:%d\n", __FILE__, __LINE__); \
	fflush(stdout);         /* nothing left to copy into a fork */ \
} while (0)

/* is_str(got, want, name...): string equality, NULL-safe, shows both. */
#define is_str(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	int e_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_; \
	ok(e_, __VA_ARGS__); \
	if (!e_) printf("#   got:  '%s'\n#   want: '%s'\n", \
	    g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

#define is_int(got, want, ...) do { \
	long long g_ = (got), w_ = (want); \
	ok(g_ == w_, __VA_ARGS__); \
	if (g_ != w_) printf("#   got:  %lld\n#   want: %lld\n", g_, w_); \
} while (0)

#define tap_done() (printf("1..%d\n", tap_n), tap_failed ? 1 : 0)

/* Catch what a call writes on stderr: tap_catch(); call();
 * msg = tap_caught(); (the text stays valid until the next catch). */
#include <unistd.h>

static FILE *tap_errfp;
static int tap_saved_err = -1;

static __attribute__((unused)) void
tap_catch(void)
{
	fflush(stderr);
	tap_errfp = tmpfile();
	tap_saved_err = dup(2);
	if (tap_errfp)
		dup2(fileno(tap_errfp), 2);
}

static __attribute__((unused)) char *
tap_caught(void)
{
	static char buf[4096];
	size_t n = 0;

	fflush(stderr);
	dup2(tap_saved_err, 2);
	close(tap_saved_err);
	if (tap_errfp) {
		rewind(tap_errfp);
		n = fread(buf, 1, sizeof buf - 1, tap_errfp);
		fclose(tap_errfp);
		tap_errfp = NULL;
	}
	buf[n] = 0;
	return buf;
}

#endif
