/* oauth2.c - OAuth 2.0 user context: the token endpoint and renewal
 *
 * An access token lasts two hours; with offline.access X also gives a
 * refresh token, good for one renewal (each renewal gives a new pair).
 * Two programs of one account renewing at once would spend the refresh
 * token twice, so renewal happens under the config file's lock, and a
 * program first looks whether another one has renewed already.
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "oauth.h"
#include "oauth2.h"
#include "timefmt.h"

static const char *
get(const struct tw_account *a, const char *k)
{
	const char *v = tw_account_get(a, k);

	return v && *v ? v : NULL;
}

int
tw_oauth2_user(const struct tw_account *a)
{
	const char *how;

	if (!a)
		return 0;
	if ((how = get(a, "auth")))
		return strcmp(how, "oauth2") == 0;
	return !a->access_token && (get(a, "oauth2_access_token") ||
	    get(a, "oauth2_refresh_token"));
}

time_t
tw_oauth2_expiry(const struct tw_account *a)
{
	const char *v = get(a, "oauth2_expires_at");
	time_t t;

	return v && tw_time_parse_rfc3339(v, &t) == 0 ? t : 0;
}

int
tw_oauth2_token_call(const struct tw_account *a, tw_kvs *form,
    cJSON **tok, char **err)
{
	const char *id = get(a, "client_id"), *secret = get(a, "client_secret");
	struct tw_client c;
	struct tw_req req = { 0 };
	struct tw_resp resp;
	char *basic = NULL;
	int rv;

	*tok = NULL;
	*err = NULL;
	if (!id) {
		*err = xasprintf("account '%s' has no client_id (the OAuth 2.0 "
		    "app's, from the developer portal); see tw-auth(1)",
		    a->name ? a->name : "default");
		return TW_EXIT_CONFIG;
	}
	if (secret)
		basic = tw_basic_auth(id, secret);
	else
		tw_kvs_set(form, "client_id", id);
	tw_client_init(&c, a);
	req.method = "POST";
	req.path = "/2/oauth2/token";
	req.auth = TW_AUTH_NONE;
	req.authorization = basic;
	req.form = *form;
	req.no_retry = 1;       /* a code or refresh token is single-use */
	rv = tw_http(&c, &req, &resp);
	if (rv == 0 && (!resp.json || !tw_json_str(resp.json,
	    "access_token"))) {
		rv = TW_EXIT_API;
		resp.error = xasprintf("POST /2/oauth2/token: no access_token "
		    "in the answer");
	}
	if (rv == 0) {
		*tok = resp.json;
		resp.json = NULL;
	} else
		*err = xstrdup(resp.error ? resp.error : "the token endpoint "
		    "failed");
	tw_resp_free(&resp);
	tw_client_free(&c);
	if (basic) {
		explicit_bzero(basic, strlen(basic));
		free(basic);
	}
	return rv;
}

int
tw_oauth2_save(const char *name, const cJSON *tok, time_t now)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(tok, "expires_in");
	const char *v;
	tw_kvs set = { 0 };
	char when[32];
	int rv;

	tw_kvs_add(&set, "auth", "oauth2");
	tw_kvs_add(&set, "oauth2_access_token", tw_json_str(tok,
	    "access_token"));
	if ((v = tw_json_str(tok, "refresh_token")))
		tw_kvs_add(&set, "oauth2_refresh_token", v);
	if (cJSON_IsNumber(e) && e->valuedouble > 0) {
		tw_time_format(now + (time_t)e->valuedouble, when, sizeof when);
		tw_kvs_add(&set, "oauth2_expires_at", when);
	}
	if ((v = tw_json_str(tok, "scope")))
		tw_kvs_add(&set, "oauth2_scope", v);
	rv = tw_config_update(name, &set, NULL, 0);
	for (size_t i = 0; i < set.n; i++)
		explicit_bzero(set.v[i].val, strlen(set.v[i].val));
	tw_kvs_free(&set);
	return rv;
}

/* Renew from the refresh token of fresh (the file as it is now). */
static int
refresh(const struct tw_account *fresh, char **token, time_t *exp,
    char **err)
{
	const char *rt = get(fresh, "oauth2_refresh_token");
	tw_kvs form = { 0 };
	cJSON *tok;
	time_t now = time(NULL);
	int rv;

	if (!rt) {
		*err = xasprintf("the OAuth 2.0 access token of account '%s' "
		    "has expired and there is no refresh token (log in with "
		    "offline.access): run tw-auth login -a %s --oauth2",
		    fresh->name, fresh->name);
		return TW_EXIT_CONFIG;
	}
	tw_kvs_add(&form, "grant_type", "refresh_token");
	tw_kvs_add(&form, "refresh_token", rt);
	rv = tw_oauth2_token_call(fresh, &form, &tok, err);
	tw_kvs_free(&form);
	if (rv != 0) {
		char *e = *err;

		*err = xasprintf("renewing the OAuth 2.0 token of account "
		    "'%s': %s; run tw-auth login -a %s --oauth2", fresh->name,
		    e, fresh->name);
		free(e);
		return rv == TW_EXIT_API ? TW_EXIT_CONFIG : rv;
	}
	if (tw_oauth2_save(fresh->name, tok, now) != 0) {
		*err = xasprintf("account '%s': the renewed OAuth 2.0 token "
		    "could not be written to the config file", fresh->name);
		cJSON_Delete(tok);
		return TW_EXIT_CONFIG;
	}
	*token = xstrdup(tw_json_str(tok, "access_token"));
	{
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(tok,
		    "expires_in");

		*exp = cJSON_IsNumber(e) ? now + (time_t)e->valuedouble : 0;
	}
	cJSON_Delete(tok);
	return 0;
}

int
tw_oauth2_renew(const struct tw_account *a, const char *have, char **token,
    time_t *exp, char **err)
{
	struct tw_account fresh;
	const char *now_tok;
	int lk, rv;

	*token = NULL;
	*err = NULL;
	if ((lk = tw_config_lock()) < 0) {
		*err = xstrdup("cannot lock the config file to renew the "
		    "OAuth 2.0 token");
		return TW_EXIT_CONFIG;
	}
	if (tw_config_load(a->name, 1, &fresh) != 0) {
		tw_config_unlock(lk);
		*err = xasprintf("cannot read account '%s' again to renew its "
		    "OAuth 2.0 token", a->name);
		return TW_EXIT_CONFIG;
	}
	now_tok = get(&fresh, "oauth2_access_token");
	*exp = tw_oauth2_expiry(&fresh);
	if (now_tok && (!have || strcmp(now_tok, have) != 0) &&
	    (*exp == 0 || *exp - time(NULL) > 60)) {
		*token = xstrdup(now_tok);      /* another program renewed */
		rv = 0;
	} else
		rv = refresh(&fresh, token, exp, err);
	tw_account_free(&fresh);
	tw_config_unlock(lk);
	return rv;
}
