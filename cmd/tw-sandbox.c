/* tw-sandbox - a local X API v2 server for demos, onboarding and tests.
 *
 * This file is the HTTP glue (libmicrohttpd, a few event-loop threads):
 * it collects a request within the limits on bodies, applies the faults
 * asked for, hands the request to lib/sandbox/sbapi.c or the admin endpoints
 * under the store's lock, and streams the filtered stream.  The API
 * itself lives in lib/sandbox/sb*.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "sandbox/sbapi.h"
#include "sandbox/sblog.h"
#include "sandbox/sbmhd.h"
#include "sandbox/sbstore.h"
#include "tw.h"

enum {
	O_STATE = 256, O_NOW, O_MENTIONS, O_MENTION_CAP, O_RATE_WINDOW,
	O_RATE_LIMIT, O_USAGE_CAP, O_SEED, O_LATENCY, O_F5XX, O_F429, O_FDROP,
	O_FMALFORMED, O_FTIMEOUT, O_SDISCONNECT, O_SSTALL, O_KEEPALIVE, O_STREAM_MAX,
	O_TIMEOUT, O_MAX_CONN, O_BODY_CAP
};

static const struct tw_option opts[] = {
	{ 'b', "bind", "ADDR", "listen on ADDR (default 127.0.0.1)" },
	{ 'C', "config", "FILE", "write a tw config for the account to FILE" },
	{ 'd', "data", "FILE", "load the seed from FILE instead of the built-in one" },
	{ 'p', "port", "PORT", "listen on PORT (0: a free one)" },
	{ 'v', "verbose", NULL, "log one line per request on stderr" },
	{ O_BODY_CAP, "body-cap", "MB", "request bodies held at once, in all (256)" },
	{ O_F429, "fault-429", "PCT", "answer PCT% of API requests with 429" },
	{ O_F5XX, "fault-5xx", "PCT", "answer PCT% of API requests with 503" },
	{ O_FDROP, "fault-drop", "PCT", "drop PCT% of connections mid-body" },
	{ O_FMALFORMED, "fault-malformed", "PCT", "truncate PCT% of JSON bodies" },
	{ O_FTIMEOUT, "fault-timeout", "PCT", "answer PCT% of API posts after 65 s" },
	{ O_KEEPALIVE, "keepalive", "SECS", "stream keep-alive interval (20)" },
	{ O_LATENCY, "latency", "MS", "delay every API response by MS" },
	{ O_MAX_CONN, "max-connections", "N", "connections served at once (2048)" },
	{ O_MENTION_CAP, "mention-cap", "N", "mentions reach back N posts (800, 0: all)" },
	{ O_MENTIONS, "mentions", "N", "add N synthetic customer mentions" },
	{ O_NOW, "now", "TIME", "the sandbox's clock starts at TIME" },
	{ O_RATE_LIMIT, "rate-limit", "N", "every endpoint allows N requests a window" },
	{ O_RATE_WINDOW, "rate-window", "SECS", "every rate-limit window lasts SECS" },
	{ O_SEED, "seed", "N", "seed for the fault dice" },
	{ O_STATE, "state", "FILE", "load and save the sandbox's state in FILE" },
	{ O_SDISCONNECT, "stream-disconnect", "N", "close a stream after N posts" },
	{ O_STREAM_MAX, "stream-max", "N", "allowed stream connections (1)" },
	{ O_SSTALL, "stream-stall", "SECS", "the next stream stays silent SECS" },
	{ O_TIMEOUT, "timeout", "SECS", "close a connection idle for SECS (30, 0: never)" },
	{ O_USAGE_CAP, "usage-cap", "N", "after N posts read, answer usage-capped" },
	{ 0, NULL, NULL, NULL }
};

static const struct tw_cmd cmd = {
	"", "a local X API v2 server with a seeded brand inbox", opts, NULL
};

static const char *state_path;

/* Request bodies: one may hold BODY_MAX bytes, all of them together
 * body_cap (--body-cap); what a body takes is counted from its
 * Content-Length (or as it arrives, when chunked) under body_mu. */
#define BODY_MAX SB_BODY_MAX
#define POOL_THREADS 4
/* libmicrohttpd's memory for one connection: room for the largest head
 * the door lets in (lib/sandbox/sbdoor.c), its parameters and headers, and the
 * answer's head. */
#define CONN_MEMORY (128 * 1024)
static pthread_mutex_t body_mu = PTHREAD_MUTEX_INITIALIZER;
static size_t body_held, body_cap = 256UL * 1024 * 1024;

/* What a request goes through once its body is in: a latency fault, the
 * probes of a full stream, the answer itself, an answer held past the
 * client's timeout.  Each wait parks the connection (lib/sandbox/sbmhd.c). */
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

/* a=b&c=d, decoded ('+' is a space), in order */
static void
parse_pairs(const char *s, size_t n, tw_kvs *out)
{
	const char *end = s + n, *amp, *eq;
	char *k, *v;

	while (s < end) {
		amp = memchr(s, '&', end - s);
		if (!amp)
			amp = end;
		if (amp > s) {
			eq = memchr(s, '=', amp - s);
			k = tw_pct_decode(s, (eq ? eq : amp) - s, 1);
			v = eq ? tw_pct_decode(eq + 1, amp - eq - 1, 1) : xstrdup("");
			tw_kvs_add(out, k, v);
			free(k);
			free(v);
		}
		s = amp + 1;
	}
}

/* The dice behind the faults: xorshift64*, reproducible from --seed;
 * under sb.mu. */
static uint32_t
sb_rand(void)
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

	if (f->p5xx && (int)(sb_rand() % 100) < f->p5xx)
		return 503;
	if (f->p429 && (int)(sb_rand() % 100) < f->p429)
		return 429;
	if (f->pdrop && (int)(sb_rand() % 100) < f->pdrop)
		return 'd';
	if (f->pmalformed && (int)(sb_rand() % 100) < f->pmalformed)
		return 'm';
	if (write && f->ptimeout && (int)(sb_rand() % 100) < f->ptimeout)
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
	if (q)
		parse_pairs(q + 1, strlen(q + 1), &r.query);
	r.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	r.ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Content-Type");
	r.auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Authorization");
	r.body = k->body.s;
	r.bodylen = k->body.len;
	if (r.ctype && strncasecmp(r.ctype,
	    "application/x-www-form-urlencoded", 33) == 0 && k->body.len)
		parse_pairs(k->body.s, k->body.len, &r.form);
	pthread_mutex_lock(&sb.mu);
	if (strncmp(path, "/_sandbox/", 10) == 0)
		sb_admin(&r, w);
	else if (strncmp(path, "/2/", 3) != 0)
		sb_problem(w, 404, "about:blank", "Not Found Error",
		    "Sorry, that page does not exist");
	else if (k->flt == 503 || k->flt == 429)
		fault_answer(w, k->flt);
	else
		sb_handle(&r, w);
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

static long
number(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max) {
		sb_log("%s: '%s' is not a number from %ld to %ld", opt, s, min,
		    max);
		tw_usage(&cmd);
	}
	return v;
}

