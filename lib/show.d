lib/show.o: lib/show.c lib/show.h lib/util.h /usr/include/cjson/cJSON.h \
 lib/text.h lib/timefmt.h
lib/show.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/text.h:
lib/timefmt.h:
