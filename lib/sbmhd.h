/* sbmhd.h - tw-sandbox's libmicrohttpd glue (lib/sbmhd.c); include
 * <microhttpd.h> first.  Only tw-sandbox uses these. */
#ifndef TW_SBMHD_H
#define TW_SBMHD_H

/* A connection that waits (for a time, or for a post on its stream) is
 * parked: suspended in libmicrohttpd's event loop, never a blocked
 * thread, and resumed by a timer or by sb_mhd_wake().  A park lives in
 * the connection's own data. */
struct sb_park {
	struct MHD_Connection *c;
	long long until;                /* tw_now_ms(); 0: until woken */
	struct sb_park *prev, *next;
	int parked;
};

void sb_mhd_init(void);                 /* the timer thread */
/* Suspend c until the time until (0: until woken).  Only from its
 * handler or content reader.  0, or -1 when the server is stopping
 * (then go on without waiting). */
int sb_mhd_park(struct sb_park *p, struct MHD_Connection *c,
    long long until);
void sb_mhd_wake(struct sb_park *p);    /* resume now, if parked */
void sb_mhd_unpark(struct sb_park *p);  /* the connection ends */
/* Resume every parked connection and park none after: before
 * MHD_stop_daemon, which must find none suspended. */
void sb_mhd_shutdown(void);

/* The filtered stream for sub on connection c; frees sub when the
 * connection ends.  fd is the connection's socket, to notice a client
 * that left. */
struct MHD_Response *sb_mhd_stream(struct sb_sub *sub,
    struct MHD_Connection *c, int fd);
/* Content-Length len, but only half of data is sent before the
 * connection is closed.  Takes data. */
struct MHD_Response *sb_mhd_dropped(char *data, size_t len);

#endif
