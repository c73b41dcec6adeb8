/* sbmhd.c - tw-sandbox: the responses that need libmicrohttpd's content
 * callbacks: the filtered stream (posts as they are made, keep-alives,
 * disconnect and stall faults) and a body dropped halfway.  Only
 * tw-sandbox links this file. */
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include <microhttpd.h>

#include "sb.h"
#include "sbmhd.h"

struct streamctx {
	struct sb_sub *sub;
	tw_buf out;
	size_t off;
	long long next_ka, stall_until;
	int fd;
};

/* Has the client closed its end?  Writing does not tell at once (the
 * first write after the peer's FIN succeeds), reading does. */
static int
peer_gone(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLRDHUP, 0 };
	char c;

	if (fd < 0 || poll(&p, 1, 0) <= 0)
		return 0;
	if (p.revents & (POLLRDHUP | POLLHUP | POLLERR))
		return 1;
	return recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

static void
deadline(struct timespec *ts, long long ms_from_now)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms_from_now / 1000;
	ts->tv_nsec += (ms_from_now % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct streamctx *x = cls;
	struct sb_sub *s = x->sub;
	struct timespec ts;
	long long now, wait;
	size_t n;
	ssize_t rv;

	(void)pos;
	pthread_mutex_lock(&sb.mu);
	for (;;) {
		if (x->off < x->out.len) {
			n = x->out.len - x->off;
			if (n > max)
				n = max;
			memcpy(buf, x->out.s + x->off, n);
			x->off += n;
			rv = (ssize_t)n;
			break;
		}
		tw_buf_reset(&x->out);
		x->off = 0;
		if (sb.shutting) {
			rv = MHD_CONTENT_READER_END_OF_STREAM;
			break;
		}
		/* A probe comes first, even in a stall: a client that gave
		 * up on a silent stream is noticed only by writing to it. */
		if (s->probe) {
			s->probe = 0;
			if (peer_gone(x->fd)) {
				rv = MHD_CONTENT_READER_END_WITH_ERROR;
				break;
			}
			tw_buf_adds(&x->out, "\r\n");
			continue;
		}
		now = tw_now_ms();
		if (now < x->stall_until) {
			deadline(&ts, x->stall_until - now);
			pthread_cond_timedwait(&sb.cv, &sb.mu, &ts);
			continue;
		}
		if (s->nq) {
			if (sb.faults.stream_disconnect > 0 &&
			    s->sent >= sb.faults.stream_disconnect) {
				rv = MHD_CONTENT_READER_END_WITH_ERROR;
				break;
			}
			tw_buf_adds(&x->out, s->q[0]);
			tw_buf_adds(&x->out, "\r\n");
			free(s->q[0]);
			memmove(s->q, s->q + 1, --s->nq * sizeof *s->q);
			s->sent++;
			continue;
		}
		if (now >= x->next_ka) {
			x->next_ka = now + sb.faults.keepalive * 1000;
			tw_buf_adds(&x->out, "\r\n");
			continue;
		}
		wait = x->next_ka - now;
		deadline(&ts, wait);
		pthread_cond_timedwait(&sb.cv, &sb.mu, &ts);
	}
	pthread_mutex_unlock(&sb.mu);
	return rv;
}

static void
stream_free(void *cls)
{
	struct streamctx *x = cls;

	pthread_mutex_lock(&sb.mu);
	sb_sub_free(x->sub);
	pthread_mutex_unlock(&sb.mu);
	tw_buf_free(&x->out);
	free(x);
}

/* A connection dropped mid-body: Content-Length says all of it, half
 * is sent, then the connection is closed. */
struct dropctx {
	char *data;
	size_t len, half;
};

static ssize_t
drop_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct dropctx *d = cls;
	size_t n;

	if (pos >= d->half)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = d->half - (size_t)pos;
	if (n > max)
		n = max;
	memcpy(buf, d->data + pos, n);
	return (ssize_t)n;
}

static void
drop_free(void *cls)
{
	struct dropctx *d = cls;

	free(d->data);
	free(d);
}

struct MHD_Response *
sb_mhd_stream(struct sb_sub *sub, int fd)
{
	struct streamctx *x = xcalloc(1, sizeof *x);

	x->sub = sub;
	x->fd = fd;
	pthread_mutex_lock(&sb.mu);
	x->next_ka = tw_now_ms() + sb.faults.keepalive * 1000;
	if (sb.faults.stream_stall > 0) {
		x->stall_until = tw_now_ms() + sb.faults.stream_stall * 1000;
		sb.faults.stream_stall = 0;
	}
	pthread_mutex_unlock(&sb.mu);
	return MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	    stream_read, x, stream_free);
}

struct MHD_Response *
sb_mhd_dropped(char *data, size_t len)
{
	struct dropctx *d = xcalloc(1, sizeof *d);

	d->data = data;
	d->len = len;
	d->half = len / 2;
	return MHD_create_response_from_callback(len, 4096, drop_read, d,
	    drop_free);
}
