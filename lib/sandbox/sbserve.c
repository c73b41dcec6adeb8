/* sbserve.c - tw-sandbox's HTTP server: libmicrohttpd on a few
 * event-loop threads behind the door (sbdoor.c).  A request is
 * assembled within the limits on bodies, the fault dice are rolled, the
 * waits (latency, a full stream's probes, an answer held past the
 * client's timeout) park the connection (sbmhd.c), and the request goes
 * to the endpoints (sbapi.c) or the admin ones under the store's lock;
 * the answer, a dropped or malformed one, or the filtered stream goes
 * back.  Also the start: the store loaded, credentials made, the config
 * written; and the stop.
 *
 * Layer: HTTP glue, the top (lib/sandbox/README).  Calls every layer
 * below; only cmd/tw-sandbox.c calls it. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <microhttpd.h>

#include "sbserve.h"
#include "sbapi.h"
#include "sblog.h"
#include "sbmhd.h"
#include "sbparam.h"
#include "sbstore.h"
#include "timefmt.h"

/* Request bodies: one may hold BODY_MAX bytes, all of them together
 * body_cap (--body-cap); what a body takes is counted from its
 * Content-Length (or as it arrives, when chunked) under body_mu. */
#define BODY_MAX SB_BODY_MAX
#define POOL_THREADS 4
/* libmicrohttpd's memory for one connection: room for the largest head
 * the door lets in (sbdoor.c), its parameters and headers, and the
 * answer's head. */
#define CONN_MEMORY (128 * 1024)
static pthread_mutex_t body_mu = PTHREAD_MUTEX_INITIALIZER;
static size_t body_held, body_cap = 256UL * 1024 * 1024;
static const char *state_path;          /* --state-file */

/* What a request goes through once its body is in: a latency fault, the
 * probes of a full stream, the answer itself, an answer held past the
 * client's timeout.  Each wait parks the connection (sbmhd.c). */
enum { P_START, P_PROBE1, P_PROBE2, P_SERVE, P_ANSWER };

struct conn {
	char *uri;
	tw_buf body;
	size_t held;            /* bytes of body_cap taken */
	int started, toobig, declared, phase, flt;
	long long t0;
	struct sb_resp w;
	struct sb_park park;
};

static void
body_release(struct conn *k)
{
	pthread_mutex_lock(&body_mu);
	body_held -= k->held;
	k->held = 0;
	pthread_mutex_unlock(&body_mu);
}

/* Take n more bytes of the shared cap for k; 0, or -1 when they do not
 * fit (in one body or in all of them). */
static int
body_take(struct conn *k, size_t n)
{
	int ok;

	if (n > (size_t)BODY_MAX - k->held)
		return -1;
	pthread_mutex_lock(&body_mu);
	ok = n <= body_cap - body_held;
	if (ok) {
		body_held += n;
		k->held += n;
	}
	pthread_mutex_unlock(&body_mu);
	return ok ? 0 : -1;
}

/* The body will not be kept: give back its memory and its share. */
static void
body_drop(struct conn *k)
{
	k->toobig = 1;
	tw_buf_free(&k->body);
	body_release(k);
}

static void *
uri_cb(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct conn *k = xcalloc(1, sizeof *k);

	(void)cls;
	(void)c;
	k->uri = xstrdup(uri ? uri : "/");
	return k;
}

static void
completed(void *cls, struct MHD_Connection *c, void **cc,
    enum MHD_RequestTerminationCode toe)
{
	struct conn *k = *cc;

	(void)cls;
	(void)c;
	(void)toe;
	if (k) {
		sb_mhd_unpark(&k->park);
		body_release(k);
		if (k->w.sub) {         /* a stream never answered */
			pthread_mutex_lock(&sb.mu);
			sb_sub_free(k->w.sub);
			pthread_mutex_unlock(&sb.mu);
		}
		free(k->uri);
		tw_buf_free(&k->body);
		tw_buf_free(&k->w.body);
		tw_kvs_free(&k->w.headers);
		free(k);
		*cc = NULL;
	}
}

/* The dice behind the faults: xorshift64*, reproducible from --seed;
 * under sb.mu. */
