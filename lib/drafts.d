lib/drafts.o: lib/drafts.c lib/config.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/drafts.h lib/respond.h lib/ndjson.h \
 lib/state.h lib/timefmt.h
lib/config.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/drafts.h:
lib/respond.h:
lib/ndjson.h:
lib/state.h:
lib/timefmt.h:
