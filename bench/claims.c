/*
 * bench/claims.c - agents that hold their connection: AGENTS processes,
 * each opening the store once as tw-case does (tw_config_load,
 * tw_cases_open) and then taking up to CLAIMS cases with tw_case_next,
 * the transaction tw-case next runs.  What a long-running agent client
 * would see; the process start and the connection that each tw-case
 * command pays are not in these figures (bench/case-team.sh measures
 * those apart).
 *
 *   claims AGENTS CLAIMS OUT
 *
 * Each agent (TW_AGENT=agentN) writes OUT.N: a line "start end" (seconds,
 * CLOCK_MONOTONIC, from when all were ready) and then a line "ms case"
 * for each claim.  Exit 0, or 1 when an agent failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "case.h"
#include "config.h"
#include "util.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One agent: open, wait for the start (go's write end closes), claim. */
static int
agent(int i, int claims, const char *out, int go)
{
	struct tw_account acct;
	struct tw_cases c;
	char name[32], path[4096], b;
	double t0, t, *ms = calloc((size_t)claims, sizeof *ms);
	long long id, *ids = calloc((size_t)claims, sizeof *ids);
	int n = 0, r = 0;
	FILE *f;

	snprintf(name, sizeof name, "agent%d", i);
	setenv("TW_AGENT", name, 1);
	if (!ms || !ids || tw_config_load(NULL, 0, &acct) != 0 ||
	    tw_cases_open(&c, &acct, 1) != 0)
		return 1;
	if (read(go, &b, 1) < 0)
		return 1;
	t0 = now();
	while (n < claims) {
		t = now();
		if ((r = tw_case_next(&c, NULL, &id)) <= 0)
			break;
		ms[n] = (now() - t) * 1000;
		ids[n++] = id;
	}
	t = now();
	tw_cases_close(&c);
	snprintf(path, sizeof path, "%s.%d", out, i);
	if (!(f = fopen(path, "w")))
		return 1;
	fprintf(f, "%.6f %.6f\n", t0, t);
	for (int k = 0; k < n; k++)
		fprintf(f, "%.3f %lld\n", ms[k], ids[k]);
	return fclose(f) != 0 || r < 0;
}

int
main(int argc, char *argv[])
{
	int na, nc, go[2], st, rv = 0;
	pid_t pid;

	tw_init("claims");
	if (argc != 4 || (na = atoi(argv[1])) < 1 || (nc = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: claims AGENTS CLAIMS OUT\n");
		return 2;
	}
	if (pipe(go) < 0)
		return 1;
	for (int i = 1; i <= na; i++) {
		if ((pid = fork()) < 0)
			return 1;
		if (pid == 0) {
			close(go[1]);
			_exit(agent(i, nc, argv[3], go[0]));
		}
	}
	close(go[0]);
	sleep(1);               /* all connected, waiting */
	close(go[1]);
	while (wait(&st) > 0)
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			rv = 1;
	return rv;
}
