/* config.h - the config file (tw-config(5)) and accounts */
#ifndef TW_CONFIG_H
#define TW_CONFIG_H

#include "util.h"

/* An account from the config file, with TW_API_BASE applied. */
struct tw_account {
	char *name;               /* section name: [account NAME] */
	char *user_id;
	char *username;
	char *consumer_key;
	char *consumer_secret;
	char *access_token;
	char *access_token_secret;
	char *bearer_token;
	char *api_base;           /* default https://api.x.com */
	tw_kvs all;               /* every key of the section, for the rest */
};

/* Path of the config file: $TW_CONFIG, else $XDG_CONFIG_HOME/tw/config,
 * else ~/.config/tw/config.  Caller frees. */
char *tw_config_path(void);

/* Load account NAME (NULL: $TW_ACCOUNT, else the [default] section's
 * "account" key, else the only/first account).  Refuses a file that holds
 * secrets and is readable by group or others, saying how to fix it.  On
 * error prints one line and returns TW_EXIT_CONFIG; 0 on success.
 * A missing config file is an error only when need_file is set; without
 * one the account has only api_base. */
int tw_config_load(const char *name, int need_file, struct tw_account *a);
void tw_account_free(struct tw_account *a);

/* Any key of the account's section (e.g. "signature"), or NULL. */
const char *tw_account_get(const struct tw_account *a, const char *key);

/* The names of the file's accounts, in its order (free each and the
 * array; NULL with *n 0 when there are none or no file). */
char **tw_config_accounts(size_t *n);

/* Set keys of [account NAME] in the config file (the section is made
 * when there is none; a key there is replaced where it stands), remove
 * the keys of unset (NULL-terminated; may be NULL), or with drop remove
 * the section; the rest of the file is kept as it was.  The new file
 * (mode 0600) replaces the old one atomically.  0, or TW_EXIT_CONFIG
 * after one line. */
int tw_config_update(const char *name, const tw_kvs *set,
    const char *const *unset, int drop);

/* An exclusive lock (flock) on the config file's CONFIG.lock, for a
 * read-change-write of it (two programs renewing one OAuth 2.0 token).
 * The fd to pass to tw_config_unlock, or -1 after a warning. */
int tw_config_lock(void);
void tw_config_unlock(int fd);

#endif
