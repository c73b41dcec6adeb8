lib/text.o: lib/text.c lib/text.h /usr/include/cjson/cJSON.h lib/util.h
lib/text.h:
/usr/include/cjson/cJSON.h:
lib/util.h:
