/* tw-auth - log a brand account in to X and keep it logged in
 *
 *	tw-auth login [--oauth1 [--pin] | --oauth2 | --app] [-a NAME]
 *	tw-auth status [-a NAME]
 *	tw-auth refresh [-a NAME]
 *	tw-auth remove [--revoke] NAME
 *
 * The logins are X's: OAuth 1.0a's three legs (request token, the user's
 * authorization in a browser, access token), with a PIN or a loopback
 * callback; OAuth 2.0's Authorization Code flow with PKCE and a loopback
 * redirect; and the app-only bearer token from the consumer key and
 * secret.  What they give is written into the account's section of the
 * config file (0600, atomically) and checked with /2/users/me.  Secrets
 * come from the config file, a terminal without echo, or standard input,
 * never from the command line.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "tw.h"
#include "oauth2.h"

enum { O_OAUTH1 = 256, O_OAUTH2, O_APP, O_PIN, O_API_BASE,
	O_CONSUMER_KEY, O_CLIENT_ID, O_CONFIDENTIAL, O_NO_BROWSER, O_REVOKE,
	O_SCOPES, O_TIMEOUT };

static const struct tw_option opts[] = {
	{ 'a', "account", "ACCOUNT", "the account to log in, show or renew" },
	{ O_OAUTH1, "oauth1", NULL, "login: OAuth 1.0a, three-legged (the "
	    "default)" },
	{ O_OAUTH2, "oauth2", NULL, "login: OAuth 2.0 with PKCE" },
	{ O_APP, "app", NULL, "login: the app-only bearer token" },
	{ O_PIN, "pin", NULL, "login --oauth1: type the PIN X shows instead "
	    "of a loopback callback" },
	{ 'p', "port", "PORT", "the loopback callback's port (default "
	    "8723; 0: any free one)" },
	{ O_API_BASE, "api-base", "URL", "write api_base (another API host, "
	    "such as tw-sandbox's)" },
	{ O_CONSUMER_KEY, "consumer-key", "KEY", "the app's consumer key "
	    "(API key), when the account has none" },
	{ O_CLIENT_ID, "client-id", "ID", "the app's OAuth 2.0 client id, "
	    "when the account has none" },
	{ O_CONFIDENTIAL, "confidential", NULL, "login --oauth2: a "
	    "confidential client; asks for the client secret" },
	{ O_SCOPES, "scopes", "SCOPES", "login --oauth2: the scopes to ask "
	    "for (default: what tw needs)" },
	{ O_NO_BROWSER, "no-browser", NULL, "do not start $BROWSER; only "
	    "print the page to open" },
	{ O_TIMEOUT, "timeout", "SECS", "how long to wait for the browser "
	    "(default 300)" },
	{ O_REVOKE, "revoke", NULL, "remove: revoke the OAuth 2.0 token at "
	    "X first" },
	{ 0 }
};

static const struct tw_cmd cmd = {
	"login | status | refresh | remove NAME",
	"Log a brand account in to X (OAuth 1.0a, OAuth 2.0 with PKCE, "
	"app-only) and keep it logged in.",
	opts,
	"login status refresh remove"
};

struct args {
	const char *account, *api_base, *consumer_key, *client_id, *scopes;
	int how;                /* O_OAUTH1, O_OAUTH2, O_APP */
	int pin, port, confidential, no_browser, revoke, timeout;
};

/* ---- input: secrets never from argv ---- */

/* One line from the terminal (without echo for a secret) or, when
 * standard input is not one, from it.  NULL at its end. */
static char *
ask(const char *prompt, int secret)
{
	struct termios old, quiet;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int tty = isatty(STDIN_FILENO), hid = 0;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		if (secret && tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			hid = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	n = getline(&line, &cap, stdin);
	if (hid) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
	    line[n - 1] == ' '))
		line[--n] = 0;
	return line;
}

/* A value of the account, else the option, else asked for. */
static char *
value(const struct tw_account *a, const char *key, const char *opt,
    const char *prompt, int secret)
{
	const char *v = tw_account_get(a, key);
	char *r;

	if (v && *v)
		return xstrdup(v);
	if (opt && *opt)
		return xstrdup(opt);
	if (!(r = ask(prompt, secret)) || !*r)
		tw_die(TW_EXIT_CONFIG, "no %s given", key);
	return r;
}

