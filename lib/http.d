lib/http.o: lib/http.c lib/http.h lib/util.h /usr/include/cjson/cJSON.h \
 lib/config.h lib/oauth.h lib/timefmt.h
lib/http.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/config.h:
lib/oauth.h:
lib/timefmt.h:
