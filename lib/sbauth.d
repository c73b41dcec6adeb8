lib/sbauth.o: lib/sbauth.c lib/sb.h lib/tw.h lib/util.h \
 /usr/include/cjson/cJSON.h lib/opt.h lib/ndjson.h lib/jscan.h \
 lib/record.h lib/timefmt.h lib/config.h lib/oauth.h lib/http.h \
 lib/state.h lib/query.h lib/fetch.h lib/stream.h lib/media.h \
 lib/respond.h lib/ledger.h lib/drafts.h lib/text.h lib/sentiment.h \
 lib/triage.h lib/show.h lib/hours.h lib/metrics.h
lib/sb.h:
lib/tw.h:
lib/util.h:
/usr/include/cjson/cJSON.h:
lib/opt.h:
lib/ndjson.h:
lib/jscan.h:
lib/record.h:
lib/timefmt.h:
lib/config.h:
lib/oauth.h:
lib/http.h:
lib/state.h:
lib/query.h:
lib/fetch.h:
lib/stream.h:
lib/media.h:
lib/respond.h:
lib/ledger.h:
lib/drafts.h:
lib/text.h:
lib/sentiment.h:
lib/triage.h:
lib/show.h:
lib/hours.h:
lib/metrics.h:
