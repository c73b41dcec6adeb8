#!/bin/sh
# 0101-timefmt: the timefmt unit tests (tests/unit/timefmt.c)
exec "$TW_BUILD/tests/unit/timefmt" "$@"
