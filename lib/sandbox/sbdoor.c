/* sbdoor.c - tw-sandbox: the door in front of libmicrohttpd.
 *
 * libmicrohttpd 0.9.75 answers a request it cannot parse (a bad request
 * line, an HTTP version it does not speak, a header line without a
 * colon, a head or a URI too long for its buffer, a bad Content-Length
 * or chunked body) itself, with an HTML page, before any callback of
 * ours runs.  So the sandbox accepts connections itself: one thread
 * reads each request head with MSG_PEEK (the bytes stay in the socket),
 * checks it at least as strictly as libmicrohttpd would, answers what it
 * refuses with a JSON problem, and hands a good connection over with
 * MHD_add_connection(), where libmicrohttpd reads the same bytes.  Every
 * answer closes its connection, so every request comes through here.
 *
 * Heads still arriving wait in an epoll set, each up to the connection
 * timeout; they cost a socket and a few bytes here, no thread and no
 * buffer.
 *
 * Layer: HTTP glue (lib/sandbox/README).  Calls the store layer and
 * sbanswer.c (a refusal is a problem JSON). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "sbmhd.h"
#include "sblog.h"
#include "sbstore.h"
#include "timefmt.h"

/* What a connection may be waiting for here. */
struct pend {
	int fd;
	int closing;            /* answered: reading what is left, to EOF */
	long long until;        /* ms; then it is closed */
	struct sockaddr_storage sa;
	socklen_t salen;
	struct pend *prev, *next;
};

/* One list per kind, each in the order of its deadlines (all of one
 * kind wait as long). */
struct plist {
	struct pend *head, *tail;
	long n;
};

static struct {
	struct MHD_Daemon *d;
	int lfd, ep, evfd, listening;
	long timeout_ms, maxpend, maxconn;
	long long pause_until;  /* out of files: accept nothing till then */
	struct plist heads, closing;
	pthread_t th;
	int on;
} door;

static char peekbuf[SB_HEAD_MAX + 1];

static void
plist_add(struct plist *l, struct pend *p)
{
	p->prev = l->tail;
	p->next = NULL;
	if (l->tail)
		l->tail->next = p;
	else
		l->head = p;
	l->tail = p;
	l->n++;
}

static void
plist_del(struct plist *l, struct pend *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		l->head = p->next;
	if (p->next)
		p->next->prev = p->prev;
	else
		l->tail = p->prev;
	l->n--;
}

static void
drop(struct pend *p)
{
	plist_del(p->closing ? &door.closing : &door.heads, p);
	epoll_ctl(door.ep, EPOLL_CTL_DEL, p->fd, NULL);
	close(p->fd);
	free(p);
}

static int
tchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static const char *
reason(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 411: return "Length Required";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	}
	return "Error";
}

static int
refuse(struct sb_resp *w, int status, const char *detail)
{
	sb_problem(w, status, "about:blank", reason(status), detail);
	return -1;
}

/* Is h[0..n) a head the sandbox takes?  0, or -1 with the problem in w.
 * meth and tgt get the method and target (cut short) for the log. */
