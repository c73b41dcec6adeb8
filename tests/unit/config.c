/* config.c - the config file: sections, account selection, overrides,
 * bad lines (FILE:LINE), the permissions refusal */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tw.h"
#include "tap.h"

static char dir[256], path[512];

static void
write_file(const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	if (!fp) {
		perror(path);
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
	chmod(path, mode);
}

static const char good[] =
    "# tw config\n"
    "\n"
    "[default]\n"
    "account = second\n"
    "\n"
    "[account first]\n"
    "user_id = 111\n"
    "username = first_brand\n"
    "consumer_key = ck1\n"
    "consumer_secret = cs1\n"
    "access_token = at1\n"
    "access_token_secret = ats1\n"
    "  # an indented comment\n"
    "\n"
    "[account second]\n"
    "user_id=222\n"
    "  username   =   second_brand  \n"
    "bearer_token = \"bt2 \"\n"
    "api_base = http://127.0.0.1:9/\n"
    "signature = -- the care team\n"
    "price_read = 0.001\n";

int
main(void)
{
	struct tw_account a;
	char *s, buf[4096];
	int rv;

	tw_init("config");
	snprintf(dir, sizeof dir, "%s/tw-config-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/config", dir);
	unsetenv("TW_ACCOUNT");
	unsetenv("TW_API_BASE");

	/* the path */
	setenv("TW_CONFIG", "/x/y", 1);
	s = tw_config_path();
	is_str(s, "/x/y", "TW_CONFIG names the file");
	free(s);
	unsetenv("TW_CONFIG");
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	s = tw_config_path();
	is_str(s, "/xdg/tw/config", "XDG_CONFIG_HOME/tw/config");
	free(s);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/u", 1);
	s = tw_config_path();
	is_str(s, "/home/u/.config/tw/config", "~/.config/tw/config");
	free(s);
	setenv("TW_CONFIG", path, 1);

	/* [default] account = second */
	write_file(good, 0600);
	tap_catch();
	rv = tw_config_load(NULL, 1, &a);
	is_str(tap_caught(), "", "a good file: no warnings");
	is_int(rv, 0, "loads");
	is_str(a.name, "second", "[default] account picks the account");
	is_str(a.user_id, "222", "user_id without spaces around =");
	is_str(a.username, "second_brand", "value trimmed");
	is_str(a.bearer_token, "bt2 ", "double quotes keep an edge space");
	is_str(a.api_base, "http://127.0.0.1:9", "api_base, trailing / dropped");
	ok(a.consumer_key == NULL, "absent key is NULL");
	is_str(tw_account_get(&a, "signature"), "-- the care team",
	    "any other key kept in all");
	is_str(tw_account_get(&a, "price_read"), "0.001", "price_read kept");
	ok(tw_account_get(&a, "nope") == NULL, "unknown key is NULL");
	tw_account_free(&a);

	/* -a */
	rv = tw_config_load("first", 1, &a);
	is_int(rv, 0, "-a first loads");
	is_str(a.name, "first", "-a picks the account");
	is_str(a.consumer_secret, "cs1", "consumer_secret");
	is_str(a.access_token_secret, "ats1", "access_token_secret");
	is_str(a.api_base, "https://api.x.com", "default api_base");
	tw_account_free(&a);

	/* TW_ACCOUNT, then -a over it */
	setenv("TW_ACCOUNT", "first", 1);
	rv = tw_config_load(NULL, 1, &a);
	is_str(a.name, "first", "TW_ACCOUNT picks the account");
	tw_account_free(&a);
	rv = tw_config_load("second", 1, &a);
	is_str(a.name, "second", "-a wins over TW_ACCOUNT");
	tw_account_free(&a);
	unsetenv("TW_ACCOUNT");

	/* TW_API_BASE */
	setenv("TW_API_BASE", "http://127.0.0.1:1234", 1);
	rv = tw_config_load("second", 1, &a);
	is_str(a.api_base, "http://127.0.0.1:1234", "TW_API_BASE overrides");
	tw_account_free(&a);
	unsetenv("TW_API_BASE");

	/* unknown account */
	tap_catch();
	rv = tw_config_load("third", 1, &a);
	snprintf(buf, sizeof buf, "config: %s: no account 'third'; accounts: "
	    "first, second\n", path);
	is_str(tap_caught(), buf, "unknown account: one line naming the accounts");
	is_int(rv, TW_EXIT_CONFIG, "unknown account: exit 3");

	/* first account when there is no [default] */
	write_file("[account one]\nconsumer_key = k\n[account two]\n", 0600);
	rv = tw_config_load(NULL, 1, &a);
	is_str(a.name, "one", "no [default]: the first account");
	tw_account_free(&a);

	/* permissions */
	write_file(good, 0644);
	tap_catch();
	rv = tw_config_load(NULL, 1, &a);
	snprintf(buf, sizeof buf, "config: %s: permissions 0644 are too open: "
	    "it holds secrets; run: chmod 600 %s\n", path, path);
	is_str(tap_caught(), buf, "0644 with secrets: refused with the fix");
	is_int(rv, TW_EXIT_CONFIG, "0644 with secrets: exit 3");
	write_file(good, 0640);
	tap_catch();
	rv = tw_config_load(NULL, 1, &a);
	tap_caught();
	is_int(rv, TW_EXIT_CONFIG, "0640 with secrets: refused");
	write_file(good, 0604);
	tap_catch();
	rv = tw_config_load(NULL, 1, &a);
	tap_caught();
	is_int(rv, TW_EXIT_CONFIG, "0604 with secrets: refused");
	write_file("[account pub]\nusername = brand\napi_base = http://x\n",
	    0644);
	rv = tw_config_load(NULL, 1, &a);
	is_int(rv, 0, "0644 without secrets: fine");
	tw_account_free(&a);
	write_file(good, 0400);
	rv = tw_config_load(NULL, 1, &a);
	is_int(rv, 0, "0400 with secrets: fine");
	tw_account_free(&a);

	/* bad lines: warned with FILE:LINE and skipped */
	write_file("stray = 1\n"
	    "[account a]\n"
	    "consumer_key = k\n"
	    "no equals sign\n"
	    "bad key = v\n"
	    "[account b\n"
	    "[frobnicate]\n"
	    "lost = x\n"
	    "[account a]\n"
	    "[account c]\n"
	    "username = c\n"
	    "username = cc\n", 0600);
	tap_catch();
	rv = tw_config_load("a", 1, &a);
	snprintf(buf, sizeof buf,
	    "config: %1$s:1: 'stray' outside a section: put it under "
	    "[account NAME]\n"
	    "config: %1$s:4: expected 'key = value'\n"
	    "config: %1$s:5: bad key 'bad key'\n"
	    "config: %1$s:6: expected ']' at the end of a section line\n"
	    "config: %1$s:7: unknown section [frobnicate]: expected "
	    "[account NAME], [default] or [store]\n"
	    "config: %1$s:9: account 'a' defined twice; the first one is used\n"
	    "config: %1$s:12: 'username' given twice; the last one is used\n",
	    path);
	is_str(tap_caught(), buf, "bad lines reported with FILE:LINE");
	is_int(rv, 0, "bad lines tolerated");
	is_str(a.consumer_key, "k", "good lines kept");
	ok(tw_account_get(&a, "lost") == NULL, "keys of a bad section skipped");
	tw_account_free(&a);
	tap_catch();
	rv = tw_config_load("c", 1, &a);
	tap_caught();
	is_str(a.username, "cc", "a repeated key: the last one");
	tw_account_free(&a);

	/* [store]: the team's store for accounts without one of their own */
	write_file("[account a]\nuser_id = 1\n\n[store]\n"
	    "store = postgresql:///care\nsla = 2h\n\n[account b]\n"
	    "store = /srv/b.db\n", 0600);
	tap_catch();
	rv = tw_config_load("a", 1, &a);
	snprintf(buf, sizeof buf, "config: %s:6: [store] has one key, store; "
	    "'sla' is ignored\n", path);
	is_str(tap_caught(), buf, "[store]: another key is reported");
	is_int(rv, 0, "[store]: read");
	is_str(tw_account_get(&a, "store"), "postgresql:///care",
	    "[store] names the store of an account without one");
	ok(tw_account_get(&a, "sla") == NULL, "[store]'s other keys go nowhere");
	tw_account_free(&a);
	tap_catch();
	rv = tw_config_load("b", 1, &a);
	tap_caught();
	is_str(tw_account_get(&a, "store"), "/srv/b.db",
	    "an account's own store wins over [store]");
	tw_account_free(&a);

	/* tw_config_update: keys replaced where they stand, added after the
	 * section's last key, removed; comments and other sections kept */
	write_file("# mine\n[account a]\nuser_id = 1\n# a comment\n"
	    "access_token = old\n\n[account b]\nuser_id = 2\n", 0644);
	{
		tw_kvs set = { 0 };
		const char *unset[] = { "user_id", NULL };
		char *t;
		struct stat st;

		tw_kvs_add(&set, "access_token", "new");
		tw_kvs_add(&set, "oauth2_scope", "tweet.read users.read");
		tw_kvs_add(&set, "note", " padded ");
		is_int(tw_config_update("a", &set, unset, 0), 0, "update: done");
		t = tw_read_file(path);
		is_str(t, "# mine\n[account a]\n# a comment\n"
		    "access_token = new\noauth2_scope = tweet.read users.read\n"
		    "note = \" padded \"\n\n[account b]\nuser_id = 2\n",
		    "update: replaced in place, added after the last key, "
		    "removed, quoted where spaces would be lost");
		free(t);
		ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
		    "update: the file is 0600 after");
		rv = tw_config_load("a", 1, &a);
		is_str(tw_account_get(&a, "note"), " padded ",
		    "update: what it wrote reads back");
		tw_account_free(&a);
		tw_kvs_free(&set);
		tw_kvs_add(&set, "user_id", "3");
		is_int(tw_config_update("c", &set, NULL, 0), 0,
		    "update: a new account");
		is_int(tw_config_update("a", NULL, NULL, 1), 0,
		    "update: an account removed");
		t = tw_read_file(path);
		is_str(t, "# mine\n[account b]\nuser_id = 2\n\n"
		    "[account c]\nuser_id = 3\n",
		    "update: section added at the end, the removed one gone");
		free(t);
		tw_kvs_free(&set);
		tw_kvs_add(&set, "bad", "two\nlines");
		tap_catch();
		is_int(tw_config_update("c", &set, NULL, 0), TW_EXIT_CONFIG,
		    "update: a value with a newline is refused");
		tap_caught();
		tw_kvs_free(&set);
	}

	/* no file */
	unlink(path);
	tap_catch();
	rv = tw_config_load(NULL, 1, &a);
	snprintf(buf, sizeof buf, "config: cannot read the config file %s: "
	    "No such file or directory; see tw-config(5)\n", path);
	is_str(tap_caught(), buf, "missing file when needed: one line");
	is_int(rv, TW_EXIT_CONFIG, "missing file when needed: exit 3");
	setenv("TW_API_BASE", "http://127.0.0.1:5/", 1);
	rv = tw_config_load(NULL, 0, &a);
	is_int(rv, 0, "missing file when not needed: fine");
	is_str(a.api_base, "http://127.0.0.1:5", "... with TW_API_BASE");
	ok(a.consumer_key == NULL, "... and no credentials");
	tw_account_free(&a);
	unsetenv("TW_API_BASE");

	/* an empty file */
	write_file("# nothing\n", 0600);
	tap_catch();
	rv = tw_config_load(NULL, 1, &a);
	snprintf(buf, sizeof buf, "config: %s: no [account NAME] section; see "
	    "tw-config(5)\n", path);
	is_str(tap_caught(), buf, "no account: one line");
	is_int(rv, TW_EXIT_CONFIG, "no account: exit 3");

	unlink(path);
	rmdir(dir);
	return tap_done();
}