static void
burn(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* key=value&... into kv */
static void
form_decode(const char *s, tw_kvs *kv)
{
	const char *amp, *eq;
	char *k, *v;

	while (s && *s) {
		amp = strchr(s, '&');
		if (!amp)
			amp = s + strlen(s);
		eq = memchr(s, '=', (size_t)(amp - s));
		if (eq) {
			k = tw_pct_decode(s, (size_t)(eq - s), 1);
			v = tw_pct_decode(eq + 1, (size_t)(amp - eq - 1), 1);
			tw_kvs_set(kv, k, v);
			free(k);
			burn(v);
		}
		s = *amp ? amp + 1 : amp;
	}
}

/* ---- the browser's side: the page to open, the loopback callback ---- */

struct loopback {
	int fd, port;
	char *uri;              /* http://127.0.0.1:PORT/callback */
};

static int
listen_loopback(struct loopback *l, int port)
{
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof sa;
	int one = 1;

	l->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)port);
	if (l->fd < 0 || setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof one) < 0 || bind(l->fd, (struct sockaddr *)&sa,
	    sizeof sa) < 0 || listen(l->fd, 4) < 0 ||
	    getsockname(l->fd, (struct sockaddr *)&sa, &len) < 0) {
		tw_warn("cannot listen on 127.0.0.1:%d for the callback: %s%s",
		    port, strerror(errno), errno == EADDRINUSE ?
		    " (another --port, or --pin)" : "");
		return -1;
	}
	l->port = ntohs(sa.sin_port);
	l->uri = xasprintf("http://127.0.0.1:%d/callback", l->port);
	return 0;
}

static void
reply_page(int fd, const char *status, const char *text)
{
	char *r = xasprintf("HTTP/1.1 %s\r\nContent-Type: text/html; "
	    "charset=utf-8\r\nConnection: close\r\nCache-Control: no-store"
	    "\r\n\r\n<!doctype html><title>tw-auth</title><p>%s</p>\n",
	    status, text);

	(void)!write(fd, r, strlen(r));
	free(r);
}

/* The callback's query: the first request for /callback within the
 * timeout (others, such as /favicon.ico, get a 404).  0, or -1 said. */
static int
await_callback(struct loopback *l, int timeout, tw_kvs *q)
{
	struct pollfd p = { l->fd, POLLIN, 0 };
	char buf[8192], *sp, *end;
	ssize_t n;
	size_t got;
	int c;

	for (;;) {
		if (poll(&p, 1, timeout * 1000) <= 0) {
			tw_warn("no answer from the browser in %d s", timeout);
			return -1;
		}
		if ((c = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC)) < 0)
			continue;
		got = 0;
		while (got < sizeof buf - 1 && (n = read(c, buf + got,
		    sizeof buf - 1 - got)) > 0) {
			got += (size_t)n;
			buf[got] = 0;
			if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
				break;
		}
		buf[got] = 0;
		if (strncmp(buf, "GET /callback", 13) != 0 ||
		    (buf[13] != '?' && buf[13] != ' ')) {
			reply_page(c, "404 Not Found", "Not here.");
			close(c);
			continue;
		}
		sp = buf + 13;
		end = strchr(sp, ' ');
		if (end)
			*end = 0;
		form_decode(*sp == '?' ? sp + 1 : "", q);
		reply_page(c, "200 OK", tw_kvs_get(q, "error") ||
		    tw_kvs_get(q, "denied") ? "tw-auth: the authorization "
		    "was refused. You can close this page." : "tw-auth: "
		    "authorized. You can close this page and go back to the "
		    "terminal.");
		close(c);
		return 0;
	}
}

