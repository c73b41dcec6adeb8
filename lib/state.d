lib/state.o: lib/state.c lib/state.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/timefmt.h
lib/state.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/timefmt.h:
