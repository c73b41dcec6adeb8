/* respond.h - sending replies and DMs exactly once: intents, the send
 * ledger, the journal, the approval spool.  Used by tw-reply and tw-dm. */
#ifndef TW_RESPOND_H
#define TW_RESPOND_H

#include "ndjson.h"

enum tw_send_kind { TW_SEND_REPLY, TW_SEND_DM };

/* What the person asked to send, from argv or one stdin line. */
struct tw_intent {
	enum tw_send_kind kind;
	cJSON *in;                  /* the intent line (kept for pass-through) */
	const char *in_reply_to;    /* replies */
	const char *to;             /* DMs: @name or id */
	const char *dm_conversation_id;
	char *to_id;                /* DMs: resolved user id */
	char *text;                 /* final text: signature added */
	const char *media[4];
	int nmedia;
	const char *alt;
	const char *agent;
	const char *ukey;           /* the intent's own "key", when given */
	int oneoff;                 /* from the command line, without a key:
	                             * repeating an earlier message may be a
	                             * new one (respond.c, ledger_check) */
	char base[33];              /* the key before any repeat: its lock */
	char *after;                /* a repeat: the earlier message's id */
	char key[33];               /* idempotency key */
	struct tw_loc loc;
};

struct tw_sender {
	struct tw_client *client;
	struct tw_account *acct;
	const char *what;           /* "reply" | "dm" */
	const char *agent;          /* default agent: $TW_AGENT, $USER */
	const char *signature;      /* -S or the config's "signature" */
	int dry_run;                /* -n */
	int check_only;             /* -c */
	int force;                  /* --force: skip the reply rule */
	int again;                  /* --again: reply even after a colleague */
	int dm_link;                /* --dm-link */
	int queue;                  /* --queue: to the drafts spool */
	const char *approver;       /* --approve: who approved */
	const char *draft;          /* --approve: the draft being sent */
	const char *survey;         /* tw-dm --survey csat|nps */
	long retries;               /* attempts after an unclear failure */
	int human;                  /* a person reads stdout (a terminal, no
	                             * --json): one line per send, not JSON */
	long repeat_after;          /* seconds: a one-off repeated later than
	                             * this is a new message (repeat_after) */
	long nsent, nskipped;       /* for the summary line */
	/* while an intent is sent: its uploaded media, for the record */
	const struct tw_media *media;
	int nmedia;
};

void tw_sender_init(struct tw_sender *s, struct tw_client *c,
    struct tw_account *a, const char *what);

/* Fill an intent from a JSON object (stdin line, or built from argv):
 * checks the keys, adds the signature, computes the key.  Returns 0, or
 * -1 after a warning with the location. */
int tw_intent_load(struct tw_sender *s, struct tw_intent *it, cJSON *in,
    const struct tw_loc *loc);
void tw_intent_free(struct tw_intent *it);

/* Send one intent: ledger, reply rule, collision, approval, media,
 * request, output record, journal.  Returns an exit code (0, 1 for a
 * refused intent, 4, 5...). */
int tw_send(struct tw_sender *s, struct tw_intent *it);

/* The per-line loop of tw-reply and tw-dm (a tw_record_fn): media and
 * alt text from the command line go to intents that have none; a refused
 * intent is reported and the next one goes on; bad credentials or a rate
 * limit stop the run (what was sent is in the ledger). */
struct tw_kb;
struct tw_macro_ctx;

struct tw_send_ctx {
	struct tw_sender *s;
	const char *media[4];
	int nmedia;
	const char *alt;
	int oneoff;                 /* the intent is the operands' */
	int rv;                     /* the worst exit code so far */
	/* --macro ID: each input (a record, or an intent) becomes an
	 * intent whose text is the answer's, filled from it (kb.h) */
	const char *macro;
	struct tw_kb *kb;
	const struct tw_macro_ctx *mctx;
	cJSON *latest;              /* per case: its latest inbound message,
	                               answered at the end of the input */
	int macro_flushing;
	int reject, edit;           /* --reject ID... [--reason R]; --edit
	                               ID TEXT */
	const char *reason;
};
int tw_send_each(cJSON *in, const struct tw_loc *loc, void *ctx);

/* What tw-reply and tw-dm do once the sender is set up: list the drafts,
 * approve the drafts named in argv (all when none), send the one intent
 * built from the operands (taken over), or the intents on stdin.  When
 * intents from stdin or drafts were skipped as already sent, a last line
 * on stderr counts them ("3 sent, 2 skipped as sent before").
 * Returns the exit code. */
int tw_send_run(struct tw_send_ctx *c, int list, int approve, char **argv,
    int argc, cJSON *one);

/* The modes of tw-reply's and tw-dm's command line checked (--draft,
 * --approve, --list, --reject [--reason], --edit ID TEXT, --key; a usage
 * error exits 2): whether the operands are draft ids. */
int tw_send_modes(const struct tw_send_ctx *c, int queue, int approve,
    int list, const char *key, int argc, char **argv);

/* --macro ID: open the knowledge base (dir, else the account's "kb")
 * and check that it has answer ID.  0, or an exit code after one line. */
int tw_send_macro(struct tw_send_ctx *c, const struct tw_account *a,
    const char *id, const char *dir);

/* A stable 32-hex-digit key for a string (FNV-1a, 128 bits). */
void tw_hash_hex(const char *s, size_t n, char out[33]);

#endif