/* Print the page to open, and start $BROWSER on it unless told not to. */
static void
open_page(const char *url, const struct args *o)
{
	const char *br = getenv("BROWSER");
	pid_t pid;

	fprintf(stderr, "%s: open this page, sign in as the brand's account "
	    "and authorize the app:\n  %s\n", tw_progname, url);
	if (o->no_browser || !br || !*br)
		return;
	if ((pid = fork()) == 0) {
		int dn = open("/dev/null", O_RDWR);

		if (dn >= 0) {
			dup2(dn, STDIN_FILENO);
			dup2(dn, STDOUT_FILENO);
		}
		execl("/bin/sh", "sh", "-c", "exec $BROWSER \"$1\"", "sh", url,
		    (char *)NULL);
		_exit(127);
	} else if (pid < 0)
		tw_warn("cannot start $BROWSER: %s", strerror(errno));
}

/* ---- talking to X ---- */

/* One request with the account as it is in memory; the answer's JSON or
 * form body.  0 or an exit code (said). */
static int
call(const struct tw_account *a, struct tw_req *req, struct tw_resp *resp)
{
	struct tw_client c;
	int rv;

	tw_client_init(&c, a);
	req->no_retry = 1;      /* tokens and verifiers are single-use */
	rv = tw_http(&c, req, resp);
	/* a refusal here is of the keys, the token or the login: exit 3 */
	if (rv != 0 && (resp->status == 400 || resp->status == 401 ||
	    resp->status == 403))
		rv = TW_EXIT_CONFIG;
	if (rv != 0)
		tw_warn("%s %s: %s", req->method ? req->method : "GET",
		    req->path, resp->error ? resp->error : "failed");
	tw_client_free(&c);
	return rv;
}

/* The account as the config file has it now (after a write), checked
 * with /2/users/me (user context) and its user_id and username filled
 * in.  0 or an exit code (said). */
static int
check_me(const char *name, const char *kind)
{
	struct tw_account a;
	struct tw_req req = { 0 };
	struct tw_resp resp;
	const cJSON *d;
	tw_kvs set = { 0 };
	int rv;

	if ((rv = tw_config_load(name, 1, &a)) != 0)
		return rv;
	req.path = "/2/users/me";
	req.auth = TW_AUTH_USER;
	if ((rv = call(&a, &req, &resp)) == 0) {
		d = tw_json_path(resp.json, "data");
		if (!tw_json_str(d, "id") || !tw_json_str(d, "username")) {
			tw_warn("/2/users/me: no id or username in the answer");
			rv = TW_EXIT_API;
		} else {
			tw_kvs_add(&set, "user_id", tw_json_str(d, "id"));
			tw_kvs_add(&set, "username", tw_json_str(d, "username"));
			rv = tw_config_update(name, &set, NULL, 0);
			if (rv == 0)
				fprintf(stderr, "%s: account '%s' is @%s (%s), "
				    "logged in with %s\n", tw_progname, name,
				    tw_json_str(d, "username"),
				    tw_json_str(d, "id"), kind);
		}
	}
	tw_kvs_free(&set);
	tw_resp_free(&resp);
	tw_req_free(&req);
	tw_account_free(&a);
	return rv;
}

/* ---- the three logins ---- */

/* OAuth 1.0a leg 1: a request token for the callback (or "oob"). */
static int
request_token(const struct tw_account *a, struct tw_oauth1 *k,
    const char *callback, tw_kvs *out)
{
	struct tw_req req = { 0 };
	struct tw_resp resp;
	int rv;

	k->callback = callback;
	req.method = "POST";
	req.path = "/oauth/request_token";
	req.auth = TW_AUTH_USER;
	req.oauth1 = k;
	if ((rv = call(a, &req, &resp)) == 0) {
		form_decode(resp.body.s, out);
		if (!tw_kvs_get(out, "oauth_token") ||
		    !tw_kvs_get(out, "oauth_token_secret")) {
			tw_warn("POST /oauth/request_token: no oauth_token in "
			    "the answer");
			rv = TW_EXIT_API;
		}
	}
	k->callback = NULL;
	tw_resp_free(&resp);
	return rv;
}

/* OAuth 1.0a leg 2: the user's verifier, from the callback or a PIN. */
static char *
verifier(const struct args *o, struct loopback *l, const char *token)
{
	tw_kvs q = { 0 };
	const char *t;
	char *v = NULL;

	if (o->pin) {
		if (!(v = ask("PIN: ", 0)) || !*v) {
			tw_warn("no PIN given");
			free(v);
			return NULL;
		}
		return v;
	}
	fprintf(stderr, "%s: waiting for the browser on %s\n", tw_progname,
	    l->uri);
	if (await_callback(l, o->timeout, &q) == 0) {
		t = tw_kvs_get(&q, "oauth_token");
		if (tw_kvs_get(&q, "denied"))
			tw_warn("the authorization was refused in the browser");
		else if (!t || strcmp(t, token) || !tw_kvs_get(&q,
		    "oauth_verifier"))
			tw_warn("the callback is not for this login");
		else
			v = xstrdup(tw_kvs_get(&q, "oauth_verifier"));
	}
	tw_kvs_free(&q);
	return v;
}

/* OAuth 1.0a leg 3 and the keys written. */
static int
access_token(const char *name, const struct tw_account *a,
    struct tw_oauth1 *k, const tw_kvs *set0)
{
	struct tw_req req = { 0 };
	struct tw_resp resp;
	tw_kvs got = { 0 }, set = { 0 };
	size_t i;
	int rv;

	req.method = "POST";
	req.path = "/oauth/access_token";
	req.auth = TW_AUTH_USER;
	req.oauth1 = k;
	if ((rv = call(a, &req, &resp)) == 0) {
		form_decode(resp.body.s, &got);
		if (!tw_kvs_get(&got, "oauth_token") ||
		    !tw_kvs_get(&got, "oauth_token_secret")) {
			tw_warn("POST /oauth/access_token: no oauth_token in "
			    "the answer");
			rv = TW_EXIT_API;
		}
	}
	if (rv == 0) {
		for (i = 0; i < set0->n; i++)
			tw_kvs_add(&set, set0->v[i].key, set0->v[i].val);
		tw_kvs_add(&set, "auth", "oauth1");
		tw_kvs_add(&set, "access_token", tw_kvs_get(&got,
		    "oauth_token"));
		tw_kvs_add(&set, "access_token_secret", tw_kvs_get(&got,
		    "oauth_token_secret"));
		rv = tw_config_update(name, &set, NULL, 0);
	}
	for (i = 0; i < got.n; i++)
		explicit_bzero(got.v[i].val, strlen(got.v[i].val));
	for (i = 0; i < set.n; i++)
		explicit_bzero(set.v[i].val, strlen(set.v[i].val));
	tw_kvs_free(&got);
	tw_kvs_free(&set);
	tw_resp_free(&resp);
	return rv;
}

static int
login_oauth1(const char *name, struct tw_account *a, const struct args *o,
    tw_kvs *set)
{
	struct tw_oauth1 k = { 0 };
	struct loopback l = { -1, 0, NULL };
	tw_kvs rt = { 0 };
	char *ck, *cs, *url, *v = NULL;
	int rv;

	ck = value(a, "consumer_key", o->consumer_key, "Consumer key (API "
	    "key): ", 0);
	cs = value(a, "consumer_secret", NULL, "Consumer secret (API key "
	    "secret): ", 1);
	tw_kvs_set(set, "consumer_key", ck);
	tw_kvs_set(set, "consumer_secret", cs);
	k.consumer_key = ck;
	k.consumer_secret = cs;
	if (!o->pin && listen_loopback(&l, o->port) < 0) {
		rv = TW_EXIT_CONFIG;
		goto out;
	}
	if ((rv = request_token(a, &k, o->pin ? "oob" : l.uri, &rt)) != 0)
		goto out;
	url = xasprintf("%s/oauth/authorize?oauth_token=%s", a->api_base,
	    tw_kvs_get(&rt, "oauth_token"));
	open_page(url, o);
	free(url);
	if (!(v = verifier(o, &l, tw_kvs_get(&rt, "oauth_token")))) {
		rv = TW_EXIT_CONFIG;
		goto out;
	}
	k.token = tw_kvs_get(&rt, "oauth_token");
	k.token_secret = tw_kvs_get(&rt, "oauth_token_secret");
	k.verifier = v;
	if ((rv = access_token(name, a, &k, set)) == 0)
		rv = check_me(name, "OAuth 1.0a");
out:
	if (l.fd >= 0)
		close(l.fd);
	free(l.uri);
	burn(v);
	burn(ck);
	burn(cs);
	tw_kvs_free(&rt);
	return rv;
}