int
sb_head_check(const char *h, size_t n, struct sb_resp *w, char *meth,
    size_t mcap, char *tgt, size_t tcap)
{
	const char *p = h, *end = h + n, *eol, *sp, *t, *v, *q;
	size_t len, k, records = 0, ncl = 0;
	unsigned long long cl = 0;
	int first = 1;

	snprintf(meth, mcap, "-");
	snprintf(tgt, tcap, "-");
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		len = (size_t)(eol - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (memchr(p, '\r', len) || memchr(p, '\0', len))
			return refuse(w, 400, "A line of the request has a "
			    "stray CR or NUL");
		if (first) {
			first = 0;
			if (len > SB_URI_MAX + 32)
				return refuse(w, 414, "The request line is longer "
				    "than the sandbox takes");
			for (k = 0; k < len && tchar((unsigned char)p[k]); k++)
				;
			if (!k || k >= len || p[k] != ' ')
				return refuse(w, 400, "The request line is not "
				    "METHOD SP TARGET SP HTTP-VERSION");
			snprintf(meth, mcap, "%.*s", (int)k, p);
			t = p + k + 1;
			sp = memchr(t, ' ', (size_t)(p + len - t));
			if (!sp || sp == t)
				return refuse(w, 400, "The request line is not "
				    "METHOD SP TARGET SP HTTP-VERSION");
			/* for the log: the path, never the query, which
			 * may hold a login's token or code */
			q = memchr(t, '?', (size_t)(sp - t));
			snprintf(tgt, tcap, "%.*s%s", (int)((q ? q : sp) - t), t,
			    q ? "?..." : "");
			for (q = t; q < sp; q++)
				if ((unsigned char)*q < 0x20 || *q == 0x7f)
					return refuse(w, 400, "The request target "
					    "has a control character");
			if ((size_t)(sp - t) > SB_URI_MAX)
				return refuse(w, 414, "The request target is "
				    "longer than the sandbox takes");
			v = sp + 1;
			k = (size_t)(p + len - v);
			if (k != 8 || strncmp(v, "HTTP/", 5) != 0 ||
			    v[5] < '0' || v[5] > '9' || v[6] != '.' ||
			    v[7] < '0' || v[7] > '9')
				return refuse(w, 400, "The request line is not "
				    "METHOD SP TARGET SP HTTP-VERSION");
			if (v[5] != '1')
				return refuse(w, 505, "The sandbox speaks HTTP/1.0 "
				    "and HTTP/1.1");
			if ((q = memchr(t, '?', (size_t)(sp - t))))
				for (records++; q < sp; q++)
					records += *q == '&';
		} else if (len == 0) {
			break;                  /* the end of the head */
		} else {
			if (p[0] == ' ' || p[0] == '\t')
				return refuse(w, 400, "A header line is folded");
			for (k = 0; k < len && tchar((unsigned char)p[k]); k++)
				;
			if (!k || k >= len || p[k] != ':')
				return refuse(w, 400, "A header line is not "
				    "NAME: VALUE");
			v = p + k + 1;
			for (q = v; q < p + len; q++)
				if (((unsigned char)*q < 0x20 && *q != '\t') ||
				    *q == 0x7f)
					return refuse(w, 400, "A header value has "
					    "a control character");
			records++;
			while (v < p + len && (*v == ' ' || *v == '\t'))
				v++;
			/* libmicrohttpd reads a value from there to the end
			 * of the line: a number with a space after is not a
			 * number to it */
			len = (size_t)(p + len - v);
			if (k == 14 && strncasecmp(p, "Content-Length", 14) == 0) {
				if (ncl++ || !len || len > 18 ||
				    strspn(v, "0123456789") < len)
					return refuse(w, 400, "The Content-Length "
					    "is not one number");
				cl = strtoull(v, NULL, 10);
			} else if (k == 17 &&
			    strncasecmp(p, "Transfer-Encoding", 17) == 0) {
				while (len && (v[len - 1] == ' ' ||
				    v[len - 1] == '\t'))
					len--;
				if (len == 7 && strncasecmp(v, "chunked", 7) == 0)
					return refuse(w, 411, "The sandbox takes a "
					    "body with a Content-Length, not "
					    "chunked");
				return refuse(w, 501, "The sandbox takes no "
				    "Transfer-Encoding");
			} else if (k == 6 && strncasecmp(p, "Cookie", 6) == 0) {
				for (q = v; q < v + len; q++)
					records += *q == ';';
			}
		}
		p = eol + 1;
	}
	if (first)
		return refuse(w, 400, "The request is empty");
	if (records > SB_RECORDS_MAX)
		return refuse(w, 431, "The request has more parameters, "
		    "headers and cookies than the sandbox takes");
	if (cl > (unsigned long long)SB_BODY_MAX)
		return refuse(w, 413, "Payload Too Large");
	return 0;
}

/* The length of the head in b[0..n) (to its empty line), or 0. */
static size_t
head_len(const char *b, size_t n)
{
	const char *p = b, *e;

	while ((e = memchr(p, '\n', (size_t)(b + n - p)))) {
		if (e + 1 < b + n && e[1] == '\n')
			return (size_t)(e + 2 - b);
		if (e + 2 < b + n && e[1] == '\r' && e[2] == '\n')
			return (size_t)(e + 3 - b);
		p = e + 1;
	}
	return 0;
}

