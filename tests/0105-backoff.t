#!/bin/sh
# 0105-backoff: the stream backoff unit tests (tests/unit/backoff.c)
exec "$TW_BUILD/tests/unit/backoff" "$@"