/* Where the user authorizes an OAuth 2.0 app: x.com for X's API, the
 * API host itself for another (tw-sandbox). */
static char *
authorize_url(const struct tw_account *a, const char *query)
{
	if (!strcmp(a->api_base, "https://api.x.com") ||
	    !strcmp(a->api_base, "https://api.twitter.com"))
		return xasprintf("https://x.com/i/oauth2/authorize?%s", query);
	return xasprintf("%s/i/oauth2/authorize?%s", a->api_base, query);
}

/* The code from the redirect, its state checked.  NULL said. */
static char *
await_code(const struct args *o, struct loopback *l, const char *state)
{
	tw_kvs q = { 0 };
	const char *s, *e;
	char *code = NULL;

	fprintf(stderr, "%s: waiting for the browser on %s\n", tw_progname,
	    l->uri);
	if (await_callback(l, o->timeout, &q) == 0) {
		s = tw_kvs_get(&q, "state");
		if ((e = tw_kvs_get(&q, "error")))
			tw_warn("the authorization was refused in the browser "
			    "(%s)", e);
		else if (!s || strcmp(s, state) || !tw_kvs_get(&q, "code"))
			tw_warn("the redirect is not for this login (its state "
			    "differs)");
		else
			code = xstrdup(tw_kvs_get(&q, "code"));
	}
	tw_kvs_free(&q);
	return code;
}

/* The authorization request's query (RFC 6749 4.1.1, RFC 7636 4.3). */
static char *
auth_query(const char *id, const char *redirect, const char *scopes,
    const char *state, const char *challenge)
{
	tw_kvs q = { 0 };
	tw_buf b = { 0 };
	char *e;

	tw_kvs_add(&q, "response_type", "code");
	tw_kvs_add(&q, "client_id", id);
	tw_kvs_add(&q, "redirect_uri", redirect);
	tw_kvs_add(&q, "scope", scopes);
	tw_kvs_add(&q, "state", state);
	tw_kvs_add(&q, "code_challenge", challenge);
	tw_kvs_add(&q, "code_challenge_method", "S256");
	for (size_t i = 0; i < q.n; i++) {
		e = tw_pct_encode(q.v[i].val);
		tw_buf_printf(&b, "%s%s=%s", i ? "&" : "", q.v[i].key, e);
		free(e);
	}
	tw_kvs_free(&q);
	return tw_buf_steal(&b);
}

static int
login_oauth2(const char *name, struct tw_account *a, const struct args *o,
    tw_kvs *set)
{
	struct loopback l = { -1, 0, NULL };
	char *id, *secret = NULL, *verif, *chal, *state, *q, *url, *code = NULL;
	tw_kvs form = { 0 };
	cJSON *tok = NULL;
	char *err = NULL;
	int rv = TW_EXIT_CONFIG;

	id = value(a, "client_id", o->client_id, "OAuth 2.0 client id: ", 0);
	tw_kvs_set(set, "client_id", id);
	tw_kvs_set(&a->all, "client_id", id);
	if (o->confidential) {
		secret = value(a, "client_secret", NULL, "OAuth 2.0 client "
		    "secret: ", 1);
		tw_kvs_set(set, "client_secret", secret);
		tw_kvs_set(&a->all, "client_secret", secret);
	}
	verif = tw_random_string(64);
	state = tw_random_string(24);
	if (!verif || !state)
		tw_die(TW_EXIT_CONFIG, "no random numbers for the login");
	chal = tw_pkce_s256(verif);
	if (listen_loopback(&l, o->port) < 0)
		goto out;
	q = auth_query(id, l.uri, o->scopes ? o->scopes : TW_OAUTH2_SCOPES,
	    state, chal);
	url = authorize_url(a, q);
	open_page(url, o);
	free(url);
	free(q);
	if (!(code = await_code(o, &l, state)))
		goto out;
	tw_kvs_add(&form, "grant_type", "authorization_code");
	tw_kvs_add(&form, "code", code);
	tw_kvs_add(&form, "redirect_uri", l.uri);
	tw_kvs_add(&form, "code_verifier", verif);
	if ((rv = tw_oauth2_token_call(a, &form, &tok, &err)) != 0) {
		tw_warn("%s", err);
		goto out;
	}
	if ((rv = tw_config_update(name, set, NULL, 0)) == 0 &&
	    (rv = tw_oauth2_save(name, tok, time(NULL))) == 0)
		rv = check_me(name, "OAuth 2.0");
out:
	if (l.fd >= 0)
		close(l.fd);
	free(l.uri);
	cJSON_Delete(tok);
	tw_kvs_free(&form);
	free(err);
	burn(code);
	burn(verif);
	free(chal);
	free(state);
	burn(secret);
	free(id);
	return rv;
}

