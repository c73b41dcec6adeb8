/* fuzz.h - what every harness in tests/fuzz shares.
 *
 * A harness defines LLVMFuzzerTestOneInput (and LLVMFuzzerInitialize
 * when it needs set-up).  It is linked either with libFuzzer (make fuzz,
 * build-fuzz/tests/fuzz/NAME) or with replay.c, a plain main that runs
 * it over every file of its corpus (make check, $(B)/tests/fuzz/NAME-replay).
 *
 * A harness is deterministic, frees what it allocates, and writes files
 * only in the scratch directory fz_dir() makes (removed at exit).  A
 * finding aborts through FZ_ASSERT, so libFuzzer keeps the input. */
#ifndef TW_FUZZ_H
#define TW_FUZZ_H

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Where findings are told: standard error as it was at fz_init, which
 * libFuzzer's -close_fd_mask=2 (quiet library warnings) leaves alone. */
static int fz_errfd = 2;

/* An invariant broken: say which, and abort (a crash to libFuzzer). */
#define FZ_ASSERT(c, ...) do { if (!(c)) { \
	dprintf(fz_errfd, "%s:%d: finding: ", __FILE__, __LINE__); \
	dprintf(fz_errfd, __VA_ARGS__); dprintf(fz_errfd, "\n"); \
	abort(); } } while (0)

/* The input as a C string (cut at its first NUL byte, as a line read by
 * a program would not be, but every parser here takes C strings). */
static inline char *
fz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static char fz_dirbuf[256];

static inline void
fz_cleanup(void)
{
	char path[300];
	static const char *const names[] = { "input", "output", "config",
	    NULL };
	int i;

	if (!fz_dirbuf[0])
		return;
	for (i = 0; names[i]; i++) {
		snprintf(path, sizeof path, "%s/%s", fz_dirbuf, names[i]);
		unlink(path);
	}
	rmdir(fz_dirbuf);
}

/* A scratch directory of this process, made once, gone at exit. */
static inline const char *
fz_dir(void)
{
	const char *t = getenv("TMPDIR");

	if (fz_dirbuf[0])
		return fz_dirbuf;
	snprintf(fz_dirbuf, sizeof fz_dirbuf, "%s/tw-fuzz.XXXXXX",
	    t && *t ? t : "/tmp");
	if (!mkdtemp(fz_dirbuf)) {
		perror(fz_dirbuf);
		abort();
	}
	atexit(fz_cleanup);
	return fz_dirbuf;
}

/* Every LLVMFuzzerInitialize calls it first (before libFuzzer closes
 * standard error): a C locale and UTC as the tests pin them, and every
 * place a program may write to (HOME, TW_HOME, XDG_*) in the scratch
 * directory. */
static inline void
fz_init(void)
{
	int fd = dup(2);

	if (fd >= 0)
		fz_errfd = fd;
	tw_init("tw-fuzz");
	setenv("LC_ALL", "C", 1);
	setenv("TZ", "UTC", 1);
	tzset();
	setenv("HOME", fz_dir(), 1);
	setenv("TW_HOME", fz_dir(), 1);
	setenv("XDG_CONFIG_HOME", fz_dir(), 1);
	setenv("XDG_STATE_HOME", fz_dir(), 1);
	setenv("TW_CONFIG", "/nonexistent/tw-fuzz-config", 1);
	unsetenv("TW_ACCOUNT");
	unsetenv("TW_API_BASE");
}

/* Write data to NAME ("input", "output" or "config") in the scratch
 * directory, mode 0600; returns the path (the same buffer for a name). */
static inline char *
fz_file(const char *name, const uint8_t *data, size_t size)
{
	static char paths[3][300];
	char *path = paths[*name == 'i' ? 0 : *name == 'o' ? 1 : 2];
	size_t off = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof paths[0], "%s/%s", fz_dir(), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		abort();
	}
	while (off < size) {
		n = write(fd, data + off, size - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror(path);
			abort();
		}
		off += (size_t)n;
	}
	close(fd);
	return path;
}

#endif
