/* state.c - TW_HOME: checkpoints, the journal, locks */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tw.h"
#include "tap.h"

static char errpath[512];

int
main(void)
{
	char dir[256], home[512], p[1024], want[1024], *s, *line, *save;
	struct stat st;
	cJSON *ev, *j;
	int fd, fd2, n, bad, status;
	pid_t pid;

	tw_init("state");
	snprintf(dir, sizeof dir, "%s/tw-state-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(errpath, sizeof errpath, "%s/err", dir);
	snprintf(home, sizeof home, "%s/a/b/state", dir);
	setenv("TW_HOME", home, 1);

	is_str(tw_home(), home, "TW_HOME");
	ok(stat(home, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_mode & 0777) == 0700, "created 0700 with its parents");

	/* checkpoints */
	s = tw_checkpoint_get("mentions", "since_id");
	ok(s == NULL, "no checkpoint yet");
	ok(tw_checkpoint_put("mentions", "since_id", "100") == 0, "put");
	ok(tw_checkpoint_put("mentions", "next_token", "abc def") == 0,
	    "put another key");
	ok(tw_checkpoint_put("mentions", "since_id", "200") == 0, "replace");
	s = tw_checkpoint_get("mentions", "since_id");
	is_str(s, "200", "get the new value");
	free(s);
	s = tw_checkpoint_get("mentions", "next_token");
	is_str(s, "abc def", "the other key kept");
	free(s);
	snprintf(p, sizeof p, "%s/checkpoints/mentions", home);
	s = tw_read_file(p);
	is_str(s, "since_id = 200\nnext_token = abc def\n", "file contents");
	free(s);
	ok(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600, "file is 0600");
	snprintf(p, sizeof p, "%s/checkpoints", home);
	{
		/* no temporaries left behind */
		char cmd[1200];

		snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", p);
		ok(system(cmd) == 0, "no temporary files left");
	}
	tap_catch();
	n = tw_checkpoint_put("../evil", "k", "v");
	is_str(tap_caught(), "state: bad checkpoint name '../evil'\n",
	    "bad name: warning");
	is_int(n, -1, "bad name refused");
	tap_catch();
	n = tw_checkpoint_put("x", "k", "two\nlines");
	is_str(tap_caught(), "state: checkpoint x: bad key or value\n",
	    "newline in value: warning");
	is_int(n, -1, "newline in value refused");

	/* the journal */
	s = tw_journal_path();
	snprintf(want, sizeof want, "%s/journal", home);
	is_str(s, want, "journal path");
	free(s);
	ev = cJSON_Parse("{\"event\":\"reply\",\"id\":\"1\",\"text\":\"a\\nb\"}");
	ok(tw_journal_append(ev) == 0, "append one");
	ok(cJSON_GetObjectItem(ev, "time") == NULL, "caller's event untouched");
	cJSON_Delete(ev);
	ev = cJSON_Parse("{\"event\":\"dm\",\"time\":\"2026-01-02T03:04:05Z\"}");
	ok(tw_journal_append(ev) == 0, "append another");
	cJSON_Delete(ev);
	/* children append concurrently */
	for (n = 0; n < 4; n++) {
		if ((pid = fork()) == 0) {
			int i;

			for (i = 0; i < 25; i++) {
				cJSON *e = cJSON_CreateObject();

				cJSON_AddNumberToObject(e, "child", n);
				cJSON_AddNumberToObject(e, "i", i);
				cJSON_AddStringToObject(e, "pad", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
				if (tw_journal_append(e) != 0)
					_exit(1);
				cJSON_Delete(e);
			}
			_exit(0);
		}
	}
	bad = 0;
	while ((pid = wait(&status)) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad++;
	is_int(bad, 0, "four writers appended");
	s = tw_journal_path();
	line = tw_read_file(s);
	free(s);
	n = 0;
	bad = 0;
	for (s = strtok_r(line, "\n", &save); s; s = strtok_r(NULL, "\n", &save)) {
		j = cJSON_Parse(s);
		if (!j || !cJSON_IsString(cJSON_GetObjectItem(j, "time")))
			bad++;
		if (n == 0 && (!j || strcmp(tw_json_str(j, "event"), "reply")))
			bad++;
		if (n == 1 && (!j || strcmp(tw_json_str(j, "time"),
		    "2026-01-02T03:04:05Z")))
			bad++;
		cJSON_Delete(j);
		n++;
	}
	free(line);
	is_int(n, 102, "102 lines");
	is_int(bad, 0, "every line is JSON with a time; order and time kept");

	/* locks */
	fd = tw_lock("fetch-mentions", 0);
	ok(fd >= 0, "lock taken");
	if ((pid = fork()) == 0) {
		int r, efd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(efd, 2);
		r = tw_lock("fetch-mentions", 0);
		_exit(r == -1 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "another process cannot take it");
	s = tw_read_file(errpath);
	snprintf(want, sizeof want, "state: fetch-mentions is locked by pid "
	    "%ld (%s/locks/fetch-mentions)\n", (long)getpid(), home);
	is_str(s, want, "the message names the holder's pid");
	free(s);
	close(fd);
	if ((pid = fork()) == 0) {
		int r = tw_lock("fetch-mentions", 0);

		_exit(r >= 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "free again after close");
	fd2 = tw_lock("other", 1);
	ok(fd2 >= 0, "a waiting lock on a free name");
	close(fd2);

	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	ok(system(p) == 0, "cleaned up");
	return tap_done();
}
