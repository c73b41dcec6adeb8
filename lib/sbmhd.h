/* sbmhd.h - tw-sandbox's libmicrohttpd responses (lib/sbmhd.c); include
 * <microhttpd.h> first.  Only tw-sandbox uses these. */
#ifndef TW_SBMHD_H
#define TW_SBMHD_H

/* The filtered stream for sub; frees sub when the connection ends. */
/* fd is the connection's socket, to notice a client that left. */
struct MHD_Response *sb_mhd_stream(struct sb_sub *sub, int fd);
/* Content-Length len, but only half of data is sent before the
 * connection is closed.  Takes data. */
struct MHD_Response *sb_mhd_dropped(char *data, size_t len);

#endif
