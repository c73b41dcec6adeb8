lib/triage.o: lib/triage.c lib/triage.h lib/sentiment.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/ndjson.h lib/query.h lib/timefmt.h
lib/triage.h:
lib/sentiment.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/ndjson.h:
lib/query.h:
lib/timefmt.h:
