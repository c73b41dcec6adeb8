/* purge.h - removing what tw keeps about a post or a person (tw-purge):
 * the store's cases, messages and events, the ledger and drafts, NDJSON
 * files, and the journal, whose lines are redacted without breaking its
 * chain (tw-audit(1) REDACTION); and exporting what it keeps about a
 * person. */
#ifndef TW_PURGE_H
#define TW_PURGE_H

#include <stddef.h>

#include <cJSON.h>

struct tw_store;

/* A post ('t', id) or a person ('u', id and/or username) to remove. */
struct tw_purge_target {
	char kind;
	char *id, *name;
	char *action;                   /* the compliance record's, or NULL */
};

struct tw_purge {
	struct tw_purge_target *t;
	size_t nt;
	char **texts;                   /* the texts of what was purged */
	size_t ntexts;
	char **posts;                   /* the posts of the persons */
	size_t nposts;
	char **hashes;                  /* the journal lines to redact */
	size_t nhashes;
	int exporting;                  /* judge only: no text matching */
	char id[40];                    /* this purge's, in the journal */
	long cases, messages, events, records, files, state, journal;
};

void tw_purge_init(struct tw_purge *p);
void tw_purge_free(struct tw_purge *p);
/* kind 't' (id) or 'u' (id or name, "@" dropped) */
void tw_purge_add(struct tw_purge *p, char kind, const char *id,
    const char *name, const char *action);

/* What to do with a record: 0 keep it as it is, 1 keep it changed (the
 * posts it refers to that are purged cut out of it), 2 drop it.  With
 * learn, what is dropped teaches p its texts, its authors' ids and
 * names, and the persons' posts. */
int tw_purge_judge(struct tw_purge *p, cJSON *rec, int learn);
/* Whether an object kept elsewhere (a ledger entry, a draft, a journal
 * line) is about what is purged: a person's (to, customer_id, a reply to
 * their post) or holding a purged text; with posts, a reply to a purged
 * post too. */
int tw_purge_about(const struct tw_purge *p, const cJSON *o, int posts);

/* The store: learn (what is there about the targets), then purge in one
 * transaction.  0, or -1 (said). */
int tw_purge_store_learn(struct tw_purge *p, struct tw_store *s);
int tw_purge_store(struct tw_purge *p, struct tw_store *s);
/* An NDJSON file, replaced atomically when anything in it goes; learn
 * only reads it.  0, or -1 (said). */
int tw_purge_file(struct tw_purge *p, const char *path, int learn);
/* The ledger and the drafts (TW_HOME, or the team's store): the
 * entries about what is purged (tw_purge_about, with posts) removed, or
 * each given to fn (sub "ledger" or "drafts"; o is fn's to read, not
 * to keep).  0, or -1 when fn or the state failed. */
int tw_purge_state(struct tw_purge *p);
int tw_purge_state_each(struct tw_purge *p, int posts,
    int (*fn)(struct tw_purge *p, const char *sub, const char *name,
    cJSON *o));
/* The journal: the purge's own line (audit: what and when, never the
 * text), then the lines about the targets redacted.  0 or -1. */
int tw_purge_journal(struct tw_purge *p, const char *agent,
    const char *account);

/* A journal line as redacted: {"time","event":"redacted","purge","was":
 * SHA-256 of the line,"prev"}, malloc'd; NULL for a line that is not a
 * chained JSON object. */
char *tw_journal_redaction(const char *line, size_t len, const char *purge);

/* --export: what the store, the files, the ledger, the drafts and the
 * journal hold about the one person targeted, as records on stdout.
 * 0, or -1 (said). */
int tw_purge_export_store(struct tw_purge *p, struct tw_store *s);
int tw_purge_export_file(struct tw_purge *p, const char *path);
int tw_purge_export_state(struct tw_purge *p);

#endif
