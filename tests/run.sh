#!/bin/sh
# run.sh - run every test against a sanitizer build: the cmocka unit tests,
# the API tests that start the real waishi binary (on SQLite, on PostgreSQL,
# and the date-sensitive suites again on SQLite at pinned dates of the current
# year: 3 January, 20 March, 1 July and 30 December, 09:00 Beijing time), and
# the browser tests in Chromium. Ends with the closing line "N passed, M
# failed"; exit status 1 on any failure or sanitizer report.
#   tests/run.sh BUILD_DIR     (make test passes build/asan)
#
# The API and browser runs wait mostly on their servers, so they run in three
# lanes at once (SQLite; PostgreSQL; the pinned dates, then the browser); each
# lane writes its own log, printed in that order when all are done. Every
# server has a free port and a temporary database of its own.
#
# Recording full allocation stacks (the slow unwinder) is what lets
# tests/lsan.supp name library functions; it roughly doubles a sanitized
# server's CPU. The SQLite lane and the browser keep it; the PostgreSQL lane and
# the pinned dates, which render the same documents again, run with the fast
# unwinder and tests/lsan-fast.supp (the two libraries named by file).
set -u
dir=${1:-build/asan}
cd "$(dirname "$0")/.."
# full stacks of allocations (24 frames), so that tests/lsan.supp can name the
# library functions that lose memory of their own rather than whole libraries
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:fast_unwind_on_malloc=0:malloc_context_size=24}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0}
export WAISHI_BIN="$dir/waishi"
# argon2id at its minimum cost: the runs sign in and make demo users hundreds of
# times, which at the real cost spent a third of their CPU; the tests of the
# cost itself and of a full password lane set it back (96_door).
export WAISHI_PASSWORD_COST=${WAISHI_PASSWORD_COST:-minimum}
fast_asan=$(echo "$ASAN_OPTIONS" | sed 's/fast_unwind_on_malloc=0/fast_unwind_on_malloc=1/')
fast_lsan="suppressions=$(pwd)/tests/lsan-fast.supp:print_suppressions=0"

passed=0
failed=0
logs=$(mktemp -d)
log=$logs/unit

# Add the counts of a runner whose output in $1 closes with "N passed, M failed".
count_runner() { # $1 log, $2 exit status, $3 name
	p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$1" | tail -1)
	f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$1" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$2" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "FAIL $3 exited $2"
		failed=$((failed + 1))
	fi
}

# Run a test runner into $1 (its exit status into $1.rc); the rest is the command.
run_into() {
	out=$1
	shift
	"$@" >"$out" 2>&1
	echo $? >"$out.rc"
}

# The unit tests render nothing with pango or cairo: the fast unwinder, and the
# strict tests/lsan.supp (a short stack can only fail to match it, never hide).
echo "== unit tests (cmocka)"
for src in tests/unit/test_*.c; do
	t="$dir/$(basename "$src" .c)"
	if [ ! -x "$t" ]; then
		echo "FAIL $t is missing (build it with make build-asan)"
		failed=$((failed + 1))
		continue
	fi
	ASAN_OPTIONS="$fast_asan" "$t" >"$log" 2>&1
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

echo "== the leak checker reports a forgotten PangoLayout, and nothing when it is freed"
for t in leak_pango_freed leak_pango; do
	if [ ! -x "$dir/$t" ]; then
		echo "FAIL $dir/$t is missing (build it with make build-asan)"
		failed=$((failed + 1))
		continue
	fi
	"$dir/$t" >"$log" 2>&1
	status=$?
	if [ "$t" = leak_pango_freed ] && [ "$status" -eq 0 ] && ! grep -q LeakSanitizer "$log"; then
		echo "ok   leak check: rendering with pango and cairo leaves no unsuppressed leak"
		passed=$((passed + 1))
	elif [ "$t" = leak_pango ] && [ "$status" -ne 0 ] && grep -q "LeakSanitizer: detected memory leaks" "$log" &&
		grep -q "leak_pango.c" "$log"; then
		echo "ok   leak check: a leaked PangoLayout is reported despite tests/lsan.supp"
		passed=$((passed + 1))
	else
		cat "$log"
		echo "FAIL leak check $t (exit $status)"
		failed=$((failed + 1))
	fi
done

# Lane 1: every API suite on SQLite.
{ run_into "$logs/sqlite" node tests/api/run.js; echo "-- the SQLite lane has finished"; } &

# Lane 2: every API suite on a private PostgreSQL server.
pg_lane() {
	if pg=$(tests/pg.sh start 2>"$logs/pg"); then
		WAISHI_TEST_PG="$pg" ASAN_OPTIONS="$fast_asan" LSAN_OPTIONS="$fast_lsan" run_into "$logs/pg" node tests/api/run.js
		tests/pg.sh stop "$pg"
		echo "-- the PostgreSQL lane has finished"
	else
		echo "FAIL PostgreSQL could not be started" >>"$logs/pg"
		echo 1 >"$logs/pg.rc"
	fi
}
pg_lane &

# Lane 3: the suites whose results depend on the date, at dates where the year
# turns, a half-year is still open, or the year is almost over; then the
# browser tests (their page clock is pinned by web/e2e/run.js).
pinned_suites="70_trips: 71_checks: 73_demo: 80_registers: 90_reports:"
pinned_days="01-03 03-20 07-01 12-30"
year=$(date +%Y)
date_lane() {
	for day in $pinned_days; do
		# shellcheck disable=SC2086
		WAISHI_NOW="$year-${day}T09:00:00+08:00" ASAN_OPTIONS="$fast_asan" LSAN_OPTIONS="$fast_lsan" \
			run_into "$logs/day-$day" node tests/api/run.js $pinned_suites
	done
	if [ -f web/dist/index.html ] && [ -x /usr/bin/chromium ]; then
		run_into "$logs/browser" node web/e2e/run.js
	fi
	echo "-- the pinned-date and browser lane has finished"
}
date_lane &
wait

echo "== API tests (real server, temporary databases)"
cat "$logs/sqlite"
count_runner "$logs/sqlite" "$(cat "$logs/sqlite.rc")" "the API test runner"

echo "== API tests again on PostgreSQL (private server, a new database per suite)"
sed 's/^\(ok  \|FAIL\)/\1 [pg]/' "$logs/pg"
count_runner "$logs/pg" "$(cat "$logs/pg.rc" 2>/dev/null || echo 1)" "the API test runner on PostgreSQL"

for day in $pinned_days; do
	echo "== date-sensitive API tests on SQLite with the clock at $year-$day 09:00 +08:00"
	sed "s/^\(ok  \|FAIL\)/\1 [$day]/" "$logs/day-$day"
	count_runner "$logs/day-$day" "$(cat "$logs/day-$day.rc")" "the API test runner at $year-$day"
done

if [ -f "$logs/browser.rc" ]; then
	echo "== browser tests (Chromium, playwright-core)"
	cat "$logs/browser"
	count_runner "$logs/browser" "$(cat "$logs/browser.rc")" "the browser test runner"
else
	echo "FAIL browser tests: the web interface is not built or chromium is missing"
	failed=$((failed + 1))
fi
rm -rf "$logs"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
