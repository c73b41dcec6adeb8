#!/bin/sh
# 0400-text: twitter-text conformance (weighted length, URLs) and widths
# (tests/unit/text.c)
exec "$TW_BUILD/tests/unit/text" "$@"
