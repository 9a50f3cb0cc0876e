#!/bin/sh
# run.sh - run every test against a sanitizer build: the cmocka unit tests,
# then the API tests that start the real waishi binary. Ends with the
# closing line "N passed, M failed"; exit status 1 on any failure or
# sanitizer report.
#   tests/run.sh BUILD_DIR     (make test passes build/asan)
set -u
dir=${1:-build/asan}
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0}

passed=0
failed=0
log=$(mktemp)

echo "== unit tests (cmocka)"
for t in "$dir"/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1
	status=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "FAIL $t exited $status (sanitizer report or crash)"
		failed=$((failed + 1))
	fi
done

echo "== API tests (real server, temporary databases)"
WAISHI_BIN="$dir/waishi" node tests/api/run.js >"$log" 2>&1
status=$?
cat "$log"
p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log" | tail -1)
f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log" | tail -1)
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
	echo "FAIL the API test runner exited $status"
	failed=$((failed + 1))
fi
if [ -f web/dist/index.html ] && [ -x /usr/bin/chromium ]; then
	echo "== browser tests (Chromium, playwright-core)"
	WAISHI_BIN="$dir/waishi" node web/e2e/run.js >"$log" 2>&1
	status=$?
	cat "$log"
	p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "FAIL the browser test runner exited $status"
		failed=$((failed + 1))
	fi
else
	echo "FAIL browser tests: the web interface is not built or chromium is missing"
	failed=$((failed + 1))
fi
rm -f "$log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
