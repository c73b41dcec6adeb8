lib/util.o: lib/util.c lib/util.h /usr/include/cjson/cJSON.h
lib/util.h:
/usr/include/cjson/cJSON.h:
