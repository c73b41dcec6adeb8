#!/bin/sh
# 0200-record: normalisation unit tests (tests/unit/record.c)
exec "$TW_BUILD/tests/unit/record" "$@"
