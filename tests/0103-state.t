#!/bin/sh
# 0103-state: the state unit tests (tests/unit/state.c)
exec "$TW_BUILD/tests/unit/state" "$@"
