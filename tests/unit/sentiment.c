/* sentiment.c - unit tests for lib/sentiment.c, and its accuracy on the
 * labelled sets in tests/fixtures/sentiment (printed as diagnostics,
 * with floors asserted).  "sentiment -v" prints every miss. */
#include <stdlib.h>
#include <string.h>

#include "tw.h"
#include "tap.h"

static struct tw_lexicon *lx;
static int verbose;

enum { NEG, NEU, POS };
static const char *const names[] = { "negative", "neutral", "positive" };

struct eval {
	int conf[3][3];         /* [truth][guess] */
	int n;
};

static int
label_of(double s)
{
	const char *l = tw_sentiment_label(s);
	return !strcmp(l, "negative") ? NEG : !strcmp(l, "positive") ? POS : NEU;
}

static void
add(struct eval *ev, int truth, const char *text)
{
	double s = tw_sentiment(lx, text, NULL, NULL);
	int g = label_of(s);

	ev->conf[truth][g]++;
	ev->n++;
	if (verbose && g != truth)
		printf("# miss %s as %s (%.3f): %s\n", names[truth], names[g],
		    s, text);
}

static double
accuracy(const struct eval *ev)
{
	return ev->n ? (double)(ev->conf[0][0] + ev->conf[1][1] +
	    ev->conf[2][2]) / ev->n : 0;
}

static double
f1(const struct eval *ev, int c)
{
	int tp = ev->conf[c][c], fp = 0, fn = 0, k;
	double p, r;

	for (k = 0; k < 3; k++)
		if (k != c) {
			fp += ev->conf[k][c];
			fn += ev->conf[c][k];
		}
	if (!tp)
		return 0;
	p = (double)tp / (tp + fp);
	r = (double)tp / (tp + fn);
	return 2 * p * r / (p + r);
}

static void
report(const char *name, const struct eval *ev)
{
	printf("# %-22s n=%4d accuracy %.3f  F1 negative %.3f neutral %.3f "
	    "positive %.3f\n", name, ev->n, accuracy(ev), f1(ev, NEG),
	    f1(ev, NEU), f1(ev, POS));
}

static char *
fixture(const char *name)
{
	const char *src = getenv("TW_SRC");

	return xasprintf("%s/tests/fixtures/sentiment/%s", src ? src : "..",
	    name);
}

/* tweets_GroundTruth.txt: ID TAB MEAN-RATING TAB TEXT; the rating
 * (-4..4) scaled to -1..1 and thresholded at +-0.05, as VADER does. */
static void
eval_vader(struct eval *ev)
{
	char *path = fixture("tweets_GroundTruth.txt"), *line, *t1, *t2;
	tw_reader r;
	double m;

	if (tw_reader_open(&r, path) < 0)
		exit(1);
	while ((line = tw_reader_line(&r))) {
		if (!(t1 = strchr(line, '\t')) || !(t2 = strchr(t1 + 1, '\t')))
			continue;
		m = strtod(t1 + 1, NULL) / 4;
		add(ev, m >= 0.05 ? POS : m <= -0.05 ? NEG : NEU, t2 + 1);
	}
	tw_reader_close(&r);
	free(path);
}

/* sentiment140_test.csv: "polarity","id","date","query","user","text";
 * polarity 0, 2, 4. */
static void
eval_s140(struct eval *ev)
{
	char *path = fixture("sentiment140_test.csv"), *line, *p, *o, *text;
	tw_reader r;
	int k, pol;

	if (tw_reader_open(&r, path) < 0)
		exit(1);
	while ((line = tw_reader_line(&r))) {
		pol = line[1] - '0';
		for (p = line, k = 0; *p && k < 5; p++)
			if (p[0] == '"' && p[1] == ',' && p[2] == '"') {
				k++;
				p += 2;
			}
		if (k < 5 || *p == '\0')
			continue;
		/* p is at the text; unquote */
		for (text = o = p; *p; p++) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"' && p[1] == '\0')
				break;
			*o++ = *p;
		}
		*o = '\0';
		add(ev, pol == 0 ? NEG : pol == 2 ? NEU : POS, text);
	}
	tw_reader_close(&r);
	free(path);
}

/* care.tsv: LABEL TAB TEXT */
static void
eval_care(struct eval *ev)
{
	char *path = fixture("care.tsv"), *line, *t;
	tw_reader r;

	if (tw_reader_open(&r, path) < 0)
		exit(1);
	while ((line = tw_reader_line(&r))) {
		if (*line == '#' || !(t = strchr(line, '\t')))
			continue;
		*t++ = '\0';
		add(ev, !strcmp(line, "negative") ? NEG :
		    !strcmp(line, "positive") ? POS : NEU, t);
	}
	tw_reader_close(&r);
	free(path);
}

