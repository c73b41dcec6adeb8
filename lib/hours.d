lib/hours.o: lib/hours.c lib/hours.h lib/ndjson.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/timefmt.h
lib/hours.h:
lib/ndjson.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/timefmt.h:
