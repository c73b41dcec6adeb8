lib/stream.o: lib/stream.c lib/stream.h lib/fetch.h lib/http.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/record.h lib/ndjson.h lib/timefmt.h
lib/stream.h:
lib/fetch.h:
lib/http.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/record.h:
lib/ndjson.h:
lib/timefmt.h:
