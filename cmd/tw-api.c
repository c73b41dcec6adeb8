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

/* What the command line asked for. */
struct api_opts {
	const char *account, *json, *path;
	char method[16];
	int app, include, dry, verbose, no_wait, multipart;
	tw_kvs fields;
};

/* -F KEY=VALUE: a field; a VALUE of @FILE makes the body multipart. */
static void
add_field(struct api_opts *o, const char *arg)
{
	const char *eq;
	char *k;

	if (!(eq = strchr(arg, '=')) || eq == arg)
		tw_die(TW_EXIT_USAGE, "-F: expected KEY=VALUE: '%s'", arg);
	k = xstrndup(arg, eq - arg);
	tw_kvs_add(&o->fields, k, eq + 1);
	free(k);
	if (eq[1] == '@')
		o->multipart = 1;
}

/* -X METHOD: upper-case letters only. */
static void
set_method(struct api_opts *o, const char *arg)
{
	if (strlen(arg) >= sizeof o->method ||
	    strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(arg) || !*arg)
		tw_die(TW_EXIT_USAGE, "-X: not a method: '%s'", arg);
	snprintf(o->method, sizeof o->method, "%s", arg);
}

/* The options and the one PATH, checked; a usage error exits. */
static void
parse_args(int argc, char *argv[], struct api_opts *o)
{
	int c;

	while ((c = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (c) {
		case 'a': o->account = tw_optarg; break;
		case 'd': o->json = tw_optarg; break;
		case 'F': add_field(o, tw_optarg); break;
		case 'i': o->include = 1; break;
		case 'n': o->dry = 1; break;
		case 'v': o->verbose++; break;
		case 'X': set_method(o, tw_optarg); break;
		case O_APP: o->app = 1; break;
		case O_NOWAIT: o->no_wait = 1; break;
		}
	}
	if (argc - tw_optind != 1)
		tw_usage(&cmd);
	o->path = argv[tw_optind];
	if (*o->path != '/' && strncmp(o->path, "http://", 7) != 0 &&
	    strncmp(o->path, "https://", 8) != 0)
		tw_die(TW_EXIT_USAGE, "not an API path: '%s' (try /2/users/me)",
		    o->path);
	if (o->json && o->fields.n)
		tw_die(TW_EXIT_USAGE, "-d and -F cannot be used together");
}

/* The request: auth, method, and the body as JSON, form or multipart
 * parts (returned, for the caller to free). */
static struct tw_part *
build_req(const struct api_opts *o, struct tw_req *req)
{
	struct tw_part *parts = NULL;
	const tw_kvs *f = &o->fields;
	size_t i;

	req->auth = o->app ? TW_AUTH_APP : TW_AUTH_USER;
	req->json = o->json;
	req->path = o->path;
	req->method = *o->method ? o->method : NULL;
	if (o->multipart) {
		/* a multipart body: every field is a part; none is signed */
		parts = xcalloc(f->n, sizeof *parts);
		for (i = 0; i < f->n; i++) {
			parts[i].name = f->v[i].key;
			if (f->v[i].val[0] == '@')
				parts[i].path = f->v[i].val + 1;
			else {
				parts[i].data = f->v[i].val;
				parts[i].len = strlen(f->v[i].val);
			}
		}
		req->parts = parts;
		req->nparts = f->n;
	} else
		for (i = 0; i < f->n; i++)
			tw_kvs_add(&req->form, f->v[i].key, f->v[i].val);
	if (strstr(o->path, "/stream")) {
		/* a stream: pass the lines through as they come */
		req->on_data = to_stdout;
	}
	return parts;
}

/* -n: print the signed request as one JSON line; nothing is sent. */
static int
dry_run(struct tw_client *c, const struct tw_req *req)
{
	char *line, *err;

	if (!(line = tw_http_dry_run(c, req, &err))) {
		tw_warn("%s", err);
		free(err);
		return TW_EXIT_CONFIG;
	}
	printf("%s\n", line);
	free(line);
	return 0;
}

/* Send the request; the status and rate-limit headers on stderr with
 * -i, the body on stdout, the error and (with -v) the cost on stderr. */
static int
send_req(struct tw_client *c, struct tw_req *req, const struct api_opts *o)
{
	struct tw_resp resp = { 0 };
	int rv;

	rv = tw_http(c, req, &resp);
	if (o->include && resp.status) {
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
	if (o->verbose)
		tw_cost_report(c);
	tw_resp_free(&resp);
	return rv;
}

int
main(int argc, char *argv[])
{
	struct api_opts o = { 0 };
	struct tw_account acct;
	struct tw_client c;
	struct tw_req req = { 0 };
	struct tw_part *parts;
	int rv;

	tw_init(argv[0]);
	parse_args(argc, argv, &o);
	if ((rv = tw_config_load(o.account, 1, &acct)) != 0)
		return tw_finish(rv);
	parts = build_req(&o, &req);
	tw_client_init(&c, &acct);
	c.no_wait = o.no_wait;
	c.verbose = o.verbose > 1;
	rv = o.dry ? dry_run(&c, &req) : send_req(&c, &req, &o);
	tw_req_free(&req);
	tw_client_free(&c);
	tw_account_free(&acct);
	tw_kvs_free(&o.fields);
	free(parts);
	return tw_finish(rv);
}