static int
login_app(const char *name, struct tw_account *a, const struct args *o,
    tw_kvs *set)
{
	struct tw_req req = { 0 };
	struct tw_resp resp;
	char *ck, *cs, *basic;
	const char *bt;
	int rv;

	ck = value(a, "consumer_key", o->consumer_key, "Consumer key (API "
	    "key): ", 0);
	cs = value(a, "consumer_secret", NULL, "Consumer secret (API key "
	    "secret): ", 1);
	basic = tw_basic_auth(ck, cs);
	req.method = "POST";
	req.path = "/oauth2/token";
	req.auth = TW_AUTH_NONE;
	req.authorization = basic;
	tw_kvs_add(&req.form, "grant_type", "client_credentials");
	if ((rv = call(a, &req, &resp)) == 0 &&
	    !(bt = tw_json_str(resp.json, "access_token"))) {
		tw_warn("POST /oauth2/token: no access_token in the answer");
		rv = TW_EXIT_API;
	} else if (rv == 0) {
		tw_kvs_set(set, "consumer_key", ck);
		tw_kvs_set(set, "consumer_secret", cs);
		tw_kvs_set(set, "bearer_token", bt);
		if ((rv = tw_config_update(name, set, NULL, 0)) == 0)
			fprintf(stderr, "%s: account '%s' has an app-only "
			    "bearer token\n", tw_progname, name);
	}
	tw_req_free(&req);
	tw_resp_free(&resp);
	burn(basic);
	burn(ck);
	burn(cs);
	return rv;
}

/* Whether the config file has [account NAME]. */
static int
known(const char *name)
{
	size_t n, i;
	char **names = tw_config_accounts(&n);
	int r = 0;

	for (i = 0; i < n; i++) {
		r |= strcmp(names[i], name) == 0;
		free(names[i]);
	}
	free(names);
	return r;
}

/* The account to log in: the one named (new or not), else the default
 * one; api_base from --api-base. */
static int
login(const struct args *o)
{
	struct tw_account a;
	tw_kvs set = { 0 };
	char *nm;
	int rv;

	if (o->account && !known(o->account)) {
		memset(&a, 0, sizeof a);        /* a new account */
		a.name = xstrdup(o->account);
		a.api_base = xstrdup(getenv("TW_API_BASE") &&
		    *getenv("TW_API_BASE") ? getenv("TW_API_BASE") :
		    "https://api.x.com");
	} else if ((rv = tw_config_load(o->account, 1, &a)) != 0) {
		if (!o->account)
			tw_warn("name the account to log in: -a NAME");
		return rv;
	}
	nm = xstrdup(a.name);
	if (o->api_base) {
		tw_kvs_set(&set, "api_base", o->api_base);
		free(a.api_base);
		a.api_base = xstrdup(o->api_base);
	}
	rv = o->how == O_OAUTH2 ? login_oauth2(nm, &a, o, &set) :
	    o->how == O_APP ? login_app(nm, &a, o, &set) :
	    login_oauth1(nm, &a, o, &set);
	for (size_t i = 0; i < set.n; i++)
		explicit_bzero(set.v[i].val, strlen(set.v[i].val));
	tw_kvs_free(&set);
	tw_account_free(&a);
	free(nm);
	return rv;
}

/* ---- status, refresh, remove ---- */