static uint32_t
dice(void)
{
	sb.rng ^= sb.rng >> 12;
	sb.rng ^= sb.rng << 25;
	sb.rng ^= sb.rng >> 27;
	return (uint32_t)((sb.rng * 0x2545f4914f6cdd1dULL) >> 32);
}

/* Roll the dice for an API request: 0, or the fault that happens.  A
 * timeout only hits writes, where not knowing the outcome matters. */
static int
fault(int write)
{
	const struct sb_faults *f = &sb.faults;

	if (f->p5xx && (int)(dice() % 100) < f->p5xx)
		return 503;
	if (f->p429 && (int)(dice() % 100) < f->p429)
		return 429;
	if (f->pdrop && (int)(dice() % 100) < f->pdrop)
		return 'd';
	if (f->pmalformed && (int)(dice() % 100) < f->pmalformed)
		return 'm';
	if (write && f->ptimeout && (int)(dice() % 100) < f->ptimeout)
		return 't';
	return 0;
}

static void
fault_answer(struct sb_resp *w, int f)
{
	char buf[32];

	if (f == 503) {
		sb_problem(w, 503, "about:blank", "Service Unavailable",
		    "Service Unavailable");
		return;
	}
	tw_kvs_set(&w->headers, "x-rate-limit-limit", "1");
	tw_kvs_set(&w->headers, "x-rate-limit-remaining", "0");
	snprintf(buf, sizeof buf, "%lld", (long long)time(NULL) + 5);
	tw_kvs_set(&w->headers, "x-rate-limit-reset", buf);
	sb_problem(w, 429, "about:blank", "Too Many Requests",
	    "Too Many Requests");
}

static void
serve(struct MHD_Connection *c, const char *method, const char *path,
    struct conn *k, struct sb_resp *w)
{
	struct sb_req r;
	const char *q = strchr(k->uri, '?');

	memset(&r, 0, sizeof r);
	r.method = method;
	r.path = path;
	r.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	r.ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Content-Type");
	r.auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Authorization");
	r.body = k->body.s;
	r.bodylen = k->body.len;
	sb_req_params(&r, q ? q + 1 : NULL);
	pthread_mutex_lock(&sb.mu);
	if (k->flt == 503 || k->flt == 429)     /* rolled for /2/ only */
		fault_answer(w, k->flt);
	else
		sb_route(&r, w);
	if (sb.dirty && state_path)
		sb_save(state_path);
	pthread_mutex_unlock(&sb.mu);
	tw_kvs_free(&r.query);
	tw_kvs_free(&r.form);
}

/* Go on to phase next after ms milliseconds: 1 when the connection is
 * parked until then, 0 to go on now (no wait, or the server stops). */
static int
wait_then(struct MHD_Connection *c, struct conn *k, long ms, int next)
{
	k->phase = next;
	return ms > 0 && sb_mhd_park(&k->park, c, tw_now_ms() + ms) == 0;
}

/* A stream connection whose client went away is noticed only when
 * something is written: probe them all (under sb.mu). */
static void
probe_streams(void)
{
	struct sb_sub *s;

	for (s = sb.subs; s; s = s->next) {
		s->probe = 1;
		if (sb.wake)
			sb.wake(s);
	}
}

static enum MHD_Result
answer(struct MHD_Connection *c, struct conn *k, const char *method,
    const char *url)
{
	struct sb_resp *w = &k->w;
	struct MHD_Response *resp;
	const union MHD_ConnectionInfo *ci;
	enum MHD_Result ret;
	size_t i, len;

	if (w->sub) {
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		resp = sb_mhd_stream(w->sub, c, ci ? ci->connect_fd : -1);
		w->sub = NULL;
	} else if (k->flt == 'd' && w->body.len > 1) {
		len = w->body.len;
		resp = sb_mhd_dropped(tw_buf_steal(&w->body), len);
	} else {
		if (k->flt == 'm' && w->body.len > 1)
			w->body.len /= 2;
		resp = MHD_create_response_from_buffer(w->body.len,
		    w->body.s ? w->body.s : (char *)"", MHD_RESPMEM_MUST_COPY);
	}
	if (w->ctype)
		MHD_add_response_header(resp, "Content-Type", w->ctype);
	/* the next request comes through the door on a new connection */
	MHD_add_response_header(resp, "Connection", "close");
	for (i = 0; i < w->headers.n; i++)
		MHD_add_response_header(resp, w->headers.v[i].key,
		    w->headers.v[i].val);
	ret = MHD_queue_response(c, (unsigned)w->status, resp);
	MHD_destroy_response(resp);
	if (sb.verbose)
		sb_log("%s %s %d %lldms%s", method, url, w->status,
		    tw_now_ms() - k->t0, k->flt == 'd' ? " (dropped)" :
		    k->flt == 'm' ? " (malformed)" : k->flt == 't' ? " (late)" :
		    "");
	tw_buf_free(&w->body);
	tw_kvs_free(&w->headers);
	return ret;
}

