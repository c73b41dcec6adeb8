lib/ledger.o: lib/ledger.c lib/ledger.h lib/respond.h lib/ndjson.h \
 lib/util.h /usr/include/cjson/cJSON.h lib/state.h lib/timefmt.h
lib/ledger.h:
lib/respond.h:
lib/ndjson.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/state.h:
lib/timefmt.h:
