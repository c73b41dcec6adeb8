/* sbstream.c - tw-sandbox: the filtered stream's endpoint (a client
 * connects, with recovery and backfill) and new posts published to every
 * connected client.  Called with sb.mu held.  The connection itself, its
 * keep-alives and faults, is the HTTP glue's (sbmhd.c).
 *
 * Layer: endpoints (lib/sandbox/README).  Calls the store, sbanswer.c,
 * sbrender.c and sbparam.c. */
#include <stdlib.h>

#include "sbapi.h"
#include "sbparam.h"
#include "sbrender.h"
#include "sbstore.h"

#define PROB "https://api.twitter.com/2/problems/"

void
sb_sub_push(struct sb_sub *s, char *line)
{
	if (s->nq == s->capq) {
		s->capq = s->capq ? s->capq * 2 : 16;
		s->q = xrealloc(s->q, s->capq * sizeof *s->q);
	}
	s->q[s->nq++] = line;
}

/* A new post, to every stream whose rules it matches: the stream's
 * connection is woken through sb.wake (set by the HTTP glue). */
void
sb_publish(const struct sb_tweet *t)
{
	struct sb_sub *s;
	char *line;

	for (s = sb.subs; s; s = s->next)
		if (!s->closed && !s->comp &&
		    (line = sb_stream_line(t, s))) {
			sb_sub_push(s, line);
			sb.reads++;
			if (sb.wake)
				sb.wake(s);
		}
}

void
sb_stream_connect(struct sb_req *r, struct sb_resp *w, char **arg)
{
	static const struct sb_pspec spec = { "backfill_minutes start_time "
	    "end_time tweet.fields expansions media.fields poll.fields "
	    "user.fields place.fields", SB_EXP_TWEET, 0, 0, 0, 1 };
	struct sb_fields f;
	struct sb_sub *s;
	cJSON *o;
	time_t from = 0, to = 0, now = sb_now();
	const char *bf = tw_kvs_get(&r->query, "backfill_minutes");
	char *line;
	size_t i;

	(void)arg;
	if (sb_params(r, w, &spec, &f) < 0)
		return;
	/* as X: a stream with no rules is refused (409), and so is one
	 * more than the connections allowed (429) */
	if (sb.nrules == 0 || sb.nsubs >= sb.stream_max) {
		int norules = sb.nrules == 0;

		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "title", "ConnectionException");
		cJSON_AddStringToObject(o, "detail", norules ? "Request was "
		    "not processed because you have no rules defined." :
		    "This stream is currently at the maximum allowed "
		    "connection limit.");
		cJSON_AddStringToObject(o, "connection_issue", norules ?
		    "RuleConfigurationIssue" : "TooManyConnections");
		cJSON_AddStringToObject(o, "type", PROB "streaming-connection");
		cJSON_AddNumberToObject(o, "status", norules ? 409 : 429);
		w->ctype = "application/problem+json";
		sb_json(w, norules ? 409 : 429, o);
		return;
	}
	s = xcalloc(1, sizeof *s);
	s->tf = f.tf;
	s->uf = f.uf;
	s->mf = f.mf;
	s->xf = f.xf;
	s->next = sb.subs;
	sb.subs = s;
	sb.nsubs++;
	/* recovery and backfill: what was posted since then, oldest first */
	if (bf && atoi(bf) > 0)
		from = now - 60 * atoi(bf);
	sb_query_time(r, "start_time", &from);
	sb_query_time(r, "end_time", &to);
	for (i = 0; from && i < sb.ntweets; i++)
		if (sb.tweets[i]->created_at >= from &&
		    (!to || sb.tweets[i]->created_at < to) &&
		    (line = sb_stream_line(sb.tweets[i], s)))
			sb_sub_push(s, line);
	w->status = 200;
	w->ctype = "application/json";
	w->sub = s;
}
