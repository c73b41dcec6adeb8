/* words.c - unit tests for tw_split_words (lib/util.c), the word
 * splitting of tw-case batch's command lines. */
#include <string.h>

#include "tw.h"
#include "tap.h"

/* The words of s joined with '|', or "ERR:msg". */
static const char *
split(const char *s, int max)
{
	static char out[512];
	char line[256], *w[16];
	const char *err = NULL;
	int n;

	snprintf(line, sizeof line, "%s", s);
	if ((n = tw_split_words(line, w, max, &err)) < 0) {
		snprintf(out, sizeof out, "ERR:%s", err);
		return out;
	}
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(out, "|");
		strcat(out, w[i]);
	}
	return out;
}

int
main(void)
{
	is_str(split("", 16), "", "an empty line: no words");
	is_str(split("  \t ", 16), "", "blanks only: no words");
	is_str(split("next", 16), "next", "one word");
	is_str(split("  ls  -k\t3 ", 16), "ls|-k|3", "blanks and tabs between, around");
	is_str(split("note \"called back, rebooked\" 12", 16),
	    "note|called back, rebooked|12", "double quotes keep blanks and commas");
	is_str(split("note 'it''s' 1", 16), "note|its|1", "single quotes join with what follows");
	is_str(split("note 'a \"b\" \\c' 1", 16), "note|a \"b\" \\c|1",
	    "inside single quotes everything is as it is");
	is_str(split("note \"say \\\"hi\\\" \\\\ \\n\" 1", 16), "note|say \"hi\" \\ \\n|1",
	    "inside double quotes \\\" and \\\\ only");
	is_str(split("a\\ b c", 16), "a b|c", "a backslash outside quotes keeps the blank");
	is_str(split("x '' y", 16), "x||y", "an empty quoted word is a word");
	is_str(split("a\"b c\"d", 16), "ab cd", "quotes inside a word");
	is_str(split("note \"open", 16), "ERR:unterminated quote", "an unterminated double quote");
	is_str(split("note 'open", 16), "ERR:unterminated quote", "an unterminated single quote");
	is_str(split("a b c", 2), "ERR:too many words", "more words than room");
	is_str(split("a b", 2), "a|b", "exactly as many as room");
	is_str(split("next\r\n", 16), "next", "a CR and LF are blanks");
	is_str(split("caf\xc3\xa9 \xe2\x9c\x88", 16), "caf\xc3\xa9|\xe2\x9c\x88", "UTF-8 words as they are");
	return tap_done();
}