static void
hitcount(const char *term, double v, void *ctx)
{
	(void)term;
	(void)v;
	(*(int *)ctx)++;
}

#define S(t) tw_sentiment(lx, (t), NULL, NULL)

int
main(int argc, char *argv[])
{
	struct eval vader = { 0 }, s140 = { 0 }, care = { 0 };
	struct tw_lexicon *ext;
	double a, b;
	int hits = 0;

	verbose = argc > 1 && !strcmp(argv[1], "-v");
	tw_init("sentiment");
	lx = tw_lexicon_builtin("en");

	ok(tw_lexicon_size(lx) > 7500, "built-in lexicon has %zu entries",
	    tw_lexicon_size(lx));
	ext = tw_lexicon_builtin("de");
	ok(ext && tw_lexicon_builtin("nl") == NULL,
	    "a built-in German lexicon, none for Dutch");
	tw_lexicon_free(ext);
	ok(tw_lexicon_get(lx, "still waiting", 13) != NULL,
	    "care phrases are in the lexicon");
	is_str(tw_sentiment_label(S("love the app")), "positive",
	    "love the app: positive");
	is_str(tw_sentiment_label(S("what time is check-out?")), "neutral",
	    "a plain question: neutral");
	is_str(tw_sentiment_label(S("8 hours stuck at the airport and still "
	    "no apology")), "negative", "stuck, no apology: negative");
	ok(S("still waiting for my refund") < -0.3,
	    "still waiting for my refund: clearly negative");
	ok(S("charged twice") < -0.4, "charged twice: clearly negative");
	a = S("the service was good");
	b = S("the service was not good");
	ok(a > 0 && b < 0, "negation flips (%.3f, %.3f)", a, b);
	b = S("the service was very good");
	ok(b > a, "intensifier raises (%.3f > %.3f)", b, a);
	b = S("the service was GOOD today");
	ok(b > a, "capitals raise (%.3f > %.3f)", b, a);
	b = S("the service was good!!!");
	ok(b > a, "exclamation marks raise (%.3f > %.3f)", b, a);
	b = S("the service was sooo good");
	ok(b > a, "elongation raises (%.3f > %.3f)", b, a);
	b = S("the service was goooood");
	ok(b > a, "elongated word found (%.3f > %.3f)", b, a);
	a = S("the food was good but the crew was rude");
	ok(a < 0, "\"but\" weighs the second clause (%.3f)", a);
	ok(S("delayed again \xf0\x9f\x98\xa1") < S("delayed again"),
	    "an angry emoji lowers");
	ok(S("thanks\xf0\x9f\x99\x8f\xf0\x9f\x8f\xbd") > 0.3,
	    "emoji glued to a word, with a skin tone");
	ok(S("great :(") < S("great"), "emoticon :( lowers");
	ok(S("@loveairline http://love.example flight") == 0,
	    "mentions and URLs are not words");
	hits = 0;
	tw_sentiment(lx, "never again, lost luggage and rude staff", hitcount,
	    &hits);
	is_int(hits, 3, "hits reported per term and phrase");

	ext = tw_lexicon_new();
	tw_lexicon_add(ext, "Schlecht", -2, TW_LEX_VALENCE);
	tw_lexicon_add(ext, "nicht", 0, TW_LEX_NEGATE);
	ok(tw_sentiment(ext, "sehr schlecht", NULL, NULL) < 0 &&
	    tw_sentiment(ext, "nicht schlecht", NULL, NULL) > 0,
	    "an added lexicon with a negator");
	tw_lexicon_free(ext);

	eval_vader(&vader);
	eval_s140(&s140);
	eval_care(&care);
	report("VADER tweets", &vader);
	report("Sentiment140 test", &s140);
	report("care.tsv", &care);
	is_int(vader.n, 4200, "read all rated tweets");
	is_int(s140.n, 498, "read all Sentiment140 tweets");
	is_int(care.n, 150, "read all care tweets");
	/* floors a little under what the lexicon reaches today */
	ok(accuracy(&vader) >= 0.87 && f1(&vader, NEG) >= 0.89,
	    "VADER tweets: accuracy >= 0.87, negative F1 >= 0.89");
	ok(accuracy(&s140) >= 0.71 && f1(&s140, NEG) >= 0.72,
	    "Sentiment140: accuracy >= 0.71, negative F1 >= 0.72");
	ok(accuracy(&care) >= 0.85 && f1(&care, NEG) >= 0.90,
	    "care.tsv: accuracy >= 0.85, negative F1 >= 0.90");
	tw_lexicon_free(lx);
	return tap_done();
}
