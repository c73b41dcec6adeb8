#!/bin/sh
# 0410-macro: filling an answer's variables from a record
# (tests/unit/macro.c)
exec "$TW_BUILD/tests/unit/macro" "$@"