/* "in 1h 59m", "2h ago" */
static void
when(time_t t, time_t now, char *buf, size_t n)
{
	long d = (long)(t > now ? t - now : now - t);

	if (d >= 86400)
		snprintf(buf, n, "%s%ldd %ldh%s", t > now ? "in " : "",
		    d / 86400, d % 86400 / 3600, t > now ? "" : " ago");
	else
		snprintf(buf, n, "%s%ldh %02ldm%s", t > now ? "in " : "",
		    d / 3600, d % 3600 / 60, t > now ? "" : " ago");
}

/* One line an account: its name, who, and each way it can talk to X. */
static void
status_line(const struct tw_account *a)
{
	const char *v;
	time_t exp = tw_oauth2_expiry(a), now = time(NULL);
	char w[48];

	printf("%s\t%s%s%s", a->name, a->username ? "@" : "",
	    a->username ? a->username : "(no username)",
	    a->user_id ? "" : " (no user_id)");
	printf("\tuser: %s", tw_oauth2_user(a) ? "OAuth 2.0" :
	    a->access_token && a->access_token_secret ? "OAuth 1.0a" : "none");
	if (tw_oauth2_user(a)) {
		v = tw_account_get(a, "oauth2_scope");
		printf(" (%s", v && *v ? v : "scopes unknown");
		if (exp) {
			when(exp, now, w, sizeof w);
			printf("; %s %s", exp > now ? "expires" : "expired", w);
		}
		v = tw_account_get(a, "oauth2_refresh_token");
		printf("; %s)", v && *v ? "renewed automatically" :
		    "no refresh token");
	}
	printf("\tapp-only: %s", a->bearer_token ? "bearer token" : "none");
	if (strcmp(a->api_base, "https://api.x.com"))
		printf("\tapi_base: %s", a->api_base);
	putchar('\n');
}

static int
status(const struct args *o)
{
	struct tw_account a;
	size_t n, i;
	char **names;
	int rv = 0, r;

	if (o->account) {
		if ((rv = tw_config_load(o->account, 1, &a)) == 0)
			status_line(&a);
		tw_account_free(&a);
		return rv;
	}
	names = tw_config_accounts(&n);
	if (!n) {
		char *p = tw_config_path();

		tw_warn("no accounts in %s: log one in with tw-auth login -a "
		    "NAME", p);
		free(p);
		rv = TW_EXIT_CONFIG;
	}
	for (i = 0; i < n; i++) {
		if ((r = tw_config_load(names[i], 1, &a)) == 0)
			status_line(&a);
		else
			rv = r;
		tw_account_free(&a);
		free(names[i]);
	}
	free(names);
	return rv;
}

static int
refresh(const struct args *o)
{
	struct tw_account a;
	char *tok = NULL, *err = NULL, w[48];
	time_t exp;
	int rv;

	if ((rv = tw_config_load(o->account, 1, &a)) != 0)
		return rv;
	if (!tw_oauth2_user(&a)) {
		tw_warn("account '%s' does not use OAuth 2.0: nothing to renew",
		    a.name);
		rv = TW_EXIT_CONFIG;
	} else if ((rv = tw_oauth2_renew(&a, tw_account_get(&a,
	    "oauth2_access_token"), &tok, &exp, &err)) != 0)
		tw_warn("%s", err);
	else {
		when(exp, time(NULL), w, sizeof w);
		fprintf(stderr, "%s: account '%s': a new access token, expires "
		    "%s\n", tw_progname, a.name, exp ? w : "(unknown)");
	}
	burn(tok);
	free(err);
	tw_account_free(&a);
	return rv;
}

/* POST /2/oauth2/revoke for the access and refresh tokens. */
static int
revoke_tokens(const struct tw_account *a)
{
	static const char *const keys[] = { "oauth2_refresh_token",
	    "oauth2_access_token" };
	const char *id = tw_account_get(a, "client_id"),
	    *sec = tw_account_get(a, "client_secret"), *t;
	struct tw_req req;
	struct tw_resp resp;
	char *basic;
	int rv = 0;

	for (size_t i = 0; i < 2 && rv == 0; i++) {
		if (!(t = tw_account_get(a, keys[i])) || !*t)
			continue;
		memset(&req, 0, sizeof req);
		req.method = "POST";
		req.path = "/2/oauth2/revoke";
		req.auth = TW_AUTH_NONE;
		basic = sec && *sec && id ? tw_basic_auth(id, sec) : NULL;
		req.authorization = basic;
		if (!basic && id)
			tw_kvs_add(&req.form, "client_id", id);
		tw_kvs_add(&req.form, "token", t);
		tw_kvs_add(&req.form, "token_type_hint", i ? "access_token" :
		    "refresh_token");
		rv = call(a, &req, &resp);
		burn(basic);
		tw_req_free(&req);
		tw_resp_free(&resp);
	}
	return rv;
}

static int
do_remove(const struct args *o, int argc, char *argv[])
{
	struct tw_account a;
	const char *name = argc == 1 ? argv[0] : NULL;
	int rv;

	if (!name || (o->account && strcmp(o->account, name)))
		tw_die(TW_EXIT_USAGE, "remove: name one account");
	if (!known(name)) {
		tw_warn("no account '%s' in the config file", name);
		return TW_EXIT_CONFIG;
	}
	if (o->revoke) {
		if ((rv = tw_config_load(name, 1, &a)) == 0 &&
		    tw_oauth2_user(&a))
			rv = revoke_tokens(&a);
		tw_account_free(&a);
		if (rv != 0)
			return rv;
	}
	if ((rv = tw_config_update(name, NULL, NULL, 1)) == 0)
		fprintf(stderr, "%s: account '%s' removed from the config "
		    "file\n", tw_progname, name);
	return rv;
}

/* ---- the command line ---- */

static int
parse(int argc, char *argv[], struct args *o)
{
	int c;

	memset(o, 0, sizeof *o);
	o->how = O_OAUTH1;
	o->port = 8723;
	o->timeout = 300;
	while ((c = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (c) {
		case 'a': o->account = tw_optarg; break;
		case O_OAUTH1: case O_OAUTH2: case O_APP: o->how = c; break;
		case O_PIN: o->pin = 1; break;
		case 'p':
			o->port = (int)tw_opt_number("--port", tw_optarg, 0,
			    65535);
			break;
		case O_API_BASE: o->api_base = tw_optarg; break;
		case O_CONSUMER_KEY: o->consumer_key = tw_optarg; break;
		case O_CLIENT_ID: o->client_id = tw_optarg; break;
		case O_CONFIDENTIAL: o->confidential = 1; break;
		case O_SCOPES: o->scopes = tw_optarg; break;
		case O_NO_BROWSER: o->no_browser = 1; break;
		case O_REVOKE: o->revoke = 1; break;
		case O_TIMEOUT:
			o->timeout = (int)tw_opt_number("--timeout", tw_optarg,
			    1, 86400);
			break;
		}
	}
	if (o->pin && o->how != O_OAUTH1)
		tw_die(TW_EXIT_USAGE, "--pin is for --oauth1");
	if (o->api_base && strncmp(o->api_base, "https://", 8) &&
	    strncmp(o->api_base, "http://", 7))
		tw_die(TW_EXIT_USAGE, "--api-base: not an http(s) URL: '%s'",
		    o->api_base);
	return tw_optind;
}

int
main(int argc, char *argv[])
{
	struct args o;
	const char *what;
	int i, rv;

	tw_init(argv[0]);
	i = parse(argc, argv, &o);
	if (i >= argc) {
		tw_warn("what to do? login, status, refresh or remove");
		tw_usage(&cmd);
	}
	what = argv[i++];
	if (!strcmp(what, "login") && i == argc)
		rv = login(&o);
	else if (!strcmp(what, "status") && i == argc)
		rv = status(&o);
	else if (!strcmp(what, "refresh") && i == argc)
		rv = refresh(&o);
	else if (!strcmp(what, "remove"))
		rv = do_remove(&o, argc - i, argv + i);
	else {
		tw_warn(i < argc ? "%s takes no operands" : "no command '%s'",
		    what);
		tw_usage(&cmd);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;       /* a $BROWSER that has finished */
	return tw_finish(rv);
}
