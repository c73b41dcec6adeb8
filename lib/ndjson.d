lib/ndjson.o: lib/ndjson.c lib/ndjson.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/record.h
lib/ndjson.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/record.h:
