/* config.c - the config file (lib/config.c, tw-config(5)): the input is
 * written as $TW_CONFIG (mode 0600, then 0644 for the secrets check) and
 * loaded as every program loads it: the default account, then accounts
 * by name.
 *
 * Findings: crashes, leaks, sanitizer reports, and a loaded account
 * without a name or an api_base, or with an api_base ending in '/'. */
#include <sys/stat.h>

#include "fuzz.h"

static char *path;

static void
done(void)
{
	free(path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	path = xstrdup(fz_file("config", (const uint8_t *)"", 0));
	setenv("TW_CONFIG", path, 1);
	atexit(done);
	return 0;
}

static void
load(const char *name)
{
	struct tw_account a;
	size_t n;

	if (tw_config_load(name, 1, &a) == 0) {
		FZ_ASSERT(a.name && a.api_base, "an account without %s",
		    a.name ? "api_base" : "a name");
		n = strlen(a.api_base);
		FZ_ASSERT(n == 0 || a.api_base[n - 1] != '/',
		    "api_base '%s' ends in '/'", a.api_base);
		FZ_ASSERT(!name || strcmp(name, a.name) == 0,
		    "asked for '%s', got '%s'", name, a.name);
		tw_account_get(&a, "signature");
	}
	tw_account_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_file("config", data, size);
	load(NULL);
	load("brand");
	load("sandbox");
	/* open to others: refused when it holds secrets */
	chmod(path, 0644);
	load(NULL);
	return 0;
}
