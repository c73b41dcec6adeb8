/* replay.c - run a harness over files without libFuzzer: the main of
 * build/tests/fuzz/NAME-replay, for make check (and make check-asan,
 * where it runs under the sanitizers).
 *
 *	NAME-replay [-t SECONDS] FILE|DIR...
 *
 * Every regular file named, and every file of every directory named (not
 * recursively, dot files skipped, in name order), is given to
 * LLVMFuzzerTestOneInput once.  An input that takes longer than SECONDS
 * (default 10) is reported by name and the program aborts. */
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>

#include "fuzz.h"

/* A harness without set-up does not define it. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static const char *current;
static unsigned timeout = 10;

static void
on_alarm(int sig)
{
	static const char msg[] = "replay: timeout on ";

	(void)sig;
	if (write(2, msg, sizeof msg - 1) < 0 ||
	    write(2, current, strlen(current)) < 0 || write(2, "\n", 1) < 0) {
		/* nothing more to do */
	}
	abort();
}

static int
run_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t n = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) < 0) {
		perror(path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* the exact size, so that reading past the input is caught */
	if (!(buf = malloc(st.st_size ? (size_t)st.st_size : 1)))
		abort();
	while (n < (size_t)st.st_size &&
	    (r = read(fd, buf + n, (size_t)st.st_size - n)) > 0)
		n += (size_t)r;
	close(fd);
	current = path;
	alarm(timeout);
	LLVMFuzzerTestOneInput(buf, n);
	alarm(0);
	free(buf);
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
main(int argc, char **argv)
{
	struct dirent **ents;
	struct stat st;
	char path[4096];
	int i, j, n, files = 0, bad = 0;

	signal(SIGALRM, on_alarm);
	if (argc > 2 && strcmp(argv[1], "-t") == 0) {
		timeout = (unsigned)atoi(argv[2]);
		argv[2] = argv[0];
		argc -= 2;
		argv += 2;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) < 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= run_file(argv[i]) < 0;
			files++;
			continue;
		}
		if ((n = scandir(argv[i], &ents, NULL, by_name)) < 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		for (j = 0; j < n; j++) {
			snprintf(path, sizeof path, "%s/%s", argv[i],
			    ents[j]->d_name);
			if (ents[j]->d_name[0] != '.' && stat(path, &st) == 0 &&
			    S_ISREG(st.st_mode)) {
				bad |= run_file(path) < 0;
				files++;
			}
			free(ents[j]);
		}
		free(ents);
	}
	fprintf(stderr, "replay: %d inputs\n", files);
	return bad;
}
