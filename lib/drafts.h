/* drafts.h - the approval spool */
#ifndef TW_DRAFTS_H
#define TW_DRAFTS_H

#include "respond.h"

/* Why the intent must wait for approval (approve_agents,
 * approve_followers in tw-config(5)), or NULL. */
const char *tw_draft_needed(const struct tw_sender *s,
    const struct tw_intent *it, long followers);
/* Put the intent in the spool, print it as a record; an exit code. */
int tw_draft_queue(struct tw_sender *s, struct tw_intent *it,
    const char *why);
/* Print every draft; send the drafts named (all when none): an exit code. */
int tw_drafts_list(struct tw_sender *s);
int tw_drafts_approve(struct tw_sender *s, char **ids, int n);
/* Reject the drafts named (the spool loses them; the journal keeps who,
 * why and the text), or edit one's text (the journal keeps both texts).
 * Only the draft's author (withdrawing or editing their own) or an
 * approver may (tw-config(5) approvers).  An exit code. */
int tw_drafts_reject(struct tw_sender *s, char **ids, int n,
    const char *reason);
int tw_drafts_edit(struct tw_sender *s, const char *id, const char *text);

#endif
