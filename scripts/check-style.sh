#!/bin/sh
# check-style.sh - banned calls (as curl's checksrc does): unbounded or
# unchecked string and number functions have safer replacements here.
# And the layering of README "Architecture": only the HTTP layer's own
# headers and the routes' headers (*_api.h) may include http.h, so no
# domain header knows a request.
set -eu
cd "$(dirname "$0")/.."
bad=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|gets)\s*\(' src/*.c src/*.h tests/unit/*.c 2>/dev/null || true)
if [ -n "$bad" ]; then
	echo "style: banned calls (use snprintf, buf_*, util_parse_int64):"
	echo "$bad"
	exit 1
fi
http_layer='^src/(http|server|routes|static_files|list|register)\.h$'
bad=$(grep -l '#include "http.h"' src/*.h | grep -v '_api\.h$' | grep -Ev "$http_layer" || true)
if [ -n "$bad" ]; then
	echo "style: a domain header includes http.h (move its handlers to a *_api.h):"
	echo "$bad"
	exit 1
fi
echo "style: ok"
