#!/bin/sh
# tests/0300-query.t - the search query language (lib/query.c)
exec "$TW_BUILD/tests/unit/query" "$@"
