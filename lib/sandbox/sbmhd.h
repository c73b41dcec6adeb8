/* sbmhd.h - tw-sandbox's libmicrohttpd glue (lib/sandbox/sbmhd.c).  Only
 * tw-sandbox uses these. */
#ifndef TW_SBMHD_H
#define TW_SBMHD_H

#include <netinet/in.h>

#include <microhttpd.h>

#include "sbanswer.h"
#include "sbstore.h"

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

/* sbdoor.c: request heads are read and checked before libmicrohttpd
 * takes a connection (MHD_USE_NO_LISTEN_SOCKET); what is refused gets a
 * JSON problem. */
#define SB_HEAD_MAX (32 * 1024)         /* a request head, in bytes */
#define SB_URI_MAX (16 * 1024)          /* its target */
#define SB_RECORDS_MAX 200              /* parameters, headers, cookies */
#define SB_BODY_MAX (64L * 1024 * 1024) /* one request body */
/* Listen on sin; the socket, or -1.  *port is the port it got. */
int sb_door_listen(const struct sockaddr_in *sin, unsigned *port);
/* Take connections on lfd and hand them to d; heads wait at most
 * timeout_s seconds (0: no limit); maxconn as in d. */
void sb_door_start(struct MHD_Daemon *d, int lfd, long timeout_s,
    long maxconn);
void sb_door_stop(void);                /* before sb_mhd_shutdown() */
/* 0 when the head h[0..n) is one the sandbox takes; -1 with a problem
 * in w.  The method and target, cut short, go to meth and tgt. */
int sb_head_check(const char *h, size_t n, struct sb_resp *w, char *meth,
    size_t mcap, char *tgt, size_t tcap);

#endif
