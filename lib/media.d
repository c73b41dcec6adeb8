lib/media.o: lib/media.c lib/media.h lib/http.h lib/util.h \
 /usr/include/cjson/cJSON.h
lib/media.h:
lib/http.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
