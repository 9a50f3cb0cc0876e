#!/bin/sh
# check-style.sh - banned calls (as curl's checksrc does): unbounded or
# unchecked string and number functions have safer replacements here.
set -eu
cd "$(dirname "$0")/.."
bad=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|gets)\s*\(' src/*.c src/*.h tests/unit/*.c 2>/dev/null || true)
if [ -n "$bad" ]; then
	echo "style: banned calls (use snprintf, buf_*, util_parse_int64):"
	echo "$bad"
	exit 1
fi
echo "style: ok"
