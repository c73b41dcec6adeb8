lib/config.o: lib/config.c lib/config.h lib/util.h \
 /usr/include/cjson/cJSON.h
lib/config.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
