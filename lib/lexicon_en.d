lib/lexicon_en.o: lib/lexicon_en.c lib/sentiment.h lib/util.h \
 /usr/include/cjson/cJSON.h
lib/sentiment.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
