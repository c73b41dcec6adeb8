lib/fetch.o: lib/fetch.c lib/fetch.h lib/http.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/record.h lib/config.h lib/ndjson.h \
 lib/state.h lib/timefmt.h
lib/fetch.h:
lib/http.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/record.h:
lib/config.h:
lib/ndjson.h:
lib/state.h:
lib/timefmt.h:
