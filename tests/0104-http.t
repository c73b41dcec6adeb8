#!/bin/sh
# 0104-http: the http unit tests (tests/unit/http.c)
exec "$TW_BUILD/tests/unit/http" "$@"
