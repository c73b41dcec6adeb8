lib/respond.o: lib/respond.c lib/respond.h lib/ndjson.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/config.h lib/drafts.h lib/ledger.h \
 lib/media.h lib/http.h lib/opt.h lib/state.h lib/text.h lib/timefmt.h
lib/respond.h:
lib/ndjson.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/config.h:
lib/drafts.h:
lib/ledger.h:
lib/media.h:
lib/http.h:
lib/opt.h:
lib/state.h:
lib/text.h:
lib/timefmt.h:
