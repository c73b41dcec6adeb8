/* malert.c - volume anomalies: inbound messages and the negative ones
 * counted per hour, and the hour checked against the same hour of the
 * days before it (mean + sigma standard deviations). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malert.h"
#include "timefmt.h"

struct hour {
	long h;             /* hours since the epoch */
	long n, neg;
};

struct tw_malert {
	struct tw_malert_opts o;
	struct hour *tab;   /* open addressing by h; h = -1: empty */
	size_t cap, used;
	long first, last;   /* the oldest and newest hour read, -1 none */
};

struct tw_malert *
tw_malert_new(const struct tw_malert_opts *o)
{
	struct tw_malert *a = xcalloc(1, sizeof *a);
	size_t i;

	a->o = *o;
	if (a->o.days <= 0)
		a->o.days = 7;
	if (a->o.sigma < 0)
		a->o.sigma = 3;
	if (a->o.min <= 0)
		a->o.min = 10;
	a->cap = 1024;
	a->tab = xmalloc(a->cap * sizeof *a->tab);
	for (i = 0; i < a->cap; i++)
		a->tab[i].h = -1;
	a->first = a->last = -1;
	return a;
}

static struct hour *
slot(struct tw_malert *a, long h)
{
	size_t i = (size_t)h * 2654435761u % a->cap;

	while (a->tab[i].h != -1 && a->tab[i].h != h)
		i = (i + 1) % a->cap;
	return &a->tab[i];
}

static struct hour *
hour_of(struct tw_malert *a, long h)
{
	struct hour *s, *old = a->tab;
	size_t i, n = a->cap;

	if ((a->used + 1) * 2 > a->cap) {
		a->cap *= 2;
		a->tab = xmalloc(a->cap * sizeof *a->tab);
		for (i = 0; i < a->cap; i++)
			a->tab[i].h = -1;
		for (i = 0; i < n; i++)
			if (old[i].h != -1)
				*slot(a, old[i].h) = old[i];
		free(old);
	}
	s = slot(a, h);
	if (s->h == -1) {
		s->h = h;
		s->n = s->neg = 0;
		a->used++;
	}
	return s;
}

int
tw_malert_add(struct tw_malert *a, const cJSON *rec, const char **why)
{
	const char *type = tw_json_str(rec, "type"), *dir, *at, *label;
	struct hour *s;
	time_t t;
	long h;

	dir = tw_json_str(rec, "direction");
	if (!type || (strcmp(type, "tweet") && strcmp(type, "dm")) || !dir ||
	    strcmp(dir, "in") || tw_json_str(rec, "retweet_of") ||
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "auto")))
		return 0;       /* not a customer's message */
	at = tw_json_str(rec, "created_at");
	if (!at || tw_time_parse_rfc3339(at, &t) < 0 || t < 0) {
		*why = "a record needs \"created_at\"";
		return -1;
	}
	h = (long)(t / 3600);
	s = hour_of(a, h);
	s->n++;
	label = tw_json_str(tw_json_path(rec, "triage.sentiment"), "label");
	s->neg += label && !strcmp(label, "negative");
	if (a->first < 0 || h < a->first)
		a->first = h;
	if (h > a->last)
		a->last = h;
	return 0;
}

static struct hour
get(struct tw_malert *a, long h)
{
	struct hour *s = slot(a, h), none = { h, 0, 0 };

	return s->h == h ? *s : none;
}

/* The mean and standard deviation (population) of v[0..n). */
static void
stats(const double *v, int n, double *mean, double *sd)
{
	double s = 0, q = 0;
	int i;

	for (i = 0; i < n; i++)
		s += v[i];
	*mean = n ? s / n : 0;
	for (i = 0; i < n; i++)
		q += (v[i] - *mean) * (v[i] - *mean);
	*sd = n ? sqrt(q / n) : 0;
}

int
tw_malert_check(struct tw_malert *a)
{
	long h = a->o.until ? (long)(a->o.until / 3600) - 1 : a->last;
	struct hour now, b;
	double *vol, *neg, vm, vs, nm, ns, share;
	int d, nv = 0, nn = 0, over_v, over_n;
	char when[32];

	if (a->last < 0 || h < 0)
		return 0;
	now = get(a, h);
	vol = xcalloc((size_t)a->o.days, sizeof *vol);
	neg = xcalloc((size_t)a->o.days, sizeof *neg);
	/* the same hour of each day before, back to the first hour read */
	for (d = 1; d <= a->o.days && h - 24L * d >= a->first; d++) {
		b = get(a, h - 24L * d);
		vol[nv++] = (double)b.n;
		if (b.n)
			neg[nn++] = (double)b.neg / (double)b.n;
	}
	stats(vol, nv, &vm, &vs);
	stats(neg, nn, &nm, &ns);
	share = now.n ? (double)now.neg / (double)now.n : 0;
	over_v = nv >= 2 && now.n >= a->o.min &&
	    (double)now.n > vm + a->o.sigma * vs;
	over_n = nn >= 2 && now.n >= a->o.min &&
	    share > nm + a->o.sigma * ns;
	free(vol);
	free(neg);
	if (!over_v && !over_n)
		return 0;
	tw_time_format((time_t)h * 3600, when, sizeof when);
	printf("%s: %ld inbound", when, now.n);
	if (over_v)
		printf(" over %.1f (mean %.1f + %g sd %.1f of %d days)",
		    vm + a->o.sigma * vs, vm, a->o.sigma, vs, nv);
	printf(", %.0f%% negative", share * 100);
	if (over_n)
		printf(" over %.0f%% (mean %.0f%% + %g sd %.0f%% of %d days)",
		    (nm + a->o.sigma * ns) * 100, nm * 100, a->o.sigma, ns * 100,
		    nn);
	printf("\n");
	return 1;
}

void
tw_malert_free(struct tw_malert *a)
{
	if (!a)
		return;
	free(a->tab);
	free(a);
}
