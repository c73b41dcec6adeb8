/* jscan.h - find a few members of a JSON object without building a tree.
 *
 * For the hot loops that read millions of records and need half a dozen
 * fields of each (tw-metrics): the whole text is still checked, so a line
 * that tw_js_object accepts is one cJSON accepts too.  Anything it does
 * not handle (escaped keys, deep nesting) is refused, and the caller
 * falls back to cJSON. */
#ifndef TW_JSCAN_H
#define TW_JSCAN_H

#include <stddef.h>

struct tw_jspan {
	const char *p;          /* strings: inside the quotes; others: the text */
	size_t n;
	char type;              /* 0 absent, 's' string, 'o' object, 'a' array,
	                         * 'n' number, 't' true, 'f' false, 'z' null */
	char esc;               /* a string with backslash escapes */
};

/* Scan the object that spans [p, end) (whitespace around it allowed) and
 * fill out[i] with the first member named keys[i].  0, or -1 when it is
 * not valid JSON or not handled. */
int tw_js_object(const char *p, const char *end, const char *const *keys,
    int nkeys, struct tw_jspan *out);

/* The same for an object written exactly as tw writes JSON: the text
 * that tw_json_append (ndjson.h) prints for the tree cJSON parses from
 * it is the text itself, byte for byte.  So: no white space, strings
 * with only the escapes tw writes (\" \\ \b \f \n \r \t, and \u00XX
 * in lower case for other control characters), integers of at most 15
 * digits without "-0", nesting at most 32 deep.  -1 for anything else,
 * which may still be valid JSON: the caller then parses and prints it.
 * Members are found at the top level only. */
int tw_js_canonical(const char *p, const char *end, const char *const *keys,
    int nkeys, struct tw_jspan *out);

/* A string span without escapes, as a C string in buf (size n); NULL when
 * it is not such a string or does not fit. */
const char *tw_js_str(const struct tw_jspan *v, char *buf, size_t n);

#endif
