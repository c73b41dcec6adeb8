/* http.c - error lines, the dry run, credentials checks, cost counting
 * (requests against a server are tested by tests/0110-tw-api-*.t) */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tw.h"
#include "tap.h"

static void
line(long status, const char *json, const char *want)
{
	cJSON *j = json ? cJSON_Parse(json) : NULL;
	char *s = tw_api_error_line(status, j);

	is_str(s, want, "error line for %ld %s", status, json ? json : "(none)");
	free(s);
	cJSON_Delete(j);
}

int
main(void)
{
	struct tw_account a = { 0 };
	struct tw_client c;
	struct tw_req req = { 0 };
	struct tw_resp resp;
	char *s, *err;
	cJSON *j, *h;
	int rv;

	tw_init("http");

	is_str(tw_http_reason(429), "Too Many Requests", "reason 429");
	is_str(tw_http_reason(599), "", "unknown reason is empty");

	line(401, "{\"title\":\"Unauthorized\",\"type\":\"about:blank\","
	    "\"status\":401,\"detail\":\"Unauthorized\"}", "401 Unauthorized");
	line(429, "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many "
	    "Requests\",\"type\":\"about:blank\",\"status\":429}",
	    "429 Too Many Requests");
	line(429, "{\"errors\":[{\"code\":88,\"message\":\"Rate limit "
	    "exceeded\"}]}", "429 Too Many Requests: Rate limit exceeded "
	    "(code 88)");
	line(401, "{\"errors\":[{\"code\":32,\"message\":\"Could not "
	    "authenticate you.\"},{\"code\":89,\"message\":\"Invalid or "
	    "expired token.\"}]}", "401 Unauthorized: Could not authenticate "
	    "you. (code 32); Invalid or expired token. (code 89)");
	line(403, "{\"title\":\"Unsupported Authentication\",\"detail\":"
	    "\"Authenticating with OAuth 2.0 Application-Only is forbidden for "
	    "this endpoint.\",\"type\":\"https://api.twitter.com/2/problems/"
	    "unsupported-authentication\",\"status\":403}",
	    "403 Forbidden: Unsupported Authentication: Authenticating with "
	    "OAuth 2.0 Application-Only is forbidden for this endpoint. "
	    "(unsupported-authentication)");
	line(400, "{\"title\":\"Invalid Request\",\"detail\":\"The 'query' "
	    "parameter is required.\",\"type\":\"https://api.x.com/2/problems/"
	    "invalid-request\"}", "400 Bad Request: Invalid Request: The "
	    "'query' parameter is required. (invalid-request)");
	line(429, "{\"title\":\"UsageCapExceeded\",\"detail\":\"Usage cap "
	    "exceeded: Monthly product cap\",\"type\":\"https://api.twitter.com"
	    "/2/problems/usage-capped\",\"period\":\"Monthly\",\"scope\":"
	    "\"Product\"}", "429 Too Many Requests: UsageCapExceeded: Usage cap "
	    "exceeded: Monthly product cap (usage-capped)");
	line(400, "{\"errors\":[{\"parameters\":{\"id\":[\"me\"]},"
	    "\"message\":\"The `id` query parameter value [me] is bad\"}],"
	    "\"title\":\"Invalid Request\",\"detail\":\"One or more "
	    "parameters to your request was invalid.\",\"type\":"
	    "\"https://api.twitter.com/2/problems/invalid-request\"}",
	    "400 Bad Request: Invalid Request: One or more parameters to your "
	    "request was invalid. The `id` query parameter value [me] is bad "
	    "(invalid-request)");
	line(400, "{\"errors\":[{\"message\":\"Requests with bodies must "
	    "have content-type of application/json.\"}],\"title\":\"Invalid "
	    "Request\",\"detail\":\"One or more parameters\"}", "400 Bad "
	    "Request: Invalid Request: One or more parameters; Requests with "
	    "bodies must have content-type of application/json.");
	line(400, "{\"error\":\"invalid_request\",\"error_description\":"
	    "\"bad grant\"}", "400 Bad Request: invalid_request: bad grant");
	line(503, NULL, "503 Service Unavailable");
	line(418, "{}", "418");

	/* credentials */
	a.name = "brand";
	a.api_base = "http://127.0.0.1:9";
	a.consumer_key = "ck";
	a.access_token = "at";
	tw_client_init(&c, &a);
	req.path = "/2/users/me";
	rv = tw_http(&c, &req, &resp);
	is_int(rv, TW_EXIT_CONFIG, "missing secrets: exit 3");
	is_str(resp.error, "account 'brand' has no consumer_secret, "
	    "access_token_secret (needed for OAuth 1.0a user-context "
	    "requests); log in with tw-auth(1), or see tw-config(5)", "missing secrets: named");
	tw_resp_free(&resp);
	req.auth = TW_AUTH_APP;
	s = tw_http_dry_run(&c, &req, &err);
	ok(s == NULL, "dry run without bearer token: NULL");
	is_str(err, "account 'brand' has no bearer_token (needed for app-only "
	    "bearer-token requests); log in with tw-auth(1), or see tw-config(5)", "missing bearer token");
	free(err);
	is_int(c.cost.requests, 0, "nothing was sent");

	/* a dry run */
	a.consumer_secret = "SeKrEt1";
	a.access_token_secret = "SeKrEt2";
	a.bearer_token = "B34R3R";
	req.auth = TW_AUTH_USER;
	req.method = NULL;
	req.path = "/2/tweets/search/recent?query=caf%C3%A9+%22x%22&x=1";
	tw_kvs_add(&req.query, "max_results", "10");
	tw_kvs_add(&req.query, "x", "2");
	s = tw_http_dry_run(&c, &req, &err);
	j = s ? cJSON_Parse(s) : NULL;
	ok(j != NULL, "dry run is JSON");
	is_str(tw_json_str(j, "method"), "GET", "method GET");
	is_str(tw_json_str(j, "url"), "http://127.0.0.1:9/2/tweets/search/"
	    "recent?query=caf%C3%A9%20%22x%22&x=2&max_results=10",
	    "query decoded and re-encoded by RFC 3986; one value per key");
	h = cJSON_GetObjectItem(j, "headers");
	ok(strncmp(tw_json_str(h, "Authorization") ? tw_json_str(h,
	    "Authorization") : "", "OAuth oauth_consumer_key=\"ck\", "
	    "oauth_nonce=\"", 44) == 0, "OAuth header");
	is_str(tw_json_str(h, "User-Agent"), "tw/" TW_VERSION, "User-Agent");
	ok(cJSON_IsNull(cJSON_GetObjectItem(j, "body")), "no body");
	ok(s && !strstr(s, "SeKrEt"), "no secret in the dry run");
	cJSON_Delete(j);
	free(s);

	tw_kvs_free(&req.query);
	req.path = "https://other.example/2/tweets";
	tw_kvs_add(&req.form, "status", "a b+c");
	s = tw_http_dry_run(&c, &req, &err);
	ok(!s && err && strstr(err, "refusing to send the account's "
	    "credentials to https://other.example:443"),
	    "a full URL on another host is refused");
	free(err);
	err = NULL;
	req.path = "http://127.0.0.1:9/2/tweets";
	s = tw_http_dry_run(&c, &req, &err);
	j = s ? cJSON_Parse(s) : NULL;
	is_str(tw_json_str(j, "method"), "POST", "a form: POST");
	is_str(tw_json_str(j, "url"), "http://127.0.0.1:9/2/tweets",
	    "a full URL on the API host is kept");
	is_str(tw_json_str(j, "body"), "status=a%20b%2Bc", "form encoded");
	is_str(tw_json_str(cJSON_GetObjectItem(j, "headers"), "Content-Type"),
	    "application/x-www-form-urlencoded", "form content type");
	cJSON_Delete(j);
	free(s);
	tw_kvs_free(&req.form);

	req.path = "/2/tweets";
	req.json = "{\"text\":\"hi\"}";
	req.auth = TW_AUTH_APP;
	s = tw_http_dry_run(&c, &req, &err);
	j = s ? cJSON_Parse(s) : NULL;
	is_str(tw_json_str(j, "body"), "{\"text\":\"hi\"}", "JSON body");
	h = cJSON_GetObjectItem(j, "headers");
	is_str(tw_json_str(h, "Content-Type"), "application/json",
	    "JSON content type");
	is_str(tw_json_str(h, "Authorization"), "Bearer (bearer_token of "
	    "account 'brand')", "bearer token not shown");
	ok(s && !strstr(s, "B34R3R"), "no bearer token in the dry run");
	cJSON_Delete(j);
	free(s);

	/* cost */
	j = cJSON_Parse("{\"data\":[{\"id\":\"1\",\"text\":\"a\"},{\"id\":\"2\","
	    "\"text\":\"b\"}],\"includes\":{\"tweets\":[{\"id\":\"3\",\"text\":"
	    "\"c\"}],\"users\":[{\"id\":\"9\",\"username\":\"u\"}]}}");
	tw_cost_add_read(&c, j);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"data\":[{\"id\":\"5\",\"event_type\":"
	    "\"MessageCreate\",\"text\":\"hi\"}]}");
	tw_cost_add_read(&c, j);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"data\":{\"id\":\"9\",\"username\":\"u\"}}");
	tw_cost_add_read(&c, j);
	cJSON_Delete(j);
	is_int(c.cost.posts_read, 3, "posts read: data and includes.tweets");
	is_int(c.cost.dm_read, 1, "DM events read");
	c.cost.requests = 4;
	c.cost.posts_written = 2;
	tap_catch();
	tw_cost_report(&c);
	is_str(tap_caught(), "http: requests 4, posts read 3, posts written 2, "
	    "DMs read 1, est. $0.050\n", "cost line, default prices");
	tw_kvs_add(&a.all, "price_read", "0.001");
	tw_kvs_add(&a.all, "price_post", "0.01");
	c.cost.dm_read = 0;
	tap_catch();
	tw_cost_report(&c);
	is_str(tap_caught(), "http: requests 4, posts read 3, posts written 2, "
	    "est. $0.023\n", "cost line, prices from the config");
	tw_kvs_free(&a.all);
	tw_client_free(&c);
	return tap_done();
}
