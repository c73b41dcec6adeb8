#!/bin/sh
# 0106-words: the word splitting unit tests (tests/unit/words.c)
exec "$TW_BUILD/tests/unit/words" "$@"
