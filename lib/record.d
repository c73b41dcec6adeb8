lib/record.o: lib/record.c lib/record.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/timefmt.h
lib/record.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/timefmt.h:
