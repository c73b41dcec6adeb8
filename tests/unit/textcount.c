/* textcount.c - not a TAP test: a helper for tests/0401-text-reference.t.
 * Reads one JSON string per line, prints what tw_text_parse() says:
 * "weightedLength valid permillage validRangeEnd displayRangeEnd".
 * The config is v3, or v2 with -2. */
#include <stdlib.h>
#include <string.h>

#include "tw.h"

int
main(int argc, char *argv[])
{
	const struct tw_text_config *cfg = tw_text_config_v3();
	struct tw_text_result r;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	cJSON *j;

	tw_init(argv[0]);
	if (argc > 1 && strcmp(argv[1], "-2") == 0)
		cfg = tw_text_config_v2();
	while ((n = getline(&line, &cap, stdin)) > 0) {
		if ((j = cJSON_Parse(line)) == NULL || !cJSON_IsString(j))
			tw_die(2, "not a JSON string: %s", line);
		if (tw_text_parse(j->valuestring, strlen(j->valuestring), cfg,
		    &r) == -1)
			printf("error\n");
		else
			printf("%d %s %d %d %d\n", r.weighted_length,
			    r.valid ? "true" : "false", r.permillage,
			    r.valid_end, r.display_end);
		cJSON_Delete(j);
	}
	free(line);
	return tw_finish(0);
}
