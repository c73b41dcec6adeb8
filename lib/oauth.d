lib/oauth.o: lib/oauth.c lib/oauth.h lib/util.h \
 /usr/include/cjson/cJSON.h
lib/oauth.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
