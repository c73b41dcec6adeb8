lib/opt.o: lib/opt.c lib/opt.h lib/util.h /usr/include/cjson/cJSON.h
lib/opt.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
