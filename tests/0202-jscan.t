#!/bin/sh
# 0202-jscan: the JSON scanner unit tests (tests/unit/jscan.c)
exec "$TW_BUILD/tests/unit/jscan" "$@"
