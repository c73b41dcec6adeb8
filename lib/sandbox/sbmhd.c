/* sbmhd.c - tw-sandbox: the libmicrohttpd parts that wait.  Nothing
 * here blocks a thread: the server runs a small pool of event-loop
 * threads, so a connection that has to wait (a latency fault, an answer
 * held past the client's timeout, a filtered stream with nothing to send)
 * is suspended ("parked") and resumed by the timer thread below or by a
 * post for its stream.  Also the responses that need content callbacks:
 * the filtered stream (posts as they are made, keep-alives, disconnect
 * and stall faults) and a body dropped halfway.
 *
 * Layer: HTTP glue (lib/sandbox/README).  Calls the store; is called
 * back from below only through sb.wake. */
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include <microhttpd.h>

#include "sbmhd.h"
#include "sbstore.h"
#include "timefmt.h"

/* The parked connections, under park_mu (taken after sb.mu, never
 * before it). */
static pthread_mutex_t park_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t park_cv = PTHREAD_COND_INITIALIZER;
static struct sb_park *parked;
static int closing;
static pthread_t timer;
static int timer_on;

static void
park_remove(struct sb_park *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		parked = p->next;
	if (p->next)
		p->next->prev = p->prev;
	p->prev = p->next = NULL;
	p->parked = 0;
}

/* under park_mu */
static void
resume(struct sb_park *p)
{
	park_remove(p);
	MHD_resume_connection(p->c);
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

/* Resume what is due; sleep until the next time or a new park. */
static void *
timer_main(void *arg)
{
	struct sb_park *p, *next;
	struct timespec ts;
	long long now, first;

	(void)arg;
	pthread_mutex_lock(&park_mu);
	while (!closing) {
		now = tw_now_ms();
		first = 0;
		for (p = parked; p; p = next) {
			next = p->next;
			if (!p->until)
				continue;
			if (p->until <= now)
				resume(p);
			else if (!first || p->until < first)
				first = p->until;
		}
		if (first) {
			deadline(&ts, first - now);
			pthread_cond_timedwait(&park_cv, &park_mu, &ts);
		} else {
			pthread_cond_wait(&park_cv, &park_mu);
		}
	}
	pthread_mutex_unlock(&park_mu);
	return NULL;
}

void
sb_mhd_init(void)
{
	if (pthread_create(&timer, NULL, timer_main, NULL) != 0)
		tw_die(TW_EXIT_API, "cannot start the timer thread");
	timer_on = 1;
}

int
sb_mhd_park(struct sb_park *p, struct MHD_Connection *c, long long until)
{
	pthread_mutex_lock(&park_mu);
	if (closing || p->parked) {
		pthread_mutex_unlock(&park_mu);
		return -1;
	}
	p->c = c;
	p->until = until;
	MHD_suspend_connection(c);
	p->prev = NULL;
	p->next = parked;
	if (parked)
		parked->prev = p;
	parked = p;
	p->parked = 1;
	if (until)
		pthread_cond_signal(&park_cv);
	pthread_mutex_unlock(&park_mu);
	return 0;
}

void
sb_mhd_wake(struct sb_park *p)
{
	pthread_mutex_lock(&park_mu);
	if (p->parked)
		resume(p);
	pthread_mutex_unlock(&park_mu);
}

void
sb_mhd_unpark(struct sb_park *p)
{
	pthread_mutex_lock(&park_mu);
	if (p->parked)
		park_remove(p);
	pthread_mutex_unlock(&park_mu);
}

void
sb_mhd_shutdown(void)
{
	pthread_mutex_lock(&park_mu);
	closing = 1;
	while (parked)
		resume(parked);
	pthread_cond_signal(&park_cv);
	pthread_mutex_unlock(&park_mu);
	if (timer_on)
		pthread_join(timer, NULL);
	timer_on = 0;
}

struct streamctx {
	struct sb_sub *sub;
	tw_buf out;
	size_t off;
	long long next_ka, stall_until;
	int fd;
	struct sb_park park;
	struct MHD_Connection *c;
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

/* Called by libmicrohttpd when it can send: the next bytes, or 0 after
 * parking the connection until there is something to send (a post, a
 * keep-alive, the end of a stall). */
static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct streamctx *x = cls;
	struct sb_sub *s = x->sub;
	long long now;
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
			/* parked under sb.mu: a probe's wake cannot be lost */
			rv = sb_mhd_park(&x->park, x->c, x->stall_until) == 0 ?
			    0 : MHD_CONTENT_READER_END_OF_STREAM;   /* stopping */
			break;
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
		rv = sb_mhd_park(&x->park, x->c, x->next_ka) == 0 ? 0 :
		    MHD_CONTENT_READER_END_OF_STREAM;
		break;
	}
	pthread_mutex_unlock(&sb.mu);
	return rv;
}

static void
stream_free(void *cls)
{
	struct streamctx *x = cls;

	pthread_mutex_lock(&sb.mu);
	sb_sub_free(x->sub);    /* no wake reaches x->park after this */
	pthread_mutex_unlock(&sb.mu);
	sb_mhd_unpark(&x->park);
	tw_buf_free(&x->out);
	free(x);
}

/* sb.wake: a post (or a probe) for the stream s, under sb.mu */
static void
stream_wake(struct sb_sub *s)
{
	if (s->wake)
		sb_mhd_wake(s->wake);
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
sb_mhd_stream(struct sb_sub *sub, struct MHD_Connection *c, int fd)
{
	struct streamctx *x = xcalloc(1, sizeof *x);

	x->sub = sub;
	x->fd = fd;
	x->c = c;
	pthread_mutex_lock(&sb.mu);
	sub->wake = &x->park;
	sb.wake = stream_wake;
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
