#!/bin/sh
# 0102-config: the config unit tests (tests/unit/config.c)
exec "$TW_BUILD/tests/unit/config" "$@"
