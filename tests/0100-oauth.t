#!/bin/sh
# 0100-oauth: the oauth unit tests (tests/unit/oauth.c)
exec "$TW_BUILD/tests/unit/oauth" "$@"
