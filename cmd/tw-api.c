/* tw-api - send one signed request to the X API and print the answer */
#include <stdlib.h>
#include <string.h>

#include "tw.h"

enum { O_APP = 256, O_NOWAIT };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account from the config file" },
	{ 'd', "data", "JSON", "send JSON as the request body (not signed)" },
	{ 'F', "form", "KEY=VALUE", "a form field (signed); KEY=@FILE sends "
	    "a multipart body" },
	{ 'i', "include", NULL, "print the status and rate-limit headers on "
	    "stderr" },
	{ 'n', "dry-run", NULL, "print the signed request as JSON; send "
	    "nothing" },
	{ 'v', "verbose", NULL, "report requests, posts read and cost" },
	{ 'X', "request", "METHOD", "the HTTP method (default GET, or POST "
	    "with a body)" },
	{ O_APP, "app", NULL, "app-only auth with the bearer token" },
	{ O_NOWAIT, "no-wait", NULL, "exit 5 at a rate limit instead of "
	    "waiting" },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"PATH",
	"Send one signed request to the X API and print the response body.",
	opts,
	NULL
};

static int
to_stdout(const char *p, size_t n, void *ctx)
{
	(void)ctx;
	if (fwrite(p, 1, n, stdout) != n || fflush(stdout) != 0)
		return -1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct tw_account acct;
	struct tw_client c;
	struct tw_req req = { 0 };
	struct tw_resp resp = { 0 };
	struct tw_part *parts = NULL;
	const char *account = NULL, *path, *eq;
	char *line, *err, method[16] = "";
	int o, include = 0, dry = 0, verbose = 0, no_wait = 0, multipart = 0;
	int rv;
	size_t i, nparts = 0;
	tw_kvs fields = { 0 };

	tw_init(argv[0]);
	req.auth = TW_AUTH_USER;
	while ((o = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (o) {
		case 'a':
			account = tw_optarg;
			break;
		case 'd':
			req.json = tw_optarg;
			break;
		case 'F':
			if (!(eq = strchr(tw_optarg, '=')) || eq == tw_optarg)
				tw_die(TW_EXIT_USAGE, "-F: expected KEY=VALUE: "
				    "'%s'", tw_optarg);
			{
				char *k = xstrndup(tw_optarg, eq - tw_optarg);

				tw_kvs_add(&fields, k, eq + 1);
				free(k);
			}
			if (eq[1] == '@')
				multipart = 1;
			break;
		case 'i':
			include = 1;
			break;
		case 'n':
			dry = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'X':
			if (strlen(tw_optarg) >= sizeof method ||
			    strspn(tw_optarg, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") !=
			    strlen(tw_optarg) || !*tw_optarg)
				tw_die(TW_EXIT_USAGE, "-X: not a method: '%s'",
				    tw_optarg);
			snprintf(method, sizeof method, "%s", tw_optarg);
			break;
		case O_APP:
			req.auth = TW_AUTH_APP;
			break;
		case O_NOWAIT:
			no_wait = 1;
			break;
		}
	}
	if (argc - tw_optind != 1)
		tw_usage(&cmd);
	path = argv[tw_optind];
	if (*path != '/' && strncmp(path, "http://", 7) != 0 &&
	    strncmp(path, "https://", 8) != 0)
		tw_die(TW_EXIT_USAGE, "not an API path: '%s' (try /2/users/me)",
		    path);
	if (req.json && fields.n)
		tw_die(TW_EXIT_USAGE, "-d and -F cannot be used together");

	if ((rv = tw_config_load(account, 1, &acct)) != 0)
		return tw_finish(rv);
	req.path = path;
	req.method = *method ? method : NULL;
	if (multipart) {
		/* a multipart body: every field is a part; none is signed */
		parts = xcalloc(fields.n, sizeof *parts);
		for (i = 0; i < fields.n; i++) {
			parts[i].name = fields.v[i].key;
			if (fields.v[i].val[0] == '@')
				parts[i].path = fields.v[i].val + 1;
			else {
				parts[i].data = fields.v[i].val;
				parts[i].len = strlen(fields.v[i].val);
			}
		}
		req.parts = parts;
		req.nparts = nparts = fields.n;
	} else
		for (i = 0; i < fields.n; i++)
			tw_kvs_add(&req.form, fields.v[i].key, fields.v[i].val);
	if (strstr(path, "/stream")) {
		/* a stream: pass the lines through as they come */
		req.on_data = to_stdout;
	}

	tw_client_init(&c, &acct);
	c.no_wait = no_wait;
	c.verbose = verbose > 1;
	if (dry) {
		line = tw_http_dry_run(&c, &req, &err);
		if (!line) {
			tw_warn("%s", err);
			free(err);
			rv = TW_EXIT_CONFIG;
		} else {
			printf("%s\n", line);
			free(line);
		}
		goto out;
	}
	rv = tw_http(&c, &req, &resp);
	if (include && resp.status) {
		fprintf(stderr, "HTTP %ld %s\n", resp.status,
		    tw_http_reason(resp.status));
		if (resp.rl.have)
			fprintf(stderr, "x-rate-limit-limit: %ld\n"
			    "x-rate-limit-remaining: %ld\n"
			    "x-rate-limit-reset: %lld\n", resp.rl.limit,
			    resp.rl.remaining, (long long)resp.rl.reset);
	}
	if (resp.status && resp.body.len &&
	    tw_utf8_check(resp.body.s, resp.body.len) == resp.body.len) {
		fwrite(resp.body.s, 1, resp.body.len, stdout);
		if (resp.body.s[resp.body.len - 1] != '\n')
			putchar('\n');
	}
	if (rv != 0)
		tw_warn("%s", resp.error ? resp.error : "request failed");
	if (verbose)
		tw_cost_report(&c);
out:
	tw_resp_free(&resp);
	tw_req_free(&req);
	tw_client_free(&c);
	tw_account_free(&acct);
	tw_kvs_free(&fields);
	free(parts);
	(void)nparts;
	return tw_finish(rv);
}
