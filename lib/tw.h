/* tw.h - libtw, the library every tw program shares: a convenience
 * header for cmd/, which includes every other.  Inside lib/ each file
 * includes only the headers it uses, and every header compiles alone
 * (make hdrcheck). */
#ifndef TW_H
#define TW_H

#include "util.h"
#include "opt.h"
#include "ndjson.h"
#include "jscan.h"
#include "record.h"
#include "timefmt.h"
#include "config.h"
#include "oauth.h"
#include "digest.h"
#include "oauth2.h"
#include "http.h"
#include "state.h"
#include "query.h"
#include "fetch.h"
#include "stream.h"
#include "media.h"
#include "respond.h"
#include "ledger.h"
#include "drafts.h"
#include "text.h"
#include "sentiment.h"
#include "triage.h"
#include "show.h"
#include "hours.h"
#include "metrics.h"
#include "store.h"
#include "case.h"
#include "customer.h"
#include "team.h"
#include "migrate.h"

#endif
