#!/bin/sh
# tw-triage sentiment: unit tests and accuracy on tests/fixtures/sentiment
exec "$TW_BUILD/tests/unit/sentiment" "$@"