static void
too_big(struct sb_resp *w)
{
	sb_problem(w, 413, "about:blank", "Payload Too Large",
	    "Payload Too Large");
}

/* Called when the head is in (a body is then refused at once when its
 * Content-Length does not fit), with each piece of the body, and once
 * the body is in; then again after every wait. */
static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upsize, void **cc)
{
	struct conn *k = *cc;
	const char *cl;
	unsigned long long n;
	char *end;
	long lat;
	int full;

	(void)cls;
	(void)version;
	if (!k->started) {
		k->started = 1;
		k->t0 = tw_now_ms();
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    "Content-Length");
		if (cl && *cl) {
			errno = 0;
			n = strtoull(cl, &end, 10);
			if (errno || *end || n > (unsigned long long)BODY_MAX ||
			    body_take(k, (size_t)n) < 0) {
				body_drop(k);
				too_big(&k->w);
				return answer(c, k, method, url);
			}
			k->declared = 1;
			if (n) {
				k->body.s = xmalloc((size_t)n + 1);
				k->body.cap = (size_t)n + 1;
				k->body.s[0] = 0;
			}
		}
		return MHD_YES;
	}
	if (*upsize) {
		if (k->toobig)
			;
		else if (k->declared ? k->body.len + *upsize > k->held :
		    body_take(k, *upsize) < 0)
			body_drop(k);
		else
			tw_buf_add(&k->body, upload, *upsize);
		*upsize = 0;
		return MHD_YES;
	}
	for (;;) {
		switch (k->phase) {
		case P_START:
			if (k->toobig) {
				too_big(&k->w);
				k->phase = P_ANSWER;
				break;
			}
			if (strncmp(url, "/2/", 3) != 0) {
				k->phase = P_SERVE;
				break;
			}
			pthread_mutex_lock(&sb.mu);
			lat = sb.faults.latency_ms;
			k->flt = fault(strcmp(method, "POST") == 0);
			pthread_mutex_unlock(&sb.mu);
			if (wait_then(c, k, lat, P_PROBE1))
				return MHD_YES;
			break;
		case P_PROBE1:
			k->phase = P_SERVE;
			if (strcmp(url, "/2/tweets/search/stream") != 0)
				break;
			pthread_mutex_lock(&sb.mu);
			full = sb.nsubs >= sb.stream_max;
			if (full)
				probe_streams();
			pthread_mutex_unlock(&sb.mu);
			if (full && wait_then(c, k, 200, P_PROBE2))
				return MHD_YES;
			break;
		case P_PROBE2:
			pthread_mutex_lock(&sb.mu);
			probe_streams();
			pthread_mutex_unlock(&sb.mu);
			if (wait_then(c, k, 300, P_SERVE))
				return MHD_YES;
			break;
		case P_SERVE:
			serve(c, method, url, k, &k->w);
			tw_buf_free(&k->body);
			body_release(k);
			/* done, but answered after the client gave up */
			if (wait_then(c, k, k->flt == 't' ?
			    sb.faults.timeout_ms : 0, P_ANSWER))
				return MHD_YES;
			break;
		default:
			return answer(c, k, method, url);
		}
	}
}

/* Room for n connections served and n more whose head is arriving
 * (and the sandbox's own files): raise the soft limit on open files as
 * far as the hard one allows; fewer connections when that is not
 * enough. */