int
main(int argc, char *argv[])
{
	const char *config = NULL, *data = NULL, *bind_addr = "127.0.0.1";
	long port = -1, mentions = 0, rl = 0, rw = 0, timeout = 30;
	long maxconn = 2048;
	time_t now = time(NULL);
	struct sockaddr_in sin;
	struct MHD_Daemon *d;
	unsigned bound = 0;
	sigset_t set;
	char *base;
	int c, sig, fromstate = 0, lfd;

	tw_init(argv[0]);
	sb_store_init(now);
	while ((c = tw_getopt(argc, argv, &cmd)) != -1) {
		switch (c) {
		case 'b': bind_addr = tw_optarg; break;
		case 'C': config = tw_optarg; break;
		case 'd': data = tw_optarg; break;
		case 'p': port = number("-p", tw_optarg, 0, 65535); break;
		case 'v': sb.verbose = 1; break;
		case O_STATE: state_path = tw_optarg; break;
		case O_NOW:
			if (tw_time_parse(tw_optarg, now, &now) < 0) {
				sb_log("--now: bad time '%s'", tw_optarg);
				tw_usage(&cmd);
			}
			sb.t0 = now;
			break;
		case O_MENTIONS:
			mentions = number("--mentions", tw_optarg, 0, 1000000);
			break;
		case O_MENTION_CAP:
			sb.mention_cap = number("--mention-cap", tw_optarg, 0,
			    LONG_MAX);
			break;
		case O_RATE_WINDOW:
			rw = number("--rate-window", tw_optarg, 1, 86400);
			break;
		case O_RATE_LIMIT:
			rl = number("--rate-limit", tw_optarg, 1, LONG_MAX);
			break;
		case O_USAGE_CAP:
			sb.usage_cap = number("--usage-cap", tw_optarg, 0, LONG_MAX);
			break;
		case O_SEED:
			sb.rng = (uint64_t)number("--seed", tw_optarg, 0, LONG_MAX) *
			    2654435761ULL + 0x9e3779b97f4a7c15ULL;
			break;
		case O_LATENCY:
			sb.faults.latency_ms = number("--latency", tw_optarg, 0,
			    600000);
			break;
		case O_F5XX:
			sb.faults.p5xx = (int)number("--fault-5xx", tw_optarg, 0, 100);
			break;
		case O_F429:
			sb.faults.p429 = (int)number("--fault-429", tw_optarg, 0, 100);
			break;
		case O_FDROP:
			sb.faults.pdrop = (int)number("--fault-drop", tw_optarg, 0,
			    100);
			break;
		case O_FMALFORMED:
			sb.faults.pmalformed = (int)number("--fault-malformed",
			    tw_optarg, 0, 100);
			break;
		case O_FTIMEOUT:
			sb.faults.ptimeout = (int)number("--fault-timeout",
			    tw_optarg, 0, 100);
			break;
		case O_SDISCONNECT:
			sb.faults.stream_disconnect = number("--stream-disconnect",
			    tw_optarg, 0, LONG_MAX);
			break;
		case O_SSTALL:
			sb.faults.stream_stall = number("--stream-stall", tw_optarg,
			    0, 86400);
			break;
		case O_KEEPALIVE:
			sb.faults.keepalive = number("--keepalive", tw_optarg, 1,
			    3600);
			break;
		case O_STREAM_MAX:
			sb.stream_max = (int)number("--stream-max", tw_optarg, 1, 100);
			break;
		case O_TIMEOUT:
			timeout = number("--timeout", tw_optarg, 0, 86400);
			break;
		case O_MAX_CONN:
			maxconn = number("--max-connections", tw_optarg, 1,
			    1000000);
			break;
		case O_BODY_CAP:
			body_cap = (size_t)number("--body-cap", tw_optarg, 1,
			    1L << 20) << 20;
			break;
		}
	}
	if (tw_optind < argc) {
		sb_log("unexpected operand '%s'", argv[tw_optind]);
		tw_usage(&cmd);
	}
	if (port < 0) {
		sb_log("-p PORT is required (0 picks a free port)");
		tw_usage(&cmd);
	}
	sb_rate_override(rl, rw);
	if (state_path && access(state_path, F_OK) == 0) {
		if (sb_load_file(state_path) < 0)
			return tw_finish(TW_EXIT_CONFIG);
		fromstate = 1;
	} else if (data) {
		if (sb_load_file(data) < 0)
			return tw_finish(TW_EXIT_CONFIG);
	} else {
		sb_load_builtin();
	}
	if (!sb.brand) {
		sb_log("%s: no {\"type\":\"account\"} line",
		    fromstate ? state_path : data);
		return tw_finish(TW_EXIT_CONFIG);
	}
	if (!fromstate)
		sb_synthetic(mentions);
	sb_creds_random();
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind_addr, &sin.sin_addr) != 1) {
		sb_log("-b: '%s' is not an IPv4 address", bind_addr);
		tw_usage(&cmd);
	}
	/* the signals are taken by sigwait below, in this thread only */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	maxconn = fd_room(maxconn);
	if ((lfd = sb_door_listen(&sin, &bound)) < 0)
		tw_die(TW_EXIT_API, "cannot listen on %s port %ld", bind_addr,
		    port);
	sb_mhd_init();
	/* A few event-loop threads (epoll on Linux), not a thread per
	 * connection: an idle or half-sent connection costs a socket and a
	 * little memory, never a thread, and is closed after --timeout
	 * seconds without traffic.  Nothing in a handler or a content
	 * reader sleeps: waits park the connection (lib/sandbox/sbmhd.c), and a
	 * parked connection does not time out.  Connections come from the
	 * door (lib/sandbox/sbdoor.c), which has checked their request head. */
	d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD |
	    MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL,
	    handler, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL_THREADS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)maxconn,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_cb, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	if (!d)
		tw_die(TW_EXIT_API, "cannot start the HTTP server");
	sb_door_start(d, lfd, timeout, maxconn);
	base = xasprintf("http://%s:%u", strcmp(bind_addr, "0.0.0.0") == 0 ?
	    "127.0.0.1" : bind_addr, bound);
	if (config && sb_config_write(config, base) < 0)
		return tw_finish(TW_EXIT_CONFIG);
	if (state_path) {
		pthread_mutex_lock(&sb.mu);
		sb_save(state_path);
		pthread_mutex_unlock(&sb.mu);
	}
	printf("%s\n", base);
	fflush(stdout);
	do {
		if (sigwait(&set, &sig) != 0)
			break;
	} while (sig == SIGHUP);
	sb_door_stop();
	pthread_mutex_lock(&sb.mu);
	sb.shutting = 1;
	pthread_mutex_unlock(&sb.mu);
	sb_mhd_shutdown();      /* none may stay suspended */
	MHD_stop_daemon(d);
	if (state_path && sb_save(state_path) < 0)
		return tw_finish(TW_EXIT_API);
	free(base);
	return tw_finish(TW_EXIT_OK);
}
