lib/query.o: lib/query.c lib/query.h lib/util.h \
 /usr/include/cjson/cJSON.h
lib/query.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
