#!/bin/sh
# 0204-as-is: tw-norm's fast path for records it would give back unchanged
# (tests/unit/asis.c)
exec "$TW_BUILD/tests/unit/asis" "$@"