static long
fd_room(long n)
{
	struct rlimit rl;
	rlim_t want = 2 * (rlim_t)n + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return n;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
		    rl.rlim_max > want ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want)
		n = rl.rlim_cur > 96 ? ((long)rl.rlim_cur - 64) / 2 : 16;
	return n;
}

static struct MHD_Daemon *httpd;

/* The store as the options say: the state file when there is one, else
 * the seed file or the built-in seed, with synthetic mentions; fresh
 * credentials.  0, or -1 after a warning. */
static int
boot(const struct sb_serve *o)
{
	int fromstate = 0;

	if (o->state_file && access(o->state_file, F_OK) == 0) {
		if (sb_load_file(o->state_file) < 0)
			return -1;
		fromstate = 1;
	} else if (o->load) {
		if (sb_load_file(o->load) < 0)
			return -1;
	} else {
		sb_load_builtin();
	}
	if (!sb.brand) {
		sb_log("%s: no {\"type\":\"account\"} line",
		    fromstate ? o->state_file : o->load);
		return -1;
	}
	if (!fromstate)
		sb_synthetic(o->mentions);
	sb_creds_random();
	return 0;
}

/* SIGINT, SIGTERM and SIGHUP: blocked in every thread, taken by
 * sb_serve_wait. */
static sigset_t stops;

int
sb_serve_start(const struct sb_serve *o, char **base)
{
	struct sockaddr_in sin;
	unsigned bound = 0;
	long maxconn;
	int lfd;

	/* before the server's threads start, which inherit the mask */
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stops, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (o->seed >= 0)
		sb.rng = (uint64_t)o->seed * 2654435761ULL +
		    0x9e3779b97f4a7c15ULL;
	sb_rate_override(o->rate_limit, o->rate_window);
	body_cap = (size_t)o->body_cap << 20;
	state_path = o->state_file;
	if (boot(o) < 0)
		return TW_EXIT_CONFIG;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->bind, &sin.sin_addr) != 1) {
		sb_log("-b: '%s' is not an IPv4 address", o->bind);
		return TW_EXIT_USAGE;
	}
	maxconn = fd_room(o->max_conn);
	if ((lfd = sb_door_listen(&sin, &bound)) < 0)
		tw_die(TW_EXIT_API, "cannot listen on %s port %ld", o->bind,
		    o->port);
	sb_mhd_init();
	/* A few event-loop threads (epoll on Linux), not a thread per
	 * connection: an idle or half-sent connection costs a socket and a
	 * little memory, never a thread, and is closed after --timeout
	 * seconds without traffic.  Nothing in a handler or a content
	 * reader sleeps: waits park the connection (sbmhd.c), and a parked
	 * connection does not time out.  Connections come from the door
	 * (sbdoor.c), which has checked their request head. */
	httpd = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD |
	    MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL,
	    handler, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL_THREADS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)maxconn,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_cb, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	if (!httpd)
		tw_die(TW_EXIT_API, "cannot start the HTTP server");
	sb_door_start(httpd, lfd, o->timeout, maxconn);
	*base = xasprintf("http://%s:%u", strcmp(o->bind, "0.0.0.0") == 0 ?
	    "127.0.0.1" : o->bind, bound);
	if (o->config && sb_config_write(o->config, *base) < 0)
		return TW_EXIT_CONFIG;
	if (state_path) {
		pthread_mutex_lock(&sb.mu);
		sb_save(state_path);
		pthread_mutex_unlock(&sb.mu);
	}
	return TW_EXIT_OK;
}

int
sb_serve_wait(void)
{
	int sig = SIGTERM;

	do {
		if (sigwait(&stops, &sig) != 0)
			return SIGTERM;
	} while (sig == SIGHUP);
	return sig;
}

int
sb_serve_stop(void)
{
	sb_door_stop();
	pthread_mutex_lock(&sb.mu);
	sb.shutting = 1;
	pthread_mutex_unlock(&sb.mu);
	sb_mhd_shutdown();      /* none may stay suspended */
	MHD_stop_daemon(httpd);
	httpd = NULL;
	return state_path ? sb_save(state_path) : 0;
}
