/* sentmodel.c - lib/sentmodel.c against lib/train-sentiment.py, and the
 * model and the lexicon on a labelled file.
 *
 *	sentmodel -l [LANG]     the lexicon score of each line of stdin
 *	                        (LANG's built-in lexicon; en by default)
 *	sentmodel -p TEXT...    the 3 probabilities of each text, and its
 *	                        top words (English)
 *	sentmodel -e FILE [LANG]  LABEL<TAB>SOURCE<TAB>TEXT lines in LANG:
 *	                        accuracy, negative F1 and macro F1 of both,
 *	                        as "lexicon|model ACC NEGF1 MACROF1 N"
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tw.h"
#include "sentmodel.h"

static int
cls_of(const char *l)
{
	return !strcmp(l, "negative") ? TW_SM_NEG : !strcmp(l, "positive") ?
	    TW_SM_POS : TW_SM_NEU;
}

static void
report(const char *name, int conf[3][3])
{
	double f1[3], acc = 0;
	int c, k, n = 0, tp, fp, fn;

	for (c = 0; c < 3; c++) {
		tp = conf[c][c];
		fp = fn = 0;
		for (k = 0; k < 3; k++) {
			n += conf[c][k];
			if (k != c) {
				fp += conf[k][c];
				fn += conf[c][k];
			}
		}
		acc += tp;
		f1[c] = tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
	}
	printf("%s %.3f %.3f %.3f %d\n", name, acc / n, f1[TW_SM_NEG],
	    (f1[0] + f1[1] + f1[2]) / 3, n);
}

/* tw-triage's: rounded to 1e-3 */
static double
lexscore(const struct tw_lexicon *lx, const char *text)
{
	return round(tw_sentiment(lx, text, NULL, NULL) * 1000) / 1000;
}

/* -l: the lexicon score of each line of stdin */
static int
lexlines(const char *lang)
{
	struct tw_lexicon *lx = tw_lexicon_builtin(lang);
	char line[8192];

	if (!lx)
		return 2;
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		printf("%.3f\n", lexscore(lx, line));
	}
	tw_lexicon_free(lx);
	return 0;
}

static int
eval(const char *path, const char *lang)
{
	struct tw_lexicon *lx = tw_lexicon_builtin(lang);
	int lex[3][3] = { { 0 } }, mod[3][3] = { { 0 } }, y;
	char line[8192], *t, *s;
	double p[3];
	FILE *f = fopen(path, "r");

	if (!f || !lx) {
		if (f)
			fclose(f);
		tw_lexicon_free(lx);
		return 1;
	}
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!(s = strchr(line, '\t')) || !(t = strchr(s + 1, '\t')))
			continue;
		*s = '\0';
		y = cls_of(line);
		lex[y][cls_of(tw_sentiment_label(lexscore(lx, t + 1)))]++;
		mod[y][tw_sentmodel(t + 1, lexscore(lx, t + 1), p, NULL,
		    0)]++;
	}
	fclose(f);
	tw_lexicon_free(lx);
	report("lexicon", lex);
	report("model", mod);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct tw_lexicon *lx;
	double p[3];
	char top[128];
	int i;

	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "-l"))
		return lexlines(argc == 3 ? argv[2] : "en");
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "-e"))
		return eval(argv[2], argc == 4 ? argv[3] : "en");
	if (argc < 2 || strcmp(argv[1], "-p"))
		return 2;
	lx = tw_lexicon_builtin("en");  /* -l and -e make their own */
	for (i = 2; i < argc; i++) {
		tw_sentmodel(argv[i], lexscore(lx, argv[i]), p, top,
		    sizeof top);
		printf("%.6f %.6f %.6f %s\n", p[0], p[1], p[2], top);
	}
	tw_lexicon_free(lx);
	return 0;
}