/* Answer with w's problem and close: the head is read, the rest drained
 * for a moment so the answer is not lost to a reset. */
static void
answer(struct pend *p, struct sb_resp *w, size_t consumed, const char *meth,
    const char *tgt)
{
	tw_buf out = { 0 };
	char scratch[4096];
	ssize_t r;
	size_t k;

	if (sb.verbose)
		sb_log("%s %.200s %d (at the door)", meth, tgt, w->status);
	tw_buf_printf(&out, "HTTP/1.1 %d %s\r\nContent-Type: "
	    "application/problem+json\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n", w->status, reason(w->status),
	    w->body.len);
	tw_buf_add(&out, w->body.s, w->body.len);
	while (consumed > 0) {
		k = consumed < sizeof scratch ? consumed : sizeof scratch;
		if ((r = recv(p->fd, scratch, k, MSG_DONTWAIT)) <= 0)
			break;
		consumed -= (size_t)r;
	}
	if (send(p->fd, out.s, out.len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		tw_buf_free(&out);
		drop(p);
		return;
	}
	tw_buf_free(&out);
	shutdown(p->fd, SHUT_WR);
	plist_del(&door.heads, p);
	p->closing = 1;
	p->until = tw_now_ms() + 2000;
	plist_add(&door.closing, p);
}

static void
refuse_now(struct pend *p, int status, const char *detail, size_t consumed)
{
	struct sb_resp w;

	memset(&w, 0, sizeof w);
	sb_problem(&w, status, "about:blank", reason(status), detail);
	answer(p, &w, consumed, "-", "-");
	tw_buf_free(&w.body);
	tw_kvs_free(&w.headers);
}

/* Something arrived on p. */
static void
readable(struct pend *p)
{
	const union MHD_DaemonInfo *di;
	struct sb_resp w;
	char meth[32], tgt[256];
	const char *eol;
	ssize_t n;
	size_t hl;

	if (p->closing) {
		while ((n = recv(p->fd, peekbuf, sizeof peekbuf, MSG_DONTWAIT)) > 0)
			;
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			drop(p);
		return;
	}
	n = recv(p->fd, peekbuf, sizeof peekbuf, MSG_PEEK | MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR)) {
		drop(p);
		return;
	}
	if (n < 0)
		return;
	hl = head_len(peekbuf, (size_t)n);
	if (!hl) {
		eol = memchr(peekbuf, '\n', (size_t)n);
		if ((size_t)n <= SB_HEAD_MAX)
			return;         /* more is on its way */
		if (!eol || eol - peekbuf > SB_URI_MAX + 32)
			refuse_now(p, 414, "The request line is longer than "
			    "the sandbox takes", (size_t)n);
		else
			refuse_now(p, 431, "The request head is longer than "
			    "the sandbox takes", (size_t)n);
		return;
	}
	memset(&w, 0, sizeof w);
	if (sb_head_check(peekbuf, hl, &w, meth, sizeof meth, tgt,
	    sizeof tgt) < 0) {
		answer(p, &w, hl, meth, tgt);
		tw_buf_free(&w.body);
		tw_kvs_free(&w.headers);
		return;
	}
	di = MHD_get_daemon_info(door.d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	if (di && (long)di->num_connections >= door.maxconn) {
		refuse_now(p, 503, "The sandbox serves as many connections as "
		    "it may (--max-connections)", hl);
		return;
	}
	/* libmicrohttpd owns the socket from here, and closes it on error */
	epoll_ctl(door.ep, EPOLL_CTL_DEL, p->fd, NULL);
	plist_del(&door.heads, p);
	MHD_add_connection(door.d, p->fd, (struct sockaddr *)&p->sa, p->salen);
	free(p);
}

static void
listening(int on)
{
	struct epoll_event ev;

	if (on == door.listening)
		return;
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.ptr = &door.lfd;
	epoll_ctl(door.ep, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, door.lfd, &ev);
	door.listening = on;
}

static void
accept_all(void)
{
	struct epoll_event ev;
	struct pend *p;
	int fd;

	while (door.heads.n + door.closing.n < door.maxpend) {
		p = xcalloc(1, sizeof *p);
		p->salen = sizeof p->sa;
		fd = accept4(door.lfd, (struct sockaddr *)&p->sa, &p->salen,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			/* no file to spare: stop listening a moment rather
			 * than spin on a listening socket that stays ready */
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				door.pause_until = tw_now_ms() + 100;
			free(p);
			return;
		}
		p->fd = fd;
		p->until = door.timeout_ms ? tw_now_ms() + door.timeout_ms : 0;
		plist_add(&door.heads, p);
		memset(&ev, 0, sizeof ev);
		ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
		ev.data.ptr = p;
		if (epoll_ctl(door.ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
			plist_del(&door.heads, p);
			close(fd);
			free(p);
			continue;
		}
		readable(p);    /* what came before it was watched */
	}
}

/* Close what waited too long; the ms until the next deadline, or -1. */
static int
expire(void)
{
	long long now = tw_now_ms(), next = 0;

	while (door.heads.head && door.heads.head->until &&
	    door.heads.head->until <= now)
		drop(door.heads.head);
	while (door.closing.head && door.closing.head->until <= now)
		drop(door.closing.head);
	if (door.heads.head && door.heads.head->until)
		next = door.heads.head->until;
	if (door.closing.head && (!next || door.closing.head->until < next))
		next = door.closing.head->until;
	return next ? (int)(next - now) + 1 : -1;
}

static void *
door_main(void *arg)
{
	struct epoll_event ev[64];
	long long now;
	int i, n, wait;

	(void)arg;
	for (;;) {
		now = tw_now_ms();
		listening(door.heads.n + door.closing.n < door.maxpend &&
		    now >= door.pause_until);
		wait = expire();
		if (now < door.pause_until &&
		    (wait < 0 || wait > door.pause_until - now))
			wait = (int)(door.pause_until - now);
		n = epoll_wait(door.ep, ev, 64, wait);
		for (i = 0; i < n; i++) {
			if (ev[i].data.ptr == &door.evfd)
				return NULL;
			if (ev[i].data.ptr == &door.lfd)
				accept_all();
			else
				readable(ev[i].data.ptr);
		}
	}
}

int
sb_door_listen(const struct sockaddr_in *sin, unsigned *port)
{
	struct sockaddr_in got;
	socklen_t len = sizeof got;
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (const struct sockaddr *)sin, sizeof *sin) < 0 ||
	    listen(fd, 1024) < 0 ||
	    getsockname(fd, (struct sockaddr *)&got, &len) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(got.sin_port);
	return fd;
}

void
sb_door_start(struct MHD_Daemon *d, int lfd, long timeout_s, long maxconn)
{
	struct epoll_event ev;

	door.d = d;
	door.lfd = lfd;
	door.timeout_ms = timeout_s * 1000;
	door.maxconn = maxconn;
	door.maxpend = maxconn;
	door.ep = epoll_create1(EPOLL_CLOEXEC);
	door.evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (door.ep < 0 || door.evfd < 0)
		tw_die(TW_EXIT_API, "epoll: %s", strerror(errno));
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.ptr = &door.evfd;
	epoll_ctl(door.ep, EPOLL_CTL_ADD, door.evfd, &ev);
	if (pthread_create(&door.th, NULL, door_main, NULL) != 0)
		tw_die(TW_EXIT_API, "cannot start the door thread");
	door.on = 1;
}

void
sb_door_stop(void)
{
	uint64_t one = 1;

	if (!door.on)
		return;
	if (write(door.evfd, &one, sizeof one) < 0)
		tw_warn("door: %s", strerror(errno));
	pthread_join(door.th, NULL);
	door.on = 0;
	while (door.heads.head)
		drop(door.heads.head);
	while (door.closing.head)
		drop(door.closing.head);
	close(door.lfd);
	close(door.evfd);
	close(door.ep);
}
