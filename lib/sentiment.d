lib/sentiment.o: lib/sentiment.c lib/sentiment.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/ndjson.h
lib/sentiment.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/ndjson.h:
