lib/metrics.o: lib/metrics.c lib/metrics.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/hours.h lib/jscan.h lib/ndjson.h \
 lib/show.h lib/timefmt.h
lib/metrics.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/hours.h:
lib/jscan.h:
lib/ndjson.h:
lib/show.h:
lib/timefmt.h:
