/* sbserve.h - tw-sandbox's server (sbserve.c; the HTTP glue, the top of
 * lib/sandbox, README): start it as the options say, stop it. */
#ifndef TW_SBSERVE_H
#define TW_SBSERVE_H

struct sb_serve {
	const char *bind;               /* an IPv4 address */
	const char *config;             /* the tw config to write, or NULL */
	const char *load;               /* a seed file, or NULL: built in */
	const char *state_file;         /* loaded if there, saved; or NULL */
	long port;                      /* 0: a free one */
	long mentions;                  /* synthetic mentions to add */
	long rate_limit, rate_window;   /* for every endpoint; 0: X's */
	long timeout;                   /* idle seconds (0: no limit) */
	long max_conn;                  /* connections served at once */
	long body_cap;                  /* MB of request bodies at once */
	long seed;                      /* for the fault dice; -1: none */
};

/* Load the store, listen and serve on threads of their own.  0 with the
 * base URL in *base (the caller frees it); TW_EXIT_USAGE or
 * TW_EXIT_CONFIG after a warning; exits 4 when it cannot listen.
 * SIGINT, SIGTERM and SIGHUP are blocked from here on, SIGPIPE ignored. */
int sb_serve_start(const struct sb_serve *o, char **base);
/* Until SIGINT or SIGTERM (SIGHUP is ignored): which one came. */
int sb_serve_wait(void);
/* Streams end, connections close, the state is saved: 0, or -1 when it
 * could not be. */
int sb_serve_stop(void);

#endif
